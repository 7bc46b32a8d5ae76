"""The check catalog as a table, and one check's documentation in ruff's sections."""
from __future__ import annotations

from typing import Any

from ownlint.checks.catalog import CheckDoc
from ownlint.formats.printable import json_text

# ruff's sections, in ruff's order.
SECTIONS = (
    ("What it does", "what_it_does"),
    ("Why is this bad?", "why_is_this_bad"),
    ("Example", "example"),
    ("Use instead", "use_instead"),
    ("Fix", "fix"),
)
CODE_SECTIONS = ("example", "use_instead")


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


def entry_json(entry: CheckDoc) -> str:
    """One check's documentation as JSON (`rules CODE --format json`)."""
    return json_text(as_json(entry, True)) + "\n"


def catalog_json(entries: list[CheckDoc]) -> str:
    return json_text({"version": 1, "checks": [as_json(entry, False) for entry in entries]}) + "\n"


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
