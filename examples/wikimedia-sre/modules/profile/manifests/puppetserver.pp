    # SPDX-License-Identifier: Apache-2.0
    class profile::puppetserver {
        include puppetserver
}
