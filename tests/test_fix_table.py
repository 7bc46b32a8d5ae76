"""check --fix reuses its ownership table for the mapping it reads back: a fix that only
replaces owners leaves every file's winning rules as they were (in the process and in
the result cache). What the re-check reports is what a fresh run on the fixed file
reports, with the cache and without; a change that moves a winner is never reused."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from ownlint.model.mapping import mapping_from_codeowners
from ownlint.tables.ownership import OwnershipTable
from tests.conftest import Result

Run = Callable[..., Result]
# sre's only rule names it by its former name: before the fix "team 'sre' owns no file"
# (read from the table's mapping); after it, sre owns every file.
TEAMS = (
    "version: 1\nteams:\n"
    "  sre: {name: SRE, lead: mark, handles: ['@org/sre']}\n"
    "  technical-operations: {name: TO, status: renamed, renamed_to: sre, handles: ['@org/technical-operations']}\n"
    "  traffic: {name: Traffic, lead: brandon, handles: ['@org/traffic']}\n"
)
MAPPINGS = {
    "ownership.yaml": "version: 1\nrules:\n  - path: '*'\n    owners: [traffic]\n"
                      "  - path: /src/\n    owners: [technical-operations]   # keep\n"
                      "  - path: /docs/\n    owners: [technical-operations, traffic]\n",
    "CODEOWNERS": "* @org/traffic\n/src/ @org/technical-operations  # keep\n/docs/ @org/technical-operations @org/traffic\n",
}
FILES = {"src/a.py": "", "src/b/c.py": "", "docs/index.md": "", "README": "", "teams.yaml": TEAMS}


def _repo(make_repo: Callable[..., Path], mapping: str) -> Path:
    config = f"teams: teams.yaml\nownership: {mapping}\nexclude: [/teams.yaml, /{mapping}, /.ownlint.yaml]\n"
    return make_repo({**FILES, ".ownlint.yaml": config, mapping: MAPPINGS[mapping]}, commit=False)


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
@pytest.mark.parametrize("mapping", sorted(MAPPINGS))
def test_the_report_after_a_fix_is_a_fresh_runs_report(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch, mapping: str, cached: bool
) -> None:
    if cached:
        monkeypatch.delenv("OWNLINT_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("OWNLINT_NO_CACHE", "1")
    root = _repo(make_repo, mapping)
    before = json.loads(ownlint(root, "check", "--format", "json").out)
    assert any("team 'sre' owns no file" in f["message"] for f in before["findings"])
    fixed = ownlint(root, "check", "--fix", "--format", "json")
    assert "technical-operations" not in (root / mapping).read_text()
    assert "# keep" in (root / mapping).read_text()
    fresh = ownlint(root, "check", "--format", "json")
    assert fixed.out == fresh.out
    assert fixed.code == fresh.code
    after = json.loads(fixed.out)
    assert not any("owns no file" in f["message"] for f in after["findings"] if "sre" in f["message"])
    assert after["summary"]["owned"] == before["summary"]["owned"] == 4
    # And as text, where the summary counts owned files from the table's owners.
    text = ownlint(root, "check").out
    assert "owns no file" not in text


def _table(text: str, flavor: str = "github") -> OwnershipTable:
    return OwnershipTable.build(mapping_from_codeowners(text, "CODEOWNERS", flavor), ["a/x", "b/y", "c"], ["c"])


def test_a_table_answers_for_a_mapping_with_other_owners_only() -> None:
    table = _table("* @org/one\n/a/ @org/two  # two\n")
    other = mapping_from_codeowners("* @org/three\n/a/ @org/four @org/five  # now\n", "CODEOWNERS", "github")
    reused = table.for_mapping(other, ["a/x", "b/y", "c"], ["c"])
    assert reused is not None and reused.mapping is other
    assert reused.winners == table.winners and reused.excluded == table.excluded
    assert reused.owners_of(reused.winners_of("a/x")) == ["@org/four", "@org/five"]
    assert table.owners_of(table.winners_of("a/x")) == ["@org/two"]  # the first table is unchanged
    assert reused.summary() == table.summary()


@pytest.mark.parametrize("text, flavor", [
    ("* @org/one\n/b/ @org/two\n", "github"),  # another pattern
    ("/a/ @org/two\n* @org/one\n", "github"),  # the same patterns in another order
    ("* @org/one\n/a/ not-an-owner\n", "github"),  # GitHub skips the line: it wins nothing
    ("* @org/one\n/a/ @org/two\n", "gitlab"),  # another reading of the patterns
    ("[A]\n* @org/one\n[B]\n/a/ @org/two\n", "gitlab"),  # sections: both rules win /a/x
])
def test_a_table_is_not_reused_where_winners_may_differ(text: str, flavor: str) -> None:
    table = _table("* @org/one\n/a/ @org/two\n", "gitlab" if text.startswith("[") else "github")
    other = mapping_from_codeowners(text, "CODEOWNERS", flavor)
    assert table.for_mapping(other, ["a/x", "b/y", "c"], ["c"]) is None


def test_a_table_is_not_reused_for_other_files_or_exclusions() -> None:
    table = _table("* @org/one\n/a/ @org/two\n")
    same = table.mapping
    assert table.for_mapping(same, ["a/x", "b/y", "c"], ["c"]) is not None
    assert table.for_mapping(same, ["a/x", "b/y"], ["c"]) is None
    assert table.for_mapping(same, ["a/x", "b/y", "c"], []) is None
    assert table.for_mapping(same, ["a/x", "b/y", "c"], ["c"], complete=False) is None


def test_the_cache_key_leaves_out_owners_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("OWNLINT_NO_CACHE", raising=False)
    files = ["a/x", "b/y"]
    first = OwnershipTable.build(mapping_from_codeowners("* @org/one\n/a/ @org/two\n", "CODEOWNERS"), files, cache=True)
    owners = OwnershipTable.build(mapping_from_codeowners("* @org/1\n/a/ @org/2 # x\n", "CODEOWNERS"), files, cache=True)
    skipped = OwnershipTable.build(mapping_from_codeowners("* @org/one\n/a/ two\n", "CODEOWNERS"), files, cache=True)
    assert owners.cache_key == first.cache_key
    assert skipped.cache_key != first.cache_key
    assert skipped.winners == [(0,), (0,)] and first.winners == [(1,), (0,)]
