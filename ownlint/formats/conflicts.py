"""Unresolved merge conflicts: a file still holding git's conflict markers is not read."""
from __future__ import annotations

from ownlint.findings import INVALID_YAML, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

# git writes these at the start of a line, seven characters long (diff3 adds `|||||||`),
# then nothing or a space or tab and a label; `=======` alone on its line is the
# separator. A line may end in "\r" (a CRLF file).
_MARKERS = ("<<<<<<<", ">>>>>>>", "|||||||")
_SEPARATOR = "======="


def _is_marker(line: str) -> bool:
    head, rest = line[:7], line[7:]
    if head in _MARKERS:
        return rest in ("", "\r") or rest[0] in " \t"
    if head == _SEPARATOR:
        return not (rest[:-1] if rest.endswith("\r") else rest).strip(" \t")
    return False


def first_conflict_marker(text: str) -> Optional[tuple[int, int]]:
    """(line, column) of the first conflict marker in text, or None. Read line by line
    only when a marker's characters are there at all (a banner of '=' in a comment)."""
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return None
    for number, line in enumerate(text.split("\n"), 1):
        if _is_marker(line):
            return number, 1
    return None


def conflict_finding(text: str, file: str) -> Optional[Finding]:
    """One OWN001 at the first marker: the file's rules are not read, and --fix leaves it alone."""
    found = first_conflict_marker(text)
    if found is None:
        return None
    return Finding(
        file, found[0], found[1], INVALID_YAML,
        "unresolved merge conflict marker: resolve the conflict before ownlint can read this file",
    )
