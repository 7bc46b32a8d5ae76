"""Formatters: findings in, text out. They decide nothing."""
from __future__ import annotations

from typing import Callable, Sequence

from ownlint.findings import Finding

Formatter = Callable[[Sequence[Finding], dict[str, object]], str]


def formatter(name: str) -> Formatter:
    if name == "text":
        from ownlint.report.text import format_text

        return format_text
    if name == "json":
        from ownlint.report.json import format_json

        return format_json
    raise ValueError(name)


def count(findings: Sequence[Finding]) -> dict[str, int]:
    from ownlint.findings import Severity

    levels = [f.level for f in findings]
    return {
        "errors": levels.count(Severity.ERROR),
        "warnings": levels.count(Severity.WARNING),
        "infos": levels.count(Severity.INFO),
    }
