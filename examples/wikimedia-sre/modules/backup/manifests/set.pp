# SPDX-License-Identifier: Apache-2.0
define backup::set (
    String $jobdefaults = $profile::backup::host::jobdefaults,
) {
    bacula::client::job { "${title}-${jobdefaults}": fileset => $title }
}
