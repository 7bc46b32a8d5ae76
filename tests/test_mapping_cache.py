"""A CODEOWNERS mapping is kept in the result cache as sealed data (issue 17): a warm run
builds its rules from the entry instead of reading the text, and an entry this user's
ownlint did not seal (a planted or edited one, one sealed with another key) is not
believed: the text is read again and the answer is the same."""
from __future__ import annotations

import ast
import marshal
import os
from pathlib import Path
from typing import Any, Callable

import pytest

from ownlint.formats import cache
from ownlint.model import mapping as mapping_module
from ownlint.model.mapping import Mapping, codeowners_from_data, codeowners_to_data, mapping_from_codeowners
from tests.cache_entries import payload_of, sealed, users_key
from tests.conftest import Result

Run = Callable[..., Result]

CODEOWNERS = """\
# owners
* @org/sre
/docs/ @org/docs writer@example.com # ownlint: ignore[OWN301]
*.md @org/docs
*.md @org/docs
/src/**/*.py @org/dev
bad\\ name/ org/missing-at
[ ] @org/x
"""
FILES = {"CODEOWNERS": CODEOWNERS, "docs/a.md": "", "src/app/main.py": "", "README.md": ""}


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache and a key of this test's own: what another test kept is not found here."""
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts mapping_from_codeowners reads (each call, the whole file)."""
    calls: list[str] = []
    real = mapping_module.parse_codeowners

    def counted(text: str) -> Any:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(mapping_module, "parse_codeowners", counted)
    return calls


def _entries(kind: str) -> list[Path]:
    directory = cache.cache_dir()
    assert directory is not None
    return sorted(path for path in (directory / kind).rglob("*") if path.is_file())


def test_a_warm_run_builds_the_mapping_from_the_cache(make_repo: Callable[..., Path], ownlint: Run,
                                                        parses: list[str]) -> None:
    root = make_repo(FILES)
    cold = ownlint(root, "check", "--format", "json")
    assert len(parses) == 1 and _entries("codeowners")
    warm = ownlint(root, "check", "--format", "json")
    assert len(parses) == 1  # not read again
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)
    text = ownlint(root, "check")
    assert len(parses) == 1 and text.code == cold.code


def _replant(entry: Path, change: Callable[[Any], Any], secret: bytes) -> None:
    """The entry's value changed and sealed with `secret` as ownlint seals an entry."""
    value = change(marshal.loads(payload_of(entry)))
    entry.write_bytes(sealed(entry, marshal.dumps(value), secret))


def _renamed_owner(value: Any) -> Any:
    text = repr(value).replace("@org/docs", "@org/evil")
    assert text != repr(value)
    return ast.literal_eval(text)


@pytest.mark.parametrize("secret", [b"\0" * 32, b"another user's key, 32 bytes...."])
def test_an_entry_sealed_with_another_key_is_not_believed(make_repo: Callable[..., Path], ownlint: Run,
                                                            parses: list[str], secret: bytes) -> None:
    root = make_repo(FILES)
    cold = ownlint(root, "check", "--format", "json")
    for entry in _entries("codeowners"):
        _replant(entry, _renamed_owner, secret)
    warm = ownlint(root, "check", "--format", "json")
    assert len(parses) == 2  # read again
    assert "@org/evil" not in warm.out
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)


def test_the_seal_covers_the_entry_s_name(make_repo: Callable[..., Path], ownlint: Run, parses: list[str]) -> None:
    """An entry sealed by this very key for another mapping, moved under this one's name."""
    other = make_repo({**FILES, "CODEOWNERS": "* @org/evil\n"}, name="other")
    ownlint(other, "check")
    planted = _entries("codeowners")
    root = make_repo(FILES)
    cold = ownlint(root, "check", "--format", "json")
    mine = [entry for entry in _entries("codeowners") if entry not in planted]
    assert len(planted) == len(mine) == 1
    mine[0].write_bytes(planted[0].read_bytes())
    warm = ownlint(root, "check", "--format", "json")
    assert len(parses) == 3
    assert (warm.code, warm.out) == (cold.code, cold.out)


def test_a_key_others_can_read_seals_nothing(make_repo: Callable[..., Path], ownlint: Run, parses: list[str]) -> None:
    root = make_repo(FILES)
    ownlint(root, "check")
    key = cache.key_file()
    assert key.stat().st_mode & 0o777 == 0o600
    os.chmod(key, 0o644)
    cache._seal_key.cache_clear()
    ownlint(root, "check")
    ownlint(root, "check")
    assert len(parses) == 3


