"""ownlint's own untracked cache (sources/untracked.py and untracked_helper.py): a full
`check` whose walk for untracked files depended on nothing that changed since does not
walk again, and one after any change that could change git's answer finds what git
finds.

Real repositories, the real CLI, a `git` first on PATH that logs each command. Trees are
"settled" (their timestamps set a minute back, as a checkout made earlier): a walk over
anything modified within two seconds of it is never kept, as git treats racy entries."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Callable

import pytest

from ownlint.sources import untracked
from tests.cache_entries import payload_of, sealed
from tests.conftest import Result, git

Run = Callable[..., Result]
WALK = "ls-files -z --others --exclude-standard"

FILES = {
    "CODEOWNERS": "/owned/ @org/a\n",
    ".gitignore": "*.log\n/build/\n",
    "src/a.py": "",
    "src/keep.log": "",  # tracked though ignored (added with -f below)
    "owned/x.txt": "",
}


@pytest.fixture(autouse=True)
def remember_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """These repositories are small: remember their walks all the same."""
    monkeypatch.setattr(untracked, "MIN_INDEX_BYTES", 0)


@pytest.fixture
def logged_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that records each command's arguments, then runs git."""
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "logged-git"
    folder.mkdir()
    log = tmp_path / "git.log"
    log.write_text("")
    script = folder / "git"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def settle(root: Path) -> None:
    """Every timestamp of the work tree (and of the index and info/exclude) a minute back."""
    past = time.time() - 60
    for folder, folders, files in os.walk(root):
        if ".git" in folders:
            folders.remove(".git")
        for name in (*folders, *files):
            os.utime(os.path.join(folder, name), (past, past), follow_symlinks=False)
    for path in (root, root / ".git" / "index", root / ".git" / "info" / "exclude"):
        if path.exists():
            os.utime(path, (past, past))


def walks(log: Path) -> int:
    return sum(WALK in line for line in log.read_text().splitlines())


def unowned(result: Result) -> list[str]:
    return sorted(line.split(": OWN401")[0] for line in result.out.splitlines() if ": OWN401 " in line)


def fresh(root: Path, ownlint: Run, monkeypatch: pytest.MonkeyPatch) -> Result:
    """What a run with the cache off says: git's own walk."""
    with monkeypatch.context() as patch:
        patch.setenv("OWNLINT_NO_CACHE", "1")
        return ownlint(root, "check")


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    """Every kind of directory git visits: tracked files' (src), untracked files'
    (scratch), one holding only ignored files (logs), empty ones (empty, deep/er), an
    ignored one (build), and a nested repository (nested)."""
    root = make_repo(FILES, commit=False)
    git(root, "add", "-A")
    git(root, "add", "-f", "src/keep.log")
    git(root, "commit", "-q", "-m", "initial")
    for name in ("scratch/u.txt", "logs/x.log", "logs/deeper/y.log", "build/o.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")
    (root / "empty").mkdir()
    (root / "deep" / "er").mkdir(parents=True)
    (root / "nested").mkdir()
    git(root / "nested", "init", "-q")
    settle(root)
    return root


def remembered(root: Path, ownlint: Run, log: Path) -> Result:
    """Run twice: the first walks and keeps the walk, the second says the same without walking."""
    first = ownlint(root, "check")
    before = walks(log)
    again = ownlint(root, "check")
    assert walks(log) == before, "the second run walked again"
    assert (again.code, again.out) == (first.code, first.out)
    return again


def test_a_settled_tree_is_walked_once(repo: Path, ownlint: Run, logged_git: Path) -> None:
    first = ownlint(repo, "check")
    assert walks(logged_git) == 1
    assert unowned(first) == [".gitignore", "CODEOWNERS", "nested/", "scratch/u.txt", "src/a.py", "src/keep.log"]
    for _ in range(2):
        assert ownlint(repo, "check").out == first.out
    assert walks(logged_git) == 1


