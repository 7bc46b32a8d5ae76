"""`ownlint ls [PATH...]`: every file with its owners, one a line — the scriptable ownership table."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Iterator, Optional

from ownlint.commands import common
from ownlint.errors import OwnlintError

if TYPE_CHECKING:
    from ownlint.project import Project
    from ownlint.tables.declared import Declaration
    from ownlint.tables.ownership import OwnershipTable

FORMATS = ("text", "jsonl")
# Owner column position in text: long paths push it right rather than being cut.
MAX_PATH_COLUMN = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the whole repository)")
    parser.add_argument("--unowned", action="store_true", help="only files with no owner")
    parser.add_argument("--owner", metavar="TEAM", help="only files TEAM owns (an id, handle or alias)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--files-from", metavar="FILE", help="take the repository's file list from FILE ('-' for standard input)"
    )
    parser.add_argument("-z", dest="nul", action="store_true", help="--files-from is NUL-separated")


def selected_rows(project: "Project", given: list[str], start: str) -> list[int]:
    """Table rows of the files at or beneath the given paths, in table order, each once."""
    from ownlint.queries.explain import files_under
    from ownlint.sources.repo import normalise

    table = project.table
    assert table is not None
    if not given:
        return list(range(len(table.files)))
    from pathlib import Path

    chosen: set[int] = set()
    index = {path: row for row, path in enumerate(table.files)}
    for path in normalise(project.config.root, Path(start).resolve(), given):
        if path in index:
            chosen.add(index[path])
        else:
            chosen.update(files_under(table, path))
    return sorted(chosen)


def owner_filter(project: "Project", wanted: str) -> "set[str]":
    """The owner strings that name TEAM: resolved through the registry when there is one."""
    table = project.table
    assert table is not None
    registry = project.registry
    names = {owner.name for rule in table.mapping.rules for owner in rule.owners}
    if registry is None:
        return {wanted} & names or {wanted}
    team = registry.resolve(wanted)
    if team is None:
        from ownlint.formats.spelling import did_you_mean

        known = [name for team in registry.teams.values() for name in team.names()]
        raise OwnlintError(
            f"--owner: '{wanted}' is not a team id, handle or alias in {registry.file}{did_you_mean(wanted, known)}"
        )
    return {name for name in names if registry.resolve(name) is team}


def rows_of(table: "OwnershipTable", rows: list[int], unowned: bool, owners: Optional[set[str]]) -> Iterator[int]:
    for row in rows:
        names = table.owners_of(table.winners[row])
        if unowned and (names or table.excluded[row]):
            continue
        if owners is not None and not owners.intersection(names):
            continue
        yield row


def declared_record(declaration: "Declaration") -> dict[str, object]:
    """An owner record a file keeps about a path, for `ls --format jsonl` (docs/declarations.md)."""
    first = declaration.values[0]
    return {
        "source": declaration.source.name,
        "file": declaration.file,
        "line": first.line,
        "column": first.column,
        "values": [value.text for value in declaration.values],
    }


def run(args: argparse.Namespace) -> int:
    from ownlint.commands.explain import GROUP_REASONS
    from ownlint.queries.explain import EXCLUDED, NO_OWNERS, NO_RULE

    project = common.load_for_reading(args)
    table = project.table
    assert table is not None
    rows = selected_rows(project, args.paths, args.directory)
    owners = owner_filter(project, args.owner) if args.owner else None
    chosen = list(rows_of(table, rows, args.unowned, owners))
    declared = project.declared
    lines: list[str] = []
    if args.format == "jsonl":
        for row in chosen:
            winners = table.winners[row]
            line = table.mapping.rules[winners[-1]].line if winners else None
            record: dict[str, object] = {"path": table.files[row], "owners": table.owners_of(winners), "line": line}
            if declared is not None:
                record["declared"] = [declared_record(d) for d in declared.speaking_for(table.files[row])]
            lines.append(json.dumps(record, ensure_ascii=False))
    else:
        width = min(max((len(table.files[row]) for row in chosen), default=0), MAX_PATH_COLUMN)
        for row in chosen:
            names = table.owners_of(table.winners[row])
            if names:
                shown = " ".join(names)
            elif table.excluded[row]:
                shown = GROUP_REASONS[EXCLUDED]
            else:
                shown = GROUP_REASONS[NO_OWNERS if table.winners[row] else NO_RULE]
            lines.append(f"{table.files[row]:<{width}}  {shown}")
    common.write_output("".join(line + "\n" for line in lines), None)
    return 0
