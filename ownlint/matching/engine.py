"""The matching engine: every file's last matching rule, from per-directory and per-name answers.

A CODEOWNERS pattern P is reduced to an entry test E over one path X (a file or a
directory) and a mode. P matches a file F iff E(F) (modes SELF and BOTH) or E(D)
for some proper ancestor directory D of F (modes DIR and BOTH): the regex that
patterns.py writes for P is E followed by `$` (SELF), `/.*$` (DIR) or `(?:/.*)?$`
(BOTH); an anchored pattern whose last segment is exactly `*` is SELF, any other
wildcard last segment (`/docs/*.md`, `**/Pam*`) is BOTH, as patterns.py decides.
Most E are a literal name (`Makefile`), a name glob (`*.tf`), a literal path
(`/dns/`, `docs/**`) or a glob in one literal directory (`/docs/*.md`); their
candidates come from indexes (names, a directory's children, sorted prefixes), and
every candidate an index does not settle is confirmed by E's regex, so the answer
is the reference answer (Pattern.matches) at a cost of about one dictionary lookup
a file, whatever the number of rules:

    winner(F) = max(best over F's directories, inherited downwards; best for F's name; best for F's path)

Paths that git never produces (empty, a leading or trailing '/', '//') are
answered by the reference matcher.
"""
from __future__ import annotations

import bisect
import operator
import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from ownlint.matching.globmatch import match_segment
from ownlint.matching.patterns import NEVER, Pattern, segment_regex, split_segments

SELF, DIR, BOTH = 1, 2, 3
ALL, NAME, NAME_GLOB, PATH, PATH_GLOB, GENERAL = "all", "name", "name-glob", "path", "path-glob", "general"
WILDCARDS = ("*", "?", "**")
_MAX_CHAR = "\U0010ffff"


def _is_literal(tokens: list[str]) -> bool:
    return not any(token in WILDCARDS for token in tokens)


def _literal(tokens: list[str]) -> str:
    return "".join(token[-1] for token in tokens)


class Glob:
    """One segment with wildcards, tested against a name; a regex only where needed."""

    def __init__(self, tokens: list[str]) -> None:
        first = next(i for i, t in enumerate(tokens) if t in WILDCARDS)
        last = max(i for i, t in enumerate(tokens) if t in WILDCARDS)
        self.prefix = _literal(tokens[:first])
        self.suffix = _literal(tokens[last + 1:])
        middle = tokens[first:last + 1]
        # `pre*suf` (any one run of stars): decided by startswith/endswith alone.
        self.simple = all(t in ("*", "**") for t in middle)
        self.everything = self.simple and not self.prefix and not self.suffix
        self.tokens = list(tokens)
        self._source = segment_regex(tokens)
        self.key = self._source
        self._regex: Optional[Callable[[str], bool]] = None

    def tester(self, width: int) -> Callable[[str], bool]:
        """Whether a path's name, from offset width on, matches: no slicing."""
        if self.simple:
            prefix, suffix, least = self.prefix, self.suffix, width + len(self.prefix) + len(self.suffix)
            return lambda path: len(path) >= least and path.startswith(prefix, width) and path.endswith(suffix)
        matches = self.matches
        return lambda path: matches(path[width:])

    def matches(self, name: str) -> bool:
        if self.simple:
            return (
                len(name) >= len(self.prefix) + len(self.suffix)
                and name.startswith(self.prefix)
                and name.endswith(self.suffix)
            )
        if self._regex is None:
            self._regex = self._compile()
        return self._regex(name)

    def _compile(self) -> Callable[[str], bool]:
        # One run of stars cannot make Python's re backtrack badly; more can
        # (`*a*a*a*b`): then re2, or globmatch's linear matcher without it.
        if sum(1 for a, b in zip(self.tokens, self.tokens[1:] + ["end"]) if a in ("*", "**") and b not in ("*", "**")) <= 1:
            fullmatch = re.compile(self._source, re.DOTALL).fullmatch
            return lambda name: fullmatch(name) is not None
        try:
            import re2
        except ImportError:
            tokens = self.tokens
            return lambda name: match_segment(tokens, name)
        options = re2.Options()
        options.dot_nl = True
        compiled = re2.compile(self._source, options)
        return lambda name: compiled.fullmatch(name) is not None


