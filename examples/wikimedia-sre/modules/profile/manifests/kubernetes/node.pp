    # SPDX-License-Identifier: Apache-2.0
    class profile::kubernetes::node {
        include k8s::kubelet
}
