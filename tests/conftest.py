"""Shared fixtures: real git repositories in tmp_path, and the real CLI."""
from __future__ import annotations

import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping, Optional, Sequence

import pytest

from ownlint.cli import main

DATA = Path(__file__).parent / "data"


def git(root: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(root), *args], check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return completed.stdout


def write_files(root: Path, files: Mapping[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside GitHub Actions `check` adds annotations to text: tests expect plain text."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def fresh_run(root: Path, argv: Sequence[str], modules: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """main(argv) run by a new Python in root: its output, then a last line with the exit
    code and which of `modules` the run imported (sorted), as "CODE ['name', ...]"."""
    import os
    import sys

    program = (
        f"import sys\nfrom ownlint.cli import main\ncode = main({list(argv)!r})\n"
        f"print(code, sorted(m for m in {tuple(modules)!r} if m in sys.modules))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program], cwd=root, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )


@pytest.fixture(autouse=True)
def _no_process_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """cli.run ends its process with os._exit: called in a test, it would end the test
    run itself, with status 0 and the rest of the tests never run. Here it fails instead."""

    def refused(code: int) -> None:
        raise AssertionError(f"os._exit({code}) called in the test process")

    monkeypatch.setattr("os._exit", refused)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """A git repository with these files (dedented), committed unless commit=False."""

    def make(files: Mapping[str, str], commit: bool = True, name: str = "repo") -> Path:
        root = tmp_path / name
        root.mkdir()
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.email", "test@example.invalid")
        git(root, "config", "user.name", "Test")
        git(root, "config", "commit.gpgsign", "false")
        write_files(root, files)
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "initial")
        return root

    return make


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def ownlint(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the real CLI in-process: ownlint(root, "check", "--format", "json")."""

    def run(root: Optional[Path], *args: str) -> Result:
        argv: Sequence[str] = (["-C", str(root)] if root is not None else []) + list(args)
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep ownlint's result cache out of the user's cache directory during tests."""
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "ownlint-cache"))
    # The key that seals cache entries (formats/cache.py) is the tests' own too.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "ownlint-state"))


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The children forked while the test runs (their pids: sources/forked.py's work)."""
    import os

    started: list[int] = []
    real = os.fork

    def counted() -> int:
        pid = real()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    yield started


@pytest.fixture
def failing_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every forked child fails to write its answer (a child inherits the patch); the
    run's own cache still writes with marshal."""
    import marshal
    from types import SimpleNamespace

    from ownlint.sources import forked

    def broken(value: object) -> bytes:
        raise MemoryError("the child's answer could not be written")

    monkeypatch.setattr(forked, "marshal", SimpleNamespace(dumps=broken, loads=marshal.loads))
