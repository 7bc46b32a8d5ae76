"""Load a project (configuration, registry, mapping, files) and run the checks on it."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ownlint.catalog import load_catalog
from ownlint.config import Config, load_config
from ownlint.context import Context
from ownlint.errors import OwnlintError
from ownlint.findings import Finding, Severity
from ownlint.mapping import Mapping, mapping_from_codeowners, mapping_from_document
from ownlint.ownership import OwnershipTable
from ownlint.registry import Registry, registry_from_document
from ownlint.repo import list_files
from ownlint.schema import validate
from ownlint.yamlio import UndecodableText, YamlDocument, parse_yaml, read_text


@dataclass
class Project:
    config: Config
    registry: Optional[Registry]
    mapping: Optional[Mapping]
    table: Optional[OwnershipTable]
    load_findings: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _load_yaml_file(config: Config, path: Path, schema: str) -> tuple[Optional[YamlDocument], list[Finding]]:
    file = config.relative(path)
    try:
        text = read_text(path, file)
    except UndecodableText as error:
        return None, [Finding(file, error.line, error.column, "OWN001", error.message)]
    document, findings = parse_yaml(text, file)
    if document is None:
        return None, findings
    schema_findings = validate(document, schema)
    findings += schema_findings
    return (None if schema_findings else document), findings


def is_yaml_mapping(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml")


def load_mapping(config: Config) -> tuple[Optional[Mapping], list[Finding]]:
    path = config.ownership
    if is_yaml_mapping(path):
        document, findings = _load_yaml_file(config, path, "ownership")
        return (mapping_from_document(document) if document else None), findings
    file = config.relative(path)
    return mapping_from_codeowners(read_text(path, file), file), []


def load_registry(config: Config) -> tuple[Optional[Registry], list[Finding]]:
    if config.teams is None:
        return None, []
    document, findings = _load_yaml_file(config, config.teams, "teams")
    return (registry_from_document(document) if document else None), findings


def load_project(
    start: Path,
    config_file: Optional[Path] = None,
    files: Optional[Sequence[str]] = None,
    cached: bool = False,
) -> Project:
    """Everything a command needs; `files` replaces the repository's file list."""
    config, findings = load_config(start, config_file)
    registry, registry_findings = load_registry(config)
    mapping, mapping_findings = load_mapping(config)
    findings += registry_findings + mapping_findings
    notices: list[str] = []
    if config.teams is None:
        notices.append("no team registry configured: owner validity checks (OWN1xx, OWN3xx) are skipped")
    elif registry is None:
        notices.append(f"{config.relative(config.teams)} could not be read: owner validity checks are skipped")
    table = None
    if mapping is not None:
        paths = list(files) if files is not None else list_files(config.root, cached)
        table = OwnershipTable.build(mapping, paths, config.exclude)
    return Project(config, registry, mapping, table, findings, notices)


@dataclass(frozen=True)
class Selection:
    """Which codes run and at what severity: configuration first, command line on top."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    severity: tuple[tuple[str, Severity], ...] = ()

    def wants(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return not self.select or code in self.select


def selection_for(config: Config, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
    known = load_catalog()
    chosen = list(select) or config.select
    for code in [*chosen, *ignore, *config.ignore]:
        if code not in known:
            raise OwnlintError(f"unknown check code '{code}' (see 'ownlint rules')")
    return Selection(frozenset(chosen), frozenset([*config.ignore, *ignore]), tuple(config.severity.items()))


def run_checks(
    project: Project,
    selection: Selection,
    today: Optional[datetime.date] = None,
    paths: Optional[Iterable[str]] = None,
) -> list[Finding]:
    from ownlint.checks import CHECKS

    context = Context(
        config=project.config,
        registry=project.registry,
        mapping=project.mapping,
        table=project.table,
        today=today or datetime.date.today(),
        paths=frozenset(paths) if paths is not None else None,
    )
    findings = list(project.load_findings)
    for code, check in CHECKS.items():
        if selection.wants(code):
            findings.extend(check(context))
    return finalise(findings, project, selection)


def finalise(findings: Iterable[Finding], project: Project, selection: Selection) -> list[Finding]:
    """Stamp severities, drop what is not selected or suppressed, sort."""
    catalog = load_catalog()
    overrides = dict(selection.severity)
    suppressed = _suppressions(project.mapping)
    result: list[Finding] = []
    for finding in findings:
        if not selection.wants(finding.code):
            continue
        if finding.line is not None and finding.code in suppressed.get((finding.file, finding.line), ()):
            continue
        severity = overrides.get(finding.code) or finding.severity or catalog[finding.code].severity
        result.append(replace(finding, severity=severity))
    return sorted(set(result), key=Finding.sort_key)


def _suppressions(mapping: Optional[Mapping]) -> dict[tuple[str, int], frozenset[str]]:
    if mapping is None:
        return {}
    table: dict[tuple[str, int], frozenset[str]] = {}
    for rule in mapping.rules:
        if rule.ignores:
            for line in {rule.line, *(owner.line for owner in rule.owners)}:
                table[(mapping.file, line)] = rule.ignores
    return table
