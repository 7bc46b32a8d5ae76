    # SPDX-License-Identifier: Apache-2.0
    class pybal {
        ensure_packages(['pybal'])
}
