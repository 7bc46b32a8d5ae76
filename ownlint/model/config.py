"""Find and load the configuration: .ownlint.yaml, [tool.ownlint], or zero configuration."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from ownlint.errors import OwnlintError
from ownlint.findings import INVALID_YAML, SCHEMA_VIOLATION, Finding, Severity
from ownlint.formats.schema import validate
from ownlint.formats.yamlio import YamlDocument, parse_yaml, position, read_text

if TYPE_CHECKING:
    from ownlint.model.declarations import Source, Vocabulary

CONFIG_NAME = ".ownlint.yaml"
# Where GitHub looks for CODEOWNERS, in its order, then GitLab's own place.
CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
DEFAULT_PACKS = ("core", "iac-domains")


@dataclass
class Config:
    root: Path
    file: Optional[str]  # the configuration file, relative to the root; None in zero-config mode
    ownership: Path
    teams: Optional[Path] = None
    packs: list[str] = field(default_factory=lambda: list(DEFAULT_PACKS))
    exclude: list[str] = field(default_factory=list)
    owners_per_path: str = "any"
    individuals: str = "allow"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    baseline: Optional[Path] = None  # findings accepted at adoption (`check --baseline`)
    document: Optional[YamlDocument] = None
    # Files that record owners, and lists of valid team names (DESIGN 3.6); empty for most.
    declarations: "list[Source]" = field(default_factory=list)
    vocabularies: "list[Vocabulary]" = field(default_factory=list)

    def relative(self, path: Path) -> str:
        """A path as shown to the user: relative to the root where it lies beneath it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _is_git_top(directory: Path) -> bool:
    return (directory / ".git").exists()


def _pyproject_table(path: Path) -> Optional[tuple[dict[str, Any], int]]:
    """The [tool.ownlint] table of a pyproject.toml and the line of its header, if any."""
    return pyproject_table_from_text(read_text(path, str(path)), str(path))


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


def discover(start: Path) -> tuple[Path, Optional[Path]]:
    """The root and the configuration file, searching upwards to the git top level."""
    start = start.resolve()
    if not start.is_dir():
        raise OwnlintError("not a directory", str(start))
    directory = start
    while True:
        yaml_config = directory / CONFIG_NAME
        pyproject = directory / "pyproject.toml"
        has_yaml = yaml_config.is_file()
        has_toml = pyproject.is_file() and _pyproject_table(pyproject) is not None
        if has_yaml and has_toml:
            raise OwnlintError(
                f"two configurations: {CONFIG_NAME} and [tool.ownlint] in pyproject.toml; keep one",
                str(directory),
            )
        if has_yaml:
            return directory, yaml_config
        if has_toml:
            return directory, pyproject
        if _is_git_top(directory) or directory.parent == directory:
            break
        directory = directory.parent
    root = directory if _is_git_top(directory) else start
    return root, None


def load_config(start: Path, config_file: Optional[Path] = None) -> tuple[Config, list[Finding]]:
    """The configuration in force for `start`, with findings about the configuration itself."""
    if config_file is not None:
        config_file = config_file.resolve()
        if not config_file.exists():
            raise OwnlintError("no such file", str(config_file))
        root = config_file.parent
    else:
        root, config_file = discover(start)
    if config_file is None:
        return _zero_config(root), []
    if config_file.name == "pyproject.toml":
        found = _pyproject_table(config_file)
        data, header = found if found else ({}, 1)
        from ruamel.yaml.comments import CommentedMap

        document = YamlDocument("pyproject.toml", CommentedMap(data), "")
        findings = [
            Finding("pyproject.toml", header, 1, f.code, f.message) for f in validate(document, "config")
        ]
    else:
        file = config_file.name if config_file.parent == root else str(config_file)
        parsed, findings = parse_yaml(read_text(config_file, file), file)
        if parsed is None:
            raise _unusable(findings[0])
        if parsed.data is None:  # an empty configuration means the defaults
            from ruamel.yaml.comments import CommentedMap

            parsed.data = CommentedMap()
        document = parsed
        findings += validate(document, "config")
    if any(f.code in (INVALID_YAML, SCHEMA_VIOLATION) for f in findings):
        raise _unusable(findings[0])
    return _from_document(root, document), findings


def _unusable(finding: Finding) -> OwnlintError:
    return OwnlintError(finding.message, finding.file, finding.line, finding.column)


def _zero_config(root: Path, exists: Optional[Callable[[str], bool]] = None) -> Config:
    for candidate in CODEOWNERS_LOCATIONS:
        if (exists(candidate) if exists is not None else (root / candidate).is_file()):
            return Config(root=root, file=None, ownership=root / candidate)
    raise OwnlintError(
        f"no {CONFIG_NAME} and no CODEOWNERS file ({', '.join(CODEOWNERS_LOCATIONS)}) found", str(root)
    )


def _from_document(root: Path, document: YamlDocument, exists: Optional[Callable[[str], bool]] = None) -> Config:
    """The configuration of a validated document; `exists` answers whether a root-relative
    file exists (on disk by default; at a git revision for `ownlint diff`)."""
    data = document.data
    policy = data.get("policy") or {}
    checks = data.get("checks") or {}
    ownership = data.get("ownership")
    if ownership is None:
        zero = _zero_config(root, exists)
        ownership_path = zero.ownership
    else:
        ownership_path = root / str(ownership)
    teams = data.get("teams")
    baseline = data.get("baseline")
    for key, value in (("ownership", ownership), ("teams", teams)):
        if value is None:
            continue
        if not (exists(str(value)) if exists is not None else (root / str(value)).is_file()):
            line, column = position(data, [key])
            problem = "is a directory" if (root / str(value)).is_dir() else "does not exist"
            raise OwnlintError(f"{key}: '{value}' {problem}", document.file, line, column)
    declarations: "list[Source]" = []
    vocabularies: "list[Vocabulary]" = []
    if data.get("declarations") or data.get("vocabularies"):
        from ownlint.model.declarations import sources_from_config

        declarations, vocabularies = sources_from_config(data, document.file)
    return Config(
        root=root,
        file=document.file,
        ownership=ownership_path,
        teams=root / str(teams) if teams is not None else None,
        packs=[str(p) for p in data.get("packs", DEFAULT_PACKS)],
        exclude=[str(p) for p in data.get("exclude") or []],
        owners_per_path=str(policy.get("owners_per_path", "any")),
        individuals=str(policy.get("individuals", "allow")),
        select=[str(c) for c in checks.get("select") or []],
        ignore=[str(c) for c in checks.get("ignore") or []],
        severity={str(c): Severity.parse(str(s)) for c, s in (checks.get("severity") or {}).items()},
        baseline=root / str(baseline) if baseline is not None else None,
        document=document,
        declarations=declarations,
        vocabularies=vocabularies,
    )
