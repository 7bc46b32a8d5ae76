"""ownlint explain: every kind of path, in text and JSON, and its exit codes."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
from explain_repo import FILES

TRAFFIC = {
    "id": "traffic", "name": "Traffic", "status": "active", "lead": "brandon",
    "members": ["brandon", "valentin"], "contact": {"chat": "#wikimedia-traffic"}, "scope": ["dns"],
    "successors": [], "until": None, "history": [],
}
CORE_OPS = {
    "id": "core-ops", "name": "Core Ops", "status": "retired", "lead": None, "members": [], "contact": {},
    "scope": [], "successors": ["traffic", "sre"], "until": "2018-06-01", "history": [],
}
TECHNICAL_OPERATIONS = {
    "id": "technical-operations", "name": "Technical Operations", "status": "renamed", "lead": None,
    "members": [], "contact": {}, "scope": [], "successors": ["sre"], "until": "2018-02-12",
    "history": ["technical-operations", "sre"],
}


def rule(pattern: str, line: int, **extra: Any) -> dict[str, Any]:
    return {"pattern": pattern, "file": "ownership.yaml", "line": line, **extra}


NAMES = {"OWN302": "retired-owner", "OWN401": "unowned-path"}


def finding(
    code: str, message: str, file: str, line: Any, column: Any, path: Any = None, fix: Any = None
) -> dict[str, Any]:
    """A finding as check --format json gives it."""
    return {"code": code, "name": NAMES[code], "severity": "error", "message": message, "file": file,
            "line": line, "column": column, "path": path, "fix": fix}


RETIRED = (
    "owner 'core-ops' was retired on 2018-06-01; its work went to 'traffic', 'sre'; "
    "its file is in domain puppet, in none of the successors' scopes"
)
RENAMED = "owner 'technical-operations' was renamed to 'sre' on 2018-02-12"
NO_RULE = "no rule gives 'tools/run.sh' an owner"
RENAME_FIX = {"description": "replace 'technical-operations' with 'sre'", "safe": True}

TEXT_CASES = [
    (
        "dns/wikipedia.org", 0,
        """\
        dns/wikipedia.org (file)
          owners:     @wikimedia/sre-traffic
          rule:       /dns/  (ownership.yaml:5)
          overrides:  *.org  (ownership.yaml:3, owners: sre)
          domains:    dns
          team traffic: Traffic (active)
            lead:      brandon
            members:   brandon, valentin
            contact:   chat #wikimedia-traffic
            scope:     dns
          findings:   none
        """,
    ),
    (
        "dns/", 0,
        """\
        dns/ (directory, 2 files)
          owners:     files by owners, and the rules that gave them
            2  @wikimedia/sre-traffic  <- /dns/ (ownership.yaml:5)
          domains:    dns
          team traffic: Traffic (active); lead brandon; chat #wikimedia-traffic
          findings:   none
        """,
    ),
    (
        "dns/new.zone", 0,
        """\
        dns/new.zone (does not exist yet)
          owners:     @wikimedia/sre-traffic
          rule:       /dns/  (ownership.yaml:5)
          domains:    dns
          team traffic: Traffic (active)
            lead:      brandon
            members:   brandon, valentin
            contact:   chat #wikimedia-traffic
            scope:     dns
          findings:   none
        """,
    ),
    (
        "tools/run.sh", 1,
        """\
        tools/run.sh (file)
          owners:     none — UNOWNED: no rule matches this path
          domains:    none
          findings:   1 finding
            tools/run.sh: OWN401 [error] no rule gives 'tools/run.sh' an owner
        """,
    ),
    (
        "private/notes.txt", 1,
        """\
        private/notes.txt (file)
          owners:     none — UNOWNED: the winning rule gives no owners (explicitly unowned)
          rule:       /private/  (ownership.yaml:11)
          domains:    none
          findings:   none
        """,
    ),
    (
        "modules/profile/web.pp", 1,
        f"""\
        modules/profile/web.pp (file)
          owners:     core-ops [retired]
          rule:       /modules/profile/  (ownership.yaml:9)
          domains:    puppet
          team core-ops: Core Ops (retired on 2018-06-01)
            now:       traffic: Traffic (lead brandon; chat #wikimedia-traffic)
            now:       sre: Site Reliability Engineering (lead mark, faidon; chat #wikimedia-sre)
          findings:   1 finding
            ownership.yaml:10:14: OWN302 [error] {RETIRED}
        """,
    ),
    (
        "modules/base/init.pp", 1,
        f"""\
        modules/base/init.pp (file)
          owners:     technical-operations [renamed]
          rule:       /modules/base/  (ownership.yaml:7)
          domains:    puppet
          team technical-operations: Technical Operations (renamed on 2018-02-12)
            history:   technical-operations -> sre
            now:       sre: Site Reliability Engineering (lead mark, faidon; chat #wikimedia-sre)
          findings:   1 finding
            ownership.yaml:8:14: OWN302 [error] {RENAMED}
              fix: replace 'technical-operations' with 'sre'
        """,
    ),
    (
        "teams.yaml", 0,
        """\
        teams.yaml (file)
          owners:     none — excluded by the configuration: needs no owner
          domains:    none
          findings:   none
        """,
    ),
    (
        ".", 1,
        f"""\
        . (directory, 10 files, 4 excluded)
          owners:     files by owners, and the rules that gave them
            2  @wikimedia/sre-traffic           <- /dns/ (ownership.yaml:5)
            1  core-ops [retired]               <- /modules/profile/ (ownership.yaml:9)
            1  technical-operations [renamed]   <- /modules/base/ (ownership.yaml:7)
            4  (excluded: needs no owner)
            1  (unowned: rule gives no owners)  <- /private/ (ownership.yaml:11)
            1  (unowned: no rule matches)
          unowned:    2 files: private/notes.txt, tools/run.sh
          domains:    dns, puppet
          team traffic: Traffic (active); lead brandon; chat #wikimedia-traffic
          team core-ops: Core Ops (retired on 2018-06-01) -> traffic, sre
          team technical-operations: Technical Operations (renamed on 2018-02-12) -> sre
          findings:   3 findings
            ownership.yaml:8:14: OWN302 [error] {RENAMED}
              fix: replace 'technical-operations' with 'sre'
            ownership.yaml:10:14: OWN302 [error] {RETIRED}
            tools/run.sh: OWN401 [error] {NO_RULE}
        """,
    ),
]


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo(FILES)


@pytest.mark.parametrize(("path", "code", "expected"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text(repo: Path, ownlint: Callable[..., Any], path: str, code: int, expected: str) -> None:
    import textwrap

    result = ownlint(repo, "explain", path)
    assert (result.code, result.out, result.err) == (code, textwrap.dedent(expected), "")


FILE_RESULTS = [
    (
        "dns/wikipedia.org", 0,
        {"path": "dns/wikipedia.org", "kind": "file", "owners": ["@wikimedia/sre-traffic"], "teams": [TRAFFIC],
         "rule": rule("/dns/", 5), "overridden": [rule("*.org", 3, owners=["sre"])], "domains": ["dns"],
         "findings": []},
    ),
    (
        "dns/new.zone", 0,
        {"path": "dns/new.zone", "kind": "missing", "owners": ["@wikimedia/sre-traffic"], "teams": [TRAFFIC],
         "rule": rule("/dns/", 5), "overridden": [], "domains": ["dns"], "findings": []},
    ),
    (
        "tools/run.sh", 1,
        {"path": "tools/run.sh", "kind": "file", "owners": [], "teams": [], "rule": None, "overridden": [],
         "domains": [], "findings": [finding("OWN401", NO_RULE, "tools/run.sh", None, None, "tools/run.sh")]},
    ),
    (
        "private/notes.txt", 1,
        {"path": "private/notes.txt", "kind": "file", "owners": [], "teams": [], "rule": rule("/private/", 11),
         "overridden": [], "domains": [], "findings": []},
    ),
    (
        "modules/profile/web.pp", 1,
        {"path": "modules/profile/web.pp", "kind": "file", "owners": ["core-ops"], "teams": [CORE_OPS],
         "rule": rule("/modules/profile/", 9), "overridden": [], "domains": ["puppet"],
         "findings": [finding("OWN302", RETIRED, "ownership.yaml", 10, 14)]},
    ),
    (
        "modules/base/init.pp", 1,
        {"path": "modules/base/init.pp", "kind": "file", "owners": ["technical-operations"],
         "teams": [TECHNICAL_OPERATIONS], "rule": rule("/modules/base/", 7), "overridden": [],
         "domains": ["puppet"], "findings": [finding("OWN302", RENAMED, "ownership.yaml", 8, 14, fix=RENAME_FIX)]},
    ),
    (
        "dns", 0,
        {"path": "dns", "kind": "directory", "owners": ["@wikimedia/sre-traffic"], "teams": [TRAFFIC],
         "rule": rule("/dns/", 5), "overridden": [], "domains": ["dns"], "findings": [], "files": 2,
         "excluded": 0, "breakdown": [{"owners": ["@wikimedia/sre-traffic"], "files": 2, "rules": [rule("/dns/", 5)],
                        "reason": None}],
         "unowned": []},
    ),
    (
        "modules", 1,
        {"path": "modules", "kind": "directory", "owners": ["core-ops", "technical-operations"],
         "teams": [CORE_OPS, TECHNICAL_OPERATIONS], "rule": None, "overridden": [], "domains": ["puppet"],
         "findings": [finding("OWN302", RENAMED, "ownership.yaml", 8, 14, fix=RENAME_FIX),
                      finding("OWN302", RETIRED, "ownership.yaml", 10, 14)],
         "files": 2, "excluded": 0,
         "breakdown": [
             {"owners": ["core-ops"], "files": 1, "rules": [rule("/modules/profile/", 9)], "reason": None},
             {"owners": ["technical-operations"], "files": 1, "rules": [rule("/modules/base/", 7)], "reason": None},
         ],
         "unowned": []},
    ),
]


@pytest.mark.parametrize(("path", "code", "expected"), FILE_RESULTS, ids=[c[0] for c in FILE_RESULTS])
def test_json(repo: Path, ownlint: Callable[..., Any], path: str, code: int, expected: dict[str, Any]) -> None:
    result = ownlint(repo, "explain", "--format", "json", path)
    assert result.code == code
    assert json.loads(result.out) == {"version": 1, "flavor": None, "results": [expected]}


def test_root_directory_json_lists_every_unowned_file_and_groups_by_reason(
    repo: Path, ownlint: Callable[..., Any]
) -> None:
    result = ownlint(repo, "explain", "--format", "json", ".")
    data = json.loads(result.out)["results"][0]
    assert (data["path"], data["kind"], data["files"], data["excluded"], data["rule"]) == (".", "directory", 10, 4, None)
    assert [(g["owners"], g["files"], g["reason"]) for g in data["breakdown"]] == [
        (["@wikimedia/sre-traffic"], 2, None),
        (["core-ops"], 1, None),
        (["technical-operations"], 1, None),
        ([], 4, "excluded"),
        ([], 1, "no-owners"),
        ([], 1, "no-rule"),
    ]
    assert data["unowned"] == ["private/notes.txt", "tools/run.sh"]


def test_several_paths_exit_1_when_any_is_not_owned_by_a_current_team(
    repo: Path, ownlint: Callable[..., Any]
) -> None:
    both = ownlint(repo, "explain", "--format", "json", "dns/wikipedia.org", "tools/run.sh")
    owned = ownlint(repo, "explain", "--format", "json", "dns/wikipedia.org", "dns/zones/wmnet")
    assert [r["path"] for r in json.loads(both.out)["results"]] == ["dns/wikipedia.org", "tools/run.sh"]
    assert (both.code, owned.code) == (1, 0)


def test_long_unowned_list_is_summarised_in_text_and_complete_in_json(
    make_repo: Callable[..., Path], ownlint: Callable[..., Any]
) -> None:
    files = dict(FILES)
    files.update({f"tools/script{n:02}.sh": "" for n in range(12)})
    root = make_repo(files)
    text = ownlint(root, "explain", "--no-findings", "tools").out
    listed = ", ".join(["tools/run.sh"] + [f"tools/script{n:02}.sh" for n in range(9)])
    assert f"  unowned:    13 files: {listed} … and 3 more (--format json lists them all)\n" in text
    data = json.loads(ownlint(root, "explain", "--format", "json", "tools").out)["results"][0]
    assert len(data["unowned"]) == 13
    assert len(data["findings"]) == 13


def test_a_path_given_from_a_subdirectory_is_relative_to_it(repo: Path, ownlint: Callable[..., Any]) -> None:
    result = ownlint(repo / "dns", "explain", "--format", "json", "wikipedia.org")
    assert json.loads(result.out)["results"][0]["path"] == "dns/wikipedia.org"


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({}, ["explain", "../elsewhere"], "ownlint: ../elsewhere: path is outside the repository root\n"),
        ({"ownership.yaml": "version: 1\nrules: [\n"}, ["explain", "dns"], "ownlint: ownership.yaml:3:1: "),
        ({"teams.yaml": "version: 1\nteams:\n  sre: {nam: SRE}\n"}, ["explain", "dns"], "ownlint: teams.yaml:3:"),
        ({"teams.yaml": "version: 1\nteams:\n  sre: {nam: SRE}\n"}, ["ls"], "ownlint: teams.yaml:3:"),
        ({"teams.yaml": "version: 1\nteams: [\n"}, ["teams"], "ownlint: teams.yaml:3:1: "),
    ],
    ids=["outside-root", "unreadable-mapping", "invalid-registry", "ls-invalid-registry", "teams-unreadable"],
)
def test_cannot_run_exits_2(
    make_repo: Callable[..., Path], ownlint: Callable[..., Any], files: dict[str, str], args: list[str], message: str
) -> None:
    root = make_repo({**FILES, **files})
    result = ownlint(root, *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message)


def test_zero_config_codeowners_has_no_teams(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    root = make_repo({"CODEOWNERS": "*.py @org/python\n/docs/ @org/docs\n", "docs/a.py": "", "b.py": ""})
    result = ownlint(root, "explain", "--format", "json", "docs/a.py")
    data = json.loads(result.out)["results"][0]
    assert result.code == 0
    assert (data["owners"], data["teams"], data["rule"]) == (
        ["@org/docs"], [], {"pattern": "/docs/", "file": "CODEOWNERS", "line": 2}
    )
    assert data["overridden"] == [{"pattern": "*.py", "file": "CODEOWNERS", "line": 1, "owners": ["@org/python"]}]


def test_gitlab_sections_show_one_winner_per_section(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    codeowners = "[Docs]\n*.md @org/docs\n/guide/ @org/writers\n[Ops]\n/guide/ @org/ops\n"
    root = make_repo({".gitlab/CODEOWNERS": codeowners, "guide/a.md": ""})
    result = ownlint(root, "explain", "guide/a.md")
    assert result.out.splitlines()[1:5] == [
        "  owners:     @org/writers, @org/ops",
        "  rule:       /guide/  (.gitlab/CODEOWNERS:3)",
        "  rule:       /guide/  (.gitlab/CODEOWNERS:5)",
        "  overrides:  *.md  (.gitlab/CODEOWNERS:2, owners: @org/docs)",
    ]


def test_many_sets_of_owners_are_summarised_in_text_but_never_one_that_needs_attention(
    make_repo: Callable[..., Path], ownlint: Callable[..., Any]
) -> None:
    rules = "".join(f"  - path: /lib/m{n:02}/\n    owners: [t{n:02}]\n" for n in range(13))
    teams = "".join(f"  t{n:02}: {{name: T{n}}}\n" for n in range(13))
    rules += "  - path: /lib/old/\n    owners: [core-ops]\n"
    files = {f"lib/m{n:02}/{k}.txt": "" for n in range(13) for k in range(13 - n)}
    files.update({"lib/old/x.txt": "", **FILES, "ownership.yaml": "version: 1\nrules:\n" + rules})
    root = make_repo({**files, "teams.yaml": FILES["teams.yaml"] + teams})
    lines = ownlint(root, "explain", "--no-findings", "lib").out.splitlines()
    assert lines[2] == "    13  t00                 <- /lib/m00/ (ownership.yaml:3)"
    assert lines[11] == "     4  t09                 <- /lib/m09/ (ownership.yaml:21)"
    assert lines[12] == "     1  core-ops [retired]  <- /lib/old/ (ownership.yaml:29)"
    assert lines[13] == "    … and 3 other sets of owners with 6 files (--format json lists them all)"
    data = json.loads(ownlint(root, "explain", "--format", "json", "lib").out)["results"][0]
    assert len(data["breakdown"]) == 14
