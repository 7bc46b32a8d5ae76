"""Load a project in three steps: its configuration, the scope of the run (which files
the table holds), then the registry, the mapping and the ownership table."""
from __future__ import annotations

from pathlib import Path

from ownlint.errors import OwnlintError, UndecodableText
from ownlint.findings import DUPLICATE_KEY, INVALID_YAML, SCHEMA_VIOLATION, Finding
from ownlint.formats.conflicts import conflict_finding
from ownlint.model.config import Config, load_config
from ownlint.model.mapping import CODEOWNERS, Mapping, mapping_from_codeowners, mapping_from_yaml_text
from ownlint.sources.files import FileSource, Index, WorkingTree
from ownlint.sources.repo import is_beneath
from ownlint.tables.ownership import OwnershipTable
from ownlint.values import Frozen, Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # (YAML, the schemas and the registry are imported where a registry is read)
    from typing import Optional, Sequence, Union

    from ownlint.formats.yamlio import YamlDocument
    from ownlint.model.registry import Registry
    from ownlint.sources.repo import Listing
    from ownlint.tables.declared import DeclaredTable


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Project(Value):
    config: Config
    registry: Optional[Registry]
    mapping: Optional[Mapping]
    table: Optional[OwnershipTable]
    load_findings: list[Finding]
    notices: list[str]
    declared: "Optional[DeclaredTable]"  # None: the configuration declares nothing

    def __init__(
        self,
        config: Config,
        registry: Optional[Registry],
        mapping: Optional[Mapping],
        table: Optional[OwnershipTable],
        load_findings: Optional[list[Finding]] = None,
        notices: Optional[list[str]] = None,
        declared: "Optional[DeclaredTable]" = None,
    ) -> None:
        self.config = config
        self.registry = registry
        self.mapping = mapping
        self.table = table
        self.load_findings = [] if load_findings is None else load_findings
        self.notices = [] if notices is None else notices
        self.declared = declared


def _read_for_loading(source: FileSource, file: str, yaml: bool = True) -> tuple[Optional[str], list[Finding]]:
    """The text of the registry or the mapping, or the one OWN001 that stops it being read
    (YAML that is not UTF-8, or an unresolved merge conflict at its first marker)."""
    try:
        text = source.read_text(file)
    except UndecodableText as error:
        if not yaml:  # not text at all: no CODEOWNERS rule could be read from it
            raise
        return None, [Finding(file, error.line, error.column, INVALID_YAML, error.message)]
    if text is None:
        raise OwnlintError(f"no such file in {source.label}", source.where(file))
    conflict = conflict_finding(text, file)
    if conflict is not None:
        return None, [conflict]
    return text, []


def _load_yaml_file(source: FileSource, file: str, schema: str) -> tuple[Optional[YamlDocument], list[Finding]]:
    from ownlint.formats.schema import validate
    from ownlint.formats.yamlio import parse_yaml

    text, findings = _read_for_loading(source, file)
    if text is None:
        return None, findings
    document, findings = parse_yaml(text, file)
    if document is None:
        return None, findings
    schema_findings = validate(document, schema)
    findings += schema_findings
    return (None if schema_findings else document), findings


def is_yaml_mapping(file: Union[str, Path]) -> bool:
    """The one answer to "is this mapping ownlint YAML, or a CODEOWNERS file?"."""
    return str(file).endswith((".yaml", ".yml"))


def load_mapping(
    config: Config, source: Optional[FileSource] = None, known: Optional[Mapping] = None
) -> tuple[Optional[Mapping], list[Finding]]:
    """The mapping as `source` (the working tree by default) holds it. known: a CODEOWNERS
    mapping this run has built already (a hook's, from git's index), taken as it is when
    `source` holds the same text: a Mapping is never changed once built."""
    source = source or WorkingTree(config.root)
    file = config.relative(config.ownership)
    text, findings = _read_for_loading(source, file, is_yaml_mapping(file))
    if text is None:
        return None, findings
    if is_yaml_mapping(file):
        return _compiled_yaml_mapping(text, file)
    if known is not None and (known.kind, known.file, known.text, known.configured) == (CODEOWNERS, file, text, config.flavor):
        return known, []
    return _compiled_codeowners(text, file, config.flavor), []


