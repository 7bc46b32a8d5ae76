"""The line reader of YAML mappings (formats/mapping_lines.py) against ruamel.yaml: on
thousands of generated mappings, tricky scalars and broken ones included, it reads a
file only when it gets exactly ruamel's data and positions, and the mapping and the
findings ownlint loads are the same either way."""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Optional

import pytest

from ownlint.formats.mapping_lines import read_mapping_lines
from ownlint.formats.schema import validate
from ownlint.formats.yamlio import parse_yaml, to_plain
from ownlint.model.mapping import Mapping, mapping_from_document, mapping_from_yaml_text, mapping_to_data

TOP = Path(__file__).resolve().parent.parent

# Scalars as written: ordinary ones, and ones YAML reads as something else or rejects.
SCALARS = [
    "/a/", "docs/**", ".github/", "/x y/", "sre", "data-persistence", "a.b_c", "/d1/ ", "'*'", "'*.py'", '"*.md"',
    "'it''s'", '"say \\"hi\\""', '"back\\\\slash"', "'@org/team'", '"@org/team"', "team.name", "Data Persistence",
    "yes", "No", "null", "~", "true", "FALSE", "on", "1", "0x1F", "1.5", ".inf", ".5/", ".Nan", "2024-01-01", "'1'",
    "a: b", "'a: b'", "a #b", "a#b", "@org/team", "!tag x", "&anchor x", "*alias", "a, b", "[a]", "{a: b}", "a  b",
    "'\u00e9t\u00e9'", '"\\u00e9"', "''", '""', "-x", "- x", "?x", "|", ">", "%x", "`x`", "'a' 'b'", "'unclosed",
    "x:", "é/ü", "'tab\there'", "a\u00a0b", "trailing   ", "=", "<<",
]
OWNER_SCALARS = [s for s in SCALARS if not s.startswith(("[", "{", "- "))] + ["technical-operations", "sre", "'sre'"]
ORDINARY = ["sre", "traffic", "technical-operations", "'sre'", '"@org/team"', "data.persistence", "/d1/", "docs/**",
            "'*'", ".github/", "Data Persistence"]


def _scalar(randomly: random.Random, pool: list[str]) -> str:
    """Mostly ordinary values; now and then one from the pool of tricky ones."""
    return randomly.choice(pool) if randomly.random() < 0.06 else randomly.choice(ORDINARY)


def _flow(randomly: random.Random, names: list[str]) -> str:
    gap = randomly.choice(["", " ", "  "])
    comma = randomly.choice([", ", ",", " , "])
    inner = comma.join(names)
    if randomly.random() < 0.03:
        inner += ","  # a trailing comma
    return f"[{gap}{inner}{gap}]"


def _comment(randomly: random.Random) -> str:
    if randomly.random() < 0.03:
        return "# stuck"  # no space before '#': part of a plain value, or an error after a quote
    return randomly.choice(["", "", "", "  # c", " #x", "   # rule: a, [b]"])


def _rule(randomly: random.Random, indent: int) -> list[str]:
    dash = " " * indent + "-" + " " * randomly.choice([1, 1, 1, 3])
    column = len(dash)
    pad = " " * column
    keys = ["path", "owners"] + (["note"] if randomly.random() < 0.3 else [])
    if randomly.random() < 0.3:
        randomly.shuffle(keys)
    if randomly.random() < 0.03:
        keys.remove(randomly.choice(keys))
    if randomly.random() < 0.02:
        keys.append(randomly.choice(keys))  # a key given twice
    lines: list[str] = []
    for number, key in enumerate(keys):
        lead = dash if number == 0 else pad
        if randomly.random() < 0.01:
            lead = " " * (column + 1)  # misindented
        if key == "owners":
            names = [_scalar(randomly, OWNER_SCALARS) for _ in range(randomly.choice([0, 1, 1, 1, 2, 3]))]
            if randomly.random() < 0.7 or not names:
                lines.append(f"{lead}owners: {_flow(randomly, names)}{_comment(randomly)}")
            else:
                lines.append(f"{lead}owners:{_comment(randomly)}")
                below = " " * (column + randomly.choice([0, 2, 2, 4]))
                for name in names:
                    if randomly.random() < 0.1:
                        lines.append(below + "# between")
                    lines.append(f"{below}- {name}{_comment(randomly)}")
        else:
            value = _scalar(randomly, SCALARS) if randomly.random() < 0.5 else f"/dir{randomly.randint(0, 99)}/"
            lines.append(f"{lead}{key}: {value}{_comment(randomly)}")
            if randomly.random() < 0.01:
                lines.append(pad + "  continued")
    return lines


