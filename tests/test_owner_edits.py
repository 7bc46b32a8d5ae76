"""The CODEOWNERS mapping built from the one before a fix and the fix's edits is a fresh
read of the fixed text, field for field, or None: thousands of generated files (tabs,
CRLF, escapes, '#' inside tokens, odd line breaks, sections, GitLab exclusions and
defaults, suppression comments, owners GitHub skips) with edits as --fix makes them."""
from __future__ import annotations

import random
from typing import Optional

import pytest

from ownlint.edits.fix import Edit, _edit_text, owner_edit
from ownlint.model.mapping import Mapping, mapping_from_codeowners
from ownlint.model.owner_edits import codeowners_after_edits

OWNERS = ["@org/a", "@org/bb", "@x", "a@example.com", "not-an-owner", "@org/with#hash", "@esc\\ aped",
          "ownlint:ignore[OWN302]", "@org/technical-operations", "@\u00e9quipe", "#late"]
NEW = ["@org/sre", "@org/a-much-longer-team-name", "@s", "b@example.com", "plain", "ownlint:ignore[OWN201]", "@org/\u00e9"]
ODD_NEW = ["x#y", "two words", "back\\slash", "@org/tab\there", "\u00a0nbsp"]
PATTERNS = ["*", "/src/", "docs/*.md", "a\\ b", "!/vendor/", "/x[ab]/", "**/logs", "!*.tmp", "/d\\#e"]
COMMENTS = ["", "  # ownlint: ignore[OWN302]", " # a note", "\t#ownlint:ignore[OWN205, OWN302]", "#tight"]
BREAKS = ["\n", "\r\n", "\r", "\x0c\n", "\u2028"]


def _text(rng: random.Random) -> str:
    lines: list[str] = []
    odd = rng.random() < 0.15  # line breaks of every kind, mixed
    breaks = BREAKS if odd else [rng.choice(BREAKS[:2])]
    for _ in range(rng.randint(1, 12)):
        kind = rng.random()
        if kind < 0.1:
            lines.append(rng.choice(["# comment", "", "   "]))
        elif kind < 0.2:
            default = " ".join(rng.sample(OWNERS, rng.randint(0, 2)))
            lines.append(rng.choice(["[Sec]", "^[Opt][2]", "[sec]"]) + (" " + default if default else ""))
        else:
            owners = rng.sample(OWNERS, rng.randint(0, 3))
            gap = rng.choice([" ", "  ", "\t", " \t "])
            lines.append(rng.choice(["", " "]) + gap.join([rng.choice(PATTERNS), *owners]) + rng.choice(COMMENTS))
    return "".join(line + rng.choice(breaks) for line in lines)


def _edits(rng: random.Random, mapping: Mapping) -> list[Edit]:
    edits: list[Edit] = []
    for rule in mapping.rules:
        for owner in rule.owners:
            if rng.random() < 0.5:
                line, column, old, new = owner_edit(mapping, owner, rng.choice(ODD_NEW if rng.random() < 0.05 else NEW))
                if rng.random() < 0.05:
                    column += 1  # an edit that does not fit the text
                edits.append(Edit(mapping.file, line, column, old, new))
    # One fix per position, as plan_fixes keeps them.
    return list({(edit.line, edit.column): edit for edit in edits}.values())


def _after(mapping: Mapping, edits: list[Edit]) -> tuple[str, list[Edit]]:
    after, applied, _ = _edit_text(mapping.text.encode("utf-8", "surrogateescape"), edits)
    return after.decode("utf-8", "surrogateescape"), applied


@pytest.mark.parametrize("flavor", ["github", "gitlab", None])
def test_the_built_mapping_is_a_fresh_read(flavor: Optional[str]) -> None:
    rng = random.Random(f"owner-edits-{flavor}")
    built = 0
    for _ in range(800):
        text = _text(rng)
        before = mapping_from_codeowners(text, "CODEOWNERS", flavor)
        edits = _edits(rng, before)
        after, applied = _after(before, edits)
        result = codeowners_after_edits(before, [(e.line, e.column, e.old, e.new) for e in applied])
        if result is None:
            continue
        built += 1
        fresh = mapping_from_codeowners(after, "CODEOWNERS", flavor)
        assert result.text == after
        assert result == fresh, (text, after)
        assert [rule.owners for rule in result.rules] == [rule.owners for rule in fresh.rules]
    assert built > 100  # most files are built, not read again


