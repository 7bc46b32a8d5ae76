"""Read YAML with ruamel.yaml, keeping the line and column of every node."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence, Union

from ownlint.errors import OwnlintError
from ownlint.errors import UndecodableText as UndecodableText  # re-exported: readers of YAML catch it
from ownlint.findings import DUPLICATE_KEY, INVALID_YAML, Finding
from ownlint.sources.files import decode

if TYPE_CHECKING:  # ruamel is imported where YAML is read: a CODEOWNERS-only run never pays for it
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.nodes import Node

# Larger files are refused before parsing: real ownership files are well under 1 MB.
MAX_YAML_BYTES = 10 * 1024 * 1024
# Deeper flow nesting is refused before parsing (the parser recurses).
MAX_NESTING = 100
# Values a document may expand to through aliases (a "billion laughs" bomb expands to 10^9).
MAX_VALUES = 1_000_000
# Where a tag can start: at a line's start or after an indicator or a space. A '!' in
# a comment or a quoted string also matches; the node walk then finds no tag.
_MAYBE_TAG = re.compile(r"(?:^|[\s\[{,:-])!", re.MULTILINE)
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}

KeyPath = Sequence[Union[str, int]]


@dataclass
class YamlDocument:
    file: str  # as shown to the user: relative to the root where possible
    data: Any
    text: str


def read_text(path: Path, file: str, max_bytes: int = MAX_YAML_BYTES) -> str:
    """Read a UTF-8 text file; raise OwnlintError for what cannot be read at all."""
    try:
        if path.is_dir():
            raise OwnlintError("is a directory, not a file", file)
        size = path.stat().st_size
        if size > max_bytes:
            raise OwnlintError(f"file is {size} bytes, over the limit of {max_bytes}", file)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise OwnlintError("no such file", file) from None
    except PermissionError:
        raise OwnlintError("permission denied", file) from None
    except OSError as error:
        raise OwnlintError(error.strerror or str(error), file) from None
    return decode(raw, file)


def _new_yaml(allow_duplicate_keys: bool) -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = allow_duplicate_keys
    return yaml


def _duplicate_keys(text: str, file: str) -> Iterator[Finding]:
    """Every key given twice in one mapping, found on the node tree."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    root = _new_yaml(True).compose(text)
    stack: list[Node] = [root] if root is not None else []
    visited: set[int] = set()  # aliased nodes are shared: visit each once
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value)
                if name in seen:
                    yield Finding(
                        file,
                        key.start_mark.line + 1,
                        key.start_mark.column + 1,
                        DUPLICATE_KEY,
                        f"key '{name}' is given twice in one mapping (first on line {seen[name]})",
                    )
                else:
                    seen[name] = key.start_mark.line + 1
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _too_deep(text: str) -> Optional[tuple[int, int]]:
    """Where flow brackets nest deeper than MAX_NESTING (a cheap scan, before the parser)."""
    depth = 0
    line, line_start = 1, 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line, index - line_start + 1
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line, line_start = line + 1, index + 1
    return None


def _custom_tag(text: str) -> Optional[tuple[int, int, str]]:
    """The first node with a tag outside YAML's standard ones (!!python/object, !foo)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    root = _new_yaml(True).compose(text)
    stack: list[Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        tag = str(getattr(node.tag, "value", node.tag) or "")
        if tag and tag not in _STANDARD_TAGS:
            return node.start_mark.line + 1, node.start_mark.column + 1, tag
        if isinstance(node, MappingNode):
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return None


def expanded_size(data: Any) -> int:
    """How many values the document has once aliases are expanded, computed without
    expanding them: each shared container is sized once (a bomb costs its text size)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
        if not children:
            sizes[id(node)] = 1
        elif children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(data)]