def _compiled_codeowners(text: str, file: str, configured: Optional[str]) -> Mapping:
    """A CODEOWNERS mapping, kept in the cache as data by its text (ownlint's code is in
    every key): a warm run builds its rules, owners and patterns from the entry instead of
    reading the text (a hook's index and HEAD, a repository's every run). The entry is
    taken as it is, but sealed, as every entry (formats/cache.py): one this user's
    ownlint did not write is not believed, and the text is read again."""
    from ownlint.formats import cache
    from ownlint.model.mapping import codeowners_from_data, codeowners_to_data

    key = cache.key_of("codeowners", [file, text, configured or ""])
    stored = cache.load_value("codeowners", key)
    if stored is not None:
        try:
            return codeowners_from_data(stored, text, file, configured)
        except (KeyError, TypeError, ValueError, IndexError):
            pass  # not what this ownlint stores: read the text
    mapping = mapping_from_codeowners(text, file, configured)
    cache.store_value("codeowners", key, codeowners_to_data(mapping))
    return mapping


def _compiled_yaml_mapping(text: str, file: str) -> tuple[Optional[Mapping], list[Finding]]:
    """An ownlint YAML mapping, parsed and validated, kept in the cache as data by its text
    (the schema and ownlint's code are in every key): a hook run need not parse YAML or
    load jsonschema. The cached data is checked on read; anything else is rebuilt."""
    from ownlint.formats import cache
    from ownlint.model.mapping import mapping_from_data, mapping_to_data
    from ownlint.model.owner_edits import fixed_mapping

    fixed = fixed_mapping(file, text)  # built by `check --fix` for the text it wrote
    if fixed is not None:
        return fixed, []
    key = cache.key_of("ownership", [file, text])
    stored = cache.load_value("ownership", key)
    if stored is not None:
        try:
            mapping_data, finding_data = stored["mapping"], stored["findings"]
            found = [_finding_from_data(entry, file) for entry in finding_data]
            return (None if mapping_data is None else mapping_from_data(mapping_data, text, file)), found
        except (KeyError, TypeError, ValueError, OwnlintError):
            pass  # not what this ownlint stores: parse again
    mapping, findings = mapping_from_yaml_text(text, file)
    if all(f.fix is None and f.path is None and f.severity is None for f in findings):
        cache.store_value("ownership", key, {
            "mapping": None if mapping is None else mapping_to_data(mapping),
            "findings": [[f.file, f.line, f.column, f.code, f.message] for f in findings],
        })
    return mapping, findings


def _finding_from_data(entry: object, file: str) -> Finding:
    """A loading finding as the cache keeps it: (file, line, column, code, message)."""
    if not isinstance(entry, list) or len(entry) != 5:
        raise ValueError("not a finding")
    where, line, column, code, message = entry
    if where != file or code not in (INVALID_YAML, SCHEMA_VIOLATION, DUPLICATE_KEY) or not isinstance(message, str):
        raise ValueError("not a loading finding of this file")
    for number in (line, column):
        if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 1):
            raise ValueError("not a position")
    return Finding(file, line, column, code, message)


def load_registry(config: Config, source: Optional[FileSource] = None) -> tuple[Optional[Registry], list[Finding]]:
    """The registry as `source` (the working tree by default) holds it. The same text
    read again in this run (a hook's HEAD holding the index's registry) gives the very
    registry read before, and its findings: it is not parsed twice, and the checks,
    which see the same registry, mapping and table, are not run twice (checks/runner.py)."""
    if config.teams is None:
        return None, []
    source = source or WorkingTree(config.root)
    file = config.relative(config.teams)
    try:
        text = source.read_text(file)
    except UndecodableText:
        text = None  # (its finding is made below)
    for seen_file, seen_text, registry, findings in _last_registry:
        if text is not None and (seen_file, seen_text) == (file, text):
            return registry, list(findings)
    registry, findings = _read_registry(source, file)
    if text is not None:
        _last_registry[:] = [(file, text, registry, list(findings))]
    return registry, findings


# The last registry read: its file, its text, the registry and its loading findings (a
# Registry is never changed once built).
_last_registry: list[tuple[str, str, Optional[Registry], list[Finding]]] = []


