"""The mid-path rules' walk shared with a forked child (automaton.py, sources/forked.py):
the same answer as one walk in one process, whether the child answers or fails."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ownlint.matching import automaton
from ownlint.matching.automaton import general_hits
from ownlint.matching.engine import Engine
from ownlint.matching.filetree import FileTree
from ownlint.matching.patterns import parse_pattern
from ownlint.matching.shapes import Kind
from ownlint.sources import forked
from ownlint.sources.forked import Forked
from tests.test_engine import ODD_PATHS, _valid, deep_paths, mid_path_texts, reference_best

ROOT_NAMES = ["CODEOWNERS", "a.md", "b.tf"]  # files at the root: the parent's part of the root frames


def _answers(texts: list[str], files: list[str], halved: bool) -> tuple[Any, list[int]]:
    """The GENERAL shapes' hits and the engine's winners, with the walk halved or not."""
    patterns = [parse_pattern(text) for text in texts]
    engine = Engine(list(enumerate(patterns)), narrows=False)
    shapes = [shape for shape in engine.shapes if shape.kind is Kind.GENERAL]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(automaton, "HALVED_FROM", 0 if halved else 10**9)
        patch.setattr(forked, "spare_core", lambda: True)
        hits = [(dirs, list(numbers)) for dirs, numbers in general_hits(shapes, FileTree(files))]
        best = engine.best(FileTree(files))
    return hits, best



@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(mid_path_texts, min_size=1, max_size=8),
    st.lists(deep_paths | st.sampled_from(ROOT_NAMES) | st.sampled_from(ODD_PATHS), min_size=1, max_size=40),
)
def test_a_halved_walk_answers_as_one_walk(texts: list[str], file_paths: list[str]) -> None:
    valid = _valid(texts)
    assume(valid)
    files = sorted(set(file_paths))
    whole, whole_best = _answers(valid, files, halved=False)
    halved, halved_best = _answers(valid, files, halved=True)
    assert halved == whole
    assert halved_best == whole_best == [reference_best([parse_pattern(t) for t in valid], path) for path in files]


def test_the_child_walks_half_of_a_wide_tree(forks: list[int]) -> None:
    files = [f"{top}/{middle}/deploy/{name}" for top in "abcdef" for middle in ("x", "y") for name in ("v.yaml", "w.md")]
    files += ["README.md", "a/deploy/z.yaml"]
    files.sort()
    texts = ["**/deploy/*.yaml", "/*/x/**/w.md", "a/**/deploy/", "**/y/deploy/**"]
    whole = _answers(texts, files, halved=False)
    assert not forks
    assert _answers(texts, files, halved=True) == whole
    assert len(forks) == 2  # one for general_hits, one for the engine's own walk


def test_a_failing_child_leaves_the_answer_to_the_parent(forks: list[int], failing_children: None) -> None:
    files = sorted(f"{top}/{middle}/deploy/{name}" for top in "abcd" for middle in ("x", "y") for name in ("v.yaml", "w"))
    texts = ["**/deploy/*.yaml", "/*/y/**/w"]
    whole = _answers(texts, files, halved=False)
    assert _answers(texts, files, halved=True) == whole
    assert forks  # a child was started, failed, and the parent walked its half


def test_forked_work_comes_back_or_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "spare_core", lambda: True)
    assert Forked(lambda: ["a", b"\x00\x01", 3]).answer() == ["a", b"\x00\x01", 3]
    assert Forked(lambda: 1 // 0).answer() is None  # the error stays in the child
    monkeypatch.setattr(forked, "spare_core", lambda: False)
    assert Forked(lambda: "never computed").answer() is None
