"""The files of one run as a tree: runs of a directory's files, every directory indexed.

The engine (engine.py) asks it for the directories and files of a name, a glob or a
prefix, the files beneath a directory, and how many there are, never file by file.
Paths that git never produces (empty, a leading or trailing '/', '//', NUL) are set
aside as odd: the reference matcher answers them.
"""
from __future__ import annotations

import bisect
from array import array
from collections import Counter, deque
from functools import cached_property
from itertools import chain, compress, count, islice, repeat
from operator import itemgetter, lt, sub

from ownlint.matching.shapes import Glob

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence

_MAX_CHAR = "\U0010ffff"
# From this many files, every file's name is cut and numbered (FileTree._numbered) by a
# forked child while the tree is built (see FileTree.__init__).
NAMED_BESIDE_FROM = 250_000


def is_plain(path: str) -> bool:
    """A path as git lists it: the engine's domain."""
    # (no NUL either: directories sort with "/" read as NUL, see Cover)
    return bool(path) and path[0] != "/" and path[-1] != "/" and "//" not in path and "\0" not in path


def prefixed(items: Sequence[str], prefix: str) -> Sequence[str]:
    """The items of a sorted sequence that start with prefix."""
    if not prefix:
        return items
    low = bisect.bisect_left(items, prefix)
    high = low
    if prefix[-1] != _MAX_CHAR:
        high = bisect.bisect_left(items, prefix[:-1] + chr(ord(prefix[-1]) + 1), low)
    else:
        while high < len(items) and items[high].startswith(prefix):
            high += 1
    return items[low:high]


class NameIndex:
    """Unique names (of files, or of directories) for literal and glob lookups."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(names)
        self._found: dict[str, list[str]] = {}

    @cached_property
    def _reversed(self) -> list[str]:
        return sorted(name[::-1] for name in self.names)

    def glob(self, glob: Glob) -> list[str]:
        found = self._found.get(glob.key)
        if found is None:
            if len(glob.suffix) > len(glob.prefix):
                candidates: Sequence[str] = [n[::-1] for n in prefixed(self._reversed, glob.suffix[::-1])]
                settled = glob.simple and not glob.prefix
            else:
                candidates = prefixed(self.names, glob.prefix)
                settled = glob.simple and not glob.suffix
            # A range of the sorted names already starts (or ends) right.
            found = list(candidates) if settled else [name for name in candidates if glob.matches(name)]
            self._found[glob.key] = found
        return found


def _names_of(files: Sequence[str]) -> list[str]:
    """Every path's last part (one comprehension: faster than per run)."""
    return [path[path.rfind("/") + 1:] for path in files]


def _numbering(names: list[str]) -> tuple[list[str], list[int], list[int]]:
    """The distinct names (first seen first), every name as its place among them, and how
    many times each occurs: plain lists, as marshal carries them from a child."""
    counts = Counter(names)
    places = dict(zip(counts, count()))
    return list(places), list(map(places.__getitem__, names)), list(counts.values())


def _name_beside(files: Sequence[str]) -> Any:
    """_numbering of every file's name, started in a forked child (sources/forked.py):
    its answer, or None, is read when the names are first asked for. None when there is
    no second core."""
    from ownlint.sources.forked import Forked, spare_core

    if not spare_core():
        return None
    return Forked(lambda: _numbering(_names_of(files)))