GITLAB = """\
* @org/all
[Docs] @org/docs
/docs/
!/docs/private/
*.md @org/writers
^[Infra][2] @org/infra
/infra/ # ownlint: ignore[OWN203]
[Empty] @org/nobody
"""
TEXTS = [
    CODEOWNERS,
    GITLAB,
    "\\#escaped @org/a\n/a\\ b/ @org/b\n**/x/**/y/*.tf @org/c\n/ @org/d\n!no @org/e\n//x @org/f\n",
    "[Section] @org/s\n/x/ @org/x\n",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("file, configured", [("CODEOWNERS", None), (".gitlab/CODEOWNERS", None), ("CODEOWNERS", "gitlab")])
def test_the_data_builds_the_same_mapping(text: str, file: str, configured: Any) -> None:
    read = mapping_from_codeowners(text, file, configured)
    data = marshal.loads(marshal.dumps(codeowners_to_data(read)))  # as the cache keeps it
    built = codeowners_from_data(data, text, file, configured)
    assert _described(built) == _described(read)


def _described(mapping: Mapping) -> Any:
    def section(value: Any) -> Any:
        return None if value is None else (value.name, value.line, value.optional, value.approvals,
                                           [(t.text, t.column) for t in value.default_owners])

    position = {id(value): number for number, value in enumerate(mapping.sections)}
    return (
        mapping.file, mapping.kind, mapping.text, mapping.flavor, mapping.configured, repr(mapping.why_flavor),
        [section(value) for value in mapping.sections], [section(value) for value in mapping.foreign_sections],
        [(rule.index, rule.text, rule.owners, rule.line, rule.column, rule.note, position.get(id(rule.section), -1),
          section(rule.section), rule.ignores, rule.pattern, repr(rule.pattern_error),
          None if rule.pattern_error is None else (rule.pattern_error.column, rule.pattern_error.kind),
          rule.exclusion, rule.ignore_line, rule.ignore_column, rule.skipped)
         for rule in mapping.rules],
    )


def test_no_cache_makes_no_key(make_repo: Callable[..., Path], ownlint: Run, parses: list[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_NO_CACHE", "1")
    root = make_repo(FILES)
    ownlint(root, "check")
    ownlint(root, "check")
    assert len(parses) == 2
    assert not cache.key_file().exists()


def test_no_key_inside_the_repository(make_repo: Callable[..., Path], ownlint: Run, parses: list[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A state directory inside the work tree would make the key one of its untracked
    files: no key is made there, nothing is sealed, and the findings are a clean run's."""
    root = make_repo(FILES)
    monkeypatch.setenv("XDG_STATE_HOME", str(root / "state"))
    first = ownlint(root, "check", "--format", "json")
    second = ownlint(root, "check", "--format", "json")
    assert not (root / "state").exists()
    assert len(parses) == 2 and not _entries("codeowners")
    assert (second.code, second.out) == (first.code, first.out)


# --- the entry's compact layout: segments as strs, each owner's name once ------------------

PATTERNS = [
    "*", "/docs/", "docs/*", "/src/**/*.py", "**/x/**/y/*.tf", "a/**", "**", "/a\\ b/", "\\#x", "*.md", "?x?/",
    "/a***b/c", "/deep/a/b/c/d/", "a\\*b/*", "**/name", "/x/**/", "a?/b*c/",
]


@pytest.mark.parametrize("text", PATTERNS)
def test_a_segment_is_a_str_exactly_when_its_characters_are_its_tokens(text: str) -> None:
    """Each segment has one form (a str of one-character tokens, else a tuple), so a
    parsed and a cached pattern compare equal; both forms read the same everywhere."""
    from ownlint.matching.patterns import Pattern, parse_pattern
    from ownlint.matching.shapes import literal_names, shape_of

    pattern = parse_pattern(text, escaped_hash=True)
    for segment in pattern.segments:
        tokens = list(segment)
        assert isinstance(segment, str) == all(len(token) == 1 for token in tokens)
        assert "**" not in tokens or not isinstance(segment, str)
    as_tuples = Pattern(pattern.text, pattern.anchored, pattern.directory_only, pattern.children_only,
                        tuple(map(tuple, pattern.segments)))
    assert (as_tuples.regex, as_tuples.glob) == (pattern.regex, pattern.glob)
    shape, tuple_shape = shape_of(0, pattern), shape_of(0, as_tuples)
    assert (shape and shape.key) == (tuple_shape and tuple_shape.key)
    assert literal_names(as_tuples) == literal_names(pattern)
    for path in ("docs/a.md", "src/app/x.py", "x/q/y/main.tf", "a b/c", "#x", "axb/c", "a/b", "name", "xyx/z"):
        assert as_tuples.matches_by_glob(path) == pattern.matches_by_glob(path) == pattern.matches_by_regex(path)


def test_the_entry_keeps_segments_as_strs_and_each_name_once() -> None:
    text = "".join(f"/team{n % 7}/part{n}/ @org/team-{n % 3} @org/all\n" for n in range(200)) + "**/x/*.py @org/all\n"
    read = mapping_from_codeowners(text, "CODEOWNERS")
    data = marshal.loads(marshal.dumps(codeowners_to_data(read)))  # as the cache keeps it
    assert all(all(isinstance(segment, str) for segment in rule[-1][3]) for rule in data["rules"][:-1])
    assert data["rules"][-1][-1][3] == (("**",), "x", "*.py")
    names = {id(owner[0]) for rule in data["rules"] for owner in rule[3]}
    assert len(names) == 4  # marshal wrote each name once, then referred to it
    assert _described(codeowners_from_data(data, text, "CODEOWNERS", None)) == _described(read)


@pytest.mark.parametrize("segments", [["docs"], None, b"docs"])
def test_segments_of_another_shape_are_read_again(make_repo: Callable[..., Path], ownlint: Run, parses: list[str],
                                                   segments: Any) -> None:
    """An entry (sealed by this user's key) whose segments are not a tuple is not this
    ownlint's: the text is read again, and the answer is the text's."""
    root = make_repo(FILES)
    cold = ownlint(root, "check", "--format", "json")
    def changed(value: Any) -> Any:
        value["rules"] = [(*rule[:-1], (*rule[-1][:3], segments) if len(rule[-1]) == 4 else rule[-1])
                          for rule in value["rules"]]
        return value

    for entry in _entries("codeowners"):
        _replant(entry, changed, users_key())
    warm = ownlint(root, "check", "--format", "json")
    assert len(parses) == 2  # read again
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)
