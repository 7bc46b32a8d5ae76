"""`check --format json`, exactly as DESIGN 5.1 fixes it."""
from __future__ import annotations

from ownlint.checks.catalog import load_catalog
from ownlint.findings import Finding, Fix
from ownlint.formats.printable import json_text
from ownlint.report import count

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Sequence


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    catalog = load_catalog()
    return {
        "code": finding.code,
        "name": catalog[finding.code].name,
        "severity": finding.level.label,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "path": finding.path,
        "fix": None if finding.fix is None else fix_to_dict(finding.fix),
    }


def fix_to_dict(fix: Fix) -> dict[str, Any]:
    result: dict[str, Any] = {"description": fix.description, "safe": fix.safe}
    if fix.suggestions:
        result["suggestions"] = [
            {"team": s.team, "covers": list(s.covers), "files": s.files, "score": s.score} for s in fix.suggestions
        ]
    return result


def format_json(findings: Sequence[Finding], summary: dict[str, object]) -> str:
    document = {
        "version": 1,
        "root": summary.get("root"),
        "flavor": summary.get("flavor"),
        "findings": [finding_to_dict(f) for f in findings],
        "summary": {
            "files": summary.get("files", 0),
            "owned": summary.get("owned", 0),
            "unowned": summary.get("unowned", 0),
            "excluded": summary.get("excluded", 0),
            **count(findings),
            **({"baselined": summary["baselined"]} if "baselined" in summary else {}),
        },
    }
    return json_text(document) + "\n"