@pytest.mark.parametrize("new", [
    "src/new.txt",  # a directory of tracked files
    "scratch/new.txt",  # a directory of untracked files
    "logs/new.txt",  # a directory holding only ignored files
    "logs/deeper/new.txt",  # ... beneath another one
    "empty/new.txt",  # an empty directory
    "deep/er/new.txt",  # an empty directory in an empty directory
    "src/fresh/new.txt",  # a new directory
    "new.txt",  # the root
])
def test_a_new_file_is_found_in_every_kind_of_directory(
    repo: Path, ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch, new: str
) -> None:
    before = remembered(repo, ownlint, logged_git)
    (repo / new).parent.mkdir(parents=True, exist_ok=True)
    (repo / new).write_text("")
    after = ownlint(repo, "check")
    assert unowned(after) == sorted([*unowned(before), new])
    assert after.out == fresh(repo, ownlint, monkeypatch).out


def test_a_new_file_in_an_ignored_directory_or_nested_repository_stays_unlisted(
    repo: Path, ownlint: Run, logged_git: Path
) -> None:
    before = remembered(repo, ownlint, logged_git)
    (repo / "build" / "new.txt").write_text("")
    (repo / "nested" / "new.txt").write_text("")
    assert ownlint(repo, "check").out == before.out


