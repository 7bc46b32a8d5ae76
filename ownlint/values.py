"""Frozen: the base of ownlint's values that never change once made."""
from __future__ import annotations


class Frozen:
    """Assigning or deleting an attribute of a made value raises, as for a frozen
    dataclass: its hash and its place in sets and sorted lists hold. ownlint writes its
    value classes out rather than use @dataclass (making a dataclass costs about half a
    millisecond of start-up); their __init__ fills __dict__ directly."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a {type(self).__name__} is frozen")
