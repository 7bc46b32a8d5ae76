"""Load a project (configuration, registry, mapping, files) and run the checks on it."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence, Union

from ownlint.checks.catalog import load_catalog
from ownlint.model.config import Config, load_config
from ownlint.checks.context import Context
from ownlint.errors import OwnlintError
from ownlint.findings import Finding, Fix, Severity
from ownlint.model.mapping import YAML, Mapping, Rule, mapping_from_codeowners, mapping_from_document
from ownlint.tables.ownership import OwnershipTable
from ownlint.model.registry import Registry, registry_from_document
from ownlint.sources.repo import is_beneath, list_beneath, list_files, list_present
from ownlint.formats.schema import validate
from ownlint.formats.yamlio import UndecodableText, YamlDocument, parse_yaml, position, read_text

if TYPE_CHECKING:
    from ownlint.tables.declared import DeclaredTable


@dataclass
class Project:
    config: Config
    registry: Optional[Registry]
    mapping: Optional[Mapping]
    table: Optional[OwnershipTable]
    load_findings: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    declared: "Optional[DeclaredTable]" = None  # None: the configuration declares nothing


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
        return _compiled_yaml_mapping(config, path)
    file = config.relative(path)
    return compiled_codeowners(read_text(path, file), file), []


def _compiled_yaml_mapping(config: Config, path: Path) -> tuple[Optional[Mapping], list[Finding]]:
    """An ownlint YAML mapping, parsed, validated and compiled, kept in the cache by its
    text (and the schema's): a hook run need not parse YAML or load jsonschema."""
    from ownlint.formats import cache
    from ownlint.tables.ownership import SectionMatcher
    from ownlint.formats.resources import data_dir

    file = config.relative(path)
    try:
        text = read_text(path, file)
    except UndecodableText as error:
        return None, [Finding(file, error.line, error.column, "OWN001", error.message)]

    def build() -> tuple[Optional[Mapping], list[Finding]]:
        document, findings = parse_yaml(text, file)
        if document is None:
            return None, findings
        schema_findings = validate(document, "ownership")
        if schema_findings:
            return None, findings + schema_findings
        mapping = mapping_from_document(document)
        mapping.document = None  # positions are in the rules; the ruamel tree is not kept
        mapping.compiled = SectionMatcher(mapping.rules)  # type: ignore[attr-defined]
        return mapping, findings

    def valid(value: object) -> bool:
        return isinstance(value, tuple) and len(value) == 2 and (
            value[0] is None or isinstance(value[0], Mapping) and value[0].text == text and value[0].file == file
        )

    schema = (data_dir("schemas") / "ownership.schema.json").read_bytes()
    built: tuple[Optional[Mapping], list[Finding]] = cache.cached_object("ownership", [file, text, schema], build, valid)
    return built[0], list(built[1])


def compiled_codeowners(text: str, file: str) -> Mapping:
    """A CODEOWNERS mapping with its matcher compiled, kept in the cache by content:
    a hook run reads it back instead of parsing and compiling every rule."""
    from ownlint.formats import cache
    from ownlint.tables.ownership import SectionMatcher

    def build() -> Mapping:
        mapping = mapping_from_codeowners(text, file)
        mapping.compiled = SectionMatcher(mapping.rules)  # type: ignore[attr-defined]
        return mapping

    def valid(value: object) -> bool:
        return (
            isinstance(value, Mapping)
            and value.file == file
            and value.text == text
            and isinstance(getattr(value, "compiled", None), SectionMatcher)
        )

    built: Mapping = cache.cached_object("codeowners", [file, text], build, valid)
    return built


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
    only: Optional[Callable[[Config], Optional[list[str]]]] = None,
    use_cache: bool = False,
    beneath: bool = False,
) -> Project:
    """Everything a command needs; `files` replaces the repository's file list.

    only: given the configuration, the paths whose ownership is asked about, or None
    for every file; with paths, the table holds those of them that are files of the
    repository (with beneath=True, also the files under those that are directories),
    and checks about the whole repository do not run (a hook's shape).
    use_cache: reuse the table of an earlier run on the same mapping and files."""
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
    wanted = only(config) if only is not None else None
    if mapping is not None:
        if wanted is not None:
            if files is not None and beneath:
                paths = sorted(path for path in set(files) if is_beneath(path, wanted))
            elif files is not None:
                present = set(files)
                paths = sorted({path for path in wanted if path in present})
            elif beneath:
                paths = list_beneath(config.root, wanted, cached)
            else:
                paths = list_present(config.root, wanted, cached)
            table = OwnershipTable.build(mapping, paths, config.exclude, complete=False)
        else:
            paths = list(files) if files is not None else list_files(config.root, cached)
            table = OwnershipTable.build(mapping, paths, config.exclude, cache=use_cache)
    declared = None
    if table is not None and (config.declarations or config.vocabularies):
        from ownlint.tables.declared import build_declared

        extra = _folder_files(config, table, cached) if not table.complete else []
        declared = build_declared(config, table.files, table.file_tree, use_cache, extra)
        findings += declared.findings
    return Project(config, registry, mapping, table, findings, notices, declared)


