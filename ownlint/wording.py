"""Words every message shares."""
from __future__ import annotations


def plural(number: int, word: str, many: str = "") -> str:
    """`1 file`, `2,048 files`; `many` for an irregular plural (`entries`)."""
    return f"{number:,} {word if number == 1 else many or word + 's'}"
