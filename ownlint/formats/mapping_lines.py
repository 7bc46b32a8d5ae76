"""An ownlint YAML mapping in the block form people and `ownlint import` write, read line by line.

A mapping of 100,000 rules takes ruamel.yaml (pure Python, round trip) about 40 s and
libyaml's composer about 5 s; most mappings are a plain list of `- path: ...` entries
whose owners are a flow list (`[a, b]`) or a block list, with comments, and that form
is read here in a fraction of a second. The form accepted is a strict subset of YAML
whose meaning is plain: every line is a blank or comment line, a top-level key
(`version: 1`, `rules:`), a rule's key (`path`, `owners`, `note`) or an owner of a
block list, with simple scalars (no escapes beyond \\" and \\\\, no values YAML would
read as anything but a string, no tabs, aliases, tags or multi-line scalars). Anything
else returns None and the caller reads the file with ruamel.yaml as before, so the
meaning, the positions and every message of every other file stay ruamel's
(tests/test_mapping_lines.py compares both on thousands of generated files)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Optional

# One owner: its name and the 1-based line and column of its first character (a quote included).
Spot = tuple[str, int, int]


@dataclass
class LineRule:
    start: int  # the line of the rule's first key, where ruamel places the entry
    path: Optional[Spot] = None
    owners: Optional[list[Spot]] = None
    note: Optional[str] = None

    def plain(self) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        if self.path is not None:
            entry["path"] = self.path[0]
        if self.owners is not None:
            entry["owners"] = [name for name, _, _ in self.owners]
        if self.note is not None:
            entry["note"] = self.note
        return entry


@dataclass
class LineMapping:
    version: int
    rules: list[LineRule] = field(default_factory=list)

    def plain(self) -> dict[str, Any]:
        """The document as plain data, as to_plain would give it from ruamel's tree."""
        return {"version": self.version, "rules": [rule.plain() for rule in self.rules]}


class _NotThisForm(Exception):
    """A line outside the form read here: ruamel.yaml reads the file."""


