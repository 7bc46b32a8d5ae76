"""The matching engine: every file's last matching rule, from per-directory and per-name answers.

Each rule's shape (shapes.py) says which index of the file tree (filetree.py) finds
what its entry test accepts: directories, file names, file numbers, or everything.
Every candidate an index does not settle is confirmed by the entry's regex, so the
answer is the reference answer (Pattern.matches) at a cost of about one dictionary
lookup a file, whatever the number of rules:

    winner(F) = max(best over F's directories, inherited downwards; best for F's name; best for F's path)

The rules with a wildcard in the middle of the path are matched together, in one walk
down the directory tree (automaton.py), never file by file. Paths that git never
produces (empty, a leading or trailing '/', '//') are answered by the reference matcher.
"""
from __future__ import annotations

from collections import Counter, deque
from functools import cached_property
from itertools import chain, repeat, starmap

from ownlint.matching.automaton import general_hits
from ownlint.matching.filetree import Cover, FileTree
from ownlint.matching.patterns import Pattern
from ownlint.matching.shapes import Kind, Mode, Segment, Shape, names_allow, shape_of, tree_names
from ownlint.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Mapping, MutableSequence, Optional, Sequence

# Up to this many files, best() matches only the rules that can match one of them;
FEW_FILES = 64
# up to this many, path by path rather than by their shapes (about 2 us a rule and path
# against 25 us a rule's shape, on a 1,000-rule mapping).
A_HANDFUL = 8


class Hits:
    """What one rule's entry test accepts: directories, file names, file numbers, or everything."""

    __slots__ = ("dirs", "names", "files", "all_files", "all_dirs")

    def __init__(self) -> None:
        self.dirs: list[str] = []
        self.names: list[str] = []
        self.files: MutableSequence[int] = []  # ascending (an array for the mid-path rules: see automaton.py)
        self.all_files = False
        self.all_dirs = False


def _dirs_accepting(shape: Shape, tree: FileTree) -> list[str]:
    kind = shape.kind
    if kind is Kind.NAME:
        return list(tree.dir_names.get(shape.literal, ()))
    if kind is Kind.NAME_GLOB:
        assert shape.glob is not None
        names = tree.dir_names
        return [d for name in tree.dir_name_index.glob(shape.glob) for d in names[name]]
    assert kind in (Kind.PATH, Kind.PATH_GLOB) and shape.last is not None
    return _within(tree, (shape.literal,), shape.last, files=False)


def _files_accepting(shape: Shape, tree: FileTree, hits: Hits) -> None:
    kind = shape.kind
    if kind is Kind.NAME:
        if shape.literal in tree.name_counts:
            hits.names.append(shape.literal)
    elif kind is Kind.NAME_GLOB:
        assert shape.glob is not None
        hits.names.extend(tree.file_name_index.glob(shape.glob))
    else:
        assert kind in (Kind.PATH, Kind.PATH_GLOB) and shape.last is not None
        hits.files.extend(_within(tree, (shape.literal,), shape.last, files=True))


def _within(tree: FileTree, parents: Iterable[str], segment: Segment, files: bool) -> list[Any]:
    """Directories (or file numbers) directly in one of parents whose name matches segment."""
    found: list[Any] = []
    if files:
        paths = tree.files
        runs = tree.runs
        for parent in parents:
            test = segment.tester(len(parent) + 1 if parent else 0)
            for start, stop in runs.get(parent, ()):
                found.extend(number for number in range(start, stop) if test(paths[number]))
    else:
        children = tree.children
        for parent in parents:
            test = segment.tester(len(parent) + 1 if parent else 0)
            found.extend(d for d in children.get(parent, ()) if test(d))
    return found


def hits_of(shape: Shape, tree: FileTree) -> Hits:
    """What one rule's entry test accepts; GENERAL shapes are found together (see every_hits)."""
    hits = Hits()
    if shape.kind is Kind.ALL:
        hits.all_dirs = Mode.DIR in shape.mode
        hits.all_files = Mode.SELF in shape.mode
        return hits
    assert shape.kind is not Kind.GENERAL
    if Mode.DIR in shape.mode:
        hits.dirs = _dirs_accepting(shape, tree)
    if Mode.SELF in shape.mode:
        _files_accepting(shape, tree, hits)
    return hits