def _document(randomly: random.Random) -> str:
    indent = randomly.choice([0, 2, 2, 4])
    body: list[str] = []
    for _ in range(randomly.randint(1, 6)):
        if randomly.random() < 0.15:
            body.append(randomly.choice(["", "# a comment", "  # indented comment", "   "]))
        body.extend(_rule(randomly, indent))
    version = randomly.choice(["version: 1", "version: 1  # format"])
    if randomly.random() < 0.05:
        version = randomly.choice(["version: 2", "version: '1'", "version: 1.0", "version:", "version: true"])
    head = ["# Ownership"] if randomly.random() < 0.3 else []
    if randomly.random() < 0.05:
        head.append("---")
    rules = "rules:" + _comment(randomly)
    lines = [*head, version, rules, *body] if randomly.random() < 0.9 else [*head, rules, *body, version]
    if randomly.random() < 0.02:
        lines.insert(randomly.randint(0, len(lines)), "\tbad: tab")
    end = "\r\n" if randomly.random() < 0.1 else "\n"
    return end.join(lines) + (end if randomly.random() < 0.9 else "")


def _by_ruamel(text: str) -> tuple[Optional[Mapping], list[Any], Any]:
    """What ownlint loaded before the line reader: ruamel's parse, the schema, the mapping."""
    document, findings = parse_yaml(text, "ownership.yaml")
    if document is None:
        return None, findings, None
    schema_findings = validate(document, "ownership")
    if schema_findings:
        return None, findings + schema_findings, to_plain(document.data)
    return mapping_from_document(document), findings, to_plain(document.data)


def _data(mapping: Optional[Mapping]) -> Any:
    # str: ruamel gives a note written `<<` as a tagged scalar, compared by identity
    return None if mapping is None else json.loads(json.dumps(mapping_to_data(mapping), default=str))


def test_the_line_reader_reads_a_file_only_as_ruamel_does() -> None:
    randomly = random.Random("mapping-lines")
    read = 0
    for _ in range(1200):
        text = _document(randomly)
        expected_mapping, expected_findings, expected_plain = _by_ruamel(text)
        quick = read_mapping_lines(text)
        if quick is not None:
            read += 1
            assert expected_plain is not None, text  # ruamel read it too
            assert not [f for f in expected_findings if f.code != "OWN002"], text
            assert quick.plain() == expected_plain, text
        mapping, findings = mapping_from_yaml_text(text, "ownership.yaml")
        assert findings == expected_findings, text
        assert _data(mapping) == _data(expected_mapping), text
    assert read > 300  # the reader really took part


@pytest.mark.parametrize("name", ["examples/wikimedia-sre/ownership.yaml", "tests/data/fix/ownership.yaml"])
def test_real_mappings_load_the_same(name: str) -> None:
    text = (TOP / name).read_text(encoding="utf-8")
    expected_mapping, expected_findings, _ = _by_ruamel(text)
    mapping, findings = mapping_from_yaml_text(text, "ownership.yaml")
    assert (findings, _data(mapping)) == (expected_findings, _data(expected_mapping))


def test_the_example_mapping_is_in_the_form_read_line_by_line() -> None:
    assert read_mapping_lines((TOP / "examples/wikimedia-sre/ownership.yaml").read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("text", [
    "version: 1\nrules:\n  - path: /a/\n    owners: [yes]\n",  # a boolean to YAML 1.1
    "version: 1\nrules:\n  - path: /a/\n    owners: [a]\n    note: one\n      two\n",  # a continued scalar
    "version: 1\nrules:\n  - path: /a/\n    owners: [a]\n  - path: /a/\n    owners: [b]\n    owners: [c]\n",
    "version: 1\nrules:\n  - path: &p /a/\n    owners: [a]\n",
    "version: 1\nrules:\n  - path: /a/\n    owners: [a]\n---\nversion: 1\n",
    "version: 1\nrules:\n  - path: /a/\n    owners: [a]\u2028\n",
    "version: 1\nrules:\n  - path: /a/\r    owners: [a]\n",
    "version: 1\nrules:\n  - path: /a/\n    owners: [a]\t# a tab\n",
    "version: 1\nrules:\n  - path: /a/\n    owners: [a]  # \x7f\n",
    "version: 1\nrules:\n  - path: /caf\u00e9/\n    owners: [a]  # \x85\n",
])
def test_what_the_line_reader_leaves_to_ruamel(text: str) -> None:
    assert read_mapping_lines(text) is None
    expected_mapping, expected_findings, _ = _by_ruamel(text)
    mapping, findings = mapping_from_yaml_text(text, "ownership.yaml")
    assert (findings, _data(mapping)) == (expected_findings, _data(expected_mapping))
