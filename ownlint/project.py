"""Load a project in three steps: its configuration, the scope of the run (which files
the table holds), then the registry, the mapping and the ownership table."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from ownlint.findings import INVALID_YAML, Finding
from ownlint.formats.schema import validate
from ownlint.formats.yamlio import UndecodableText, YamlDocument, parse_yaml, read_text
from ownlint.model.config import Config
from ownlint.model.mapping import Mapping, mapping_from_codeowners, mapping_from_document
from ownlint.model.registry import Registry, registry_from_document
from ownlint.sources.repo import is_beneath, list_beneath, list_files, list_present
from ownlint.tables.ownership import OwnershipTable

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
        return None, [Finding(file, error.line, error.column, INVALID_YAML, error.message)]
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
    from ownlint.formats.resources import data_dir
    from ownlint.tables.ownership import SectionMatcher

    file = config.relative(path)
    try:
        text = read_text(path, file)
    except UndecodableText as error:
        return None, [Finding(file, error.line, error.column, INVALID_YAML, error.message)]

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


@dataclass(frozen=True)
class Scope:
    """Which files a run's ownership table holds."""

    # The repository's files as the caller gives them (--files-from); None: ask git.
    files: Optional[Sequence[str]] = None
    # The paths asked about (hook PATHs, --changed-since, explain's arguments); None:
    # every file. With paths, the table holds those of them that are files of the
    # repository, and checks about the whole repository do not run.
    asked: Optional[Sequence[str]] = None
    beneath: bool = False  # with asked paths: also the files beneath those that are directories
    from_index: bool = False  # the files of git's index, not of the work tree

    def paths(self, root: Path) -> list[str]:
        if self.asked is None:
            return list(self.files) if self.files is not None else list_files(root, self.from_index)
        if self.files is not None and self.beneath:
            return sorted(path for path in set(self.files) if is_beneath(path, self.asked))
        if self.files is not None:
            present = set(self.files)
            return sorted({path for path in self.asked if path in present})
        if self.beneath:
            return list_beneath(root, self.asked, self.from_index)
        return list_present(root, self.asked, self.from_index)


def load_project(
    config: Config, scope: Scope, config_findings: Sequence[Finding] = (), reuse_table: bool = False
) -> Project:
    """Everything a command needs. reuse_table: take the table of an earlier run on the
    same mapping and files from the cache."""
    registry, registry_findings = load_registry(config)
    mapping, mapping_findings = load_mapping(config)
    findings = [*config_findings, *registry_findings, *mapping_findings]
    notices: list[str] = []
    if config.teams is None:
        notices.append("no team registry configured: owner validity checks (OWN1xx, OWN3xx) are skipped")
    elif registry is None:
        notices.append(f"{config.relative(config.teams)} could not be read: owner validity checks are skipped")
    table = None
    if mapping is not None:
        paths = scope.paths(config.root)
        if scope.asked is not None:
            table = OwnershipTable.build(mapping, paths, config.exclude, complete=False)
        else:
            table = OwnershipTable.build(mapping, paths, config.exclude, cache=reuse_table)
    declared = None
    if table is not None and (config.declarations or config.vocabularies):
        from ownlint.tables.declared import build_declared

        extra = _folder_files(config, table, scope.from_index) if not table.complete else []
        declared = build_declared(config, table.files, table.file_tree, reuse_table, extra)
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
