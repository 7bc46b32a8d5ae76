"""`ownlint rules [CODE]`: the check catalog as a table, or one check's documentation."""
from __future__ import annotations

from ownlint.checks.catalog import find_check, load_catalog
from ownlint.commands import common

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "json", "markdown")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a check code (OWN302) or name (retired-owner)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text; markdown: the documentation of docs/rules.md)")


def run(args: argparse.Namespace) -> int:
    from ownlint.report.rules import catalog_json, documentation, entry_json, table

    text: str
    if args.format == "markdown":
        from ownlint.report.rules_markdown import catalog_markdown, entry_markdown

        text = entry_markdown(find_check(args.code), level=1) if args.code is not None else catalog_markdown(
            list(load_catalog().values())
        )
    elif args.code is not None:
        entry = find_check(args.code)
        text = entry_json(entry) if args.format == "json" else documentation(entry)
    else:
        entries = list(load_catalog().values())
        text = catalog_json(entries) if args.format == "json" else table(entries)
    common.write_output(text, None)
    return 0
