"""The check catalog (rules/core.yaml) and the registered checks agree, both ways."""
from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from ownlint.checks.catalog import load_catalog
from ownlint.checks import CHECKS, CORE_CODES, LOAD_CODES
from ownlint.formats.resources import data_dir

# Codes reported by a command rather than by `check`'s check functions.
COMMAND_CODES = ("OWN501",)  # ownlint codeowners --check, and check with a generated file
SECTIONS = ("code", "name", "severity", "fixable", "summary", "what_it_does", "why_is_this_bad", "example", "use_instead", "fix")


def _raw_entries() -> list[dict]:
    with open(data_dir("rules") / "core.yaml", encoding="utf-8") as handle:
        return list(YAML(typ="safe", pure=True).load(handle)["checks"])


def test_every_check_has_an_entry_and_every_entry_a_check():
    implemented = set(CHECKS) | set(LOAD_CODES) | set(CORE_CODES) | set(COMMAND_CODES)
    documented = set(load_catalog())
    assert sorted(implemented - documented) == []
    assert sorted(documented - implemented) == []


def test_codes_are_unique_and_in_order():
    codes = [entry["code"] for entry in _raw_entries()]
    assert codes == sorted(set(codes))


@pytest.mark.parametrize("entry", _raw_entries(), ids=lambda e: str(e.get("code")))
def test_entry_has_every_section(entry):
    assert [key for key in SECTIONS if not str(entry.get(key) or "").strip()] == []
    assert entry["severity"] in ("error", "warning", "info")
    assert entry["fixable"] in ("none", "safe", "suggested")
    assert entry["name"] == entry["name"].lower() and " " not in entry["name"]


def test_names_are_unique():
    names = [entry["name"] for entry in _raw_entries()]
    assert len(names) == len(set(names))
