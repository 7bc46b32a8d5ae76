"""Human-readable findings: `file:line:col: CODE [severity] message`, then a summary."""
from __future__ import annotations

import os
from typing import Sequence

from ownlint.findings import Finding, Severity
from ownlint.report import count

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def use_colour(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def location(finding: Finding) -> str:
    parts = [finding.file] + [str(n) for n in (finding.line, finding.column) if n is not None]
    return ":".join(parts)


def _plural(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def format_text(findings: Sequence[Finding], summary: dict[str, object], colour: bool = False) -> str:
    lines: list[str] = []
    for finding in findings:
        level = finding.level
        label = f"[{level.label}]"
        if colour:
            label = f"{_COLOURS[level]}{label}{_RESET}"
            code = f"{_BOLD}{finding.code}{_RESET}"
        else:
            code = finding.code
        line = f"{location(finding)}: {code} {label} {finding.message}"
        if finding.fix is not None:
            line += f" [fix: {finding.fix.description}{'' if finding.fix.safe else ', unsafe'}]"
        lines.append(line)
    totals = count(findings)
    tally = ", ".join(
        [_plural(totals["errors"], "error"), _plural(totals["warnings"], "warning"), _plural(totals["infos"], "info")]
    )
    files = summary.get("files")
    if isinstance(files, int):
        tally += (
            f" in {_plural(files, 'file')} ({summary.get('owned', 0):,} owned, {summary.get('unowned', 0):,} unowned)"
        )
    lines.append(("Found " if findings else "All good: ") + tally)
    return "\n".join(lines) + "\n"