def _folder_files(config: Config, table: OwnershipTable, cached: bool) -> list[str]:
    """For a table of some paths only: the files in those paths' folders and the folders
    above, where a `covers: directory` declaration about them can be written."""
    from ownlint.model.declarations import DIRECTORY
    from ownlint.sources.repo import list_in_directories

    if not any(source.covers == DIRECTORY for source in config.declarations):
        return []
    folders: set[str] = set()
    for path in table.files:
        while path:
            path = path.rpartition("/")[0]
            if path in folders:
                break
            folders.add(path)
        folders.add("")
    present = set(table.files)
    return [path for path in list_in_directories(config.root, sorted(folders), cached) if path not in present]


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


def _config_code_location(config: Config, key: str, item: Union[str, int]) -> tuple[Optional[str], Optional[int], Optional[int]]:
    """Where the configuration names a code (checks.select[i], checks.severity.CODE...)."""
    if config.file is None:
        return None, None, None
    if config.document is None or not config.file.endswith((".yaml", ".yml")):
        return config.file, None, None
    line, column = position(config.document.data, ["checks", key, item], key=key == "severity")
    return config.file, line, column


def selection_for(config: Config, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
    """Command-line --select replaces the configuration's; --ignore adds to it.

    An unknown code is an error (exit 2), never silently nothing selected."""
    known = load_catalog()
    select, ignore = list(select), list(ignore)
    for option, codes in (("--select", select), ("--ignore", ignore)):
        for code in codes:
            if code not in known:
                raise OwnlintError(f"{option}: unknown check code '{code}' (see 'ownlint rules')")
    for key, codes in (("select", config.select), ("ignore", config.ignore), ("severity", list(config.severity))):
        for number, code in enumerate(codes):
            if code not in known:
                file, line, column = _config_code_location(config, key, code if key == "severity" else number)
                raise OwnlintError(
                    f"checks.{key}: unknown check code '{code}' (see 'ownlint rules')", file, line, column
                )
    chosen = select or config.select
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
        declared=project.declared,
    )
    findings = list(project.load_findings)
    for code, check in CHECKS.items():
        if selection.wants(code) and not _needs_whole_table(code, project):
            findings.extend(check(context))
    return finalise(findings, project, selection, partial=paths is not None)


def finalise(
    findings: Iterable[Finding], project: Project, selection: Selection, partial: bool = False
) -> list[Finding]:
    """Stamp severities, drop what is not selected or suppressed, report unused
    suppressions (OWN206), sort."""
    catalog = load_catalog()
    overrides = dict(selection.severity)
    suppressed = _suppressions(project.mapping)
    used: dict[int, set[str]] = {}
    kept: list[Finding] = []
    for finding in findings:
        if not selection.wants(finding.code):
            continue
        if finding.line is not None:
            rules = [r for r in suppressed.get((finding.file, finding.line), ()) if finding.code in r.ignores]
            if rules:
                for rule in rules:
                    used.setdefault(rule.index, set()).add(finding.code)
                continue
        kept.append(finding)
    if selection.wants(UNUSED_SUPPRESSION) and project.mapping is not None:
        kept.extend(_unused_suppressions(project, selection, used, partial))
    # Severity.INFO is 0: test for presence, never for truth.
    result = [
        replace(f, severity=overrides[f.code] if f.code in overrides
                else f.severity if f.severity is not None else catalog[f.code].severity)
        for f in kept
    ]
    return sorted(set(result), key=Finding.sort_key)


