"""The cache's bound without a walk on every store: the stores add up the cache's size
(CACHE/size), never below the real one, and the cache is walked (and its least recently
used entries evicted) only when that sum passes the bound or cannot be read."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ownlint.formats import cache


@pytest.fixture
def walks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A cache of this test's own; each walk's resulting size, in order."""
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    seen: list[int] = []
    real = cache._evict

    def counted(directory: Path, limit: int) -> int:
        seen.append(real(directory, limit))
        return seen[-1]

    monkeypatch.setattr(cache, "_evict", counted)
    return seen


def _real_size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file() and p.parent != directory)


def _summed(directory: Path) -> int:
    return int((directory / "size").read_text())


def test_stores_within_the_bound_walk_once(walks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_MAX_BYTES", str(1 << 20))
    for number in range(20):
        cache.store("table", f"{number:064x}", b"x" * 1000)
    cache.store("table", f"{3:064x}", b"y" * 1000)  # a replaced entry: counted twice
    directory = cache.cache_dir()
    assert directory is not None
    assert len(walks) == 1  # the first store: no sum yet
    assert _summed(directory) >= _real_size(directory) > 20 * 1000
    assert cache.load("table", f"{3:064x}") == b"y" * 1000


def test_past_the_bound_the_walk_evicts_and_writes_the_real_size(walks: list[int],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_MAX_BYTES", "20000")
    for number in range(40):
        cache.store("table", f"{number:064x}", b"x" * 1000)
        directory = cache.cache_dir()
        assert directory is not None
        assert _real_size(directory) <= 20000 and _summed(directory) >= _real_size(directory)
    assert 2 <= len(walks) < 10
    assert cache.load("table", f"{39:064x}") == b"x" * 1000  # the newest stay
    assert cache.load("table", f"{0:064x}") is None  # the oldest went


@pytest.mark.parametrize("planted", [b"", b"-5", b"12ab", b"9" * 40, b"\xff"])
def test_a_sum_that_cannot_be_read_means_a_walk(walks: list[int], planted: bytes) -> None:
    cache.store("table", "0" * 64, b"x")
    directory = cache.cache_dir()
    assert directory is not None and len(walks) == 1
    (directory / "size").write_bytes(planted)
    cache.store("table", "1" * 64, b"x")
    assert len(walks) == 2 and _summed(directory) == _real_size(directory)


def test_a_sum_that_is_a_link_is_not_followed(walks: list[int], tmp_path: Path) -> None:
    cache.store("table", "0" * 64, b"x")
    directory = cache.cache_dir()
    assert directory is not None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("5")
    os.unlink(directory / "size")
    os.symlink(elsewhere, directory / "size")
    cache.store("table", "1" * 64, b"x")
    assert elsewhere.read_text() == "5" and len(walks) == 2
