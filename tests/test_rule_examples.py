"""Each check's documented Example reports its code, and its Use instead does not: the
snippets of rules/core.yaml run in a real git repository set up as the entry's
`example_setup` says."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ownlint.checks.catalog import CheckDoc, load_catalog
from tests.conftest import git

TODAY = "2026-01-01"
# A document that does not load hides what the checks would say about it.
LOAD_CODES = {"OWN001", "OWN002", "OWN003"}
ENTRIES = list(load_catalog().values())


def _repository(root: Path, entry: CheckDoc, snippet: str) -> None:
    setup = entry.example_setup
    assert setup is not None, (
        f"{entry.code} has no example_setup in rules/core.yaml: say which file its examples are "
        "and what else the repository holds, so that they run as tests"
    )
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for name, text in (*setup.files, (setup.file, snippet)):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _codes(root: Path, entry: CheckDoc, ownlint) -> tuple[set[str], str]:
    args = entry.example_setup.args if entry.example_setup is not None else ()
    result = ownlint(root, "check", "--format", "json", "--today", TODAY, *args)
    assert result.code in (0, 1), f"ownlint check could not run ({result.code}): {result.err}"
    findings = json.loads(result.out)["findings"]
    return {finding["code"] for finding in findings}, "\n".join(
        f"{f['file']}:{f['line']}: {f['code']} {f['message']}" for f in findings
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.code)
def test_example_reports_the_code(entry: CheckDoc, tmp_path: Path, ownlint) -> None:
    _repository(tmp_path / "example", entry, entry.example)
    codes, found = _codes(tmp_path / "example", entry, ownlint)
    code = entry.code
    assert code in codes, f"the Example of {code} reports only:\n{found}"
    assert codes & LOAD_CODES <= {code}, f"the Example of {code} does not load:\n{found}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.code)
def test_use_instead_does_not(entry: CheckDoc, tmp_path: Path, ownlint) -> None:
    _repository(tmp_path / "use_instead", entry, entry.use_instead)
    codes, found = _codes(tmp_path / "use_instead", entry, ownlint)
    code = entry.code
    assert code not in codes, f"the Use instead of {code} still reports:\n{found}"
    assert not codes & LOAD_CODES, f"the Use instead of {code} does not load, so it proves nothing:\n{found}"

