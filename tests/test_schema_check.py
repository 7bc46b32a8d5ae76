"""The quick schema check says valid exactly when jsonschema does, on real documents and
on thousands of broken variants of them (the messages still come from jsonschema)."""
from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ownlint.formats.schema import load_schema, validate
from ownlint.formats.schema_check import _Compiler, is_valid, quick_check
from ownlint.formats.yamlio import parse_yaml, to_plain

TOP = Path(__file__).resolve().parent.parent
EXAMPLE = TOP / "examples" / "wikimedia-sre"
DOCUMENTS = {
    "ownership": [EXAMPLE / "ownership.yaml", TOP / "tests/data/fix/ownership.yaml"],
    "teams": [EXAMPLE / "teams.yaml", TOP / "tests/data/fix/teams.yaml"],
    "config": [EXAMPLE / ".ownlint.yaml"],
    "pack": [TOP / "rules/iac-domains.yaml"],
}
# Values a broken document may hold where another was expected.
ODD_VALUES: list[Any] = [
    None, True, False, 0, 1, 1.0, 2, -1, 1.5, "", "x", "a\nb", "tab\there", "\u2028", "technical-operations",
    "@org/team", "renamed", "retired", "active", "2018-02-12", [], ["x"], [""], [1], {}, {"x": 1}, {"name": "n"},
]


def _plain(path: Path) -> Any:
    document, findings = parse_yaml(path.read_text(encoding="utf-8"), path.name)
    assert document is not None and not findings
    return to_plain(document.data)


def _places(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of the document."""
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_places(value, (*at, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_places(value, (*at, index)))
    return found


def _mutated(data: Any, randomly: random.Random) -> Any:
    """The document with one to three nodes replaced, removed, or given an unknown key."""
    data = copy.deepcopy(data)
    for _ in range(randomly.randint(1, 3)):
        places = [place for place in _places(data) if place]
        if not places:
            break
        place = randomly.choice(places)
        parent = data
        for step in place[:-1]:
            parent = parent[step]
        action = randomly.random()
        if action < 0.6:
            parent[place[-1]] = copy.deepcopy(randomly.choice(ODD_VALUES))
        elif action < 0.8:
            del parent[place[-1]]
        elif isinstance(parent, dict):
            parent[randomly.choice(["bogus", "name", "status", "until", "owners", "path"])] = randomly.choice(ODD_VALUES)
        else:
            parent.append(copy.deepcopy(randomly.choice(ODD_VALUES)))
    return data


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_schema_of_ownlint_compiles(name: str) -> None:
    assert quick_check(name) is not None  # no keyword left to jsonschema: the fast answer is always there


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_quick_check_agrees_with_jsonschema(name: str) -> None:
    reference = jsonschema.Draft202012Validator(load_schema(name))
    randomly = random.Random(f"schema-check-{name}")
    verdicts = {True: 0, False: 0}
    for path in DOCUMENTS[name]:
        original = _plain(path)
        assert is_valid(original, name) is True
        for _ in range(400):
            variant = _mutated(original, randomly)
            expected = reference.is_valid(variant)
            assert is_valid(variant, name) is expected, variant
            verdicts[expected] += 1
    assert verdicts[True] > 20 and verdicts[False] > 200  # both answers were really exercised


def test_a_keyword_it_does_not_know_leaves_the_answer_to_jsonschema() -> None:
    from ownlint.formats.schema_check import Unsupported

    with pytest.raises(Unsupported):
        _Compiler({}).compile({"type": "object", "patternProperties": {"^x": {"type": "string"}}})
    with pytest.raises(Unsupported):
        _Compiler({}).compile({"type": "string", "format": "date"})


def test_an_invalid_document_is_still_worded_by_jsonschema() -> None:
    text = "version: 1\nrules:\n  - path: /a/\n    owners: [sre, '']\n"
    document, _ = parse_yaml(text, "ownership.yaml")
    assert document is not None
    findings = validate(document, "ownership")
    assert [(f.line, f.column, f.code, f.message) for f in findings] == [
        (4, 19, "OWN002", "rules/0/owners/1: must not be empty")
    ]
