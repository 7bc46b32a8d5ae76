"""`teams` as a table for a person, and as JSON (the records themselves)."""
from __future__ import annotations

from typing import Any, Optional

from ownlint.formats.printable import json_text
from ownlint.wording import plural


def format_json(teams: list[dict[str, Any]], others: list[dict[str, Any]]) -> str:
    return json_text({"version": 1, "teams": teams, "other_owners": others}) + "\n"


def format_text(teams: list[dict[str, Any]], others: list[dict[str, Any]], has_registry: bool,
                named: dict[str, dict[str, Any]], mapping_file: Optional[str]) -> str:
    """The table, then where each team is named (when the mapping names any)."""
    text = teams_text(teams, others, has_registry)
    if named and mapping_file is not None:
        text += "\n".join(naming_text(named, mapping_file)) + "\n"
    return text


def teams_text(teams: list[dict[str, Any]], others: list[dict[str, Any]], has_registry: bool) -> str:
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
            files = plural(other['files'], 'file')
            lines.append(f"{indent}{other['owner']:<{width}}  {files}")
    return "\n".join(lines) + "\n"


def naming_text(named: dict[str, dict[str, Any]], mapping_file: str) -> list[str]:
    lines = ["", "where each team is named:"]
    width = max((len(team) for team in named), default=0)
    for team, where in named.items():
        parts: list[str] = []
        if where["rules"]:
            rules = where["rules"]
            parts.append(f"{len(rules)} rule{'' if len(rules) == 1 else 's'} ({mapping_file}:"
                         f"{', '.join(map(str, rules[:5]))}{', …' if len(rules) > 5 else ''})")
        parts += [f"{source} {count} file{'' if count == 1 else 's'}" for source, count in where["declared"].items()]
        if where["vocabularies"]:
            parts.append("vocabularies " + ", ".join(where["vocabularies"]))
        lines.append(f"  {team:<{width}}  {'; '.join(parts) if parts else 'nowhere'}")
    return lines
