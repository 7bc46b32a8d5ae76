"""The ownership table: every file's winning rule(s), computed once; checks read it."""
from __future__ import annotations

from collections import Counter
from functools import cached_property, partial
from itertools import compress
from operator import attrgetter, not_

from ownlint.errors import PatternError
from ownlint.formats.cache import key_of, load_counts, load_table, store_counts, store_table
from ownlint.matching.engine import Engine
from ownlint.matching.filetree import FileTree
from ownlint.matching.patterns import Pattern, parse_pattern
from ownlint.model.mapping import Mapping, Rule
from ownlint.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator, Optional, Sequence

Winners = tuple[int, ...]
# From this many files, a check's match counts (OWN203, OWN204) are found by a forked child
# while the run works out the winners (see SectionMatcher.count_beside).
COUNTED_BESIDE_FROM = 250_000
_INDEX, _PATTERN, _SECTION, _SKIPPED, _EXCLUSION = map(attrgetter, ("index", "pattern", "section", "skipped", "exclusion"))


class SectionMatcher:
    """Last-match-wins per section (GitHub files have one section), answering rule indices.

    GitLab's `!pattern` exclusions are final within their section, wherever they
    stand in it: a file one of them matches gets no owner from that section, and the
    (owner-less) exclusion is recorded as the section's winner so the file reads as
    unowned on purpose.

    Rules on lines GitHub skips (Rule.skipped) win nothing; they are matched apart,
    so that what they would have matched, and who owns it instead, can be told."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        groups: dict[Optional[str], tuple[list[tuple[int, Pattern]], list[tuple[int, Pattern]]]] = {}
        skipped: list[tuple[int, Pattern]] = []
        self.size = len(rules)
        if list(map(_SECTION, rules)).count(None) == len(rules) and not any(map(_SKIPPED, rules)) \
                and not any(map(_EXCLUSION, rules)):
            # One section, no line skipped, no exclusion (most files): the rules are
            # picked out in C, not one by one (a hook pays this for a thousand rules).
            members = [pair for pair in zip(map(_INDEX, rules), map(_PATTERN, rules)) if pair[1] is not None]
            rules = ()
            if members:
                groups[None] = (members, [])
        for rule in rules:
            if rule.pattern is None:
                continue
            if rule.skipped:
                skipped.append((rule.index, rule.pattern))
                continue
            group = groups.setdefault(rule.section_key, ([], []))
            group[1 if rule.exclusion else 0].append((rule.index, rule.pattern))
        # The engines are built when first asked for: a table from the cache needs none.
        self._groups = list(groups.values())
        self._skipped = skipped
        self.section_count = len(self._groups)
        self._beside: Optional[tuple[FileTree, Any]] = None  # (the tree, its Forked counting)

    @cached_property
    def sections(self) -> list[tuple[Engine, Optional[Engine]]]:
        return [(Engine(members), Engine(exclusions) if exclusions else None) for members, exclusions in self._groups]

    @cached_property
    def skipped(self) -> Optional[Engine]:
        return Engine(self._skipped) if self._skipped else None

    def _engines(self) -> Iterator[Engine]:
        """Every engine: the sections' rules and exclusions, then the skipped lines'."""
        for members, exclusions in self.sections:
            yield members
            if exclusions is not None:
                yield exclusions
        if self.skipped is not None:
            yield self.skipped

    def _column(self, tree: FileTree, section: tuple[Engine, Optional[Engine]]) -> list[int]:
        members, exclusions = section
        best = members.best(tree)
        if exclusions is None:
            return best
        return [b if x < 0 else x for b, x in zip(best, exclusions.best(tree))]

    def columns(self, tree: FileTree) -> list[list[int]]:
        """Per section, every file's winning rule index (-1: none), one engine pass each."""
        return [self._column(tree, section) for section in self.sections]

    def winners_from(self, columns: Sequence[Sequence[int]], count: int) -> list[Winners]:
        if not columns:
            return [()] * count
        if len(columns) == 1:
            singles: list[Winners] = [(index,) for index in range(self.size)]
            singles.append(())  # -1: no match
            return [singles[best] for best in columns[0]]
        return [tuple(sorted(b for b in row if b >= 0)) for row in zip(*columns)]

    def table(self, tree: FileTree) -> list[Winners]:
        """Every file's winners."""
        return self.winners_from(self.columns(tree), len(tree.files))

    def winners(self, path: str) -> Winners:
        return self.table(FileTree([path]))[0]

    def rows(self, index: int, tree: FileTree) -> list[int]:
        for engine in self._engines():
            if any(i == index for i, _ in engine.rules):
                return engine.rows(index, tree)
        return []

    def tally(self, index: int, tree: FileTree, values: Sequence[Any], memo: dict[str, Any]) -> Counter[Any]:
        for engine in self._engines():
            if any(i == index for i, _ in engine.rules):
                return engine.tally(index, tree, values, memo)
        return Counter()

    def expect_tallies(self, indices: Sequence[int], tree: FileTree) -> None:
        """Tallies of these rules will be asked for (see Engine.expect_tallies)."""
        for engine in self._engines():
            engine.expect_tallies(indices, tree)

    def count_beside(self, tree: FileTree) -> None:
        """Every engine's hits in the tree found now, then match_counts() started in a
        forked child (sources/forked.py): on a million files the count takes seconds that
        the run spends meanwhile on the winners and the other checks. Nothing starts
        without a second core."""
        from ownlint.sources.forked import Forked, spare_core

        if not spare_core():
            return
        for engine in self._engines():
            engine.hits(tree)
        self._beside = (tree, Forked(lambda: self._counted(tree)))

    def match_counts(self, tree: FileTree) -> list[int]:
        if self._beside is not None and self._beside[0] is tree:
            counts = self._beside[1].answer()
            self._beside = None
            if type(counts) is list and len(counts) == self.size and all(type(count) is int for count in counts):
                return counts
        return self._counted(tree)  # (no child, or it failed: counted here)

    def _counted(self, tree: FileTree) -> list[int]:
        counts = [0] * self.size
        for engine in self._engines():
            engine.match_counts(tree, counts)
        return counts


