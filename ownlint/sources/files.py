"""Where a project's files come from: the working tree, git's index, or a git revision.

The three readers answer the same questions about root-relative paths, so the
configuration, the registry and the mapping load the same way from each (as
check-jsonschema's readers do). Every path a repository's own files name is
untrusted: a reader refuses one that leaves the root (after symbolic links) or
enters `.git/`, before reading a byte of it.
"""
from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Optional, Sequence

from ownlint.errors import OwnlintError, UndecodableText

# Larger files are refused before parsing: real ownership files are well under 1 MB.
MAX_FILE_BYTES = 10 * 1024 * 1024
# Links followed inside a git tree before giving up (git itself stops at 40, the kernel at 40).
MAX_LINKS = 8
_SYMLINK_MODE = "120000"
_FILE_MODES = ("100644", "100755")


class PathRefused(OwnlintError):
    """A path named by a repository's file that leads outside the root or into .git/."""


def confined(name: str) -> str:
    """A root-relative POSIX path, normalised; PathRefused when it is absolute, climbs out
    with '..', or names something inside .git/ (lexically: links are the reader's job)."""
    if not name or "\0" in name:
        raise PathRefused("an empty path or one with a NUL byte")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or name.startswith("\\"):
        raise PathRefused("is an absolute path: paths are relative to the root")
    normal = posixpath.normpath(name.replace("\\", "/") if os.sep == "\\" else name)
    if normal == ".." or normal.startswith("../"):
        raise PathRefused("leads outside the repository root")
    if any(part.casefold() == ".git" for part in normal.split("/")):
        raise PathRefused("is inside .git/, which no configuration may name")
    return "" if normal == "." else normal


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text (a byte-order mark dropped); UndecodableText at the first bad byte."""
    nul = raw.find(b"\0")
    if nul >= 0:
        line, column = _line_column(raw, nul)
        raise UndecodableText("contains a NUL byte: not a text file", file, line, column)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise UndecodableText(
            f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded", file, line, column
        ) from None


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    return raw.count(b"\n", 0, offset) + 1, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


def split_z(output: bytes) -> list[str]:
    # surrogateescape keeps names that are not UTF-8 round-trippable to bytes.
    text = output.decode(sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
    return [item for item in text.split("\0") if item]


class FileSource(ABC):
    """The files of one state of the repository, named relative to `root`."""

    label: str

    def __init__(self, root: Path) -> None:
        self.root = root

    @abstractmethod
    def at(self, root: Path) -> FileSource:
        """The same state, seen from another directory (for finding the configuration)."""

    @abstractmethod
    def read_bytes(self, path: str, max_bytes: int = MAX_FILE_BYTES) -> Optional[bytes]:
        """The bytes of a file; None when this state has no such file. PathRefused for a
        path that leaves the root or enters .git/; OwnlintError for one that cannot be read."""

    @abstractmethod
    def is_file(self, path: str) -> bool:
        """A regular file (or a link to one inside the root) of this state; never raises."""

    @abstractmethod
    def is_dir(self, path: str) -> bool: ...

    @abstractmethod
    def exists(self, path: str) -> bool:
        """Anything is there (a file, a folder, a link wherever it points); never raises."""

    @abstractmethod
    def check(self, path: str) -> str:
        """The path normalised, once it is known to stay inside the root and outside .git/
        after symbolic links; PathRefused otherwise."""

    @abstractmethod
    def is_top(self) -> bool:
        """The root is the top of the git work tree (or of a bare repository)."""

    @abstractmethod
    def files(self) -> list[str]:
        """Every file of this state under the root, sorted."""

    def present(self, paths: Sequence[str]) -> list[str]:
        """Those of paths that files() would list."""
        wanted = set(paths)
        return [path for path in self.files() if path in wanted]

    def beneath(self, paths: Sequence[str]) -> list[str]:
        """The files that are one of paths or lie beneath one of them."""
        from ownlint.sources.repo import is_beneath

        return [path for path in self.files() if is_beneath(path, paths)]

    def where(self, path: str) -> str:
        """How a file of this state is named in a message."""
        return path

    def expect(self, paths: Sequence[str]) -> None:
        """A hint: these paths are about to be asked about (a source that pays per
        question, such as git's index, answers them all at once)."""
        return None  # the working tree answers each question as cheaply alone

    def read_text(self, path: str, max_bytes: int = MAX_FILE_BYTES) -> Optional[str]:
        raw = self.read_bytes(path, max_bytes)
        return None if raw is None else decode(raw, self.where(path))


class WorkingTree(FileSource):
    """The files on disk."""

    label = "the working tree"

    def at(self, root: Path) -> WorkingTree:
        return WorkingTree(root)

    def resolve(self, path: str) -> Path:
        """The file on disk a root-relative path names, after symbolic links; PathRefused
        when that leaves the root or is inside a .git directory."""
        relative = confined(path)
        root = self.root.resolve()
        target = (root / relative).resolve()
        try:
            inside = target.relative_to(root)
        except ValueError:
            raise PathRefused("leads outside the repository root through a symbolic link") from None
        if any(part.casefold() == ".git" for part in inside.parts):
            raise PathRefused("leads into .git/ through a symbolic link")
        return target

    def read_bytes(self, path: str, max_bytes: int = MAX_FILE_BYTES) -> Optional[bytes]:
        target = self.resolve(path)
        file = self.where(path)
        try:
            if target.is_dir():
                raise OwnlintError("is a directory, not a file", file)
            if not target.exists():
                return None
            size = target.stat().st_size
            if size > max_bytes:
                raise OwnlintError(f"file is {size} bytes, over the limit of {max_bytes}", file)
            return target.read_bytes()
        except PermissionError:
            raise OwnlintError("permission denied", file) from None
        except OSError as error:
            raise OwnlintError(error.strerror or str(error), file) from None

    def exists(self, path: str) -> bool:
        try:
            return os.path.lexists(self.root / confined(path))
        except PathRefused:
            return False

    def check(self, path: str) -> str:
        self.resolve(path)
        return confined(path)

    def is_top(self) -> bool:
        return (self.root / ".git").exists()

    def is_file(self, path: str) -> bool:
        try:
            return self.resolve(path).is_file()
        except (PathRefused, OSError):
            return False

    def is_dir(self, path: str) -> bool:
        try:
            return self.resolve(path).is_dir()
        except (PathRefused, OSError):
            return False

    def files(self) -> list[str]:
        from ownlint.sources.repo import list_files

        return list_files(self.root)

    def present(self, paths: Sequence[str]) -> list[str]:
        from ownlint.sources.repo import list_present

        return list_present(self.root, paths)

    def beneath(self, paths: Sequence[str]) -> list[str]:
        from ownlint.sources.repo import list_beneath

        return list_beneath(self.root, paths)


def run_git(directory: Path, *args: str, stdin: Optional[bytes] = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(directory), *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except FileNotFoundError:
        raise OwnlintError("git is not installed") from None


def git_top(directory: Path) -> Optional[Path]:
    """The top of the git work tree holding directory; for a bare repository, the
    repository itself; None outside git."""
    bare = run_git(directory, "rev-parse", "--is-bare-repository")
    if bare.returncode != 0:
        return None
    if bare.stdout.strip() == b"true":
        return directory.resolve()
    shown = run_git(directory, "rev-parse", "--show-toplevel")
    return Path(os.fsdecode(shown.stdout).strip()).resolve() if shown.returncode == 0 else None


class GitObjects(FileSource):
    """A state kept by git (the index, or a revision's tree): read with git plumbing,
    never from a checkout. Paths are root-relative; git is asked with top-relative ones."""

    def __init__(self, root: Path, top: Optional[Path] = None) -> None:
        root = root.resolve()
        super().__init__(root)
        found = top if top is not None else git_top(root)
        if found is None:
            raise OwnlintError(f"{self.label} needs a git repository", str(root))
        self.top = found
        try:
            prefix = root.relative_to(found).as_posix()
        except ValueError:
            raise OwnlintError("is outside the git repository", str(root)) from None
        self.prefix = "" if prefix == "." else prefix + "/"

    @abstractmethod
    def _entry(self, full: str) -> Optional[tuple[str, str]]:
        """(mode, object id) of a top-relative path in this state, or None."""

    def _git(self, *args: str, stdin: Optional[bytes] = None) -> bytes:
        done = run_git(self.top, *args, stdin=stdin)
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip().splitlines()
            raise OwnlintError(f"git {args[0]}: {message[0] if message else 'failed'}", self.label)
        return done.stdout

    def _object(self, path: str) -> Optional[tuple[str, str, str]]:
        """(mode, object id, top-relative path) after following links inside the tree."""
        full = self.prefix + confined(path)
        for _ in range(MAX_LINKS):
            entry = self._entry(full)
            if entry is None:
                linked = self._linked_folder(full)
                if linked is None:
                    return None
                link, rest, entry = linked
            else:
                link, rest = full, ""
            mode, oid = entry
            if mode != _SYMLINK_MODE:
                return mode, oid, full
            target = os.fsdecode(self._git("cat-file", "blob", oid))
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(link), target, rest))
            if target.startswith("/") or not joined.startswith(self.prefix):
                raise PathRefused("leads outside the repository root through a symbolic link")
            try:
                full = self.prefix + confined(joined[len(self.prefix):])
            except PathRefused:
                raise PathRefused("leads outside the repository root or into .git/ through a symbolic link") from None
        raise PathRefused("too many levels of symbolic links")

    def _linked_folder(self, full: str) -> Optional[tuple[str, str, tuple[str, str]]]:
        """For a path that is not in the tree: (link, the rest of the path, the link's entry)
        when one of its folders is a symbolic link; None when it simply does not exist."""
        parts = full.split("/")
        for depth in range(1, len(parts)):
            entry = self._entry("/".join(parts[:depth]))
            if entry is not None and entry[0] == _SYMLINK_MODE:  # (the index lists no folders)
                return "/".join(parts[:depth]), "/".join(parts[depth:]), entry
        return None

    def read_bytes(self, path: str, max_bytes: int = MAX_FILE_BYTES) -> Optional[bytes]:
        found = self._object(path)
        if found is None:
            return None
        mode, oid, _ = found
        if mode not in _FILE_MODES:
            raise OwnlintError("is a directory, not a file", self.where(path))
        size = int(self._git("cat-file", "-s", oid))
        if size > max_bytes:
            raise OwnlintError(f"file is {size} bytes, over the limit of {max_bytes}", self.where(path))
        return self._git("cat-file", "blob", oid)

    def exists(self, path: str) -> bool:
        try:
            return self._entry(self.prefix + confined(path)) is not None
        except OwnlintError:
            return False

    def check(self, path: str) -> str:
        self._object(path)
        return confined(path)

    def is_top(self) -> bool:
        return self.root == self.top

    def is_file(self, path: str) -> bool:
        try:
            found = self._object(path)
        except OwnlintError:
            return False
        return found is not None and found[0] in _FILE_MODES