class Segment:
    """One segment of a GENERAL pattern: a literal name, a glob, or '**' (glob and literal None)."""

    def __init__(self, tokens: list[str]) -> None:
        self.spans = tokens == ["**"]
        self.literal = _literal(tokens) if _is_literal(tokens) else None
        self.glob = Glob(tokens) if not self.spans and self.literal is None else None
        # What the segment accepts, as a dictionary key.
        self.key = ("=", self.literal) if self.literal is not None else ("~", self.glob.key if self.glob else "**")

    def tester(self, width: int) -> Callable[[str], bool]:
        if self.literal is not None:
            literal, size = self.literal, width + len(self.literal)
            return lambda path: len(path) == size and path.endswith(literal)
        assert self.glob is not None
        return self.glob.tester(width)


@dataclass
class Shape:
    """How the engine finds the paths a rule's entry test E accepts."""

    index: int
    kind: str
    mode: int
    literal: str = ""  # NAME: the name; PATH: the path; PATH_GLOB: the directory
    glob: Optional[Glob] = None  # NAME_GLOB: the name
    last: Optional[Segment] = None  # PATH, PATH_GLOB: the last segment, in directory `literal`
    segments: Optional[list[Segment]] = None  # GENERAL
    floating: bool = False  # GENERAL: at any depth (else from the root)


def shape_of(index: int, pattern: Pattern) -> Optional[Shape]:
    """The shape of a valid pattern; None for one that matches nothing (a lone '/')."""
    if pattern.regex == NEVER:
        return None
    raw = split_segments(pattern.text)
    if pattern.directory_only:
        raw.pop()
    if raw[0] == []:
        raw.pop(0)
    segments: list[list[str]] = []
    for tokens in raw:  # '**/**' is '**'
        if not (tokens == ["**"] and segments and segments[-1] == ["**"]):
            segments.append(tokens)
    if pattern.directory_only:
        mode = DIR
    elif pattern.children_only:
        mode = SELF
    elif segments[-1] == ["**"]:
        if len(segments) == 1:
            return Shape(index, ALL, SELF)
        segments.pop()  # `X/**` matches what lies beneath a directory matching X
        mode = DIR
    else:
        mode = BOTH
    floating = not pattern.anchored
    if pattern.anchored and segments[0] == ["**"] and len(segments) > 1:
        segments.pop(0)  # `**/X` is X at any depth
        floating = True
    last = segments[-1]
    if len(segments) == 1:
        if last == ["**"]:
            return Shape(index, ALL, mode)
        if not floating:
            return Shape(index, PATH if _is_literal(last) else PATH_GLOB, mode, literal="", last=Segment(last))
        if _is_literal(last):
            return Shape(index, NAME, mode, literal=_literal(last))
        glob = Glob(last)
        return Shape(index, ALL, mode) if glob.everything else Shape(index, NAME_GLOB, mode, glob=glob)
    if not floating and all(_is_literal(tokens) for tokens in segments[:-1]) and last != ["**"]:
        directory = "/".join(_literal(tokens) for tokens in segments[:-1])
        return Shape(index, PATH if _is_literal(last) else PATH_GLOB, mode, literal=directory, last=Segment(last))
    return Shape(index, GENERAL, mode, segments=[Segment(tokens) for tokens in segments], floating=floating)


def is_plain(path: str) -> bool:
    """A path as git lists it: the engine's domain."""
    # (no NUL either: directories sort with "/" read as NUL, see Cover)
    return bool(path) and path[0] != "/" and path[-1] != "/" and "//" not in path and "\0" not in path