# Characters that send the whole file to ruamel: tabs, control characters, the line
# breaks YAML 1.1 knows and 1.2 does not, a byte-order mark, anything not printable.
_UNUSUAL = re.compile("[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"([a-z]+):(?= |$)")
_ITEM = re.compile(r"( *)- +")
# A plain scalar here: no indicator first, none of , [ ] { } # : inside, words apart by spaces.
_PLAIN = re.compile(r"[A-Za-z_/.][^\s,\[\]{}#:]*(?: +[^\s,\[\]{}#:]+)*")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"')
_REST = re.compile(r"(?: *| +#.*)")  # what may follow a value: spaces, or a comment after a space
_BLANK = re.compile(r" *(?:#.*)?")  # a blank line, or a comment line
_INDENT = re.compile(r" *")
# A plain word YAML surely reads as a string: no boolean, null or special float (.inf).
_WORD = r"""(?!(?i:true|false|null|yes|no|on|off|y|n|\.inf|\.nan)(?![^\s,\[\]{}#:'"]))(?:[A-Za-z_/]|\.[A-Za-z_/])[^\s,\[\]{}#:'"]*"""
_VALUE = rf"""(?:({_WORD})|'([^'\n]*)'|\[ *({_WORD}) *\])(?: *| +#[^\n]*)"""
# The commonest entry in one match: `- path: x` and `owners: [y]` (either first), each
# value a plain word, a simple quoted value or a one-word flow list, then the next entry at the same indentation or the end.
_TWO_LINES = re.compile(rf"( *)(- +)(path|owners): +{_VALUE}\n( *)(path|owners): +{_VALUE}(?:\n|\Z)(?=\1- |\Z)")
# The commonest values in one match: a plain word, a single-quoted value with no '' in
# it, or a flow list of one plain word; then the end of the line or a comment.
_SIMPLE = re.compile(r"""(?:([A-Za-z_/.][^\s,\[\]{}#:'"]*)|'([^'\n]*)'|\[ *([A-Za-z_/.][^\s,\[\]{}#:'"]*) *\])(?: *| +#.*)""")
# Plain words YAML 1.1 or 1.2 reads as booleans, nulls or special floats.
_NOT_STRINGS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", ".inf", ".nan"})
_RULE_KEYS = frozenset({"path", "owners", "note"})
_DOT_WORD = re.compile(r"\.[A-Za-z_/]")  # .github/ is a string, .5 and .inf are not
_STRING_STARTS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/")


def read_mapping_lines(text: str) -> Optional[LineMapping]:
    """The mapping when the whole text is in the plain block form, else None."""
    if _UNUSUAL.search(text):
        return None
    lines = text.split("\n")
    if "\r" in text:
        for number, line in enumerate(lines):
            if "\r" in line:
                if line.index("\r") != len(line) - 1:
                    return None  # a lone carriage return is a line break to YAML
                lines[number] = line[:-1]
    try:
        return _Reader(lines).read()
    except _NotThisForm:
        return None


def _scalar(line: str, at: int, number: int) -> tuple[Spot, int]:
    """The scalar starting at index `at`: (value, line, column) and the index after it."""
    char = line[at:at + 1]
    if char == "'":
        match = _SINGLE.match(line, at)
        if match is None:
            raise _NotThisForm
        return (match.group(1).replace("''", "'"), number, at + 1), match.end()
    if char == '"':
        match = _DOUBLE.match(line, at)
        if match is None:
            raise _NotThisForm
        value = re.sub(r"\\([\\\"])", r"\1", match.group(1))
        return (value, number, at + 1), match.end()
    match = _PLAIN.match(line, at)
    if match is None:
        raise _NotThisForm
    value = match.group(0)
    if not plain_reads_as_string(value):
        raise _NotThisForm
    return (value, number, at + 1), match.end()


def plain_reads_as_string(plain: str) -> bool:
    """Whether YAML 1.1 and 1.2 surely read this plain word as a string: it starts with a
    letter, '_', '/' or '.' and one of those (a digit, a sign or '.5' may make a number),
    and it is no boolean, null or special float. The line reader, the mapping built after
    a fix and the fix itself (which quotes any other value) all ask here."""
    if plain[:1] not in _STRING_STARTS and _DOT_WORD.match(plain) is None:
        return False
    return plain.lower() not in _NOT_STRINGS


def _end_of_line(line: str, at: int) -> None:
    if not _REST.fullmatch(line, at):
        raise _NotThisForm


def _flow_list(line: str, at: int, number: int) -> list[Spot]:
    """`[a, 'b', "c"]` on one line, starting at index `at` (the bracket)."""
    items: list[Spot] = []
    at += 1
    while line[at:at + 1] == " ":
        at += 1
    if line[at:at + 1] == "]":
        _end_of_line(line, at + 1)
        return items
    while True:
        item, at = _scalar(line, at, number)
        items.append(item)
        while line[at:at + 1] == " ":
            at += 1
        if line[at:at + 1] == "]":
            _end_of_line(line, at + 1)
            return items
        if line[at:at + 1] != ",":
            raise _NotThisForm
        at += 1
        while line[at:at + 1] == " ":
            at += 1
        if line[at:at + 1] == "]":
            raise _NotThisForm  # a trailing comma


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # The lines that are neither blank nor a comment, in order; `next` is the one to read.
        self.content = [number for number, line in enumerate(lines) if not _BLANK.fullmatch(line)]
        self.next = 0
        # The text again (carriage returns dropped), and where each line starts in it.
        self.text = "\n".join(lines)
        self.starts = list(accumulate((len(line) + 1 for line in lines), initial=0))

    def _peek(self) -> Optional[int]:
        """The index of the next line that is neither blank nor a comment."""
        return self.content[self.next] if self.next < len(self.content) else None

    def read(self) -> LineMapping:
        version: Optional[int] = None
        rules: Optional[list[LineRule]] = None
        while (index := self._peek()) is not None:
            line = self.lines[index]
            key = _KEY.match(line)
            if key is None:
                raise _NotThisForm
            self.next += 1
            if key.group(1) == "version" and version is None:
                if not re.fullmatch(r"version: +1(?: *| +#.*)", line):
                    raise _NotThisForm
                version = 1
            elif key.group(1) == "rules" and rules is None:
                _end_of_line(line, key.end())
                rules = self._rules()
            else:
                raise _NotThisForm
        if version is None or not rules:
            raise _NotThisForm
        return LineMapping(version, rules)

    def _rules(self) -> list[LineRule]:
        rules: list[LineRule] = []
        indent: Optional[int] = None
        lines, content = self.lines, self.content
        while self.next < len(content):
            index = content[self.next]
            item = _ITEM.match(lines[index])
            if item is None:
                break  # the next top-level key
            if indent is None:
                indent = len(item.group(1))
            elif len(item.group(1)) != indent:
                raise _NotThisForm
            two = _TWO_LINES.match(self.text, self.starts[index])
            rule = self._two_lines(two, index) if two is not None else None
            if rule is not None:
                self.next += 2
            else:
                self.next += 1
                rule = self._rule(index, item.end())
            rules.append(rule)
        return rules

    def _two_lines(self, two: re.Match[str], index: int) -> Optional[LineRule]:
        """The commonest entry, `- path: x` and `owners: [y]` (either first) and nothing
        more, from one match of _TWO_LINES; None when the match is not quite that."""
        groups = two.groups()
        if groups[2] == groups[7] or len(groups[6]) != two.end(2) - self.starts[index]:
            return None  # one key twice, or the second not under the first
        path: Optional[Spot] = None
        owners: Optional[list[Spot]] = None
        for number, group in ((index, 3), (index + 1, 8)):  # a value's three forms are groups 3-5 or 8-10
            plain, quoted, listed = groups[group:group + 3]
            if (groups[group - 1] == "owners") != (listed is not None):
                return None  # a single name where a list belongs, or a list where a name does
            if listed is not None:
                owners = [(listed, number + 1, two.start(group + 3) - self.starts[number] + 1)]
            elif quoted is not None:  # its column is the opening quote's
                path = (quoted, number + 1, two.start(group + 2) - self.starts[number])
            else:
                path = (plain, number + 1, two.start(group + 1) - self.starts[number] + 1)
        return LineRule(index + 1, path, owners)

    def _rule(self, first: int, column: int) -> LineRule:
        """One entry: its first key on the `- ` line at `column`, the others below at that column."""
        lines, content = self.lines, self.content
        found: dict[str, Any] = {}
        self._key(found, lines[first], first, column)
        while self.next < len(content):
            index = content[self.next]
            line = lines[index]
            indent = _INDENT.match(line).end()  # type: ignore[union-attr]  # matches every line
            if indent != column or line.startswith("-", indent):
                if indent > column:
                    raise _NotThisForm  # a continued scalar, or a key indented differently
                break
            self.next += 1
            self._key(found, line, index, column)
        return LineRule(first + 1, found.get("path"), found.get("owners"), found.get("note"))

    def _key(self, found: dict[str, Any], line: str, index: int, column: int) -> None:
        """One `key: value` line of an entry, into `found`."""
        key = _KEY.match(line, column)
        if key is None:
            raise _NotThisForm
        name = key.group(1)
        if name not in _RULE_KEYS or name in found:
            raise _NotThisForm  # a key this form does not know, or one given twice
        at = key.end()
        while line[at:at + 1] == " ":
            at += 1
        simple = _SIMPLE.fullmatch(line, at)
        if simple is not None:  # the commonest values, read in one match
            plain, quoted, listed = simple.groups()
            if quoted is not None:
                spot: Spot = (quoted, index + 1, simple.start(2))
            elif plain is not None and plain_reads_as_string(plain):
                spot = (plain, index + 1, at + 1)
            elif listed is not None and plain_reads_as_string(listed):
                spot = (listed, index + 1, simple.start(3) + 1)
            else:
                raise _NotThisForm
            if (name == "owners") != (listed is not None):
                raise _NotThisForm  # a single name where a list belongs, or a list where a name does
            found[name] = [spot] if name == "owners" else spot[0] if name == "note" else spot
            return
        if name == "owners":
            if line[at:at + 1] == "[":
                found[name] = _flow_list(line, at, index + 1)
            else:
                _end_of_line(line, at)
                found[name] = self._block_list(column)
            return
        if at == len(line) or line[at] == "#":
            raise _NotThisForm  # no value: null, or a value on the lines below
        spot, end = _scalar(line, at, index + 1)
        _end_of_line(line, end)
        found[name] = spot[0] if name == "note" else spot

    def _block_list(self, column: int) -> list[Spot]:
        """The `- name` lines under `owners:`, indented at least as far as the key."""
        items: list[Spot] = []
        indent: Optional[int] = None
        while (index := self._peek()) is not None:
            line = self.lines[index]
            item = _ITEM.match(line)
            if item is None or len(item.group(1)) < column:
                break
            if indent is None:
                indent = len(item.group(1))
            elif len(item.group(1)) != indent:
                raise _NotThisForm
            spot, end = _scalar(line, item.end(), index + 1)
            _end_of_line(line, end)
            items.append(spot)
            self.next += 1
        if not items:
            raise _NotThisForm  # owners: with nothing under it is null
        return items
