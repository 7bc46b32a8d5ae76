    # SPDX-License-Identifier: Apache-2.0
    class raid {
        ensure_packages(['perccli'])
}
