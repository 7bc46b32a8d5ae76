"""Successor suggestions: which live successor of a retired team fits the files a rule owns."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

from ownlint.wording import plural

if TYPE_CHECKING:
    from ownlint.model.registry import Team
    from ownlint.tables.domains import DomainSet
    from ownlint.tables.ownership import OwnershipTable


@dataclass(frozen=True)
class Suggestion:
    team: str
    covers: tuple[str, ...]  # the domains of the rule's files that the team's scope holds
    files: int  # the rule's files (of those with a domain) with a domain in the team's scope
    score: float  # files / the rule's files with a domain


@dataclass(frozen=True)
class Ranking:
    """The live successors of a retired owner, best fit first, for one rule's files."""

    files: int  # files the rule wins
    classified: int  # of which belong to at least one domain
    domains: tuple[str, ...]  # every domain of those files
    suggestions: tuple[Suggestion, ...]

    @property
    def choice(self) -> Optional[str]:
        """The one successor whose scope covers every domain of the rule's files, if exactly one does."""
        full = [s.team for s in self.suggestions if self.domains and set(self.domains) <= set(s.covers)]
        return full[0] if len(full) == 1 else None

    def describe(self) -> str:
        """For a finding's message: what the files are and how each successor covers them."""
        if not self.classified:
            return f"none of its {plural(self.files, 'file')} has a domain to compare with the successors' scopes"
        parts = [
            f"'{s.team}' {_covers(s, self.classified)}" for s in self.suggestions
        ]
        word = "domain" if len(self.domains) == 1 else "domains"
        files = "its file is" if self.classified == 1 else f"its {self.classified} files are"
        if not self.useful:
            return f"{files} in {word} {', '.join(self.domains)}, in none of the successors' scopes"
        return f"{files} in {word} {', '.join(self.domains)}: " + "; ".join(parts)

    @property
    def useful(self) -> bool:
        """Some successor covers some of the files: there is something to suggest."""
        return any(s.files for s in self.suggestions)


def _covers(suggestion: Suggestion, total: int) -> str:
    if not suggestion.covers:
        return "covers none"
    how_many = "all" if suggestion.files == total else f"{suggestion.files} of {total}"
    return f"covers {', '.join(suggestion.covers)} ({how_many})"


def rank(successors: Sequence["Team"], domain_counts: "Counter[DomainSet]", files: int) -> Ranking:
    """Rank successors by how many of the files they cover (a file is covered when one
    of its domains is in the scope), then by how many of the domains; ties keep the
    registry's order."""
    classified = sum(number for domains, number in domain_counts.items() if domains)
    every = sorted({d for domains in domain_counts for d in domains})
    suggestions: list[Suggestion] = []
    for team in successors:
        scope = set(team.scope)
        covered = sum(number for domains, number in domain_counts.items() if scope.intersection(domains))
        covers = tuple(d for d in every if d in scope)
        score = round(covered / classified, 2) if classified else 0.0
        suggestions.append(Suggestion(team.id, covers, covered, score))
    order = sorted(range(len(suggestions)), key=lambda i: (-suggestions[i].files, -len(suggestions[i].covers), i))
    return Ranking(files, classified, tuple(every), tuple(suggestions[i] for i in order))


def domains_per_rule(
    table: "OwnershipTable", file_domains: Sequence["DomainSet"], rules: Iterable[int]
) -> dict[int, "Counter[DomainSet]"]:
    """For each of `rules`, how many of the files it wins have each set of domains (excluded files left out)."""
    wanted = set(rules)
    result: dict[int, Counter[DomainSet]] = {index: Counter() for index in wanted}
    if not wanted:
        return result
    for winners, excluded, domains in zip(table.winners, table.excluded, file_domains):
        if excluded:
            continue
        for index in winners:
            if index in wanted:
                result[index][domains] += 1
    return result
