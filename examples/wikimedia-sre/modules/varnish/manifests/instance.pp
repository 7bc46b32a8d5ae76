    # SPDX-License-Identifier: Apache-2.0
    class varnish::instance {
        systemd::service { 'varnish-frontend': content => template('varnish/varnish.service.erb') }
}