UNUSED_SUPPRESSION = "OWN206"
# Checks that need the registry, and the policy checks that run only when the
# policy asks: a suppression of their codes is not "unused" while they cannot fire.
_NEEDS_REGISTRY = ("OWN101", "OWN102", "OWN103", "OWN104", "OWN105", "OWN301", "OWN302")
# Checks that judge only the files a partial run (hook PATHs, --changed-since) names.
_PER_PATH = ("OWN401", "OWN402")


def _needs_whole_table(code: str, project: Project) -> bool:
    """A check about the whole repository, while the table holds only some paths."""
    from ownlint.checks import WHOLE_REPOSITORY

    return code in WHOLE_REPOSITORY and project.table is not None and not project.table.complete


def _could_fire(code: str, project: Project, partial: bool) -> bool:
    config = project.config
    if _needs_whole_table(code, project) or (partial and code in _PER_PATH):
        return False
    if code in _NEEDS_REGISTRY and project.registry is None:
        return False
    if code == "OWN303" and config.individuals != "forbid":
        return False
    if code == "OWN304" and config.owners_per_path != "one":
        return False
    return True


def _unused_suppressions(
    project: Project, selection: Selection, used: dict[int, set[str]], partial: bool
) -> Iterable[Finding]:
    from ownlint.formats.codeowners import SUPPRESSION

    mapping = project.mapping
    assert mapping is not None
    known = load_catalog()
    lines = mapping.text.splitlines()
    for rule in mapping.rules:
        if not rule.ignores or UNUSED_SUPPRESSION in rule.ignores or rule.ignore_line is None:
            continue
        unknown = sorted(code for code in rule.ignores if code not in known)
        unused = sorted(
            code for code in rule.ignores
            if code in known and code not in used.get(rule.index, ())
            and selection.wants(code) and _could_fire(code, project, partial)
        )
        if not unknown and not unused:
            continue
        parts = []
        if unused:
            parts.append(f"{', '.join(unused)} found nothing to suppress on this rule")
        if unknown:
            parts.append(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a check code")
        line_text = lines[rule.ignore_line - 1]
        match = SUPPRESSION.search(line_text)
        fix = _suppression_fix(rule, line_text, match, set(unused) | set(unknown)) if match else None
        yield Finding(
            mapping.file, rule.ignore_line, rule.ignore_column, UNUSED_SUPPRESSION,
            f"unused suppression: {'; '.join(parts)}", fix=fix,
        )


def _suppression_fix(rule: Rule, line_text: str, match: "re.Match[str]", drop: set[str]) -> Fix:
    """Remove the unused codes from the comment, or the whole comment when none is left."""
    assert rule.ignore_line is not None
    written = [code.strip() for code in match.group(1).split(",") if code.strip()]
    keep = [code for code in written if code.upper() not in drop]
    if keep:
        new = f"# ownlint: ignore[{','.join(keep)}]"
        return Fix(
            f"remove {', '.join(sorted(drop))} from the suppression", safe=True,
            edits=((rule.ignore_line, match.start() + 1, match.group(0), new),),
        )
    start = match.start()
    while start > 0 and line_text[start - 1] in " \t":
        start -= 1
    return Fix(
        "remove the suppression comment", safe=True,
        edits=((rule.ignore_line, start + 1, line_text[start:match.end()], ""),),
    )


def _suppressions(mapping: Optional[Mapping]) -> dict[tuple[str, int], list[Rule]]:
    """(file, line) -> the rules whose `# ownlint: ignore[...]` covers findings there.

    A CODEOWNERS rule covers its own line (a GitLab section's default owners sit on
    the section's line, which other rules share); a YAML rule also covers the lines
    of its owners and of its comment."""
    if mapping is None:
        return {}
    table: dict[tuple[str, int], list[Rule]] = {}
    for rule in mapping.rules:
        if rule.ignores:
            lines = {rule.line}
            if mapping.kind == YAML:
                lines |= {owner.line for owner in rule.owners}
                if rule.ignore_line is not None:
                    lines.add(rule.ignore_line)
            for line in lines:
                table.setdefault((mapping.file, line), []).append(rule)
    return table
