"""The helper process of ownlint's own untracked cache (`untracked.py` starts it as
`python -I -S untracked_helper.py ROOT ENTRY MAGIC`): git's walk for untracked files,
remembered.

`git ls-files --others --exclude-standard` reads every directory of the work tree (and
tries to open a .gitignore in each): on a large checkout most of a warm run. Its answer
can change only when something it depended on changes, so a run that walks keeps what
it found and what it depended on, and the next run checks those instead of walking:

- every directory git visits (tracked files' folders, untracked files' folders, folders
  holding only ignored files, empty ones: git reads them all; ignored directories and
  nested repositories are not entered): a file added, removed or renamed there changes
  the directory's mtime and ctime;
- every exclude source: each .gitignore on the way (also between the repository's top
  and the root), $GIT_DIR/info/exclude, core.excludesFile (or its XDG default), and
  git's configuration (`git config --list`, which also names core.excludesFile);
- the index's paths (a digest of `ls-files --cached`, which the run reads anyway);
- no racy timestamps: nothing modified within RACY_NS of the walk's start is trusted
  (git refuses such stat data the same way), so such a walk is not kept.

This process checks those (stat'ing every visited directory), answers from memory
when nothing changed, and otherwise starts git's walk at the first change it finds,
hands git's answer over as soon as it comes, and describes the new walk (reusing the
stats it took) for the caller to keep. It uses the standard library only, and never
writes into the repository or `.git`.

Protocol, stdin: the 32-byte key that seals the entry (formats/cache.py's entry_seal:
this entry's alone), then the 32-byte digest of the caller's `ls-files -z --cached -- .`
output, sent once the caller has read it (a first walk waits for it: see _serve). An entry without that seal is not read: the cache directory may hold anything.
stdout: b"H" (nothing changed) or b"W" (git walked), then the untracked listing
(8-byte length, bytes), and after b"W" the new entry to keep (8-byte length, bytes;
empty when it must not be kept); b"E" alone when git failed.
"""
from __future__ import annotations

import os
import sys

# This process imports as little as it can (no typing, subprocess or json on its way to
# a remembered answer): its start-up is part of what it saves.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess
    from typing import IO, Callable, Optional, Sequence

# A directory or file modified this close to the walk's start may change again within
# the file system's timestamp granularity (2 s on FAT) without its mtime changing.
RACY_NS = 2_000_000_000
ENTRY_HEADER = b"ownlint-untracked-2\n"
_DIGEST = 32  # sha256
_GITIGNORE = b".gitignore"
_STAT_FIELDS = 4  # st_ino, st_mtime_ns, st_ctime_ns, st_size
_UNTRACKED = ("ls-files", "-z", "--others", "--exclude-standard", "--", ".")
_TRACKED = ("ls-files", "-z", "--cached", "--", ".")  # as repo.Listing lists them


def _sha256(data: bytes) -> bytes:
    from hashlib import sha256

    return sha256(data).digest()


def tracked_digest(listing: Optional[bytes]) -> bytes:
    """What an entry keeps of the index: a digest of its paths (`ls-files -z --cached -- .`)."""
    return b"\0" * _DIGEST if listing is None else _sha256(listing)