def every_hits(shapes: Sequence[Shape], tree: FileTree) -> list[Hits]:
    """Every shape's hits: the GENERAL ones in one walk of the directory tree (automaton.py)."""
    general = iter(general_hits([shape for shape in shapes if shape.kind is Kind.GENERAL], tree))
    found: list[Hits] = []
    for shape in shapes:
        if shape.kind is not Kind.GENERAL:
            found.append(hits_of(shape, tree))
            continue
        hits = Hits()
        hits.dirs, hits.files = next(general)  # shared by identical shapes: read, never changed
        found.append(hits)
    return found


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Parts(Value):
    """What one rule matches, as disjoint parts: every file beneath each of subtrees,
    the root's own files when root_files, the file numbers files, and the files named
    one of names (kept as names only where no subtree can hold them: a count needs
    only how many there are). rows, tally and the counts each read a rule this way."""

    subtrees: list[str]
    root_files: bool
    files: list[int]
    names: list[str]

    def __init__(self, subtrees: list[str], root_files: bool, files: list[int], names: list[str]) -> None:
        self.subtrees = subtrees
        self.root_files = root_files
        self.files = files
        self.names = names


def parts_of(hits: Hits, tree: FileTree, by_name: Callable[[], Mapping[str, list[int]]],
             cover: Optional[Cover] = None) -> Parts:
    """A rule's hits as disjoint parts; by_name gives file numbers by name (for the files
    of a name that lie outside every matched directory); cover: its directories' Cover,
    when known."""
    if hits.all_files or hits.all_dirs:
        return Parts(list(tree.children.get("", ())), hits.all_files, [], [])
    cover = Cover(hits.dirs, tree) if cover is None else cover
    if not cover.minimal:
        return Parts([], False, list(hits.files), list(hits.names))
    numbers = list(hits.files)
    if hits.names:
        named = by_name()
        numbers += [n for name in hits.names for n in named.get(name, ())]
    return Parts(cover.minimal, False, cover.uncovered(numbers, tree), [])