def _read_registry(source: FileSource, file: str) -> tuple[Optional[Registry], list[Finding]]:
    from ownlint.model.registry import registry_from_document

    document, findings = _load_yaml_file(source, file, "teams")
    if document is not None:
        return registry_from_document(document), findings
    if not any(f.code == SCHEMA_VIOLATION for f in findings) or any(f.code in (INVALID_YAML, DUPLICATE_KEY) for f in findings):
        return None, findings
    # Only some teams break the schema: the others are checked, so one bad field does
    # not turn every owner check off.
    from ownlint.formats.schema import broken_entries
    from ownlint.formats.yamlio import parse_yaml

    text, _ = _read_for_loading(source, file)
    parsed = parse_yaml(text, file)[0] if text is not None else None
    broken = broken_entries(parsed, "teams", "teams") if parsed is not None else None
    teams = parsed.data.get("teams") if parsed is not None and isinstance(parsed.data, dict) else None
    if parsed is None or broken is None or not isinstance(teams, dict) or not set(map(str, teams)) - broken:
        return None, findings  # no team left to check against
    return registry_from_document(parsed, frozenset(broken)), findings


class Setup(Value):
    """The configuration, registry and mapping of one state of the repository (the
    working tree, the index or a revision), loaded the same way from each."""

    source: FileSource  # seen from the root
    config: Config
    registry: Optional[Registry]
    mapping: Optional[Mapping]
    findings: list[Finding]
    notices: list[str]

    def __init__(
        self,
        source: FileSource,
        config: Config,
        registry: Optional[Registry],
        mapping: Optional[Mapping],
        findings: list[Finding],
        notices: list[str],
    ) -> None:
        self.source = source
        self.config = config
        self.registry = registry
        self.mapping = mapping
        self.findings = findings
        self.notices = notices

    def require(self) -> Setup:
        """This setup, or exit 2 with the first finding that makes a file untrustworthy
        (for commands that would otherwise answer from half the data)."""
        for finding in self.findings:
            if finding.code in (INVALID_YAML, SCHEMA_VIOLATION, DUPLICATE_KEY):
                raise OwnlintError(finding.message, self.source.where(finding.file), finding.line, finding.column)
        return self


def load_setup(
    source: FileSource, config: Optional[Config] = None, config_findings: Sequence[Finding] = (),
    config_file: Optional[Path] = None, upwards: bool = True, expected: Sequence[str] = (),
    known: Optional[Mapping] = None,
) -> Setup:
    """The registry and the mapping a configuration names, read from `source`; the
    configuration too (found from source.root upwards) unless it is given. expected:
    paths the caller will ask the source about next (asked at once with these files);
    known: a mapping built already this run (see load_mapping)."""
    from ownlint.formats import cache

    if config is None:
        config, found = load_config(source, config_file, upwards)
        config_findings = [*config_findings, *found]
    cache.refuse_inside(config.root)  # its own files would become the repository's untracked files
    source = source.at(config.root)
    setup_files = [config.relative(config.ownership)] + ([config.relative(config.teams)] if config.teams else [])
    source.expect([*setup_files, *expected])
    registry, registry_findings = load_registry(config, source)
    mapping, mapping_findings = load_mapping(config, source, known)
    notices: list[str] = []
    if config.teams is None:
        notices.append("no team registry configured: owner validity checks (OWN1xx, OWN3xx) are skipped")
    elif registry is None:
        notices.append(
            f"{config.relative(config.teams)} could not be read (see its errors above): owner validity checks are skipped"
        )
    elif registry.unreadable:
        notices.append(f"{registry.file}: owners naming a team whose entry has errors are not checked until it is fixed")
    refused = cache.why_not_used()
    if refused is not None:
        notices.append(f"{refused}: the result cache is not used")
    findings = [*config_findings, *registry_findings, *mapping_findings]
    return Setup(source, config, registry, mapping, findings, notices)


