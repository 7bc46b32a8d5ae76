"""`ownlint diff [BASE [HEAD]]`: how ownership changes between two git revisions."""
from __future__ import annotations

from ownlint.commands import common

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", nargs="?", default="HEAD", metavar="BASE", help="the revision before (default: HEAD)")
    parser.add_argument(
        "head", nargs="?", default=None, metavar="HEAD", help="the revision after (default: the working tree)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from ownlint.queries.ownership_diff import ownership_diff
    from ownlint.report.diff import format_json, format_text

    diff = ownership_diff(common.start_dir(args), common.config_file(args), args.base, args.head)
    text = format_json(diff) if args.format == "json" else format_text(diff)
    common.write_output(text, common.given_path(args, args.output), escape=args.format != "json")
    return 0


