    # SPDX-License-Identifier: Apache-2.0
    class profile::mariadb::core {
        include mariadb
    include mariadb::config
}
