    # SPDX-License-Identifier: Apache-2.0
    class netbox_ipam(
    Stdlib::HTTPSUrl $netbox_api,
) {
        ensure_packages(['python3-pynetbox'])
}
