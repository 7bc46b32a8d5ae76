    # SPDX-License-Identifier: Apache-2.0
    class alertmanager {
        ensure_packages(['prometheus-alertmanager'])
}
