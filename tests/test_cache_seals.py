"""Every result cache entry is sealed (formats/cache.py): an entry of any kind that this
user's ownlint did not seal for that very name (a forged one with a checksum anyone can
compute, one sealed with another key, one sealed for another entry) is a miss: the run
computes the value again, keeps it sealed, and its output is a clean run's.

The runs are the real CLI in a process of its own each (as a hook or CI runs it): the
process's own memory (the check catalog, read once a process) hides nothing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from ownlint.formats import cache
from ownlint.sources.untracked_helper import Entry
from tests.cache_entries import checksummed, name_of, payload_of, sealed
from tests.conftest import Result
from tests.test_untracked_cache import settle

CHECKOUT = Path(__file__).resolve().parent.parent

YAML_PROJECT = {
    ".ownlint.yaml": (
        "teams: teams.yaml\nownership: ownership.yaml\npacks: [core, domains.yaml]\n"
        "exclude: [/.ownlint.yaml, /teams.yaml, /ownership.yaml, /domains.yaml]\n"
        "declarations:\n  - name: role-contacts\n    files: [\"/roles/**/*.yaml\"]\n"
        "    yaml: \"profile::contacts::role_contacts\"\n"
    ),
    "teams.yaml": "version: 1\nteams:\n  sre: {name: SRE, lead: mark, scope: [dns]}\n"
                  "  old: {name: Old, status: renamed, renamed_to: sre}\n",
    "ownership.yaml": "version: 1\nrules:\n  - path: /docs/\n    owners: [old]\n  - path: /roles/\n    owners: [sre]\n"
                      "  - path: /dns/\n    owners: [sre]\n",
    "domains.yaml": "version: 1\ndomains:\n  dns: {description: zones, paths: [/dns/]}\n",
    "roles/db/a.yaml": "profile::contacts::role_contacts: [ghost]\n",
    "dns/zone.org": "",
    "docs/a.md": "",
    "src/main.py": "",
}
CODEOWNERS_PROJECT = {
    "CODEOWNERS": "/owned/ @org/a\n*.md @org/docs\n",
    ".gitignore": "*.log\n",
    "owned/x.txt": "",
    "README.md": "",
}
YAML_KINDS = {"catalog", "ownership", "table", "counts", "pack", "declared", "declared-rows", "untracked"}
CODEOWNERS_KINDS = {"catalog", "codeowners", "table", "counts", "untracked"}


@pytest.fixture
def run(tmp_path: Path) -> Callable[[Path], Result]:
    """`ownlint check --format json` in a process of its own, with a cache and a key of
    this test's own, every walk for untracked files remembered (GIT_DIR set)."""
    environment = {
        **os.environ, "PYTHONPATH": str(CHECKOUT), "OWNLINT_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }

    def check(root: Path) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "ownlint", "check", "--format", "json", "--today", "2026-11-30"],
            cwd=root, env={**environment, "GIT_DIR": str(root / ".git")},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return check


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's cache and key, for reading the entries here as the runs wrote them."""
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "cache"


def _entries(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file() and path.parent != directory)


def _kept_sealed(entry: Path) -> bool:
    return entry.read_bytes() == sealed(entry, payload_of(entry))


FORGERIES: dict[str, Callable[[Path, bytes], bytes]] = {
    "checksummed": lambda entry, payload: checksummed(payload),
    "another key": lambda entry, payload: sealed(entry, payload, secret=b"another user's key, 32 bytes...."),
    "another entry's seal": lambda entry, payload: sealed(entry, payload, name=entry.with_name("0" * len(entry.name))),
}


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("files, kinds", [(YAML_PROJECT, YAML_KINDS), (CODEOWNERS_PROJECT, CODEOWNERS_KINDS)],
                         ids=["yaml", "codeowners"])
def test_an_entry_of_any_kind_not_sealed_for_it_by_this_user_is_a_miss(
    make_repo: Callable[..., Path], run: Callable[[Path], Result], own_cache: Path,
    files: dict[str, str], kinds: set[str], forgery: str,
) -> None:
    root = make_repo(files)
    (root / "new.txt").write_text("untracked\n")
    settle(root)
    cold = run(root)
    assert cold.code == 1 and "Traceback" not in cold.err, cold.err
    entries = _entries(own_cache)
    assert {name_of(entry)[0] for entry in entries} == kinds
    assert all(_kept_sealed(entry) for entry in entries)
    for entry in entries:
        entry.write_bytes(FORGERIES[forgery](entry, payload_of(entry)))
    warm = run(root)
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)
    # Every one was a miss: computed again and kept, sealed, in its place.
    assert [entry for entry in entries if not _kept_sealed(entry)] == []


def test_an_untracked_walk_sealed_with_another_key_hides_no_file(
    make_repo: Callable[..., Path], run: Callable[[Path], Result], own_cache: Path,
) -> None:
    """The threat: a cache restored from a pull request's run that says the checkout
    holds no untracked file, so an unowned one passes unseen."""
    root = make_repo(CODEOWNERS_PROJECT)
    (root / "new.txt").write_text("untracked\n")
    settle(root)
    cold = run(root)
    assert "new.txt" in cold.out
    [entry] = [entry for entry in _entries(own_cache) if name_of(entry)[0] == "untracked"]
    described = Entry.from_bytes(payload_of(entry))
    assert described is not None and b"new.txt" in described.answer
    described.answer = b""
    entry.write_bytes(sealed(entry, described.to_bytes(), secret=os.urandom(32)))
    assert run(root).out == cold.out
    # The same entry with this user's seal is believed: the seal is what refused it.
    entry.write_bytes(sealed(entry, described.to_bytes()))
    assert "new.txt" not in json.dumps([f for f in json.loads(run(root).out)["findings"]])


def test_no_key_no_cache(make_repo: Callable[..., Path], run: Callable[[Path], Result],
                         own_cache: Path) -> None:
    """A key others could read seals nothing: nothing is kept or read, a note says why,
    and the findings are a clean run's."""
    root = make_repo(CODEOWNERS_PROJECT)
    cold = run(root)
    assert _entries(own_cache)
    os.chmod(cache.key_file(), 0o644)
    for entry in _entries(own_cache):
        entry.unlink()
    for _ in range(2):
        again = run(root)
        assert (again.code, again.out) == (cold.code, cold.out)
        assert f"the cache's key {cache.key_file()} cannot be made, or others could read or replace it: " \
               "the result cache is not used" in again.err
    assert _entries(own_cache) == []