class FileTree:
    """The files as runs of consecutive list entries in one directory, every directory indexed.

    A sorted file list keeps a directory's files together, so most files cost a
    prefix test and no new object; names are cut only when a rule asks for them."""

    def __init__(self, files: Sequence[str]) -> None:
        self.files = files
        # The names of a million files (cut, counted and numbered: a second of one core)
        # are found by a forked child meanwhile; its answer holds when no path is odd.
        self._naming = _name_beside(files) if len(files) >= NAMED_BESIDE_FROM else None
        runs: dict[str, list[tuple[int, int]]] = {}
        odd: list[int] = []
        children: dict[str, list[str]] = {}
        known: set[str] = set()
        # The directories that hold the file at hand, each as a prefix ("a/", "a/b/"):
        # opened at the first file beneath, closed at the first file not beneath. In
        # git's order each opens once, and its files at any depth are [low, high).
        opened: list[str] = []
        places: list[int] = []  # where each of opened is in found
        found: list[str] = []  # the directories as they open, and their first and end file
        firsts, ends = array("q"), array("q")  # (compact: a dictionary of spans waits until asked for)
        reopened = False
        # The listing as consecutive runs, in its order: where each starts, and its
        # directory (None: an odd path, a run of its own). best() fills a million rows
        # from these in C.
        starts: array[int] = array("q")
        order: list[Optional[str]] = []
        current: Optional[list[tuple[int, int]]] = None
        directory: Optional[str] = None  # the open run's (None: no run open)
        start = 0
        start_run, order_run, new_run = starts.append, order.append, runs.setdefault
        for number, path in enumerate(files):
            # A file of the open run: one call cuts its directory, then a comparison (a
            # root file's path has no '/'). Three calls a file cost a quarter more.
            above, slash, name = path.rpartition("/")
            if above == directory and name and (above or not slash):
                continue
            if current is not None:
                current.append((start, number))
            start_run(number)
            if not is_plain(path):
                odd.append(number)
                order_run(None)
                directory = current = None
                continue
            directory = above
            order_run(directory)
            current = new_run(directory, [])
            start = number
            prefix = directory + "/" if slash else ""
            width = len(prefix)
            # The directories of this run: close those that do not hold it, open the new ones.
            while opened and not prefix.startswith(opened[-1]):
                del opened[-1]
                ends[places.pop()] = number
            at = len(opened[-1]) if opened else 0
            while at < width:
                cut = prefix.find("/", at)
                # (the run's own directory is the string runs holds: one copy of each name)
                name = directory if cut == width - 1 else prefix[:cut]
                if name in known:
                    reopened = True  # not git's order: these runs are not one span
                else:
                    known.add(name)
                    parent = found[places[-1]] if at else ""  # (the directory opened last holds it)
                    siblings = children.get(parent)
                    if siblings is None:
                        children[parent] = [name]
                    else:
                        siblings.append(name)
                opened.append(prefix[:cut + 1])
                places.append(len(found))
                found.append(name)
                firsts.append(number)
                ends.append(number)
                at = cut + 1
        if current is not None:
            current.append((start, len(files)))
        for place in places:
            ends[place] = len(files)
        self._named: dict[str, list[int]] = {}  # numbers_named's answers
        self._passes = 0
        self.runs = runs
        self.starts = starts
        self.order = order
        self.odd = odd  # answered by the reference matcher
        self.count = len(files) - len(odd)
        self.children = children
        self.dirs = sorted(known)
        # [low, high) of every directory, when each was opened once and no odd path lies between.
        self._opened: Optional[tuple[list[str], array[int], array[int]]] = None if reopened or odd else (found, firsts, ends)

    def by_run(self, values: Mapping[Optional[str], int]) -> list[int]:
        """Every file's value, by file number, from each run's directory's (None: an odd
        path's), repeated over the run in C."""
        starts = self.starts
        sizes = map(sub, chain(islice(starts, 1, None), (len(self.files),)), starts)
        return list(chain.from_iterable(map(repeat, map(values.__getitem__, self.order), sizes)))

    @staticmethod
    def name_of(directory: str) -> str:
        return directory[directory.rfind("/") + 1:]

    @cached_property
    def names(self) -> list[str]:
        """Every file's name, by file number ('' for odd paths)."""
        return self._names()

    def _names(self) -> list[str]:
        names = _names_of(self.files)
        for number in self.odd:
            names[number] = ""
        return names

    @cached_property
    def _numbered(self) -> tuple[list[str], dict[str, int], list[int], Counter[str]]:
        """The distinct names (first seen first), each one's place among them, and every
        file's name as its place: the passes over a million names (the winners by name,
        the names beneath a directory, the files of some names) look up small shared
        numbers, not a million strings each in memory of its own (a cache miss each)."""
        # (A million names are not kept for this: only the distinct ones stay, as keys.)
        naming, self._naming = self._naming, None
        answer = naming.answer() if naming is not None else None
        if answer is None or self.odd or len(answer[1]) != len(self.files) or len(answer[2]) != len(answer[0]):
            answer = _numbering(self.__dict__.get("names") or self._names())
        distinct, numbers, times = answer
        return distinct, dict(zip(distinct, count())), numbers, Counter(dict(zip(distinct, times)))

    @property
    def name_numbers(self) -> list[int]:
        """Every file's name as its place among the distinct names (see by_name)."""
        return self._numbered[2]

    @property
    def name_places(self) -> Mapping[str, int]:
        """Each distinct name's place (the numbers name_numbers holds)."""
        return self._numbered[1]

    def by_name(self, values: Mapping[str, Any], default: Any) -> list[Any]:
        """Per distinct name (the places name_numbers holds), its value in values, else default."""
        distinct = self._numbered[0]
        return list(map(values.get, distinct, repeat(default)))

    @cached_property
    def name_counts(self) -> dict[str, int]:
        counts = dict(self._numbered[3])
        counts.pop("", None)  # (odd paths': no file's name is empty)
        return counts

    @cached_property
    def files_by_name(self) -> dict[str, list[int]]:
        """Every name's file numbers, ascending (odd paths have none)."""
        distinct, _, numbers, _ = self._numbered
        lists: list[list[int]] = [[] for _ in distinct]
        deque(map(list.append, map(lists.__getitem__, numbers), count()), maxlen=0)
        by_name = dict(zip(distinct, lists))
        by_name.pop("", None)  # (odd paths': no file's name is empty)
        return by_name

    def numbers_named(self, names: Iterable[str]) -> Mapping[str, list[int]]:
        """The file numbers (ascending) of at least those names: the names not asked
        before are found in one pass over every name in C, not by an index of every
        name (files_by_name, several times the cost), until they have cost as much."""
        known = self._named
        missing = {name for name in names if name not in known}
        missing.discard("")
        if missing and self._passes >= 4:
            every = self.files_by_name
            known.update((name, every.get(name, [])) for name in missing)
        elif missing:
            self._passes += 1
            places = self._numbered[1]
            lists: dict[int, list[int]] = {places[name]: [] for name in missing if name in places}
            numbers = self.name_numbers
            hits = list(compress(count(), map(lists.__contains__, numbers)))
            deque(map(list.append, map(lists.__getitem__, map(numbers.__getitem__, hits)), hits), maxlen=0)
            distinct = self._numbered[0]
            known.update({name: [] for name in missing})
            known.update((distinct[place], found) for place, found in lists.items())
        return known

    @cached_property
    def dir_names(self) -> dict[str, list[str]]:
        names: dict[str, list[str]] = {}
        for directory in self.dirs:
            names.setdefault(self.name_of(directory), []).append(directory)
        return names

    @cached_property
    def dir_name_index(self) -> NameIndex:
        return NameIndex(self.dir_names)

    @cached_property
    def file_name_index(self) -> NameIndex:
        return NameIndex(self.name_counts)

    @cached_property
    def dir_of(self) -> list[str]:
        """Every file's directory, by file number ('' for odd paths): shared strings, no slicing."""
        found = [""] * len(self.files)
        for directory, runs in self.runs.items():
            for start, stop in runs:
                found[start:stop] = [directory] * (stop - start)
        return found

    def rows_in(self, directory: str) -> Iterator[int]:
        for start, stop in self.runs.get(directory, ()):
            yield from range(start, stop)

    def rows_beneath(self, directory: str) -> list[int]:
        """The file numbers at any depth beneath a directory."""
        span = self.spans.get(directory)
        if span is not None:
            return list(range(*span))
        found: list[int] = []
        runs = self.runs
        for below in [directory, *prefixed(self.dirs, directory + "/")]:
            for start, stop in runs.get(below, ()):
                found.extend(range(start, stop))
        return found

    def size_of(self, directory: str) -> int:
        return sum(stop - start for start, stop in self.runs.get(directory, ()))

    @cached_property
    def under(self) -> dict[str, int]:
        """Files beneath each directory, at any depth."""
        return self._beneath[0]

    @cached_property
    def spans(self) -> dict[str, tuple[int, int]]:
        """For each directory whose files at any depth are one run of file numbers
        [low, high) (always, in git's sorted listing), that run: the files beneath it are
        then a slice, counted in C. A directory whose files are not one run (a list in
        another order, an odd path among them) is absent."""
        return self._beneath[1]

    @cached_property
    def _beneath(self) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
        """under and spans, in one pass up the tree (or as the listing opened them)."""
        if self._opened is not None:
            found, firsts, ends = self._opened
            return dict(zip(found, map(sub, ends, firsts))), dict(zip(found, zip(firsts, ends)))
        under = dict.fromkeys(self.dirs, 0)
        low: dict[str, int] = {}
        high: dict[str, int] = {}
        for directory, runs in self.runs.items():
            low[directory], high[directory] = runs[0][0], runs[-1][1]  # runs ascend
            if directory:
                under[directory] = runs[0][1] - runs[0][0] if len(runs) == 1 else sum(b - a for a, b in runs)
        for directory in reversed(self.dirs):  # a child sorts after its parent
            cut = directory.rfind("/")
            above = directory[:cut] if cut > 0 else ""
            first, last = low[directory], high[directory]
            known = low.get(above)
            if known is None:
                low[above], high[above] = first, last
            else:
                if first < known:
                    low[above] = first
                if last > high[above]:
                    high[above] = last
            if cut > 0:
                under[above] += under[directory]
        # Every file beneath lies in [low, high): as many of them as its width, none else.
        spans = {d: (low[d], high[d]) for d in self.dirs if high[d] - low[d] == under[d]}
        return under, spans


