"""Formatters: findings in, text out. They decide nothing."""
from __future__ import annotations

from ownlint.findings import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Optional, Sequence

    from ownlint.model.mapping import Mapping

    Formatter = Callable[[Sequence[Finding], dict[str, object]], str]


def formatter(name: str) -> Formatter:
    if name == "text":
        from ownlint.report.text import format_text

        return format_text
    if name == "json":
        from ownlint.report.json import format_json

        return format_json
    if name == "sarif":
        from ownlint.report.sarif import format_sarif

        return format_sarif
    if name == "github":
        from ownlint.report.github import format_github

        return format_github
    if name == "gitlab":
        from ownlint.report.gitlab import format_gitlab

        return format_gitlab
    raise ValueError(name)


def flavor_to_dict(mapping: Optional[Mapping]) -> Optional[dict[str, str]]:
    """Which forge's reading a CODEOWNERS mapping got and why; None for an ownlint mapping.
    (Here, not in report/json.py: every report's summary holds it, and a text report does
    not import the JSON one.)"""
    why = mapping.why_flavor if mapping is not None else None
    return None if why is None else {"name": why.name, "decided_by": why.source, "reason": why.reason}


def repository_path(file: str, summary: dict[str, object]) -> str:
    """A finding's file as the forge names it: relative to the repository's top level."""
    prefix = summary.get("prefix")
    if not isinstance(prefix, str) or not prefix or file.startswith("/"):
        return file
    return prefix + file


def count(findings: Sequence[Finding]) -> dict[str, int]:
    from ownlint.findings import Severity

    levels = [f.level for f in findings]
    return {
        "errors": levels.count(Severity.ERROR),
        "warnings": levels.count(Severity.WARNING),
        "infos": levels.count(Severity.INFO),
    }