def parse_yaml(text: str, file: str) -> tuple[Optional[YamlDocument], list[Finding]]:
    """Parse YAML text: a document, or None with the OWN001 finding that explains why."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    findings: list[Finding] = []
    deep = _too_deep(text)
    if deep is not None:
        return None, [Finding(file, deep[0], deep[1], INVALID_YAML, f"invalid YAML: nested deeper than {MAX_NESTING} levels")]
    try:
        if _MAYBE_TAG.search(text):
            tagged = _custom_tag(text)
            if tagged is not None:
                line, column, tag = tagged
                tag = tag.replace("tag:yaml.org,2002:", "!!")
                return None, [Finding(file, line, column, INVALID_YAML, f"invalid YAML: tag '{tag}' is not allowed")]
        data = _new_yaml(False).load(text)
    except MarkedYAMLError as error:
        if type(error).__name__ == "DuplicateKeyError":
            findings.extend(_duplicate_keys(text, file))
            data = _new_yaml(True).load(text)
        else:
            return None, [_syntax_finding(error, file, text)]
    except YAMLError as error:
        return None, [Finding(file, 1, 1, INVALID_YAML, f"invalid YAML: {error}")]
    except RecursionError:
        return None, [Finding(file, 1, 1, INVALID_YAML, "invalid YAML: nested too deeply")]
    if expanded_size(data) > MAX_VALUES:
        return None, [
            Finding(file, 1, 1, INVALID_YAML, f"invalid YAML: aliases expand the document beyond {MAX_VALUES:,} values")
        ]
    if "<<" in text:
        _merge_words_as_text(data)
    return YamlDocument(file, data, text), findings


def _merge_words_as_text(data: Any) -> None:
    """A plain `<<` written as a value (`note: <<`, `lead: <<`) is the text "<<":
    ruamel.yaml reads it as a tagged merge marker, which the schema takes for text but
    the model would not (a lead '<<' was read as the list '<', '<')."""
    from ruamel.yaml.comments import TaggedScalar

    stack, seen = [data], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in list(items):
            if isinstance(value, TaggedScalar):
                node[key] = str(value.value)
            elif isinstance(value, (dict, list)):
                stack.append(value)


def _syntax_finding(error: MarkedYAMLError, file: str, text: str = "") -> Finding:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    problem = " ".join(part for part in (error.context, error.problem) if part)
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    hint = _likely_cause(error.problem or "", source, column)
    return Finding(file, line, column, INVALID_YAML, f"invalid YAML: {problem or 'cannot parse'}{hint}")


# A value that YAML cannot start unquoted, up to where a flow value ends.
_UNQUOTED = re.compile(r"[^\s,\]}]+")


def _likely_cause(problem: str, source: str, column: int) -> str:
    """What usually causes a syntax error, said in words: the raw parser text rarely does."""
    if "'\\t'" in problem or "\\t" in problem or (0 < column <= len(source) and source[column - 1] == "\t"):
        return " (a tab: YAML indents with spaces only)"
    if "cannot start any token" in problem and 0 < column <= len(source):
        word = _UNQUOTED.match(source, column - 1)
        value = word.group(0) if word else source[column - 1]
        return f" (a value starting with '{source[column - 1]}' must be quoted: write \"{value}\")"
    if "mapping values are not allowed" in problem:
        return (" (a ':' where no key can start: a key on a line above lacks its ':', or a value"
                " holding ': ' needs quotes)")
    if "could not find expected ':'" in problem:
        return " (a key without its ':', or a line that is not indented like the ones around it)"
    if "expected <block end>" in problem:
        return " (the indentation does not line up with the lines above)"
    return ""


def position(data: Any, key_path: KeyPath, *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at key_path (of its key, with key=True).

    Walks as deep as the path exists, so a missing key locates its parent."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    line, column = 1, 1
    node = data
    for index, step in enumerate(key_path):
        last = index == len(key_path) - 1
        if isinstance(node, CommentedMap) and step in node:
            where = node.lc.key(step) if (key and last) else node.lc.value(step)
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            where = node.lc.item(step)
            node = node[step]
        else:
            break
        if where is not None and where[0] is not None:
            line, column = where[0] + 1, where[1] + 1
    if not key_path and isinstance(data, (CommentedMap, CommentedSeq)):
        line, column = data.lc.line + 1, data.lc.col + 1
    return line, column


def to_plain(data: Any) -> Any:
    """The ruamel tree as plain JSON-like values, for schema validation."""
    if isinstance(data, dict):
        return {str(key): to_plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [to_plain(item) for item in data]
    if isinstance(data, bool) or data is None:
        return data
    if isinstance(data, (datetime.date, datetime.datetime)):
        return data.isoformat()
    if isinstance(data, int):
        return int(data)
    if isinstance(data, float):
        return float(data)
    return str(data)