def test_a_plain_fix_is_built_and_the_rest_is_read_again() -> None:
    text = "* @org/a\r\n/src/ @org/a  @x # ownlint: ignore[OWN302]\r\n[Sec] @org/a\r\n/b/\r\n"
    before = mapping_from_codeowners(text, "CODEOWNERS", "gitlab")
    built = codeowners_after_edits(before, [(2, 7, "@org/a", "@org/sre-team")])
    assert built is not None
    assert built.rules[1].owners[1].column == 22 and built.rules[1].ignore_column == 25
    assert built == mapping_from_codeowners(built.text, "CODEOWNERS", "gitlab")
    assert before.rules[1].owners[0].name == "@org/a"  # the mapping before is unchanged
    assert codeowners_after_edits(before, [(3, 7, "@org/a", "@org/sre")]) is None  # a section's defaults
    assert codeowners_after_edits(before, [(2, 7, "@org/a", "two words")]) is None
    assert codeowners_after_edits(before, [(2, 8, "org/a", "@org/sre")]) is None  # not where an owner starts
    assert codeowners_after_edits(before, []) is None


# ownlint YAML: every way an owner is written, with the things that send a file to ruamel.yaml.
YAML_FORMS = [
    "  - path: /plain{n}/\n    owners: [{a}]\n",
    "  - path: /commented{n}/   # rule {n}\n    owners: [{a}]   # comment\n",
    "  - path: '/single{n}/'\n    owners: ['{a}', {b}]\n",
    '  - path: "/double{n}/"\n    owners: [{b}, "{a}"]\n',
    "  - path: /block{n}/\n    owners:\n      - {a}   # first\n      # between\n      - {b}\n",
    "  - owners: [ {a} ,{b} ]\n    path: /spaced{n}/\n    note: owners first\n",
    "  - {{path: /flow{n}/, owners: [{a}, {b}]}}\n",
    "  - {{owners: [{a}], path: /flow-first{n}/, note: 'x'}}\n",
    "  - path: /suppressed{n}/\n    owners: [{a}]  # ownlint: ignore[OWN302]\n",
    "  - path: /anchored{n}/\n    owners: &o{n} [{a}]\n",
    "  - path: /tagged{n}/\n    owners: [!!str {a}]\n",
    "  - path: '*.md'\n    owners: [{a}]\n",
    "  - path: /quoted{n}/\n    owners: ['it''s {a}', \"say \\\"{b}\\\"\"]\n",
    "  - path: /bare{n}/\n    owners:\n    - '{a}'\n    - {b}\n",
]
YAML_OWNERS = ["technical-operations", "traffic", "Data Engineering", "team_x"]
YAML_NEW = ["sre", "@org/sre", "it's", 'say "hi"', "back\\slash", "yes", "true-team", "_x", "a b", "x#y", "é"]


def _yaml_text(rng: random.Random) -> str:
    forms = rng.sample(YAML_FORMS, rng.randint(1, 5))
    body = "".join(rng.choice(forms).format(n=n, a=rng.choice(YAML_OWNERS), b=rng.choice(YAML_OWNERS))
                   for n in range(rng.randint(1, 8)))
    text = "version: 1\nrules:\n" + body
    return text.replace("\n", "\r\n") if rng.random() < 0.1 else text


def test_the_built_yaml_mapping_is_a_fresh_read() -> None:
    from ownlint.model.mapping import mapping_from_yaml_text
    from ownlint.model.owner_edits import yaml_after_edits

    rng = random.Random("owner-edits-yaml")
    built = 0
    for _ in range(600):
        text = _yaml_text(rng)
        before, findings = mapping_from_yaml_text(text, "ownership.yaml")
        assert before is not None and not findings, text
        edits = [Edit(before.file, *owner_edit(before, owner, rng.choice(YAML_NEW)))
                 for rule in before.rules for owner in rule.owners if rng.random() < 0.6]
        after, applied = _after(before, list({(e.line, e.column): e for e in edits}.values()))
        result = yaml_after_edits(before, [(e.line, e.column, e.old, e.new) for e in applied])
        if result is None:
            continue
        built += 1
        fresh, fresh_findings = mapping_from_yaml_text(after, "ownership.yaml")
        assert not fresh_findings
        assert result.text == after
        assert result == fresh, (text, after)
    assert built > 60
