"""The check catalog (rules/core.yaml): names, default severities and documentation."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ownlint.errors import OwnlintError
from ownlint.findings import Severity
from ownlint.formats.resources import data_dir
from ownlint.values import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class ExampleSetup(Frozen):
    """Where a check's Example and Use instead run as tests: each is written to `file`,
    beside `files` (the rest of the repository), and `ownlint check` runs with `args`."""

    file: str
    files: tuple[tuple[str, str], ...]
    args: tuple[str, ...]

    def __init__(self, file: str, files: tuple[tuple[str, str], ...] = (), args: tuple[str, ...] = ()) -> None:
        self.__dict__.update(file=file, files=files, args=args)


class CheckDoc(Frozen):
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
    # Where the examples run as tests; required by the pack schema, but a catalog
    # without one must still let every command run (the test names what is missing).
    example_setup: Optional[ExampleSetup]

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        fixable: str,
        summary: str,
        what_it_does: str,
        why_is_this_bad: str,
        example: str,
        use_instead: str,
        fix: str,
        example_setup: Optional[ExampleSetup],
    ) -> None:
        self.__dict__.update(
            code=code,
            name=name,
            severity=severity,
            fixable=fixable,
            summary=summary,
            what_it_does=what_it_does,
            why_is_this_bad=why_is_this_bad,
            example=example,
            use_instead=use_instead,
            fix=fix,
            example_setup=example_setup,
        )


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
        example_setup=_setup(raw["example_setup"]) if raw.get("example_setup") else None,
    )


def _setup(raw: dict[str, Any]) -> ExampleSetup:
    return ExampleSetup(
        file=str(raw["file"]),
        files=tuple((str(path), str(text)) for path, text in (raw.get("files") or {}).items()),
        args=tuple(str(arg) for arg in raw.get("args") or ()),
    )


@lru_cache(maxsize=1)
def load_catalog() -> dict[str, CheckDoc]:
    return {entry.code: entry for entry in map(_entry, _read_checks(data_dir("rules") / "core.yaml"))}


def _read_checks(path: Path) -> list[dict[str, Any]]:
    """The catalog's entries; parsed YAML is kept in the cache as plain values, keyed by
    the file's bytes, so that a hook run does not parse YAML."""
    from ownlint.formats import cache

    raw = path.read_bytes()
    key = cache.key_of("catalog", [raw])
    stored = cache.load_value("catalog", key)
    if isinstance(stored, list) and all(isinstance(entry, dict) for entry in stored):
        return stored
    from ruamel.yaml import YAML

    checks: list[dict[str, Any]] = YAML(typ="safe", pure=True).load(raw.decode("utf-8"))["checks"]
    try:
        cache.store_value("catalog", key, checks)
    except ValueError:  # a value marshal cannot hold: not cached
        pass
    return checks


def find_check(code: str) -> CheckDoc:
    catalog = load_catalog()
    wanted = code.strip()
    entry = catalog.get(wanted.upper()) or next((c for c in catalog.values() if c.name == wanted.lower()), None)
    if entry is None:
        raise OwnlintError(f"unknown check '{code}' (run 'ownlint rules' for the catalog)")
    return entry
