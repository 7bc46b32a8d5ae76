    # SPDX-License-Identifier: Apache-2.0
    class logstash {
        service { 'logstash': ensure => running }
}
