"""The ownership mapping: ordered rules from an ownlint YAML file or a CODEOWNERS file."""
from __future__ import annotations

from functools import cached_property
from itertools import starmap

from ownlint.errors import OwnlintError, PatternError, PatternProblem
from ownlint.findings import Finding
from ownlint.formats.codeowners import (
    FORGE_OF_LOCATION,
    RawSection,
    Token,
    codeowners_lines,
    find_suppression,
    parse_codeowners,
    suppressed_codes,
)
from ownlint.formats.owner_syntax import owner_problem
from ownlint.matching.patterns import Pattern, parse_pattern
from ownlint.values import Frozen, Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # (a CODEOWNERS mapping is read without the YAML reader)
    from typing import Any, Callable, Optional, Union

    from ownlint.formats.yamlio import YamlDocument

YAML, CODEOWNERS = "yaml", "codeowners"
# Real mappings have a few thousand rules; far more is a generated or hostile file.
MAX_RULES = 100_000
# CODEOWNERS flavors: GitLab adds sections (each with its own last match) and `!` exclusions.
GITHUB, GITLAB = "github", "gitlab"


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Owner(Frozen):
    name: str
    line: int
    column: int

    def __init__(self, name: str, line: int, column: int) -> None:
        # Item by item: no keyword dict to build (a warm run makes thousands, from the cache).
        fields = self.__dict__
        fields["name"] = name
        fields["line"] = line
        fields["column"] = column


class Rule(Value):
    index: int
    text: str  # the pattern as written
    owners: list[Owner]
    line: int
    column: int
    note: Optional[str]
    section: Optional[RawSection]
    ignores: frozenset[str]
    pattern: Optional[Pattern]
    pattern_error: Optional[PatternError]
    # GitLab `!pattern`: a matching file gets no owner from this rule's section.
    exclusion: bool
    # Where the `# ownlint: ignore[...]` comment is (1-based), when there is one.
    ignore_line: Optional[int]
    ignore_column: Optional[int]
    # GitHub skips a line it cannot read (an owner that is not @user, @org/team or an
    # e-mail): the rule takes no part in the table; OWN205 says who owns its files.
    skipped: bool

    def __init__(
        self,
        index: int,
        text: str,
        owners: list[Owner],
        line: int,
        column: int,
        note: Optional[str] = None,
        section: Optional[RawSection] = None,
        ignores: frozenset[str] = frozenset(),
        pattern: Optional[Pattern] = None,
        pattern_error: Optional[PatternError] = None,
        exclusion: bool = False,
        ignore_line: Optional[int] = None,
        ignore_column: Optional[int] = None,
        skipped: bool = False,
    ) -> None:
        self.index = index
        self.text = text
        self.owners = owners
        self.line = line
        self.column = column
        self.note = note
        self.section = section
        self.ignores = ignores
        self.pattern = pattern
        self.pattern_error = pattern_error
        self.exclusion = exclusion
        self.ignore_line = ignore_line
        self.ignore_column = ignore_column
        self.skipped = skipped

    @property
    def section_key(self) -> Optional[str]:
        """Rules of the same key share one last-match-wins; GitLab merges sections of
        the same name, compared without case."""
        return self.section.name.lower() if self.section is not None else None


# How a CODEOWNERS file's flavor was decided.
BY_LOCATION, BY_CONFIGURATION, DETECTED = "location", "configuration", "detected"


class Flavor(Frozen):
    """Which forge's reading a CODEOWNERS file gets, and why."""

    name: str  # GITHUB or GITLAB
    source: str  # BY_LOCATION, BY_CONFIGURATION or DETECTED
    reason: str

    def __init__(self, name: str, source: str, reason: str) -> None:
        self.__dict__.update(name=name, source=source, reason=reason)


