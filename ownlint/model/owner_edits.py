"""A mapping after fixes that replaced owners, built from the mapping read before them:
`check --fix` reports what remains as a fresh run would, without tokenizing or parsing
and building every rule again. Only where the result is provably a fresh read's:

- CODEOWNERS: each edit replaces one whole owner token of a rule's own line with a
  single plain token, so every other token keeps its text and moves by the length change.
- ownlint YAML: each edit replaces one owner's scalar with a scalar YAML surely reads
  as the new name (a plain word that is no boolean or null, or a simply quoted value),
  in a file with no anchor, alias or tag and no suppression comment on an edited line;
  the structure, and so the schema's verdict, is the same, and every position after
  the edit on its line moves by the length change.

Anything else (a section's default owners, an escape, a '#', an odd line break) is
None, and the caller reads the file as usual. The result is taken only where the file
holds exactly its text (load_mapping's `known`; for YAML, `remember` and `fixed_mapping`)."""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ownlint.formats.mapping_lines import plain_reads_as_string
from ownlint.formats.owner_syntax import owner_problem
from ownlint.model.mapping import CODEOWNERS, GITHUB, YAML, Mapping, Owner, Rule, suppression_position

# A token that reads back as itself: no space, escape or comment (and no control
# character: fixes never write one).
_ONE_TOKEN = re.compile(r"[^\s#\\\x00-\x1f\x7f-\x9f]+")

# Line breaks other than "\n" and "\r\n": a YAML mapping's reader counts lines at some
# of them (str.splitlines, ruamel.yaml) where the edits' split("\n") does not.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\r(?!\n)")

# (line, column, old, new): the owner token at line:column, `old`, becomes `new`.
OwnerEdit = tuple[int, int, str, str]


def codeowners_after_edits(mapping: Mapping, edits: Sequence[OwnerEdit]) -> Optional[Mapping]:
    """The mapping a fresh read of the edited text gives, or None where that is not certain."""
    if mapping.kind != CODEOWNERS or not edits:
        return None
    by_line: dict[int, dict[int, tuple[str, str]]] = {}
    for line, column, old, new in edits:
        if not (_ONE_TOKEN.fullmatch(old) and _ONE_TOKEN.fullmatch(new)):
            return None
        at = by_line.setdefault(line, {})
        if column in at:
            return None
        at[column] = (old, new)
    rules_on = {rule.line: rule for rule in mapping.rules if rule.line in by_line}
    if len(rules_on) != len(by_line):
        return None  # an edit off a rule's line (a section header's default owners)
    lines = list(mapping.lines)
    rules = list(mapping.rules)
    for number, at in by_line.items():
        rule = rules_on[number]
        edited = _edited_rule(rule, lines[number - 1], at, mapping.flavor)
        if edited is None:
            return None
        rules[rule.index], lines[number - 1] = edited
    return mapping.edited(rules, "\n".join(lines), mapping.document)


def _copy(rule: Rule) -> Rule:
    """A copy of a rule to change (the constructor costs 10 µs a rule)."""
    copied = Rule.__new__(Rule)
    copied.__dict__.update(rule.__dict__)
    return copied


def _edited_rule(rule: Rule, text: str, at: dict[int, tuple[str, str]], flavor: str) -> Optional[tuple[Rule, str]]:
    """The rule and its line with the owners at these columns replaced."""
    owners: list[Owner] = []
    pieces: list[str] = []
    done = shift = 0
    for owner in rule.owners:
        if owner.line != rule.line:
            return None  # GitLab's section defaults: written on the header's line
        change = at.get(owner.column)
        if change is None:
            owners.append(Owner(owner.name, owner.line, owner.column + shift))
            continue
        old, new = change
        start = owner.column - 1
        if old != owner.name or text[start:start + len(old)] != old:
            return None
        pieces += [text[done:start], new]
        done = start + len(old)
        owners.append(Owner(new, owner.line, owner.column + shift))
        shift += len(new) - len(old)
    if len(pieces) != 2 * len(at):
        return None  # an edit at a column where no owner of the rule starts
    pieces.append(text[done:])
    line = "".join(pieces)
    edited = _copy(rule)
    edited.owners = owners
    edited.skipped = flavor == GITHUB and any(owner_problem(o.name) for o in owners)
    if rule.ignores:  # the comment is the same; where its suppression is found is asked again
        edited.ignore_column = suppression_position(line[:-1] if line.endswith("\r") else line)
    return edited, line


