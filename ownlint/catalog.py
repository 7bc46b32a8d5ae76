"""The check catalog (rules/core.yaml): names, default severities and documentation."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ownlint.findings import Severity
from ownlint.resources import data_dir


@dataclass(frozen=True)
class CheckDoc:
    code: str
    name: str
    severity: Severity
    fixable: str
    summary: str
    what_it_does: str
    why_is_this_bad: str
    example: str
    use_instead: str
    fix: str


def _entry(raw: dict[str, Any]) -> CheckDoc:
    return CheckDoc(
        code=str(raw["code"]),
        name=str(raw["name"]),
        severity=Severity.parse(str(raw["severity"])),
        fixable=str(raw.get("fixable", "none")),
        summary=str(raw["summary"]),
        what_it_does=str(raw["what_it_does"]),
        why_is_this_bad=str(raw["why_is_this_bad"]),
        example=str(raw["example"]),
        use_instead=str(raw["use_instead"]),
        fix=str(raw["fix"]),
    )


@lru_cache(maxsize=1)
def load_catalog() -> dict[str, CheckDoc]:
    from ruamel.yaml import YAML

    with open(data_dir("rules") / "core.yaml", encoding="utf-8") as handle:
        data = YAML(typ="safe", pure=True).load(handle)
    return {entry.code: entry for entry in map(_entry, data["checks"])}
