"""The check catalog as Markdown: docs/rules.md is this module's output, never edited by hand."""
from __future__ import annotations

from typing import Sequence

from ownlint.checks.catalog import CheckDoc
from ownlint.report.rules import CODE_SECTIONS, SECTIONS

REGENERATE = "ownlint rules --format markdown > docs/rules.md"

INTRODUCTION = """\
Every check ownlint runs, with its code, name, default severity and fix, and its
documentation in ruff's sections. `ownlint rules CODE` prints the same text at the
terminal; the SARIF output carries it to code scanning. Severities can be changed and
checks selected in the configuration ([suppression.md](suppression.md)). Each
check's *Example* reports its code and its *Use instead* does not: the tests run
both in a repository set up as the entry's `example_setup` in `rules/core.yaml` says
(`tests/test_rule_examples.py`)."""


def snippet_language(entry: CheckDoc) -> str:
    """The code fence's language for the check's examples: the file they are."""
    setup = entry.example_setup
    return "text" if setup is not None and not setup.file.endswith((".yaml", ".yml")) else "yaml"


def anchor(entry: CheckDoc) -> str:
    """The anchor GitHub gives the check's heading (`## OWN302 retired-owner`)."""
    return f"{entry.code.lower()}-{entry.name}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fix_line(entry: CheckDoc) -> str:
    if entry.fixable == "none":
        return "Fix: none."
    return f"Fix: {entry.fixable} (`ownlint check --fix`)."


def entry_markdown(entry: CheckDoc, level: int = 2) -> str:
    """One check's documentation, its heading at `level`."""
    heading = "#" * level
    lines = [f"{heading} {entry.code} {entry.name}", "", entry.summary.strip(), ""]
    lines.append(f"Default severity: {entry.severity.label}. {_fix_line(entry)}")
    for title, key in SECTIONS:
        body = str(getattr(entry, key)).rstrip("\n")
        lines += ["", f"{heading}# {title}", ""]
        if key in CODE_SECTIONS:
            lines += [f"```{snippet_language(entry)}", body, "```"]
        else:
            lines.append(body)
    return "\n".join(lines) + "\n"


def catalog_markdown(entries: Sequence[CheckDoc]) -> str:
    """The whole catalog: a table of contents, then every check."""
    lines = [
        f"<!-- Generated from rules/core.yaml by `{REGENERATE}`: do not edit by hand. -->",
        "",
        "# Checks",
        "",
        INTRODUCTION,
        "",
        "| code | name | default | fix | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| [{e.code}](#{anchor(e)}) | {e.name} | {e.severity.label} | {e.fixable} | {_cell(e.summary.strip())} |"
        for e in entries
    ]
    text = "\n".join(lines) + "\n"
    for entry in entries:
        text += "\n" + entry_markdown(entry)
    return text
