"""Unresolved merge conflicts: a file still holding git's conflict markers is not read."""
from __future__ import annotations

from functools import lru_cache

from ownlint.findings import INVALID_YAML, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import Optional

# git writes these at the start of a line, seven characters long (diff3 adds `|||||||`);
# `=======` alone on its line is the separator.
@lru_cache(maxsize=None)  # (compiled when a text holds a marker's characters, not on import)
def _marker() -> re.Pattern[str]:
    import re

    return re.compile(r"^(?:(?:<{7}|>{7}|\|{7})(?:[ \t].*)?|={7}[ \t]*)\r?$", re.MULTILINE)


def first_conflict_marker(text: str) -> Optional[tuple[int, int]]:
    """(line, column) of the first conflict marker in text, or None."""
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return None
    found = _marker().search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, 1


def conflict_finding(text: str, file: str) -> Optional[Finding]:
    """One OWN001 at the first marker: the file's rules are not read, and --fix leaves it alone."""
    found = first_conflict_marker(text)
    if found is None:
        return None
    return Finding(
        file, found[0], found[1], INVALID_YAML,
        "unresolved merge conflict marker: resolve the conflict before ownlint can read this file",
    )
