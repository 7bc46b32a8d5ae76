"""Key paths into YAML documents (`groups[*].rules[*].labels.team`): parse, and walk composed nodes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Union

if TYPE_CHECKING:
    from yaml.nodes import Node


class Every:
    """`[*]`: every item of a list, every value of a map."""

    def __repr__(self) -> str:
        return "[*]"


EVERY = Every()
Segment = Union[str, int, Every]


class KeyPathError(ValueError):
    """A key path that does not parse; `offset` is the 0-based character where it goes wrong."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class KeyPath:
    text: str
    segments: tuple[Segment, ...]

    @property
    def last_key(self) -> str:
        """The last plain key, for the cheap text test before a parse ('' when there is none)."""
        keys = [s for s in self.segments if isinstance(s, str)]
        return keys[-1] if keys else ""


_BRACKET = re.compile(r"""\[(?:(\*)|(\d+)|"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)')\]""")


def parse_key_path(text: str) -> KeyPath:
    """Segments joined by '.'; `[*]`, `[N]`, `["a.b"]` (or `['a.b']`) follow a segment or
    start the path; `::` is plain text. Raise KeyPathError on anything else."""
    segments: list[Segment] = []
    index = 0
    expect_key = True  # at the start and after '.', a key (or a bracket) must follow
    if not text.strip():
        raise KeyPathError("the key path is empty", 0)
    while index < len(text):
        char = text[index]
        if char == "[":
            match = _BRACKET.match(text, index)
            if match is None:
                raise KeyPathError("a '[' must hold *, a number or a quoted key, and be closed by ']'", index)
            every, number, double, single = match.groups()
            if every:
                segments.append(EVERY)
            elif number is not None:
                segments.append(int(number))
            elif double is not None:
                segments.append(re.sub(r"\\(.)", r"\1", double))
            else:
                segments.append(single.replace("''", "'"))
            index = match.end()
            expect_key = False
            continue
        if char == ".":
            if expect_key:
                raise KeyPathError("an empty segment ('..', or a '.' at the start)", index)
            expect_key = True
            index += 1
            continue
        if char == "]":
            raise KeyPathError("a ']' with no '['", index)
        if not expect_key:
            raise KeyPathError("a key must follow a '.' (write a.b, a[*].b or a[\"b\"])", index)
        end = index
        while end < len(text) and text[end] not in ".[]":
            end += 1
        key = text[index:end]
        if key != key.strip():
            raise KeyPathError("a key starts or ends with a space (quote it: [\"a b\"])", index)
        segments.append(key)
        index = end
        expect_key = False
    if expect_key:
        raise KeyPathError("the key path ends with '.'", len(text) - 1)
    return KeyPath(text, tuple(segments))


def walk(node: "Node", segments: tuple[Segment, ...], budget: list[int]) -> Iterator["Node"]:
    """The nodes a key path reaches in one composed document (aliases are shared nodes;
    `budget` counts the nodes visited, so a path through an alias bomb stops early)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    stack: list[tuple["Node", int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            return
        if depth == len(segments):
            yield current
            continue
        step = segments[depth]
        found: list["Node"] = []
        if isinstance(current, MappingNode):
            if isinstance(step, Every):
                found = [value for _key, value in current.value]
            else:
                # A key given twice: the last one counts, as when a loader builds the map.
                found = [value for key, value in current.value
                         if isinstance(key, ScalarNode) and key.value == str(step)][-1:]
        elif isinstance(current, SequenceNode):
            if isinstance(step, Every):
                found = list(current.value)
            elif isinstance(step, int) and step < len(current.value):
                found = [current.value[step]]
        stack.extend((child, depth + 1) for child in reversed(found))

