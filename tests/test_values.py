"""Value, Frozen and Sorted: what a class that states its fields once compares, hashes and shows;
NamedInt and NamedStr: ownlint's enums answer as the enum module's did."""
from __future__ import annotations

import copy
import enum
import pickle
from typing import Any, Optional

import pytest

from ownlint.checks.baseline import Key
from ownlint.errors import PatternProblem
from ownlint.findings import Finding, Fix, Severity
from ownlint.formats.codeowners import Token
from ownlint.matching.shapes import Kind, Mode
from ownlint.model.mapping import Owner
from ownlint.values import Frozen, NamedInt, NamedStr, Sorted, Value, member


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


# The classes as they were, with the enum module: what ownlint's own must answer alike.
_AS_ENUMS: list[tuple[Any, Any]] = [
    (Severity, enum.IntEnum("Severity", [("INFO", 0), ("WARNING", 1), ("ERROR", 2)])),
    (Mode, enum.IntFlag("Mode", [("SELF", 1), ("DIR", 2), ("BOTH", 3)])),
    (Kind, enum.Enum("Kind", [("ALL", "all"), ("NAME", "name"), ("NAME_GLOB", "name-glob"), ("PATH", "path"),
                              ("PATH_GLOB", "path-glob"), ("GENERAL", "general")])),
    (PatternProblem, enum.Enum("PatternProblem", [(m.name, m.value) for m in PatternProblem])),
]


@pytest.mark.parametrize(("ours", "theirs"), _AS_ENUMS, ids=lambda c: c.__name__)
def test_named_classes_answer_as_their_enums_did(ours: Any, theirs: Any) -> None:
    members = list(theirs.__members__.values())  # (a 3.11 IntFlag's iteration leaves BOTH out)
    assert [(m.name, m.value) for m in ours] == [(m.name, m.value) for m in members] and len(ours) == len(members)
    for mine, its in zip(ours, members):
        assert ours[mine.name] is mine and ours(mine.value) is mine and getattr(ours, mine.name) is mine
        assert mine in ours and type(mine.value) is type(its.value) and mine.value == its.value
        assert repr(mine) == f"<{ours.__name__}.{its.name}: {its.value!r}>"
        # Made once: a copy, a deep copy and a pickled one are the member itself.
        assert copy.copy(mine) is mine and copy.deepcopy(mine) is mine and pickle.loads(pickle.dumps(mine)) is mine
    with pytest.raises(KeyError):
        ours["NOT_A_MEMBER"]
    with pytest.raises(ValueError, match=f"is not a valid {ours.__name__}"):
        ours(99)
    assert "NAME" not in ours and 1 not in ours and None not in ours


def test_a_named_int_is_its_int_as_an_int_enum_member_is() -> None:
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == [Severity.INFO, Severity.WARNING, Severity.ERROR]
    assert Severity.ERROR > Severity.WARNING > Severity.INFO == 0 and not Severity.INFO
    assert max(Severity) is Severity.ERROR and hash(Severity.ERROR) == hash(2) and {2: "x"}[Severity.ERROR] == "x"
    assert (str(Severity.WARNING), f"{Severity.WARNING}", f"{Severity.WARNING:>3}") == ("1", "1", "  1")
    assert [m.label for m in Severity] == ["info", "warning", "error"] and Severity.parse("Warning") is Severity.WARNING
    # An IntFlag's `in`: the bits of one mode among another's.
    assert [(a.name, b.name) for a in Mode for b in Mode if a in b] == [
        ("SELF", "SELF"), ("SELF", "BOTH"), ("DIR", "DIR"), ("DIR", "BOTH"), ("BOTH", "BOTH")]


def test_members_are_made_from_member_values_only() -> None:
    class Colour(NamedStr):
        RED: Any = member("red")
        DARK_RED: Any = member("red")  # an alias: Colour("red") is the first
        shade = "plain"

        def loud(self) -> str:
            return self.upper()

    class Size(NamedInt):
        SMALL: Any = member(1)

    assert list(Colour) == [Colour.RED, Colour.DARK_RED] and Colour("red") is Colour.RED
    assert Colour.RED == "red" and Colour.RED.loud() == "RED" and Colour.shade == "plain" and "shade" not in Colour.__dict__["_members"]
    assert Size.SMALL.value == 1 and Size(1) is Size.SMALL and Size.SMALL not in Colour and list(NamedInt) == []