class Scope(Frozen):
    """Which files a run's ownership table holds."""

    # The repository's files as the caller gives them (--files-from); None: ask git.
    files: Optional[Sequence[str]]
    # The paths asked about (hook PATHs, --changed-since, explain's arguments); None:
    # every file. With paths, the table holds those of them that are files of the
    # repository, and checks about the whole repository do not run.
    asked: Optional[Sequence[str]]
    beneath: bool  # with asked paths: also the files beneath those that are directories
    from_index: bool  # the files of git's index, not of the work tree
    revision: Optional[str]  # the files of this git revision (the hook's "before")
    # The files git tracks (its index), everything else from the work tree: no walk for
    # untracked files (check --tracked-only, CI on a clean checkout).
    tracked_only: bool

    def __init__(
        self,
        files: Optional[Sequence[str]] = None,
        asked: Optional[Sequence[str]] = None,
        beneath: bool = False,
        from_index: bool = False,
        revision: Optional[str] = None,
        tracked_only: bool = False,
    ) -> None:
        self.__dict__.update(
            files=files,
            asked=asked,
            beneath=beneath,
            from_index=from_index,
            revision=revision,
            tracked_only=tracked_only,
        )

    def source(self, root: Path) -> FileSource:
        """Where the registry, the mapping and the files are read from."""
        if self.revision is not None:
            from ownlint.sources.files import Revision

            return Revision(root, self.revision)
        return Index(root) if self.from_index else WorkingTree(root)

    def start_listing(self, source: FileSource) -> "Optional[Listing]":
        """For a run over every file of the work tree or the index: their listing, started
        now, so that git lists (and walks the tree for untracked files) while the
        registry and the mapping are read. None for any other run."""
        if self.asked is not None or self.files is not None or not isinstance(source, (WorkingTree, Index)):
            return None
        from ownlint.sources.repo import Listing

        return Listing(source.root, tracked_only=self.tracked_only or isinstance(source, Index))

    def paths(self, source: FileSource) -> list[str]:
        if self.tracked_only and isinstance(source, WorkingTree):
            source = Index(source.root)  # asked for its file list only
        if self.asked is None:
            return list(self.files) if self.files is not None else source.files()
        if self.files is not None and self.beneath:
            return sorted(path for path in set(self.files) if is_beneath(path, self.asked))
        if self.files is not None:
            present = set(self.files)
            return sorted({path for path in self.asked if path in present})
        if self.beneath:
            return source.beneath(self.asked)
        return source.present(self.asked)


def load_project(
    config: Config, scope: Scope, config_findings: Sequence[Finding] = (), reuse_table: bool = False,
    source: Optional[FileSource] = None, known: Optional[Mapping] = None, listing: "Optional[Listing]" = None,
    known_table: Optional[OwnershipTable] = None, counts: bool = False,
) -> Project:
    """Everything a command needs. reuse_table: take the table of an earlier run on the
    same mapping and files from the cache. source: the scope's source as the caller
    already has it (what it read of git's index or a revision is not asked again).
    known: a mapping this run has built already (see load_mapping). listing: the
    caller's listing of every file, started already: the table holds the files git
    tracks (Listing.tracked_first), and the caller asks Listing.rest() for the others.
    known_table: a table of some paths this run has built with the same exclusions,
    taken as it is when the mapping is its mapping and the paths are its files (a
    hook's HEAD, when the commit adds no file and changes no rule), or a table of the
    same files whose rules win alike (before `check --fix` replaced owners). counts: the
    caller asks for every rule's match counts (a check's OWN203 and OWN204; see
    OwnershipTable.build)."""
    named = scope.asked if scope.asked is not None and scope.files is None and not scope.beneath else ()
    source = source.at(config.root) if source is not None else scope.source(config.root)
    partial = listing is not None
    listing = listing if listing is not None else scope.start_listing(source)
    try:
        setup = load_setup(source, config, config_findings, expected=named, known=known)
    except BaseException:
        if listing is not None:
            listing.stop()
        raise
    registry, mapping, findings, notices = setup.registry, setup.mapping, setup.findings, setup.notices
    table = None
    if mapping is None and listing is not None:
        listing.stop()
    if mapping is not None:
        if listing is None:
            paths = scope.paths(setup.source)
        else:
            paths = listing.tracked_first() if partial else listing.files()
        if scope.asked is not None and known_table is not None and known_table.mapping is mapping \
                and not known_table.complete and known_table.files == paths:
            table = known_table
        elif known_table is not None and (same := known_table.for_mapping(mapping, paths, config.exclude, scope.asked is None)):
            table = same  # the same patterns (a fix replaced owners): the same winners
        elif scope.asked is not None:
            table = OwnershipTable.build(mapping, paths, config.exclude, complete=False)
        else:
            table = OwnershipTable.build(mapping, paths, config.exclude, cache=reuse_table, counts=counts)
    declared = None
    if table is not None and (config.declarations or config.vocabularies):
        from ownlint.tables.declared import build_declared

        extra = _folder_files(config, table, scope.from_index) if not table.complete else []
        declared = build_declared(config, table, reuse_table, extra, setup.source)
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
