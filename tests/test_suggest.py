"""Successor suggestions on a realistic split: Core Ops retired into Traffic, Data Persistence and Service Operations."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest

from ownlint.checks.suggest import rank
from ownlint.model.registry import Team
from tests.conftest import Result

Run = Callable[..., Result]

TEAMS = """\
version: 1
teams:
  traffic:
    name: Traffic
    lead: brandon
    scope: [dns, tls, cdn, load-balancing]
  data-persistence:
    name: Data Persistence
    lead: manuel
    scope: [database, backup, storage]
  service-operations:
    name: Service Operations
    lead: alexandros
    scope: [kubernetes, application]
  core-ops:
    name: Core Ops
    status: retired
    until: 2018-06-01
    successors: [service-operations, traffic, data-persistence]
"""

OWNERSHIP = """\
version: 1
rules:
  - path: /dns/
    owners: [core-ops]
  - path: /modules/mariadb/files/
    owners: [core-ops]
  - path: /helmfile.d/
    owners: [core-ops]
  - path: /modules/profile/
    owners: [core-ops]
  - path: /docs/
    owners: [core-ops]
"""

FILES = {
    ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/teams.yaml, /ownership.yaml, /.ownlint.yaml]\n",
    "teams.yaml": TEAMS,
    "ownership.yaml": OWNERSHIP,
    "dns/templates/wikipedia.org": "",
    "dns/templates/wikimedia.org": "",
    "dns/utils/gen-zones.py": "",
    "modules/mariadb/files/check_mariadb.py": "",
    "modules/mariadb/files/my.cnf": "",
    "helmfile.d/services/api/helmfile.yaml": "",
    "helmfile.d/admin_ng/values.yaml": "",
    "modules/profile/manifests/mariadb/core.pp": "",
    "modules/profile/manifests/kubernetes/node.pp": "",
    "modules/profile/manifests/dns/auth.pp": "",
    "modules/profile/files/backup/run.sh": "",
    "docs/README": "",
}


def _suggestions(finding: dict) -> list[tuple[str, list[str], int, float]]:
    return [(s["team"], s["covers"], s["files"], s["score"]) for s in finding["fix"]["suggestions"]]


def test_each_rule_gets_the_successors_ranked_by_its_files(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    result = ownlint(root, "check", "--today", "2026-11-27", "--format", "json", "--select", "OWN302")
    dns, mariadb, helmfile, profile, docs = json.loads(result.out)["findings"]
    assert dns["fix"]["description"] == "replace 'core-ops' with 'traffic', the one successor whose scope covers dns"
    assert dns["fix"]["safe"] is True
    assert _suggestions(dns) == [
        ("traffic", ["dns"], 3, 1.0), ("service-operations", [], 0, 0.0), ("data-persistence", [], 0, 0.0),
    ]
    assert mariadb["fix"]["description"].startswith("replace 'core-ops' with 'data-persistence',")
    assert _suggestions(mariadb)[0] == ("data-persistence", ["database"], 2, 1.0)
    assert helmfile["fix"]["description"].startswith("replace 'core-ops' with 'service-operations',")
    assert profile["message"] == (
        "owner 'core-ops' was retired on 2018-06-01; its work went to 'service-operations', 'traffic', "
        "'data-persistence'; its 4 files are in domains backup, database, dns, kubernetes, puppet: "
        "'data-persistence' covers backup, database (2 of 4); 'service-operations' covers kubernetes (1 of 4); "
        "'traffic' covers dns (1 of 4)"
    )
    assert profile["fix"]["safe"] is False
    assert _suggestions(profile) == [
        ("data-persistence", ["backup", "database"], 2, 0.5),
        ("service-operations", ["kubernetes"], 1, 0.25),
        ("traffic", ["dns"], 1, 0.25),
    ]
    assert docs["message"].endswith(
        "; none of its 1 file has a domain to compare with the successors' scopes"
    )
    assert docs["fix"] is None


def test_fix_applies_the_clear_cases_and_leaves_the_mixed_rule(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    result = ownlint(root, "check", "--fix", "--today", "2026-11-27")
    assert (root / "ownership.yaml").read_text() == OWNERSHIP.replace(
        "/dns/\n    owners: [core-ops]", "/dns/\n    owners: [traffic]"
    ).replace(
        "/modules/mariadb/files/\n    owners: [core-ops]", "/modules/mariadb/files/\n    owners: [data-persistence]"
    ).replace("/helmfile.d/\n    owners: [core-ops]", "/helmfile.d/\n    owners: [service-operations]")
    assert result.out.splitlines()[:6] == [
        "Fixed 3 owners:",
        "  ownership.yaml:4:14: replace 'core-ops' with 'traffic', the one successor whose scope covers dns",
        "  ownership.yaml:6:14: replace 'core-ops' with 'data-persistence', the one successor whose scope covers database",
        "  ownership.yaml:8:14: replace 'core-ops' with 'service-operations', the one successor whose scope covers kubernetes",
        "Left for a person:",
        "  ownership.yaml:10:14: no single successor's scope covers all of backup, database, dns, kubernetes, puppet: "
        "a person must choose or split rule '/modules/profile/'",
    ]


@pytest.mark.parametrize(
    ("scopes", "counts", "choice"),
    [
        ({"a": ["dns"], "b": ["database"]}, {("dns",): 3}, "a"),
        # Two successors cover everything: a person chooses.
        ({"a": ["dns"], "b": ["dns", "tls"]}, {("dns",): 3}, None),
        # Covering each file is not enough: every domain of the files must be in the scope.
        ({"a": ["dns"], "b": ["database"]}, {("dns", "puppet"): 3}, None),
        ({"a": ["dns", "puppet"], "b": ["database"]}, {("dns", "puppet"): 3, (): 4}, "a"),
        ({"a": ["dns"], "b": ["database"]}, {(): 4}, None),
    ],
)
def test_a_choice_needs_exactly_one_successor_covering_every_domain(
    scopes: dict[str, list[str]], counts: dict[tuple[str, ...], int], choice: str
) -> None:
    teams = [Team(id=name, name=name, scope=scope) for name, scope in scopes.items()]
    ranking = rank(teams, Counter(counts), sum(counts.values()))
    assert ranking.choice == choice


def test_explain_and_sarif_carry_the_suggestions(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    text = ownlint(root, "explain", "modules/profile/", "--today", "2026-11-27").out
    assert (
        "      fix: no single successor's scope covers all of backup, database, dns, kubernetes, puppet: "
        "a person must choose or split rule '/modules/profile/' (for a person)\n"
    ) in text
    explained = json.loads(ownlint(root, "explain", "modules/profile/", "--format", "json", "--today", "2026-11-27").out)
    [finding] = [f for f in explained["results"][0]["findings"] if f["code"] == "OWN302"]
    assert _suggestions(finding)[0] == ("data-persistence", ["backup", "database"], 2, 0.5)
    sarif = json.loads(ownlint(root, "check", "--format", "sarif", "--select", "OWN302", "--today", "2026-11-27").out)
    results = sarif["runs"][0]["results"]
    assert [r.get("properties", {}).get("suggestions", [{}])[0].get("team") for r in results] == [
        "traffic", "data-persistence", "service-operations", "data-persistence", None,
    ]
    assert "fixes" in results[0] and "fixes" not in results[3]
    assert results[3]["properties"]["suggestion"].startswith("no single successor's scope covers all of")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example repository, copied into a git work tree of its own."""
    import shutil
    import subprocess

    root = tmp_path / "example"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "wikimedia-sre", root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_explain_ranks_successors_over_all_the_rules_files(example: Path, ownlint: Callable[..., Result]) -> None:
    """explain reads only the asked paths, but a ranking weighs every file of the rule:
    explain of one file must give the suggestion check gives for the whole rule."""
    root = example
    checked = json.loads(ownlint(root, "check", "--today", "2026-11-27", "--format", "json").out)
    [whole] = [f for f in checked["findings"] if f["code"] == "OWN302" and f["line"] == 60]
    explained = json.loads(
        ownlint(root, "explain", "modules/profile/manifests/kubernetes/node.pp", "--today", "2026-11-27",
                "--format", "json").out
    )
    [finding] = [f for f in explained["results"][0]["findings"] if f["code"] == "OWN302"]
    assert finding == whole
    assert "its 4 files are in domains cdn, database, kubernetes, puppet" in finding["message"]


def test_a_partial_run_never_ranks_successors_from_the_asked_files_alone(example: Path,
                                                                       ownlint: Callable[..., Result]) -> None:
    """/modules/profile/ spans four domains; its puppetserver.pp alone is puppet only. A hook
    run on that one file must not offer (or --fix) a replacement chosen from it."""
    root = example
    result = ownlint(root, "check", "--today", "2026-11-27", "--diff", "modules/profile/manifests/puppetserver.pp")
    assert "-    owners: [core-ops]   # still to be split between the new teams" not in result.out
    assert "+    owners: [sre]   # base OS for every host" in result.out
    report = json.loads(ownlint(root, "check", "--today", "2026-11-27", "--format", "json",
                                "modules/profile/manifests/puppetserver.pp").out)
    [finding] = [f for f in report["findings"] if f["code"] == "OWN302" and f["line"] == 60]
    assert finding["fix"] is None
    assert "covers" not in finding["message"]
