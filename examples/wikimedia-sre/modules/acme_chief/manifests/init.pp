    # SPDX-License-Identifier: Apache-2.0
    class acme_chief {
        ensure_packages(['acme-chief'])
}
