"""A large tree's file names cut, counted and numbered by a forked child while the tree is
built (matching/filetree.py, sources/forked.py): the same answers as names found in the
run itself, whether the child answers or fails, and whatever paths are odd."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownlint.matching import filetree
from ownlint.matching.filetree import FileTree
from ownlint.sources import forked
from ownlint.sources.forked import Forked
from tests.test_engine import ODD_PATHS, deep_paths


def _names(files: list[str], beside: bool) -> tuple[Any, ...]:
    """Everything the tree answers from its names, with the names found beside or not."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(filetree, "NAMED_BESIDE_FROM", 0 if beside else 10**9)
        patch.setattr(forked, "spare_core", lambda: True)
        tree = FileTree(files)
    wanted = sorted({path.rpartition("/")[2] for path in files})[:3]
    return (
        tree.name_counts, list(tree.name_counts), tree.name_numbers, dict(tree.name_places),
        tree.by_name({name: len(name) for name in wanted}, -1), tree.files_by_name,
        dict(tree.numbers_named(wanted)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(deep_paths | st.sampled_from(["README.md", "a.tf", *ODD_PATHS]), min_size=0, max_size=40))
def test_names_found_beside_answer_as_names_found_here(file_paths: list[str]) -> None:
    files = sorted(set(file_paths))
    assert _names(files, beside=True) == _names(files, beside=False)


def test_the_child_names_the_files(forks: list[int]) -> None:
    files = sorted(f"{top}/{middle}/{name}" for top in "abc" for middle in "xy" for name in ("main.tf", "README.md"))
    here = _names(files, beside=False)
    assert not forks
    assert _names(files, beside=True) == here
    assert len(forks) == 1
    assert here[0] == {"main.tf": 6, "README.md": 6}


def test_a_failing_child_leaves_the_names_to_the_run(forks: list[int], failing_children: None) -> None:
    files = sorted(f"{top}/{name}" for top in "abcd" for name in ("values.yaml", "Chart.yaml", "values.yaml.bak"))
    here = _names(files, beside=False)
    assert _names(files, beside=True) == here
    assert forks


def test_a_later_child_never_reads_its_siblings_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child forked after another inherits its Forked: answer() there is None, and the
    pipe's data stays for the process that started it."""
    monkeypatch.setattr(forked, "spare_core", lambda: True)
    first = Forked(lambda: ["the first child's answer"])
    second = Forked(lambda: first.answer() is None)
    assert second.answer() is True
    assert first.answer() == ["the first child's answer"]
