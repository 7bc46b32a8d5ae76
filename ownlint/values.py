"""Value, Frozen and Sorted: the bases of ownlint's value classes, which state their fields
once; NamedInt and NamedStr: its enums, without the enum module."""
from __future__ import annotations

TYPE_CHECKING = False  # typing is imported for mypy only: it costs a hook's run 4 ms
if TYPE_CHECKING:
    from typing import Any, Callable, ClassVar, Iterator, TypeVar

    _T = TypeVar("_T")


class Value:
    """A class whose annotated attributes are its fields, in order, as a dataclass's:
    __repr__ shows them and __eq__ compares them, so a class states them once (in its
    annotations and its __init__, which stays written out for the type checker).

    ownlint writes its value classes out rather than use @dataclass: making a dataclass
    costs about half a millisecond of start-up (it compiles its methods' source at
    import), and a hook's run imported some thirty (tests/test_startup.py keeps
    dataclasses out). Here each of a class's comparisons is written when it is first used
    (_write_comparison): most classes are never compared in a run, and those that are
    (a Finding in a set of findings, a baseline's sorted keys) compare as fast as
    written-out methods.

    Class keywords: `not_compared` (fields equality, the hash and order leave out, as
    dataclasses' `field(compare=False)`), `not_shown` (fields __repr__ leaves out).
    A Value can change, so it has no hash; a Frozen one has."""

    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    _shown: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()
    # The comparison methods each kind of value has, each written on its first use.
    _comparisons: ClassVar[tuple[str, ...]] = ("__eq__",)

    def __init_subclass__(
        cls,
        *,
        not_compared: tuple[str, ...] = (),
        not_shown: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__ == __name__:  # Frozen and Sorted: bases, not values
            return
        # Under `from __future__ import annotations` the annotations are strings: read,
        # never evaluated (evaluating them would import what only the type checker needs).
        own = cls.__dict__.get("__annotations__", {})
        fields = cls._fields + tuple(
            name for name, note in own.items() if not (isinstance(note, str) and note.startswith("ClassVar"))
        )
        unknown = [name for name in (*not_compared, *not_shown) if name not in fields]
        if unknown:
            raise TypeError(f"{cls.__name__}: {', '.join(unknown)} not among its fields {fields}")
        # What a base leaves out (read here, before they are set: the base's), this leaves out too.
        hidden = {name for name in cls._fields if name not in cls._shown}.union(not_shown)
        uncompared = {name for name in cls._fields if name not in cls._compared}.union(not_compared)
        cls._fields = fields
        cls._shown = tuple(name for name in fields if name not in hidden)
        cls._compared = tuple(name for name in fields if name not in uncompared)
        # A subclass of a value class whose comparisons were written compares its own
        # fields: it starts again from the bases' first-use methods.
        for method in cls._comparisons:
            if method not in cls.__dict__:
                setattr(cls, method, _FIRST_USE[method])

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        return _write_comparison(type(self), "__eq__")(self, other)  # type: ignore[no-any-return]


class Frozen(Value):
    """Assigning or deleting an attribute of a made value raises, as for a frozen
    dataclass: its hash and its place in sets and sorted lists hold. Its __init__ fills
    __dict__ directly (`self.__dict__.update(...)`)."""

    __slots__ = ()
    _comparisons: ClassVar[tuple[str, ...]] = ("__eq__", "__hash__")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a {type(self).__name__} is frozen")

    def __hash__(self) -> int:
        return _write_comparison(type(self), "__hash__")(self)  # type: ignore[no-any-return]


class Sorted(Frozen):
    """A Frozen value ordered by its compared fields in turn, as a dataclass with
    order=True."""

    __slots__ = ()
    _comparisons: ClassVar[tuple[str, ...]] = ("__eq__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__")

    def __lt__(self, other: object) -> bool:
        return _write_comparison(type(self), "__lt__")(self, other)  # type: ignore[no-any-return]

    def __le__(self, other: object) -> bool:
        return _write_comparison(type(self), "__le__")(self, other)  # type: ignore[no-any-return]

    def __gt__(self, other: object) -> bool:
        return _write_comparison(type(self), "__gt__")(self, other)  # type: ignore[no-any-return]

    def __ge__(self, other: object) -> bool:
        return _write_comparison(type(self), "__ge__")(self, other)  # type: ignore[no-any-return]


_FIRST_USE: dict[str, Callable[..., Any]] = {
    "__eq__": Value.__eq__,
    "__hash__": Frozen.__hash__,
    "__lt__": Sorted.__lt__,
    "__le__": Sorted.__le__,
    "__gt__": Sorted.__gt__,
    "__ge__": Sorted.__ge__,
}
_OPERATORS = {"__eq__": "==", "__lt__": "<", "__le__": "<=", "__gt__": ">", "__ge__": ">="}


def _write_comparison(cls: type[Value], method: str) -> Callable[..., Any]:
    """Write `cls`'s comparison `method` as a hand-written class has it (the tuple of its
    compared fields spelled out, `isinstance(other, cls)`) and put it on the class.
    Python specialises each `self.name` where it is read: a generic method (a loop over
    the names, operator.attrgetter) pays a full look-up for each, and an extra call:
    30-45 % slower for a small value, and a baseline sorts its keys with a million `<`.
    Compiling costs 40-100 microseconds, so a method is written when first called: a
    run pays for the few it uses (a hook's run: none or a Finding's hash). The names are
    a class's own annotations, never input."""
    mine = "(" + "".join(f"self.{name}, " for name in cls._compared) + ")"
    if method == "__hash__":
        source = f"def __hash__(self):\n    return hash({mine})\n"
    else:
        theirs = "(" + "".join(f"other.{name}, " for name in cls._compared) + ")"
        source = (
            f"def {method}(self, other):\n    if not isinstance(other, cls):\n        return NotImplemented\n"
            f"    return {mine} {_OPERATORS[method]} {theirs}\n"
        )
    namespace: dict[str, Any] = {"cls": cls}
    # exec of the text, not of compile()'s code: the builtin compile() sets up the ast
    # module's hundred types on its first call in a process (1.5 ms), to ask whether
    # its source is a tree. The function is then named where it came from, for tracebacks.
    exec(source, namespace)
    function = namespace[method]
    function.__code__ = function.__code__.replace(co_filename=f"<{cls.__qualname__}.{method}>")
    setattr(cls, method, function)
    return function  # type: ignore[no-any-return]


# Named ints and strings: ownlint's enums, without the enum module. Importing enum costs
# a hook's run 17 million instructions (callgrind: 9 % of it), and each Enum class it
# makes is slow to build; ownlint's four (Severity, Mode, Kind, PatternProblem) need
# only members made once, each with its name and value, and look-ups on the class.
class _Member:
    """What member() returns: the value a named class turns into its member."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def member(value: object) -> Any:
    """A member of a NamedInt or NamedStr class, with this value:

        class Severity(NamedInt):
            ERROR: ClassVar[Severity] = member(2)

    (typed Any, so that the annotation says what the class attribute is)."""
    return _Member(value)


class _Named(type):
    """The class of NamedInt and NamedStr classes: it makes the members, and the class
    answers as an Enum class does: iteration in order, `Cls[name]`, `x in Cls`, and
    `Cls(value)`, which returns the member (ValueError when none has that value)."""

    _members: dict[str, Any]
    _by_value: dict[object, Any]

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> None:
        super().__init__(name, bases, namespace)
        plain: Any = int if issubclass(cls, int) else str
        cls._members, cls._by_value = {}, {}
        for key, value in namespace.items():
            if isinstance(value, _Member):
                made = plain.__new__(cls, value.value)
                made.name, made.value = key, plain(value.value)
                setattr(cls, key, made)
                cls._members[key] = made
                cls._by_value.setdefault(made.value, made)

    def __iter__(cls: type[_T]) -> Iterator[_T]:
        return iter(cls._members.values())  # type: ignore[attr-defined]

    def __len__(cls) -> int:
        return len(cls._members)

    def __getitem__(cls: type[_T], name: str) -> _T:
        return cls._members[name]  # type: ignore[attr-defined, no-any-return]

    def __contains__(cls, value: object) -> bool:
        return isinstance(value, cls) and cls._members.get(value.name) is value

    def __call__(cls: type[_T], value: object) -> _T:
        try:
            return cls._by_value[value]  # type: ignore[attr-defined, no-any-return]
        except (KeyError, TypeError):
            raise ValueError(f"{value!r} is not a valid {cls.__qualname__}") from None


class NamedInt(int, metaclass=_Named):
    """An int with a name, one of its class's members (an IntEnum's member): compared,
    hashed and formatted as its int; repr `<Class.NAME: value>`."""

    name: str
    value: int

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}.{self.name}: {self.value!r}>"

    __str__ = int.__repr__  # as format() gives it: int's own str would be the repr above

    def __reduce__(self) -> tuple[Any, ...]:
        return getattr, (type(self), self.name)  # a copy or an unpickled one is the member


class NamedStr(str, metaclass=_Named):
    """A str with a name, one of its class's members (an Enum's member whose values are
    strings): compared, hashed and formatted as its string; repr `<Class.NAME: 'value'>`."""

    name: str
    value: str

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}.{self.name}: {self.value!r}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return getattr, (type(self), self.name)