class Mapping(Value):
    file: str
    kind: str
    rules: list[Rule]
    text: str
    document: Optional[YamlDocument]
    sections: list[RawSection]
    flavor: str  # for CODEOWNERS files; ownlint YAML mappings follow GitHub
    why_flavor: Optional[Flavor]  # CODEOWNERS files only
    # GitLab section headers in a GitHub file: lines GitHub skips (OWN201).
    foreign_sections: list[RawSection]
    configured: Optional[str]  # the configuration's flavor: this mapping was read with it

    def __init__(
        self,
        file: str,
        kind: str,
        rules: list[Rule],
        text: str,
        document: Optional[YamlDocument] = None,
        sections: Optional[list[RawSection]] = None,
        flavor: str = GITHUB,
        why_flavor: Optional[Flavor] = None,
        foreign_sections: Optional[list[RawSection]] = None,
        configured: Optional[str] = None,
    ) -> None:
        self.file = file
        self.kind = kind
        self.rules = rules
        self.text = text
        self.document = document
        self.sections = [] if sections is None else sections
        self.flavor = flavor
        self.why_flavor = why_flavor
        self.foreign_sections = [] if foreign_sections is None else foreign_sections
        self.configured = configured

    def edited(self, rules: list[Rule], text: str, document: Optional[YamlDocument]) -> Mapping:
        """A new mapping of these rules and this text, the rest as it was (a fix's result)."""
        return Mapping(
            self.file, self.kind, rules, text, document, self.sections, self.flavor, self.why_flavor,
            self.foreign_sections, self.configured,
        )

    @cached_property
    def lines(self) -> list[str]:
        """The text split once (a CRLF line keeps its "\\r"): fixes read their line from
        here, so fixing N owners is linear in the mapping, not N times its size."""
        return self.text.split("\n")


def decide_flavor(file: str, sections: list[RawSection], configured: Optional[str] = None) -> Flavor:
    """The location decides where only one forge reads the file; elsewhere (CODEOWNERS,
    docs/CODEOWNERS, any other place) the configuration's `flavor:`, else the content."""
    forge = FORGE_OF_LOCATION.get(file)
    if forge is not None:
        return Flavor(forge, BY_LOCATION, f"only {_FORGE_NAMES[forge]} reads {file}")
    if configured is not None:
        return Flavor(configured, BY_CONFIGURATION, f"flavor: {configured} in the configuration")
    both = f"{file} is read by GitHub and GitLab; set flavor: github|gitlab in the configuration to choose"
    if sections:
        return Flavor(GITLAB, DETECTED, f"its [Section] header on line {sections[0].line} is GitLab's ({both})")
    return Flavor(GITHUB, DETECTED, f"it has no GitLab [Section] header ({both})")


_FORGE_NAMES = {GITHUB: "GitHub", GITLAB: "GitLab"}


def codeowners_flavor(file: str, sections: list[RawSection]) -> str:
    """The flavor a CODEOWNERS file gets with no configuration (see decide_flavor)."""
    return decide_flavor(file, sections).name


def suppression_position(line_text: str) -> Optional[int]:
    """The 1-based column of an `# ownlint: ignore[...]` comment in a line, if any."""
    found = find_suppression(line_text)
    return found[0] + 1 if found is not None else None


# Patterns parsed in this process, by text and reading (values: a Pattern is frozen, an
# error is never changed). `check --fix` reads its mapping again after the edit, where
# only owners changed: the second read parses no pattern. One mapping's worth is kept.
_parsed: dict[tuple[str, bool], Union[Pattern, PatternError]] = {}


def _parse(text: str, gitlab: bool) -> Union[Pattern, PatternError]:
    key = (text, gitlab)
    found = _parsed.get(key)
    if found is None:
        try:
            found = parse_pattern(text, escaped_hash=gitlab)
        except PatternError as error:
            found = error
        if len(_parsed) >= MAX_RULES:
            _parsed.clear()
        _parsed[key] = found
    return found


def _compile(rule: Rule, flavor: str = GITHUB) -> Rule:
    parsed = _parse(rule.text[1:] if rule.exclusion else rule.text, flavor == GITLAB)
    if isinstance(parsed, Pattern):
        rule.pattern = parsed
    else:  # columns count from the rule's text, a GitLab exclusion's '!' included
        rule.pattern_error = parsed.shifted(1) if rule.exclusion else parsed
    return rule