class Index(GitObjects):
    """git's index: the files, and their content, as the commit being made will hold them."""

    label = "the index"

    def __init__(
        self, root: Path, top: Optional[Path] = None, entries: Optional[dict[str, Optional[tuple[str, str]]]] = None
    ) -> None:
        super().__init__(root, top)
        # Every git command reads the whole index (tens of milliseconds in a large
        # repository): each entry is asked once a run, shared by the views at().
        self._entries: dict[str, Optional[tuple[str, str]]] = {} if entries is None else entries
        self._listed: set[str] = set()  # in the index at any stage (a conflict too), as ls-files lists

    def at(self, root: Path) -> Index:
        view = Index(root, self.top, self._entries)
        view._listed = self._listed
        return view

    def expect(self, paths: Sequence[str]) -> None:
        unknown = []
        for path in paths:
            try:
                full = self.prefix + confined(path)
            except PathRefused:
                continue
            if full not in self._entries:
                unknown.append(full)
        if unknown:
            self._read_entries(unknown)

    def _read_entries(self, fulls: Sequence[str]) -> None:
        if not fulls:
            return
        listed = self._git("ls-files", "-s", "-z", "--", *(f":(literal){full}" for full in fulls))
        found: dict[str, tuple[str, str]] = {}
        for item in listed.split(b"\0"):
            meta, _, name = item.partition(b"\t")
            if name:
                mode, oid, stage = meta.decode().split()
                self._listed.add(os.fsdecode(name))
                if stage in ("0", "2"):  # in a conflict, "ours" stands for the file
                    found[os.fsdecode(name)] = (mode, oid)
        for full in fulls:
            self._entries[full] = found.get(full)

    def _entry(self, full: str) -> Optional[tuple[str, str]]:
        if full not in self._entries:
            self._read_entries([full])
        return self._entries[full]

    def is_dir(self, path: str) -> bool:
        try:
            full = self.prefix + confined(path)
        except PathRefused:
            return False
        return bool(self._git("ls-files", "-z", "--", f":(literal){full}/"))

    def files(self) -> list[str]:
        from ownlint.sources.repo import list_files

        return list_files(self.root, cached=True)

    def present(self, paths: Sequence[str]) -> list[str]:
        """Answered from the entries read with the registry and the mapping (see
        expect): a hook's run reads the index once for all it needs to know."""
        from ownlint.sources.repo import MAX_NAMED_PATHS, list_present

        wanted = sorted({path for path in paths if path})
        try:
            fulls = [self.prefix + confined(path) for path in wanted]
        except PathRefused:
            fulls = []
        if len(fulls) != len(wanted) or len(wanted) > MAX_NAMED_PATHS:
            return list_present(self.root, paths, cached=True)
        self._read_entries([full for full in fulls if full not in self._entries])
        return [path for path, full in zip(wanted, fulls) if full in self._listed]

    def beneath(self, paths: Sequence[str]) -> list[str]:
        from ownlint.sources.repo import list_beneath

        return list_beneath(self.root, paths, cached=True)

    def where(self, path: str) -> str:
        return f":{path}"


