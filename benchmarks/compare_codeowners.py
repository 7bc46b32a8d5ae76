"""Compare ownlint's answer for every file with the PyPI `codeowners` package's.

For each corpus directory (a CODEOWNERS, its repository's file list in paths.gz or
paths.txt, META.json naming where the file lives), every file's deciding line is
asked of ownlint (the ownership table, as `check` builds it) and of PyPI
`codeowners` (a port of hmarr's Go matcher); each file where they differ is printed
with both lines and why. Timings of both are printed too.

    .venv/bin/pip install codeowners      # for this script only: not a dependency
    python benchmarks/compare_codeowners.py                        # bitwarden (tests/data)
    python benchmarks/compare_codeowners.py ../shared/corpus/codeowners/*
    python benchmarks/compare_codeowners.py --write-expected DIR   # the test's golden file

`--write-expected` writes PyPI `codeowners`' answers to DIR/pypi-codeowners-lines.txt
(one line per file, in the file list's order: the deciding line, or '-'), which
tests/test_forge_agreement.py holds ownlint to.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Optional

TOP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOP))

from ownlint.model.mapping import mapping_from_codeowners  # noqa: E402
from ownlint.tables.ownership import OwnershipTable  # noqa: E402

BITWARDEN = TOP / "tests" / "data" / "codeowners" / "bitwarden__server"
EXPECTED_NAME = "pypi-codeowners-lines.txt"
SHOWN = 20  # differing files printed per corpus


def read_paths(directory: Path) -> list[str]:
    gz, txt = directory / "paths.gz", directory / "paths.txt"
    if gz.exists():
        with gzip.open(gz, "rt", encoding="utf-8") as stream:
            return stream.read().splitlines()
    return txt.read_text(encoding="utf-8").splitlines()


def ownlint_lines(text: str, file: str, paths: list[str]) -> tuple[list[Optional[int]], str, float]:
    """ownlint's deciding line per path (the last winner: GitHub files have one section)."""
    started = time.perf_counter()
    mapping = mapping_from_codeowners(text, file)
    table = OwnershipTable.build(mapping, paths)
    lines = [mapping.rules[winners[-1]].line if winners else None for winners in table.winners]
    return lines, mapping.flavor, time.perf_counter() - started


def pypi_lines(text: str, paths: list[str]) -> tuple[list[Optional[int]], float]:
    from codeowners import CodeOwners

    started = time.perf_counter()
    owners = CodeOwners(text)
    lines = [owners.matching_line(path)[1] for path in paths]
    return lines, time.perf_counter() - started


def why(text_lines: list[str], ours: Optional[int], theirs: Optional[int], flavor: str) -> str:
    """The reason two answers differ, as far as the two deciding lines tell it."""
    def shown(line: Optional[int]) -> str:
        return f"line {line} `{text_lines[line - 1].strip()}`" if line else "no rule"

    reason = "matching differs"
    if flavor == "gitlab":
        reason = "GitLab sections: ownlint takes each section's last match, PyPI codeowners the last line overall"
    elif theirs is not None and (ours is None or theirs > ours):
        reason = "a later line PyPI codeowners reads is one ownlint skips or matches differently"
    return f"ownlint {shown(ours)}; PyPI codeowners {shown(theirs)}: {reason}"


def compare(directory: Path, write_expected: bool) -> int:
    meta = json.loads((directory / "META.json").read_text(encoding="utf-8"))
    if not (directory / "CODEOWNERS").exists():  # another ownership format (BOTMETA.yml)
        print(f"{meta['repo']}: no CODEOWNERS ({meta['ownership_file']}), skipped")
        return 0
    text = (directory / "CODEOWNERS").read_text(encoding="utf-8")
    paths = read_paths(directory)
    ours, flavor, our_time = ownlint_lines(text, meta["ownership_file"], paths)
    try:
        theirs, their_time = pypi_lines(text, paths)
    except ValueError as error:  # e.g. a GitLab header with default owners, read as a pattern
        print(f"{meta['repo']} ({meta['ownership_file']}, {flavor}): PyPI codeowners cannot read it: {error}")
        return 0
    if write_expected:
        out = directory / EXPECTED_NAME
        out.write_text("".join(f"{line if line else '-'}\n" for line in theirs), encoding="utf-8")
        print(f"wrote {out} ({len(theirs)} lines)")
    differing = [(path, a, b) for path, a, b in zip(paths, ours, theirs) if a != b]
    print(
        f"{meta['repo']} ({meta['ownership_file']}, {flavor}): {len(paths):,} files, "
        f"{len(differing):,} differ; ownlint {our_time * 1000:.0f} ms, PyPI codeowners {their_time * 1000:.0f} ms"
    )
    text_lines = text.splitlines()
    for path, a, b in differing[:SHOWN]:
        print(f"  {path}: {why(text_lines, a, b, flavor)}")
    if len(differing) > SHOWN:
        print(f"  ... and {len(differing) - SHOWN:,} more")
    return len(differing)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, help="corpus directories (default: bitwarden in tests/data)")
    parser.add_argument("--write-expected", action="store_true", help=f"write {EXPECTED_NAME} into each directory")
    args = parser.parse_args(argv)
    total = sum(compare(directory, args.write_expected) for directory in (args.corpus or [BITWARDEN]))
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