def _check_rule_count(count: int, file: str, line: Callable[[int], int]) -> None:
    if count > MAX_RULES:
        raise OwnlintError(f"{count:,} rules, over the limit of {MAX_RULES:,}", file, line(MAX_RULES), 1)


def mapping_from_codeowners(text: str, file: str, configured: Optional[str] = None) -> Mapping:
    """The rules of a CODEOWNERS file as its forge reads them; configured: the
    configuration's `flavor:` (used where both forges read the file)."""
    parsed = parse_codeowners(text)
    _check_rule_count(len(parsed.rules), file, lambda index: parsed.rules[index].line)
    why = decide_flavor(file, parsed.sections, configured)
    flavor = why.name
    foreign: list[RawSection] = []
    if flavor == GITHUB and parsed.sections:
        # GitHub skips a header line it cannot read; the rules after it are ordinary rules.
        foreign, parsed.sections = parsed.sections, []
        for raw in parsed.rules:
            raw.section = None
    lines = codeowners_lines(text)
    rules: list[Rule] = []
    for raw in parsed.rules:
        owners = [Owner(o.text, raw.line, o.column) for o in raw.owners]
        exclusion = flavor == GITLAB and raw.pattern.text.startswith("!")
        if exclusion:
            owners = []  # GitLab ignores owners written on an exclusion
        elif not owners and raw.section is not None:  # GitLab: the section's defaults apply
            owners = [Owner(o.text, raw.section.line, o.column) for o in raw.section.default_owners]
        rule = Rule(
            index=len(rules),
            text=raw.pattern.text,
            owners=owners,
            line=raw.line,
            column=raw.pattern.column,
            section=raw.section,
            ignores=raw.ignores,
            exclusion=exclusion,
            skipped=flavor == GITHUB and any(owner_problem(o.name) for o in owners),
        )
        if raw.ignores:
            rule.ignore_line, rule.ignore_column = raw.line, suppression_position(lines[raw.line - 1])
        rules.append(_compile(rule, flavor))
    return Mapping(
        file, CODEOWNERS, rules, text, sections=parsed.sections, flavor=flavor, why_flavor=why, foreign_sections=foreign,
        configured=configured,
    )


def _rule_suppressions(lines: list[str], first: int, last: int) -> tuple[frozenset[str], Optional[int], Optional[int]]:
    """The codes a rule's lines suppress, and where the (first) comment is."""
    codes: frozenset[str] = frozenset()
    where: tuple[Optional[int], Optional[int]] = (None, None)
    for number in range(first, min(last, len(lines)) + 1):
        if "ownlint" in lines[number - 1]:
            found = suppressed_codes(lines[number - 1])
            if found and where[0] is None:
                where = (number, suppression_position(lines[number - 1]))
            codes |= found
    return codes, where[0], where[1]


def mapping_from_yaml_text(text: str, file: str) -> tuple[Optional[Mapping], list[Finding]]:
    """An ownlint YAML mapping and its loading findings (OWN001-OWN003). The block form
    most mappings are written in is read line by line (formats/mapping_lines.py);
    every other text, and any text the schema rejects, is read by ruamel.yaml, which
    gives the positions and messages, as it always has."""
    from ownlint.formats.mapping_lines import read_mapping_lines
    from ownlint.formats.schema_check import is_valid

    quick = read_mapping_lines(text)
    if quick is not None and is_valid(quick.plain(), "ownership"):
        entries = [
            _Entry(rule.start, *rule.path, list(rule.owners), rule.note)
            for rule in quick.rules if rule.path is not None and rule.owners is not None
        ]
        return _mapping_of(file, text, entries), []
    from ownlint.formats.schema import validate
    from ownlint.formats.yamlio import parse_yaml

    document, findings = parse_yaml(text, file)
    if document is None:
        return None, findings
    schema_findings = validate(document, "ownership")
    if schema_findings:
        return None, findings + schema_findings
    mapping = mapping_from_document(document)
    mapping.document = None  # positions are in the rules; the ruamel tree is not kept
    return mapping, findings


