"""The result cache holds data, never code (issue 11): a planted entry runs nothing and
changes nothing, the cache lives outside the work tree, in a directory only its user can
write, and stays within its bound."""
from __future__ import annotations

import json
import marshal
import os
import pickle
from pathlib import Path
from typing import Callable

import pytest

from ownlint.formats import cache
from tests.cache_entries import sealed
from tests.conftest import Result

Run = Callable[..., Result]

PROJECT = {
    ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/.ownlint.yaml, /teams.yaml]\n",
    "teams.yaml": "version: 1\nteams:\n  sre: {name: SRE, lead: mark}\n  old: {name: Old, status: renamed, renamed_to: sre}\n",
    "ownership.yaml": "version: 1\nrules:\n  - path: /docs/\n    owners: [old]\n  - path: /ownership.yaml\n    owners: [sre]\n",
    "docs/a.md": "",
    "src/main.py": "",
}


class _Planted:
    """Unpickling this runs a command: what an attacker would put in a pickle cache."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def _entries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def _plant(entry: Path, payload: bytes) -> None:
    """An entry sealed with this user's own key, as only this user's ownlint could write
    it (the worst case: what the readers check beyond the seal); a file of the cache
    that is no entry (CACHE/size) gets the payload as it is."""
    entry.write_bytes(sealed(entry, payload) if entry.read_bytes().startswith(cache.MAGIC) else payload)


def _check(ownlint: Run, root: Path) -> Result:
    return ownlint(root, "check", "--format", "json", "--today", "2026-11-27")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(home))
    return home


def test_a_planted_pickle_runs_nothing(make_repo: Callable[..., Path], ownlint: Run, cache_home: Path,
                                       tmp_path: Path) -> None:
    root = make_repo(PROJECT)
    cold = _check(ownlint, root)
    entries = _entries(cache_home)
    assert entries
    marker = tmp_path / "PWNED"
    for entry in entries:
        _plant(entry, pickle.dumps(_Planted(marker)))
    warm = _check(ownlint, root)
    assert not marker.exists()
    assert (warm.code, warm.out) == (cold.code, cold.out)


@pytest.mark.parametrize("foreign", [
    {"mapping": {"file": "ownership.yaml", "rules": [["*", [["ghost", 1, 1]], 3, 11, None, [], None, None]]},
     "findings": []},
    {"mapping": None, "findings": [["ownership.yaml", 1, 1, "OWN001", "planted"]]},
    {"mapping": {"file": "ownership.yaml", "rules": "nope"}, "findings": []},
    [1, 2, 3],
    {"mapping": {"file": "ownership.yaml", "rules": [["*", [["x", -4, "y"]]]]}, "findings": [[None]]},
    compile("open('PWNED', 'w')", "planted", "exec"),  # marshal holds code: read as a value, never run
])
def test_a_well_formed_foreign_entry_changes_nothing(make_repo: Callable[..., Path], ownlint: Run,
                                                     cache_home: Path, foreign: object) -> None:
    """An entry of another shape, or one that another writer put under the key, is a
    miss (or, where it has the right shape, exactly what this mapping parses to)."""
    root = make_repo(PROJECT)
    cold = _check(ownlint, root)
    mapping_entries = _entries(cache_home / "ownership")
    assert mapping_entries
    for entry in mapping_entries:
        _plant(entry, marshal.dumps(foreign))
    warm = _check(ownlint, root)
    assert "internal error" not in warm.err
    assert not (root / "PWNED").exists()
    if not isinstance(foreign, (dict, list)) or foreign == [1, 2, 3] or isinstance(foreign, dict) and foreign.get("mapping", {}) is not None and \
            not isinstance(foreign["mapping"].get("rules"), list) or foreign.get("findings") == [[None]]:  # type: ignore[union-attr]
        assert (warm.code, warm.out) == (cold.code, cold.out)


def test_foreign_table_entries_never_name_a_rule_that_is_not_there(make_repo: Callable[..., Path], ownlint: Run,
                                                                    cache_home: Path) -> None:
    root = make_repo(PROJECT)
    cold = _check(ownlint, root)
    for entry in _entries(cache_home / "table") + _entries(cache_home / "counts"):
        data = entry.read_bytes()
        payload = bytearray(data[len(cache.MAGIC) + 32:])
        payload[8:12] = (999).to_bytes(4, "little", signed=True)  # a rule index far out of range
        _plant(entry, bytes(payload))
    warm = _check(ownlint, root)
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)


def test_a_relative_xdg_cache_home_is_ignored(make_repo: Callable[..., Path], ownlint: Run, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(PROJECT)
    monkeypatch.delenv("OWNLINT_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", ".cache")
    monkeypatch.chdir(root)
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "ownlint"
    first, second = _check(ownlint, root), _check(ownlint, root)
    assert not (root / ".cache").exists()
    assert (second.code, second.out) == (first.code, first.out)
    assert _entries(tmp_path / "home" / ".cache" / "ownlint")


def test_a_cache_inside_the_root_is_refused(make_repo: Callable[..., Path], ownlint: Run,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(PROJECT)
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(root / "cache"))
    first, second = _check(ownlint, root), _check(ownlint, root)
    assert not (root / "cache").exists() or not _entries(root / "cache")
    assert (second.code, second.out) == (first.code, first.out)
    summary = json.loads(second.out)["summary"]
    assert (summary["files"], summary["excluded"]) == (5, 2)  # the repository's files, its configuration excluded
    assert f"ownlint: note: the cache directory {root / 'cache'} lies inside the repository: " \
           "the result cache is not used\n" in second.err


@pytest.mark.parametrize("change", ["writable by others", "another user"])
def test_a_cache_directory_others_can_write_is_not_used(make_repo: Callable[..., Path], ownlint: Run,
                                                        cache_home: Path, change: str) -> None:
    cache_home.mkdir(mode=0o700)
    if change == "writable by others":
        cache_home.chmod(0o777)
    else:
        if os.geteuid() != 0:
            pytest.skip("only root can give a directory to another user")
        os.chown(cache_home, 65534, 65534)
    root = make_repo(PROJECT)
    result = _check(ownlint, root)
    assert _entries(cache_home) == []
    assert "the result cache is not used" in result.err and change in result.err


def test_the_cache_stays_within_its_bound(make_repo: Callable[..., Path], ownlint: Run, cache_home: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    limit = 3000
    monkeypatch.setenv("OWNLINT_CACHE_MAX_BYTES", str(limit))
    for number in range(6):
        root = make_repo({**PROJECT, f"more/{number}.txt": "x" * number}, name=f"repo{number}")
        _check(ownlint, root)
        assert sum(entry.stat().st_size for entry in _entries(cache_home)) <= limit
    assert _entries(cache_home), "the newest entries stay"


def test_the_key_holds_the_code_s_own_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.key_of("table", ["same"])
    monkeypatch.setattr(cache, "source_digest", lambda: b"another ownlint")
    assert cache.key_of("table", ["same"]) != before