class _Git:
    """A git command started with its output on a pipe (os.posix_spawnp where there is
    one: the subprocess module is the helper's largest import)."""

    def __init__(self, root: bytes, *args: str) -> None:
        argv = ["git", "-C", os.fsdecode(root), *args]
        self._process: Optional[subprocess.Popen[bytes]] = None
        self._pid = 0
        self._fd = -1
        if not hasattr(os, "posix_spawnp"):
            import subprocess

            self._process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
            return
        read, write = os.pipe()
        try:
            self._pid = os.posix_spawnp("git", argv, os.environ, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, write, 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_CLOSE, read),
            ])
        except OSError:
            os.close(read)
            self._pid = 0
        else:
            self._fd = read
        finally:
            os.close(write)

    def output(self, accept: Sequence[int] = (0,)) -> Optional[bytes]:
        """Its output, or None when git failed (or is missing)."""
        if self._process is not None:
            output, _ = self._process.communicate()
            return output if self._process.returncode in accept else None
        if not self._pid:
            return None
        chunks = []
        with open(self._fd, "rb", closefd=True) as stream:
            while True:
                chunk = stream.read1(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        return b"".join(chunks) if os.waitstatus_to_exitcode(status) in accept else None


def _stat_values(infos: Sequence[os.stat_result]) -> list[int]:
    return [value for info in infos for value in (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)]


def _stats(paths: Sequence[bytes], follow: bool = False) -> Optional[list[int]]:
    """(inode, mtime, ctime, size) of each path, flat; None when one is missing."""
    try:
        return _stat_values(list(map(os.stat if follow else os.lstat, paths)))
    except OSError:
        return None


def _excludes_file(config: bytes) -> Optional[bytes]:
    """The file core.excludesFile names (in `git config -z --list`), else git's XDG
    default; b"" when there is none; None when it cannot be worked out here."""
    value: Optional[bytes] = None
    for item in config.split(b"\0"):
        key, _, found = item.partition(b"\n")
        if key.lower() == b"core.excludesfile":
            value = found
    if value is None:
        xdg = os.environ.get("XDG_CONFIG_HOME")
        if xdg:
            return os.fsencode(os.path.join(xdg, "git", "ignore"))
        home = os.environ.get("HOME")
        return os.fsencode(os.path.join(home, ".config", "git", "ignore")) if home else b""
    if value.startswith(b"%(prefix)"):
        return None
    if value.startswith(b"~"):
        expanded = os.path.expanduser(value)
        return None if expanded.startswith(b"~") else expanded
    return value  # (a relative one is relative to the top of the work tree: see _describe)


class Entry:
    """A remembered walk, as the helper writes and reads it: the walk's start, digests of
    the index's paths and of git's configuration, the root-relative paths it watches
    (directories, .gitignore files, nested repositories: lstat), the paths outside the
    root (folders above it, their .gitignore files, the exclude files: stat), the
    paths that must stay absent, every watched path's (inode, mtime, ctime, size), and
    the untracked files git listed."""

    def __init__(
        self, start: int, tracked: bytes, config: bytes, names: list[bytes], outside: list[bytes],
        absent: list[bytes], stats: list[int], answer: bytes,
    ) -> None:
        self.start = start
        self.tracked = tracked
        self.config = config
        self.names = names
        self.outside = outside
        self.absent = absent
        self.stats = stats
        self.answer = answer

    def to_bytes(self) -> bytes:
        from array import array

        blobs = [b"\0".join(self.names), b"\0".join(self.outside), b"\0".join(self.absent)]
        sizes = [self.start, len(self.names), len(self.outside), len(self.absent), *map(len, blobs), len(self.answer)]
        return b"".join([
            ENTRY_HEADER, b" ".join(b"%d" % size for size in sizes), b"\n", self.tracked, self.config,
            *blobs, array("q", self.stats).tobytes(), self.answer,
        ])

    @classmethod
    def from_bytes(cls, data: bytes) -> Optional[Entry]:
        """The entry, when every part has the shape the helper writes; None otherwise."""
        if not data.startswith(ENTRY_HEADER):
            return None
        end = data.find(b"\n", len(ENTRY_HEADER))
        try:
            sizes = [int(size) for size in data[len(ENTRY_HEADER):end].split(b" ")]
        except ValueError:
            return None
        if end < 0 or len(sizes) != 8 or min(sizes) < 0:
            return None
        start, counts, blob_sizes, answer_size = sizes[0], sizes[1:4], sizes[4:7], sizes[7]
        offset = end + 1 + 2 * _DIGEST
        stats_size = 8 * _STAT_FIELDS * (counts[0] + counts[1])
        if len(data) != offset + sum(blob_sizes) + stats_size + answer_size:
            return None
        digests = data[end + 1:offset]
        lists = []
        for count, size in zip(counts, blob_sizes):
            blob = data[offset:offset + size]
            offset += size
            items = blob.split(b"\0") if count else []
            if len(items) != count or (not count and size):
                return None
            lists.append(items)
        names, outside, absent = lists
        stats = memoryview(data[offset:offset + stats_size]).cast("q").tolist()
        answer = data[offset + stats_size:]
        if answer and not _plausible(names, answer):
            return None
        return cls(start, digests[:_DIGEST], digests[_DIGEST:], names, outside, absent, stats, answer)


def _plausible(names: list[bytes], answer: bytes) -> bool:
    """Every untracked file is a normal root-relative path in a directory the entry
    watches: an entry that says otherwise was not written here."""
    watched = set(names)
    for path in answer.split(b"\0"):
        if not path:
            continue
        bare = path[:-1] if path.endswith(b"/") else path  # (a nested repository: "name/")
        if any(part in (b"", b".", b"..", b".git") for part in bare.split(b"/")):
            return False
        if bare.rpartition(b"/")[0] not in watched:
            return False
    return True


def _read_entry(path: str, magic: bytes, seal: bytes) -> Optional[Entry]:
    """The entry the result cache holds at path, or None when it is missing or does not
    carry its seal (formats/cache.py's layout: its magic, the seal of the rest under
    `seal`, the rest: see ownlint/seals.py)."""
    size, sealed = _seals()
    if len(seal) != size:
        return None
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    head = len(magic) + size
    if len(data) < head or not data.startswith(magic):
        return None
    payload = data[head:]
    if not sealed(seal, payload, data[len(magic):head]):
        return None
    try:
        os.utime(path)  # recently used: the last to be evicted
    except OSError:
        pass
    return Entry.from_bytes(payload)


def _seals() -> tuple[int, Callable[[bytes, bytes, bytes], bool]]:
    """ownlint/seals.py's seal size and check, the cache's own: the helper runs as a
    script (-I -S), so the folder holding its package is put on the path for this import."""
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if package_parent not in sys.path:
        sys.path.insert(0, package_parent)
    from ownlint.seals import SEAL_BYTES, sealed

    return SEAL_BYTES, sealed


def _paths(root: bytes, names: Sequence[bytes]) -> list[bytes]:
    prefix = root + b"/"
    return [prefix + name if name else root for name in names]


def _path(root: bytes, name: bytes) -> bytes:
    return root + b"/" + name if name else root


_CHUNK = 2048  # paths stat'ed at once: a change is found (and the walk started) early


def _compare(root: bytes, entry: Entry, seen: dict[bytes, os.stat_result], changed: Callable[[], None]) -> bool:
    """Whether every path the walk depended on is as it was (the configuration and the
    index's paths are compared apart). changed() is called at the first change found;
    the rest is stat'ed all the same (a new walk reuses what is seen) unless the change
    is so recent that the new walk will not be kept."""
    same = not any(os.path.lexists(path) for path in entry.absent)
    if same:
        outside = _stats(entry.outside, follow=True)
        same = outside is not None and outside == entry.stats[_STAT_FIELDS * len(entry.names):]
    if not same:
        changed()
    names = entry.names
    taken: list[tuple[list[bytes], list[os.stat_result]]] = []  # (kept for a new walk only)
    for at in range(0, len(names), _CHUNK):
        chunk = names[at:at + _CHUNK]
        try:
            infos = list(map(os.lstat, _paths(root, chunk)))
        except OSError:  # one is gone: the others are still worth knowing
            infos = []
            for name in chunk:
                try:
                    infos.append(os.lstat(_path(root, name)))
                except OSError:
                    infos = []
                    break
            if not infos:
                if same:
                    same = False
                    changed()
                continue
        taken.append((chunk, infos))
        if _stat_values(infos) != entry.stats[_STAT_FIELDS * at:_STAT_FIELDS * (at + len(chunk))]:
            if same:
                same = False
                changed()
            if _racy(infos):
                break  # the walk started now will not be kept: nothing more to stat for it
    if not same:
        for chunk, infos in taken:
            seen.update(zip(chunk, infos))
    return same


def _racy(infos: Sequence[os.stat_result]) -> bool:
    """One of them was modified too recently for a walk made now to be kept."""
    import time

    since = time.time_ns() - RACY_NS
    return any(info.st_mtime_ns >= since for info in infos)


def _parents(names: Sequence[bytes]) -> set[bytes]:
    """Every directory holding one of names, and the directories above those ('' is the root)."""
    folders: set[bytes] = set()
    for folder in {name.rpartition(b"/")[0] for name in names}:
        while folder not in folders:
            folders.add(folder)
            if not folder:
                break
            folder = folder.rpartition(b"/")[0]
    return folders


class _Walk:
    """git's walk for untracked files, started now, and the description of what it
    depended on, made while git walks where it can."""

    def __init__(self, root: bytes) -> None:
        import time

        self.root = root
        self.start = time.time_ns()
        self.untracked = _Git(root, *_UNTRACKED)

    def finish(self, out: IO[bytes], config: bytes, before: Optional[Entry], seen: dict[bytes, os.stat_result],
               told: Callable[[], bytes]) -> None:
        """Hand the answer over as soon as git gives it, then the entry to keep. told():
        the digest of the index's paths as the caller read them."""
        # A path changed just now (the usual reason to walk while someone works) makes
        # this walk one not to keep: it is not described at all.
        keep = not _racy(list(seen.values()))
        listing = located = None
        if keep:
            where = _Git(self.root, "rev-parse", "--show-toplevel", "--git-path", "info/exclude", "--git-path", "index")
            # The index is listed again once the caller has read it (its digest came):
            # not beside the caller's own listing and start, on a machine of two cores.
            digest = told()
            listing = _Git(self.root, *_TRACKED).output()
            located = where.output()
            known = _Known(self.root, before, seen)
            if listing is not None and tracked_digest(listing) != digest:
                keep = False  # the index changed meanwhile: which one the walk saw is not known
            elif listing is not None:
                known.add_listed(listing)  # (while git walks)
        answer = self.untracked.output()
        if answer is None:
            out.write(b"E")
            out.flush()
            return
        out.write(b"W" + len(answer).to_bytes(8, "little") + answer)
        out.flush()
        entry = None
        if keep and listing is not None and located is not None:
            entry = known.describe(self.start, listing, answer, located, config)
        kept = entry.to_bytes() if entry is not None else b""
        out.write(len(kept).to_bytes(8, "little") + kept)
        out.flush()


def _beneath(names: Sequence[bytes], folder: bytes) -> tuple[int, int]:
    """Where the names beneath folder ('' the root) are in names (sorted byte-wise)."""
    if not folder:
        return 0, len(names)
    from bisect import bisect_left

    at = bisect_left(names, folder + b"/")
    return at, bisect_left(names, folder + b"0", at)  # ("0" follows "/")


def _child_folders(names: Sequence[bytes], folder: bytes) -> list[bytes]:
    """The folders directly in folder that hold some of names (sorted byte-wise), found by
    bisection: each costs one, whatever it holds; a file directly in folder costs a step."""
    from bisect import bisect_left

    at, end = _beneath(names, folder)
    width = len(folder) + 1 if folder else 0
    found = []
    while at < end:
        name = names[at]
        cut = name.find(b"/", width)
        if cut < 0:
            at += 1
            continue
        found.append(name[:cut])
        at = bisect_left(names, name[:cut] + b"0", at + 1, end)  # past everything beneath it
    return found


def _ignore_folders(listing: bytes) -> set[bytes]:
    """The folders of the .gitignore files a NUL-separated listing names (found in its
    bytes: a walk's listings hold 100,000 names and a few .gitignore files)."""
    found = set()
    text = b"\0" + listing
    at = text.find(b"/" + _GITIGNORE + b"\0")
    while at >= 0:
        found.add(text[text.rfind(b"\0", 0, at) + 1:at])
        at = text.find(b"/" + _GITIGNORE + b"\0", at + 1)
    if b"\0" + _GITIGNORE + b"\0" in text:
        found.add(b"")
    return found


def _key(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size


class _Known:
    """What a walk depended on, gathered: the directories git visits with their stats,
    and which of them hold a .gitignore."""

    def __init__(self, root: bytes, before: Optional[Entry], seen: dict[bytes, os.stat_result]) -> None:
        self.root = root
        self.seen = seen  # stats taken this run, by name
        self.visited: set[bytes] = set()
        self.with_ignore: set[bytes] = set()
        self.tracked: list[bytes] = []
        # What the entry before knew: a directory whose stat is the same holds the same
        # names, so a .gitignore it did not have is still not there.
        self.before: dict[bytes, tuple[int, ...]] = {}
        self.had_ignore: set[bytes] = set()
        if before is not None:
            values = iter(before.stats)
            self.before = dict(zip(before.names, zip(values, values, values, values)))
            self.had_ignore = _ignore_folders(b"\0".join(before.names) + b"\0")

    def _stat(self, name: bytes) -> Optional[os.stat_result]:
        info = self.seen.get(name)
        if info is None:
            try:
                info = self.seen[name] = os.lstat(_path(self.root, name))
            except OSError:
                return None
        return info

    def add_listed(self, listing: bytes, tracked: bool = True) -> None:
        """The folders of listed files (a NUL-separated listing, tracked or untracked,
        nested repositories left out), and their .gitignore files."""
        names = [name for name in listing.split(b"\0") if name]
        self.with_ignore.update(_ignore_folders(listing))
        if not tracked:
            self._add_folders(_parents(names) - self.visited)
            return
        from itertools import islice
        from operator import gt

        if any(map(gt, names, islice(names, 1, None))):
            names = sorted(set(names))  # (git lists the index in byte order: not expected)
        self.tracked = names
        # From the top down: a folder not on disk hides every folder beneath it (a
        # sparse checkout; an index of a million paths and no files, as the benchmarks
        # make), and its names are passed over by bisection. Beneath a folder whose
        # folders are all on disk (a checkout) the rest is found in one pass, as before.
        self._add_folders({b""} - self.visited)
        level = [b""]
        while level:
            deeper = []
            for folder in level:
                if folder not in self.visited:
                    continue
                children = _child_folders(names, folder)
                self._add_folders(set(children) - self.visited)
                if all(child in self.visited for child in children):
                    self._add_folders(_parents(names[slice(*_beneath(names, folder))]) - self.visited)
                else:
                    deeper += children
            level = deeper

    def is_tracked(self, name: bytes) -> bool:
        from bisect import bisect_left

        names = self.tracked
        at = bisect_left(names, name)
        return at < len(names) and names[at] == name

    def _add_folders(self, folders: set[bytes]) -> None:
        new = list(folders)
        unseen = [name for name in new if name not in self.seen]
        try:
            self.seen.update(zip(unseen, map(os.lstat, _paths(self.root, unseen))))
        except OSError:
            for name in unseen:
                self._stat(name)
        before, had_ignore, with_ignore = self.before, self.had_ignore, self.with_ignore
        prefix = self.root + b"/"
        for folder in new:
            info = self.seen.get(folder)
            if info is None:
                continue  # (a tracked file's folder that is not on disk: git cannot visit it)
            self.visited.add(folder)
            if folder in with_ignore or (before and folder not in had_ignore and before.get(folder) == _key(info)):
                continue
            # A .gitignore git ignores is read all the same, and no listing names it.
            if os.access(prefix + folder + b"/" + _GITIGNORE if folder else prefix + _GITIGNORE, os.F_OK):
                with_ignore.add(folder)

    def describe(self, start: int, listing: bytes, answer: bytes, located: bytes, config: bytes) -> Optional[Entry]:
        """What the walk made at `start` depended on; None when something was too new to
        trust, moved while it was looked at, or cannot be watched from here."""
        lines = located.split(b"\n")
        excludes = _excludes_file(config)
        if len(lines) < 3 or excludes is None:
            return None
        root = self.root
        top, exclude, index = (os.path.join(root, line) for line in lines[:3])
        found = [name for name in answer.split(b"\0") if name]
        nested = {name[:-1] for name in found if name.endswith(b"/")}  # repositories git does not enter
        self.add_listed(b"\0".join(name for name in found if not name.endswith(b"/")) + b"\0", tracked=False)
        self._add_folders(_parents(list(nested)) - self.visited)
        # A directory's st_nlink is 2 + its subdirectories (on the file systems that keep
        # it): subdirectories the listings do not explain are empty, hold only ignored
        # files, or are ignored; each of those is looked at.
        known: dict[bytes, int] = {}
        for folder in (*self.visited, *nested):
            if folder:
                parent = folder.rpartition(b"/")[0]
                known[parent] = known.get(parent, 0) + 1
        unknown: list[bytes] = []
        for folder in self.visited:
            info = self.seen[folder]
            if info.st_nlink >= 2 and info.st_nlink - 2 == known.get(folder, 0):
                continue
            unknown += [  # (a submodule is a tracked name git does not enter)
                name for name in _subfolders(root, folder)
                if name not in self.visited and name not in nested and not self.is_tracked(name)
            ]
        more, ignore_files = _visited_beneath(root, unknown)
        self.with_ignore.update(ignore_files)
        self._add_folders(more - self.visited)
        # A tracked .gitignore in a folder not on disk (a sparse checkout, a deleted
        # folder) is not read by git: the nearest folder that is on disk is watched.
        names = sorted(self.visited) + sorted(nested) + [
            folder + b"/" + _GITIGNORE if folder else _GITIGNORE
            for folder in sorted(self.with_ignore) if folder in self.visited
        ]
        watched = _outside(root, top, exclude, excludes)
        if watched is None:
            return None
        outside: list[bytes] = []
        absent: list[bytes] = []
        for path in watched:
            try:
                os.stat(path)
                outside.append(path)
            except OSError:
                if os.path.lexists(path):
                    return None  # there, but not to be read (a dangling link)
                absent.append(path)
        infos = [self._stat(name) for name in names]
        outside_stats = _stats(outside, follow=True)
        if outside_stats is None or any(info is None for info in infos):
            return None
        stats = _stat_values([info for info in infos if info is not None])
        try:
            index_mtime = os.stat(index).st_mtime_ns
        except OSError:
            index_mtime = 0
        newest = max([*stats[1::_STAT_FIELDS], *outside_stats[1::_STAT_FIELDS], index_mtime])  # (mtimes, as git)
        if newest >= start - RACY_NS:
            return None  # changed just before or during the walk: git may not have seen it
        return Entry(
            start, tracked_digest(listing), _sha256(config), names, outside, absent, stats + outside_stats, answer
        )


def _outside(root: bytes, top: bytes, exclude: bytes, excludes: bytes) -> Optional[list[bytes]]:
    """The paths above the root git reads: the folders from the top down to the root and
    their .gitignore files, info/exclude and the excludes file."""
    ancestors = []
    here = os.path.realpath(root)
    top = os.path.realpath(top)
    while here != top:
        parent = os.path.dirname(here)
        if parent == here:
            return None  # the root is not beneath the top git names
        here = parent
        ancestors.append(here)
    paths = [*ancestors, *(os.path.join(folder, _GITIGNORE) for folder in ancestors), exclude]
    if excludes:
        paths.append(os.path.join(top, excludes))
    return paths


def _subfolders(root: bytes, folder: bytes) -> list[bytes]:
    """The directories directly in folder (not links, not .git), root-relative."""
    found = []
    try:
        with os.scandir(root + b"/" + folder if folder else root) as entries:
            for item in entries:
                if item.name != b".git" and item.is_dir(follow_symlinks=False):
                    found.append(folder + b"/" + item.name if folder else item.name)
    except OSError:
        pass
    return found


def _visited_beneath(root: bytes, candidates: list[bytes]) -> tuple[set[bytes], set[bytes]]:
    """Of directories no listing explains, those git enters (it does not ignore them)
    and every directory beneath them it enters, asked level by level (`check-ignore`);
    and those of them holding a .gitignore."""
    import subprocess

    visited: set[bytes] = set()
    with_ignore: set[bytes] = set()
    while candidates:
        asked = subprocess.run(
            ["git", "-C", os.fsdecode(root), "check-ignore", "-z", "--stdin", "--no-index"],
            input=b"".join(name + b"\0" for name in candidates), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        # exit 1: none ignored; anything else but 0: unknown, so all are watched (a stat each)
        ignored = {name for name in asked.stdout.split(b"\0") if name} if asked.returncode == 0 else set()
        entered = [name for name in candidates if name not in ignored]
        visited.update(entered)
        candidates = []
        for folder in entered:
            candidates += _subfolders(root, folder)
            if os.path.lexists(os.path.join(root + b"/" + folder, _GITIGNORE)):
                with_ignore.add(folder)
    return visited, with_ignore


def _serve(root: bytes, entry_path: str, magic: bytes) -> None:
    out = sys.stdout.buffer
    config_git = _Git(root, "config", "-z", "--list")
    seal = sys.stdin.buffer.read(_DIGEST)
    entry = _read_entry(entry_path, magic, seal) if entry_path else None
    walk: list[_Walk] = []

    def changed() -> None:  # git walks from now on, while the rest is stat'ed for it
        if not walk:
            walk.append(_Walk(root))

    digest: list[bytes] = []

    def told() -> bytes:  # the caller's digest of the index's paths (it sends it once it has read them)
        if not digest:
            digest.append(sys.stdin.buffer.read(_DIGEST))
        return digest[0]

    seen: dict[bytes, os.stat_result] = {}
    if entry is None:
        # A first walk starts once the caller has read the index (its digest came): git
        # reading the index for the caller and for this walk at once, beside the caller's
        # start, on a machine of two cores, kept the caller waiting for its listing. The
        # answer is needed only once the caller has worked on the tracked files.
        told()
        changed()
    same = entry is not None and _compare(root, entry, seen, changed)
    config = config_git.output(accept=(0, 1)) or b""
    if entry is not None and same and _sha256(config) == entry.config:
        if told() == entry.tracked:
            out.write(b"H" + len(entry.answer).to_bytes(8, "little") + entry.answer)
            out.flush()
            return
    changed()
    walk[0].finish(out, config, entry, seen, told)


if __name__ == "__main__":
    try:
        _serve(os.fsencode(sys.argv[1]), sys.argv[2], bytes.fromhex(sys.argv[3]))
    except BrokenPipeError:  # the caller stopped listening: its run ended or failed
        pass
