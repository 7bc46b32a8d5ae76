"""GitHub Actions workflow commands: one `::error file=…,line=…::message` annotation a finding."""
from __future__ import annotations

from typing import Sequence

from ownlint.checks.catalog import load_catalog
from ownlint.findings import Finding, Severity
from ownlint.formats.printable import printable
from ownlint.report import repository_path
from ownlint.report.text import format_text

# GitHub has no "info" annotation; "notice" is its lowest level.
_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part, escaped as @actions/core's escapeData does, after every other
    control character (an escape sequence in a file name) is made printable."""
    text = printable(text, keep="\r\n")  # these two have escapes of their own, below
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title), escaped as @actions/core's escapeProperty does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, summary: dict[str, object]) -> str:
    name = load_catalog()[finding.code].name
    properties = [("file", repository_path(finding.file, summary))]
    if finding.line is not None:
        properties.append(("line", str(finding.line)))
        if finding.column is not None:
            properties.append(("col", str(finding.column)))
    properties.append(("title", f"{finding.code} {name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMANDS[finding.level]} {rendered}::{escape_data(finding.message)}"


def workflow_commands(findings: Sequence[Finding], summary: dict[str, object]) -> str:
    return "".join(annotation(finding, summary) + "\n" for finding in findings)


def format_github(findings: Sequence[Finding], summary: dict[str, object]) -> str:
    """The annotations, then text's summary line (the runner shows it in the job log)."""
    return workflow_commands(findings, summary) + format_text(findings, summary).splitlines(keepends=True)[-1]
