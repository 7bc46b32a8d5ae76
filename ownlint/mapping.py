"""The ownership mapping: ordered rules from an ownlint YAML file or a CODEOWNERS file."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ownlint.codeowners import RawSection, parse_codeowners, suppressed_codes
from ownlint.patterns import Pattern, PatternError, parse_pattern
from ownlint.yamlio import YamlDocument, position

YAML, CODEOWNERS = "yaml", "codeowners"


@dataclass(frozen=True)
class Owner:
    name: str
    line: int
    column: int


@dataclass
class Rule:
    index: int
    text: str  # the pattern as written
    owners: list[Owner]
    line: int
    column: int
    note: Optional[str] = None
    section: Optional[RawSection] = None
    ignores: frozenset[str] = frozenset()
    pattern: Optional[Pattern] = None
    pattern_error: Optional[PatternError] = None


@dataclass
class Mapping:
    file: str
    kind: str
    rules: list[Rule]
    text: str
    document: Optional[YamlDocument] = None
    sections: list[RawSection] = field(default_factory=list)


def _compile(rule: Rule) -> Rule:
    try:
        rule.pattern = parse_pattern(rule.text)
    except PatternError as error:
        rule.pattern_error = error
    return rule


def mapping_from_codeowners(text: str, file: str) -> Mapping:
    parsed = parse_codeowners(text)
    rules: list[Rule] = []
    for raw in parsed.rules:
        owners = [Owner(o.text, raw.line, o.column) for o in raw.owners]
        if not owners and raw.section is not None:  # GitLab: the section's defaults apply
            owners = [Owner(o.text, raw.section.line, o.column) for o in raw.section.default_owners]
        rule = Rule(
            index=len(rules),
            text=raw.pattern.text,
            owners=owners,
            line=raw.line,
            column=raw.pattern.column,
            section=raw.section,
            ignores=raw.ignores,
        )
        rules.append(_compile(rule))
    return Mapping(file, CODEOWNERS, rules, text, sections=parsed.sections)


def _rule_suppressions(lines: list[str], first: int, last: int) -> frozenset[str]:
    codes: frozenset[str] = frozenset()
    for number in range(first, min(last, len(lines)) + 1):
        if "ownlint" in lines[number - 1]:
            codes |= suppressed_codes(lines[number - 1])
    return codes


def mapping_from_document(document: YamlDocument) -> Mapping:
    """Build the mapping from a YAML document that passed the schema."""
    data = document.data
    lines = document.text.splitlines()
    entries = list(data.get("rules") or [])
    starts = [position(data, ["rules", i])[0] for i in range(len(entries))]
    rules: list[Rule] = []
    for index, entry in enumerate(entries):
        line, column = position(data, ["rules", index, "path"])
        owners = [
            Owner(str(name), *position(data, ["rules", index, "owners", number]))
            for number, name in enumerate(entry.get("owners") or [])
        ]
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)
        rules.append(
            _compile(
                Rule(
                    index=index,
                    text=str(entry["path"]),
                    owners=owners,
                    line=line,
                    column=column,
                    note=entry.get("note"),
                    ignores=_rule_suppressions(lines, starts[index], end),
                )
            )
        )
    return Mapping(document.file, YAML, rules, document.text, document)
