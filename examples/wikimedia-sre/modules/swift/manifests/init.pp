    # SPDX-License-Identifier: Apache-2.0
    class swift(
    String $hash_path_suffix,
) {
        ensure_packages(['swift', 'python3-swift'])
}
