"""GitLab code-quality report (Code Climate JSON subset) for `artifacts:reports:codequality`."""
from __future__ import annotations

import hashlib
from typing import Any, Sequence

from ownlint.checks.catalog import load_catalog
from ownlint.findings import Finding, Severity
from ownlint.formats.printable import json_text
from ownlint.report import repository_path

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, summary: dict[str, object]) -> dict[str, Any]:
    # The fingerprint lets GitLab tell new findings from old ones between pipelines:
    # it leaves out the line so that an edit above a finding does not make it "new".
    path = repository_path(finding.file, summary)
    identity = "\0".join([finding.code, path, finding.message])
    return {
        "description": f"{finding.code} {finding.message}",
        "check_name": f"{finding.code} {load_catalog()[finding.code].name}",
        "fingerprint": hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest(),
        "severity": _SEVERITIES[finding.level],
        # GitLab needs a line; a finding about a whole file (an unowned path) points at its first.
        "location": {"path": path, "lines": {"begin": finding.line or 1}},
    }


def format_gitlab(findings: Sequence[Finding], summary: dict[str, object]) -> str:
    return json_text([issue(finding, summary) for finding in findings]) + "\n"
