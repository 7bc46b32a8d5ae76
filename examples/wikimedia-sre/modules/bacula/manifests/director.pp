    # SPDX-License-Identifier: Apache-2.0
    class bacula::director {
        service { 'bacula-director': ensure => running }
}