def _prefixed(items: Sequence[str], prefix: str) -> Sequence[str]:
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
        self._reversed: Optional[list[str]] = None
        self._found: dict[str, list[str]] = {}

    def glob(self, glob: Glob) -> list[str]:
        found = self._found.get(glob.key)
        if found is None:
            if len(glob.suffix) > len(glob.prefix):
                if self._reversed is None:
                    self._reversed = sorted(name[::-1] for name in self.names)
                candidates: Sequence[str] = [n[::-1] for n in _prefixed(self._reversed, glob.suffix[::-1])]
                settled = glob.simple and not glob.prefix
            else:
                candidates = _prefixed(self.names, glob.prefix)
                settled = glob.simple and not glob.suffix
            # A range of the sorted names already starts (or ends) right.
            found = list(candidates) if settled else [name for name in candidates if glob.matches(name)]
            self._found[glob.key] = found
        return found


class FileTree:
    """The files as runs of consecutive list entries in one directory, every directory indexed.

    A sorted file list keeps a directory's files together, so most files cost a
    prefix test and no new object; names are cut only when a rule asks for them."""

    def __init__(self, files: Sequence[str]) -> None:
        self.files = files
        runs: dict[str, list[tuple[int, int]]] = {}
        odd: list[int] = []
        current: Optional[list[tuple[int, int]]] = None
        prefix = ""
        width = -1  # no run open
        start = 0
        for number, path in enumerate(files):
            if width >= 0 and len(path) > width and path.startswith(prefix) and path.find("/", width) < 0:
                continue
            if current is not None:
                current.append((start, number))
                current = None
            if not is_plain(path):
                odd.append(number)
                width = -1
                continue
            cut = path.rfind("/")
            directory = path[:cut] if cut > 0 else ""
            prefix = path[:cut + 1] if cut > 0 else ""
            width = len(prefix)
            current = runs.get(directory)
            if current is None:
                current = runs[directory] = []
            start = number
        if current is not None:
            current.append((start, len(files)))
        self.runs = runs
        self.odd = odd  # answered by the reference matcher
        self.count = len(files) - len(odd)
        children: dict[str, list[str]] = {}
        known: set[str] = set()
        for directory in runs:
            while directory and directory not in known:
                known.add(directory)
                cut = directory.rfind("/")
                parent = directory[:cut] if cut > 0 else ""
                siblings = children.get(parent)
                if siblings is None:
                    children[parent] = [directory]
                else:
                    siblings.append(directory)
                directory = parent
        self.children = children
        self.dir_set = known
        self.dirs = sorted(known)
        self._names: Optional[list[str]] = None
        self._name_counts: Optional[dict[str, int]] = None
        self._files_by_name: Optional[dict[str, list[int]]] = None
        self._dir_names: Optional[dict[str, list[str]]] = None
        self._dir_name_index: Optional[NameIndex] = None
        self._file_name_index: Optional[NameIndex] = None
        self._under: Optional[dict[str, int]] = None
        self._dir_of: Optional[list[str]] = None
        self._ordered: Optional[bool] = None
        self._numbers_named: dict[tuple[str, str], list[int]] = {}
        self._dirs_named: dict[tuple[str, str], list[str]] = {}

    @staticmethod
    def name_of(directory: str) -> str:
        return directory[directory.rfind("/") + 1:]

    @property
    def names(self) -> list[str]:
        """Every file's name, by file number ('' for odd paths)."""
        if self._names is None:
            files = self.files
            names = [""] * len(files)
            for directory, runs in self.runs.items():
                width = len(directory) + 1 if directory else 0
                for start, stop in runs:
                    names[start:stop] = [path[width:] for path in files[start:stop]]
            self._names = names
        return self._names

    @property
    def name_counts(self) -> dict[str, int]:
        if self._name_counts is None:
            counts = Counter(self.names)
            for number in self.odd:
                counts[self.names[number]] -= 1
            self._name_counts = {name: count for name, count in counts.items() if count > 0}
        return self._name_counts

    @property
    def files_by_name(self) -> dict[str, list[int]]:
        if self._files_by_name is None:
            by_name: dict[str, list[int]] = {}
            names = self.names
            for runs in self.runs.values():
                for start, stop in runs:
                    for number in range(start, stop):
                        same = by_name.get(names[number])
                        if same is None:
                            by_name[names[number]] = [number]
                        else:
                            same.append(number)
            self._files_by_name = by_name
        return self._files_by_name

    def rows_named(self, wanted: set[str]) -> dict[str, list[int]]:
        """The file numbers of each wanted name (cheaper than files_by_name for a few names)."""
        if self._files_by_name is not None:
            return self._files_by_name
        found: dict[str, list[int]] = {}
        names = self.names
        odd = set(self.odd)
        for number in [n for n, name in enumerate(names) if name in wanted]:
            if number not in odd:
                found.setdefault(names[number], []).append(number)
        return found

    @property
    def dir_names(self) -> dict[str, list[str]]:
        if self._dir_names is None:
            names: dict[str, list[str]] = {}
            for directory in self.dirs:
                names.setdefault(self.name_of(directory), []).append(directory)
            self._dir_names = names
        return self._dir_names

    @property
    def dir_name_index(self) -> NameIndex:
        if self._dir_name_index is None:
            self._dir_name_index = NameIndex(self.dir_names)
        return self._dir_name_index

    @property
    def file_name_index(self) -> NameIndex:
        if self._file_name_index is None:
            self._file_name_index = NameIndex(self.name_counts)
        return self._file_name_index

    @property
    def dir_of(self) -> list[str]:
        """Every file's directory, by file number ('' for odd paths): shared strings, no slicing."""
        if self._dir_of is None:
            found = [""] * len(self.files)
            for directory, runs in self.runs.items():
                for start, stop in runs:
                    found[start:stop] = [directory] * (stop - start)
            self._dir_of = found
        return self._dir_of

    @property
    def ordered(self) -> bool:
        """Whether the files are strictly sorted (as git lists them): then the files
        beneath a directory are one run of file numbers (see span_beneath)."""
        if self._ordered is None:
            files = self.files
            self._ordered = all(map(operator.lt, files, islice(files, 1, None)))
        return self._ordered

    def span_beneath(self, directory: str) -> tuple[int, int]:
        """The file numbers [low, high) at any depth beneath a directory; needs ordered."""
        low = bisect.bisect_left(self.files, directory + "/")
        return low, bisect.bisect_left(self.files, directory + "0", low)  # '0' follows '/'

    def numbers_named(self, segment: Segment) -> list[int]:
        """The (plain) file numbers whose name matches segment, ascending; kept per segment,
        since many rules end in the same name or glob (`*.tf`)."""
        key = segment.key
        found = self._numbers_named.get(key)
        if found is None:
            found = self._numbers_named[key] = sorted(_named(segment, self, files=True))
        return found

    def dirs_named(self, segment: Segment) -> list[str]:
        """The directories whose name matches segment, sorted; kept per segment."""
        key = segment.key
        found = self._dirs_named.get(key)
        if found is None:
            found = self._dirs_named[key] = sorted(_named(segment, self, files=False))
        return found

    def rows_in(self, directory: str) -> Iterator[int]:
        for start, stop in self.runs.get(directory, ()):
            yield from range(start, stop)

    def rows_beneath(self, directory: str) -> list[int]:
        """The file numbers at any depth beneath a directory."""
        found: list[int] = []
        runs = self.runs
        for below in [directory, *_prefixed(self.dirs, directory + "/")]:
            for start, stop in runs.get(below, ()):
                found.extend(range(start, stop))
        return found

    def size_of(self, directory: str) -> int:
        return sum(stop - start for start, stop in self.runs.get(directory, ()))

    @property
    def under(self) -> dict[str, int]:
        """Files beneath each directory, at any depth."""
        if self._under is None:
            under = {directory: self.size_of(directory) for directory in self.dirs}
            for directory in reversed(self.dirs):  # a child sorts after its parent
                cut = directory.rfind("/")
                if cut > 0:
                    under[directory[:cut]] += under[directory]
            self._under = under
        return self._under


