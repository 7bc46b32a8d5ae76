"""`ownlint ls [PATH...]`: every file with its owners, one a line — the scriptable ownership table."""
from __future__ import annotations

from ownlint.commands import common

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "jsonl")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the whole repository)")
    parser.add_argument("--unowned", action="store_true", help="only files with no owner")
    parser.add_argument("--owner", metavar="TEAM", help="only files TEAM owns (an id, handle or alias)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--files-from", metavar="FILE", help="take the repository's file list from FILE ('-' for standard input)"
    )
    parser.add_argument("-z", dest="nul", action="store_true", help="--files-from is NUL-separated")


def run(args: argparse.Namespace) -> int:
    from ownlint.queries.listing import owner_filter, rows_of, selected_rows
    from ownlint.report.listing import jsonl_lines, text_lines

    project = common.load_for_reading(args)
    table = project.table
    assert table is not None
    rows = selected_rows(project, args.paths, args.directory)
    owners = owner_filter(project, args.owner) if args.owner else None
    chosen = list(rows_of(table, rows, args.unowned, owners))
    if args.format == "jsonl":
        lines = jsonl_lines(table, chosen, project.declared)
    else:
        lines = text_lines(table, chosen)
    common.write_output("".join(line + "\n" for line in lines), None, escape=args.format != "jsonl")
    return 0
