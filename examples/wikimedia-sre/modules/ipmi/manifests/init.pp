    # SPDX-License-Identifier: Apache-2.0
    class ipmi {
        ensure_packages(['ipmitool', 'freeipmi-tools'])
}
