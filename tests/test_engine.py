"""The fast engine gives the reference answer (Pattern.matches, RuleMatcher on every backend).

The same cases run through the engine (as the ownership table uses it), through
RuleMatcher on each pathspec backend, and through the plain per-pattern regexes:
winners and per-rule match counts must be identical everywhere.
"""
from __future__ import annotations

from collections import Counter
from random import Random
from typing import Callable, Optional, Sequence

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ownlint.errors import PatternError, PatternProblem
from ownlint.matching.engine import Engine
from ownlint.matching.filetree import Cover, FileTree, is_plain
from ownlint.matching.patterns import Pattern, parse_pattern
from ownlint.matching.shapes import Kind, shape_of
from ownlint.model.mapping import mapping_from_codeowners
from ownlint.tables.ownership import OwnershipTable
from tests.reference_matcher import RuleMatcher, available_backends
from tests.test_pattern_semantics import ALL_CASES, ALL_MATCHES, EQUIVALENCE_PATHS, RULE_LISTS


def reference_best(patterns: Sequence[Pattern], path: str) -> int:
    found = -1
    for index, pattern in enumerate(patterns):
        if pattern.matches(path):
            found = index
    return found


def reference_counts(patterns: Sequence[Pattern], paths: Sequence[str]) -> list[int]:
    return [sum(1 for path in paths if pattern.matches(path)) for pattern in patterns]


def assert_same_everywhere(texts: Sequence[str], paths: Sequence[str]) -> None:
    patterns = [parse_pattern(text) for text in texts]
    expected = [reference_best(patterns, path) for path in paths]
    engine = Engine(list(enumerate(patterns)))
    tree = FileTree(list(paths))
    assert engine.best(tree) == expected  # a small tree: an engine of the rules that can match it
    assert Engine(list(enumerate(patterns)), narrows=False).best(tree) == expected  # every rule's shape
    for path, best in zip(paths, expected):  # a fresh engine: narrowed to the rules that can match the path
        assert Engine(list(enumerate(patterns))).best(FileTree([path])) == [best], path
    counts = [0] * len(patterns)
    engine.match_counts(tree, counts)
    assert counts == reference_counts(patterns, paths)
    for path, best in zip(paths, expected):  # one path at a time, as explain and the hook ask
        assert engine.best(FileTree([path])) == [best], path
    # pathspec normalises paths git never lists ('/a' is 'a' to it): compare those only.
    plain = [(path, best) for path, best in zip(paths, expected) if is_plain(path)]
    for backend in available_backends():
        matcher = RuleMatcher(patterns, backend=backend)
        got = [matcher.last_match(path) for path, _ in plain]
        assert got == [b if b >= 0 else None for _, b in plain], backend


@pytest.mark.parametrize("topic, pattern, path, expected", ALL_CASES)
def test_every_semantics_case(topic: str, pattern: str, path: str, expected: bool) -> None:
    engine = Engine([(0, parse_pattern(pattern))])
    assert engine.best(FileTree([path])) == [0 if expected else -1]
    counts = [0]
    engine.match_counts(FileTree([path, path]), counts)
    assert counts == [2 if expected else 0]


@pytest.mark.parametrize("rules, path, expected", RULE_LISTS)
def test_rule_lists(rules: list[str], path: str, expected: Optional[int]) -> None:
    engine = Engine(list(enumerate(parse_pattern(r) for r in rules)))
    assert engine.best(FileTree([path])) == [-1 if expected is None else expected]


@pytest.mark.parametrize("rules, path, expected", ALL_MATCHES)
def test_all_matches_as_counts(rules: list[str], path: str, expected: list[int]) -> None:
    engine = Engine(list(enumerate(parse_pattern(r) for r in rules)))
    counts = [0] * len(rules)
    engine.match_counts(FileTree([path]), counts)
    assert [i for i, c in enumerate(counts) if c] == expected


