    # SPDX-License-Identifier: Apache-2.0
    class base::sysctl {
        sysctl::parameters { 'wikimedia base': values => { 'net.core.somaxconn' => 4096 } }
}
