    # SPDX-License-Identifier: Apache-2.0
    class trafficserver::instance {
        service { 'trafficserver': ensure => running }
}