class Hits:
    """What one rule's entry test accepts: directories, file names, file numbers, or everything."""

    __slots__ = ("dirs", "names", "files", "all_files", "all_dirs")

    def __init__(self) -> None:
        self.dirs: list[str] = []
        self.names: list[str] = []
        self.files: list[int] = []
        self.all_files = False
        self.all_dirs = False


def _dirs_accepting(shape: Shape, tree: FileTree) -> list[str]:
    kind = shape.kind
    if kind == NAME:
        return list(tree.dir_names.get(shape.literal, ()))
    if kind == NAME_GLOB:
        assert shape.glob is not None
        names = tree.dir_names
        return [d for name in tree.dir_name_index.glob(shape.glob) for d in names[name]]
    if kind == PATH or kind == PATH_GLOB:
        assert shape.last is not None
        return _within(tree, (shape.literal,), shape.last, files=False)
    assert shape.segments is not None
    return _general(shape.segments, shape.floating, tree, files=False)


def _files_accepting(shape: Shape, tree: FileTree, hits: Hits) -> None:
    kind = shape.kind
    if kind == NAME:
        if shape.literal in tree.name_counts:
            hits.names.append(shape.literal)
    elif kind == NAME_GLOB:
        assert shape.glob is not None
        hits.names.extend(tree.file_name_index.glob(shape.glob))
    elif kind == PATH or kind == PATH_GLOB:
        assert shape.last is not None
        hits.files.extend(_within(tree, (shape.literal,), shape.last, files=True))
    else:
        assert shape.segments is not None
        hits.files.extend(_general(shape.segments, shape.floating, tree, files=True))


