"""`ownlint explain PATH...`: who owns each path and why, for a person (text) or a script (JSON)."""
from __future__ import annotations

from ownlint.commands import common

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or paths that do not exist yet")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--no-findings", action="store_true", help="do not run the checks for the findings")
    parser.add_argument(
        "--files-from", metavar="FILE", help="take the repository's file list from FILE ('-' for standard input)"
    )
    parser.add_argument("-z", dest="nul", action="store_true", help="--files-from is NUL-separated")
    common.add_today(parser)


def run(args: argparse.Namespace) -> int:
    from ownlint.checks.runner import run_checks, selection_for
    from ownlint.queries.explain import (
        OwnerStatus,
        attach_findings,
        checked_paths,
        explain,
        load_domains_for,
        ranks_successors,
    )
    from ownlint.report.explain import format_json, format_text
    from ownlint.sources.repo import normalise

    project = common.load_for_reading(args, asked=args.paths)
    table = project.table
    assert table is not None  # load_for_reading refuses a project without one
    config = project.config
    paths = normalise(config.root, common.start_dir(args).resolve(), args.paths)
    status = OwnerStatus(project.registry, config.individuals)
    domains = load_domains_for(config)
    results = [explain(table, config.root, path, status, domains) for path in dict.fromkeys(paths)]
    if not args.no_findings and not table.complete and ranks_successors(project.registry, table, results):
        # A successor ranking weighs every file the rule owns, not only the asked ones.
        project = common.load_for_reading(args)
        table = project.table
        assert table is not None
        results = [explain(table, config.root, path, status, domains) for path in dict.fromkeys(paths)]
    if project.declared is not None:
        from ownlint.queries.explain import attach_declarations

        attach_declarations(table, project.declared, project.registry, results)
    if not args.no_findings:
        findings = run_checks(project, selection_for(config), args.today, checked_paths(table, results))
        attach_findings(table, results, findings)
    if args.format == "json":
        text = format_json(results, table.mapping, project.registry, project.declared is not None)
    else:
        text = format_text(results, table.mapping, project.registry)
    common.write_output(text, None, escape=args.format != "json")
    return 0 if all(result.settled for result in results) else 1
