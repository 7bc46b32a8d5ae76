"""ownlint ls: the scriptable ownership table, its filters, and its agreement with explain."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest
from explain_repo import FILES


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo(FILES)


LS_CASES = [
    (
        [],
        """\
        .ownlint.yaml           (excluded: needs no owner)
        dns/wikipedia.org       @wikimedia/sre-traffic
        dns/zones/wmnet         @wikimedia/sre-traffic
        domains.yaml            (excluded: needs no owner)
        modules/base/init.pp    technical-operations
        modules/profile/web.pp  core-ops
        ownership.yaml          (excluded: needs no owner)
        private/notes.txt       (unowned: rule gives no owners)
        teams.yaml              (excluded: needs no owner)
        tools/run.sh            (unowned: no rule matches)
        """,
    ),
    (
        ["--unowned"],
        """\
        private/notes.txt  (unowned: rule gives no owners)
        tools/run.sh       (unowned: no rule matches)
        """,
    ),
    (
        ["dns", "tools/run.sh", "dns/wikipedia.org"],
        """\
        dns/wikipedia.org  @wikimedia/sre-traffic
        dns/zones/wmnet    @wikimedia/sre-traffic
        tools/run.sh       (unowned: no rule matches)
        """,
    ),
    # TEAM is resolved through the registry: id, handle or alias name the same team.
    (["--owner", "traffic"], "dns/wikipedia.org  @wikimedia/sre-traffic\ndns/zones/wmnet    @wikimedia/sre-traffic\n"),
    (["--owner", "@WikiMedia/SRE-Traffic"], "dns/wikipedia.org  @wikimedia/sre-traffic\ndns/zones/wmnet    @wikimedia/sre-traffic\n"),
    (["--owner", "core-ops", "modules"], "modules/profile/web.pp  core-ops\n"),
    (["--owner", "sre"], ""),
    (["--unowned", "dns"], ""),
]


@pytest.mark.parametrize(("args", "expected"), LS_CASES)
def test_text(repo: Path, ownlint: Callable[..., Any], args: list[str], expected: str) -> None:
    result = ownlint(repo, "ls", *args)
    assert (result.code, result.out, result.err) == (0, textwrap.dedent(expected), "")


def test_jsonl(repo: Path, ownlint: Callable[..., Any]) -> None:
    result = ownlint(repo, "ls", "--format", "jsonl", "dns", "private", "tools", "modules/base")
    assert result.code == 0
    assert [json.loads(line) for line in result.out.splitlines()] == [
        {"path": "dns/wikipedia.org", "owners": ["@wikimedia/sre-traffic"], "line": 5, "excluded": False},
        {"path": "dns/zones/wmnet", "owners": ["@wikimedia/sre-traffic"], "line": 5, "excluded": False},
        {"path": "modules/base/init.pp", "owners": ["technical-operations"], "line": 7, "excluded": False},
        {"path": "private/notes.txt", "owners": [], "line": 11, "excluded": False},
        {"path": "tools/run.sh", "owners": [], "line": None, "excluded": False},
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "nobody"], "ownlint: --owner: 'nobody' is not a team id, handle or alias in teams.yaml\n"),
        (["../x"], "ownlint: ../x: path is outside the repository root\n"),
    ],
)
def test_cannot_run(repo: Path, ownlint: Callable[..., Any], args: list[str], message: str) -> None:
    result = ownlint(repo, "ls", *args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_zero_config_owner_filter_compares_owner_strings(
    make_repo: Callable[..., Path], ownlint: Callable[..., Any]
) -> None:
    root = make_repo({"CODEOWNERS": "* @org/all\n/docs/ @org/docs @org/all\n", "docs/a.md": "", "b.py": ""})
    assert ownlint(root, "ls", "--owner", "@org/docs").out == "docs/a.md  @org/docs @org/all\n"
    assert ownlint(root, "ls", "--owner", "@org/all").out.splitlines()[0] == "CODEOWNERS  @org/all"


def test_ls_and_explain_agree_on_every_file(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    codeowners = "[Docs]\n*.md @org/docs\n/guide/ @org/writers\n/guide/old/\n[Ops]\n/guide/ @org/ops\n*.sh @org/ops\n"
    files = {".gitlab/CODEOWNERS": codeowners, "guide/a.md": "", "guide/old/b.md": "", "x.sh": "", "y.txt": ""}
    for root in (make_repo(FILES), make_repo(files, name="gitlab")):
        listed = [json.loads(line) for line in ownlint(root, "ls", "--format", "jsonl").out.splitlines()]
        explained = json.loads(ownlint(root, "explain", "--format", "json", *[r["path"] for r in listed]).out)
        for row, result in zip(listed, explained["results"]):
            assert row["path"] == result["path"]
            assert row["owners"] == result["owners"]
            assert row["line"] == (result["rule"]["line"] if result["rule"] else None)
        directory = json.loads(ownlint(root, "explain", "--format", "json", ".").out)["results"][0]
        unowned = ownlint(root, "ls", "--unowned", "--format", "jsonl").out.splitlines()
        assert directory["unowned"] == [json.loads(line)["path"] for line in unowned]
        assert sum(group["files"] for group in directory["breakdown"]) == len(listed) == directory["files"]
