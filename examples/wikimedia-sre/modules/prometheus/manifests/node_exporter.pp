    # SPDX-License-Identifier: Apache-2.0
    class prometheus::node_exporter {
        ensure_packages(['prometheus-node-exporter'])
}
