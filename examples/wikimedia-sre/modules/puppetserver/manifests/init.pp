    # SPDX-License-Identifier: Apache-2.0
    class puppetserver {
        service { 'puppetserver': ensure => running }
}
