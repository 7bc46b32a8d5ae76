"""The ownership table: every file's winning rule(s), computed once; checks read it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from ownlint.mapping import Mapping, Rule
from ownlint.patterns import Pattern, PatternError, RuleMatcher, parse_pattern

Winners = tuple[int, ...]


class SectionMatcher:
    """Last-match-wins per section (GitHub files have one section), answering rule indices.

    GitLab's `!pattern` exclusions are final within their section, wherever they
    stand in it: a file one of them matches gets no owner from that section, and the
    (owner-less) exclusion is recorded as the section's winner so the file reads as
    unowned on purpose."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        groups: dict[Optional[str], tuple[list[Rule], list[Rule]]] = {}
        for rule in rules:
            if rule.pattern is not None:
                group = groups.setdefault(rule.section_key, ([], []))
                group[1 if rule.exclusion else 0].append(rule)
        self._groups = [
            (_indexed_matcher(members), _indexed_matcher(exclusions) if exclusions else None)
            for members, exclusions in groups.values()
        ]

    def winners(self, path: str) -> Winners:
        found: list[int] = []
        for (indices, matcher), excluding in self._groups:
            if excluding is not None:
                position = excluding[1].last_match(path)
                if position is not None:
                    found.append(excluding[0][position])
                    continue
            position = matcher.last_match(path)
            if position is not None:
                found.append(indices[position])
        return tuple(sorted(found))


def _indexed_matcher(rules: Sequence[Rule]) -> tuple[list[int], RuleMatcher]:
    return [rule.index for rule in rules], RuleMatcher([r.pattern for r in rules if r.pattern])


def compile_excludes(patterns: Sequence[str]) -> tuple[Optional[RuleMatcher], list[tuple[int, PatternError]]]:
    compiled: list[Pattern] = []
    errors: list[tuple[int, PatternError]] = []
    for number, text in enumerate(patterns):
        try:
            compiled.append(parse_pattern(text))
        except PatternError as error:
            errors.append((number, error))
    return (RuleMatcher(compiled) if compiled else None), errors


@dataclass
class OwnershipTable:
    mapping: Mapping
    files: list[str]
    winners: list[Winners]
    excluded: list[bool]
    matcher: SectionMatcher = field(repr=False)
    exclude_matcher: Optional[RuleMatcher] = field(default=None, repr=False)

    @classmethod
    def build(cls, mapping: Mapping, files: Sequence[str], exclude: Sequence[str] = ()) -> "OwnershipTable":
        matcher = SectionMatcher(mapping.rules)
        exclude_matcher, _ = compile_excludes(exclude)
        winners = [matcher.winners(path) for path in files]
        excluded = [
            exclude_matcher is not None and exclude_matcher.last_match(path) is not None for path in files
        ]
        return cls(mapping, list(files), winners, excluded, matcher, exclude_matcher)

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
        for winners in self.winners:
            for index in winners:
                counts[index] += 1
        return counts

    def match_counts(self) -> list[int]:
        """How many files of the table each rule matches, winning or not.

        Rules that match nothing (OWN203) and rules that match but never win
        (OWN204) are read from this and wins_per_rule(), never re-matched in a check."""
        counts = [0] * len(self.mapping.rules)
        valid = [rule for rule in self.mapping.rules if rule.pattern is not None]
        for path in self.files:
            for rule in valid:
                if rule.pattern is not None and rule.pattern.matches(path):
                    counts[rule.index] += 1
        return counts

    def files_matched_by(self, index: int) -> list[str]:
        """The files of the table one rule matches, winning or not.

        A plain loop over the files: meant for the few rules a check reports on
        (the later rules that shadow one), not for every rule."""
        pattern = self.mapping.rules[index].pattern
        if pattern is None:
            return []
        return [path for path in self.files if pattern.matches(path)]

    def summary(self) -> dict[str, int]:
        considered = [w for w, x in zip(self.winners, self.excluded) if not x]
        owned = sum(1 for w in considered if self.owners_of(w))
        return {"files": len(considered), "owned": owned, "unowned": len(considered) - owned}
