    # SPDX-License-Identifier: Apache-2.0
    class k8s::kubelet(
    String $cluster_domain = 'cluster.local',
) {
        service { 'kubelet': ensure => running }
}