class _Entry:
    """One rule as the YAML file gives it, with the positions of its values. (Not a
    NamedTuple: a CODEOWNERS run does not import typing.)"""

    __slots__ = ("start", "path", "line", "column", "owners", "note")

    def __init__(
        self, start: int, path: str, line: int, column: int, owners: list[tuple[str, int, int]], note: Optional[str]
    ) -> None:
        self.start = start  # the line of its first key
        self.path = path
        self.line = line
        self.column = column
        self.owners = owners
        self.note = note


def mapping_from_document(document: YamlDocument) -> Mapping:
    """Build the mapping from a YAML document that passed the schema."""
    from ownlint.formats.yamlio import position

    data = document.data
    rules = list(data.get("rules") or [])
    _check_rule_count(len(rules), document.file, lambda index: position(data, ["rules", index])[0])
    entries = [
        _Entry(
            position(data, ["rules", index])[0],
            str(entry["path"]),
            *position(data, ["rules", index, "path"]),
            [(str(name), *position(data, ["rules", index, "owners", number]))
             for number, name in enumerate(entry.get("owners") or [])],
            entry.get("note"),
        )
        for index, entry in enumerate(rules)
    ]
    mapping = _mapping_of(document.file, document.text, entries)
    mapping.document = document
    return mapping


def _mapping_of(file: str, text: str, entries: list[_Entry]) -> Mapping:
    """The mapping of the entries, with the suppressions written on each rule's lines."""
    _check_rule_count(len(entries), file, lambda index: entries[index].start)
    lines = text.splitlines() if "ownlint" in text else []  # no suppression comment: no lines to read
    rules: list[Rule] = []
    ignores: frozenset[str] = frozenset()
    ignore_line: Optional[int] = None
    ignore_column: Optional[int] = None
    for index, entry in enumerate(entries):
        if lines:
            end = entries[index + 1].start - 1 if index + 1 < len(entries) else len(lines)
            ignores, ignore_line, ignore_column = _rule_suppressions(lines, entry.start, end)
        rules.append(
            _compile(
                Rule(
                    index=index,
                    text=entry.path,
                    owners=[Owner(name, line, column) for name, line, column in entry.owners],
                    line=entry.line,
                    column=entry.column,
                    note=entry.note,
                    ignores=ignores,
                    ignore_line=ignore_line,
                    ignore_column=ignore_column,
                )
            )
        )
    return Mapping(file, YAML, rules, text)


# --- a YAML mapping as plain data, for the result cache ------------------------------------


def mapping_to_data(mapping: Mapping) -> dict[str, Any]:
    """What mapping_from_data needs to build the same mapping again without YAML or the
    schema (an ownlint YAML mapping: it has no sections; patterns are compiled again)."""
    return {
        "file": mapping.file,
        "rules": [
            [rule.text, [[o.name, o.line, o.column] for o in rule.owners], rule.line, rule.column, rule.note,
             sorted(rule.ignores), rule.ignore_line, rule.ignore_column]
            for rule in mapping.rules
        ],
    }


def mapping_from_data(data: Any, text: str, file: str) -> Mapping:
    """The mapping mapping_to_data described; ValueError for anything of another shape
    (the cache holds what anyone could have written there)."""
    if not isinstance(data, dict) or data.get("file") != file or not isinstance(data.get("rules"), list):
        raise ValueError("not a cached mapping")
    rules: list[Rule] = []
    for index, entry in enumerate(data["rules"]):
        pattern, owners, line, column, note, ignores, ignore_line, ignore_column = entry
        rule = Rule(
            index=index,
            text=_text(pattern),
            owners=[Owner(_text(name), _int(at), _int(col)) for name, at, col in owners],
            line=_int(line),
            column=_int(column),
            note=None if note is None else _text(note),
            ignores=frozenset(_text(code) for code in ignores),
            ignore_line=None if ignore_line is None else _int(ignore_line),
            ignore_column=None if ignore_column is None else _int(ignore_column),
        )
        rules.append(_compile(rule))
    _check_rule_count(len(rules), file, lambda index: rules[index].line)
    return Mapping(file, YAML, rules, text)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("not a position")
    return value


