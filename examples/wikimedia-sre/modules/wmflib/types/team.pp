# SPDX-License-Identifier: Apache-2.0
type Wmflib::Team = Enum[
    'Data Engineering',
    'Data Persistence',
    'Data Platform',
    'Infrastructure Foundations',
    'Observability',
    'ServiceOps',
    'Traffic',
    'WMCS',
]
