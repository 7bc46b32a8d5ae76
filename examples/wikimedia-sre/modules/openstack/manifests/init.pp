    # SPDX-License-Identifier: Apache-2.0
    class openstack {
        ensure_packages(['python3-openstackclient'])
}
