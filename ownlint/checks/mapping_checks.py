"""Mapping checks: the rules themselves."""
from __future__ import annotations

from typing import Iterator

from ownlint.context import Context
from ownlint.findings import Finding


def shorten(text: str, limit: int = 80) -> str:
    """A pattern as quoted in a message: long ones cut, so one finding stays one line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def invalid_patterns(ctx: Context) -> Iterator[Finding]:
    if ctx.mapping is None:
        return
    for rule in ctx.mapping.rules:
        error = rule.pattern_error
        if error is not None:
            yield Finding(
                ctx.mapping.file, rule.line, rule.column + error.column - 1, "OWN201",
                f"pattern '{shorten(rule.text)}': {error.message}; the rule never applies",
            )
