"""Registry checks: references between teams, and renames or successions that loop."""
from __future__ import annotations

from typing import Iterator

from ownlint.checks.context import Context
from ownlint.findings import Problem
from ownlint.formats.spelling import did_you_mean
from ownlint.model.registry import RENAMED, Registry, Team


def undefined_team_references(ctx: Context) -> Iterator[Problem]:
    registry = ctx.registry
    if registry is None:
        return
    for team in registry.teams.values():
        references: list[tuple[tuple[object, ...], str]] = []
        if team.parent:
            references.append((("parent",), team.parent))
        if team.renamed_to:
            references.append((("renamed_to",), team.renamed_to))
        references.extend((("successors", n), s) for n, s in enumerate(team.successors))
        for keys, target in references:
            if target not in registry.teams and target not in registry.unreadable:
                line, column = registry.position(team.id, *keys)
                yield Problem(
                    registry.file, line, column,
                    f"team '{team.id}' {keys[0]} names '{target}', which is not a team in the registry"
                    + did_you_mean(target, registry.teams),
                )


def _next_ids(team: Team) -> list[str]:
    return [team.renamed_to] if team.status == RENAMED and team.renamed_to else list(team.successors)


def _cycles(registry: Registry) -> list[list[str]]:
    """Every loop of renamed_to/successors edges, each reported once, in registry order."""
    found: list[list[str]] = []
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 on the current path, 2 finished

    def visit(team_id: str, path: list[str]) -> None:
        state[team_id] = 1
        path.append(team_id)
        for following in _next_ids(registry.teams[team_id]):
            if following not in registry.teams:
                continue
            if state.get(following) == 1:
                loop = path[path.index(following):]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    found.append(loop)
            elif following not in state:
                visit(following, path)
        path.pop()
        state[team_id] = 2

    for team_id in registry.teams:
        if team_id not in state:
            visit(team_id, [])
    return found


def lifecycle_cycles(ctx: Context) -> Iterator[Problem]:
    registry = ctx.registry
    if registry is None:
        return
    for loop in _cycles(registry):
        first = loop[0]
        line, column = registry.position(first)
        chain = " -> ".join([*loop, first])
        yield Problem(
            registry.file, line, column,
            f"renames and successions loop: {chain}; no current team ends the chain",
        )


def teams_without_contact(ctx: Context) -> Iterator[Problem]:
    """Active teams nobody can reach: no lead, no members, no contact."""
    registry = ctx.registry
    if registry is None:
        return
    for team in registry.teams.values():
        if team.is_current and not (team.lead or team.members or team.contact):
            line, column = registry.position(team.id)
            yield Problem(
                registry.file, line, column,
                f"team '{team.id}' has no lead, members or contact: nobody is reached through it",
            )


def handle_conflicts(ctx: Context) -> Iterator[Problem]:
    """A name (handle, alias, or another team's id) that two teams claim.

    Names compare without case, as the registry resolves them; the second claim,
    in file order, is reported, naming the first."""
    registry = ctx.registry
    if registry is None:
        return
    first: dict[str, tuple[Team, str]] = {team_id.lower(): (team, "id") for team_id, team in registry.teams.items()}
    for team in registry.teams.values():
        claimed: set[str] = set()
        for kind, names in (("handles", team.handles), ("aliases", team.aliases)):
            for number, name in enumerate(names):
                key = name.lower()
                if key in claimed:
                    continue  # the same team listing a name twice (or in two cases) is harmless
                claimed.add(key)
                owner = first.get(key)
                if owner is None:
                    first[key] = (team, kind)
                    continue
                other, other_kind = owner
                if other.id == team.id:
                    continue
                what = "its id" if other_kind == "id" else f"one of its {other_kind}"
                line, column = registry.position(team.id, kind, number)
                yield Problem(
                    registry.file, line, column,
                    f"'{name}' in {kind} of team '{team.id}' is already claimed by team '{other.id}' "
                    f"({what}): an owner '{name}' would be ambiguous",
                )


def teams_owning_nothing(ctx: Context) -> Iterator[Problem]:
    """Active teams that are the owner of no file (through any winning rule)."""
    registry, table = ctx.registry, ctx.table
    if registry is None or table is None:
        return
    rules = table.mapping.rules
    winning = {index for winners in table.winners for index in winners}
    owning: set[str] = set()
    for index in winning:
        for owner in rules[index].owners:
            team = registry.resolve(owner.name)
            if team is not None:
                owning.add(team.id)
    for team in registry.teams.values():
        if team.is_current and team.id not in owning:
            line, column = registry.position(team.id)
            named = any(
                registry.resolve(owner.name) is team for rule in rules for owner in rule.owners
            )
            why = "its rules win no file" if named else "no rule names it"
            if not named:
                # The paths may still be written under a name it took over (OWN302).
                former = sorted({owner.name for rule in rules for owner in rule.owners
                                 if _passes_to(registry, owner.name, team)})
                if former:
                    kind = "predecessor" if len(former) == 1 else "predecessors"
                    why += f"; rules still name its {kind} " + ", ".join(f"'{n}'" for n in former)
            yield Problem(
                registry.file, line, column,
                f"team '{team.id}' owns no file in this repository ({why})",
            )


def _passes_to(registry: Registry, owner: str, team: Team) -> bool:
    """An owner naming a renamed or retired team whose work went to `team`."""
    old = registry.resolve(owner)
    return old is not None and not old.is_current and team in registry.live_successors(old)
