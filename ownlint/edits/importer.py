"""An ownlint mapping (ownership.yaml text) from an existing CODEOWNERS file (`ownlint import`)."""
from __future__ import annotations

import re
from typing import Optional

from ownlint.errors import OwnlintError
from ownlint.formats.codeowners import codeowners_lines, parse_codeowners
from ownlint.formats.printable import json_text, printable
from ownlint.model.mapping import GITLAB, codeowners_flavor
from ownlint.model.registry import Registry

# Written plain only when YAML cannot read the text as a number, a boolean or null.
_PLAIN_PATH = re.compile(r"[A-Za-z_/][A-Za-z0-9_./-]*|\.[A-Za-z0-9_.-]*/[A-Za-z0-9_./-]*")
_PLAIN_ID = re.compile(r"[a-z][a-z0-9_-]*")
# Plain scalars YAML 1.1 or 1.2 would read as something other than a string.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yaml_string(text: str, plain: "re.Pattern[str]") -> str:
    if plain.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    # A JSON string is a YAML double-quoted scalar; json_text escapes what YAML would
    # read as a line break (NEL, U+2028) and the bidi controls.
    return json_text(text, indent=None)


def yaml_comment(text: str) -> str:
    """A CODEOWNERS comment as a YAML comment: a control character (a form feed, a
    NEL, U+2028) is spelled as its escape, since YAML rejects it or breaks the line."""
    return printable(text, keep="\t")


def team_id(owner: str, registry: Optional[Registry]) -> str:
    """The registry's id for an owner it knows (by handle, alias or id); anything else as written."""
    team = registry.resolve(owner) if registry is not None else None
    return team.id if team is not None else owner


def import_codeowners(text: str, file: str, registry: Optional[Registry], note: str) -> str:
    """The mapping text: one rule a CODEOWNERS line, in order, comments and blank lines kept."""
    parsed = parse_codeowners(text)
    if parsed.sections:
        first = parsed.sections[0]
        raise OwnlintError(
            f"GitLab section '[{first.name}]' cannot be imported: an ownlint mapping has no sections; "
            f"use this file as the mapping instead (ownership: {file} in .ownlint.yaml)",
            file, first.line, 1,
        )
    if codeowners_flavor(file, parsed.sections) == GITLAB:
        for rule in parsed.rules:
            if rule.pattern.text.startswith("!"):
                raise OwnlintError(
                    f"GitLab exclusion '{rule.pattern.text}' cannot be imported: an ownlint mapping has none; "
                    f"use this file as the mapping instead (ownership: {file} in .ownlint.yaml)",
                    file, rule.line, rule.pattern.column,
                )
    rules = {rule.line: rule for rule in parsed.rules}
    body: list[str] = []
    for number, line in enumerate(codeowners_lines(text), start=1):
        if number not in rules:
            stripped = line.strip()
            body.append(f"  {yaml_comment(stripped)}" if stripped else "")
            continue
        rule = rules[number]
        owners = [yaml_string(team_id(owner.text, registry), _PLAIN_ID) for owner in rule.owners]
        body.append(f"  - path: {yaml_string(rule.pattern.text, _PLAIN_PATH)}")
        comment = f"  {yaml_comment(rule.comment)}" if rule.comment else ""
        body.append(f"    owners: [{', '.join(owners)}]{comment}")
    while body and not body[-1]:
        body.pop()
    head = [f"# {yaml_comment(note)}", "version: 1"]
    if not rules:
        return "\n".join(head + ["rules: []"] + body) + "\n"
    return "\n".join(head + ["rules:"] + body) + "\n"
