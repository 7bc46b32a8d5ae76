"""Find and load the configuration: .ownlint.yaml, [tool.ownlint], or zero configuration."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ownlint.errors import OwnlintError
from ownlint.findings import INVALID_YAML, SCHEMA_VIOLATION, Finding, Severity
from ownlint.formats.codeowners import CODEOWNERS_LOCATIONS, FORGE_OF_LOCATION
from ownlint.sources.files import FileSource, PathRefused, WorkingTree
from ownlint.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # (YAML and the schemas are imported where a configuration file is read)
    from typing import Any, Optional, Union

    from ownlint.formats.yamlio import YamlDocument
    from ownlint.model.declarations import Source, Vocabulary

CONFIG_NAME = ".ownlint.yaml"
DEFAULT_PACKS = ("core", "iac-domains")


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Config(Value):
    root: Path
    file: Optional[str]  # the configuration file, relative to the root; None in zero-config mode
    ownership: Path
    teams: Optional[Path]
    packs: list[str]
    exclude: list[str]
    owners_per_path: str
    individuals: str
    select: list[str]
    ignore: list[str]
    severity: dict[str, Severity]
    baseline: Optional[Path]  # findings accepted at adoption (`check --baseline`)
    document: Optional[YamlDocument]
    # Files that record owners, and lists of valid team names (DESIGN 3.6); empty for most.
    declarations: "list[Source]"
    vocabularies: "list[Vocabulary]"
    flavor: Optional[str]  # github | gitlab: how to read a CODEOWNERS file both forges read
    # Where the files it names (packs, baseline, ...) are read: the state the configuration
    # itself was read from (the index for `check --cached`); None: the working tree.
    source: Optional[FileSource]

    def __init__(
        self,
        root: Path,
        file: Optional[str],
        ownership: Path,
        teams: Optional[Path] = None,
        packs: Optional[list[str]] = None,
        exclude: Optional[list[str]] = None,
        owners_per_path: str = "any",
        individuals: str = "allow",
        select: Optional[list[str]] = None,
        ignore: Optional[list[str]] = None,
        severity: Optional[dict[str, Severity]] = None,
        baseline: Optional[Path] = None,
        document: Optional[YamlDocument] = None,
        declarations: Optional["list[Source]"] = None,
        vocabularies: Optional["list[Vocabulary]"] = None,
        flavor: Optional[str] = None,
        source: Optional[FileSource] = None,
    ) -> None:
        self.root = root
        self.file = file
        self.ownership = ownership
        self.teams = teams
        self.packs = list(DEFAULT_PACKS) if packs is None else packs
        self.exclude = [] if exclude is None else exclude
        self.owners_per_path = owners_per_path
        self.individuals = individuals
        self.select = [] if select is None else select
        self.ignore = [] if ignore is None else ignore
        self.severity = {} if severity is None else severity
        self.baseline = baseline
        self.document = document
        self.declarations = [] if declarations is None else declarations
        self.vocabularies = [] if vocabularies is None else vocabularies
        self.flavor = flavor
        self.source = source

    def reader(self) -> FileSource:
        """The source of the files this configuration names, seen from the root."""
        return self.source.at(self.root) if self.source is not None else WorkingTree(self.root)

    def relative(self, path: Path) -> str:
        """A path as shown to the user: relative to the root where it lies beneath it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _pyproject_table(source: FileSource, name: str) -> Optional[tuple[dict[str, Any], int]]:
    """The [tool.ownlint] table of a pyproject.toml and the line of its header, if any."""
    text = source.read_text(name)
    return None if text is None else pyproject_table_from_text(text, source.where(name))


def pyproject_table_from_text(text: str, file: str) -> Optional[tuple[dict[str, Any], int]]:
    if "ownlint" not in text:
        return None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on older interpreters only
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise OwnlintError(f"invalid TOML: {error}", file) from None
    table = data.get("tool", {}).get("ownlint")
    if table is None:
        return None
    line = next((n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "[tool.ownlint]"), 1)
    return table, line


