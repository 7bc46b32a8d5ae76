""""Did you mean": a suggestion only when the name is a small slip away from a known one."""
from __future__ import annotations

from typing import Iterable, Optional


def distance(a: str, b: str, bound: Optional[int] = None) -> int:
    """Levenshtein distance, with a swap of two neighbours counted as one edit. With a
    bound, any distance over it may be answered as bound + 1 as soon as a whole row of the
    table exceeds it (a row's least value never decreases, swaps included)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if bound is not None and min(current) > bound:
            return bound + 1
        previous2, previous = previous, current
    return previous[-1]


def closest(name: str, known: Iterable[str]) -> Optional[str]:
    """The known name a slip away from `name`: at most one edit in four characters
    (at least one), so 'terrafrom' finds 'terraform' while 'team-appsec' finds no
    'team-auth-dev'. Ties go to the first known name."""
    limit = max(1, len(name) // 4)
    best: Optional[tuple[int, str]] = None
    for candidate in known:
        if candidate == name:
            continue
        if abs(len(candidate) - len(name)) > limit:
            continue
        cost = min(distance(name, candidate, limit), distance(name.lower(), candidate.lower(), limit))
        if cost <= limit and (best is None or cost < best[0]):
            best = (cost, candidate)
    return best[1] if best else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """'; did you mean 'x'?' or nothing, to append to a message."""
    match = closest(name, known)
    return f"; did you mean '{match}'?" if match is not None else ""
