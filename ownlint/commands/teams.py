"""`ownlint teams`: the registry, each team with its status, successors, lead and the files it owns here."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ownlint.commands import common
from ownlint.commands.explain import lead_as_written

if TYPE_CHECKING:
    from ownlint.project import Project

FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--files-from", metavar="FILE", help="take the repository's file list from FILE ('-' for standard input)"
    )
    parser.add_argument("-z", dest="nul", action="store_true", help="--files-from is NUL-separated")


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
                    "lead": lead_as_written(team, registry),
                    "files": counts.get(team.id, 0),
                }
            )
    others = [{"owner": owner, "files": count} for owner, count in sorted(unknown.items())]
    return teams, others


def as_text(teams: list[dict[str, Any]], others: list[dict[str, Any]], has_registry: bool) -> str:
    rows = [("TEAM", "STATUS", "FILES", "LEAD", "SUCCESSORS")]
    for team in teams:
        status = team["status"] + (f" ({team['until']})" if team["until"] else "")
        lead = team["lead"] if isinstance(team["lead"], str) else ", ".join(team["lead"] or [])
        rows.append((team["id"], status, f"{team['files']:,}", lead or "-",
                     ", ".join(team["successors"]) or "-"))
    lines: list[str] = []
    if has_registry:
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                     row[3].ljust(widths[3]), row[4]]
            lines.append("  ".join(cells).rstrip())
    else:
        lines.append("no team registry configured: the owners the mapping names")
    if others:
        width = max(len(other["owner"]) for other in others)
        indent = "  " if has_registry else ""
        if has_registry:
            lines += ["", "owners that name no team:"]
        else:
            lines.append(f"{'OWNER':<{width}}  FILES")
        for other in others:
            files = f"{other['files']:,} file{'' if other['files'] == 1 else 's'}"
            lines.append(f"{indent}{other['owner']:<{width}}  {files}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    project = common.load_for_reading(args)
    teams, others = records(project)
    if args.format == "json":
        text = json.dumps({"version": 1, "teams": teams, "other_owners": others}, indent=2, ensure_ascii=False) + "\n"
    else:
        text = as_text(teams, others, project.registry is not None)
    common.write_output(text, None)
    return 0
