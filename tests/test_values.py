"""Value, Frozen and Sorted: what a class that states its fields once compares, hashes and shows."""
from __future__ import annotations

from typing import Optional

import pytest

from ownlint.checks.baseline import Key
from ownlint.findings import Finding, Fix, Severity
from ownlint.formats.codeowners import Token
from ownlint.model.mapping import Owner
from ownlint.values import Frozen, Sorted, Value


def test_a_finding_compares_and_hashes_every_field_but_its_fix() -> None:
    plain = Finding("CODEOWNERS", 3, 1, "OWN302", "retired", Severity.ERROR, "src/a.py")
    fixed = Finding("CODEOWNERS", 3, 1, "OWN302", "retired", Severity.ERROR, "src/a.py", Fix("replace", True))
    assert plain == fixed and hash(plain) == hash(fixed) and len({plain, fixed}) == 1
    # The hash is the one the written-out methods gave (a set's order depends on it).
    assert hash(plain) == hash(("CODEOWNERS", 3, 1, "OWN302", "retired", Severity.ERROR, "src/a.py"))
    for field, other in (("line", 4), ("column", 2), ("code", "OWN301"), ("message", "x"), ("path", None)):
        changed = Finding(**{**plain.__dict__, field: other})
        assert changed != plain and not changed == plain
    assert plain != ("CODEOWNERS", 3, 1, "OWN302", "retired", Severity.ERROR, "src/a.py")


def test_repr_shows_every_field_in_order() -> None:
    assert repr(Owner("@org/a", 2, 7)) == "Owner(name='@org/a', line=2, column=7)"
    assert repr(Fix("drop", False)) == "Fix(description='drop', safe=False, edits=(), mends='owner', suggestions=())"


def test_sorted_values_order_by_their_compared_fields_in_turn() -> None:
    keys = [Key("OWN302", "b", "s", "t"), Key("OWN302", "a", "s", "u"), Key("OWN301", "z", "s", "t")]
    assert sorted(keys) == [keys[2], keys[1], keys[0]]
    assert Key("a", "b", "c", "d") <= Key("a", "b", "c", "d") < Key("a", "b", "c", "e")
    assert Key("a", "b", "c", "e") >= Key("a", "b", "c", "d") > Key("a", "b", "c", "c")
    # A Fix orders by description, safe and edits, never by what it mends.
    assert not Fix("a", True, mends="rule") < Fix("a", True, mends="owner")
    with pytest.raises(TypeError):
        Key("a", "b", "c", "d") < ("a", "b", "c", "d")  # noqa: B015


def test_a_frozen_value_refuses_changes_and_a_value_has_no_hash() -> None:
    owner = Owner("@org/a", 2, 7)
    with pytest.raises(AttributeError, match="frozen"):
        owner.line = 3
    with pytest.raises(AttributeError, match="frozen"):
        del owner.name
    token = Token("@org/a", 4)
    assert token == Token("@org/a", 4) and token != Token("@org/a", 5)
    with pytest.raises(TypeError, match="unhashable"):
        hash(token)


class _Point(Sorted, not_compared=("label",), not_shown=("label",)):
    x: int
    y: int
    label: Optional[str]

    def __init__(self, x: int, y: int, label: Optional[str] = None) -> None:
        self.__dict__.update(x=x, y=y, label=label)


class _Point3(_Point):
    z: int

    def __init__(self, x: int, y: int, z: int) -> None:
        super().__init__(x, y)
        self.__dict__["z"] = z


def test_a_subclass_adds_its_fields_even_after_its_base_was_compared() -> None:
    assert _Point(1, 2, "a") == _Point(1, 2, "b") and repr(_Point(1, 2, "a")) == "_Point(x=1, y=2)"
    assert _Point3(1, 2, 3) != _Point3(1, 2, 4) and _Point3(1, 2, 3) < _Point3(1, 2, 4)
    assert repr(_Point3(1, 2, 3)) == "_Point3(x=1, y=2, z=3)"


def test_naming_a_field_a_class_does_not_have_fails_when_it_is_made() -> None:
    with pytest.raises(TypeError, match="colour"):

        class _Bad(Frozen, not_compared=("colour",)):
            size: int

    with pytest.raises(TypeError, match="colour"):

        class _Worse(Value, not_shown=("colour",)):
            size: int


def test_comparisons_are_written_without_the_compile_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    """compile()'s first call in a process sets up the ast module's types (1.5 ms of a
    run that hashes one finding): a comparison is written by exec of its text, and its
    code still names where it came from."""
    import builtins

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("compile() called")

    class Spot(Sorted):
        name: str
        line: int

        def __init__(self, name: str, line: int) -> None:
            self.__dict__.update(name=name, line=line)

    monkeypatch.setattr(builtins, "compile", refused)
    assert Spot("a", 1) < Spot("a", 2) and Spot("a", 1) == Spot("a", 1) and len({Spot("b", 3), Spot("b", 3)}) == 1
    assert Spot.__hash__.__code__.co_filename == "<test_comparisons_are_written_without_the_compile_builtin.<locals>.Spot.__hash__>"
