"""The matching engine: every file's last matching rule, from per-directory and per-name answers.

A CODEOWNERS pattern P is reduced to an entry test E over one path X (a file or a
directory) and a mode. P matches a file F iff E(F) (modes SELF and BOTH) or E(D)
for some proper ancestor directory D of F (modes DIR and BOTH): the regex that
patterns.py writes for P is E followed by `$` (SELF), `/.*$` (DIR) or `(?:/.*)?$`
(BOTH). Most E are a literal name (`Makefile`), a name glob (`*.tf`), a literal
path (`/dns/`, `docs/**`) or a glob in one literal directory (`/docs/*.md`); their
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
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Sequence

from ownlint.patterns import NEVER, Pattern, entry_regex, segment_regex, split_segments

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
        self._source = segment_regex(tokens)
        self._regex: Optional[Callable[[str], object]] = None

    def matches(self, name: str) -> bool:
        if self.simple:
            return (
                len(name) >= len(self.prefix) + len(self.suffix)
                and name.startswith(self.prefix)
                and name.endswith(self.suffix)
            )
        if self._regex is None:
            self._regex = re.compile(self._source, re.DOTALL).fullmatch
        return self._regex(name) is not None


@dataclass
class Shape:
    """How the engine finds the paths a rule's entry test E accepts."""

    index: int
    kind: str
    mode: int
    literal: str = ""  # NAME: the name; PATH: the path; PATH_GLOB: the directory
    glob: Optional[Glob] = None  # NAME_GLOB, PATH_GLOB: the last segment; GENERAL: the last segment when a glob
    last: Optional[str] = None  # GENERAL: the last segment when literal
    prefix: str = ""  # GENERAL: literal text every accepted path starts with
    regex: str = ""  # GENERAL: E, anchored at both ends
    _compiled: Optional[Callable[[str], object]] = None

    def accepts(self, path: str) -> bool:
        """E(path), for GENERAL shapes."""
        if self._compiled is None:
            self._compiled = re.compile(self.regex, re.DOTALL).match
        return self._compiled(path) is not None


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
    if len(segments) == 1 and (floating or last != ["**"]):
        if last == ["**"]:
            return Shape(index, ALL, mode)
        if _is_literal(last):
            return Shape(index, NAME if floating else PATH, mode, literal=_literal(last))
        glob = Glob(last)
        if floating:
            return Shape(index, ALL, mode) if glob.everything else Shape(index, NAME_GLOB, mode, glob=glob)
        return Shape(index, PATH_GLOB, mode, literal="", glob=glob)
    if not floating and all(_is_literal(tokens) for tokens in segments[:-1]) and last != ["**"]:
        directory = "/".join(_literal(tokens) for tokens in segments[:-1])
        if _is_literal(last):
            return Shape(index, PATH, mode, literal=f"{directory}/{_literal(last)}")
        return Shape(index, PATH_GLOB, mode, literal=directory, glob=Glob(last))
    prefix = ""
    if not floating:
        for tokens in segments:
            cut = next((i for i, t in enumerate(tokens) if t in WILDCARDS), len(tokens))
            prefix += _literal(tokens[:cut])
            if cut < len(tokens):
                break
            prefix += "/"
    shape = Shape(
        index,
        GENERAL,
        mode,
        prefix=prefix,
        regex=("^" if not floating else "^(?:.*/)?") + entry_regex(segments) + "$",
    )
    if last != ["**"]:
        if _is_literal(last):
            shape.last = _literal(last)
        else:
            shape.glob = Glob(last)
    return shape


def is_plain(path: str) -> bool:
    """A path as git lists it: the engine's domain."""
    return bool(path) and path[0] != "/" and path[-1] != "/" and "//" not in path


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

    def glob(self, glob: Glob) -> Iterator[str]:
        if len(glob.suffix) > len(glob.prefix):
            if self._reversed is None:
                self._reversed = sorted(name[::-1] for name in self.names)
            candidates: Iterable[str] = (n[::-1] for n in _prefixed(self._reversed, glob.suffix[::-1]))
        else:
            candidates = _prefixed(self.names, glob.prefix)
        return (name for name in candidates if glob.matches(name))


