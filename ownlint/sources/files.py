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
import sys
from abc import ABC, abstractmethod
from pathlib import Path

from ownlint.errors import OwnlintError, UndecodableText

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess
    from typing import Optional, Sequence

    from ownlint.sources.index_file import IndexFile
    from ownlint.sources.spawned import Started

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
    # What the "utf-8-sig" codec does, without importing it (a module of its own, loaded
    # on first use: a hook's run reads its CODEOWNERS through here).
    # Lines and columns are counted after the mark, as an editor shows them.
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(body, error.start)
        raise UndecodableText(f"not UTF-8: byte 0x{body[error.start]:02x} cannot be decoded", file, line, column) from None


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    return raw.count(b"\n", 0, offset) + 1, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


def split_z(output: bytes) -> list[str]:
    """git's NUL-terminated names, none empty. One decode for the whole output: the same
    as os.fsdecode on each name (surrogateescape keeps names that are not UTF-8
    round-trippable to bytes)."""
    text = output.decode(sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
    names = text.split("\0")
    if names and not names[-1]:
        names.pop()  # (the last name's terminator)
    if "" in names:  # (never in a listing of git's: looked for in C, not name by name)
        return [name for name in names if name]
    return names


class FileSource(ABC):
    """The files of one state of the repository, named relative to `root`."""

    label: str

    def __init__(self, root: Path) -> None:
        self.root = root

    @abstractmethod
    def at(self, root: Path) -> FileSource:
        """The same state, seen from another directory (for finding the configuration)."""

    def resolved_root(self) -> Path:
        """The root after symbolic links."""
        return self.root.resolve()

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
    import subprocess

    try:
        return subprocess.run(
            ["git", "-C", str(directory), *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except FileNotFoundError:
        raise OwnlintError("git is not installed") from None


def start_git(directory: Path, *args: str) -> Optional[Started]:
    """A git command started, its output read later; None when git is not installed."""
    from ownlint.sources.spawned import start

    try:
        return start(["git", "-C", str(directory), *args])
    except FileNotFoundError:
        return None


def git_top(directory: Path) -> Optional[Path]:
    """The top of the git work tree holding directory; for a bare repository, the
    repository itself; None outside git (or inside a .git directory)."""
    # One git for both questions: --show-toplevel fails in a bare repository (and in
    # .git/), after --is-bare-repository has printed its answer.
    return _top_from(directory, run_git(directory, *_TOP_QUESTION))


_TOP_QUESTION = ("rev-parse", "--is-bare-repository", "--show-toplevel")


def _top_from(directory: Path, shown: "subprocess.CompletedProcess[bytes]") -> Optional[Path]:
    lines = shown.stdout.splitlines()
    if shown.returncode != 0:
        return directory.resolve() if lines[:1] == [b"true"] else None
    return Path(os.fsdecode(lines[1]).strip()).resolve() if len(lines) > 1 else None


# Blobs read this run, by object id: an id names its content for good, so the index and
# HEAD holding the same mapping read it once. Only a few small files (ownership files) are kept.
_BLOBS: dict[str, bytes] = {}
_KEPT_BLOB_BYTES = 4 * 1024 * 1024


def read_blob(top: Path, oid: str, max_bytes: int, where: str) -> bytes:
    """A blob's bytes with one `git cat-file --batch` (its size, then its content);
    OwnlintError past max_bytes, without reading the rest."""
    if _BATCH is not None and _BATCH.top == top and oid not in _BLOBS:
        data = _BATCH.read(oid, max_bytes)
        if data is not None:
            return data
    kept = _BLOBS.get(oid)
    if kept is not None:
        if len(kept) > max_bytes:
            raise OwnlintError(f"file is {len(kept)} bytes, over the limit of {max_bytes}", where)
        return kept
    import subprocess

    try:
        process = subprocess.Popen(
            ["git", "-C", str(top), "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise OwnlintError("git is not installed") from None
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(oid.encode("ascii") + b"\n")
        process.stdin.close()
        header = process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
            raise OwnlintError(f"git cat-file: cannot read object {oid}", where)
        size = int(header[2])
        if size > max_bytes:
            raise OwnlintError(f"file is {size} bytes, over the limit of {max_bytes}", where)
        data = process.stdout.read(size)
        if len(data) != size:
            raise OwnlintError(f"git cat-file: object {oid} is truncated", where)
    finally:
        process.kill()
        process.stdout.close()
        process.wait()
    _keep(oid, data)
    return data


def _keep(oid: str, data: bytes) -> None:
    if len(data) <= _KEPT_BLOB_BYTES and len(_BLOBS) < 64:
        _BLOBS[oid] = data


class _Batch:
    """One `git cat-file --batch` open for a hook's run (HookGit), started with the run:
    the files a run reads are read through it, without starting a git for each, and
    HEAD's files where a configuration may be were asked of it at the start (a hook's
    commit seldom changes them: the index's blobs are then HEAD's, read already).
    Anything unexpected closes it, and the file is read the usual way."""

    def __init__(self, process: Started, asked: int) -> None:
        self.process = process
        self.top: Optional[Path] = None  # known once git has said where the top is
        self._pending = asked  # answers to the first questions, not read yet

    def _answer(self, max_bytes: int) -> Optional[tuple[str, str, bytes]]:
        """The next answer: (object id, type, content); ("", "missing", b"") for a name
        that names nothing; None (and closed) when it is not one or is over max_bytes."""
        assert self.process.stdout is not None
        header = self.process.stdout.readline().split()
        if len(header) == 2 and header[1] == b"missing":
            return "", "missing", b""
        if len(header) != 3 or not header[2].isdigit() or int(header[2]) > max_bytes:
            self.close()
            return None
        size = int(header[2])
        data = self.process.stdout.read(size)
        if len(data) != size or self.process.stdout.read(1) != b"\n":
            self.close()
            return None
        return header[0].decode("ascii"), header[1].decode("ascii"), data

    def _drain(self) -> bool:
        """The blobs of the first questions, kept by object id."""
        while self._pending:
            self._pending -= 1
            answer = self._answer(_KEPT_BLOB_BYTES)
            if answer is None:
                return False
            oid, kind, data = answer
            if kind == "blob":
                _keep(oid, data)
        return True

    def read(self, oid: str, max_bytes: int) -> Optional[bytes]:
        """A blob's bytes; None when this batch cannot say (the caller reads it as before)."""
        if self.process.returncode is not None or not self._drain():
            return None
        if oid in _BLOBS:
            return _BLOBS[oid] if len(_BLOBS[oid]) <= max_bytes else None
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(oid.encode("ascii") + b"\n")
            self.process.stdin.flush()
        except OSError:
            self.close()
            return None
        answer = self._answer(max_bytes)
        if answer is None or answer[:2] != (oid, "blob"):
            self.close()
            return None
        _keep(oid, answer[2])
        return answer[2]

    def close(self) -> None:
        global _BATCH
        if _BATCH is self:
            _BATCH = None
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()


_BATCH: Optional[_Batch] = None


class GitObjects(FileSource):
    """A state kept by git (the index, or a revision's tree): read with git plumbing,
    never from a checkout. Paths are root-relative; git is asked with top-relative ones."""

    # What git said of each top-relative path asked so far: (mode, object id), or None.
    _entries: dict[str, Optional[tuple[str, str]]]

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

    def resolved_root(self) -> Path:
        return self.root  # (resolved when made: a hook's setups ask it a dozen times)

    def _unread(self, paths: Sequence[str]) -> list[str]:
        """The top-relative names of those root-relative paths git was not asked about
        yet in this state (a path that leaves the root is never asked)."""
        unknown = []
        for path in paths:
            try:
                full = self.prefix + confined(path)
            except PathRefused:
                continue
            if full not in self._entries:
                unknown.append(full)
        return unknown

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
        return read_blob(self.top, oid, max_bytes, self.where(path))

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
        self._hinted: list[str] = []  # top-relative paths to ask about with the next question
        # Questions started (prefetch) and not yet read: git reads the index meanwhile.
        # (The flag: started before the index was made, see adopt().)
        self._started: list[tuple[Started, list[str], bool]] = []
        # The index file read by Python (a hook's, see HookGit), shared by the views:
        # emptied when it cannot answer a question, which git answers then.
        self._file: list[IndexFile] = []

    def at(self, root: Path) -> Index:
        if root == self.root:  # (a view shares everything: from the same root it is this one)
            return self
        view = Index(root, self.top, self._entries)
        view._listed = self._listed
        view._hinted = self._hinted
        view._started = self._started
        view._file = self._file
        return view

    def read_from(self, file: IndexFile, fulls: Sequence[str]) -> bool:
        """These top-relative paths answered from the index file itself, which answers
        every later question it can (HookGit); False when it cannot answer them."""
        self._file.append(file)
        return self._from_file(fulls)

    def _from_file(self, fulls: Sequence[str]) -> bool:
        """Answered from the index file, when there is one and it can answer."""
        if not self._file:
            return False
        from ownlint.sources.index_file import Unreadable

        try:
            rows = self._file[0].listed([os.fsencode(full) for full in fulls])
        except Unreadable:
            self._file.clear()
            return False
        self._note(fulls, rows)
        return True

    def prefetch(self, paths: Sequence[str]) -> None:
        """Start asking about these paths (and the hinted ones) now, and read the answer
        with the next question: git reads the whole index while Python goes on (a
        hook's run imports its checks meanwhile). The root's own files are asked too
        (a handful): a registry, a mapping or a baseline beside the configuration needs
        no second read of the index."""
        asked = self._asked()
        fulls = [full for full in self._unread(paths) if full not in asked]
        fulls += [full for full in self._hinted if full not in self._entries and full not in asked]
        self._hinted.clear()
        if not fulls or self._from_file(fulls):
            return
        process = start_git(self.top, *self._prefetch_args(fulls))
        if process is None:
            raise OwnlintError("git is not installed")
        self._started.append((process, fulls, False))

    def _asked(self) -> set[str]:
        """The paths of the questions started and not read yet."""
        return {full for _, fulls, _ in self._started for full in fulls}

    def _prefetch_args(self, fulls: Sequence[str]) -> list[str]:
        # A glob's '*' does not cross a '/': the files directly in the root.
        own_files = ":(glob)" + "".join(f"[{char}]" if char in "*?[]\\" else char for char in self.prefix) + "*"
        return ["ls-files", "-s", "-z", "--", *(f":(literal){full}" for full in fulls), own_files]

    def adopt(self, process: Started, fulls: Sequence[str]) -> None:
        """The answer of a prefetch started before this index was made (HookGit): the
        same question, asked from the root with --full-name. Should it fail, it is asked
        again as prefetch() would have asked it (so that an error reads as it always did)."""
        self._started.append((process, list(fulls), True))

    def _collect(self) -> None:
        """Read the answers of the questions prefetch() started."""
        while self._started:
            process, fulls, again = self._started.pop(0)
            listed, errors = process.communicate()
            if process.returncode != 0 and again:
                listed = self._git(*self._prefetch_args(fulls))
            elif process.returncode != 0:
                message = errors.decode(errors="replace").strip().splitlines()
                raise OwnlintError(f"git ls-files: {message[0] if message else 'failed'}", self.label)
            self._record(fulls, listed)

    def hint(self, fulls: Sequence[str]) -> None:
        """Top-relative paths a caller will ask about later (a hook's staged files): they
        are read with the next question, so that the whole run reads the index once."""
        asked = self._asked()
        self._hinted.extend(full for full in fulls if full and full not in self._entries and full not in asked)

    def lists_beneath(self, path: str) -> Optional[bool]:
        """Whether the index lists path or a file beneath it (as `ls-files` would), when
        path was read already (hint, expect); None when it was not."""
        try:
            full = self.prefix + confined(path)
        except PathRefused:
            return None
        self._collect()
        if full not in self._entries:
            return None
        folder = full + "/"
        return any(name == full or name.startswith(folder) for name in self._listed)

    def expect(self, paths: Sequence[str]) -> None:
        unknown = self._unread(paths)
        if unknown:
            self._read_entries(unknown)

    def _read_entries(self, fulls: Sequence[str]) -> None:
        self._collect()
        fulls = [full for full in fulls if full not in self._entries]
        if not fulls:
            return
        fulls = [*fulls, *(full for full in self._hinted if full not in self._entries)]
        self._hinted.clear()
        if self._from_file(fulls):
            return
        self._record(fulls, self._git("ls-files", "-s", "-z", "--", *(f":(literal){full}" for full in fulls)))

    def _record(self, fulls: Sequence[str], listed: bytes) -> None:
        """The entries `ls-files -s` listed for these paths (None: not in the index)."""
        rows = []
        for item in listed.split(b"\0"):
            meta, _, name = item.partition(b"\t")
            if name:
                mode, oid, stage = meta.decode().split()
                rows.append((mode, oid, stage, name))
        self._note(fulls, rows)

    def _note(self, fulls: Sequence[str], rows: Sequence[tuple[str, str, str, bytes]]) -> None:
        """The entries listed for these paths, as (mode, object id, stage, name)."""
        found: dict[str, tuple[str, str]] = {}
        for mode, oid, stage, name in rows:
            self._listed.add(os.fsdecode(name))
            if stage in ("0", "2"):  # in a conflict, "ours" stands for the file
                found[os.fsdecode(name)] = (mode, oid)
        for full in fulls:
            self._entries[full] = found.get(full)
        for listed_name, entry in found.items():  # (listed too, asked or not: known now)
            self._entries.setdefault(listed_name, entry)

    def _entry(self, full: str) -> Optional[tuple[str, str]]:
        if full not in self._entries:
            self._read_entries([full])
        return self._entries[full]

    def is_dir(self, path: str) -> bool:
        try:
            full = self.prefix + confined(path)
        except PathRefused:
            return False
        if self._file and full:
            from ownlint.sources.index_file import Unreadable

            try:
                return self._file[0].holds_beneath(os.fsencode(full))
            except Unreadable:
                self._file.clear()
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

    def __init__(
        self, root: Path, revision: str, top: Optional[Path] = None, commit: Optional[str] = None,
        entries: Optional[dict[str, Optional[tuple[str, str]]]] = None,
    ) -> None:
        self.revision = revision
        self.label = revision
        super().__init__(root, top)
        if commit is None:
            if revision.startswith("-"):
                raise OwnlintError(f"'{revision}' is not a git revision here", str(root))
            check = run_git(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
            if check.returncode != 0:
                raise OwnlintError(f"'{revision}' is not a git revision here", str(root))
            commit = check.stdout.decode().strip()
        self.commit = commit
        self._names: Optional[list[str]] = None
        # Entries asked about (top-relative path: mode and object id, None: not in the
        # tree), shared by the views at(): each path is asked once a run.
        self._entries: dict[str, Optional[tuple[str, str]]] = {} if entries is None else entries
        # A question started and not read yet (prefetch), shared by the views at().
        self._started: list[tuple[Started, list[str]]] = []

    def at(self, root: Path) -> Revision:
        if root == self.root:  # (a view shares everything: from the same root it is this one)
            return self
        view = Revision(root, self.revision, self.top, self.commit, self._entries)
        view._started = self._started
        return view

    def prefetch(self, fulls: Sequence[str], folder: str) -> None:
        """Start asking about these top-relative paths and what lies directly in folder
        (top-relative, "" for the top), to be read with the next question: git looks
        them up while Python goes on. Without -r a folder named lists its own entries
        only, never the tree beneath it. A failure is forgotten: each path is then
        asked as it would have been."""
        process = start_git(
            self.top, "ls-tree", "-t", "-z", "--full-tree", self.commit, "--", *sorted(set(fulls)), folder or "."
        )
        if process is not None:
            self._started.append((process, list(fulls)))

    def adopt(self, process: Started, fulls: Sequence[str]) -> None:
        """The answer of a prefetch started before this revision was made (HookGit): the
        same question, asked from the directory of the root with --full-name."""
        self._started.append((process, list(fulls)))

    def _collect(self) -> None:
        while self._started:
            process, fulls = self._started.pop(0)
            listed, _ = process.communicate()
            if process.returncode == 0:
                self._record(fulls, listed)

    def expect(self, paths: Sequence[str]) -> None:
        """One `git ls-tree` for all these paths and the folders on their way (-t): the
        configuration, the mapping and a hook's paths cost one git, not one each."""
        self._collect()
        fulls = self._unread(paths)
        if fulls:
            self._read_entries(fulls)

    def _read_entries(self, fulls: Sequence[str]) -> None:
        # Paths are literal to ls-tree (no pathspec magic); a folder named here lists
        # what lies beneath it too (-r), so callers name files, not large folders.
        self._record(fulls, self._git("ls-tree", "-r", "-t", "-z", "--full-tree", self.commit, "--", *sorted(set(fulls))))

    def _record(self, fulls: Sequence[str], listed: bytes) -> None:
        found: dict[str, tuple[str, str]] = {}
        for item in listed.split(b"\0"):
            meta, _, name = item.partition(b"\t")
            if name:
                mode, _kind, oid = meta.decode().split()
                found[os.fsdecode(name)] = (mode, oid)
        for full in fulls:
            self._entries[full] = found.get(full)
        for listed_name, entry in found.items():
            self._entries.setdefault(listed_name, entry)

    def _entry(self, full: str) -> Optional[tuple[str, str]]:
        self._collect()
        if full in self._entries:
            return self._entries[full]
        listed = self._git("ls-tree", "-z", "--full-tree", self.commit, "--", full)
        entry = None
        for item in listed.split(b"\0"):
            meta, _, name = item.partition(b"\t")
            if name and os.fsdecode(name) == full:
                mode, _kind, oid = meta.decode().split()
                entry = (mode, oid)
        self._entries[full] = entry
        return entry

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

    def present(self, paths: Sequence[str]) -> list[str]:
        """Those of paths that files() would list (anything but a folder), from the
        entries of the named paths alone: a hook's HEAD is never listed whole."""
        from ownlint.sources.repo import MAX_NAMED_PATHS

        wanted = sorted({path for path in paths if path})
        try:
            fulls = [self.prefix + confined(path) for path in wanted]
        except PathRefused:
            return super().present(paths)
        if len(wanted) > MAX_NAMED_PATHS:
            return super().present(paths)
        self._collect()
        unknown = [full for full in fulls if full not in self._entries]
        if unknown:
            self._read_entries(unknown)
        # files() lists normal names only: "a/../b" is never one of them.
        return [
            path for path, full in zip(wanted, fulls)
            if full == self.prefix + path and (entry := self._entries[full]) is not None and entry[0] != "040000"
        ]

    def where(self, path: str) -> str:
        return f"{self.revision}:{path}"


class HookGit:
    """Every git question a hook's run (`check --cached PATH...`) asks, started at once
    before the run reads anything: the index's entries for names (directory-relative:
    where a configuration may be and the staged files) with the directory's own files,
    the question Index.prefetch() asks once the top is known; a `cat-file --batch` for
    the files the run reads (see _Batch); the top of the work tree with HEAD's commit
    (one rev-parse); HEAD's `ls-tree` of the same names and the directory's own entries.
    Git answers on the other core while Python imports the checks. Each answer is used
    only if it came: whatever failed is asked again the usual way, so errors read as
    they did."""

    def __init__(self, directory: Path, names: Sequence[str], setup: Sequence[str]) -> None:
        """names: directory-relative paths to ask about; setup: those of them whose
        content HEAD is asked for at once (where a configuration may be)."""
        self.directory = directory
        self.names: list[str] = []
        for name in names:
            try:
                normal = confined(name)
            except PathRefused:
                continue  # asked the usual way (and refused there)
            if normal and normal not in self.names:
                self.names.append(normal)
        # The index's entries for them are read from the index file itself once git has
        # said where it is (see index()); asked of git when it is anything but plain.
        self._listed: Optional[Started] = None
        self._batch = self._start_batch(directory, [name for name in setup if name in self.names])
        # Where the top is, where the index file is (GIT_INDEX_FILE, a linked work tree:
        # git knows), its object ids' format and HEAD's commit: its lines are git_top's,
        # the index file's path relative to the directory, the format, then the
        # commit's (none when there is no commit yet: the top is still known).
        self._where = start_git(
            directory, *_TOP_QUESTION, "--git-path", "index", "--show-object-format",
            "--verify", "--quiet", "--end-of-options", "HEAD^{commit}",
        )
        # HEAD's entries for the names and the directory's own: what Revision.prefetch()
        # asks once HEAD's commit is known, asked now, from the directory (--full-name:
        # top-relative names, as Revision records them), so that git has answered before
        # HEAD's setup is read instead of starting then. A HEAD that is no commit fails
        # it: its answer is then not used (and asked again the usual way, if at all).
        self._tree = start_git(directory, "ls-tree", "-t", "-z", "--full-name", "HEAD", "--", *sorted(self.names), ".")
        self._index: Optional[Index] = None
        self._revision: Optional[Revision] = None

    @staticmethod
    def _start_batch(directory: Path, names: Sequence[str]) -> Optional[_Batch]:
        from ownlint.sources.spawned import start

        try:
            process = start(["git", "-C", str(directory), "cat-file", "--batch"], with_stdin=True, keep_errors=False)
        except FileNotFoundError:
            return None
        assert process.stdin is not None
        try:
            # (HEAD:./NAME: relative to the directory; "missing" when it is not there.)
            process.stdin.write("".join(f"HEAD:./{name}\n" for name in names).encode("utf-8", "surrogateescape"))
            process.stdin.flush()
        except OSError:
            process.kill()
            process.communicate()
            return None
        return _Batch(process, len(names))

    def index(self) -> Optional[Index]:
        """The index seen from the directory, its entries on their way; None when git
        could not say where the top is (Index(directory) then says why)."""
        if self._index is not None or self._where is None:
            return self._index
        shown, _ = self._where.communicate()
        self._where = None
        lines = shown.split(b"\n")[:-1]
        if lines[:1] != [b"false"] or len(lines) < 2:
            return None  # a bare repository, .git/, no git: as git_top() and Index() say
        try:
            index = Index(self.directory, Path(os.fsdecode(lines[1]).strip()).resolve())
        except OwnlintError:
            return None
        fulls = [index.prefix + name for name in self.names]
        if not (len(lines) in (4, 5) and self._read_file(index, fulls, lines[2], lines[3])):
            # (asked from the directory, as Index.prefetch() asks from the top)
            self._listed = start_git(
                self.directory, "ls-files", "-s", "-z", "--full-name", "--",
                *(f":(literal){name}" for name in self.names), ":(glob)*",
            )
            if self._listed is not None:
                index.adopt(self._listed, fulls)
                self._listed = None
        self._index = index
        if self._batch is not None and self._batch.process.returncode is None:
            global _BATCH
            self._batch.top = index.top
            _BATCH = self._batch  # (read_blob's, until close())
        if len(lines) == 5:
            revision = Revision(self.directory, "HEAD", index.top, lines[4].decode("ascii").strip())
            if self._tree is not None:
                revision.adopt(self._tree, [index.prefix + name for name in self.names])
                self._tree = None
            else:
                revision.prefetch([index.prefix + name for name in self.names], index.prefix)
            self._revision = revision
        return index

    def _read_file(self, index: Index, fulls: Sequence[str], path: bytes, object_format: bytes) -> bool:
        """The entries for fulls (top-relative) read from the index file itself: a few
        pages of it, where git would read and check all of it. False when the file is
        not one it reads (see IndexFile): git is asked then."""
        from ownlint.sources.index_file import IndexFile, Unreadable

        try:
            file = IndexFile(os.path.join(self.directory, os.fsdecode(path)), object_format.decode("ascii"))
        except (Unreadable, UnicodeDecodeError):
            return False
        return index.read_from(file, fulls)

    def head(self) -> Optional[Revision]:
        """HEAD's tree seen from the directory, its entries on their way; None when
        there is no commit (or index() was not asked first)."""
        return self._revision

    def close(self) -> None:
        """Whatever was started and not read is stopped and reaped (a run that failed early)."""
        if self._batch is not None:
            self._batch.close()
        started = [self._where, self._listed, self._tree]
        for view in (self._index, self._revision):
            if view is not None:
                started.extend(process for process, *_ in view._started)
        for process in started:
            if process is not None and process.returncode is None:
                if process.poll() is None:
                    process.kill()
                process.communicate()
