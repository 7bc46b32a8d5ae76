"""`diff`'s report: text for a person, JSON for a script."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ownlint.formats.printable import json_text, printable
from ownlint.wording import plural

if TYPE_CHECKING:
    from ownlint.queries.ownership_diff import Change, OwnershipDiff

# Beyond this many entries a group is cut short in text; JSON always lists every path.
TEXT_LIMIT = 30


def _owners(owners: Sequence[str]) -> str:
    return ", ".join(owners) if owners else "(no owner)"


def _group(title: str, changes: Sequence["Change"], paths: Sequence[str]) -> list[str]:
    from ownlint.queries.ownership_diff import summarise

    if not changes:
        return []
    lines = [f"{title} ({plural(len(changes), 'file')}):"]
    by_transition: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for change in changes:
        by_transition.setdefault((change.before, change.after), []).append(change.path)
    entries: list[str] = []
    for (before, after), members in sorted(by_transition.items()):
        for entry, count in summarise(members, paths):
            files = f" ({plural(count, 'file')})" if entry.endswith("/") else ""
            entries.append(printable(f"  {entry}{files}: {_owners(before)} -> {_owners(after)}"))
    lines.extend(entries[:TEXT_LIMIT])
    if len(entries) > TEXT_LIMIT:
        lines.append(f"  ... and {len(entries) - TEXT_LIMIT:,} more (--format json lists every path)")
    return lines


def format_text(diff: "OwnershipDiff") -> str:
    head = diff.head
    lines = [f"Ownership from {diff.base} to {head}: {plural(diff.compared, 'file')} in both"]
    if not (diff.changed or diff.unowned or diff.owned):
        lines.append("No file changes owner.")
    lines += _group("Change owner", diff.changed, diff.paths)
    lines += _group("Become unowned", diff.unowned, diff.paths)
    lines += _group("Gain an owner", diff.owned, diff.paths)
    if diff.teams:
        lines.append("Teams:")
        width = max(len(team) for team in diff.teams)
        for team, (gained, lost) in sorted(diff.teams.items(), key=lambda item: (item[1][1] - item[1][0], item[0])):
            lines.append(f"  {team:<{width}}  +{gained:,} -{lost:,}")
    if diff.declared:
        lines.append(f"Recorded owners change ({plural(len(diff.declared), 'file')}):")
        shown = [f"  {c.file} ({c.source}): {_values(c.before)} -> {_values(c.after)}" for c in diff.declared]
        lines.extend(shown[:TEXT_LIMIT])
        if len(shown) > TEXT_LIMIT:
            lines.append(f"  ... and {len(shown) - TEXT_LIMIT:,} more (--format json lists every file)")
    if diff.added or diff.removed:
        unowned = sum(1 for change in diff.added if not change.after)
        lines.append(
            f"Files added: {len(diff.added):,} ({unowned:,} with no owner); removed: {len(diff.removed):,}"
        )
    return "\n".join(lines) + "\n"


def _values(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values) if values else "(none)"


def format_json(diff: "OwnershipDiff") -> str:
    def entries(changes: Sequence["Change"]) -> list[dict[str, Any]]:
        return [{"path": c.path, "before": list(c.before), "after": list(c.after)} for c in changes]

    document = {
        "version": 1,
        "base": diff.base,
        "head": diff.head_revision,
        "changed": entries(diff.changed),
        "unowned": entries(diff.unowned),
        "owned": entries(diff.owned),
        "added": entries(diff.added),
        "removed": entries(diff.removed),
        "teams": [
            {"team": team, "gained": gained, "lost": lost} for team, (gained, lost) in sorted(diff.teams.items())
        ],
        "summary": {
            "files": diff.compared,
            "changed": len(diff.changed),
            "unowned": len(diff.unowned),
            "owned": len(diff.owned),
            "added": len(diff.added),
            "removed": len(diff.removed),
        },
    }
    if diff.declares:  # only where a configuration declares: other scripts see the shape they saw
        document["declared"] = [
            {"source": c.source, "file": c.file, "before": list(c.before), "after": list(c.after)}
            for c in diff.declared
        ]
    return json_text(document) + "\n"
