"""The configuration's `declarations:` and `vocabularies:`: where files record owners and team names.

Imported only when a configuration has one of the two keys: a run without them pays nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator, Optional, Sequence, Union

from ownlint.errors import OwnlintError, PatternError
from ownlint.formats.keypath import KeyPath, KeyPathError, parse_key_path
from ownlint.formats.yamlio import position
from ownlint.matching.patterns import parse_pattern

FILE, DIRECTORY = "file", "directory"
# The named group a regex source must have: the owners of a declaration, the name(s) of a vocabulary.
OWNERS_GROUP, TEAM_GROUP = "owners", "team"


@dataclass(frozen=True)
class Reader:
    """How values are read from a file: a key path into every YAML document, or a regex per line."""

    yaml: Optional[KeyPath]
    regex: Optional[str]
    group: str

    def finder(self) -> Callable[[str], Iterator[tuple[str, int]]]:
        """For one line: each match's group and where it starts."""
        assert self.regex is not None
        return _finder(self.regex, self.group)

    @property
    def signature(self) -> str:
        return f"yaml:{self.yaml.text}" if self.yaml is not None else f"regex:{self.group}:{self.regex}"


@lru_cache(maxsize=64)
def _finder(regex: str, group: str) -> Callable[[str], Iterator[tuple[str, int]]]:
    """A repository's own configuration is untrusted input: google-re2 (linear time) runs
    the regex where it can; Python's re only one re2 cannot compile (a look-around, a
    back-reference)."""
    try:
        import re2

        compiled = re2.compile(regex)
        number = compiled.groupindex[group]
    except Exception:  # noqa: BLE001 - no re2 here, or a regex only Python's re reads
        fallback = re.compile(regex)

        def find_re(line: str) -> Iterator[tuple[str, int]]:
            for match in fallback.finditer(line):
                if match.group(group) is not None:
                    yield match.group(group), match.start(group)

        return find_re

    def find_re2(line: str) -> Iterator[tuple[str, int]]:
        for match in compiled.finditer(line):
            found = match.group(number)
            if found is not None:
                yield found, match.start(number)

    return find_re2


@dataclass(frozen=True)
class Source:
    """One `declarations:` entry: files that record their owners, and how to read them."""

    name: str
    files: tuple[str, ...]
    exclude: tuple[str, ...]
    reader: Reader
    covers: str = FILE
    required: bool = False
    vocabulary: Optional[str] = None
    line: int = 1  # the entry in the configuration
    column: int = 1


@dataclass(frozen=True)
class Vocabulary:
    """One `vocabularies:` entry: a file that lists the valid team names of another system."""

    name: str
    file: str  # relative to the root
    reader: Reader
    complete: bool = False
    line: int = 1
    column: int = 1


Where = Sequence[Union[str, int]]


def sources_from_config(data: Any, file: str) -> tuple[list[Source], list[Vocabulary]]:
    """Both lists from a schema-valid configuration; raise OwnlintError (exit 2) at the
    configuration's line:column for a key path, regex or pattern that cannot work."""
    vocabularies = [
        _vocabulary(data, file, number, entry) for number, entry in enumerate(data.get("vocabularies") or [])
    ]
    names = _unique(data, file, "vocabularies", [v.name for v in vocabularies])
    sources = [_source(data, file, number, entry, names) for number, entry in enumerate(data.get("declarations") or [])]
    _unique(data, file, "declarations", [s.name for s in sources])
    return sources, vocabularies


def _fail(data: Any, file: str, where: Where, message: str, key: bool = False) -> OwnlintError:
    line, column = position(data, list(where), key=key)
    return OwnlintError(message, file, line, column)


def _unique(data: Any, file: str, section: str, names: list[str]) -> set[str]:
    seen: set[str] = set()
    for number, name in enumerate(names):
        if name in seen:
            raise _fail(data, file, [section, number, "name"], f"{section}: the name '{name}' is given twice")
        seen.add(name)
    return seen


def _reader(data: Any, file: str, where: Where, entry: Any, group: str) -> Reader:
    has_yaml, has_regex = "yaml" in entry, "regex" in entry
    label = f"{where[0]}[{where[1]}]"
    if has_yaml == has_regex:
        raise _fail(data, file, where, f"{label}: give exactly one of 'yaml' (a key path) and 'regex'")
    if has_yaml:
        text = str(entry["yaml"])
        try:
            return Reader(parse_key_path(text), None, group)
        except KeyPathError as error:
            line, column = position(data, [*where, "yaml"])
            raise OwnlintError(
                f"{label}.yaml: bad key path {text!r} at character {error.offset + 1}: {error.message}",
                file, line, column,
            ) from None
    text = str(entry["regex"])
    line, column = position(data, [*where, "regex"])
    try:
        compiled = re.compile(text)
    except re.error as error:
        where_in = f" at character {error.pos + 1}" if error.pos is not None else ""
        raise OwnlintError(f"{label}.regex: bad regex {text!r}{where_in}: {error.msg}", file, line, column) from None
    if group not in compiled.groupindex:
        raise OwnlintError(
            f"{label}.regex: the regex has no named group '{group}' (write (?P<{group}>...) around the names)",
            file, line, column,
        )
    return Reader(None, text, group)


def _patterns(data: Any, file: str, where: Where, values: Any) -> tuple[str, ...]:
    patterns = tuple(str(value) for value in values or [])
    for number, text in enumerate(patterns):
        try:
            parse_pattern(text)
        except PatternError as error:
            raise _fail(data, file, [*where, number], f"{where[0]}[{where[1]}].{where[2]}: {error}") from None
    return patterns


def _source(data: Any, file: str, number: int, entry: Any, vocabularies: set[str]) -> Source:
    where: list[Union[str, int]] = ["declarations", number]
    vocabulary = entry.get("vocabulary")
    if vocabulary is not None and str(vocabulary) not in vocabularies:
        known = ", ".join(sorted(vocabularies)) or "none is configured"
        raise _fail(data, file, [*where, "vocabulary"],
                    f"declarations[{number}].vocabulary: no vocabulary is named '{vocabulary}' ({known})")
    line, column = position(data, where)
    return Source(
        name=str(entry["name"]),
        files=_patterns(data, file, [*where, "files"], entry.get("files")),
        exclude=_patterns(data, file, [*where, "exclude"], entry.get("exclude")),
        reader=_reader(data, file, where, entry, OWNERS_GROUP),
        covers=str(entry.get("covers", FILE)),
        required=bool(entry.get("required", False)),
        vocabulary=str(vocabulary) if vocabulary is not None else None,
        line=line,
        column=column,
    )


def _vocabulary(data: Any, file: str, number: int, entry: Any) -> Vocabulary:
    where: list[Union[str, int]] = ["vocabularies", number]
    path = str(entry["file"]).lstrip("/")
    if not path or any(part in ("", ".", "..") for part in path.split("/")) or path.startswith(".git/"):
        raise _fail(data, file, [*where, "file"],
                    f"vocabularies[{number}].file: '{entry['file']}' is not a path inside the repository")
    line, column = position(data, where)
    return Vocabulary(
        name=str(entry["name"]),
        file=path,
        reader=_reader(data, file, where, entry, TEAM_GROUP),
        complete=bool(entry.get("complete", False)),
        line=line,
        column=column,
    )
