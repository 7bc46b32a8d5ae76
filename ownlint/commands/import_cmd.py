"""`ownlint import CODEOWNERS`: an ownlint mapping from an existing CODEOWNERS file."""
from __future__ import annotations

from ownlint.commands import common
from ownlint.errors import OwnlintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Optional

    from ownlint.model.registry import Registry


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("codeowners", metavar="CODEOWNERS", help="the CODEOWNERS file to import")
    parser.add_argument("--output", metavar="FILE", help="write the mapping here (default: standard output)")
    parser.add_argument(
        "--teams", metavar="FILE", help="map owners to the ids of this registry (default: the configuration's teams)"
    )


def _registry(args: argparse.Namespace) -> Optional[Registry]:
    """The registry named by --teams or by the configuration. The configuration is read
    for its `teams:` alone: its `ownership:` may be the very file being created."""
    from ownlint.formats.yamlio import parse_yaml
    from ownlint.model.config import Config, discover
    from ownlint.project import load_registry
    from ownlint.sources.files import FileSource, PathRefused, WorkingTree

    if args.teams is not None:
        teams = (common.start_dir(args) / args.teams).resolve()
        root = teams.parent
    else:
        config_file = common.config_file(args)
        source: FileSource
        name: Optional[str]
        if config_file is not None:
            source, name = WorkingTree(config_file.resolve().parent), config_file.name
        else:
            source, name = discover(WorkingTree(common.start_dir(args)))
        root = source.root.resolve()
        if name is None or not name.endswith((".yaml", ".yml")):
            return None
        text = source.read_text(name)
        if text is None:
            raise OwnlintError("no such file", name)
        document, findings = parse_yaml(text, name)
        if document is None:
            raise OwnlintError(findings[0].message, findings[0].file, findings[0].line, findings[0].column)
        value = document.data.get("teams") if isinstance(document.data, dict) else None
        if value is None:
            return None
        try:
            teams = root / source.check(str(value))
        except PathRefused as error:
            raise OwnlintError(f"teams: '{value}' {error.message}", name) from None
    if not teams.is_file():
        raise OwnlintError("no such file", str(teams))
    registry, findings = load_registry(Config(root=root, file=None, ownership=teams, teams=teams))
    if registry is None:
        first = findings[0]
        raise OwnlintError(first.message, first.file, first.line, first.column)
    return registry


def run(args: argparse.Namespace) -> int:
    from ownlint.edits.importer import import_codeowners
    from ownlint.formats.yamlio import read_text

    # Paths are relative to -C DIR: "as if started in DIR".
    source = common.start_dir(args) / args.codeowners
    if not source.is_file():
        raise OwnlintError("no such file", args.codeowners)
    registry = _registry(args)
    mapped = f" (owners mapped to the teams of {registry.file})" if registry is not None else ""
    note = f"Imported by ownlint from {args.codeowners}{mapped}."
    text = import_codeowners(read_text(source, args.codeowners), args.codeowners, registry, note)
    output = None if args.output is None else str(common.start_dir(args) / args.output)
    common.write_output(text, output)
    return 0
