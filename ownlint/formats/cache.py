"""A content-addressed cache of data (never code) in the user's cache directory.

An entry holds plain values (lists, dicts, strings, numbers) in marshal's layout, or a
binary layout of integers that this module parses itself. A repository under review
can plant anything in a cache directory it can guess, so an entry is named by a hash of
everything its value depends on, ownlint's own code included, and is sealed: a keyed
BLAKE2b of its bytes under a key derived from this user's key (kept outside the cache,
see key_file) and the entry's name. Nothing is decoded before its seal is checked (marshal
is not meant for bytes anyone else made), nothing is ever unpickled or executed, and each
value is checked on read by its reader (one without the expected shape is a miss). An
entry this user's ownlint did not write under that very name (planted, edited, restored
from another machine's run, moved from another name) reads as a miss, as does a
missing, corrupt, truncated or half-written one; entries are written whole (a rename),
so concurrent runs at worst compute the same value twice. Without a key, nothing is
cached.

Where: OWNLINT_CACHE_DIR, else $XDG_CACHE_HOME/ownlint, else ~/.cache/ownlint; a relative
path in either variable is ignored (as the XDG specification says). OWNLINT_NO_CACHE=1
turns the cache off; so does a cache directory inside the repository being checked, one
owned by another user or writable by others, or one that cannot be written. The cache
is bounded (OWNLINT_CACHE_MAX_BYTES, default 256 MiB): past it, the entries least
recently used are removed.
"""
from __future__ import annotations

import marshal
import os
import stat
import sys
from array import array
from functools import lru_cache
from pathlib import Path

from ownlint.seals import SEAL_BYTES, hasher, seal, sealed

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Optional, Sequence, Union

    Part = Union[str, bytes]

MAGIC = b"ownlint-cache-4\n"
# Bump when a cached value's layout or meaning changes.
FORMAT = "4"  # 4: sealed with keyed BLAKE2b, values in marshal (3: HMAC-SHA256, JSON)
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
Winners = tuple[int, ...]

# Repositories whose trees must not hold the cache: a cache inside the work tree would
# list its own files as untracked files and change the findings from run to run.
_refused_roots: set[Path] = set()


def refuse_inside(root: Path) -> None:
    """Turn the cache off for this process if it would live inside root."""
    _refused_roots.add(root.resolve())
    _usable.cache_clear()


def _configured_dir() -> Optional[Path]:
    if os.environ.get("OWNLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("OWNLINT_CACHE_DIR")
    if explicit and os.path.isabs(explicit):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):  # a relative XDG path is ignored, as the spec says
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ownlint"


def cache_dir() -> Optional[Path]:
    """The cache directory, or None when there is none to use."""
    directory = _configured_dir()
    if directory is None:
        return None
    return directory if _usable(str(directory), tuple(sorted(str(r) for r in _refused_roots))) else None


def why_not_used() -> Optional[str]:
    """Why a configured cache directory is not used, for a notice; None when it is (or none is set)."""
    directory = _configured_dir()
    if directory is None:
        return None
    if cache_dir() is None:
        return _refusal(directory)
    where = _key_where()
    if where is None:
        return f"the cache's key {key_file()} would lie inside the repository"
    if _seal_key(where) is None:
        return f"the cache's key {where} cannot be made, or others could read or replace it"
    return None


@lru_cache(maxsize=8)
def _usable(directory: str, refused: tuple[str, ...]) -> bool:
    return _refusal(Path(directory)) is None


def _refusal(directory: Path) -> Optional[str]:
    resolved = directory.resolve()
    for root in _refused_roots:
        if resolved == root or root in resolved.parents:
            return f"the cache directory {directory} lies inside the repository"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(directory, follow_symlinks=False) if not directory.is_symlink() else os.stat(directory)
    except OSError as error:
        return f"the cache directory {directory} cannot be used: {error.strerror or error}"
    if not stat.S_ISDIR(info.st_mode):
        return f"the cache directory {directory} is not a directory"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"the cache directory {directory} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"the cache directory {directory} is writable by others"
    return None


