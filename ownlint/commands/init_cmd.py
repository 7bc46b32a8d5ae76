"""`ownlint init`: start using ownlint in a repository that has a CODEOWNERS file."""
from __future__ import annotations

from pathlib import Path

from ownlint.commands import common
from ownlint.errors import OwnlintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

TEAMS, MAPPING, BASELINE = "teams.yaml", "ownership.yaml", ".ownlint-baseline.jsonl"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mapping", choices=("codeowners", "yaml"), default="codeowners",
        help="keep the CODEOWNERS file as the mapping (default), or import it into ownership.yaml, every comment kept",
    )


def _codeowners(root: Path) -> str:
    from ownlint.formats.codeowners import CODEOWNERS_LOCATIONS

    for location in CODEOWNERS_LOCATIONS:
        if (root / location).is_file():
            return location
    raise OwnlintError(
        f"no CODEOWNERS file ({', '.join(CODEOWNERS_LOCATIONS)}): write the mapping by hand, see docs/adopting.md",
        str(root),
    )


def run(args: argparse.Namespace) -> int:
    from ownlint.edits.importer import import_codeowners
    from ownlint.edits.scaffold import config_text, owners_of, registry_text
    from ownlint.formats.atomic import write_atomic
    from ownlint.formats.yamlio import parse_yaml, read_text
    from ownlint.model.config import CONFIG_NAME, discover
    from ownlint.model.registry import registry_from_document
    from ownlint.sources.files import WorkingTree

    found, existing = discover(WorkingTree(common.start_dir(args)))
    root = found.root
    if existing is not None:
        raise OwnlintError(
            "ownlint is already configured here; ownlint init never overwrites a file", str(root / existing)
        )
    source = _codeowners(root)
    text = read_text(root / source, source)
    teams_text = registry_text(owners_of(text), source)
    files = {CONFIG_NAME: "", TEAMS: teams_text}
    ownership = source
    if args.mapping == "yaml":
        document, _ = parse_yaml(teams_text, TEAMS)
        assert document is not None  # written above, always valid
        registry = registry_from_document(document)
        note = f"Imported by `ownlint init` from {source}: every line kept, comments as YAML comments."
        files[MAPPING] = import_codeowners(text, source, registry, note)
        ownership = MAPPING
    own_files = [CONFIG_NAME, TEAMS, *([MAPPING] if ownership == MAPPING else []), BASELINE]
    files[CONFIG_NAME] = config_text(ownership, TEAMS, BASELINE, own_files)
    taken = [name for name in files if (root / name).exists()]
    if taken:
        raise OwnlintError(f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''}; "
                           "ownlint init never overwrites a file", str(root))
    for name, content in files.items():
        try:
            write_atomic(root / name, content.encode("utf-8"))
        except OSError as error:
            raise OwnlintError(f"cannot write: {error.strerror or error}", name) from None
    print(_next_steps(list(files), source, ownership))
    return 0


def _next_steps(written: list[str], source: str, ownership: str) -> str:
    mapping = (
        f"{ownership} (imported from {source}; {source} itself is unchanged: when the mapping is ready,"
        f" 'ownlint codeowners --output {source}' generates it)"
        if ownership != source else f"{source} as it is (ownlint reads it, never rewrites it)"
    )
    return "\n".join([
        f"Wrote {', '.join(written)}. The mapping is {mapping}.",
        "Next:",
        f"  1. Review {TEAMS}: a name, a lead or contact and a scope for each team (docs/teams.md).",
        "  2. Run 'ownlint check' to see where the repository stands.",
        f"  3. Record what is there today: 'ownlint check --update-baseline' writes {BASELINE};",
        "     from then on only new problems fail.",
        "  4. Install the pre-commit hook and the CI step (docs/adopting.md), and commit these files.",
        "  5. Fix the baselined findings over time; 'ownlint check --fix' drops the entries that are gone.",
    ])
