"""The three ways a pattern is matched give one answer: re2, Python's re, and globmatch."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ownlint.errors import PatternError
from ownlint.matching import patterns
from ownlint.matching.patterns import parse_pattern
from tests.reference_matcher import RuleMatcher, available_backends
from tests.test_pattern_semantics import ALL_CASES

PATTERN_PIECES = ["a", "b", "c", ".", "*", "?", "**", "/", "\\ ", " ", "é"]
PATH_PIECES = ["a", "b", "c", "ab", ".", " ", "é", "a.b"]

patterns_text = st.lists(st.sampled_from(PATTERN_PIECES), min_size=1, max_size=8).map("".join)
# Git never lists a path with a '.' or '..' segment.
segments = st.lists(st.sampled_from(PATH_PIECES), min_size=1, max_size=3).map("".join).filter(
    lambda s: s not in (".", "..")
)
paths = st.lists(segments, min_size=1, max_size=5).map("/".join)


def _all_answers(pattern: patterns.Pattern, path: str) -> set[bool]:
    answers = {pattern.matches_by_regex(path)}
    if pattern.glob is not None:
        from ownlint.matching.globmatch import match_path

        answers.add(match_path(pattern.glob, path.split("/")))
    else:
        answers.add(False)
    answers.add(pattern.matches(path))
    return answers


@pytest.mark.parametrize("topic, text, path, expected", ALL_CASES)
def test_semantics_table_on_the_glob_matcher(topic: str, text: str, path: str, expected: bool) -> None:
    assert _all_answers(parse_pattern(text), path) == {expected}


@settings(max_examples=1500, deadline=None)
@given(patterns_text, paths)
def test_generated_patterns_agree_everywhere(text: str, path: str) -> None:
    try:
        pattern = parse_pattern(text)
    except PatternError:
        return
    assert len(_all_answers(pattern, path)) == 1, (text, path, pattern.regex, pattern.glob)


@settings(max_examples=300, deadline=None)
@given(st.lists(patterns_text, min_size=1, max_size=6), st.lists(paths, min_size=1, max_size=6))
def test_backends_agree_on_last_match(texts: list[str], files: list[str]) -> None:
    compiled = []
    for text in texts:
        try:
            compiled.append(parse_pattern(text))
        except PatternError:
            pass
    if not compiled:
        return
    matchers = [RuleMatcher(compiled, backend) for backend in available_backends()]
    for path in files:
        expected = max((i for i, p in enumerate(compiled) if p.matches(path)), default=None)
        assert {m.last_match(path) for m in matchers} == {expected}


@pytest.mark.parametrize(
    "text, path",
    [
        ("*a*a*a*a*a*a*a*a*a*a*a*a*b", "x/" + "a" * 250),
        ("/**/a/**/a/**/a/**/a/**/a/**/a/**/b", "/".join(["a"] * 400)),
        ("**/*a*a*a*a*a*/**/*a*a*a*a*c", "/".join(["aaaaaaaaaaaaaaaaaaaa"] * 200)),
    ],
)
def test_backtracking_patterns_stay_fast_without_re2(monkeypatch: pytest.MonkeyPatch, text: str, path: str) -> None:
    monkeypatch.setattr(patterns, "re2_module", lambda: None)
    # Python's re would backtrack for hours on these; benchmarks/hostile.py times them.
    assert parse_pattern(text).matches(path) is False
