"""A backtracking-safe CODEOWNERS matcher for when re2 is not installed.

Python's `re` backtracks: a pattern such as `*a*a*a*a*b` takes exponential time on
a long path that almost matches. This matcher works on the same parsed tokens with
the classic "resume after the last star" algorithm, at two levels (characters
within a segment, segments within a path): its cost is bounded by the product of
the lengths, whatever the pattern. Its answers equal the regex translation's; the
property tests hold them together.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence, Union

    # A segment pattern: GLOBSTAR (zero or more whole segments), or a token list.
    Segment = Union[str, Sequence[str]]

GLOBSTAR = "**"


def match_segment(tokens: Sequence[str], name: str) -> bool:
    """Glob match of one path segment: tokens are '*', '?' or escaped literals ('\\x' or 'x')."""
    t = n = 0
    star_t, star_n = -1, 0
    while n < len(name):
        if t < len(tokens) and tokens[t] in ("*", "**"):
            star_t, star_n = t, n
            t += 1
        elif t < len(tokens) and (tokens[t] == "?" or tokens[t][-1] == name[n]):
            t += 1
            n += 1
        elif star_t >= 0:
            star_n += 1
            t, n = star_t + 1, star_n
        else:
            return False
    while t < len(tokens) and tokens[t] in ("*", "**"):
        t += 1
    return t == len(tokens)


def match_path(segments: Sequence[Segment], parts: Sequence[str]) -> bool:
    """Whole-path match: GLOBSTAR spans zero or more segments, others exactly one."""
    s = p = 0
    star_s, star_p = -1, 0
    while p < len(parts):
        if s < len(segments) and segments[s] == GLOBSTAR:
            star_s, star_p = s, p
            s += 1
        elif s < len(segments) and match_segment(segments[s], parts[p]):
            s += 1
            p += 1
        elif star_s >= 0:
            star_p += 1
            s, p = star_s + 1, star_p
        else:
            return False
    while s < len(segments) and segments[s] == GLOBSTAR:
        s += 1
    return s == len(segments)
