"""check --changed-since REF and check --cached: which files a partial run looks at."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from tests.conftest import git, write_files

FILES = {
    ".github/CODEOWNERS": "/.github/ @org/admins\n/dns/ @org/traffic\n",
    "dns/zone": "x\n",
    "old-unowned.txt": "x\n",
}


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    root = make_repo(FILES)
    git(root, "tag", "base")
    return root


def _unowned(result: Any) -> list[str]:
    return [line.split(":")[0] for line in result.out.splitlines() if "OWN401" in line]


def test_only_files_changed_since_the_ref_are_checked(repo: Path, ownlint: Callable[..., Any]) -> None:
    write_files(repo, {"new-committed.txt": "x\n", "dns/new": "x\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more")
    write_files(repo, {"new-untracked.txt": "x\n", "old-unowned.txt": "changed\n"})
    result = ownlint(repo, "check", "--changed-since", "base")
    assert result.code == 1
    assert _unowned(result) == ["new-committed.txt", "new-untracked.txt", "old-unowned.txt"]
    assert _unowned(ownlint(repo, "check", "--changed-since", "HEAD")) == ["new-untracked.txt", "old-unowned.txt"]


def test_nothing_changed_is_a_clean_run(repo: Path, ownlint: Callable[..., Any]) -> None:
    result = ownlint(repo, "check", "--changed-since", "base")
    assert (result.code, _unowned(result)) == (0, [])


def test_a_mapping_change_checks_the_whole_repository(repo: Path, ownlint: Callable[..., Any]) -> None:
    write_files(repo, {".github/CODEOWNERS": "/.github/ @org/admins\n"})
    result = ownlint(repo, "check", "--changed-since", "base")
    assert _unowned(result) == ["dns/zone", "old-unowned.txt"]


@pytest.mark.parametrize("ref", ["no-such-ref", "base~5", "HEAD..base"])
def test_a_ref_that_does_not_exist_is_one_line_exit_2(repo: Path, ownlint: Callable[..., Any], ref: str) -> None:
    result = ownlint(repo, "check", "--changed-since", ref)
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"ownlint: {repo.resolve()}: --changed-since: '{ref}' is not a git revision here\n"


def test_cached_leaves_out_untracked_files(repo: Path, ownlint: Callable[..., Any]) -> None:
    write_files(repo, {"untracked.txt": "x\n"})
    assert _unowned(ownlint(repo, "check")) == ["old-unowned.txt", "untracked.txt"]
    assert _unowned(ownlint(repo, "check", "--cached")) == ["old-unowned.txt"]
    git(repo, "add", "untracked.txt")
    assert _unowned(ownlint(repo, "check", "--cached")) == ["old-unowned.txt", "untracked.txt"]