class Cover:
    """The directories a rule matches, reduced to the topmost ones (those with no matched
    ancestor). Where each one's files are one run of numbers (FileTree.spans), runs
    either nest or are disjoint, so a sort of the runs finds the topmost and a file's
    cover is one bisection; else the paths are sorted with '/' read as '\\0' (a
    directory's descendants then follow it)."""

    def __init__(self, directories: Iterable[str], tree: FileTree) -> None:
        spans = tree.spans
        chosen = list(directories)
        found: list[Any] = list(map(spans.get, chosen))  # (low, high), None where not one run
        self._memo: dict[str, bool] = {}
        self._keys: list[str] = []
        self._lows: Optional[list[int]] = None
        self._highs: list[int] = []
        self._tree = tree
        self.minimal: list[str] = []
        if None not in found:
            # By first file, then the narrower first, sorted in C; where none nests in the
            # one before, all are kept.
            order = sorted(range(len(found)), key=found.__getitem__)
            ranked = list(map(found.__getitem__, order))
            lows = list(map(itemgetter(0), ranked))
            highs = list(map(itemgetter(1), ranked))
            if not any(map(lt, islice(lows, 1, None), highs)):
                self._lows, self._highs, self.minimal = lows, highs, list(map(chosen.__getitem__, order))
                return
            self._lows = []
            for low, high, at in zip(lows, highs, order):
                if self._highs and low < self._highs[-1]:
                    # The same first file, and wider (or as wide, and above it): it holds the one kept.
                    if high > self._highs[-1] or (high == self._highs[-1] and len(chosen[at]) < len(self.minimal[-1])):
                        self._highs[-1], self.minimal[-1] = high, chosen[at]
                    continue
                self._lows.append(low)
                self._highs.append(high)
                self.minimal.append(chosen[at])
            return
        top: list[str] = []
        for key in sorted({d.replace("/", "\0") for d in chosen}):
            if top and key.startswith(top[-1]) and (len(key) == len(top[-1]) or key[len(top[-1])] == "\0"):
                continue
            top.append(key)
        self._keys = top
        self.minimal = [key.replace("\0", "/") for key in top]

    def beneath(self) -> int:
        """How many files lie beneath the directories, at any depth (each once)."""
        if self._lows is not None:
            return sum(self._highs) - sum(self._lows)
        under = self._tree.under
        return sum(under[directory] for directory in self.minimal)

    def count_named(self, names: set[str]) -> int:
        """How many files beneath the directories have one of names: counted in C over
        the names of the files beneath, where each directory's files are one run."""
        tree = self._tree
        if self._lows is None:
            named = tree.numbers_named(names)
            numbers = [number for name in names for number in named.get(name, ())]
            return len(numbers) - len(self.uncovered(numbers, tree))
        places = tree.name_places
        numbers, wanted = tree.name_numbers, {places[name] for name in names if name in places}.__contains__
        return sum(sum(map(wanted, numbers[low:high])) for low, high in zip(self._lows, self._highs))

    def count_uncovered(self, numbers: Sequence[int]) -> int:
        """len(uncovered(numbers)), for ascending numbers: by bisection per directory
        where the directories are fewer than the numbers."""
        lows = self._lows
        if lows is None or len(lows) >= len(numbers):
            return len(self.uncovered(numbers, self._tree))
        find = bisect.bisect_left
        covered = 0
        for low, high in zip(lows, self._highs):
            covered += find(numbers, high) - find(numbers, low)
        return len(numbers) - covered

    def uncovered(self, numbers: Sequence[int], tree: FileTree) -> list[int]:
        """Those file numbers whose directory is not covered."""
        if not numbers or not self.minimal:
            return list(numbers)
        if self._lows is not None:
            lows, highs, find = self._lows, self._highs, bisect.bisect_right
            return [n for n in numbers if (at := find(lows, n) - 1) < 0 or highs[at] <= n]
        memo, covers, dir_of = self._memo, self.covers, tree.dir_of
        return [n for n in numbers if not (memo[d] if (d := dir_of[n]) in memo else covers(d))]

    def covers(self, directory: str) -> bool:
        """Whether a directory is one of them or lies beneath one."""
        answer = self._memo.get(directory)
        if answer is None:
            key = directory.replace("/", "\0")
            at = bisect.bisect_right(self._keys, key) - 1
            if at < 0 or not directory:
                answer = False
            else:
                top = self._keys[at]
                answer = key == top or (key.startswith(top) and key[len(top)] == "\0")
            self._memo[directory] = answer
        return answer


def parent(directory: str) -> str:
    cut = directory.rfind("/")
    return directory[:cut] if cut > 0 else ""