# A value as `check --fix` writes it into ownlint YAML (edits/fix.py owner_edit), and
# what YAML reads from it: a single-quoted value ('' is a quote), a double-quoted one
# with only \\ and \" escaped, or a plain word that YAML 1.1 and 1.2 read as a string.
_SINGLE = re.compile(r"'((?:[^'\n]|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\\n]|\\["\\])*)"')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/]*")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _yaml_string(written: str) -> Optional[str]:
    """The string YAML surely reads from this scalar as written, else None."""
    single = _SINGLE.fullmatch(written)
    if single is not None:
        return single.group(1).replace("''", "'")
    double = _DOUBLE.fullmatch(written)
    if double is not None:
        return re.sub(r"\\(.)", r"\1", double.group(1))
    if _WORD.fullmatch(written) and plain_reads_as_string(written):
        return written
    return None


def yaml_after_edits(mapping: Mapping, edits: Sequence[OwnerEdit]) -> Optional[Mapping]:
    """The ownlint YAML mapping a fresh read of the edited text gives (with no loading
    finding, as `mapping` had none: the caller's word), or None where that is not certain."""
    text = mapping.text
    if mapping.kind != YAML or not edits or _OTHER_BREAKS.search(text) or any(c in text for c in "&!\ufeff"):
        return None  # an anchor (which aliases need) or a tag could carry a value elsewhere
    by_line: dict[int, dict[int, tuple[str, str, str]]] = {}
    for line, column, old, new in edits:
        name = _yaml_string(new)
        if not name or _CONTROL.search(name) or "#" in new or "ownlint" in new:
            return None
        at = by_line.setdefault(line, {})
        if column in at:
            return None
        at[column] = (old, new, name)
    lines = list(mapping.lines)
    for number, at in by_line.items():
        if not 1 <= number <= len(lines) or "ownlint" in lines[number - 1]:
            return None  # a suppression comment on the line: read it again
        pieces: list[str] = []
        done = 0
        for column in sorted(at):
            old, new, _ = at[column]
            start = column - 1
            if start < done or not lines[number - 1].startswith(old, start):
                return None
            pieces += [lines[number - 1][done:start], new]
            done = start + len(old)
        lines[number - 1] = "".join(pieces) + lines[number - 1][done:]

    def moved(line: int, column: int) -> int:
        at = by_line.get(line)
        if at is None:
            return column
        return column + sum(len(new) - len(old) for start, (old, new, _) in at.items() if start < column)

    rules = list(mapping.rules)
    found = 0
    for rule in mapping.rules:
        if rule.line not in by_line and not any(owner.line in by_line for owner in rule.owners):
            continue
        owners: list[Owner] = []
        for owner in rule.owners:
            change = by_line.get(owner.line, {}).get(owner.column)
            name = owner.name
            if change is not None:
                old, _, name = change
                if (old if _WORD.fullmatch(old) else _yaml_string(old)) != owner.name:
                    return None  # not this owner's value as written
                found += 1
            owners.append(Owner(name, owner.line, moved(owner.line, owner.column)))
        edited = rules[rule.index] = _copy(rule)
        edited.owners, edited.column = owners, moved(rule.line, rule.column)
    if found != sum(len(at) for at in by_line.values()):
        return None  # an edit where no owner's value starts
    return mapping.edited(rules, "\n".join(lines), None)


# The YAML mapping `check --fix` built for the text it wrote, until the file is read again.
_REMEMBERED: list[Mapping] = []


def remember(mapping: Mapping) -> None:
    _REMEMBERED[:] = [mapping]


def fixed_mapping(file: str, text: str) -> Optional[Mapping]:
    """The remembered mapping, once, if it is of this file as it holds exactly this text."""
    if _REMEMBERED and _REMEMBERED[0].file == file and _REMEMBERED[0].text == text:
        return _REMEMBERED.pop()
    return None
