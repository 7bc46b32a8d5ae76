"""git's index file read by Python for a hook's few names, without reading it all.

`git ls-files -s -- NAME...` reads and checks every entry of the index to answer for a
handful of names (100,000 entries, 13 MB: about 40 ms of git's CPU, on a machine whose
other core is starting Python). The entries are sorted by name, so a few names are
found by bisection over the file's bytes, touching a few pages of a mapping of it:
the cost does not grow with the index.

Only a plain index is answered: versions 2 and 3, SHA-1 or SHA-256 object ids, no
extension git requires (a split index's `link`, a sparse index's `sdir`, one not known
yet), no directory entry, no name of 4,095 bytes or more. Anything else, or anything
odd, is Unreadable and the caller asks git as it always did.

Bisection lands in the middle of an entry, and the names are the repository's (a
fork's pull request): an entry is believed only when it is one for certain enough. A
name holds no NUL byte while every entry's mode field does, and each entry is padded
with 1 to 8 NUL bytes to a multiple of 8 from offset 12; a place is taken for an
entry's start only when it is one of those offsets, its header is well formed (mode,
nanoseconds, flags), its name runs NUL-free to its padding, exactly one well-formed
entry ends where it starts (read backwards from the padding), the entry after it is
well formed too, and the three are in git's order. Once a place is known, the entries
after it are read by chaining on. Where a check that an entry at such a place must
pass fails, the reader gives up rather than guess.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mmap import mmap
    from typing import Optional, Sequence

    # (name, mode as the file spells it, object id, stage, the next entry's offset)
    Entry = tuple[bytes, bytes, bytes, int, int]

_FIRST = 12  # the header: "DIRC", the version, the number of entries
# The modes an entry has, as the file spells them (the top two bytes are NUL, which no
# name holds), and as ls-files prints them.
_MODES = {
    (0o100644).to_bytes(4, "big"): "100644", (0o100755).to_bytes(4, "big"): "100755",
    (0o120000).to_bytes(4, "big"): "120000", (0o160000).to_bytes(4, "big"): "160000",
}
_SPARSE_DIRECTORY = (0o040000).to_bytes(4, "big")
_GITLINK = (0o160000).to_bytes(4, "big")
# Nanoseconds are under 1,000,000,000 (0x3B9ACA00): the first byte is under 0x3C.
_NANOSECONDS_FIRST = 0x3C
_LONG_NAME = 0xFFF  # the flags' name length for a name of 4,095 bytes or more
_EXTENDED = 0x4000
_KNOWN_EXTENDED_FLAGS = 0x60  # intent-to-add, skip-worktree (the high byte: git refuses others)
_HASH_SIZES = {"sha1": 20, "sha256": 32}
# The longest entry this reader takes (a name under 4,095 bytes, a SHA-256 id, padding).
_MAX_ENTRY = 44 + 32 + _LONG_NAME + 8
# Below this many bytes between the bounds, bisection walks the entries instead.
_WALK = 512


class Unreadable(Exception):
    """This index is not one the reader answers for (or not for certain): ask git."""


def _u32(data: mmap, at: int) -> int:
    return int.from_bytes(data[at:at + 4], "big")


class IndexFile:
    """One index file, mapped: entries looked up by name (see entries())."""

    def __init__(self, path: str, object_format: str) -> None:
        import mmap

        hash_size = _HASH_SIZES.get(object_format)
        if hash_size is None:
            raise Unreadable(f"object format {object_format!r}")
        self.hash_size = hash_size
        try:
            with open(path, "rb") as file:
                size = os.fstat(file.fileno()).st_size
                if size < _FIRST + hash_size:
                    raise Unreadable("too short")
                # (git replaces the index by renaming a new file over it: this mapping
                # keeps the file that was opened, whole.)
                self.data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as error:
            raise Unreadable(str(error)) from None
        data = self.data
        if data[:4] != b"DIRC":
            raise Unreadable("not an index")
        self.version = _u32(data, 4)
        if self.version not in (2, 3):
            raise Unreadable(f"version {self.version}")
        self.count = _u32(data, 8)
        self.trailer = size - hash_size  # the checksum: the extensions end there
        self._synced: dict[int, int] = {}  # bisection's guides: an offset, the place found
        self._parsed: dict[int, Entry] = {}  # entries read once their place is known
        self._last: Optional[Entry] = None  # the last entry (None: there is none)
        self.end = self.trailer
        self.end = self._entries_end()

    def close(self) -> None:
        self.data.close()

    # -- one entry ---------------------------------------------------------------------

    def _parse(self, at: int, limit: int) -> Optional[Entry]:
        """The entry that starts at `at` if its bytes are those of a well-formed entry
        ending by `limit`; None otherwise. Unreadable for one this reader leaves to git."""
        data = self.data
        flags_at = at + 40 + self.hash_size
        if flags_at + 3 > limit:
            return None
        mode = data[at + 24:at + 28]
        if mode not in _MODES:
            if mode == _SPARSE_DIRECTORY:
                raise Unreadable("a sparse index")
            return None
        if data[at + 4] >= _NANOSECONDS_FIRST or data[at + 12] >= _NANOSECONDS_FIRST:
            return None
        flags = data[flags_at] << 8 | data[flags_at + 1]
        name_at = flags_at + 2
        if flags & _EXTENDED:
            if self.version == 2 or data[name_at] & ~_KNOWN_EXTENDED_FLAGS or data[name_at + 1]:
                return None
            name_at += 2
        length = flags & _LONG_NAME
        following = at + ((name_at - at + length + 8) & ~7)
        if length == 0 or following > limit:
            return None
        name = data[name_at:name_at + length]
        if b"\0" in name or data[name_at + length:following].count(0) != following - name_at - length:
            return None
        if length == _LONG_NAME:
            raise Unreadable("a name of 4,095 bytes or more")
        return name, mode, data[at + 40:flags_at], (flags >> 12) & 3, following

    def _previous(self, at: int) -> Optional[Entry]:
        """The one well-formed entry that ends at `at` (found from its padding and its
        name backwards); None when there is none; Unreadable when more than one could."""
        data = self.data
        padding = 0
        while padding < 9 and at - padding - 1 >= _FIRST and data[at - padding - 1] == 0:
            padding += 1
        if not 1 <= padding <= 8:
            return None
        name_end = at - padding
        run = data.rfind(b"\0", max(_FIRST, name_end - _MAX_ENTRY), name_end) + 1
        if run == 0:
            return None
        shortest_header = 42 + self.hash_size
        first = run - shortest_header - 2
        first += (4 - first) % 8  # entries start at 4 modulo 8
        found: Optional[Entry] = None
        for start in range(max(first, _FIRST), name_end - shortest_header, 8):
            entry = self._parse(start, at)
            if entry is not None and entry[4] == at:
                if found is not None:
                    raise Unreadable("an entry's start is ambiguous")
                found = entry
        return found

    def _verified(self, at: int) -> Optional[Entry]:
        """The entry before the one at `at` when the latter is an entry for certain (see
        the module's docstring); None for the first; Unreadable when it is not one."""
        if at == _FIRST:
            return None
        entry = self._entry(at)
        before = self._previous(at) if self.data[at - 1] == 0 else None
        if before is None or (before[0], before[3]) >= (entry[0], entry[3]):
            raise Unreadable("an entry that is not one for certain")
        if entry[4] != self.end:
            after = self._entry(entry[4])
            if (after[0], after[3]) <= (entry[0], entry[3]):
                raise Unreadable("entries out of order")
        return before

    def _sync(self, offset: int, limit: int) -> int:
        """The first place at or after offset that looks like an entry's start and is
        followed by another (limit when there is none before it): a guide for bisection,
        whose answer is verified. Entries are no longer than _MAX_ENTRY."""
        known = self._synced.get(offset)
        if known is not None:
            return min(known, limit)
        data = self.data
        at = offset + (4 - offset) % 8
        stop = min(limit, offset + _MAX_ENTRY)
        while at < stop:
            # (A mode's two NUL bytes found by find(): past the entries, in the
            # extensions, a probe skips most of its bytes at C's speed.)
            nuls = data.find(b"\0\0", at + 24, stop + 25)
            if nuls < 0:
                break
            at = nuls - 24 + (4 - nuls) % 8
            if at + 24 != nuls:
                continue
            if data[at - 1] == 0 and data[at + 24:at + 28] in _MODES:
                entry = self._parse(at, limit)
                if entry is not None and (entry[4] == limit or self._parse(entry[4], limit) is not None):
                    self._synced[offset] = at
                    self._parsed[at] = entry
                    return at
            at += 8
        return limit

    # -- where the entries end ---------------------------------------------------------

    def _entries_end(self) -> int:
        """The offset after the last entry, once the extensions that follow it are read
        to the checksum (each one git may ignore: its name is upper case)."""
        start = end = _FIRST
        if self.count:
            low, high = _FIRST, self.trailer
            if self._parse(_FIRST, high) is None:
                raise Unreadable("no first entry")
            while high - low > 8:
                middle = low + (high - low) // 16 * 8
                found = self._sync(middle, self.trailer)
                if found < self.trailer:
                    low = found
                else:
                    high = middle
            entry = self._parse(low, self.trailer)
            assert entry is not None
            start, end = low, entry[4]
            while end < self.trailer:
                after = self._parse(end, self.trailer)
                if after is None or (after[0], after[3]) <= (entry[0], entry[3]):
                    break
                start, entry, end = end, after, after[4]
            self._last = entry
        if not self.count * 64 <= end - _FIRST <= self.count * _MAX_ENTRY:
            raise Unreadable("entries of an odd size")
        at = end
        while at < self.trailer:
            if at + 8 > self.trailer:
                raise Unreadable("a truncated extension")
            if not 65 <= self.data[at] <= 90:
                raise Unreadable(f"extension {self.data[at:at + 4]!r}")
            at += 8 + _u32(self.data, at + 4)
        if at != self.trailer:
            raise Unreadable("extensions that do not end at the checksum")
        self.end = end
        if self.count:
            self._synced.clear()  # (guides up to the checksum: bisection's are up to the end)
            self._parsed.clear()
            self._verified(start)
        return end

    # -- lookups -----------------------------------------------------------------------

    def _entry(self, at: int) -> Entry:
        """The entry at a place known to be one (chained on from one, or a guide)."""
        entry = self._parsed.get(at)
        if entry is None:
            entry = self._parse(at, self.end)
            if entry is None:
                raise Unreadable("an entry that does not chain on")
            self._parsed[at] = entry
        return entry

    def _first_at_least(self, key: bytes, low: int = _FIRST, near: bool = False) -> int:
        """The offset of the first entry whose name is key or after it (the end when
        none is); low: an entry's start (or the end) not after that entry. near: the
        entry is likely close to low (looked for at growing distances first)."""
        high = self.end
        step = _WALK
        while near and low + step < high:
            found = self._sync(low + step, high)
            if found >= high:
                break
            entry = self._entry(found)
            if entry[0] >= key:
                high = found
                break
            low, step = entry[4], step * 2
        while high - low > _WALK:
            middle = low + (high - low) // 16 * 8
            found = self._sync(middle, high)
            if found >= high:
                break  # no entry starts between middle and high: walk from low
            entry = self._entry(found)
            if entry[0] < key:
                low = entry[4]
            else:
                high = found
        while low < high:
            entry = self._entry(low)
            if entry[0] >= key:
                break
            low = entry[4]
        # Bisection was guided by places that looked like entries: the answer stands
        # only when an entry for certain is there, after one named before key.
        if low == self.end:
            before = self._last
        else:
            if self._entry(low)[0] < key:
                raise Unreadable("bisection went astray")
            before = self._verified(low)
        if before is not None and before[0] >= key:
            raise Unreadable("bisection went astray")
        return low

    def _named(self, name: bytes, at: int) -> tuple[list[Entry], int]:
        """The entries named name from at (its stages), and the offset after them."""
        found = []
        while at < self.end:
            entry = self._entry(at)
            if entry[0] != name:
                break
            found.append(entry)
            at = entry[4]
        return found, at

    def _holds_beneath(self, folder: bytes, at: int) -> bool:
        """Whether an entry's name starts with folder ("NAME/"); at: the offset of an
        entry not after the first that could."""
        if at < self.end and self._entry(at)[0] < folder:
            at = self._first_at_least(folder, at, near=True)
        return at < self.end and self._entry(at)[0].startswith(folder)

    def listed(self, names: Sequence[bytes]) -> list[tuple[str, str, str, bytes]]:
        """What `git ls-files -s -- :(literal)NAME...` lists for these top-relative names,
        as (mode, object id, stage, name). Unreadable for a name that is a folder of
        the index (its files would be listed): git answers that."""
        found: list[Entry] = []
        low = _FIRST
        for name in sorted(set(names)):
            low = self._first_at_least(name, low)
            named, after = self._named(name, low)
            found.extend(named)
            if self._holds_beneath(name + b"/", after):
                raise Unreadable("a name that is a folder")
        return [_printed(entry) for entry in found]

    def holds_beneath(self, folder: bytes) -> bool:
        """Whether `git ls-files -- :(literal)FOLDER/` lists anything for this top-relative
        folder: a file beneath it, or a submodule (gitlink) named so."""
        at = self._first_at_least(folder)
        named, after = self._named(folder, at)
        if any(entry[1] == _GITLINK for entry in named):
            return True
        return self._holds_beneath(folder + b"/", after)


def _printed(entry: Entry) -> tuple[str, str, str, bytes]:
    return _MODES[entry[1]], entry[2].hex(), str(entry[3]), entry[0]
