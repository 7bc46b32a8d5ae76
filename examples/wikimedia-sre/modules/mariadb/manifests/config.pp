    # SPDX-License-Identifier: Apache-2.0
    class mariadb::config(
    String $datadir = '/srv/sqldata',
) {
        file { '/etc/my.cnf': ensure => file }
}
