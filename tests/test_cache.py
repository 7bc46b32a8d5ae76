"""The result cache never changes a result: hits, misses, corrupt and unwritable entries alike."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from ownlint.formats import cache
from ownlint.model.mapping import mapping_from_codeowners
from ownlint.tables.ownership import OwnershipTable

CODEOWNERS = """\
* @org/all
/docs/ @org/docs
*.md @org/writers
/never/ @org/ghost
/docs/old/ @org/docs
/docs/old/ @org/archive
"""
FILES = ["README.md", "docs/a.md", "docs/b.txt", "docs/old/x.txt", "src/main.py", "vendor/lib.c"]


def _answers(table: OwnershipTable) -> tuple[object, ...]:
    rows = [table.rows_matched_by(rule.index) for rule in table.mapping.rules]
    return table.winners, table.excluded, table.match_counts(), rows, table.summary()


def _build(cache_on: bool = True) -> OwnershipTable:
    mapping = mapping_from_codeowners(CODEOWNERS, ".github/CODEOWNERS")
    return OwnershipTable.build(mapping, FILES, exclude=["vendor/"], cache=cache_on)


def _entries(root: Path) -> list[Path]:
    """The entries (CACHE/kind/ke/y...), not the size the stores add up (CACHE/size)."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.parent != root)


def test_a_cached_table_answers_as_a_computed_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path))
    expected = _answers(_build(cache_on=False))
    assert _entries(tmp_path) == []
    assert _answers(_build()) == expected  # computed, then kept
    assert len(_entries(tmp_path)) == 2  # the table, and the counts with OWN204's rows
    warm = _build()
    assert warm.tree is None  # answered from the cache: no file tree was built
    assert _answers(warm) == expected


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: b"garbage" * 10,
        lambda data: cache.MAGIC + data[len(cache.MAGIC):-4] + b"\xff\xff\xff\x7f",
    ],
    ids=["empty", "truncated", "flipped-bit", "garbage", "bad-tail"],
)
def test_damaged_entries_read_as_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path))
    expected = _answers(_build(cache_on=False))
    _answers(_build())
    for entry in _entries(tmp_path):
        entry.write_bytes(damage(entry.read_bytes()))
    assert _answers(_build()) == expected
    assert _answers(_build()) == expected  # and the rewritten entries are good


def test_a_valid_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path))
    expected = _answers(_build(cache_on=False))
    _answers(_build())
    for entry in _entries(tmp_path):  # well-formed, checksummed, but not this table's
        kind, key = entry.parent.parent.name, entry.parent.name + entry.name
        cache.store(kind, key, b"\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
    assert _answers(_build()) == expected


def test_the_key_follows_the_mapping_and_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path))
    _build()
    changed = mapping_from_codeowners(CODEOWNERS + "/src/ @org/src\n", ".github/CODEOWNERS")
    table = OwnershipTable.build(changed, FILES, exclude=["vendor/"], cache=True)
    assert table.winners[FILES.index("src/main.py")] == (6,)
    more = OwnershipTable.build(changed, FILES + ["never/x"], exclude=["vendor/"], cache=True)
    assert more.winners[-1] == (3,)
    fewer = OwnershipTable.build(changed, FILES, exclude=[], cache=True)
    assert fewer.excluded == [False] * len(FILES)


