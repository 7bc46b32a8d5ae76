    # SPDX-License-Identifier: Apache-2.0
    class gdnsd {
        service { 'gdnsd': ensure => running }
}
