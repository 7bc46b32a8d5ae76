"""A rule's shape: how the engine finds what a pattern's entry test accepts.

A CODEOWNERS pattern P is reduced to an entry test E over one path X (a file or a
directory) and a mode. P matches a file F iff E(F) (modes SELF and BOTH) or E(D)
for some proper ancestor directory D of F (modes DIR and BOTH): the regex that
patterns.py writes for P is E followed by `$` (SELF), `/.*$` (DIR) or `(?:/.*)?$`
(BOTH); an anchored pattern whose last segment is exactly `*` is SELF, any other
wildcard last segment (`/docs/*.md`, `**/Pam*`) is BOTH, as patterns.py decides.
The kind says which index finds E's candidates: a literal name (`Makefile`), a name
glob (`*.tf`), a literal path (`/dns/`, `docs/**`), a glob in one literal directory
(`/docs/*.md`), everything, or (GENERAL) segment by segment down the tree.
"""
from __future__ import annotations

from functools import cached_property

from ownlint.matching.globmatch import match_segment
from ownlint.matching.patterns import Pattern, linear_regex, matchable, segment_regex
from ownlint.values import NamedInt, NamedStr, Value, member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, ClassVar, Iterable, Optional

WILDCARDS = ("*", "?", "**")


# Mode and Kind are a NamedInt and a NamedStr, not an IntFlag and an Enum: see
# ownlint/values.py (the enum module costs start-up).
class Mode(NamedInt):
    """Where a pattern's entry test applies: the file itself, its directories, or both."""

    SELF: ClassVar[Mode] = member(1)
    DIR: ClassVar[Mode] = member(2)
    BOTH: ClassVar[Mode] = member(3)

    def __contains__(self, other: Mode) -> bool:
        """`Mode.DIR in mode`: whether mode has other's bits, as an IntFlag answers."""
        return self & other == other


class Kind(NamedStr):
    ALL: ClassVar[Kind] = member("all")
    NAME: ClassVar[Kind] = member("name")
    NAME_GLOB: ClassVar[Kind] = member("name-glob")
    PATH: ClassVar[Kind] = member("path")
    PATH_GLOB: ClassVar[Kind] = member("path-glob")
    GENERAL: ClassVar[Kind] = member("general")


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
        return self._fullmatch(name)

    @cached_property
    def _fullmatch(self) -> Callable[[str], bool]:
        # One run of stars cannot make Python's re backtrack badly; more can
        # (`*a*a*a*b`): then re2, or globmatch's linear matcher without it.
        if sum(1 for a, b in zip(self.tokens, self.tokens[1:] + ["end"]) if a in ("*", "**") and b not in ("*", "**")) <= 1:
            import re

            fullmatch = re.compile(self._source, re.DOTALL).fullmatch
            return lambda name: fullmatch(name) is not None
        compiled = linear_regex(self._source)
        if compiled is None:
            tokens = self.tokens
            return lambda name: match_segment(tokens, name)
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


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Shape(Value):
    """How the engine finds the paths a rule's entry test E accepts."""

    index: int
    kind: Kind
    mode: Mode
    literal: str  # NAME: the name; PATH: the path; PATH_GLOB: the directory
    glob: Optional[Glob]  # NAME_GLOB: the name
    last: Optional[Segment]  # PATH, PATH_GLOB: the last segment, in directory `literal`
    segments: Optional[list[Segment]]  # GENERAL
    floating: bool  # GENERAL: at any depth (else from the root)

    def __init__(
        self,
        index: int,
        kind: Kind,
        mode: Mode,
        literal: str = "",
        glob: Optional[Glob] = None,
        last: Optional[Segment] = None,
        segments: Optional[list[Segment]] = None,
        floating: bool = False,
    ) -> None:
        self.index = index
        self.kind = kind
        self.mode = mode
        self.literal = literal
        self.glob = glob
        self.last = last
        self.segments = segments
        self.floating = floating

    @property
    def key(self) -> tuple[object, ...]:
        """What the shape accepts, whatever its rule: two rules with one key match the same paths."""
        return (
            self.kind,
            self.mode,
            self.literal,
            self.glob.key if self.glob is not None else None,
            self.last.key if self.last is not None else None,
            tuple(segment.key for segment in self.segments) if self.segments is not None else None,
            self.floating,
        )


def shape_of(index: int, pattern: Pattern) -> Optional[Shape]:
    """The shape of a valid pattern; None for one that matches nothing (a lone '/')."""
    if not pattern.segments:  # (parse_pattern refuses a lone '/': no valid pattern is empty)
        return None
    segments: list[list[str]] = []
    for tokens in map(list, pattern.segments):  # '**/**' is '**'
        if not (tokens == ["**"] and segments and segments[-1] == ["**"]):
            segments.append(tokens)
    if pattern.directory_only:
        mode = Mode.DIR
    elif pattern.children_only:
        mode = Mode.SELF
    elif segments[-1] == ["**"]:
        if len(segments) == 1:
            return Shape(index, Kind.ALL, Mode.SELF)
        segments.pop()  # `X/**` matches what lies beneath a directory matching X
        mode = Mode.DIR
    else:
        mode = Mode.BOTH
    floating = not pattern.anchored
    if pattern.anchored and segments[0] == ["**"] and len(segments) > 1:
        segments.pop(0)  # `**/X` is X at any depth
        floating = True
    last = segments[-1]
    if len(segments) == 1:
        if last == ["**"]:
            return Shape(index, Kind.ALL, mode)
        if not floating:
            return Shape(index, Kind.PATH if _is_literal(last) else Kind.PATH_GLOB, mode, literal="", last=Segment(last))
        if _is_literal(last):
            return Shape(index, Kind.NAME, mode, literal=_literal(last))
        glob = Glob(last)
        return Shape(index, Kind.ALL, mode) if glob.everything else Shape(index, Kind.NAME_GLOB, mode, glob=glob)
    if not floating and all(_is_literal(tokens) for tokens in segments[:-1]) and last != ["**"]:
        directory = "/".join(_literal(tokens) for tokens in segments[:-1])
        return Shape(index, Kind.PATH if _is_literal(last) else Kind.PATH_GLOB, mode, literal=directory, last=Segment(last))
    return Shape(index, Kind.GENERAL, mode, segments=[Segment(tokens) for tokens in segments], floating=floating)


def literal_names(pattern: Pattern) -> list[str]:
    """The names a pattern spells out (its segments without wildcards): each is a whole
    name along every path the pattern matches, so a path lacking one is not matched."""
    text = pattern.text
    if "\\" not in text:  # no escape: the segments are the text's parts ('[' is refused)
        return [part for part in text.split("/") if part and "*" not in part and "?" not in part]
    return [_literal(list(tokens)) for tokens in pattern.segments if _is_literal(list(tokens))]


def names_allow(pattern: Pattern, names: set[str]) -> bool:
    """Whether every name the pattern spells out is one of names (literal_names(pattern)
    is a subset of names): a few paths' engine asks it of every rule (a thousand), so the
    first name missing answers, and no list is made."""
    text = pattern.text
    if "\\" in text:
        return names.issuperset(literal_names(pattern))
    for part in text.split("/"):
        if part not in names and part and "*" not in part and "?" not in part:
            return False
    return True


def tree_names(paths: Iterable[str]) -> set[str]:
    """Every name along the paths, as written and as the matchers read them (matchable)."""
    names: set[str] = set()
    for path in paths:
        names.update(path.split("/"))
        readable = matchable(path)
        if readable is not path:
            names.update(readable.split("/"))
    return names