def test_no_cache_and_an_unwritable_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _answers(_build(cache_on=False))
    monkeypatch.setenv("OWNLINT_NO_CACHE", "1")
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "c"))
    assert _answers(_build()) == expected
    assert not (tmp_path / "c").exists()
    monkeypatch.delenv("OWNLINT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(blocker / "cache"))
    assert _answers(_build()) == expected


def test_the_place_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OWNLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "ownlint"


REPO = {
    ".github/CODEOWNERS": "* @org/all\n/docs/ @org/docs\n/never/ @org/ghost\n/src/ \n",
    "docs/a.md": "",
    "src/main.py": "",
    "README.md": "",
}


def test_check_output_is_the_same_cold_warm_and_after_damage(make_repo, ownlint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo(REPO)
    cold = ownlint(root, "check", "--format", "json")
    warm = ownlint(root, "check", "--format", "json")
    assert (warm.code, warm.out) == (cold.code, cold.out)
    assert "OWN203" in cold.out
    for entry in _entries(tmp_path / "cache"):
        entry.write_bytes(entry.read_bytes()[:-3])
    damaged = ownlint(root, "check", "--format", "json")
    assert (damaged.code, damaged.out) == (cold.code, cold.out)


def test_the_hook_shape_checks_its_paths_and_skips_whole_repository_checks(make_repo, ownlint) -> None:
    root = make_repo({**REPO, ".github/CODEOWNERS": "/docs/ @org/docs\n/never/ @org/ghost\n", "lib/x.py": ""})
    hook = ownlint(root, "check", "--format", "json", "lib/x.py", "docs/a.md", "lib")
    findings = json.loads(hook.out)["findings"]
    # A path that names nothing would check nothing and pass: it stops the run (issue 13).
    missing = ownlint(root, "check", "--format", "json", "lib/x.py", "no/such/file")
    assert (missing.code, missing.out, missing.err) == (2, "", "ownlint: no/such/file: no such file or directory\n")
    assert [(f["code"], f["path"]) for f in findings] == [("OWN401", "lib/x.py")]
    assert json.loads(hook.out)["summary"]["files"] == 2  # the paths asked about that are files
    # The mapping among the paths: it can unown any file, so everything is checked.
    full = ownlint(root, "check", "--format", "json", "lib/x.py", ".github/CODEOWNERS")
    codes = sorted({f["code"] for f in json.loads(full.out)["findings"]})
    assert codes == ["OWN203", "OWN401"]
    assert len([f for f in json.loads(full.out)["findings"] if f["code"] == "OWN401"]) == 4


def test_the_hook_shape_from_a_subdirectory(make_repo, ownlint) -> None:
    root = make_repo({**REPO, "docs/sub/b.md": ""})
    inside = ownlint(root / "docs", "check", "--format", "json", "sub/b.md", "../README.md", "../src/main.py")
    summary = json.loads(inside.out)["summary"]
    assert (summary["files"], summary["owned"], summary["unowned"]) == (3, 2, 1)  # /src/ has no owner
    assert json.loads(inside.out)["findings"] == []  # explicitly unowned is not OWN401


def test_foreign_but_well_formed_entries_change_nothing(make_repo, ownlint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo(REPO)
    cold = ownlint(root, "check", "--format", "json")
    kinds = set()
    for entry in _entries(tmp_path / "cache"):  # checksummed, but not what the key promises
        kind, key = entry.parent.parent.name, entry.parent.name + entry.name
        kinds.add(kind)
        cache.store(kind, key, b"\x00" * 12)
    assert {"table", "counts"} <= kinds
    again = ownlint(root, "check", "--format", "json")
    assert (again.code, again.out) == (cold.code, cold.out)


def test_a_cached_mapping_is_the_parsed_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ownlint.project import _compiled_yaml_mapping

    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path))
    text = YAML_PROJECT["ownership.yaml"]
    first, first_findings = _compiled_yaml_mapping(text, "ownership.yaml")
    assert list(tmp_path.glob("ownership/*/*")), "the mapping was not cached"
    second, second_findings = _compiled_yaml_mapping(text, "ownership.yaml")
    assert first is not None and second is not None and second is not first
    assert second_findings == first_findings
    assert [(r.text, r.owners, r.line, r.column, r.ignores, r.pattern) for r in second.rules] == [
        (r.text, r.owners, r.line, r.column, r.ignores, r.pattern) for r in first.rules
    ]


YAML_PROJECT = {
    ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/.ownlint.yaml, /teams.yaml]\n",
    "teams.yaml": "version: 1\nteams:\n  sre: {name: SRE, lead: mark}\n  old: {name: Old, status: renamed, renamed_to: sre}\n",
    "ownership.yaml": (
        "version: 1\nrules:\n  - path: /docs/\n    owners: [old]   # renamed\n"
        "  - path: /ownership.yaml\n    owners: [sre]\n  - path: /never/\n    owners: [sre]\n"
    ),
    "docs/a.md": "",
    "src/main.py": "",
}


