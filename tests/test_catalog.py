"""The check catalog (rules/core.yaml) and the registered checks agree, both ways."""
from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from ownlint.checks import CHECKS
from ownlint.checks.catalog import load_catalog
from ownlint.formats.resources import data_dir

SECTIONS = ("code", "name", "severity", "fixable", "summary", "what_it_does", "why_is_this_bad", "example", "use_instead", "fix")


def _raw_entries() -> list[dict]:
    with open(data_dir("rules") / "core.yaml", encoding="utf-8") as handle:
        return list(YAML(typ="safe", pure=True).load(handle)["checks"])


def test_every_check_has_an_entry_and_every_entry_a_check():
    implemented = set(CHECKS)
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


def test_each_code_is_written_once_in_the_code():
    """A check's code lives in its one declaration; everything else refers to it by name."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "ownlint"
    seen: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for code in re.findall(r"[\"'](OWN\d{3})[\"']", path.read_text(encoding="utf-8")):
            seen.setdefault(code, []).append(str(path.relative_to(package)))
    assert {code: places for code, places in seen.items() if len(places) > 1} == {}
    assert set(seen) | set(load_catalog()) == set(load_catalog())


def test_every_check_function_named_is_there() -> None:
    """A check names its function as "module:function", imported when it runs: a name
    that does not resolve would only fail on the run that needs it."""
    for spec in CHECKS.values():
        if spec.run is not None:
            assert callable(spec.function()), spec.code
