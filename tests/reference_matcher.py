"""The reference the engine is held to: every pattern's regex in one pathspec, on each
of pathspec's backends, which report the last matching rule ("the last match wins")."""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ownlint.matching.patterns import Pattern, matchable, re2_module


def available_backends() -> tuple[str, ...]:
    """pathspec backends usable here; 'simple' (pure Python) is always present."""
    return ("simple", "re2") if re2_module() is not None else ("simple",)


class RuleMatcher:
    """All patterns of a mapping compiled into one pathspec; answers last and all matches."""

    def __init__(self, patterns: Sequence[Pattern], backend: Optional[str] = None) -> None:
        from pathspec import PathSpec
        from pathspec.pattern import RegexPattern

        self.patterns = list(patterns)
        self.backend = backend or available_backends()[-1]
        self._spec = PathSpec(
            [RegexPattern(re.compile(p.regex, re.DOTALL), include=True) for p in self.patterns],
            backend=self.backend,
        )

    def last_match(self, path: str) -> Optional[int]:
        if not self.patterns:
            return None
        index: Optional[int] = self._spec.check_file(matchable(path), separators=()).index
        return index

    def all_matches(self, path: str) -> list[int]:
        return [index for index, pattern in enumerate(self.patterns) if pattern.matches(path)]