class FileTree:
    """The files grouped by directory and by name, with every directory indexed once."""

    def __init__(self, files: Sequence[str]) -> None:
        self.files = files
        groups: dict[str, list[int]] = {}
        by_name: dict[str, list[int]] = {}
        for number, path in enumerate(files):
            cut = path.rfind("/")
            if cut > 0:
                directory = path[:cut]
                name = path[cut + 1:]
            else:
                directory = ""
                name = path
            group = groups.get(directory)
            if group is None:
                groups[directory] = [number]
            else:
                group.append(number)
            same = by_name.get(name)
            if same is None:
                by_name[name] = [number]
            else:
                same.append(number)
        self.odd = self._set_aside_odd(groups, by_name)  # answered by the reference matcher
        self.groups = groups
        self.files_by_name = by_name
        self.count = len(files) - len(self.odd)
        children: dict[str, list[str]] = {}
        known: set[str] = set()
        for directory in groups:
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
        self._dir_names: Optional[dict[str, list[str]]] = None
        self._dir_name_index: Optional[NameIndex] = None
        self._file_name_index: Optional[NameIndex] = None
        self._order: Optional[list[int]] = None
        self._under: Optional[dict[str, int]] = None

    def _set_aside_odd(self, groups: dict[str, list[int]], by_name: dict[str, list[int]]) -> list[int]:
        files = self.files
        suspects = [d for d in groups if not d or not is_plain(d)]
        odd: list[int] = []
        for directory in suspects:
            keep = []
            for number in groups[directory]:
                (keep if is_plain(files[number]) else odd).append(number)
            if keep:
                groups[directory] = keep
            else:
                del groups[directory]
        if odd:
            gone = set(odd)
            for name in list(by_name):
                kept = [n for n in by_name[name] if n not in gone]
                if kept:
                    by_name[name] = kept
                else:
                    del by_name[name]
        return odd

    @staticmethod
    def name_of(directory: str) -> str:
        return directory[directory.rfind("/") + 1:]

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
            self._file_name_index = NameIndex(self.files_by_name)
        return self._file_name_index

    @property
    def order(self) -> list[int]:
        """Numbers of the (plain) files, sorted by path."""
        if self._order is None:
            files = self.files
            numbers = [n for members in self.groups.values() for n in members]
            numbers.sort()
            if any(files[a] > files[b] for a, b in zip(numbers, numbers[1:])):
                numbers.sort(key=files.__getitem__)
            self._order = numbers
        return self._order

    def files_starting(self, prefix: str) -> list[int]:
        """Numbers of the files whose path starts with prefix."""
        order, files = self.order, self.files
        low, high = 0, len(order)
        while low < high:
            middle = (low + high) // 2
            if files[order[middle]] < prefix:
                low = middle + 1
            else:
                high = middle
        found = []
        while low < len(order) and files[order[low]].startswith(prefix):
            found.append(order[low])
            low += 1
        return found

    @property
    def under(self) -> dict[str, int]:
        """Files beneath each directory, at any depth."""
        if self._under is None:
            under = {directory: len(self.groups.get(directory, ())) for directory in self.dirs}
            for directory in reversed(self.dirs):  # a child sorts after its parent
                cut = directory.rfind("/")
                if cut > 0:
                    under[directory[:cut]] += under[directory]
            self._under = under
        return self._under

    def files_in(self, directory: str) -> Iterator[tuple[int, str]]:
        start = len(directory) + 1 if directory else 0
        files = self.files
        for number in self.groups.get(directory, ()):
            yield number, files[number][start:]


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
    if kind == PATH:
        return [shape.literal] if shape.literal in tree.dir_set else []
    if kind == PATH_GLOB:
        glob = shape.glob
        assert glob is not None
        return [d for d in tree.children.get(shape.literal, ()) if glob.matches(tree.name_of(d))]
    named: Optional[list[str]] = None
    if shape.last is not None:
        named = tree.dir_names.get(shape.last, [])
    elif shape.glob is not None:
        named = [d for name in tree.dir_name_index.glob(shape.glob) for d in tree.dir_names[name]]
    candidates: Sequence[str]
    if shape.prefix:
        ranged = _prefixed(tree.dirs, shape.prefix)
        candidates = ranged if named is None or len(ranged) < len(named) else named
    else:
        candidates = named if named is not None else tree.dirs
    return [d for d in candidates if shape.accepts(d)]


