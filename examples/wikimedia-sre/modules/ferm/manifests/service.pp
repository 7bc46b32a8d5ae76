# SPDX-License-Identifier: Apache-2.0
define ferm::service (
    Wmflib::Port $port,
    String $proto = 'tcp',
) {
    ferm::rule { "service-${title}": rule => "proto ${proto} dport ${port} ACCEPT;" }
}
