"""Options and helpers shared by several commands."""
from __future__ import annotations

import sys
from pathlib import Path

from ownlint.errors import OwnlintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import datetime
    from typing import Optional, Sequence

    from ownlint.project import Project


def codes(text: str) -> list[str]:
    return [code.strip().upper() for code in text.split(",") if code.strip()]


def date(text: str) -> datetime.date:
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today", type=date, metavar="YYYY-MM-DD", help="pin today's date (for until: grace periods)"
    )


def start_dir(args: argparse.Namespace) -> Path:
    return Path(args.directory)


def given_path(args: argparse.Namespace, text: Optional[str]) -> Optional[str]:
    """A file named on the command line, relative to -C DIR as git's -C does ('-' stays stdin)."""
    if text is None or text == "-":
        return text
    return str(Path(args.directory) / text)


def config_file(args: argparse.Namespace) -> Optional[Path]:
    given = given_path(args, args.config)
    return Path(given) if given else None


def write_output(text: str, output: Optional[str], escape: bool = False) -> None:
    """Write to --output atomically, or to standard output.

    File names that are not UTF-8 (kept as surrogates) are shown as backslash
    escapes, so output stays valid UTF-8 and JSON stays parseable."""
    if escape:  # text for a person: no raw control character, no line a CI runner obeys
        from ownlint.formats.printable import safe_text

        text = safe_text(text)
    data = text.encode("utf-8", "backslashreplace")
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    from ownlint.formats.atomic import write_atomic

    try:
        write_atomic(Path(output), data)
    except OSError as error:
        raise OwnlintError(f"cannot write: {error.strerror or error}", output) from None


def read_paths(source: str, nul: bool) -> list[str]:
    """Paths from a file or '-' (standard input): one a line, or NUL-separated."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise OwnlintError(error.strerror or str(error), source) from None
    import os

    separator = b"\0" if nul else b"\n"
    return [os.fsdecode(item.rstrip(b"\r") if not nul else item) for item in data.split(separator) if item.strip()]


def load_for_reading(args: argparse.Namespace, asked: Optional[Sequence[str]] = None) -> "Project":
    """The project for a command that reads the ownership table (explain, ls, teams).

    Unlike check, which reports a broken mapping or registry as findings, these
    commands would answer from half the data: they stop (exit 2) instead."""
    from ownlint.model.config import load_config
    from ownlint.project import Scope, load_project
    from ownlint.sources.repo import normalise

    config, config_findings = load_config(start_dir(args), config_file(args))
    source = given_path(args, getattr(args, "files_from", None))
    files = read_paths(source, args.nul) if source else None
    # Only the asked paths and the files beneath them go into the table: explaining one
    # file of a million-file repository need not list, or match, the other files.
    paths = normalise(config.root, start_dir(args).resolve(), asked) if asked is not None else None
    if paths is not None and "" in paths:
        paths = None
    project = load_project(config, Scope(files=files, asked=paths, beneath=True), config_findings, reuse_table=True)
    needed: list[tuple[bool, Path]] = [(project.table is not None, config.ownership)]
    if config.teams is not None:
        needed.append((project.registry is not None, config.teams))
    for loaded, path in needed:
        if not loaded:
            file = config.relative(path)
            unreadable = next((f for f in project.load_findings if f.file == file), None)
            if unreadable is not None:
                raise OwnlintError(unreadable.message, unreadable.file, unreadable.line, unreadable.column)
            raise OwnlintError("could not be read", file)
    return project
