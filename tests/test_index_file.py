"""git's index file read by Python (ownlint/sources/index_file.py): the same entries as
`git ls-files -s` lists, or Unreadable (git answers), on real repositories."""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Optional, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownlint.sources.index_file import IndexFile, Unreadable
from tests.conftest import git, write_files

Row = tuple[str, str, str, bytes]
EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def _git_bytes(root: Path, *args: str | bytes, env: Optional[dict[str, str]] = None) -> bytes:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=None if env is None else {**os.environ, **env},
    ).stdout


def git_lists(root: Path, names: Sequence[bytes]) -> list[Row]:
    """What `git ls-files -s` says for these top-relative names."""
    if not names:
        return []
    listed = _git_bytes(root, "ls-files", "-s", "-z", "--full-name", "--", *(b":(literal)" + name for name in names))
    rows = set()
    for item in listed.split(b"\0"):
        if item:
            meta, _, name = item.partition(b"\t")
            mode, oid, stage = meta.decode().split()
            rows.add((mode, oid, stage, name))
    return sorted(rows)


def index_file(root: Path) -> IndexFile:
    object_format = _git_bytes(root, "rev-parse", "--show-object-format").decode().strip()
    return IndexFile(str(root / ".git/index"), object_format)


def read_lists(root: Path, names: Sequence[bytes]) -> list[Row]:
    """The same question answered from the index file (Unreadable: git would answer)."""
    file = index_file(root)
    try:
        return sorted(set(file.listed(names)))
    finally:
        file.close()


def git_holds_beneath(root: Path, folder: bytes) -> bool:
    return bool(_git_bytes(root, "ls-files", "-z", "--", b":(literal)" + folder + b"/"))


def index_of(root: Path, entries: Sequence[tuple[str, str, bytes]]) -> None:
    """An index holding these (mode, object id, name) entries, without writing files
    (git's stat data then is all zero, as in the benchmark's index-only repositories)."""
    info = b"".join(f"{mode} {oid}\t".encode() + name + b"\0" for mode, oid, name in entries)
    subprocess.run(["git", "-C", str(root), "update-index", "-z", "--index-info"], input=info, check=True)


def new_repo(parent: Path, *init: str) -> Path:
    root = Path(tempfile.mkdtemp(dir=parent))
    git(root, "init", "-q", *init)
    return root


# Pieces of names: unicode, spaces, bytes that look like an entry's header fields (a
# mode's low bytes, a name length, flags), dots and dashes that sort around "/".
PIECES = [
    b"a", b"ab", b"abc", b"CODEOWNERS", b"x" * 13, b" ", b"caf\xc3\xa9", b"\xf0\x9f\x90\x8d", b"\x81\xa4",
    b"\x81\xed", b"\xa0\x01", b"\xe0\x01\x40", b"\x3b\x9a\xca", b"\x01", b"\x0b", b"\xff", b"-", b".", b"!",
    b"0", b"\x2f\x30"[1:],
]
segment = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map(b"".join).filter(
    lambda part: part not in (b".", b"..") and part.lower() != b".git"
)
name = st.lists(segment, min_size=1, max_size=5).map(b"/".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(name, min_size=1, max_size=40, unique=True),
    asked=st.lists(name, max_size=6),
    picks=st.lists(st.integers(min_value=0, max_value=39), max_size=6),
    folder_pick=st.integers(min_value=-1, max_value=39),
    symlinks=st.booleans(),
)
def test_the_index_file_answers_as_ls_files_does(
    tmp_path: Path, names: list[bytes], asked: list[bytes], picks: list[int], folder_pick: int, symlinks: bool
) -> None:
    root = new_repo(tmp_path)
    modes = ["100644", "100755", "120000" if symlinks else "100644", "160000"]
    entries = [(modes[number % 4], f"{number:040x}" if number % 4 == 3 else EMPTY_BLOB, each)
               for number, each in enumerate(names)]
    try:
        index_of(root, entries)
    except subprocess.CalledProcessError:
        return  # a name git refuses (a file where another's folder is): nothing to compare
    listed = [item for item in _git_bytes(root, "ls-files", "-z").split(b"\0") if item]
    questions = [*asked, *(listed[pick] for pick in picks if pick < len(listed))]
    folders = [question.rsplit(b"/", 1)[0] for question in questions if b"/" in question]
    if 0 <= folder_pick < len(listed) and b"/" in listed[folder_pick]:
        folders.append(listed[folder_pick].rsplit(b"/", 1)[0])
    file = index_file(root)
    assert [file.holds_beneath(folder) for folder in folders] == [git_holds_beneath(root, f) for f in folders]
    expected = git_lists(root, questions)
    try:
        assert read_lists(root, questions) == expected
    except Unreadable as error:
        # Only a name that is a folder of the index is left to git here.
        assert "folder" in str(error)
        assert any(row[3].startswith(question + b"/") for row in expected for question in questions)