def _entry_exists(source: FileSource, name: str) -> bool:
    """A configuration file is there, readable or not: one that is a link out of the root
    must be refused with its name, never passed over for a configuration further up."""
    return source.exists(name)


def discover(start: FileSource, upwards: bool = True) -> tuple[FileSource, Optional[str]]:
    """The source seen from the root, and the configuration file's name in it (None: zero
    configuration), searching from start.root upwards to the top of the git work tree."""
    directory = start.resolved_root()
    if isinstance(start, WorkingTree) and not directory.is_dir():
        raise OwnlintError("not a directory", str(directory))
    while True:
        here = start.at(directory)
        here.expect([CONFIG_NAME, "pyproject.toml", *(CODEOWNERS_LOCATIONS if here.is_top() else ())])
        has_yaml = _entry_exists(here, CONFIG_NAME)
        has_toml = _entry_exists(here, "pyproject.toml") and _pyproject_table(here, "pyproject.toml") is not None
        if has_yaml and has_toml:
            raise OwnlintError(
                f"two configurations: {CONFIG_NAME} and [tool.ownlint] in pyproject.toml; keep one",
                str(directory),
            )
        if has_yaml:
            return here, CONFIG_NAME
        if has_toml:
            return here, "pyproject.toml"
        if not upwards or here.is_top() or directory.parent == directory:
            break
        directory = directory.parent
    root = directory if here.is_top() else start.resolved_root()
    return start.at(root), None


def load_config(
    start: Union[Path, FileSource], config_file: Optional[Path] = None, upwards: bool = True
) -> tuple[Config, list[Finding]]:
    """The configuration in force for `start` (a directory of the working tree, or a
    source of files seen from one), with findings about the configuration itself."""
    source = WorkingTree(start) if isinstance(start, Path) else start
    if config_file is not None:
        config_file = Path(os.path.abspath(config_file))
        source = source.at(config_file.parent)
        name: Optional[str] = config_file.name
        if not source.exists(config_file.name):
            raise OwnlintError("no such file", str(config_file))
    else:
        source, name = discover(source, upwards)
    root = source.resolved_root()
    if name is None:
        return _zero_config(root, source), []
    try:
        text = source.read_text(name)
    except PathRefused as error:
        raise OwnlintError(error.message, source.where(name)) from None
    if text is None:
        raise OwnlintError("no such file", source.where(name))
    from ownlint.formats.schema import validate
    from ownlint.formats.yamlio import YamlDocument, parse_yaml

    shown = name
    if name == "pyproject.toml":
        found = pyproject_table_from_text(text, source.where(name))
        data, header = found if found else ({}, 1)
        from ruamel.yaml.comments import CommentedMap

        document = YamlDocument(shown, CommentedMap(data), "")
        findings = [Finding(shown, header, 1, f.code, f.message) for f in validate(document, "config")]
    else:
        parsed, findings = parse_yaml(text, shown)
        if parsed is None:
            raise _unusable(findings[0], source)
        if parsed.data is None:  # an empty configuration means the defaults
            from ruamel.yaml.comments import CommentedMap

            parsed.data = CommentedMap()
        document = parsed
        findings += validate(document, "config")
    if any(f.code in (INVALID_YAML, SCHEMA_VIOLATION) for f in findings):
        raise _unusable(findings[0], source)
    return config_from_document(root, document, source), findings


def _unusable(finding: Finding, source: FileSource) -> OwnlintError:
    return OwnlintError(finding.message, source.where(finding.file), finding.line, finding.column)


class NothingMapped(OwnlintError):
    """No configuration and no CODEOWNERS file: nothing says who owns what."""


def _zero_config(root: Path, source: FileSource) -> Config:
    source.expect(CODEOWNERS_LOCATIONS)
    for candidate in CODEOWNERS_LOCATIONS:
        if source.exists(candidate):
            try:
                source.check(candidate)
            except PathRefused as error:
                raise OwnlintError(error.message, source.where(candidate)) from None
            if source.is_file(candidate):
                return Config(root=root, file=None, ownership=root / candidate, source=source)
    raise NothingMapped(
        f"no {CONFIG_NAME} and no CODEOWNERS file ({', '.join(CODEOWNERS_LOCATIONS)}) found", str(root)
    )


