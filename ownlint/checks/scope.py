"""Scope checks: the files a team owns lie in the domains its `scope` declares."""
from __future__ import annotations

from collections import Counter

from ownlint.checks.context import Context
from ownlint.findings import Problem
from ownlint.wording import plural

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator


def scope_mismatches(ctx: Context) -> Iterator[Problem]:
    """One finding per rule and owner: the files it gives a team none of whose
    scope's domains they belong to. A file with no domain, a team with no scope and
    a team that is not current (OWN302's business) are not judged."""
    registry, table, mapping = ctx.registry, ctx.table, ctx.mapping
    if registry is None or table is None or mapping is None:
        return
    if not any(team.scope for team in registry.teams.values()):
        return
    yield from unknown_domains(ctx)
    # Files are grouped by (winning rules, domains) first, so the owners are judged
    # once per group rather than once per file.
    groups: Counter[tuple[tuple[int, ...], tuple[str, ...]]] = Counter()
    for path, winners, excluded, domains in zip(table.files, table.winners, table.excluded, ctx.file_domains):
        if winners and domains and not excluded and ctx.checks_path(path):
            groups[(winners, domains)] += 1
    counts: dict[tuple[int, int], int] = {}
    seen_domains: dict[tuple[int, int], set[str]] = {}
    for (winners, domains), number in groups.items():
        for index in winners:
            for position, owner in enumerate(mapping.rules[index].owners):
                team = registry.resolve(owner.name)
                if team is None or not team.is_current or not team.scope:
                    continue
                if not set(domains) & set(team.scope):
                    key = (index, position)
                    counts[key] = counts.get(key, 0) + number
                    seen_domains.setdefault(key, set()).update(domains)
    for (index, position), number in sorted(counts.items()):
        owner = mapping.rules[index].owners[position]
        team = registry.resolve(owner.name)
        assert team is not None
        found = sorted(seen_domains[(index, position)])
        word = "domain" if len(found) == 1 else "domains"
        yield Problem(
            mapping.file, owner.line, owner.column,
            f"'{owner.name}' owns {plural(number, 'file')} of {word} {', '.join(found)} through this rule; "
            f"its scope is {', '.join(team.scope)}",
        )


def unknown_domains(ctx: Context) -> Iterator[Problem]:
    """A `scope:` value that is no domain of the loaded packs would silently match no file."""
    from ownlint.formats.spelling import did_you_mean

    registry = ctx.registry
    assert registry is not None
    known = ctx.domains.ids
    packs = ", ".join(ctx.config.packs)
    for team in registry.teams.values():
        for number, value in enumerate(team.scope):
            if value not in known:
                line, column = registry.position(team.id, "scope", number)
                yield Problem(
                    registry.file, line, column,
                    f"team '{team.id}' has '{value}' in its scope, which is no domain of the packs ({packs})"
                    f"{did_you_mean(value, known)}",
                )