class Revision(GitObjects):
    """One git revision's tree, read with `git ls-tree` and `git cat-file`: works in a
    bare repository and whatever the working tree holds."""

    def __init__(self, root: Path, revision: str, top: Optional[Path] = None) -> None:
        self.revision = revision
        self.label = revision
        super().__init__(root, top)
        if revision.startswith("-"):
            raise OwnlintError(f"'{revision}' is not a git revision here", str(root))
        check = run_git(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
        if check.returncode != 0:
            raise OwnlintError(f"'{revision}' is not a git revision here", str(root))
        self.commit = check.stdout.decode().strip()
        self._names: Optional[list[str]] = None

    def at(self, root: Path) -> Revision:
        return Revision(root, self.revision, self.top)

    def _entry(self, full: str) -> Optional[tuple[str, str]]:
        listed = self._git("ls-tree", "-z", "--full-tree", self.commit, "--", full)
        for item in listed.split(b"\0"):
            meta, _, name = item.partition(b"\t")
            if name and os.fsdecode(name) == full:
                mode, _kind, oid = meta.decode().split()
                return mode, oid
        return None

    def is_dir(self, path: str) -> bool:
        try:
            full = self.prefix + confined(path)
        except PathRefused:
            return False
        entry = self._entry(full) if full else ("040000", "")
        return entry is not None and entry[0] == "040000"

    def files(self) -> list[str]:
        if self._names is None:
            spec = [self.prefix] if self.prefix else []
            listed = self._git("ls-tree", "-r", "-z", "--name-only", "--full-tree", self.commit, "--", *spec)
            cut = len(self.prefix)
            self._names = sorted(path[cut:] for path in split_z(listed) if path.startswith(self.prefix))
        return self._names

    def where(self, path: str) -> str:
        return f"{self.revision}:{path}"
