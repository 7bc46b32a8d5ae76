"""The files of the repository: git's view inside a work tree, a directory walk outside."""
from __future__ import annotations

import operator
import os
import subprocess
import sys
from itertools import islice
from pathlib import Path
from typing import Optional, Sequence

from ownlint.errors import OwnlintError


def _git(root: Path, *args: str) -> Optional[bytes]:
    """Output of a git command run in root, or None when root is not in a work tree."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            check=False,
        )
    except FileNotFoundError:
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout


def _split_z(output: bytes) -> list[str]:
    # surrogateescape keeps names that are not UTF-8 round-trippable to bytes.
    # One decode for the whole output: the same as os.fsdecode on each name.
    text = output.decode(sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
    return [item for item in text.split("\0") if item]


def list_files(root: Path, cached: bool = False) -> list[str]:
    """Every file git tracks or would track under root, relative to root, sorted.

    cached: only the files in git's index, as a commit being made will hold them
    (a pre-commit hook must not fail a commit for an untracked file it does not include)."""
    others = () if cached else ("--others", "--exclude-standard")
    output = _git(root, "ls-files", "-z", "--cached", *others, "--", ".")
    if output is None:
        return _walk(root)
    files = _split_z(output)
    # git lists in byte order, which is code point order for UTF-8: sort only when
    # that does not hold (untracked files come after the tracked ones, conflicts repeat).
    if all(map(operator.lt, files, islice(files, 1, None))):
        return files
    return sorted(set(files))


# Past this many paths one listing of everything is cheaper than naming them to git.
MAX_NAMED_PATHS = 1000


def list_present(root: Path, paths: Sequence[str], cached: bool = False) -> list[str]:
    """Those of paths that list_files would list, without listing the whole repository."""
    wanted = set(paths)
    if len(wanted) > MAX_NAMED_PATHS:
        return [path for path in list_files(root, cached) if path in wanted]
    others = () if cached else ("--others", "--exclude-standard")
    specs = [f":(literal){path}" for path in sorted(wanted) if path]
    if not specs:
        return []
    output = _git(root, "ls-files", "-z", "--cached", *others, "--", *specs)
    if output is None:
        return [path for path in list_files(root, cached) if path in wanted]
    return sorted({path for path in _split_z(output) if path in wanted})


def list_beneath(root: Path, paths: Sequence[str], cached: bool = False) -> list[str]:
    """The files list_files would list that are one of paths or lie beneath one of them."""
    wanted = sorted(set(paths))
    if "" in wanted or len(wanted) > MAX_NAMED_PATHS:
        return [path for path in list_files(root, cached) if is_beneath(path, wanted)]
    others = () if cached else ("--others", "--exclude-standard")
    output = _git(root, "ls-files", "-z", "--cached", *others, "--", *(f":(literal){path}" for path in wanted))
    if output is None:
        return [path for path in list_files(root, cached) if is_beneath(path, wanted)]
    return sorted({path for path in _split_z(output) if is_beneath(path, wanted)})


def list_in_directories(root: Path, directories: Sequence[str], cached: bool = False) -> list[str]:
    """The files directly in these directories ('' is the root), not those deeper down."""
    wanted = set(directories)
    if len(wanted) > MAX_NAMED_PATHS:
        return [path for path in list_files(root, cached) if path.rpartition("/")[0] in wanted]
    others = () if cached else ("--others", "--exclude-standard")
    # A glob pathspec's '*' does not cross a '/': the directory's own files only.
    specs = [f":(glob){_glob_escaped(directory)}/*" if directory else ":(glob)*" for directory in sorted(wanted)]
    output = _git(root, "ls-files", "-z", "--cached", *others, "--", *specs)
    if output is None:
        return [path for path in list_files(root, cached) if path.rpartition("/")[0] in wanted]
    return sorted(set(path for path in _split_z(output) if path.rpartition("/")[0] in wanted))


def _glob_escaped(text: str) -> str:
    return "".join(f"[{char}]" if char in "*?[]\\" else char for char in text)


def is_beneath(path: str, prefixes: Sequence[str]) -> bool:
    """path is one of prefixes or lies beneath one of them ('' is the root)."""
    return any(not prefix or path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in prefixes)


def _walk(root: Path) -> list[str]:
    files: list[str] = []
    for directory, subdirectories, names in os.walk(root, followlinks=False):
        subdirectories[:] = sorted(d for d in subdirectories if d != ".git")
        base = Path(directory).relative_to(root)
        # A link to a directory is one entry, as git tracks it; never followed.
        names += [d for d in subdirectories if (Path(directory) / d).is_symlink()]
        subdirectories[:] = [d for d in subdirectories if not (Path(directory) / d).is_symlink()]
        for name in names:
            files.append((base / name).as_posix())
    return sorted(files)


def top_level_prefix(root: Path) -> str:
    """Where root lies inside its git work tree ('' at the top, 'infra/' below it):
    forges locate files relative to the repository, not to ownlint's root."""
    output = _git(root, "rev-parse", "--show-prefix")
    return os.fsdecode(output).strip() if output else ""


def changed_files(root: Path, ref: str) -> list[str]:
    """Files changed between ref and the working tree (plus untracked ones), relative to root."""
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        raise OwnlintError(f"--changed-since: '{ref}' is not a git revision here", str(root))
    output = _git(root, "diff", "-z", "--name-only", "--no-renames", "--relative", ref, "--", ".")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    return sorted(set(_split_z(output or b"")) | set(_split_z(untracked or b"")))


def normalise(root: Path, cwd: Path, paths: Sequence[str]) -> list[str]:
    """User-given paths as root-relative POSIX paths; refuse those that leave the root."""
    result: list[str] = []
    for given in paths:
        absolute = Path(os.path.normpath(cwd / given))
        try:
            relative = absolute.relative_to(root)
        except ValueError:
            raise OwnlintError("path is outside the repository root", given) from None
        # A path reached through a link to outside the root is outside it too.
        container = absolute if relative == Path(".") else absolute.parent
        if not container.resolve().is_relative_to(root.resolve()):
            raise OwnlintError("path leads outside the repository root through a symbolic link", given)
        text = relative.as_posix()
        result.append("" if text == "." else text)
    return result


def describe_revision(root: Path) -> Optional[str]:
    """The commit checked out ('3f2c1ab'), marked when the work tree differs from it; None outside git."""
    output = _git(root, "rev-parse", "--short", "HEAD")
    if output is None:
        return None
    revision = output.decode("ascii", "replace").strip()
    try:
        dirty = subprocess.run(["git", "-C", str(root), "diff-index", "--quiet", "HEAD", "--"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode != 0
    except FileNotFoundError:
        dirty = False
    return revision + (" with uncommitted changes" if dirty else "")