def test_every_pattern_of_the_tables_against_every_path() -> None:
    texts = list(dict.fromkeys(case[1] for case in ALL_CASES))
    paths = sorted({case[2] for case in ALL_CASES} | set(EQUIVALENCE_PATHS))
    assert_same_everywhere(texts, paths)
    assert_same_everywhere(list(reversed(texts)), list(reversed(paths)))


@pytest.mark.parametrize(
    "text, kind",
    [
        ("*", Kind.ALL),
        ("**", Kind.ALL),
        ("/**", Kind.ALL),
        ("*/", Kind.ALL),
        ("Makefile", Kind.NAME),
        ("**/charts/", Kind.NAME),
        ("*.tf", Kind.NAME_GLOB),
        ("/dns/", Kind.PATH),
        ("docs/**", Kind.PATH),
        ("apps/github", Kind.PATH),
        ("/Makefile", Kind.PATH),
        ("/docs/*.md", Kind.PATH_GLOB),
        ("/*/", Kind.PATH_GLOB),
        ("/a/*/c/", Kind.GENERAL),
        ("**/logs/*.txt", Kind.GENERAL),
        ("a/**/b", Kind.GENERAL),
    ],
)
def test_shapes(text: str, kind: Kind) -> None:
    # Most real patterns take a fast path; GENERAL is the regex fallback.
    shape = shape_of(0, parse_pattern(text))
    assert shape is not None and shape.kind == kind


def test_lone_slash_is_rejected_before_it_reaches_the_engine() -> None:
    # GitHub reports a lone '/' as an error (issue 12): it never becomes a shape.
    with pytest.raises(PatternError) as error:
        parse_pattern("/")
    assert error.value.kind is PatternProblem.LONE_SLASH


ODD_PATHS = ["", "/a", "a/", "a//b", "/", "docs//x.md", "a\0b/c"]


def test_paths_git_never_lists_take_the_reference() -> None:
    texts = ["*", "/docs/", "a/", "*.md", "/a/*", "**/b", "docs/**"]
    assert_same_everywhere(texts, ODD_PATHS + ["docs/x.md", "a/b"])


SECTIONED = """\
* @all
[Docs]
/docs/ @docs
*.md @writers
^[Infra][2] @infra
/infra/
*.tf @tf
"""


@pytest.mark.parametrize(
    "path, winners",
    [
        ("docs/a.md", (0, 2)),
        ("docs/a.txt", (0, 1)),
        ("infra/main.tf", (0, 4)),
        ("infra/x", (0, 3)),
        ("x/y.tf", (0, 4)),
        ("README.md", (0, 2)),
        ("src/a.py", (0,)),
    ],
)
def test_gitlab_sections_win_each(path: str, winners: tuple[int, ...]) -> None:
    mapping = mapping_from_codeowners(SECTIONED, "CODEOWNERS")
    table = OwnershipTable.build(mapping, [path, "src/a.py"])
    assert table.winners[0] == winners
    assert table.winners_of(path) == winners


def test_table_counts_match_the_reference() -> None:
    mapping = mapping_from_codeowners(SECTIONED, "CODEOWNERS")
    paths = ["docs/a.md", "docs/a.txt", "infra/main.tf", "infra/x", "x/y.tf", "README.md", "src/a.py"]
    table = OwnershipTable.build(mapping, paths, exclude=["*.txt", "src/"])
    patterns = [rule.pattern for rule in mapping.rules]
    assert table.match_counts() == [sum(1 for p in paths if pat.matches(p)) for pat in patterns if pat]
    assert table.excluded == [False, True, False, False, False, False, True]
    assert table.summary() == {"files": 7, "owned": 5, "unowned": 0, "excluded": 2}
    assert table.wins_per_rule() == [7, 1, 2, 1, 2]  # "*" is a section of its own


# ---------------------------------------------------------------------------
# Randomised: rule lists and paths over a small alphabet, so that they collide.
# ---------------------------------------------------------------------------
NAMES = ["a", "b", "ab", "a.md", "b.md", "x.tf", "a.b", "logs", "docs", "ba"]
TOKENS = NAMES + ["*", "?", "**", "*.md", "a*", "*b", "a?", "?b", "*a*", "a.*", r"\*", "*.*", "a**b"]

