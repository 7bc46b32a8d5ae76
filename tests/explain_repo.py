"""A small repository for the explain, ls and teams tests: every kind of path, every kind of owner."""
from __future__ import annotations

CONFIG = """\
teams: teams.yaml
ownership: ownership.yaml
packs: [core, domains.yaml]
exclude: ["/.ownlint.yaml", "/teams.yaml", "/ownership.yaml", "/domains.yaml"]
checks: {select: [OWN301, OWN302, OWN401]}
"""

TEAMS = """\
version: 1
teams:
  sre:
    name: Site Reliability Engineering
    lead: [mark, faidon]
    contact: {chat: "#wikimedia-sre"}
  traffic:
    name: Traffic
    lead: brandon
    members: [brandon, valentin]
    scope: [dns]
    contact: {chat: "#wikimedia-traffic"}
    handles: ["@wikimedia/sre-traffic"]
  technical-operations:
    name: Technical Operations
    status: renamed
    renamed_to: sre
    until: 2018-02-12
  core-ops:
    name: Core Ops
    status: retired
    until: 2018-06-01
    successors: [traffic, sre]
"""

OWNERSHIP = """\
version: 1
rules:
  - path: "*.org"
    owners: [sre]
  - path: /dns/
    owners: ["@wikimedia/sre-traffic"]
  - path: /modules/base/
    owners: [technical-operations]
  - path: /modules/profile/
    owners: [core-ops]
  - path: /private/
    owners: []
"""

DOMAINS = """\
version: 1
domains:
  dns: {description: zones, paths: [/dns/, "*.org"]}
  puppet: {description: manifests, paths: ["*.pp"]}
"""

FILES = {
    ".ownlint.yaml": CONFIG,
    "teams.yaml": TEAMS,
    "ownership.yaml": OWNERSHIP,
    "domains.yaml": DOMAINS,
    "dns/wikipedia.org": "",
    "dns/zones/wmnet": "",
    "modules/base/init.pp": "",
    "modules/profile/web.pp": "",
    "private/notes.txt": "",
    "tools/run.sh": "",
}