class ExcludeMatcher:
    """The configuration's `exclude` patterns: paths that need no owner."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.engine = Engine(list(enumerate(patterns)))

    def flags(self, tree: FileTree) -> list[bool]:
        return [best >= 0 for best in self.engine.best(tree)]

    def last_match(self, path: str) -> Optional[int]:
        best = self.engine.best(FileTree([path]))[0]
        return best if best >= 0 else None


def compile_excludes(patterns: Sequence[str]) -> tuple[Optional[ExcludeMatcher], list[tuple[int, PatternError]]]:
    compiled: list[Pattern] = []
    errors: list[tuple[int, PatternError]] = []
    for number, text in enumerate(patterns):
        try:
            compiled.append(parse_pattern(text))
        except PatternError as error:
            errors.append((number, error))
    return (ExcludeMatcher(compiled) if compiled else None), errors


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class OwnershipTable(
    Value,
    not_shown=("matcher", "exclude_matcher", "tree", "cache_key", "exclude", "_match_counts", "_tallies", "_subtrees"),
):
    mapping: Mapping
    files: list[str]
    winners: list[Winners]
    excluded: list[bool]
    matcher: SectionMatcher
    exclude_matcher: Optional[ExcludeMatcher]
    tree: Optional[FileTree]
    # False when the table holds only some paths (a hook's staged files): checks
    # about the whole repository (a rule that matches nothing) must not run on it.
    complete: bool
    # The key of this table's entries in the result cache; None when not cached.
    cache_key: Optional[str]
    exclude: tuple[str, ...]
    _match_counts: Optional[list[int]]
    _tallies: dict[int, dict[Winners, int]]
    _subtrees: dict[str, Any]  # per directory, winners counted

    def __init__(
        self,
        mapping: Mapping,
        files: list[str],
        winners: list[Winners],
        excluded: list[bool],
        matcher: SectionMatcher,
        exclude_matcher: Optional[ExcludeMatcher] = None,
        tree: Optional[FileTree] = None,
        complete: bool = True,
        cache_key: Optional[str] = None,
        exclude: tuple[str, ...] = (),
        _match_counts: Optional[list[int]] = None,
        _tallies: Optional[dict[int, dict[Winners, int]]] = None,
        _subtrees: Optional[dict[str, Any]] = None,
    ) -> None:
        self.mapping = mapping
        self.files = files
        self.winners = winners
        self.excluded = excluded
        self.matcher = matcher
        self.exclude_matcher = exclude_matcher
        self.tree = tree
        self.complete = complete
        self.cache_key = cache_key
        self.exclude = exclude
        self._match_counts = _match_counts
        self._tallies = {} if _tallies is None else _tallies
        self._subtrees = {} if _subtrees is None else _subtrees

    @classmethod
    def build(
        cls,
        mapping: Mapping,
        files: Sequence[str],
        exclude: Sequence[str] = (),
        complete: bool = True,
        cache: bool = False,
        counts: bool = False,
    ) -> "OwnershipTable":
        """The table of these files. cache: reuse (and keep) the answers of an earlier
        run on the same mapping, exclusions and file list (see ownlint/formats/cache.py).
        counts: match_counts() will be asked (a check's OWN203 and OWN204): from
        COUNTED_BESIDE_FROM files a forked child counts while the winners are worked out."""
        files = list(files)
        matcher = _matcher_of(mapping)
        exclude_matcher, _ = compile_excludes(exclude)
        key = _table_key(mapping, files, exclude) if cache else None
        stored = load_table(key, len(files), matcher.section_count, matcher.size) if key is not None else None
        tree: Optional[FileTree] = None
        if stored is not None:
            columns, excluded = stored
        else:
            tree = FileTree(files)
            if counts and len(files) >= COUNTED_BESIDE_FROM:
                matcher.count_beside(tree)
            columns = matcher.columns(tree)
            excluded = exclude_matcher.flags(tree) if exclude_matcher is not None else [False] * len(files)
            if key is not None:
                store_table(key, columns, excluded)
        winners = matcher.winners_from(columns, len(files))
        return cls(mapping, files, winners, excluded, matcher, exclude_matcher, tree, complete, key, tuple(exclude))

    def for_mapping(
        self, mapping: Mapping, files: Sequence[str], exclude: Sequence[str], complete: bool = True
    ) -> Optional["OwnershipTable"]:
        """This table, answering for another mapping whose rules win the same files (the
        mapping `check --fix` reads back after replacing owners), else None. Everything
        the table holds is rule numbers and counts; owners are read from its mapping when
        asked, so the copy reads them from the new one."""
        if self.complete != complete or self.exclude != tuple(exclude) or self.files != files:
            return None
        if mapping is not self.mapping and _matching_parts(mapping) != _matching_parts(self.mapping):
            return None
        return OwnershipTable(
            mapping, self.files, self.winners, self.excluded, self.matcher, self.exclude_matcher, self.tree,
            self.complete, self.cache_key, self.exclude, self._match_counts, self._tallies, self._subtrees,
        )

    @property
    def file_tree(self) -> FileTree:
        if self.tree is None:
            self.tree = FileTree(self.files)
        return self.tree

    def winners_of(self, path: str) -> Winners:
        """The winning rules of any path, in the table or not (a file not created yet)."""
        return self.matcher.winners(path)

    def owners_of(self, winners: Winners) -> list[str]:
        owners: list[str] = []
        for index in winners:
            for owner in self.mapping.rules[index].owners:
                if owner.name not in owners:
                    owners.append(owner.name)
        return owners

    def is_excluded(self, path: str) -> bool:
        return self.exclude_matcher is not None and self.exclude_matcher.last_match(path) is not None

    @cached_property
    def _winners_counted(self) -> Counter[Winners]:
        """How many files each set of winners wins (asked by OWN204 and the summary)."""
        return Counter(self.winners)

    def wins_per_rule(self) -> list[int]:
        counts = [0] * len(self.mapping.rules)
        for winners, times in self._winners_counted.items():
            for index in winners:
                counts[index] += times
        return counts

    def match_counts(self) -> list[int]:
        """How many files of the table each rule matches, winning or not.

        Rules that match nothing (OWN203) and rules that match but never win
        (OWN204) are read from this and wins_per_rule(), never re-matched in a check."""
        if self._match_counts is None:
            stored = load_counts(self.cache_key, self.matcher.size) if self.cache_key is not None else None
            if stored is not None:
                self._match_counts, self._tallies = stored
            else:
                self._match_counts = self.matcher.match_counts(self.file_tree)
                if self.cache_key is not None:
                    # What claims the files of the rules that match but never win (OWN204).
                    wins = self.wins_per_rule()
                    repeated = _repeated_later(self.mapping)  # OWN202 speaks for those
                    shadowed = [index for index, (matched, won) in enumerate(zip(self._match_counts, wins))
                                if matched and not won and index not in repeated]
                    self.matcher.expect_tallies(shadowed, self.file_tree)
                    for index in shadowed:
                        self.winners_tally(index)
                    store_counts(self.cache_key, self._match_counts, self._tallies)
        return list(self._match_counts)

    def rows_matched_by(self, index: int) -> list[int]:
        """The rows (file numbers) of the table one rule matches, winning or not."""
        return self.matcher.rows(index, self.file_tree)

    def winners_tally(self, index: int) -> dict[Winners, int]:
        """How many of the files one rule matches have each set of winning rules."""
        if self._match_counts is None and self.cache_key is not None:
            self.match_counts()  # may bring them from the cache
        tally = self._tallies.get(index)
        if tally is None:
            found = self.matcher.tally(index, self.file_tree, self.winners, self._subtrees)
            tally = self._tallies[index] = {winners: times for winners, times in found.items() if times}
        return dict(tally)

    def files_matched_by(self, index: int) -> list[str]:
        """The files of the table one rule matches, winning or not."""
        return [self.files[row] for row in self.rows_matched_by(index)]

    def summary(self) -> dict[str, int]:
        """Every file counted once: owned, unowned or excluded (the configuration says it
        needs no owner, whether a rule gives it one or not), as check, explain and ls count."""
        if any(self.excluded):
            tally = Counter(compress(self.winners, map(not_, self.excluded)))  # (C loops: 100,000 rows)
        else:  # (every file is checked: the count OWN204 asked for too)
            tally = self._winners_counted
        checked = sum(tally.values())
        # A set of winners owns its files when one of its rules names an owner: asked of
        # each distinct set (hundreds, of thousands of files) in C loops too.
        owning = list(map(bool, map(attrgetter("owners"), self.mapping.rules)))
        owned = sum(compress(tally.values(), map(any, map(partial(map, owning.__getitem__), tally))))
        excluded = len(self.files) - checked
        return {"files": len(self.files), "owned": owned, "unowned": checked - owned, "excluded": excluded}


_LAST_MATCHER: list[tuple[Mapping, SectionMatcher]] = []


def _matcher_of(mapping: Mapping) -> SectionMatcher:
    """The matcher of a mapping, built once for the last mapping asked about: a hook's
    two tables (the index's and HEAD's) share the mapping when its text is the same."""
    if _LAST_MATCHER and _LAST_MATCHER[0][0] is mapping:
        return _LAST_MATCHER[0][1]
    matcher = SectionMatcher(mapping.rules)
    _LAST_MATCHER[:] = [(mapping, matcher)]
    return matcher


def _repeated_later(mapping: Mapping) -> set[int]:
    """Rules whose pattern appears again later in the same section."""
    seen: set[tuple[Optional[str], str, bool]] = set()
    repeated: set[int] = set()
    for rule in reversed(mapping.rules):
        key = (rule.section_key, rule.text, rule.exclusion)
        if key in seen:
            repeated.add(rule.index)
        seen.add(key)
    return repeated


def _matching_parts(mapping: Mapping) -> list[str]:
    """What decides which rules win each file, and nothing else: every rule's pattern as
    written and where its section, exclusion or skipping changes, under the file's kind
    and flavor (which decide how a pattern reads). Owners are not in it, except through
    `skipped` (an owner GitHub cannot read skips its line): a fix that replaces owners
    leaves it unchanged, and the table is reused (in the process and in the cache)."""
    marks: list[tuple[int, Optional[str], bool, bool]] = []
    section: object = None
    for rule in mapping.rules:  # one mark per change: the rules after it are alike
        if rule.section is not section or rule.exclusion or rule.skipped:
            section = rule.section
            marks.append((rule.index, rule.section_key, rule.exclusion, rule.skipped))
    # (repr: one text for each list, never the same for two; json's module costs a run 3 ms)
    return [mapping.file, mapping.kind, mapping.flavor, repr([rule.text for rule in mapping.rules]), repr(marks)]


def _table_key(mapping: Mapping, files: Sequence[str], exclude: Sequence[str]) -> str:
    # ownlint's own code is part of every key: a changed meaning of a pattern must never
    # be answered from a table an older ownlint computed.
    return key_of("table", [*_matching_parts(mapping), "\0".join(exclude), "\0".join(files)])