segments = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4)
pattern_texts = st.builds(
    lambda lead, segs, trail: ("/" if lead else "") + "/".join(segs) + ("/" if trail else ""),
    st.booleans(),
    segments,
    st.booleans(),
)
paths = st.builds("/".join, st.lists(st.sampled_from(NAMES), min_size=1, max_size=5))


def _valid(texts: list[str]) -> list[str]:
    kept = []
    for text in texts:
        try:
            parse_pattern(text)
        except PatternError:
            continue
        kept.append(text)
    return kept


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pattern_texts, min_size=1, max_size=12), st.lists(paths, min_size=1, max_size=25))
def test_randomised_rule_lists(texts: list[str], file_paths: list[str]) -> None:
    assert_same_everywhere(_valid(texts) or ["*"], file_paths)
    # In git's order (sorted, no repeats) the engine finds the files beneath a
    # directory by bisection instead: the same answers.
    assert_same_everywhere(_valid(texts) or ["*"], sorted(set(file_paths)))


@settings(max_examples=300, deadline=None)
@given(pattern_texts, st.lists(paths | st.sampled_from(ODD_PATHS), max_size=4))
def test_a_few_paths_keep_the_rules_whose_names_they_hold(text: str, file_paths: list[str]) -> None:
    """The few paths' engine keeps a rule when every name it spells out lies along them:
    names_allow answers what the subset test of literal_names answers, backslashes too."""
    from ownlint.matching.shapes import literal_names, names_allow, tree_names

    assume(_valid([text]))
    pattern = parse_pattern(text)
    names = tree_names(file_paths)
    assert names_allow(pattern, names) == names.issuperset(literal_names(pattern))


@pytest.mark.parametrize("order", [sorted, lambda paths: sorted(paths, reverse=True)])
def test_mid_path_wildcards_in_and_out_of_git_order(order: Callable[[list[str]], list[str]]) -> None:
    texts = ["/a/**/b/", "/a/**/*.md", "**/b/**/c", "a/**/b/**/*.md", "/a/*/b/**/c.md", "b/**/", "/a.b/**/x"]
    paths = ["a/b/c", "a/x/b/c.md", "a/b/b/c.md", "a.b/x", "a.b/y/x", "a/b.md", "b/a/b/c", "ab/b/c", "a/x/y/b/z.md"]
    assert_same_everywhere(texts, order(paths))


@settings(max_examples=100, deadline=None)
@given(st.lists(pattern_texts, min_size=1, max_size=6), st.lists(paths | st.sampled_from(ODD_PATHS), max_size=10))
def test_randomised_with_odd_paths(texts: list[str], file_paths: list[str]) -> None:
    assert_same_everywhere(_valid(texts) or ["*"], file_paths)


def test_many_stars_on_a_long_name_do_not_backtrack() -> None:
    # Python's re would take polynomial time of high degree here; re2 or globmatch do not.
    engine = Engine([(0, parse_pattern("*a*a*a*a*a*a*a*a*a*a*a*a*b")), (1, parse_pattern("/x/*a*a*a*a*a*a*a*a*c"))])
    assert engine.best(FileTree(["a" * 3000, "x/" + "a" * 3000, "x/" + "a" * 30 + "c"])) == [-1, -1, 1]


@settings(max_examples=150, deadline=None)
@given(st.lists(pattern_texts, min_size=1, max_size=8), st.lists(paths | st.sampled_from(ODD_PATHS), max_size=20))
def test_rows_matched_by_each_rule(texts: list[str], file_paths: list[str]) -> None:
    valid = _valid(texts) or ["*"]
    mapping = mapping_from_codeowners("".join(f"{text} @o\n" for text in valid), "CODEOWNERS")
    table = OwnershipTable.build(mapping, file_paths)
    for rule in mapping.rules:
        assert rule.pattern is not None
        expected = [row for row, path in enumerate(file_paths) if rule.pattern.matches(path)]
        assert table.rows_matched_by(rule.index) == expected, rule.text
        assert table.files_matched_by(rule.index) == [file_paths[row] for row in expected]


