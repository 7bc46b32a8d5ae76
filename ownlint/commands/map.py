"""`ownlint map [PATH]`: the ownership map, one self-contained web page of who owns what."""
from __future__ import annotations

import datetime
import os
import sys

from ownlint.commands import common
from ownlint.errors import OwnlintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ownlint.project import Project
    from ownlint.queries.ownership_diff import OwnershipDiff

DEFAULT_OUTPUT = "ownership.html"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=None, metavar="PATH",
                        help="map only the files beneath this directory (default: the whole repository)")
    parser.add_argument("--output", metavar="FILE",
                        help=f"where to write the page ('-' for standard output; default: {DEFAULT_OUTPUT} in the root)")
    parser.add_argument("--diff", metavar="BASE",
                        help="draw how ownership changed since the git revision BASE, as `ownlint diff BASE` does")
    common.add_today(parser)


def generated_at() -> str:
    """When the page is made (UTC), or SOURCE_DATE_EPOCH's time for a reproducible page."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch and epoch.isdigit()
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def run(args: argparse.Namespace) -> int:
    from ownlint.checks.runner import run_checks, selection_for
    from ownlint.report.map_data import build_map_data
    from ownlint.report.map_page import render_page
    from ownlint.sources.repo import describe_revision, normalise

    asked = [args.path] if args.path else None
    project = common.load_for_reading(args, asked=asked)
    config, table = project.config, project.table
    assert table is not None  # load_for_reading refuses a project without one
    beneath = normalise(config.root, common.start_dir(args).resolve(), asked)[0] if asked else ""
    if beneath and not (config.root / beneath).exists():  # an empty map would look like an answer
        raise OwnlintError("no such file or directory", args.path)
    diff = _diff(args, project, beneath) if args.diff else None
    # The same checks as `check` (on the mapped files only, as `check PATH` does).
    findings = run_checks(project, selection_for(config), args.today, None if table.complete else table.files)
    for notice in project.notices:
        print(f"ownlint: note: {notice}", file=sys.stderr)
    data = build_map_data(project, findings, describe_revision(config.root), generated_at(), diff)
    page = render_page(data)
    output = common.given_path(args, args.output) if args.output else str(config.root / DEFAULT_OUTPUT)
    common.write_output(page, None if output == "-" else output)
    if output != "-":
        totals = data.data["totals"]
        files = f"{totals['files']:,} file{'' if totals['files'] == 1 else 's'}"
        print(f"ownlint: map of {files} written to {output} ({len(page) / 1e6:.1f} MB)")
    return 0


def _diff(args: argparse.Namespace, project: "Project", beneath: str) -> "OwnershipDiff":
    from ownlint.queries.ownership_diff import diff_from, state_of
    from ownlint.sources.files import WorkingTree

    table = project.table
    assert table is not None
    head = state_of(WorkingTree.label, table, project.registry)
    return diff_from(project.config.root, common.config_file(args), args.diff, head, beneath)