def test_a_work_tree_s_index_with_stat_data_is_read_as_git_lists_it(
    make_repo: Callable[..., Path]
) -> None:
    files = {f"{folder}/{leaf}.txt": f"{folder}{leaf}\n" for folder in ("a", "a-b", "a.b", "b/c", "é") for leaf
             in ("x", "y", "xy", "x y", "long" * 30)}
    root = make_repo({**files, "top.txt": "", "CODEOWNERS": "* @org/sre\n"})
    os.symlink("top.txt", root / "link")
    git(root, "add", "link")
    names = [b"a/x.txt", b"a-b/xy.txt", b"a.b/" + b"long" * 30 + b".txt", "é/x y.txt".encode(), b"link",
             b"CODEOWNERS", b"nowhere", b"a/zz", b"b/c/y.txt", b"top.txt"]
    assert read_lists(root, names) == git_lists(root, names)
    file = index_file(root)
    assert [file.holds_beneath(folder) for folder in (b"a", b"b", b"b/c", b"a-", b"c", "é".encode())] == [
        True, True, True, False, False, True
    ]
    with pytest.raises(Unreadable, match="folder"):
        read_lists(root, [b"a"])


def test_a_large_index_is_read_whole_nowhere(tmp_path: Path) -> None:
    """Thousands of entries, names sharing long prefixes: each name found as git finds it."""
    root = new_repo(tmp_path)
    names = sorted({f"src/{major}/{'deep/' * (minor % 4)}file{minor}-{major}.py".encode()
                    for major in range(40) for minor in range(60)})
    index_of(root, [("100644", EMPTY_BLOB, each) for each in names])
    asked = [names[0], names[-1], names[777], names[1500], b"src/39/zzz", b"src/1x", b"src/10/file3-10.py", b"0"]
    assert read_lists(root, asked) == git_lists(root, asked)
    assert index_file(root).holds_beneath(b"src/7") and not index_file(root).holds_beneath(b"src/7/deep/deep/deep/x")


def test_a_merge_conflict_s_stages_are_listed_as_git_lists_them(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"f.txt": "base\n", "g.txt": ""})
    git(root, "checkout", "-q", "-b", "other")
    write_files(root, {"f.txt": "theirs\n"})
    git(root, "commit", "-qam", "theirs")
    git(root, "checkout", "-q", "main")
    write_files(root, {"f.txt": "ours\n"})
    git(root, "commit", "-qam", "ours")
    subprocess.run(["git", "-C", str(root), "merge", "-q", "other"], capture_output=True)
    names = [b"f.txt", b"g.txt"]
    assert sorted(row[2] for row in git_lists(root, names)) == ["0", "1", "2", "3"]
    assert read_lists(root, names) == git_lists(root, names)


def test_skip_worktree_and_intent_to_add_entries_are_read(make_repo: Callable[..., Path]) -> None:
    """Version 3's extended flags."""
    root = make_repo({"kept.txt": "k\n", "skipped.txt": "s\n"})
    write_files(root, {"new.txt": "n\n"})
    git(root, "add", "-N", "new.txt")
    git(root, "update-index", "--skip-worktree", "skipped.txt")
    assert (root / ".git/index").read_bytes()[4:8] == b"\0\0\0\3"
    names = [b"kept.txt", b"new.txt", b"skipped.txt"]
    assert read_lists(root, names) == git_lists(root, names)


def test_a_sha256_repository_is_read(tmp_path: Path) -> None:
    root = new_repo(tmp_path, "--object-format=sha256")
    write_files(root, {"a.txt": "a\n", "b/c.txt": "c\n", "d.txt": ""})
    git(root, "add", "-A")
    names = [b"a.txt", b"b/c.txt", b"nowhere"]
    assert len(git_lists(root, names)[0][1]) == 64
    assert read_lists(root, names) == git_lists(root, names)


def test_a_submodule_is_an_entry_like_any_other(make_repo: Callable[..., Path]) -> None:
    inner = make_repo({"x": "x\n"}, name="inner")
    root = make_repo({"a.txt": ""})
    subprocess.run(
        ["git", "-C", str(root), "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "sub"],
        check=True, capture_output=True,
    )
    names = [b"sub", b"a.txt", b".gitmodules"]
    assert [row[0] for row in git_lists(root, [b"sub"]) if row[3] == b"sub"] == ["160000"]
    assert read_lists(root, names) == git_lists(root, names)


@pytest.mark.parametrize("how", ["version 4", "split", "sparse", "truncated", "not an index", "long name"])
def test_an_index_that_is_not_plain_is_left_to_git(make_repo: Callable[..., Path], how: str) -> None:
    root = make_repo({"a/x.txt": "x\n", "b/y.txt": "y\n", "c.txt": ""})
    index = root / ".git/index"
    if how == "version 4":
        git(root, "update-index", "--index-version", "4")
    elif how == "split":
        git(root, "update-index", "--split-index")
        write_files(root, {"c.txt": "changed\n"})
        git(root, "add", "c.txt")
    elif how == "sparse":
        git(root, "sparse-checkout", "init", "--cone", "--sparse-index")
        git(root, "sparse-checkout", "set", "a")
        assert b"sdir" in index.read_bytes()
    elif how == "truncated":
        index.write_bytes(index.read_bytes()[:100])
    elif how == "not an index":
        index.write_bytes(b"CIRD" + index.read_bytes()[4:])
    else:
        index_of(root, [("100644", EMPTY_BLOB, b"d/" + b"n" * 4200)])
    with pytest.raises(Unreadable):
        read_lists(root, [b"a/x.txt", b"c.txt", b"d/" + b"n" * 4200])


def test_an_empty_index_lists_nothing(tmp_path: Path) -> None:
    root = new_repo(tmp_path)
    write_files(root, {"a": ""})
    git(root, "add", "a")
    git(root, "rm", "-q", "--cached", "a")
    assert read_lists(root, [b"a"]) == git_lists(root, [b"a"]) == []