def test_a_removed_or_renamed_file_is_seen(repo: Path, ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered(repo, ownlint, logged_git)
    (repo / "scratch" / "u.txt").rename(repo / "scratch" / "renamed.txt")
    assert "scratch/renamed.txt" in unowned(ownlint(repo, "check"))
    settle(repo)
    remembered(repo, ownlint, logged_git)
    (repo / "scratch" / "renamed.txt").unlink()
    after = ownlint(repo, "check")
    assert "scratch/renamed.txt" not in unowned(after)
    assert after.out == fresh(repo, ownlint, monkeypatch).out


@pytest.mark.parametrize("gitignore", [".gitignore", "logs/.gitignore", "src/.gitignore"])
def test_a_changed_gitignore_is_seen_both_ways(
    repo: Path, ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch, gitignore: str
) -> None:
    path = repo / gitignore
    text = path.read_text() if path.exists() else ""
    path.write_text(text)  # (there, and ignored by none of its own lines)
    settle(repo)
    remembered(repo, ownlint, logged_git)
    with path.open("a") as file:  # in place: the directory does not change
        file.write("!*.log\n")
    shown = ownlint(repo, "check")
    assert shown.out == fresh(repo, ownlint, monkeypatch).out
    expected = {".gitignore": "logs/x.log", "logs/.gitignore": "logs/x.log", "src/.gitignore": None}[gitignore]
    if expected is not None:
        assert expected in unowned(shown)
    settle(repo)
    remembered(repo, ownlint, logged_git)
    with path.open("a") as file:
        file.write("*\n")
    hidden = ownlint(repo, "check")
    assert hidden.out == fresh(repo, ownlint, monkeypatch).out
    assert hidden.out != shown.out


def test_an_ignored_gitignore_is_watched_too(repo: Path, ownlint: Run, logged_git: Path) -> None:
    """A .gitignore that git ignores (no listing names it) is still read by git; one that
    appears where the walk before saw none is found by the next walk."""
    remembered(repo, ownlint, logged_git)
    (repo / "logs" / ".gitignore").write_text("*\n")  # ignores itself and everything beside it
    (repo / "logs" / "plain.txt").write_text("")
    settle(repo)
    before = remembered(repo, ownlint, logged_git)
    assert "logs/plain.txt" not in unowned(before)
    (repo / "logs" / ".gitignore").write_text("*.log\n")  # in place: logs/ does not change
    assert "logs/plain.txt" in unowned(ownlint(repo, "check"))


def test_a_changed_info_exclude_is_seen(repo: Path, ownlint: Run, logged_git: Path) -> None:
    before = remembered(repo, ownlint, logged_git)
    with (repo / ".git" / "info" / "exclude").open("a") as file:
        file.write("scratch/\n")
    after = ownlint(repo, "check")
    assert unowned(after) == [path for path in unowned(before) if path != "scratch/u.txt"]


def test_the_excludes_file_and_the_configuration_naming_it_are_seen(
    repo: Path, tmp_path: Path, ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    excludes = tmp_path / "global-ignore"
    excludes.write_text("")
    git(repo, "config", "core.excludesFile", str(excludes))
    past = time.time() - 60
    for path in (excludes, repo / ".git" / "config"):
        os.utime(path, (past, past))
    before = remembered(repo, ownlint, logged_git)
    excludes.write_text("scratch/\n")
    after = ownlint(repo, "check")
    assert unowned(after) == [path for path in unowned(before) if path != "scratch/u.txt"]
    assert after.out == fresh(repo, ownlint, monkeypatch).out
    os.utime(excludes, (past, past))
    remembered(repo, ownlint, logged_git)
    other = tmp_path / "other-ignore"
    other.write_text("nested/\n")
    os.utime(other, (past, past))
    git(repo, "config", "core.excludesFile", str(other))
    assert unowned(ownlint(repo, "check")) == [path for path in unowned(before) if path != "nested/"]
    assert ownlint(repo, "check").out == fresh(repo, ownlint, monkeypatch).out


def test_the_index_paths_are_part_of_the_answer(
    repo: Path, ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remembered(repo, ownlint, logged_git)
    git(repo, "rm", "-q", "--cached", "src/a.py")  # untracked now, and not ignored: still listed
    git(repo, "rm", "-q", "--cached", "src/keep.log")  # ignored now: no longer listed
    after = ownlint(repo, "check")
    assert "src/a.py" in unowned(after)
    assert "src/keep.log" not in unowned(after)
    assert after.out == fresh(repo, ownlint, monkeypatch).out
    settle(repo)
    remembered(repo, ownlint, logged_git)
    git(repo, "add", "-f", "logs/x.log")
    added = ownlint(repo, "check")
    assert "logs/x.log" in unowned(added)
    assert added.out == fresh(repo, ownlint, monkeypatch).out


def test_a_root_beneath_the_top_watches_the_gitignore_files_above_it(
    make_repo: Callable[..., Path], ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = make_repo({".gitignore": "", "svc/CODEOWNERS": "/owned/ @org/a\n", "svc/.ownlint.yaml": "ownership: CODEOWNERS\n"})
    (top / "svc" / "new.tmp").write_text("")
    settle(top)
    before = remembered(top / "svc", ownlint, logged_git)
    assert "new.tmp" in unowned(before)
    (top / ".gitignore").write_text("*.tmp\n")
    after = ownlint(top / "svc", "check")
    assert "new.tmp" not in unowned(after)
    assert after.out == fresh(top / "svc", ownlint, monkeypatch).out


def _entry(root: Path) -> Path:
    """Where the walk for root is kept."""
    from ownlint.formats import cache
    from ownlint.sources.untracked import key_parts

    path = cache.entry_file("untracked", cache.key_of("untracked", key_parts(str(root))))
    assert path is not None
    return path


def test_a_corrupt_or_tampered_entry_is_ignored(repo: Path, ownlint: Run, logged_git: Path) -> None:
    from ownlint.sources.untracked_helper import Entry

    before = remembered(repo, ownlint, logged_git)
    entry = _entry(repo)
    data = entry.read_bytes()
    entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit flipped: the seal fails
    walked = walks(logged_git)
    assert ownlint(repo, "check").out == before.out
    assert walks(logged_git) == walked + 1
    # Well formed and sealed with this user's key, but naming a file in no watched
    # directory: refused.
    settle(repo)
    remembered(repo, ownlint, logged_git)
    parsed = Entry.from_bytes(payload_of(entry))
    assert parsed is not None
    for planted in (b"elsewhere/planted.txt\0", b"../outside.txt\0", b".git/config\0"):
        parsed.answer = planted
        entry.write_bytes(sealed(entry, parsed.to_bytes()))
        walked = walks(logged_git)
        assert ownlint(repo, "check").out == before.out
        assert walks(logged_git) == walked + 1


def test_nothing_is_kept_with_the_cache_off_or_for_a_tree_that_just_changed(
    repo: Path, make_repo: Callable[..., Path], ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = Path(os.environ["OWNLINT_CACHE_DIR"])
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(cache_dir.parent / "untracked-off"))
    monkeypatch.setenv("OWNLINT_NO_CACHE", "1")
    for _ in range(2):
        ownlint(repo, "check")
    assert walks(logged_git) == 2
    assert not (cache_dir.parent / "untracked-off").exists()
    monkeypatch.delenv("OWNLINT_NO_CACHE")
    assert not _entry(repo).exists()
    just_made = make_repo(FILES, name="just-made")
    for _ in range(2):
        os.utime(just_made)  # modified a moment ago (however slow this machine is): racy
        ownlint(just_made, "check")
    assert walks(logged_git) == 4
    assert not _entry(just_made).exists()
    settle(just_made)
    ownlint(just_made, "check")
    assert _entry(just_made).exists()


def test_tracked_folders_not_on_disk_are_remembered_and_watched_from_above(
    make_repo: Callable[..., Path], ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sparse checkout's shape: tracked files (a .gitignore among them) whose folders are
    not on disk. git cannot visit them, so the walk is kept all the same; a folder made
    there later changes the nearest folder that is on disk."""
    root = make_repo({**FILES, "gone/deep/.gitignore": "*.tmp\n", "gone/deep/f.txt": ""})
    shutil.rmtree(root / "gone")
    settle(root)
    before = remembered(root, ownlint, logged_git)
    (root / "gone" / "deep").mkdir(parents=True)
    (root / "gone" / "deep" / "new.txt").write_text("")
    after = ownlint(root, "check")
    assert unowned(after) == sorted([*unowned(before), "gone/deep/new.txt"])
    assert after.out == fresh(root, ownlint, monkeypatch).out


def test_a_small_repository_is_walked_by_git_every_run(
    repo: Path, ownlint: Run, logged_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below MIN_INDEX_BYTES of index git's walk is sooner than the helper's answer:
    none is started and nothing is kept."""
    monkeypatch.setattr(untracked, "MIN_INDEX_BYTES", (repo / ".git" / "index").stat().st_size + 1)
    first = ownlint(repo, "check")
    again = ownlint(repo, "check")
    assert walks(logged_git) == 2
    assert again.out == first.out == fresh(repo, ownlint, monkeypatch).out
    monkeypatch.setattr(untracked, "MIN_INDEX_BYTES", (repo / ".git" / "index").stat().st_size)
    ownlint(repo, "check")
    ownlint(repo, "check")
    assert walks(logged_git) == 4  # (the fresh run walked too) one more walk, then remembered


def _helper(root: Path, kept: list[bytes]) -> untracked.RememberedWalk:
    """The helper started as a run starts it, with no walk remembered yet."""
    memory = untracked.Memory(str(root.parent / "no-entry"), b"magic", b"\0" * 32, kept.append)
    return untracked.RememberedWalk(str(root), memory)


def _listing(root: Path) -> bytes:
    import subprocess

    return subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--", "."],
                          check=True, stdout=subprocess.PIPE).stdout


def test_a_first_walk_starts_once_the_run_has_read_the_index(repo: Path, logged_git: Path) -> None:
    """git reads the index for the run and for the helper's walk one after the other,
    not at once: the run waits for its own listing at its start."""
    kept: list[bytes] = []
    helper = _helper(repo, kept)
    try:
        for _ in range(500):  # the helper is up when it has asked for git's configuration
            if "config -z --list" in logged_git.read_text():
                break
            time.sleep(0.01)
        time.sleep(0.3)
        assert walks(logged_git) == 0, "the walk started before the run had read the index"
        helper.tracked(_listing(repo))
        answer = helper.answer()
        helper.remember()
    finally:
        helper.stop()
    assert walks(logged_git) == 1
    assert answer is not None and sorted(answer.split(b"\0")) == sorted(
        [b"", b"nested/", b"scratch/u.txt"]
    )
    assert len(kept) == 1


def test_a_walk_is_not_kept_when_the_index_changed_under_it(repo: Path) -> None:
    """The helper lists the index again to describe its walk: when that is not the index
    the run read, which one git's walk saw is not known, so nothing is kept."""
    kept: list[bytes] = []
    helper = _helper(repo, kept)
    try:
        listing = _listing(repo)
        git(repo, "rm", "-q", "--cached", "src/a.py")
        helper.tracked(listing)
        answer = helper.answer()
        helper.remember()
    finally:
        helper.stop()
    assert answer is not None and b"scratch/u.txt" in answer.split(b"\0")
    assert kept == []
    settle(repo)
    helper = _helper(repo, kept)
    try:
        helper.tracked(_listing(repo))
        assert helper.answer() is not None
        helper.remember()
    finally:
        helper.stop()
    assert len(kept) == 1
