"""`teams`'s question: every team of the registry with its state and the files it owns,
and the owners that name no team."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ownlint.project import Project


def file_counts(project: "Project") -> tuple[dict[str, int], dict[str, int]]:
    """Files owned per team id, and per owner string that names no team (excluded files left out).

    A file counts once for each team among its owners, however many names it is given by."""
    table = project.table
    assert table is not None
    registry = project.registry
    per_winners: dict[tuple[int, ...], int] = {}
    for winners, excluded in zip(table.winners, table.excluded):
        if not excluded:
            per_winners[winners] = per_winners.get(winners, 0) + 1
    teams: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for winners, count in per_winners.items():
        ids: set[str] = set()
        for owner in table.owners_of(winners):
            team = registry.resolve(owner) if registry is not None else None
            if team is not None:
                ids.add(team.id)
            else:
                unknown[owner] = unknown.get(owner, 0) + count
        for team_id in ids:
            teams[team_id] = teams.get(team_id, 0) + count
    return teams, unknown


def records(project: "Project") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    counts, unknown = file_counts(project)
    registry = project.registry
    teams: list[dict[str, Any]] = []
    if registry is not None:
        for team in registry.teams.values():
            teams.append(
                {
                    "id": team.id,
                    "name": team.name,
                    "status": team.status,
                    "successors": [t.id for t in registry.live_successors(team)],
                    "until": team.until.isoformat() if team.until else None,
                    "lead": registry.lead_as_written(team),
                    "files": counts.get(team.id, 0),
                }
            )
    others = [{"owner": owner, "files": count} for owner, count in sorted(unknown.items())]
    return teams, others


def naming(project: "Project") -> dict[str, dict[str, Any]]:
    """Where each team is named (by id, handle, alias or name): the mapping rules (their
    lines), the declarations (files per source) and the vocabularies. Only for a
    configuration that declares; keyed by team id."""
    registry, table, declared = project.registry, project.table, project.declared
    if registry is None or table is None or declared is None:
        return {}
    named: dict[str, dict[str, Any]] = {
        team: {"rules": [], "declared": {}, "vocabularies": []} for team in registry.teams
    }
    for rule in table.mapping.rules:
        for team_id in dict.fromkeys(t.id for t in map(registry.resolve, (o.name for o in rule.owners)) if t):
            named[team_id]["rules"].append(rule.line)
    for declaration in declared.declarations:
        teams = {t.id for t in map(registry.resolve_value, (v.text for v in declaration.values)) if t}
        for team_id in teams:
            counts = named[team_id]["declared"]
            counts[declaration.source.name] = counts.get(declaration.source.name, 0) + 1
    for name, vocabulary in declared.vocabularies.items():
        for team_id in dict.fromkeys(t.id for t in map(registry.resolve_value, vocabulary.names) if t):
            if name not in named[team_id]["vocabularies"]:
                named[team_id]["vocabularies"].append(name)
    return named
