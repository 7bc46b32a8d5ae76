    # SPDX-License-Identifier: Apache-2.0
    class base {
        include base::standard_packages
    include base::sysctl
}
