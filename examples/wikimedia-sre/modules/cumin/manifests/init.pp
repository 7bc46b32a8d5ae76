    # SPDX-License-Identifier: Apache-2.0
    class cumin {
        ensure_packages(['cumin'])
}
