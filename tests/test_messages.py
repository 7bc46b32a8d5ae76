"""Messages that help a new user: each mistake once, in words, with the likely cause."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from ownlint.formats.spelling import closest
from tests.conftest import Result

Run = Callable[..., Result]

CONFIG = "teams: teams.yaml\nownership: CODEOWNERS\nexclude: ['*']\n"


def _check(make_repo: Callable[..., Path], ownlint: Run, teams: str, codeowners: str = "* @org/sre\n",
           *args: str) -> Result:
    root = make_repo({".ownlint.yaml": CONFIG, "teams.yaml": teams, "CODEOWNERS": codeowners})
    return ownlint(root, "check", *args)


@pytest.mark.parametrize(
    ("teams", "expected"),
    [
        # One mis-indented team: one finding, not a type error plus four "do not fit together".
        (
            "version: 1\nteams:\n  sre:\n    name: SRE\n    handles: ['@org/sre']\n  traffic:\n  name: Traffic\n",
            "teams.yaml:6:3: OWN002 [error] teams/traffic: 'traffic' has no fields, and 'name' on line 7 is at its "
            "indentation instead of under it; indent it two spaces more than 'traffic:'",
        ),
        (
            "version: 1\nteams:\n  sre:\n    name: SRE\n    handles: ['@org/sre']\n    contact: \"#sre on Slack\"\n",
            "teams.yaml:6:14: OWN002 [error] teams/sre/contact: expected a mapping (keys with values, indented under "
            "it), found the text '#sre on Slack'; for example: contact: {chat: \"#wikimedia-traffic\", email: "
            "traffic@example.org}",
        ),
        (
            "version: 1\nteams:\n  sre: {name: SRE, handles: ['@org/sre']}\n"
            "  old: {name: Old, status: renamed, renamed_to: sre, until: 12/03/2024}\n",
            "teams.yaml:4:61: OWN002 [error] teams/old/until: '12/03/2024' is not a date: write it as YYYY-MM-DD "
            "(ISO 8601), such as 2018-02-12",
        ),
        (
            "version: 1\nteams:\n  sre:\n    name: SRE\n    handles: [@org/sre]\n",
            "teams.yaml:5:15: OWN001 [error] invalid YAML: while scanning for the next token found character '@' "
            "that cannot start any token (a value starting with '@' must be quoted: write \"@org/sre\")",
        ),
        (
            "version: 1\nteams:\n\tsre: {name: SRE}\n",
            "teams.yaml:3:1: OWN001 [error] invalid YAML: while scanning for the next token found character '\\t' "
            "that cannot start any token (a tab: YAML indents with spaces only)",
        ),
        (
            "version: 1\nteams:\n  sre\n    name: SRE\n",
            "teams.yaml:4:9: OWN001 [error] invalid YAML: mapping values are not allowed here (a ':' where no key "
            "can start: a key on a line above lacks its ':', or a value holding ': ' needs quotes)",
        ),
    ],
)
def test_registry_mistakes_in_words(make_repo: Callable[..., Path], ownlint: Run, teams: str, expected: str) -> None:
    result = _check(make_repo, ownlint, teams)
    assert [line for line in result.out.splitlines() if " OWN00" in line] == [expected]


def test_scope_names_a_domain_of_the_packs(make_repo: Callable[..., Path], ownlint: Run) -> None:
    teams = "version: 1\nteams:\n  sre:\n    name: SRE\n    lead: mark\n    handles: ['@org/sre']\n" \
        "    scope: [dns, terrafrom, frobs]\n"
    result = _check(make_repo, ownlint, teams, "* @org/sre\n", "--select", "OWN402")
    assert result.out.splitlines()[:2] == [
        "teams.yaml:7:18: OWN402 [warning] team 'sre' has 'terrafrom' in its scope, which is no domain of the packs "
        "(core, iac-domains); did you mean 'terraform'?",
        "teams.yaml:7:29: OWN402 [warning] team 'sre' has 'frobs' in its scope, which is no domain of the packs "
        "(core, iac-domains)",
    ]


def test_did_you_mean_only_for_a_slip(make_repo: Callable[..., Path], ownlint: Run) -> None:
    assert closest("team-appsec", ["team-auth-dev"]) is None
    assert closest("sre-trafic", ["sre-traffic"]) == "sre-traffic"
    teams = "version: 1\nteams:\n  sre: {name: SRE, lead: mark, handles: ['@org/sre']}\n" \
        "  team-auth-dev: {name: Auth, lead: ann, handles: ['@org/team-auth-dev']}\n" \
        "  web: {name: Web, lead: wu, parent: sre-core}\n  db: {name: DB, lead: di, parent: ser}\n"
    result = _check(make_repo, ownlint, teams, "* @org/sre @org/team-appsec @org/sre-\n", "--select", "OWN101,OWN301")
    assert result.out.splitlines()[:4] == [
        "CODEOWNERS:1:12: OWN301 [error] owner '@org/team-appsec' is not a team in teams.yaml",
        "CODEOWNERS:1:29: OWN301 [error] owner '@org/sre-' is not a team in teams.yaml; did you mean '@org/sre'?",
        "teams.yaml:5:38: OWN101 [error] team 'web' parent names 'sre-core', which is not a team in the registry",
        "teams.yaml:6:36: OWN101 [error] team 'db' parent names 'ser', which is not a team in the registry; "
        "did you mean 'sre'?",
    ]
    root = make_repo({".ownlint.yaml": CONFIG, "teams.yaml": teams, "CODEOWNERS": "* @org/sre\n"}, name="ls")
    listed = ownlint(root, "ls", "--owner", "team-auth-de")
    assert (listed.code, listed.err) == (
        2, "ownlint: --owner: 'team-auth-de' is not a team id, handle or alias in teams.yaml; "
        "did you mean 'team-auth-dev'?\n",
    )


def test_one_broken_team_leaves_the_others_checked(make_repo: Callable[..., Path], ownlint: Run) -> None:
    teams = "version: 1\nteams:\n  sre: {name: SRE, lead: mark, handles: ['@org/sre']}\n" \
        "  web: {name: Web, lead: wu, handles: ['@org/web'], status: retired, until: soon}\n"
    result = _check(make_repo, ownlint, teams, "* @org/sre @org/web @org/nobody\n")
    assert [line.split(" [")[0] for line in result.out.splitlines()[:-1]] == [
        "CODEOWNERS:1:21: OWN301", "teams.yaml:4:77: OWN002",
    ]
    assert result.err == (
        "ownlint: note: teams.yaml: owners naming a team whose entry has errors are not checked until it is fixed\n"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["chek"], "ownlint: argument COMMAND: invalid choice: 'chek' (choose from "),
        (["check", "--format", "jsn"], "ownlint: check: argument --format: invalid choice: 'jsn' (choose from "),
    ],
)
def test_argument_errors_carry_one_prefix_and_a_near_miss(ownlint: Run, args: list[str], expected: str) -> None:
    result = ownlint(None, *args)
    assert result.code == 2
    assert result.err.startswith(expected)
    assert result.err.count("ownlint") == 1 + ("ownlint" in expected.split(": ", 1)[1])
    assert result.err.rstrip().endswith(f"; did you mean '{'check' if args == ['chek'] else 'json'}'?")


def test_a_path_that_does_not_exist_is_named(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"CODEOWNERS": "* @org/sre\n", "dns/zone": ""})
    result = ownlint(root, "check", "dns/zone", "dns/zon")
    assert (result.code, result.out, result.err) == (2, "", "ownlint: dns/zon: no such file or directory\n")
    assert ownlint(root, "check", "dns/zone", "dns").code == 0


def test_fix_lists_every_owner_it_left_alone(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({
        ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\nexclude: ['.*', '*.yaml']\n",
        "teams.yaml": "version: 1\nteams:\n  sre: {name: SRE, lead: m}\n  old: {name: Old, status: retired}\n"
                      "  split: {name: Split, status: retired, successors: [sre, db]}\n  db: {name: DB, lead: d}\n",
        "ownership.yaml": "version: 1\nrules:\n  - path: /a/\n    owners: [old]\n  - path: /b/\n    owners: [split]\n",
        "a/x": "", "b/y": "",
    })
    before = (root / "ownership.yaml").read_text()
    result = ownlint(root, "check", "--fix")
    assert result.out.split("\n\n")[0] == (
        "Left for a person:\n"
        "  ownership.yaml:4:14: no automatic fix: it has no successor: name a current team\n"
        "  ownership.yaml:6:14: no automatic fix: its work went to 'sre', 'db': more than one successor and no "
        "scope that decides; a person must choose"
    )
    assert (root / "ownership.yaml").read_text() == before


def test_ls_of_a_path_that_does_not_exist_is_named(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"CODEOWNERS": "* @org/sre\n", "dns/zone": ""})
    result = ownlint(root, "ls", "dns", "dsn")
    assert (result.code, result.out, result.err) == (2, "", "ownlint: dsn: no such file or directory\n")
    assert ownlint(root, "ls", "dns").out == "dns/zone  @org/sre\n"