@pytest.mark.parametrize(
    "ownership",
    [
        YAML_PROJECT["ownership.yaml"],
        "version: 1\nrules:\n  - path: /docs/\n    owner: [old]\n",  # a schema violation
        "version: 1\nrules:\n  - path: /docs/\n    owners: [old]\n    owners: [sre]\n",  # a duplicate key
    ],
)
def test_a_yaml_mapping_reads_the_same_from_the_cache(make_repo, ownlint, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, ownership: str) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo({**YAML_PROJECT, "ownership.yaml": ownership})
    cold = ownlint(root, "check", "--format", "json", "--today", "2026-11-27")
    assert list((tmp_path / "cache").glob("ownership/*/*")), "the mapping was not cached"
    warm = ownlint(root, "check", "--format", "json", "--today", "2026-11-27")
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)


def test_a_fix_from_a_cached_yaml_mapping_edits_the_right_place(make_repo, ownlint, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo(YAML_PROJECT)
    ownlint(root, "check")
    fixed = ownlint(root, "check", "--diff", "--today", "2026-11-27")
    assert "-    owners: [old]   # renamed\n+    owners: [sre]   # renamed\n" in fixed.out


def test_the_code_digest_follows_every_edit_of_ownlints_own_files(tmp_path: Path) -> None:
    """Entries are keyed on ownlint's code, known by each file's stat: a module or a pack
    rewritten (even with the same bytes) makes another digest; nothing changed, the same."""
    import shutil
    import subprocess
    import sys

    package = Path(cache.__file__).resolve().parents[1]
    copy = tmp_path / "checkout"
    shutil.copytree(package, copy / "ownlint", ignore=shutil.ignore_patterns("__pycache__"))

    def digest() -> str:
        script = "from ownlint.formats import cache; print(cache.source_digest().hex())"
        return subprocess.run([sys.executable, "-c", script], cwd=tmp_path, check=True, stdout=subprocess.PIPE,
                              text=True, env={"PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}).stdout

    first = digest()
    assert digest() == first
    module = copy / "ownlint" / "checks" / "catalog.py"
    module.write_bytes(module.read_bytes())  # the same bytes, written anew
    second = digest()
    assert second != first
    (copy / "ownlint" / "new_module.py").write_text("")
    assert digest() not in (first, second)


@pytest.mark.parametrize(
    "counts, tallies, expected",
    [
        ([3, 0, 2], {2: {(0,): 1, (0, 1): 1}}, True),
        ([3, 0, 2], {2: {(0, 3): 2}}, False),  # a claiming rule beyond the mapping's three
        ([3, 0, 2], {2: {(-1,): 2}}, False),
        ([3, -1, 2], {}, False),  # a negative count
        ([], {}, True),
    ],
    ids=["kept", "rule-beyond", "rule-negative", "count-negative", "no-rules"],
)
def test_counts_come_back_only_when_every_number_is_possible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counts: list[int], tallies: dict[int, dict[tuple[int, ...], int]],
    expected: bool,
) -> None:
    """The counts entry is sealed (only this user's ownlint wrote it), and still each
    number is checked: a count is never negative, and a claiming rule is one of the mapping's."""
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path))
    cache.store_counts("k" * 64, counts, tallies)
    assert cache.load_counts("k" * 64, len(counts)) == ((counts, tallies) if expected else None)
