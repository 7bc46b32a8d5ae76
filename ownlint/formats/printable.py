"""Text that is safe to print: a repository's file names and values never reach a
terminal or a CI log raw (no escape sequences, no forged lines, no workflow commands)."""
from __future__ import annotations

from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Optional

# What a terminal, a log viewer or an editor would act on: C0 controls, DEL, C1 controls,
# the Unicode line and paragraph separators, and the bidi embeddings, overrides and
# isolates (a "Trojan Source" file name). Bytes that are not UTF-8 (kept as surrogates)
# are written as \\udcXX escapes when the text is encoded. Each is escaped by
# str.translate, a character at a time: no regular expression, so that a report of a
# non-ASCII path does not import re (and enum) and compile a class over the controls.
_CONTROLS = (*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
# What a rendered text keeps: line breaks, tabs, and the escape that starts a colour code.
_KEPT_IN_TEXT = "\t\n\x1b"
# A line that GitHub Actions (`::command`) or Azure Pipelines (`##vso[`, `##[`) would obey.
_COMMAND_STARTS = ("::", "##[", "##vso[")


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@lru_cache(maxsize=None)
def _escapes(keep: str) -> dict[int, str]:
    """str.translate's table: each control not in keep, escaped."""
    return {code: _escaped(chr(code)) for code in _CONTROLS if chr(code) not in keep}


@lru_cache(maxsize=None)
def _json_escapes() -> dict[int, str]:
    """What json.dumps leaves raw inside a string (it escapes only C0 controls), as
    \\uXXXX: outside strings JSON is ASCII."""
    return {code: f"\\u{code:04x}" for code in _CONTROLS if code >= 0x20}


def printable(text: str, keep: str = "") -> str:
    """One field (a path, an owner, a message) with every control character escaped:
    it stays on its line and changes nothing on the terminal. `keep`: characters the
    caller escapes its own way."""
    if text.isascii() and text.isprintable():  # (no ASCII control, no DEL: nothing to escape)
        return text
    return text.translate(_escapes(keep))


def safe_text(text: str, keep: str = "") -> str:
    """Rendered text output: controls other than line breaks, tabs and colour codes
    escaped, and no line that a CI runner would read as a workflow command. `keep`:
    controls that must stay (the carriage returns of a patch of a CRLF file)."""
    if not (text.isascii() and "\x1b" not in text and text.replace("\n", "").replace("\t", "").isprintable()):
        if "\x1b" in text and "\x1b" not in keep:
            text = _stray_escapes_escaped(text)
        text = text.translate(_escapes(keep + _KEPT_IN_TEXT))
    if "::" in text or "##" in text:
        text = "\n".join("\\" + line if line.startswith(_COMMAND_STARTS) else line for line in text.split("\n"))
    return text


def _stray_escapes_escaped(text: str) -> str:
    """Each escape character that does not start a colour code (`ESC [ digits and ; m`) as \\e."""
    parts = text.split("\x1b")
    out = [parts[0]]
    for part in parts[1:]:
        colour = part.startswith("[") and part[1:].lstrip("0123456789;").startswith("m")
        out.append("\x1b" if colour else "\\e")
        out.append(part)
    return "".join(out)


def json_text(value: Any, indent: Optional[int] = 2) -> str:
    """JSON output (a report, one jsonl record): non-ASCII text stays readable, and every
    character that could act on a terminal or reorder a line is a \\u escape; a parser
    reads back exactly the same strings."""
    if indent is None:
        import json  # (only this one-line form needs the package: see indented_json)

        text = json.dumps(value, ensure_ascii=False)
    else:
        text = indented_json(value, indent)
    if text.isascii() and "\x7f" not in text:
        return text
    return text.translate(_json_escapes())


class _Unusual(Exception):
    """A value indented_json leaves to json.dumps."""


def indented_json(value: Any, indent: int) -> str:
    """What json.dumps(value, indent=indent, ensure_ascii=False) writes, written directly.

    json encodes in C only without indent; with one it writes through a chain of Python
    generators, a few yields for every value (a report's findings: 2.7 to 1.4 ms for
    DataDog's 286). Written here for the plain types of ownlint's documents (dicts with
    string keys, lists, tuples, strings, exact ints and floats, booleans, None), strings by
    json's own C encoder; anything else (an int subclass, another key type, a cycle) by
    json.dumps itself. The json package is imported only then: its import compiles the
    decoder's expressions (about 2 ms of a JSON report's run), and the encoder needs
    none of it."""
    out: list[str] = []
    try:
        _write(value, out, "\n", " " * indent, _string_encoder())
    except (_Unusual, RecursionError):
        import json

        return json.dumps(value, indent=indent, ensure_ascii=False)
    return "".join(out)


def _string_encoder() -> Callable[[str], str]:
    """json's own string encoder (json.encoder.encode_basestring): its C one, or the
    Python one where there is no C one."""
    try:
        from _json import encode_basestring
    except ImportError:
        from json.encoder import py_encode_basestring as encode_basestring
    return encode_basestring


def _write(value: Any, out: list[str], newline: str, pad: str, encode_basestring: Callable[[str], str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        out.append(_float_text(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + pad
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            out.append(separator)
            separator = "," + inner
            out.append(encode_basestring(key))
            out.append(": ")
            # Text and None written here, not by a call each: most of a report's values.
            if type(item) is str:
                out.append(encode_basestring(item))
            elif item is None:
                out.append("null")
            else:
                _write(item, out, inner, pad, encode_basestring)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + pad
        separator = "[" + inner
        for item in value:
            out.append(separator)
            separator = "," + inner
            if type(item) is str:
                out.append(encode_basestring(item))
            else:
                _write(item, out, inner, pad, encode_basestring)
        out.append(newline + "]")
    else:
        raise _Unusual


def _float_text(value: float) -> str:
    """As json writes a float (allow_nan, its default)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
