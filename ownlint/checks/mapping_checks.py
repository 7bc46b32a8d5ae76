"""Mapping checks: the rules themselves."""
from __future__ import annotations

from typing import Iterator

from ownlint.context import Context
from ownlint.findings import Finding


def invalid_patterns(ctx: Context) -> Iterator[Finding]:
    if ctx.mapping is None:
        return
    for rule in ctx.mapping.rules:
        error = rule.pattern_error
        if error is not None:
            yield Finding(
                ctx.mapping.file, rule.line, rule.column + error.column - 1, "OWN201",
                f"pattern '{rule.text}': {error.message}; the rule never applies",
            )