def _named(segment: Segment, tree: FileTree, files: bool) -> list[Any]:
    """Directories (or file numbers) at any depth whose name matches segment."""
    index: dict[str, list[Any]] = tree.files_by_name if files else tree.dir_names
    if segment.literal is not None:
        return list(index.get(segment.literal, ()))
    assert segment.glob is not None
    names = (tree.file_name_index if files else tree.dir_name_index).glob(segment.glob)
    return [item for name in names for item in index[name]]


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


def _general(segments: list[Segment], floating: bool, tree: FileTree, files: bool) -> list[Any]:
    """The directories (or file numbers) that the segments' entry test accepts, built
    segment by segment down the tree: X matches S1/../Sk iff X's name matches Sk and
    its parent matches S1/../Sk-1 (or, after '**', one of its ancestors does).
    A trailing '**' (only in a directory-only pattern) answers the topmost directories
    beneath a match, which covers the same files."""
    last = segments[-1]
    if len(segments) == 1:
        if floating:
            return _named(last, tree, files)
        return _within(tree, ("",), last, files)
    if last.spans:
        assert not files, "a pattern ending in '**' matches through directories"
        parents = _general(segments[:-1], floating, tree, files=False)
        return [child for parent in parents for child in tree.children.get(parent, ())]
    if not segments[-2].spans:
        return _within(tree, _general(segments[:-1], floating, tree, files=False), last, files)
    if len(segments) == 2:  # '**/X' from the root is X at any depth
        return _named(last, tree, files)
    # X matches A/**/L iff X's name matches L and X lies strictly beneath a directory
    # matching A. Beneath one directory is one range of a sorted list, so each topmost
    # anchor costs two bisections in the sorted candidates, whatever the depth: the
    # answer is never built by climbing from each candidate to its ancestors.
    anchors = Cover(_general(segments[:-2], floating, tree, files=False))
    if not files:
        named_dirs = tree.dirs_named(last)
        return [d for anchor in anchors.minimal for d in _prefixed(named_dirs, anchor + "/")]
    numbers = tree.numbers_named(last)
    if not tree.ordered:  # a file list not in git's order: one memoised answer per directory
        dir_of = tree.dir_of
        return [n for n in numbers if anchors.covers(dir_of[n])]
    found: list[int] = []
    for anchor in anchors.minimal:
        low, high = tree.span_beneath(anchor)
        found.extend(numbers[bisect.bisect_left(numbers, low):bisect.bisect_left(numbers, high)])
    return found