def _named_file(source: FileSource, document: YamlDocument, key_path: list[Union[str, int]], value: str) -> str:
    """A file the configuration names, root-relative: it must stay inside the root (after
    symbolic links) and outside .git/, whoever wrote the configuration (exit 2 otherwise)."""
    key = ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in key_path).replace(".[", "[")
    try:
        return source.check(value)
    except PathRefused as error:
        from ownlint.formats.yamlio import position

        line, column = position(document.data, key_path)
        raise OwnlintError(f"{key}: '{value}' {error.message}", source.where(document.file), line, column) from None


def config_from_document(root: Path, document: YamlDocument, source: FileSource) -> Config:
    """The configuration of a validated document; the files it names are looked up in
    `source` (the working tree, the index or a revision), seen from the root."""
    from ownlint.formats.yamlio import position

    data = document.data
    policy = data.get("policy") or {}
    checks = data.get("checks") or {}
    named: dict[str, str] = {}
    for key in ("ownership", "teams"):
        value = data.get(key)
        if value is None:
            continue
        name = named[key] = _named_file(source, document, [key], str(value))
        if not source.is_file(name):
            line, column = position(data, [key])
            problem = "is a directory" if source.is_dir(name) else "does not exist"
            raise OwnlintError(f"{key}: '{value}' {problem}", source.where(document.file), line, column)
    declarations: "list[Source]" = []
    vocabularies: "list[Vocabulary]" = []
    if data.get("declarations") or data.get("vocabularies"):
        from ownlint.model.declarations import sources_from_config

        declarations, vocabularies = sources_from_config(data, document.file)
        for number, vocabulary in enumerate(vocabularies):
            _named_file(source, document, ["vocabularies", number, "file"], vocabulary.file)
    baseline = data.get("baseline")  # written by --update-baseline: it need not exist yet
    baseline_name = _named_file(source, document, ["baseline"], str(baseline)) if baseline is not None else None
    packs = [str(p) for p in data.get("packs", DEFAULT_PACKS)]
    for number, pack in enumerate(packs):
        if "/" in pack or pack.endswith((".yaml", ".yml")):  # a path, not a built-in pack's name
            packs[number] = _named_file(source, document, ["packs", number], pack)
    ownership_path = root / named["ownership"] if "ownership" in named else _zero_config(root, source).ownership
    flavor = data.get("flavor")
    if flavor is not None:
        _check_flavor(str(flavor), root, ownership_path, document)
    return Config(
        root=root,
        file=document.file,
        ownership=ownership_path,
        teams=root / named["teams"] if "teams" in named else None,
        packs=packs,
        exclude=[str(p) for p in data.get("exclude") or []],
        owners_per_path=str(policy.get("owners_per_path", "any")),
        individuals=str(policy.get("individuals", "allow")),
        select=[str(c) for c in checks.get("select") or []],
        ignore=[str(c) for c in checks.get("ignore") or []],
        severity={str(c): Severity.parse(str(s)) for c, s in (checks.get("severity") or {}).items()},
        baseline=root / baseline_name if baseline_name is not None else None,
        document=document,
        declarations=declarations,
        vocabularies=vocabularies,
        flavor=str(flavor) if flavor is not None else None,
        source=source,
    )


def _check_flavor(flavor: str, root: Path, ownership: Path, document: YamlDocument) -> None:
    """`flavor:` cannot overrule the place: only GitHub reads .github/CODEOWNERS, only
    GitLab .gitlab/CODEOWNERS."""
    try:
        place = ownership.relative_to(root).as_posix()
    except ValueError:
        return
    forge = FORGE_OF_LOCATION.get(place)
    if forge is not None and forge != flavor:
        from ownlint.formats.yamlio import position

        line, column = position(document.data, ["flavor"])
        raise OwnlintError(
            f"flavor: {flavor}, but only {_FORGE_NAMES[forge]} reads {place}: remove flavor:, or move the file",
            document.file, line, column,
        )


_FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab"}
