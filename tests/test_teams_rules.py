"""ownlint teams (the registry with the files each team owns) and ownlint rules (the check catalog)."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest
from explain_repo import FILES

from ownlint.checks.catalog import load_catalog


def test_teams_text(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    files = {**FILES, "ownership.yaml": FILES["ownership.yaml"] + "  - path: /tools/\n    owners: [traffc, sre, traffic]\n"}
    result = ownlint(make_repo(files), "teams")
    assert (result.code, result.err) == (0, "")
    assert result.out == textwrap.dedent(
        """\
        TEAM                  STATUS                FILES  LEAD          SUCCESSORS
        sre                   active                    1  mark, faidon  -
        traffic               active                    3  brandon       -
        technical-operations  renamed (2018-02-12)      1  -             sre
        core-ops              retired (2018-06-01)      1  -             traffic, sre

        owners that name no team:
          traffc  1 file
        """
    )


def test_teams_json(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    result = ownlint(make_repo(FILES), "teams", "--format", "json")
    data = json.loads(result.out)
    assert [(t["id"], t["status"], t["successors"], t["lead"], t["files"]) for t in data["teams"]] == [
        ("sre", "active", [], ["mark", "faidon"], 0),
        ("traffic", "active", [], "brandon", 2),
        ("technical-operations", "renamed", ["sre"], None, 1),
        ("core-ops", "retired", ["traffic", "sre"], None, 1),
    ]
    assert data["teams"][1] == {
        "id": "traffic", "name": "Traffic", "status": "active", "successors": [], "until": None,
        "lead": "brandon", "files": 2,
    }
    assert data["other_owners"] == []


def test_teams_without_registry_lists_the_owners_of_the_mapping(
    make_repo: Callable[..., Path], ownlint: Callable[..., Any]
) -> None:
    root = make_repo({"CODEOWNERS": "* @org/all\n/docs/ @org/docs @org/all\n", "docs/a.md": "", "b.py": ""})
    result = ownlint(root, "teams")
    assert result.out == textwrap.dedent(
        """\
        no team registry configured: the owners the mapping names
        OWNER      FILES
        @org/all   3 files
        @org/docs  1 file
        """
    )


def test_rules_table_lists_the_whole_catalog() -> None:
    from ownlint.cli import main

    lines: list[str] = []
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["rules"]) == 0
    lines = buffer.getvalue().splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "FIX", "SUMMARY"]
    assert [line.split()[0] for line in lines[1:]] == list(load_catalog())
    assert "OWN302  retired-owner             error     safe       An owner names a team that was renamed or retired." in lines


@pytest.mark.parametrize("code", ["OWN401", "own401", "unowned-path"])
def test_rules_code_prints_ruff_sections(ownlint: Callable[..., Any], code: str) -> None:
    entry = load_catalog()["OWN401"]
    result = ownlint(None, "rules", code)
    assert result.code == 0
    assert result.out.startswith(f"OWN401 unowned-path\n\n{entry.summary}\n\nDefault severity: error\nFix: none\n")
    headings = [line for line in result.out.splitlines() if line.startswith("## ")]
    assert headings == ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix"]
    assert f"```yaml\n{entry.example.rstrip()}\n```" in result.out
    assert entry.fix.rstrip() in result.out


def test_rules_json(ownlint: Callable[..., Any]) -> None:
    one = json.loads(ownlint(None, "rules", "OWN302", "--format", "json").out)
    assert (one["code"], one["name"], one["severity"], one["fixable"]) == ("OWN302", "retired-owner", "error", "safe")
    assert set(one) >= {"what_it_does", "why_is_this_bad", "example", "use_instead", "fix"}
    catalog = json.loads(ownlint(None, "rules", "--format", "json").out)
    assert [c["code"] for c in catalog["checks"]] == list(load_catalog())


def test_rules_unknown_code_exits_2(ownlint: Callable[..., Any]) -> None:
    result = ownlint(None, "rules", "OWN999")
    assert (result.code, result.out) == (2, "")
    assert result.err == "ownlint: unknown check 'OWN999' (run 'ownlint rules' for the catalog)\n"