def hits_of(shape: Shape, tree: FileTree) -> Hits:
    hits = Hits()
    if shape.kind == ALL:
        hits.all_dirs = shape.mode & DIR != 0
        hits.all_files = shape.mode & SELF != 0
        return hits
    if shape.mode & DIR:
        hits.dirs = _dirs_accepting(shape, tree)
    if shape.mode & SELF:
        _files_accepting(shape, tree, hits)
    return hits


def _parent(directory: str) -> str:
    cut = directory.rfind("/")
    return directory[:cut] if cut > 0 else ""


class Engine:
    """The rules of one section, compiled once; answers for a whole FileTree at a time."""

    def __init__(self, rules: Sequence[tuple[int, Pattern]]) -> None:
        self.rules = list(rules)
        self.shapes = [s for s in (shape_of(index, pattern) for index, pattern in self.rules) if s is not None]
        self._hits: Optional[tuple[FileTree, list[Hits]]] = None
        self._positions = {shape.index: position for position, shape in enumerate(self.shapes)}
        self._patterns = dict(self.rules)

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
            self._hits = (tree, [hits_of(shape, tree) for shape in self.shapes])
        return self._hits[1]

    def rows(self, index: int, tree: FileTree) -> list[int]:
        """The file numbers one rule matches, in order: from its hits, not by matching every file."""
        found: list[int] = []
        position = self._positions.get(index)
        if position is not None:
            hits = self.hits(tree)[position]
            if hits.all_files or hits.all_dirs:
                for directory, runs in tree.runs.items():
                    if directory or hits.all_files:
                        for start, stop in runs:
                            found.extend(range(start, stop))
            else:
                for directory in _minimal(hits.dirs):
                    found.extend(tree.rows_beneath(directory))
                by_name = tree.files_by_name if hits.names else {}
                for name in hits.names:
                    found.extend(by_name[name])
                found.extend(hits.files)
        pattern = self._patterns.get(index)
        if pattern is not None and tree.odd:
            found.extend(n for n in tree.odd if pattern.matches(tree.files[n]))
        return sorted(set(found))

    def tally(self, index: int, tree: FileTree, values: Sequence[Any], memo: dict[str, Counter[Any]]) -> Counter[Any]:
        """How often each value (of values, by file number) occurs among the files one
        rule matches: per directory subtree (memo, shared between rules) where the rule
        matches a directory, file by file elsewhere. Equals Counter of values over rows()."""
        position = self._positions.get(index)
        found: Counter[Any] = Counter()
        if position is not None:
            hits = self.hits(tree)[position]
            if hits.all_files or hits.all_dirs:
                for directory in tree.children.get("", ()):
                    found.update(_subtree_tally(directory, tree, values, memo))
                if hits.all_files:
                    found.update(values[n] for n in tree.rows_in(""))
            else:
                cover = Cover(hits.dirs)
                for directory in cover.minimal:
                    found.update(_subtree_tally(directory, tree, values, memo))
                numbers = list(hits.files)
                if hits.names:
                    by_name = tree.files_by_name  # built once for every rule asked about
                    numbers += [n for name in hits.names for n in by_name.get(name, ())]
                if cover.minimal:
                    numbers = cover.uncovered(numbers, tree.dir_of)
                found.update(map(values.__getitem__, numbers))
        pattern = self._patterns.get(index)
        if pattern is not None and tree.odd:
            found.update(values[n] for n in tree.odd if pattern.matches(tree.files[n]))
        return found

    def best(self, tree: FileTree) -> list[int]:
        """Per file of the tree, the index of its last matching rule, or -1."""
        dir_own: dict[str, int] = {}
        name_own: dict[str, int] = {}
        file_own: dict[int, int] = {}
        all_files = all_dirs = -1
        for shape, hits in zip(self.shapes, self.hits(tree)):
            index = shape.index
            if hits.all_files:
                all_files = index
            if hits.all_dirs:
                all_dirs = index
            for directory in hits.dirs:
                dir_own[directory] = index
            for name in hits.names:
                name_own[name] = index
            for number in hits.files:
                file_own[number] = index
        best_dir = {"": all_files}
        for directory in tree.dirs:  # a parent sorts before its children
            inherited = best_dir[_parent(directory)]
            own = dir_own.get(directory, -1)
            best_dir[directory] = max(own, all_dirs, inherited)
        result = [-1] * len(tree.files)
        for directory, runs in tree.runs.items():
            value = best_dir[directory]
            if value >= 0:
                for start, stop in runs:
                    result[start:stop] = [value] * (stop - start)
        if name_own:
            get = name_own.get
            result = [old if (new := get(name, -1)) < old else new for old, name in zip(result, tree.names)]
        for number, index in file_own.items():
            if result[number] < index:
                result[number] = index
        for number in tree.odd:
            result[number] = self._reference_best(tree.files[number])
        return result

    def match_counts(self, tree: FileTree, counts: list[int]) -> None:
        """Add to counts[index] how many files of the tree each rule matches."""
        root_files = tree.size_of("")
        every = self.hits(tree)
        # Files of a name that a rule also matches as a directory: one scan of the names for all.
        wanted = {name for hits in every if hits.dirs for name in hits.names}
        by_name = tree.rows_named(wanted) if wanted else {}
        for shape, hits in zip(self.shapes, every):
            if hits.all_files:
                total = tree.count
            elif hits.all_dirs:
                total = tree.count - root_files
            else:
                total = _count(hits, tree, by_name)
            counts[shape.index] += total
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


