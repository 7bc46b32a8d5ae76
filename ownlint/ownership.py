"""The ownership table: every file's winning rule(s), computed once; checks read it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ownlint.mapping import Mapping, Rule
from ownlint.engine import Engine, FileTree
from ownlint.patterns import Pattern, PatternError, parse_pattern

Winners = tuple[int, ...]


class SectionMatcher:
    """Last-match-wins per section (GitHub files have one section), answering rule indices.

    GitLab's `!pattern` exclusions are final within their section, wherever they
    stand in it: a file one of them matches gets no owner from that section, and the
    (owner-less) exclusion is recorded as the section's winner so the file reads as
    unowned on purpose."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        groups: dict[Optional[str], tuple[list[tuple[int, Pattern]], list[tuple[int, Pattern]]]] = {}
        for rule in rules:
            if rule.pattern is not None:
                group = groups.setdefault(rule.section_key, ([], []))
                group[1 if rule.exclusion else 0].append((rule.index, rule.pattern))
        self.size = len(rules)
        self.sections = [
            (Engine(members), Engine(exclusions) if exclusions else None) for members, exclusions in groups.values()
        ]

    def _column(self, tree: FileTree, section: tuple[Engine, Optional[Engine]]) -> list[int]:
        members, exclusions = section
        best = members.best(tree)
        if exclusions is None:
            return best
        return [b if x < 0 else x for b, x in zip(best, exclusions.best(tree))]

    def table(self, tree: FileTree) -> list[Winners]:
        """Every file's winners, one engine pass per section."""
        if not self.sections:
            return [()] * len(tree.files)
        if len(self.sections) == 1:
            singles: list[Winners] = [(index,) for index in range(self.size)]
            singles.append(())  # best() answers -1 for no match
            return [singles[best] for best in self._column(tree, self.sections[0])]
        columns = [self._column(tree, section) for section in self.sections]
        return [tuple(sorted(b for b in row if b >= 0)) for row in zip(*columns)]

    def winners(self, path: str) -> Winners:
        return self.table(FileTree([path]))[0]

    def match_counts(self, tree: FileTree) -> list[int]:
        counts = [0] * self.size
        for members, exclusions in self.sections:
            members.match_counts(tree, counts)
            if exclusions is not None:
                exclusions.match_counts(tree, counts)
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


@dataclass
class OwnershipTable:
    mapping: Mapping
    files: list[str]
    winners: list[Winners]
    excluded: list[bool]
    matcher: SectionMatcher = field(repr=False)
    exclude_matcher: Optional[ExcludeMatcher] = field(default=None, repr=False)
    tree: Optional[FileTree] = field(default=None, repr=False)
    # False when the table holds only some paths (a hook's staged files): checks
    # about the whole repository (a rule that matches nothing) must not run on it.
    complete: bool = True
    _match_counts: Optional[list[int]] = field(default=None, repr=False)

    @classmethod
    def build(
        cls, mapping: Mapping, files: Sequence[str], exclude: Sequence[str] = (), complete: bool = True
    ) -> "OwnershipTable":
        files = list(files)
        tree = FileTree(files)
        matcher = SectionMatcher(mapping.rules)
        exclude_matcher, _ = compile_excludes(exclude)
        winners = matcher.table(tree)
        excluded = exclude_matcher.flags(tree) if exclude_matcher is not None else [False] * len(files)
        return cls(mapping, files, winners, excluded, matcher, exclude_matcher, tree, complete)

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

    def wins_per_rule(self) -> list[int]:
        counts = [0] * len(self.mapping.rules)
        for winners, times in Counter(self.winners).items():
            for index in winners:
                counts[index] += times
        return counts

    def match_counts(self) -> list[int]:
        """How many files of the table each rule matches, winning or not.

        Rules that match nothing (OWN203) and rules that match but never win
        (OWN204) are read from this and wins_per_rule(), never re-matched in a check."""
        if self._match_counts is None:
            tree = self.tree if self.tree is not None else FileTree(self.files)
            self._match_counts = self.matcher.match_counts(tree)
        return list(self._match_counts)

    def files_matched_by(self, index: int) -> list[str]:
        """The files of the table one rule matches, winning or not (for the few rules
        a check reports on: the later rules that shadow one)."""
        pattern = self.mapping.rules[index].pattern
        if pattern is None:
            return []
        tree = self.tree if self.tree is not None else FileTree(self.files)
        best = Engine([(index, pattern)]).best(tree)
        return [path for path, found in zip(self.files, best) if found >= 0]

    def summary(self) -> dict[str, int]:
        tally = Counter(w for w, x in zip(self.winners, self.excluded) if not x)
        files = sum(tally.values())
        owned = sum(times for winners, times in tally.items() if self.owners_of(winners))
        return {"files": files, "owned": owned, "unowned": files - owned}
