"""The files of the repository: git's view inside a work tree, a directory walk outside."""
from __future__ import annotations

import operator
import os
import stat
import sys
from itertools import islice
from pathlib import Path

from ownlint.errors import OwnlintError
from ownlint.sources import spawned
from ownlint.sources.files import split_z

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess
    from typing import Any, Optional, Sequence, Union

    from ownlint.sources.spawned import Started
    from ownlint.sources.untracked import Memory, RememberedWalk


def _git(root: Path, *args: str) -> Optional[bytes]:
    """Output of a git command run in root, or None when root is not in a work tree."""
    return _Started(root, *args).output()


class _Started:
    """A git command started now and read when its answer is needed, so that git
    works (on the other core) while Python loads the registry and the mapping."""

    # Input up to this size is written at once: git cannot fill its output pipe
    # (and stop reading) before it has read it all. More waits for output().
    AT_ONCE = 16384

    def __init__(self, root: Path, *args: str, data: Optional[bytes] = None, accept: tuple[int, ...] = (0,)) -> None:
        self._accept = accept
        self._data = data
        self._answer: Optional[tuple[Optional[bytes]]] = None
        command = ["git", "-C", str(root), *args]
        self._process: "Optional[Union[Started, subprocess.Popen[bytes]]]"
        try:
            if data is None or len(data) <= self.AT_ONCE:
                # Started with posix_spawnp (sources/spawned.py): a full run's listing,
                # like a hook's git commands, imports no subprocess (with threading,
                # signal, selectors and locale: about 5 ms of a run's start).
                self._process = spawned.start(command, with_stdin=data is not None)
            else:  # (more to write than a pipe holds: subprocess writes and reads at once)
                import subprocess

                self._process = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
                )
        except FileNotFoundError:
            self._process = None
            return
        stdin = self._process.stdin
        if stdin is not None and data is not None and len(data) <= self.AT_ONCE:
            try:
                stdin.write(data)
                stdin.close()
            except BrokenPipeError:  # git stopped early: its exit code tells
                pass
            self._process.stdin = None
            self._data = None

    def output(self) -> Optional[bytes]:
        """Its output, or None when git is missing or failed (root is not in a work tree)."""
        if self._process is None:
            return None
        if self._answer is None:
            if self._data is not None:  # (only a subprocess.Popen is given input this late)
                output, _ = self._process.communicate(self._data)  # type: ignore[call-arg]
            else:
                output, _ = self._process.communicate()
            self._answer = (output if self._process.returncode in self._accept else None,)
        return self._answer[0]

    def stop(self) -> None:
        """Its answer is not needed after all: end git and reap it."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        self._answer = (None,)


def _in_order(files: list[str]) -> list[str]:
    # git lists in byte order, which is code point order for UTF-8: sort only when
    # that does not hold (untracked files come after the tracked ones, conflicts repeat).
    if all(map(operator.lt, files, islice(files, 1, None))):
        return files
    return sorted(set(files))


class Listing:
    """The files of the repository, being listed: start() now, files() when needed.

    memory: where the walk for untracked files is remembered (ownlint's untracked
    cache, sources/untracked.py): a run whose walk depended on nothing that changed
    since does not walk."""

    def __init__(self, root: Path, tracked_only: bool = False, memory: "Optional[Memory]" = None) -> None:
        self.root = root
        self._tracked_only = tracked_only
        # Two listings at once: the walk for untracked files (the whole tree) runs
        # beside the read of the index instead of after it.
        self._tracked = _Started(root, "ls-files", "-z", "--cached", "--", ".")
        self._untracked: Optional[_Started] = None
        self._remembered: "Optional[RememberedWalk]" = None
        if not tracked_only:
            if memory is not None:
                self._remembered = _remembered(root, memory)
            if self._remembered is None:
                self._untracked = _Started(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
        self._partial = False  # tracked_first() answered the tracked files alone

    def _tracked_output(self) -> Optional[bytes]:
        tracked = self._tracked.output()
        if self._remembered is not None:
            self._remembered.tracked(tracked)  # (a remembered walk holds for these paths only)
        return tracked

    def _untracked_output(self) -> Optional[bytes]:
        if self._tracked_only:
            return b""
        if self._remembered is not None:
            return self._remembered.answer()
        assert self._untracked is not None
        return self._untracked.output()

    def tracked_first(self) -> list[str]:
        """The files git tracks, without waiting for the walk for untracked files, which
        goes on while the caller works on these; rest() says afterwards whether there is
        more. Where git cannot answer, every file (a directory walk), as files()."""
        tracked = self._tracked_output()
        if tracked is None or self._tracked_only:
            return self.files()
        self._partial = True
        return _in_order(split_z(tracked))

    def rest(self) -> Optional[list[str]]:
        """After tracked_first(): every file (as files()) when there are untracked ones
        too; None when tracked_first() answered them all."""
        if not self._partial:
            return None
        self._partial = False
        return self.files() if self._untracked_output() != b"" else None

    def remember(self) -> None:
        """Keep what a walk made this run depended on, for the next run (the run is
        answered already: this waits only for that description)."""
        if self._remembered is not None:
            self._remembered.remember()

    def stop(self) -> None:
        """The listing is not needed after all (the mapping could not be read)."""
        self._tracked.stop()
        if self._untracked is not None:
            self._untracked.stop()
        if self._remembered is not None:
            self._remembered.stop()

    def files(self) -> list[str]:
        """Every file git tracks or would track under root (tracked_only: those in
        git's index), relative to root, sorted; a directory walk outside git."""
        tracked = self._tracked_output()
        untracked = self._untracked_output()
        if tracked is None or untracked is None:
            return _walk(self.root)
        files = split_z(tracked)
        if untracked:
            files += split_z(untracked)
        return _in_order(files)


def _remembered(root: Path, memory: "Memory") -> "Optional[RememberedWalk]":
    """The helper that answers from memory or walks; None when it cannot be started."""
    from ownlint.sources.untracked import RememberedWalk

    if not sys.executable:
        return None
    try:
        return RememberedWalk(str(root), memory)
    except OSError:
        return None


def list_files(root: Path, cached: bool = False) -> list[str]:
    """Every file git tracks or would track under root, relative to root, sorted.

    cached: only the files in git's index, as a commit being made will hold them
    (a pre-commit hook must not fail a commit for an untracked file it does not include)."""
    return Listing(root, tracked_only=cached).files()


# Past this many paths one listing of everything is cheaper than naming them to git.
MAX_NAMED_PATHS = 1000


class Present:
    """Which of some paths list_files would list, being decided without listing the
    repository: start() now, files() when needed.

    With untracked files counted, a path that is a file (or a link) on disk is listed
    exactly when git does not ignore it or tracks it, so git is asked only whether it
    ignores the paths (`check-ignore --no-index`, which reads the .gitignore files on
    the paths' way and not the index: its cost does not grow with the repository); the
    index is read only for the paths it ignores and for what is not a plain file here.
    The index alone (cached) cannot be known without reading it: one ls-files for the
    paths, started at once."""

    def __init__(self, root: Path, paths: Sequence[str], cached: bool = False) -> None:
        self.root = root
        self.cached = cached
        self.wanted = sorted({path for path in paths if path})
        self._everything: Optional[Listing] = None
        self._ignored: Optional[_Started] = None
        self._indexed: Optional[_Started] = None
        self._on_disk: list[str] = []
        if len(self.wanted) > MAX_NAMED_PATHS:
            self._everything = Listing(root, cached)
            return
        asked = self.wanted
        if not cached:
            self._on_disk = [path for path in self.wanted if _plain_file_here(root, path)]
            if self._on_disk:
                names = os.fsencode("".join(f"{path}\0" for path in self._on_disk))
                # exit 1: none of them is ignored
                self._ignored = _Started(root, "check-ignore", "-z", "--stdin", "--no-index", data=names, accept=(0, 1))
            on_disk = set(self._on_disk)
            asked = [path for path in self.wanted if path not in on_disk]
        if asked:
            self._indexed = self._ask_index(asked)

    def _ask_index(self, paths: Sequence[str]) -> _Started:
        others = () if self.cached else ("--others", "--exclude-standard")
        specs = [f":(literal){path}" for path in paths]
        return _Started(self.root, "ls-files", "-z", "--cached", *others, "--", *specs)

    def files(self) -> list[str]:
        wanted = set(self.wanted)
        if self._everything is not None:
            return [path for path in self._everything.files() if path in wanted]
        found: set[str] = set()
        if self._on_disk:
            assert self._ignored is not None
            output = self._ignored.output()
            if output is None:
                return self._without_git(wanted)
            ignored = set(split_z(output))
            found.update(path for path in self._on_disk if path not in ignored)
            if ignored:  # listed only if tracked: the index decides
                indexed = self._ask_index(sorted(ignored)).output()
                if indexed is None:
                    return self._without_git(wanted)
                found.update(path for path in split_z(indexed) if path in ignored)
        if self._indexed is not None:
            output = self._indexed.output()
            if output is None:
                return self._without_git(wanted)
            found.update(path for path in split_z(output) if path in wanted)
        return sorted(found)

    def _without_git(self, wanted: set[str]) -> list[str]:
        return [path for path in list_files(self.root, self.cached) if path in wanted]


def _plain_file_here(root: Path, path: str) -> bool:
    """A file or a link on disk at path, reached through real directories of root's own
    work tree (not through a link, into a nested repository or a submodule), so that
    git would list it unless it ignores it."""
    try:
        mode = os.lstat(root / path).st_mode
    except (OSError, ValueError):
        return False
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        return False
    parts = path.split("/")
    if ".git" in parts:
        return False
    directory = root
    for part in parts[:-1]:
        directory = directory / part
        if directory.is_symlink() or os.path.lexists(directory / ".git"):
            return False
    return True


def list_present(root: Path, paths: Sequence[str], cached: bool = False) -> list[str]:
    """Those of paths that list_files would list, without listing the whole repository."""
    return Present(root, paths, cached).files()


def list_beneath(root: Path, paths: Sequence[str], cached: bool = False) -> list[str]:
    """The files list_files would list that are one of paths or lie beneath one of them."""
    wanted = sorted(set(paths))
    if "" in wanted or len(wanted) > MAX_NAMED_PATHS:
        return [path for path in list_files(root, cached) if is_beneath(path, wanted)]
    others = () if cached else ("--others", "--exclude-standard")
    output = _git(root, "ls-files", "-z", "--cached", *others, "--", *(f":(literal){path}" for path in wanted))
    if output is None:
        return [path for path in list_files(root, cached) if is_beneath(path, wanted)]
    return sorted({path for path in split_z(output) if is_beneath(path, wanted)})


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
    return sorted(set(path for path in split_z(output) if path.rpartition("/")[0] in wanted))


def _glob_escaped(text: str) -> str:
    return "".join(f"[{char}]" if char in "*?[]\\" else char for char in text)


def is_beneath(path: str, prefixes: Sequence[str]) -> bool:
    """path is one of prefixes or lies beneath one of them ('' is the root)."""
    return any(not prefix or path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in prefixes)


def _walk(root: Path) -> list[str]:
    """Outside git: every file beneath root that its .gitignore files do not ignore, as
    git would list it in a repository there (pathspec reads gitignore exactly)."""
    files: list[str] = []
    ignores: dict[str, list[tuple[str, Any]]] = {"": _ignore_files(root, "", [])}
    for directory, subdirectories, names in os.walk(root, followlinks=False):
        base = Path(directory).relative_to(root).as_posix()
        base = "" if base == "." else base
        specs = ignores.pop(base)
        # A link to a directory is one entry, as git tracks it; never followed.
        links = [d for d in subdirectories if (Path(directory) / d).is_symlink()]
        kept = []
        for name in sorted(d for d in subdirectories if d != ".git" and d not in links):
            path = f"{base}/{name}" if base else name
            if not _ignored(specs, path, directory=True):  # git never looks inside an ignored one
                kept.append(name)
                ignores[path] = _ignore_files(root, path, specs)
        subdirectories[:] = kept
        for name in names + links:
            path = f"{base}/{name}" if base else name
            if not _ignored(specs, path, directory=False):
                files.append(path)
    return sorted(files)


def _ignore_files(root: Path, directory: str, outer: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The .gitignore specs in force in directory: its parents', then its own (later wins)."""
    ignore = root / directory / ".gitignore"
    if not ignore.is_file():
        return outer
    from pathspec import GitIgnoreSpec  # only outside git: a hook never pays for it

    try:
        lines = ignore.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return outer
    return [*outer, (directory, GitIgnoreSpec.from_lines(lines))]


def _ignored(specs: list[tuple[str, Any]], path: str, directory: bool) -> bool:
    """The last .gitignore pattern that speaks about path decides, deepest file last."""
    decision: Optional[bool] = None
    for base, spec in specs:
        relative = path[len(base) + 1:] if base else path
        include = spec.check_file(relative + "/" if directory else relative).include
        if include is not None:
            decision = include
    return bool(decision)


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
    return sorted(set(split_z(output or b"")) | set(split_z(untracked or b"")))


def normalise(root: Path, cwd: Path, paths: Sequence[str]) -> list[str]:
    """User-given paths as root-relative POSIX paths; refuse those that leave the root."""
    result: list[str] = []
    resolved = root.resolve()
    for given in paths:
        absolute = Path(os.path.normpath(cwd / given))
        try:
            relative = absolute.relative_to(root)
        except ValueError:
            raise OwnlintError("path is outside the repository root", given) from None
        # A path reached through a link to outside the root is outside it too.
        container = absolute if relative == Path(".") else absolute.parent
        if not container.resolve().is_relative_to(resolved):
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
    import subprocess

    try:
        dirty = subprocess.run(["git", "-C", str(root), "diff-index", "--quiet", "HEAD", "--"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode != 0
    except FileNotFoundError:
        dirty = False
    return revision + (" with uncommitted changes" if dirty else "")
