    # SPDX-License-Identifier: Apache-2.0
    class mariadb {
        ensure_packages(['wmf-mariadb106'])
}
