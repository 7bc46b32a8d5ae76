"""The repository's files as git sees them, and which of some paths are among them.

A hook names a few paths: which of them are files of the repository is decided
without listing it (git is asked whether it ignores them; the index only for the
ones it ignores or that are not plain files here). The answer must be the one the
whole listing gives, in every corner git has."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

import pytest

from ownlint.sources.repo import list_files, list_present
from tests.conftest import Result, fresh_run, git, write_files

FILES = {
    ".gitignore": "build/\n*.log\n!keep.log\n",
    "src/a.py": "",
    "src/b.py": "",
    "keep.log": "",
    "docs/readme.md": "",
}
ASKED = [
    "src/a.py",  # tracked
    "new.txt",  # untracked, not ignored
    "build/out.bin",  # untracked, ignored (its directory is)
    "tracked.log",  # ignored but tracked (added with -f)
    "debug.log",  # ignored, untracked
    "keep.log",  # re-included by '!'
    "gone.py",  # tracked, deleted from the work tree
    "missing.py",  # nowhere
    "src",  # a directory
    "linked/a.py",  # through a link to a directory
    "nested/inner.txt",  # inside a repository nested in this one
    "link.txt",  # an untracked symbolic link
    "staged.txt",  # added to the index, not committed
]


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    root = make_repo(FILES)
    write_files(root, {"tracked.log": "", "gone.py": ""})
    git(root, "add", "-f", "tracked.log", "gone.py")
    git(root, "commit", "-q", "-m", "more")
    (root / "gone.py").unlink()
    write_files(root, {"new.txt": "", "build/out.bin": "", "debug.log": "", "missing-not.txt": "", "staged.txt": ""})
    git(root, "add", "staged.txt")
    os.symlink("src", root / "linked")
    os.symlink("new.txt", root / "link.txt")
    nested = root / "nested"
    nested.mkdir()
    git(nested, "init", "-q")
    (nested / "inner.txt").write_text("")
    return root


@pytest.mark.parametrize("cached", [False, True])
def test_named_paths_are_those_the_whole_listing_has(repo: Path, cached: bool) -> None:
    everything = list_files(repo, cached)
    expected = [path for path in everything if path in ASKED]
    assert list_present(repo, ASKED, cached) == expected
    for path in ASKED:  # one at a time, as a hook with one staged file asks
        assert list_present(repo, [path], cached) == [p for p in expected if p == path], path


def test_the_index_answers_the_hook_s_paths_as_the_listing_does(repo: Path) -> None:
    from ownlint.sources.files import Index

    expected = [path for path in list_files(repo, cached=True) if path in ASKED]
    index = Index(repo)
    index.expect(["src/a.py"])  # entries read earlier (with the mapping) are reused
    assert index.present(ASKED) == expected
    assert Index(repo / "src").present(["a.py", "b.py", "c.py"]) == ["a.py", "b.py"]  # seen from a folder


def test_what_git_lists_here(repo: Path) -> None:
    # The corners above, as git answers them (so that the test above compares something).
    tracked = {"src/a.py", "tracked.log", "keep.log", "gone.py", "staged.txt"}
    assert set(list_files(repo)) & set(ASKED) == tracked | {"new.txt", "link.txt"}
    assert set(list_files(repo, cached=True)) & set(ASKED) == tracked


def test_a_hook_s_paths_are_decided_without_reading_the_index(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from ownlint.sources import spawned

    started: list[list[str]] = []
    popen = subprocess.Popen
    start = spawned.start

    def recording(args: list[str], **options: object) -> object:
        started.append(list(args))
        return popen(args, **options)  # type: ignore[call-overload]

    def recording_start(args: list[str], *rest: Any, **options: Any) -> Any:
        started.append(list(args))
        return start(args, *rest, **options)

    # (git is started with posix_spawnp where there is one, with subprocess elsewhere)
    monkeypatch.setattr(subprocess, "Popen", recording)
    monkeypatch.setattr(spawned, "start", recording_start)
    assert list_present(repo, ["src/a.py", "new.txt", "keep.log"]) == ["keep.log", "new.txt", "src/a.py"]
    assert [args[3] for args in started] == ["check-ignore"]  # files here that git does not ignore
    started.clear()
    assert list_present(repo, ["tracked.log", "debug.log", "src/a.py"]) == ["src/a.py", "tracked.log"]
    assert [args[3] for args in started] == ["check-ignore", "ls-files"]  # the index, for the ignored ones alone
    assert started[1][-2:] == [":(literal)debug.log", ":(literal)tracked.log"]


def test_outside_git_the_walk_answers(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.txt": "", "d/b.txt": ""})
    assert list_present(tmp_path, ["a.txt", "d/b.txt", "c.txt", "d"]) == ["a.txt", "d/b.txt"]


GITIGNORED = {
    ".gitignore": "*.log\n!keep.log\nbuild/\n/top.txt\ndeep/*\n!deep/kept/\n",
    "a.txt": "", "x.log": "", "keep.log": "", "top.txt": "", "sub/top.txt": "",
    "build/out": "", "sub/build/out": "", "sub/a.log": "",
    "sub/.gitignore": "!a.log\n*.txt\n", "sub/b.txt": "", "sub/c.md": "",
    "deep/gone": "", "deep/kept/here": "", "deep/kept/x.log": "",
    "other/.gitignore": "*\n!.gitignore\n", "other/f": "",
}


def test_outside_git_the_walk_honours_gitignore_files_as_git_does(tmp_path: Path, make_repo: Callable[..., Path]) -> None:
    outside = tmp_path / "outside"
    write_files(outside, GITIGNORED)
    inside = make_repo(GITIGNORED, commit=False)  # the same files in a repository: git's answer
    assert list_files(outside) == list_files(inside)
    assert "sub/a.log" in list_files(outside) and "deep/kept/here" in list_files(outside)


def test_tracked_only_leaves_untracked_files_out(repo: Path, ownlint: Callable[..., Result]) -> None:
    write_files(repo, {"CODEOWNERS": "* @org/all\n"})
    everything = ownlint(repo, "ls", "--format", "jsonl")
    assert '"new.txt"' in everything.out
    # CODEOWNERS read from the work tree (untracked), the files from the index:
    # .gitignore, docs/readme.md, src/a.py, src/b.py, keep.log, tracked.log, gone.py, staged.txt
    tracked = ownlint(repo, "check", "--tracked-only", "--format", "json")
    assert '"files": 8,' in tracked.out, tracked.out
    full = ownlint(repo, "check", "--format", "json")
    assert '"files": 14,' in full.out, full.out  # and new.txt, link.txt, missing-not.txt, CODEOWNERS, ...
    git(repo, "add", "CODEOWNERS")  # --cached reads the mapping from the index too
    assert '"files": 9,' in ownlint(repo, "check", "--cached", "--format", "json").out
    hook = ownlint(repo, "check", "--tracked-only", "--format", "json", "src/a.py", "new.txt")
    assert '"files": 1,' in hook.out, hook.out  # new.txt is not tracked


def test_a_full_run_lists_the_repository_without_subprocess(make_repo: Callable[..., Path]) -> None:
    """A full run's git listing is started with os.posix_spawnp (sources/spawned.py), as
    a hook's git commands are: subprocess (with threading, signal, selectors and locale)
    is not imported, and the run still sees the untracked files."""
    root = make_repo({"CODEOWNERS": "/src/ @org/src\n", "src/a.py": ""})
    write_files(root, {"new.txt": ""})
    done = fresh_run(root, ["check", "--no-rollup"], ("subprocess", "threading", "selectors", "signal"))
    lines = done.stdout.splitlines()
    assert lines[-1] == "1 []", (done.stdout, done.stderr)
    assert any("new.txt" in line and "OWN401" in line for line in lines), done.stdout


def test_a_git_that_writes_more_errors_than_a_pipe_holds_does_not_stop_the_run(
    make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    """git writes its warnings to standard error while it lists (a walk warns once for
    every folder it cannot open): 300 KB of them, more than a pipe holds, must not leave
    git waiting for a reader while the run waits for the end of git's output."""
    import shutil
    import subprocess
    import sys

    repo = make_repo({"CODEOWNERS": "* @org/team\n", "src/a.py": "", "src/b.py": ""})
    real_git = shutil.which("git")
    assert real_git is not None
    wrappers = tmp_path / "noisy-bin"
    wrappers.mkdir()
    noisy = wrappers / "git"
    noisy.write_text(f"#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' w >&2\nexec {real_git} \"$@\"\n")
    noisy.chmod(0o755)
    env = {**os.environ, "PATH": f"{wrappers}{os.pathsep}{os.environ['PATH']}", "OWNLINT_NO_CACHE": "1",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for argv, files in ((["check"], 3), (["check", "--cached", "src/a.py"], 1)):  # a full run, a hook's
        done = subprocess.run([sys.executable, "-m", "ownlint", *argv, "--format", "json"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-500:]
        assert json.loads(done.stdout)["summary"]["files"] == files


def test_git_is_started_from_where_path_finds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The program is looked up in PATH by ownlint (once), as the shell would find it: the
    first folder holding an executable file of that name, empty folders and a directory
    of the same name passed over; not found, starting it says so."""
    import shutil

    from ownlint.sources import spawned

    real = shutil.which("git")
    assert real is not None
    empty, shadow = tmp_path / "empty", tmp_path / "shadow"
    empty.mkdir()
    (shadow / "git").mkdir(parents=True)  # a directory named git: not a program
    monkeypatch.setenv("PATH", os.pathsep.join([str(empty), str(shadow), os.path.dirname(real)]))
    assert spawned._program("git") == real
    process = spawned.start(["git", "--version"])
    output, _ = process.communicate()
    assert process.returncode == 0 and output.startswith(b"git version")
    monkeypatch.setenv("PATH", str(empty))
    assert spawned._program("git") is None
    with pytest.raises(FileNotFoundError):
        spawned.start(["git", "--version"])
