"""`ownlint rules [CODE]`: the check catalog as a table, or one check's documentation."""
from __future__ import annotations

import argparse
import json
from typing import Any

from ownlint.checks.catalog import CheckDoc, load_catalog
from ownlint.commands import common
from ownlint.errors import OwnlintError

FORMATS = ("text", "json", "markdown")
# ruff's sections, in ruff's order.
SECTIONS = (
    ("What it does", "what_it_does"),
    ("Why is this bad?", "why_is_this_bad"),
    ("Example", "example"),
    ("Use instead", "use_instead"),
    ("Fix", "fix"),
)
CODE_SECTIONS = ("example", "use_instead")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a check code (OWN302) or name (retired-owner)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text; markdown: the documentation of docs/rules.md)")


def find(code: str) -> CheckDoc:
    catalog = load_catalog()
    wanted = code.strip()
    entry = catalog.get(wanted.upper()) or next((c for c in catalog.values() if c.name == wanted.lower()), None)
    if entry is None:
        raise OwnlintError(f"unknown check '{code}' (run 'ownlint rules' for the catalog)")
    return entry


def as_json(entry: CheckDoc, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": entry.code,
        "name": entry.name,
        "severity": entry.severity.label,
        "fixable": entry.fixable,
        "summary": entry.summary,
    }
    if full:
        data.update({key: getattr(entry, key) for _, key in SECTIONS})
    return data


def table(entries: list[CheckDoc]) -> str:
    rows = [("CODE", "NAME", "SEVERITY", "FIX", "SUMMARY")]
    rows += [(e.code, e.name, e.severity.label, e.fixable, e.summary) for e in entries]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4] for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def documentation(entry: CheckDoc) -> str:
    lines = [f"{entry.code} {entry.name}", "", entry.summary, "", f"Default severity: {entry.severity.label}"]
    lines.append(f"Fix: {'none' if entry.fixable == 'none' else entry.fixable + ' (ownlint check --fix)'}")
    for title, key in SECTIONS:
        body = getattr(entry, key).rstrip("\n")
        lines += ["", f"## {title}", ""]
        if key in CODE_SECTIONS:
            from ownlint.report.rules_markdown import snippet_language

            lines += [f"```{snippet_language(entry)}", body, "```"]
        else:
            lines.append(body)
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    text: str
    if args.format == "markdown":
        from ownlint.report.rules_markdown import catalog_markdown, entry_markdown

        text = entry_markdown(find(args.code), level=1) if args.code is not None else catalog_markdown(
            list(load_catalog().values())
        )
    elif args.code is not None:
        entry = find(args.code)
        text = json.dumps(as_json(entry, True), indent=2) + "\n" if args.format == "json" else documentation(entry)
    else:
        entries = list(load_catalog().values())
        if args.format == "json":
            payload = {"version": 1, "checks": [as_json(e, False) for e in entries]}
            text = json.dumps(payload, indent=2) + "\n"
        else:
            text = table(entries)
    common.write_output(text, None)
    return 0