def key_of(kind: str, parts: Iterable[Part]) -> str:
    """A hash of ownlint's code and the parts, each length-prefixed so that no two lists collide."""
    from ownlint import __version__

    digest = hasher()
    # (marshal's layout is the interpreter's: an entry another Python wrote is not read)
    digest.update(f"{kind}\0{FORMAT}\0{__version__}\0{sys.implementation.cache_tag}\0{marshal.version}\0".encode())
    digest.update(source_digest())
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def source_digest() -> bytes:
    """A digest of ownlint's own code (every module of the package, its schemas and packs):
    an entry a different ownlint wrote is never read, whatever changed. Every warm run
    pays for it, so the files are not read: each is known by its stat (device, inode,
    size, modification and change times; a file edited or installed anew changes its
    change time, which no one can set), found with os.scandir, not through pathlib."""
    from ownlint.formats.resources import data_dir

    files = _modules(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for folder in ("schemas", "rules"):
        try:
            where = str(data_dir(folder))
            files += sorted((os.path.join(where, name), None) for name in os.listdir(where))
        except (FileNotFoundError, NotADirectoryError):
            pass
    digest = hasher()
    for path, info in files:
        try:
            info = os.stat(path) if info is None else info
            known = f"{info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns}"
        except OSError:
            known = "-"
        digest.update(f"{path}\0{known}\0".encode("utf-8", "surrogateescape"))
    return digest.digest()


def _modules(package: str) -> list[tuple[str, Optional[os.stat_result]]]:
    """Every .py file beneath package, sorted by path, with its stat when scandir could
    take it (relative to its folder: cheaper than a stat of the whole path; None when it
    could not). The __pycache__ folders hold no module and are not walked."""
    found: list[tuple[str, Optional[os.stat_result]]] = []
    folders = [package]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    try:
                        found.append((entry.path, entry.stat()))
                    except OSError:
                        found.append((entry.path, None))
    return sorted(found, key=_first)


def _first(pair: tuple[str, object]) -> str:
    return pair[0]


def _entry(kind: str, key: str) -> Optional[Path]:
    directory = cache_dir()
    return None if directory is None else directory / kind / key[:2] / key[2:]


def entry_file(kind: str, key: str) -> Optional[Path]:
    """Where the entry for key is kept (it may not exist), for a reader in another
    process that checks it as load() does (with entry_seal()); None when there is no
    cache to use."""
    return _entry(kind, key)


def entry_seal(kind: str, key: str) -> Optional[bytes]:
    """The key that seals the one entry (kind, key): the seal of its name under this
    user's key. A reader in another process is given this, never the user's key, so it
    can check that entry and no other; None when there is no key (nothing is cached)."""
    where = _key_where()
    secret = _seal_key(where) if where is not None else None
    if secret is None:
        return None
    return seal(secret, f"{kind}\0{key}".encode())


def load(kind: str, key: str) -> Optional[bytes]:
    """The bytes stored under key, or None: missing, unreadable, or not sealed by this
    user's ownlint for this very entry (planted, edited, corrupt, cut short, sealed
    with another key or for another entry)."""
    path = _entry(kind, key)
    entry_key = entry_seal(kind, key) if path is not None else None
    if path is None or entry_key is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = opened(data, MAGIC, entry_key)
    if payload is None:
        return None
    try:
        os.utime(path)  # recently used: the last to be evicted
    except OSError:
        pass
    return payload


def opened(data: bytes, magic: bytes, entry_key: bytes) -> Optional[bytes]:
    """An entry's payload when its seal is right (its layout: magic, the keyed BLAKE2b
    of the payload under the entry's seal, the payload); None otherwise."""
    header = len(magic) + SEAL_BYTES
    if len(data) < header or not data.startswith(magic):
        return None
    payload = data[header:]
    return payload if sealed(entry_key, payload, data[len(magic):header]) else None


def store(kind: str, key: str, payload: bytes) -> None:
    """Keep bytes, sealed; failing to write is not an error (the next run computes them
    again), and without a key nothing is kept."""
    path = _entry(kind, key)
    entry_key = entry_seal(kind, key) if path is not None else None
    if path is None or entry_key is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write(path, MAGIC + seal(entry_key, payload), payload)
    except OSError:
        return
    _account(path.parent.parent.parent, len(MAGIC) + SEAL_BYTES + len(payload))


def _write(path: Path, header: bytes, payload: bytes) -> None:
    """Write an entry whole: a file of its own beside it, then a rename, so a reader sees
    the old entry or the new one, never half. Not flushed to disk (fsync): an entry a
    crash cut short fails its seal and is a miss, so a flush, paid on every store, buys
    nothing. A temporary file a kill leaves behind is evicted as entries are."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with open(fd, "wb", closefd=True) as stream:
            stream.write(header)
            stream.write(payload)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def max_bytes() -> int:
    try:
        return max(0, int(os.environ.get("OWNLINT_CACHE_MAX_BYTES", DEFAULT_MAX_BYTES)))
    except ValueError:
        return DEFAULT_MAX_BYTES


# The cache's size as the stores since its last walk add it up (a file in the cache
# directory): walking the whole cache on every store (2,400 entries: 40 ms, and a cold
# run stores several) is only needed once the bound may have been passed.
_SIZE_FILE = "size"


def _account(directory: Path, added: int) -> None:
    """Count an entry of `added` bytes into the size the stores add up, and walk the
    cache to evict only when that passes the bound. The sum counts a replaced entry
    twice and never a removed one, so it is never below the real size (another
    process's store lost in a race aside): a cache within its bound by the sum is
    within it. A sum that cannot be read (none yet, another run's write half done,
    planted) means a walk, which writes the real size."""
    limit = max_bytes()
    where = directory / _SIZE_FILE
    known = _read_size(where)
    total = known + added if known is not None else None
    if total is None or total > limit:
        total = _evict(directory, limit)
    try:
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, str(total).encode())
        finally:
            os.close(fd)
    except OSError:
        pass


def _read_size(where: Path) -> Optional[int]:
    try:
        fd = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            text = os.read(fd, 32)
        finally:
            os.close(fd)
    except OSError:
        return None
    return int(text) if text.isdigit() and len(text) < 20 else None


def _evict(directory: Path, limit: int) -> int:
    """Remove the least recently used entries until the cache is within its bound again
    (down to three quarters of it, so that a full cache is not walked on every store);
    the size it is left with."""
    entries: list[tuple[int, int, str]] = []
    total = 0
    for folder, _, names in os.walk(directory):
        for name in names:
            full = os.path.join(folder, name)
            if name == _SIZE_FILE and folder == str(directory):
                continue
            try:
                info = os.stat(full, follow_symlinks=False)
            except OSError:
                continue
            entries.append((info.st_mtime_ns, info.st_size, full))
            total += info.st_size
    if total <= limit:
        return total
    for _, size, full in sorted(entries):
        if total <= limit * 3 // 4:
            break
        try:
            os.unlink(full)
            total -= size
        except OSError:
            pass
    return total


# --- plain values --------------------------------------------------------------------------


def load_value(kind: str, key: str) -> Any:
    """The value stored under key (lists, dicts, strings, numbers, None), or None; the
    caller checks its shape. Read with marshal (three times faster than JSON, and no
    module to import) once the seal proves this user's ownlint wrote it."""
    data = load(kind, key)
    if data is None:
        return None
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def store_value(kind: str, key: str, value: Any) -> None:
    """Keep a plain value (what load_value gives back; tuples come back as tuples)."""
    store(kind, key, marshal.dumps(value))


# --- the ownership table: integers in a layout parsed here -------------------------------


def _ints(values: Sequence[int]) -> bytes:
    return array("i", values).tobytes()


def _read_ints(data: bytes, offset: int, count: int) -> tuple[list[int], int]:
    end = offset + 4 * count
    if count < 0 or end > len(data):
        raise ValueError("truncated")
    values = array("i")
    values.frombytes(data[offset:end])
    return values.tolist(), end


def store_table(key: str, columns: Sequence[Sequence[int]], excluded: Sequence[bool]) -> None:
    """A table's winning rule per file per section, and its excluded flags."""
    count = len(excluded)
    payload = _ints([count, len(columns)]) + b"".join(_ints(column) for column in columns)
    store("table", key, payload + bytes(excluded))


def load_table(key: str, count: int, sections: int, rules: int) -> Optional[tuple[list[list[int]], list[bool]]]:
    """What store_table kept, when it has exactly this shape and every rule index is one
    of the mapping's (-1: no rule); None otherwise."""
    data = load("table", key)
    if data is None:
        return None
    try:
        (stored_count, stored_sections), offset = _read_ints(data, 0, 2)
        if stored_count != count or stored_sections != sections or len(data) != offset + (4 * sections + 1) * count:
            return None
        columns = []
        for _ in range(sections):
            column, offset = _read_ints(data, offset, count)
            if column and (min(column) < -1 or max(column) >= rules):
                return None
            columns.append(column)
    except ValueError:
        return None
    flags = data[offset:]
    if flags and max(flags) > 1:
        return None
    return columns, list(map(bool, flags))


def store_counts(key: str, counts: Sequence[int], tallies: dict[int, dict[Winners, int]]) -> None:
    """Per rule the files it matches, and for some rules what claims those files."""
    payload = [_ints([len(counts), len(tallies)]), _ints(counts)]
    for index, tally in tallies.items():
        payload.append(_ints([index, len(tally)]))
        for winners, times in tally.items():
            payload.append(_ints([times, len(winners), *winners]))
    store("counts", key, b"".join(payload))


def load_counts(key: str, size: int) -> Optional[tuple[list[int], dict[int, dict[Winners, int]]]]:
    """What store_counts kept for `size` rules, every index in range; None otherwise."""
    data = load("counts", key)
    if data is None or len(data) % 4:
        return None
    # Every value is a 32-bit integer: read them all at once, then walk the layout.
    values = array("i")
    values.frombytes(data)
    ints = values.tolist()
    end = len(ints)
    if end < 2 or ints[0] != size or 2 + size > end:
        return None
    entries = ints[1]
    counts = ints[2:2 + size]
    offset = 2 + size
    tallies: dict[int, dict[Winners, int]] = {}
    for _ in range(entries):
        if offset + 2 > end:
            return None
        index, length = ints[offset], ints[offset + 1]
        offset += 2
        if not 0 <= index < size or length < 0:
            return None
        tally: dict[Winners, int] = {}
        for _ in range(length):
            if offset + 2 > end:
                return None
            times, width = ints[offset], ints[offset + 1]
            offset += 2
            if width < 0 or offset + width > end:
                return None
            winners = tuple(ints[offset:offset + width])
            offset += width
            # (min and max in C: a repository's tallies are hundreds of these)
            if winners and (min(winners) < 0 or max(winners) >= size):
                return None
            tally[winners] = times
        tallies[index] = tally
    if offset != end or (counts and min(counts) < 0):
        return None
    return counts, tallies


# --- the key that seals every entry ---------------------------------------------------------
#
# The cache directory can hold what anyone put there: a cache restored from another
# run (actions/cache restores what a pull request's run saved), another program. An
# entry of the right shape would be believed (a table that gives files the wrong
# owners, untracked files left out), so every entry is sealed: a keyed BLAKE2b under a
# random key of this user's, kept outside the cache directory, through a key derived
# for the entry's name (entry_seal). An entry without the right seal is a miss; without
# a key (it cannot be made, or others could read or replace it) nothing is cached.


def key_file() -> Path:
    """Where the seal's key is: $XDG_STATE_HOME/ownlint/cache-key, else
    ~/.local/state/ownlint/cache-key (a relative XDG path is ignored)."""
    base = os.environ.get("XDG_STATE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "ownlint" / "cache-key"


def _key_where() -> Optional[str]:
    """The key file, unless it would lie inside the repository being checked (where it
    would be one of its untracked files, as a cache directory there would: not used)."""
    path = key_file()
    resolved = path.resolve()
    if any(resolved == root or root in resolved.parents for root in _refused_roots):
        return None
    return str(path)


@lru_cache(maxsize=1)
def _seal_key(where: str) -> Optional[bytes]:
    """The key (made once, 32 random bytes, readable by its user alone); None when it
    cannot be made or is not this user's alone: then nothing is sealed or unsealed."""
    path = Path(where)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-key-")  # mode 0600
        try:
            os.write(fd, os.urandom(_KEY_BYTES))
            os.close(fd)
            try:
                os.link(temporary, path)  # never replaces the key another run made meanwhile
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
        return _read_key(path)
    except OSError:
        return None


_KEY_BYTES = 32


def _read_key(path: Path) -> Optional[bytes]:
    """The key, when it is this user's alone: its file and its folder (where another key
    could be put in its place) neither others' nor open to them."""
    folder = os.stat(path.parent)
    if folder.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or not _own(folder):
        return None
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or not _own(info):
            return None
        data = os.read(fd, _KEY_BYTES + 1)
    finally:
        os.close(fd)
    return data if len(data) == _KEY_BYTES else None


def _own(info: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
