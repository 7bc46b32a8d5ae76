"""`ownlint teams`: the registry, each team with its status, successors, lead and the files it owns here."""
from __future__ import annotations

from ownlint.commands import common

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--files-from", metavar="FILE", help="take the repository's file list from FILE ('-' for standard input)"
    )
    parser.add_argument("-z", dest="nul", action="store_true", help="--files-from is NUL-separated")


def run(args: argparse.Namespace) -> int:
    from ownlint.queries.teams import naming, records
    from ownlint.report.teams import format_json, format_text

    project = common.load_for_reading(args)
    teams, others = records(project)
    named = naming(project)
    for team in teams:
        team.update(named.get(team["id"], {}))
    if args.format == "json":
        text = format_json(teams, others)
    else:
        mapping_file = project.table.mapping.file if project.table is not None else None
        text = format_text(teams, others, project.registry is not None, named, mapping_file)
    common.write_output(text, None, escape=args.format != "json")
    return 0
