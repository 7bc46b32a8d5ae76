"""`ownlint codeowners`: write (or --check) the CODEOWNERS file the mapping and handles imply."""
from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

from ownlint.checks import OUT_OF_DATE
from ownlint.commands import common
from ownlint.errors import OwnlintError
from ownlint.findings import LOAD_CODES, Severity
from ownlint.formats.codeowners import locations_read_by

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Optional

    from ownlint.model.config import Config

# Where each forge looks, in its order (the first that exists is the one it reads),
# and where a new file goes.
NEW_FILE = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flavor", choices=("github", "gitlab"), default="github", help="the forge (default: github)")
    parser.add_argument("--output", metavar="FILE", help="write the file here (default: standard output)")
    parser.add_argument(
        "--check", action="store_true",
        help="compare with the file on disk (--output, or where the forge reads it) and exit 1 when it differs",
    )


def default_target(config: Config, mapping_kind: str, flavor: str) -> Path:
    """The file the forge reads: the mapping itself when it is a CODEOWNERS file, else the
    first CODEOWNERS that exists where the forge looks, else the forge's own folder."""
    from ownlint.model.mapping import CODEOWNERS

    if mapping_kind == CODEOWNERS:
        return config.ownership
    from ownlint.sources.files import PathRefused, WorkingTree

    locations = locations_read_by(flavor)
    for location in locations:
        if (config.root / location).is_file() or (config.root / location).is_symlink():
            try:  # a link out of the root or into .git/ is neither shown nor written
                WorkingTree(config.root).check(location)
            except PathRefused as error:
                raise OwnlintError(error.message, location) from None
            return config.root / location
    return config.root / NEW_FILE[flavor]


def _out_of_date(target: Path, shown: str, expected: str, flavor: str) -> int:
    from ownlint.edits.export import first_difference
    from ownlint.findings import Finding
    from ownlint.report.text import format_text

    again = f"run 'ownlint codeowners{' --flavor gitlab' if flavor == 'gitlab' else ''} --output {shown}'"
    try:
        current: Optional[str] = target.read_text(encoding="utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        current = None
    except (OSError, UnicodeDecodeError) as error:
        raise OwnlintError(f"cannot read: {error}", shown) from None
    if current == expected:
        return 0
    if current is None:
        finding = Finding(shown, None, None, OUT_OF_DATE, f"{shown} does not exist; {again}", Severity.ERROR)
        sys.stdout.write(format_text([finding], {}))
        return 1
    old, new = current.splitlines(), expected.splitlines()
    line = first_difference(old, new)
    finding = Finding(
        shown, line, 1, OUT_OF_DATE, f"{shown} differs from what the mapping implies (from line {line}); {again}",
        Severity.ERROR,
    )
    diff = difflib.unified_diff(old, new, f"{shown} (on disk)", f"{shown} (from the mapping)", lineterm="")
    sys.stdout.write(format_text([finding], {}) + "".join(f"{d}\n" for d in diff))
    return 1


def run(args: argparse.Namespace) -> int:
    from ownlint.edits.export import generate
    from ownlint.model.config import load_config
    from ownlint.project import load_mapping, load_registry

    config, findings = load_config(common.start_dir(args), common.config_file(args))
    registry, registry_findings = load_registry(config)
    mapping, mapping_findings = load_mapping(config)
    for finding in [*findings, *registry_findings, *mapping_findings]:
        if finding.code in LOAD_CODES:  # a file that cannot be trusted
            raise OwnlintError(finding.message, finding.file, finding.line, finding.column)
    assert mapping is not None
    if args.output is not None:
        target = Path(os.path.abspath(common.start_dir(args) / args.output))
    else:
        target = default_target(config, mapping.kind, args.flavor)
    shown = config.relative(target)
    if (args.check or args.output is not None) and target.resolve() == config.ownership.resolve():
        raise OwnlintError(
            f"is the ownership mapping itself ({_named_by(config)}); ownlint never rewrites it, and there is "
            "nothing to generate: `ownlint codeowners` writes CODEOWNERS from an ownlint YAML mapping",
            shown,
        )
    sources = [mapping.file] + ([registry.file] if registry is not None else [])
    if args.check:
        from ownlint.checks.generated import cannot_generate
        from ownlint.report.text import format_text

        try:
            text = generate(mapping, registry, args.flavor, sources, shown)
        except OwnlintError as error:  # the same finding as check's OWN501
            sys.stdout.write(format_text([cannot_generate(shown, error).finding(OUT_OF_DATE).with_severity(Severity.ERROR)], {}))
            return 1
        return _out_of_date(target, shown, text, args.flavor)
    text = generate(mapping, registry, args.flavor, sources, shown)
    if args.output is not None:  # .github/ or .gitlab/ may not exist yet
        target.parent.mkdir(parents=True, exist_ok=True)
    common.write_output(text, None if args.output is None else str(target))
    return 0


def _named_by(config: Config) -> str:
    if config.file is None:
        return "found where the forge looks, with no .ownlint.yaml"
    return f"ownership: in {config.file}"