# --- a CODEOWNERS mapping as plain data, for the result cache ------------------------------


def codeowners_to_data(mapping: Mapping) -> dict[str, Any]:
    """What codeowners_from_data needs to build the same mapping again without reading the
    text: every rule with its owners, section, suppressions and parsed pattern."""
    sections = {id(section): number for number, section in enumerate(mapping.sections)}
    why = mapping.why_flavor
    # One str for each owner's name: marshal writes a name again as a reference to its
    # first (5 bytes, not the name), and the warm run reads it back as that one object.
    # (DataDog's 3,179 owners are 370 names: its entry 197 to 147 KB.)
    names: dict[str, str] = {}
    name = names.setdefault
    return {
        "flavor": mapping.flavor,
        "why": None if why is None else [why.name, why.source, why.reason],
        "sections": [_section_data(section) for section in mapping.sections],
        "foreign": [_section_data(section) for section in mapping.foreign_sections],
        "rules": [
            (rule.text, rule.line, rule.column, tuple((name(o.name, o.name), o.line, o.column) for o in rule.owners),
             -1 if rule.section is None else sections[id(rule.section)], tuple(sorted(rule.ignores)), rule.ignore_line,
             rule.ignore_column, rule.exclusion, rule.skipped, _pattern_data(rule))
            for rule in mapping.rules
        ],
    }


def _section_data(section: RawSection) -> list[Any]:
    return [section.name, section.line, section.optional, section.approvals,
            [value for token in section.default_owners for value in (token.text, token.column)]]


def _section_of(data: list[Any]) -> RawSection:
    name, line, optional, approvals, owners = data
    return RawSection(name, line, optional, approvals, [Token(owners[i], owners[i + 1]) for i in range(0, len(owners), 2)])


def _pattern_data(rule: Rule) -> tuple[Any, ...]:
    """A parsed pattern: its flags and segments (kept as they are: a str for nearly every
    segment, see Pattern.segments; marshal keeps strs and tuples apart), or its error."""
    if rule.pattern is None:
        error = rule.pattern_error
        assert error is not None
        return (error.message, error.column, error.kind.name)
    pattern = rule.pattern
    return (pattern.anchored, pattern.directory_only, pattern.children_only, pattern.segments)  # its text: the rule's


def codeowners_from_data(data: Any, text: str, file: str, configured: Optional[str]) -> Mapping:
    """The mapping codeowners_to_data described (the cache seals what it wrote: see
    formats/cache.py); ValueError, TypeError, KeyError or IndexError for anything else.
    A warm run builds a thousand rules here: each is made in as few steps as it can be."""
    sections = [_section_of(entry) for entry in data["sections"]]
    foreign = [_section_of(entry) for entry in data["foreign"]]
    why = data["why"]
    rules: list[Rule] = []
    owner = Owner
    no_ignores: frozenset[str] = frozenset()
    for index, (pattern_text, line, column, owners, section, ignores, ignore_line, ignore_column, exclusion, skipped,
                parsed) in enumerate(data["rules"]):
        rule = Rule(
            index, pattern_text, list(starmap(owner, owners)),
            line, column, None, None if section < 0 else sections[section], frozenset(ignores) if ignores else no_ignores,
            None, None, exclusion, ignore_line, ignore_column, skipped,
        )
        if len(parsed) == 3:
            rule.pattern_error = PatternError(parsed[0], parsed[1], PatternProblem[parsed[2]])
        else:
            anchored, directory_only, children_only, segments = parsed
            if type(segments) is not tuple:
                raise TypeError("not the segments this ownlint keeps")
            rule.pattern = Pattern(pattern_text[1:] if exclusion else pattern_text, anchored, directory_only,
                                   children_only, segments)
        rules.append(rule)
    return Mapping(
        file, CODEOWNERS, rules, text, sections=sections, flavor=data["flavor"],
        why_flavor=None if why is None else Flavor(*why), foreign_sections=foreign, configured=configured,
    )
