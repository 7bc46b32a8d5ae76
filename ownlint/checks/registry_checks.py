"""Registry checks: references between teams, and renames or successions that loop."""
from __future__ import annotations

from typing import Iterator

from ownlint.context import Context
from ownlint.findings import Finding
from ownlint.registry import RENAMED, Registry, Team


def undefined_team_references(ctx: Context) -> Iterator[Finding]:
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
            if target not in registry.teams:
                line, column = registry.position(team.id, *keys)
                yield Finding(
                    registry.file, line, column, "OWN101",
                    f"team '{team.id}' {keys[0]} names '{target}', which is not a team in the registry",
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


def lifecycle_cycles(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    if registry is None:
        return
    for loop in _cycles(registry):
        first = loop[0]
        line, column = registry.position(first)
        chain = " -> ".join([*loop, first])
        yield Finding(
            registry.file, line, column, "OWN102",
            f"renames and successions loop: {chain}; no current team ends the chain",
        )
