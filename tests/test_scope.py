"""OWN402 scope-mismatch: one finding per rule and owner, judged with "any domain" semantics."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import Result

Run = Callable[..., Result]

TEAMS = """\
version: 1
teams:
  traffic:
    name: Traffic
    lead: brandon
    scope: [dns, tls, cdn]
  data-persistence:
    name: Data Persistence
    lead: manuel
    handles: ["@org/dp"]
    scope: [database, backup]
  foundations:
    name: Infrastructure Foundations
    lead: faidon
    scope: [puppet]
  anything:
    name: No scope declared
    lead: someone
  core-ops:
    name: Core Ops
    status: retired
    successors: [data-persistence, foundations]
"""

FILES = {
    "teams.yaml": TEAMS,
    "dns/templates/wikipedia.org": "",
    "dns/templates/wikimedia.org": "",
    "dns/utils/deploy-check.py": "",
    "modules/mariadb/manifests/init.pp": "",
    "modules/mariadb/files/check.sh": "",
    "modules/varnish/manifests/init.pp": "",
    "hieradata/role/common/backup/production.yaml": "",
    "docs/README": "",
}


def _repo(make_repo: Callable[..., Path], rules: str) -> Path:
    config = "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/teams.yaml, /ownership.yaml, /.ownlint.yaml]\n"
    return make_repo({**FILES, ".ownlint.yaml": config, "ownership.yaml": "version: 1\nrules:\n" + rules})


CASES = [
    # The classic: a database team given the DNS tree.
    (
        "  - path: /dns/\n    owners: [data-persistence]\n",
        ["ownership.yaml:4:14: 'data-persistence' owns 3 files of domain dns through this rule; "
         "its scope is database, backup"],
    ),
    # Named through a handle, quoted; reported where the handle is written.
    (
        "  - path: /dns/templates/\n    owners: [traffic, \"@org/dp\"]\n",
        ["ownership.yaml:4:23: '@org/dp' owns 2 files of domain dns through this rule; its scope is database, backup"],
    ),
    # Several domains, one finding: files of dns and of cdn/puppet.
    (
        "  - path: /dns/\n    owners: [foundations]\n  - path: /modules/varnish/\n    owners: [foundations]\n"
        "  - path: /modules/mariadb/files/\n    owners: [foundations]\n",
        ["ownership.yaml:4:14: 'foundations' owns 3 files of domain dns through this rule; its scope is puppet",
         "ownership.yaml:8:14: 'foundations' owns 1 file of domain database through this rule; its scope is puppet"],
    ),
    # "any" semantics: init.pp is database and puppet; either team's scope is enough.
    ("  - path: /modules/mariadb/manifests/\n    owners: [data-persistence]\n", []),
    ("  - path: /modules/mariadb/manifests/\n    owners: [foundations]\n", []),
    # Each owner is judged alone: files/check.sh is database only.
    (
        "  - path: /modules/mariadb/\n    owners: [data-persistence, foundations]\n",
        ["ownership.yaml:4:32: 'foundations' owns 1 file of domain database through this rule; its scope is puppet"],
    ),
    ("  - path: /modules/varnish/\n    owners: [foundations]\n", []),
    # A team with no scope, a retired team, an unknown owner: not judged here.
    ("  - path: /dns/\n    owners: [anything, core-ops, nobody]\n", []),
    # A file with no domain is never a mismatch.
    ("  - path: /docs/\n    owners: [traffic]\n", []),
    # Only the winning rule counts: the catch-all loses the DNS files to the later rule.
    ("  - path: '*'\n    owners: [data-persistence]\n  - path: /dns/\n    owners: [traffic]\n"
     "  - path: /modules/\n    owners: [foundations]\n  - path: /modules/mariadb/files/\n    owners: [data-persistence]\n",
     []),
]


@pytest.mark.parametrize(("rules", "expected"), CASES)
def test_scope_mismatch(make_repo: Callable[..., Path], ownlint: Run, rules: str, expected: list[str]) -> None:
    root = _repo(make_repo, rules)
    result = ownlint(root, "check", "--select", "OWN402", "--format", "json")
    found = [f"{f['file']}:{f['line']}:{f['column']}: {f['message']}" for f in json.loads(result.out)["findings"]]
    assert found == expected
    assert result.code == 0  # a warning by default


def test_paths_given_restrict_the_files_judged(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = _repo(make_repo, "  - path: /dns/\n    owners: [data-persistence]\n")
    result = ownlint(root, "check", "--select", "OWN402", "dns/templates/wikipedia.org")
    assert result.out.splitlines()[0] == (
        "ownership.yaml:4:14: OWN402 [warning] 'data-persistence' owns 1 file of domain dns through this rule; "
        "its scope is database, backup"
    )


def test_the_example_repository_has_no_scope_mismatch(ownlint: Run) -> None:
    example = Path(__file__).parent.parent / "examples" / "wikimedia-sre"
    result = ownlint(example, "check", "--select", "OWN402")
    assert result.out.startswith("All good: ")
