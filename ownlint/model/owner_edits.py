"""A CODEOWNERS mapping after fixes that replaced owner tokens, built from the mapping
read before them: `check --fix` reports what remains as a fresh run would, without
tokenizing and building every rule again. Only where the result is provably a fresh
read's: each edit replaces one whole owner token of a rule's own line with a single
plain token, so every other token keeps its text and moves by the length change.
Anything else (a section's default owners, an escape, a '#', an odd line break) is
None, and the caller reads the file as usual. The caller takes the result only when
the file holds exactly its text (load_mapping's `known`)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional, Sequence

from ownlint.formats.owner_syntax import owner_problem
from ownlint.model.mapping import CODEOWNERS, GITHUB, Mapping, Owner, Rule, suppression_position

# A token that reads back as itself: no space, escape or comment (and no control
# character: fixes never write one).
_ONE_TOKEN = re.compile(r"[^\s#\\\x00-\x1f\x7f-\x9f]+")
# Line breaks other than "\n" and "\r\n": str.splitlines (which numbers a CODEOWNERS
# file's lines) would count lines that str.split("\n") does not.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\r(?!\n)")

# (line, column, old, new): the owner token at line:column, `old`, becomes `new`.
OwnerEdit = tuple[int, int, str, str]


def codeowners_after_edits(mapping: Mapping, edits: Sequence[OwnerEdit]) -> Optional[Mapping]:
    """The mapping a fresh read of the edited text gives, or None where that is not certain."""
    if mapping.kind != CODEOWNERS or not edits or _OTHER_BREAKS.search(mapping.text):
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
    return replace(mapping, rules=rules, text="\n".join(lines))


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
    edited = replace(rule, owners=owners, skipped=flavor == GITHUB and any(owner_problem(o.name) for o in owners))
    if rule.ignores:  # the comment is the same; where its suppression is found is asked again
        edited.ignore_column = suppression_position(line[:-1] if line.endswith("\r") else line)
    return edited, line