@settings(max_examples=150, deadline=None)
@given(st.lists(pattern_texts, min_size=1, max_size=8), st.lists(paths | st.sampled_from(ODD_PATHS), max_size=20))
def test_winners_tally_of_each_rule(texts: list[str], file_paths: list[str]) -> None:
    valid = _valid(texts) or ["*"]
    mapping = mapping_from_codeowners("".join(f"{text} @o\n" for text in valid), "CODEOWNERS")
    table = OwnershipTable.build(mapping, file_paths)
    for rule in mapping.rules:
        assert rule.pattern is not None
        expected = Counter(table.winners[row] for row, path in enumerate(file_paths) if rule.pattern.matches(path))
        assert table.winners_tally(rule.index) == dict(expected), rule.text


# ---------------------------------------------------------------------------
# Mid-path wildcards (automaton.py): deep random trees where one name recurs along a
# path, so that a '**' is entered again beneath itself and frames overlap.
# ---------------------------------------------------------------------------
DEEP_NAMES = ["a", "b", "c", "a.md", "b.tf"]
mid_path_texts = st.builds(
    lambda lead, segs, trail: ("/" if lead else "") + "/".join(segs) + ("/" if trail else ""),
    st.booleans(),
    st.lists(st.sampled_from(["a", "b", "c", "**", "*", "*.md", "?", "a*"]), min_size=2, max_size=6).filter(
        lambda segs: "**" in segs[1:-1] or "*" in segs[:-1]
    ),
    st.booleans(),
)
deep_paths = st.builds("/".join, st.lists(st.sampled_from(DEEP_NAMES), min_size=1, max_size=8))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mid_path_texts, min_size=1, max_size=10), st.lists(deep_paths, min_size=1, max_size=40))
def test_mid_path_rules_over_deep_random_trees(texts: list[str], file_paths: list[str]) -> None:
    valid = _valid(texts)
    assume(valid)
    files = sorted(set(file_paths))
    assert_same_everywhere(valid, files)
    mapping = mapping_from_codeowners("".join(f"{text} @o\n" for text in valid), "CODEOWNERS")
    table = OwnershipTable.build(mapping, files)
    for rule in mapping.rules:  # each rule's rows and tally, against a naive count
        assert rule.pattern is not None
        rows = [row for row, path in enumerate(files) if rule.pattern.matches(path)]
        assert table.rows_matched_by(rule.index) == rows, rule.text
        assert table.winners_tally(rule.index) == dict(Counter(table.winners[row] for row in rows)), rule.text


def test_a_name_repeated_along_the_path_counts_each_file_once() -> None:
    # `templates` twice on one path enters the same '**' twice: one match per file still.
    texts = ["**/t/**/*.py", "/a/**/t/**/x.py", "**/t/**/t/", "/a/*/t/**/*.py"]
    paths = ["a/t/x.py", "a/t/t/x.py", "a/t/b/t/c/x.py", "a/b/t/t/y.py", "t/t/t/t/z.py", "a/x.py"]
    assert_same_everywhere(texts, paths)