def _files_accepting(shape: Shape, tree: FileTree, hits: Hits) -> None:
    kind = shape.kind
    if kind == NAME:
        if shape.literal in tree.files_by_name:
            hits.names.append(shape.literal)
    elif kind == NAME_GLOB:
        assert shape.glob is not None
        hits.names.extend(tree.file_name_index.glob(shape.glob))
    elif kind == PATH:
        cut = shape.literal.rfind("/")
        directory, name = (shape.literal[:cut], shape.literal[cut + 1:]) if cut > 0 else ("", shape.literal)
        hits.files.extend(number for number, other in tree.files_in(directory) if other == name)
    elif kind == PATH_GLOB:
        glob = shape.glob
        assert glob is not None
        hits.files.extend(number for number, name in tree.files_in(shape.literal) if glob.matches(name))
    else:
        # SELF mode never ends in '**': the last segment is a name or a glob.
        by_name = tree.files_by_name
        names = [shape.last] if shape.last is not None else list(tree.file_name_index.glob(shape.glob))  # type: ignore[arg-type]
        named = sum(len(by_name.get(name, ())) for name in names)
        files = tree.files
        if shape.prefix and named > 64:
            candidates: Iterable[int] = tree.files_starting(shape.prefix)
        else:
            candidates = (number for name in names for number in by_name.get(name, ()))
        hits.files.extend(number for number in candidates if shape.accepts(files[number]))


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

    def _reference_best(self, path: str) -> int:
        # Only for paths git never lists (see is_plain): not worth an index.
        found = -1
        for index, pattern in self.rules:
            if pattern.matches(path):
                found = index
        return found

    def best(self, tree: FileTree) -> list[int]:
        """Per file of the tree, the index of its last matching rule, or -1."""
        dir_own: dict[str, int] = {}
        name_own: dict[str, int] = {}
        file_own: dict[int, int] = {}
        all_files = all_dirs = -1
        top = max((s.index for s in self.shapes if s.kind == ALL and s.mode & SELF), default=-1)
        for shape in self.shapes:
            if shape.index < top:
                continue  # a later rule matches every file: this one never wins
            hits = hits_of(shape, tree)
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
        for directory, numbers in tree.groups.items():
            value = best_dir[directory]
            if value >= 0:
                for number in numbers:
                    result[number] = value
        by_name = tree.files_by_name
        for name, index in name_own.items():
            for number in by_name[name]:
                if result[number] < index:
                    result[number] = index
        for number, index in file_own.items():
            if result[number] < index:
                result[number] = index
        for number in tree.odd:
            result[number] = self._reference_best(tree.files[number])
        return result

    def match_counts(self, tree: FileTree, counts: list[int]) -> None:
        """Add to counts[index] how many files of the tree each rule matches."""
        root_files = len(tree.groups.get("", ()))
        for shape in self.shapes:
            hits = hits_of(shape, tree)
            if hits.all_files:
                total = tree.count
            elif hits.all_dirs:
                total = tree.count - root_files
            else:
                total = _count(hits, tree)
            counts[shape.index] += total
        for number in tree.odd:
            path = tree.files[number]
            for index, pattern in self.rules:
                if pattern.matches(path):
                    counts[index] += 1


def _count(hits: Hits, tree: FileTree) -> int:
    matched = set(hits.dirs)
    by_name = tree.files_by_name
    if not matched:
        return sum(len(by_name[name]) for name in hits.names) + len(hits.files)
    under = tree.under
    total = 0
    for directory in matched:
        parent = _parent(directory)
        while parent and parent not in matched:
            parent = _parent(parent)
        if not parent:
            total += under[directory]
    covered: dict[str, bool] = {}

    def is_covered(directory: str) -> bool:
        answer = covered.get(directory)
        if answer is None:
            answer = bool(directory) and (directory in matched or is_covered(_parent(directory)))
            covered[directory] = answer
        return answer

    files = tree.files
    numbers = [n for name in hits.names for n in by_name[name]] + hits.files
    for number in numbers:
        path = files[number]
        cut = path.rfind("/")
        if not is_covered(path[:cut] if cut > 0 else ""):
            total += 1
    return total