class Engine:
    """The rules of one section, compiled once; answers for a whole FileTree at a time.

    Rules of one shape (`docs/` and `**/docs/`, a pattern written twice) match the same
    files: their hits, counts and tallies are found once, for the group."""

    def __init__(self, rules: Sequence[tuple[int, Pattern]], narrows: bool = True) -> None:
        self.rules = list(rules)
        self._narrows = narrows  # best() may answer a small tree from the rules that can match it
        self._hits: Optional[tuple[FileTree, list[Hits]]] = None
        self._patterns = dict(self.rules)
        self._tallies: dict[int, tuple[Sequence[Any], Counter[Any]]] = {}
        self._covers: dict[int, Cover] = {}  # per position, as match_counts found them (the tallies read them)

    # Every rule's shape is worked out when first needed: a few paths (a hook's staged
    # files, one path explained) are answered by an engine of the rules that can match
    # them (see best), so they do not pay for a thousand rules' shapes.
    @cached_property
    def _groups(self) -> list[tuple[Shape, list[int]]]:
        groups: dict[tuple[object, ...], tuple[Shape, list[int]]] = {}
        for index, pattern in self.rules:
            shape = shape_of(index, pattern)
            if shape is not None:
                groups.setdefault(shape.key, (shape, []))[1].append(index)
        # In the order of each group's last rule: the one that wins where the group matches.
        return sorted(groups.values(), key=lambda group: group[1][-1])

    @cached_property
    def shapes(self) -> list[Shape]:
        return [shape for shape, _ in self._groups]

    @cached_property
    def members(self) -> list[list[int]]:
        return [indices for _, indices in self._groups]

    @cached_property
    def last(self) -> list[int]:
        return [indices[-1] for indices in self.members]

    @cached_property
    def _positions(self) -> dict[int, int]:
        return {index: position for position, indices in enumerate(self.members) for index in indices}

    def _candidates(self, tree: FileTree) -> list[tuple[int, Pattern]]:
        """The rules that can match some path of a small tree: every name a rule spells
        out (a segment without wildcards) is a name along that path."""
        names = tree_names(tree.files)
        return [(index, pattern) for index, pattern in self.rules if names_allow(pattern, names)]

    def _best_of_few(self, tree: FileTree) -> list[int]:
        """A small tree's answer from the rules that can match it: for a handful of paths
        (a hook's staged files, a path explained), each rule matched path by path by the
        reference matcher on its parsed tokens, which costs less than a hundred rules'
        shapes and hits; for more, an engine of those rules."""
        candidates = self._candidates(tree)
        if len(tree.files) > A_HANDFUL:
            return Engine(candidates, False).best(tree)
        candidates.reverse()  # (the last rule that matches wins)
        return [next((index for index, pattern in candidates if pattern.matches_by_glob(path)), -1) for path in tree.files]

    def _reference_best(self, path: str) -> int:
        # Only for paths git never lists (see is_plain): not worth an index.
        found = -1
        for index, pattern in self.rules:
            if pattern.matches(path):
                found = index
        return found

    def hits(self, tree: FileTree) -> list[Hits]:
        """Every rule's hits in the tree, kept for the last tree asked about."""
        if self._hits is None or self._hits[0] is not tree:
            self._hits = (tree, every_hits(self.shapes, tree))
            self._tallies = {}
            self._covers = {}
        return self._hits[1]

    def expect_tallies(self, indices: Iterable[int], tree: FileTree) -> None:
        """Tallies of these rules will be asked for: the files of their names are found
        at once (one pass over every name), not rule by rule."""
        every, positions = self.hits(tree), self._positions
        tree.numbers_named({name for index in indices if index in positions for name in every[positions[index]].names})

    def rows(self, index: int, tree: FileTree) -> list[int]:
        """The file numbers one rule matches, in order: from its hits, not by matching every file."""
        found: list[int] = []
        parts = self._parts(index, tree)
        if parts is not None:
            for directory in parts.subtrees:
                found.extend(tree.rows_beneath(directory))
            if parts.root_files:
                found.extend(tree.rows_in(""))
            found.extend(parts.files)
            by_name = tree.numbers_named(parts.names) if parts.names else {}
            for name in parts.names:
                found.extend(by_name[name])
        found.extend(self._odd_matched(index, tree))
        return sorted(set(found))

    def tally(self, index: int, tree: FileTree, values: Sequence[Any], memo: dict[str, Counter[Any]]) -> Counter[Any]:
        """How often each value (of values, by file number) occurs among the files one
        rule matches: per directory subtree (memo, shared between rules) where the rule
        matches a directory, file by file elsewhere. Equals Counter of values over rows()."""
        found: Counter[Any] = Counter()
        position = self._positions.get(index)
        if position is not None:
            self.hits(tree)
            kept = self._tallies.get(position)
            if kept is not None and kept[0] is values:  # another rule of the same shape
                return kept[1] + Counter(values[n] for n in self._odd_matched(index, tree))
        parts = self._parts(index, tree)
        if parts is not None:
            spans = tree.spans
            runs = [span for directory in parts.subtrees if (span := spans.get(directory)) is not None]
            # The files beneath those are slices: counted in C, at once.
            found.update(chain.from_iterable(map(values.__getitem__, starmap(slice, runs))))
            for directory in parts.subtrees:
                if directory not in spans:
                    found.update(_subtree_tally(directory, tree, values, memo))
            if parts.root_files:
                found.update(values[n] for n in tree.rows_in(""))
            found.update(map(values.__getitem__, parts.files))
            by_name = tree.numbers_named(parts.names) if parts.names else {}
            found.update(values[n] for name in parts.names for n in by_name.get(name, ()))
        if position is not None:
            self._tallies[position] = (values, Counter(found))
        found.update(values[n] for n in self._odd_matched(index, tree))
        return found

    def _parts(self, index: int, tree: FileTree) -> Optional[Parts]:
        position = self._positions.get(index)
        if position is None:
            return None
        hits = self.hits(tree)[position]
        return parts_of(hits, tree, lambda: tree.numbers_named(hits.names), self._covers.get(position))

    def _odd_matched(self, index: int, tree: FileTree) -> list[int]:
        """The paths git never lists that one rule matches (the reference matcher answers)."""
        pattern = self._patterns.get(index)
        if pattern is None or not tree.odd:
            return []
        return [n for n in tree.odd if pattern.matches(tree.files[n])]

    def best(self, tree: FileTree) -> list[int]:
        """Per file of the tree, the index of its last matching rule, or -1."""
        if self._narrows and len(tree.files) <= FEW_FILES and "_groups" not in self.__dict__:
            return self._best_of_few(tree)
        dir_own: dict[str, int] = {}
        name_own: dict[str, int] = {}
        all_files = all_dirs = -1
        every = self.hits(tree)
        for index, hits in zip(self.last, every):
            if hits.all_files:
                all_files = index
            if hits.all_dirs:
                all_dirs = index
            if hits.dirs:
                dir_own.update(dict.fromkeys(hits.dirs, index))
            if hits.names:
                name_own.update(dict.fromkeys(hits.names, index))
        # Down the tree, in C per directory's subdirectories: children lists each
        # parent before its children, in any listing order (a directory is listed
        # under its parent when first seen, before any directory beneath it).
        best_dir: dict[Optional[str], int] = {"": all_files}
        own = dir_own.get
        for above, below in tree.children.items():
            inherited = max(best_dir[above], all_dirs)
            if dir_own:
                best_dir.update(zip(below, map(max, map(own, below, repeat(-1)), repeat(inherited))))
            else:
                best_dir.update(dict.fromkeys(below, inherited))
        best_dir[None] = -1  # (an odd path's: the reference matcher answers it below)
        result = tree.by_run(best_dir)
        # (The larger of two, a million times: a comprehension, which is twice as fast as
        # map(max), whose every call parses its arguments.)
        if name_own:
            of_name = tree.by_name(name_own, -1).__getitem__
            result = [a if a > b else b for a, b in zip(result, map(of_name, tree.name_numbers))]
        if sum(len(hits.files) for hits in every) > len(result) // 4:
            # Many (the mid-path rules' 1.5 million on the 1M workload): each file's last
            # rule of those, set in C in ascending order, then the larger of the two.
            own_file = [-1] * len(result)
            for index, hits in zip(self.last, every):
                if hits.files:
                    deque(map(own_file.__setitem__, hits.files, repeat(index)), maxlen=0)
            result = [a if a > b else b for a, b in zip(result, own_file)]
        else:
            for index, hits in zip(self.last, every):  # (ascending: no dictionary of a million files)
                for number in hits.files:
                    if result[number] < index:
                        result[number] = index
        for number in tree.odd:
            result[number] = self._reference_best(tree.files[number])
        return result

    def match_counts(self, tree: FileTree, counts: list[int]) -> None:
        """Add to counts[index] how many files of the tree each rule matches: the files
        beneath its topmost directories, counted from their runs, and its files and
        names outside them (by bisection, and the names beneath counted in C); no list
        of file numbers is made."""
        every = self.hits(tree)
        name_counts = tree.name_counts
        for position, (members, hits) in enumerate(zip(self.members, every)):
            if hits.all_files or hits.all_dirs:
                parts = parts_of(hits, tree, dict)
                total = sum(tree.under[directory] for directory in parts.subtrees)
                total += tree.size_of("") if parts.root_files else 0
            else:
                cover = self._covers[position] = Cover(hits.dirs, tree)
                total = sum(name_counts[name] for name in hits.names)
                if cover.minimal:
                    total += cover.beneath() + cover.count_uncovered(hits.files)  # (ascending)
                    total -= cover.count_named(set(hits.names)) if hits.names else 0
                else:
                    total += len(hits.files)
            for index in members:
                counts[index] += total
        for number in tree.odd:
            path = tree.files[number]
            for index, pattern in self.rules:
                if pattern.matches(path):
                    counts[index] += 1


def _subtree_tally(directory: str, tree: FileTree, values: Sequence[Any], memo: dict[str, Counter[Any]]) -> Counter[Any]:
    """Values of the files at any depth beneath a directory, counted (memoised; no
    recursion, whatever the depth)."""
    stack = [(directory, False)]
    while stack:
        current, expanded = stack.pop()
        if current in memo:
            continue
        children = tree.children.get(current, ())
        if not expanded:
            stack.append((current, True))
            stack.extend((child, False) for child in children if child not in memo)
            continue
        found: Counter[Any] = Counter()
        for start, stop in tree.runs.get(current, ()):
            found.update(values[start:stop])
        for child in children:
            found.update(memo[child])
        memo[current] = found
    return memo[directory]