@settings(max_examples=150, deadline=None)
@given(st.lists(deep_paths, min_size=1, max_size=30), st.randoms(use_true_random=False), st.data())
def test_runs_beneath_directories_and_their_cover(file_paths: list[str], shuffle: Random, data: st.DataObject) -> None:
    # In git's order every directory's files are one run of numbers; in another order
    # only some are, and the cover falls back to the paths: the same answers either way.
    ordered = sorted(set(file_paths))
    shuffled = list(ordered)
    shuffle.shuffle(shuffled)
    for files in (ordered, shuffled, shuffled + ["/odd", ordered[0]]):
        tree = FileTree(files)
        for directory, (low, high) in tree.spans.items():
            assert sorted(range(low, high)) == sorted(
                n for n, path in enumerate(files) if is_plain(path) and path.startswith(directory + "/")
            )
        if files is ordered:
            assert set(tree.spans) == set(tree.dirs)
        chosen = data.draw(st.lists(st.sampled_from(tree.dirs))) if tree.dirs else []
        cover = Cover(chosen, tree)
        assert sorted(cover.minimal) == sorted(
            {d for d in chosen if not any(d.startswith(other + "/") for other in chosen)}
        )
        numbers = [n for n, path in enumerate(files) if is_plain(path)]
        assert cover.uncovered(numbers, tree) == [
            n for n in numbers if not any(files[n].startswith(d + "/") for d in chosen)
        ]


@settings(max_examples=150, deadline=None)
@given(st.lists(deep_paths | st.sampled_from(ODD_PATHS), min_size=1, max_size=30), st.randoms(use_true_random=False),
       st.data())
def test_files_by_run_and_by_name(file_paths: list[str], shuffle: Random, data: st.DataObject) -> None:
    # The listing as runs and the names as numbers answer what the paths themselves
    # say, in git's order or not, odd paths among them.
    ordered = sorted(set(file_paths))
    shuffled = list(ordered)
    shuffle.shuffle(shuffled)
    for files in (ordered, shuffled):
        tree = FileTree(files)
        numbered: dict[Optional[str], int] = {d: n for n, d in enumerate([None, "", *tree.dirs])}
        assert tree.by_run(numbered) == [
            numbered[None] if not is_plain(p) else numbered[p[:max(p.rfind("/"), 0)]] for p in files
        ]
        names = ["" if not is_plain(p) else p[p.rfind("/") + 1:] for p in files]
        values = {name: len(name) * 10 + 1 for name in names if name}
        assert list(map(tree.by_name(values, -1).__getitem__, tree.name_numbers)) == [
            values.get(name, -1) for name in names
        ]
        assert tree.name_counts == dict(Counter(name for name in names if name))
        asked = data.draw(st.sets(st.sampled_from([*names, "absent"])))
        found = tree.numbers_named(asked)
        for name in asked - {""}:
            assert found[name] == [n for n, other in enumerate(names) if other == name]
        assert tree.files_by_name == {
            name: [n for n, other in enumerate(names) if other == name] for name in names if name
        }
        if tree.dirs and not tree.odd and files is ordered:
            chosen = data.draw(st.lists(st.sampled_from(tree.dirs), min_size=1))
            assert Cover(chosen, tree).count_named(asked) == sum(
                1 for n, path in enumerate(files)
                if names[n] in asked and any(path.startswith(d + "/") for d in chosen)
            )


def test_deep_trees_need_no_recursion() -> None:
    deep = "/".join(["d"] * 3000)
    mapping = mapping_from_codeowners("* @a\nd/ @b\n/d/d/ @c\n", "CODEOWNERS")
    table = OwnershipTable.build(mapping, [deep + "/f", "d/x", "top"])
    assert table.winners == [(2,), (1,), (0,)]
    assert table.match_counts() == [3, 2, 1]
    assert table.winners_tally(1) == {(2,): 1, (1,): 1}


@pytest.mark.parametrize(
    "argv, command",
    [
        (["check", "a"], "check"),
        (["-C", "check", "ls"], "ls"),
        (["--config", "explain", "check"], "check"),
        (["-Cdir", "--debug", "explain", "x"], "explain"),
        (["--config=ls", "teams"], "teams"),
        (["--version"], None),
        (["nonsense", "check"], None),
        (["--", "check"], None),
    ],
)
def test_the_command_line_names_its_command(argv: list[str], command: Optional[str]) -> None:
    # Only that command's options are built at start-up; anything else builds them all.
    from ownlint.cli import _command_of

    assert _command_of(argv) == command
