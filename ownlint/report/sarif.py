"""SARIF 2.1.0: rules from the check catalog, results located by artifactLocation + region."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence
from urllib.parse import quote

from ownlint import __version__
from ownlint.checks.catalog import CheckDoc, load_catalog
from ownlint.findings import Finding, Fix, Severity
from ownlint.formats.printable import json_text
from ownlint.report import repository_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT = "ROOT"  # the uriBaseId every location is relative to
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _help_markdown(doc: CheckDoc) -> str:
    return (
        f"## What it does\n\n{doc.what_it_does.strip()}\n\n"
        f"## Why is this bad?\n\n{doc.why_is_this_bad.strip()}\n\n"
        f"## Example\n\n```\n{doc.example.rstrip()}\n```\n\n"
        f"Use instead:\n\n```\n{doc.use_instead.rstrip()}\n```\n\n"
        f"## Fix\n\n{doc.fix.strip()}\n"
    )


def _help_text(doc: CheckDoc) -> str:
    return (
        f"{doc.what_it_does.strip()}\n\nWhy is this bad? {doc.why_is_this_bad.strip()}\n\n"
        f"Example:\n{doc.example.rstrip()}\n\nUse instead:\n{doc.use_instead.rstrip()}\n\n"
        f"Fix: {doc.fix.strip()}\n"
    )


def rule_descriptor(doc: CheckDoc) -> dict[str, Any]:
    return {
        "id": doc.code,
        "name": doc.name,
        "shortDescription": {"text": doc.summary.strip()},
        "fullDescription": {"text": doc.what_it_does.strip()},
        "help": {"text": _help_text(doc), "markdown": _help_markdown(doc)},
        "defaultConfiguration": {"level": _LEVELS[doc.severity]},
        "properties": {"tags": ["ownership"], "fixable": doc.fixable},
    }


def _artifact(file: str, summary: dict[str, object]) -> dict[str, str]:
    """Relative to the repository's top level (GitHub code scanning reads uri so and
    ignores originalUriBaseIds); a file outside the repository as an absolute file: URI."""
    if file.startswith("/"):
        return {"uri": Path(file).as_uri()}
    return {"uri": quote(repository_path(file, summary), safe="/"), "uriBaseId": ROOT}


def _region(line: int, column: Optional[int]) -> dict[str, int]:
    region = {"startLine": line}
    if column is not None:
        region["startColumn"] = column
    return region


def _end(line: int, column: int, text: str) -> tuple[int, int]:
    """Where `text`, starting at line:column, ends (SARIF's end column is exclusive)."""
    parts = text.split("\n")
    if len(parts) == 1:
        return line, column + len(text)
    return line + len(parts) - 1, len(parts[-1]) + 1


def _fix(finding: Finding, fix: Fix, summary: dict[str, object]) -> Optional[dict[str, Any]]:
    """A SARIF fix only where ownlint knows the exact edit; a bare suggestion is no fix."""
    if not fix.edits:
        return None
    replacements = []
    for line, column, old, new in fix.edits:
        end_line, end_column = _end(line, column, old)
        replacements.append(
            {
                "deletedRegion": {
                    "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
                },
                "insertedContent": {"text": new},
            }
        )
    return {
        "description": {"text": fix.description},
        "artifactChanges": [
            {"artifactLocation": _artifact(finding.file, summary), "replacements": replacements}
        ],
    }


def result(finding: Finding, rule_index: int, summary: dict[str, object]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(finding.file, summary)}
    if finding.line is not None:
        physical["region"] = _region(finding.line, finding.column)
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.level],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
    }
    fix = _fix(finding, finding.fix, summary) if finding.fix is not None else None
    if fix is not None:
        entry["fixes"] = [fix]
    if finding.path is not None and finding.path != finding.file:
        entry["properties"] = {"path": finding.path}
    if finding.fix is not None and finding.fix.suggestions:
        # Successor suggestions for a retired owner: a ranking for a person, so a property bag, not a fix.
        from ownlint.report.json import fix_to_dict

        bag = entry.setdefault("properties", {})
        bag["suggestions"] = fix_to_dict(finding.fix)["suggestions"]
        if fix is None:
            bag["suggestion"] = finding.fix.description
    return entry


def format_sarif(findings: Sequence[Finding], summary: dict[str, object]) -> str:
    catalog = load_catalog()
    codes = sorted(catalog)
    index = {code: number for number, code in enumerate(codes)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ownlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(catalog[code]) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [result(finding, index[finding.code], summary) for finding in findings],
    }
    root = summary.get("root")
    if isinstance(root, str):
        top = Path(root)
        prefix = summary.get("prefix")
        for _ in str(prefix or "").strip("/").split("/") if prefix else ():
            top = top.parent
        run["originalUriBaseIds"] = {ROOT: {"uri": top.as_uri().rstrip("/") + "/"}}
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document) + "\n"
