"""`ownlint import` then `ownlint codeowners` keeps every path's owners, on real CODEOWNERS files."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

from ownlint.model.mapping import Mapping, mapping_from_codeowners
from ownlint.tables.ownership import OwnershipTable
from tests.conftest import DATA

CORPUS = sorted(p.name for p in (DATA / "codeowners").iterdir() if p.is_dir())


def _paths(name: str) -> list[str]:
    with gzip.open(DATA / "codeowners" / name / "paths.gz", "rt", encoding="utf-8") as handle:
        return [line for line in handle.read().split("\n") if line]


def _owners_by_path(mapping: Mapping, paths: list[str]) -> dict[str, list[str]]:
    table = OwnershipTable.build(mapping, paths)
    result: dict[str, list[str]] = {}
    for path, winners in zip(table.files, table.winners):
        owners: list[str] = []
        for owner in table.owners_of(winners):  # GitHub compares handles case-insensitively
            if owner.lower() not in owners:
                owners.append(owner.lower())
        result[path] = owners if winners else ["<no rule>"]
    return result


def _registry_for(text: str) -> str:
    """A registry knowing every @org/team handle of the file as a team with an id of its own."""
    handles = {}
    for token in re.findall(r"@[\w.-]+/[\w.-]+", text):
        handles.setdefault(token.lower(), token)
    lines = ["version: 1", "teams:"]
    for number, handle in enumerate(sorted(handles.values(), key=str.lower)):
        slug = re.sub(r"[^a-z0-9]+", "-", handle.lower().split("/", 1)[1]).strip("-")
        lines += [f"  t{number}-{slug}:", f"    name: {json.dumps(handle)}", f"    handles: [{json.dumps(handle)}]"]
    return "\n".join(lines) + "\n"


def test_the_corpus_is_what_this_test_expects() -> None:
    assert CORPUS == ["bitwarden__server", "istio__istio", "prometheus-community__helm-charts"]


@pytest.mark.parametrize("name", CORPUS)
def test_import_then_codeowners_keeps_every_paths_owners(
    name: str, tmp_path: Path, ownlint: Callable[..., Any]
) -> None:
    original = (DATA / "codeowners" / name / "CODEOWNERS").read_text(encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the root, as in a repository
    (tmp_path / "CODEOWNERS.orig").write_text(original, encoding="utf-8")
    (tmp_path / "teams.yaml").write_text(_registry_for(original), encoding="utf-8")
    (tmp_path / ".ownlint.yaml").write_text("teams: teams.yaml\nownership: ownership.yaml\n", encoding="utf-8")

    imported = ownlint(tmp_path, "import", str(tmp_path / "CODEOWNERS.orig"), "--output", str(tmp_path / "ownership.yaml"))
    assert (imported.code, imported.out, imported.err) == (0, "", "")
    mapping_text = (tmp_path / "ownership.yaml").read_text(encoding="utf-8")
    exported = ownlint(tmp_path, "codeowners")
    assert (exported.code, exported.err) == (0, "")

    paths = _paths(name)
    before = _owners_by_path(mapping_from_codeowners(original, "CODEOWNERS"), paths)
    after = _owners_by_path(mapping_from_codeowners(exported.out, "CODEOWNERS"), paths)
    changed = [(p, before[p], after[p]) for p in paths if before[p] != after[p]]
    assert changed == []
    # The test means something: most paths have owners, and some are explicitly unowned.
    owned = sum(1 for owners in before.values() if owners and owners != ["<no rule>"])
    assert owned > len(paths) // 2
    # Team owners went through the registry: the mapping names ids, the output handles again.
    team_rules = [line for line in mapping_text.splitlines() if "owners: [t" in line]
    assert team_rules
    # The mapping is a valid ownlint mapping: check loads it without OWN001/OWN002.
    checked = ownlint(tmp_path, "check", "--select", "OWN001,OWN002", "--format", "json")
    assert json.loads(checked.out)["findings"] == []


def test_codeowners_gitlab_flavor_keeps_every_paths_owners_with_sections(
    tmp_path: Path, ownlint: Callable[..., Any]
) -> None:
    """A GitLab CODEOWNERS with sections, used as the mapping, written back by --flavor gitlab."""
    source = DATA / "corpus" / "gitlabhq__omnibus-gitlab"
    original = (source / "CODEOWNERS").read_text(encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitlab").mkdir()
    (tmp_path / ".gitlab" / "CODEOWNERS").write_text(original, encoding="utf-8")
    exported = ownlint(tmp_path, "codeowners", "--flavor", "gitlab")
    assert (exported.code, exported.err) == (0, "")
    paths = [line for line in (source / "paths.txt").read_text(encoding="utf-8").splitlines() if line]
    before = mapping_from_codeowners(original, ".gitlab/CODEOWNERS")
    after = mapping_from_codeowners(exported.out, ".gitlab/CODEOWNERS")
    assert len(before.sections) == len(after.sections) > 3
    old, new = _owners_by_path(before, paths), _owners_by_path(after, paths)
    assert [(p, old[p], new[p]) for p in paths if old[p] != new[p]] == []
    assert sum(1 for owners in old.values() if len(owners) > 1) > 0  # owners from several sections
