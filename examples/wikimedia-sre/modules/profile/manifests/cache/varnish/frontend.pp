    # SPDX-License-Identifier: Apache-2.0
    class profile::cache::varnish::frontend {
        varnish::instance { 'frontend': }
}