class Cover:
    """The directories a rule matches, reduced to the topmost ones (those with no matched
    ancestor), sorted so that a directory's descendants follow it: '/' sorts as '\\0'."""

    def __init__(self, directories: Iterable[str]) -> None:
        keys = sorted({d.replace("/", "\0") for d in directories})
        top: list[str] = []
        for key in keys:
            if top and key.startswith(top[-1]) and (len(key) == len(top[-1]) or key[len(top[-1])] == "\0"):
                continue
            top.append(key)
        self._keys = top
        self.minimal = [key.replace("\0", "/") for key in top]
        self._memo: dict[str, bool] = {}

    def uncovered(self, numbers: Iterable[int], dir_of: Sequence[str]) -> list[int]:
        """Those file numbers whose directory is not covered (most answers are memoised)."""
        memo, covers = self._memo, self.covers
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


def _minimal(directories: Iterable[str]) -> list[str]:
    """The directories none of whose ancestors is among them."""
    return Cover(directories).minimal


def _count(hits: Hits, tree: FileTree, by_name: dict[str, list[int]]) -> int:
    matched = set(hits.dirs)
    if not matched:
        counts = tree.name_counts
        return sum(counts[name] for name in hits.names) + len(hits.files)
    under = tree.under
    cover = Cover(matched)
    total = sum(under[directory] for directory in cover.minimal)
    numbers = [n for name in hits.names for n in by_name[name]] + hits.files
    return total + len(cover.uncovered(numbers, tree.dir_of))
