"""`ownlint check`: lint the registry, the mapping and every file's ownership."""
from __future__ import annotations

import importlib
import os
import sys

from ownlint.commands import common
from ownlint.errors import OwnlintError
from ownlint.wording import plural

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import datetime
    from pathlib import Path
    from typing import Optional, Union

    from ownlint.checks.runner import Selection
    from ownlint.edits.fix import FixPlan
    from ownlint.findings import Finding
    from ownlint.model.config import Config
    from ownlint.model.mapping import Mapping
    from ownlint.project import Project, Scope
    from ownlint.sources.files import FileSource, HookGit, Index, Revision
    from ownlint.sources.repo import Listing
    from ownlint.sources.untracked import Memory

FORMATS = ("text", "json", "sarif", "github", "gitlab")
ROLLUP_LIMIT = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="check ownership of these paths only")
    parser.add_argument(
        "--format", choices=FORMATS, help="output format (default: text; in GitHub Actions, text plus annotations)"
    )
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--select", type=common.codes, default=[], metavar="CODES", help="run only these codes")
    parser.add_argument("--ignore", type=common.codes, default=[], metavar="CODES", help="never run these codes")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    parser.add_argument("--changed-since", metavar="REF", help="check ownership of the files changed since REF")
    parser.add_argument(
        "--files-from", metavar="FILE", help="take the repository's file list from FILE ('-' for standard input)"
    )
    parser.add_argument(
        "--cached",
        action="store_true",
        help="the repository's files are those in git's index (the commit being made; the pre-commit hook's mode)",
    )
    parser.add_argument(
        "--tracked-only",
        action="store_true",
        help="the repository's files are those git tracks: no walk of the work tree for untracked files "
        "(CI on a clean checkout)",
    )
    parser.add_argument("-z", dest="nul", action="store_true", help="--files-from is NUL-separated")
    parser.add_argument(
        "--baseline", metavar="FILE",
        help="report only findings this baseline does not record (default: the configuration's baseline:)",
    )
    parser.add_argument(
        "--update-baseline", action="store_true",
        help="write every finding of this run to the baseline, so that later runs report only new ones",
    )
    parser.add_argument(
        "--no-rollup", action="store_true",
        help=f"list every unowned file in text output (more than {ROLLUP_LIMIT} are rolled up by directory)",
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", help="print at most N findings in text output, then how many more there are"
    )
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply the safe fixes, then report what remains")
    fixing.add_argument("--diff", action="store_true", help="print the safe fixes as a unified diff; write nothing")
    common.add_today(parser)


def _setup_files(config: Config) -> set[str]:
    setup = {config.relative(config.ownership), *(v.file for v in config.vocabularies)}
    if config.teams is not None:
        setup.add(config.relative(config.teams))
    if config.file is not None:
        setup.add(config.file)
    return setup


def _touches_setup(config: Config, paths: list[str]) -> bool:
    """A change to the registry, mapping or configuration can unown any file, and a change
    to a vocabulary can make any declared value undeliverable."""
    setup = _setup_files(config)
    return any(path in setup for path in paths)


def _refuse_missing(
    config: Config, given: list[str], paths: list[str], index: Optional[Index], files: Optional[list[str]]
) -> None:
    """A PATH that names nothing would check nothing and pass: stop (exit 2) naming it.
    With --cached (index) a path staged and not in the working tree counts; with
    --files-from, a path of that list."""
    from ownlint.sources.repo import is_beneath, list_beneath

    for text, path in zip(given, paths):
        full = config.root / path
        if not path or full.exists() or full.is_symlink():
            continue
        if files is not None and any(is_beneath(name, [path]) for name in files):
            continue
        if files is None and index is not None:
            # Read with the configuration when the path was hinted (_hint_paths).
            known = index.at(config.root).lists_beneath(path)
            if known or (known is None and list_beneath(config.root, [path], cached=True)):
                continue
        raise OwnlintError("no such file or directory", text)


def _hint_paths(index: Index, args: argparse.Namespace) -> None:
    """A hook's staged files are asked about with the configuration's files: one read of
    git's index for the whole run, however large it is. Folders are left out (naming
    one would list everything beneath it)."""
    from pathlib import Path

    cwd = common.start_dir(args).resolve()
    fulls = []
    for given in args.paths:
        absolute = Path(os.path.normpath(cwd / given))
        if absolute.is_dir():
            continue
        try:
            fulls.append(absolute.relative_to(index.top).as_posix())
        except ValueError:
            continue  # outside the repository: normalise() says so later
    index.hint(fulls)


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _requested(
    args: argparse.Namespace, config: Config, files: Optional[list[str]], index: Optional[Index]
) -> Optional[list[str]]:
    """The paths a hook or --changed-since asks about (None: every file)."""
    from ownlint.sources.repo import changed_files, normalise

    paths: Optional[list[str]] = None
    if args.changed_since:
        paths = changed_files(config.root, args.changed_since)
    elif args.paths:
        paths = normalise(config.root, common.start_dir(args).resolve(), args.paths)
        _refuse_missing(config, args.paths, paths, index, files)
    return paths


def _new_in_commit(
    args: argparse.Namespace, project: Project, selection: Selection, findings: list[Finding],
    staged: list[str], paths: Optional[list[str]], index: Index, head_early: Optional[Revision] = None,
    at_head: Optional[Mapping] = None,
) -> tuple[list[Finding], int]:
    """A commit is refused for what it brings: findings about the staged files, and
    findings that a staged registry, mapping or configuration introduces. A finding
    HEAD already had (the same key as the baseline's: code, file, subject, owner) is
    not the commit's doing; the count of those is returned. at_head: HEAD's mapping,
    built already (_mapping_at_head), which a staged mapping leaves as it was."""
    from collections import Counter

    from ownlint.checks import baselinable
    from ownlint.checks.runner import answers_alike, run_checks
    from ownlint.formats.codeowners import CODEOWNERS_LOCATIONS
    from ownlint.model.config import CONFIG_NAME, load_config
    from ownlint.project import Scope, load_project
    from ownlint.sources.files import Revision

    config = project.config
    try:
        head = head_early.at(config.root) if head_early is not None else Revision(config.root, "HEAD", index.top)
        # One ls-tree for what HEAD is asked about: where a configuration may be, the
        # setup's files and the staged paths (never the whole tree).
        head.expect([CONFIG_NAME, "pyproject.toml", *CODEOWNERS_LOCATIONS, *_setup_files(config), *(paths or ())])
        before_config, before_found = load_config(head, common.config_file(args))
        same_exclusions = before_config.exclude == config.exclude
        before = load_project(
            before_config, Scope(asked=paths, revision="HEAD"), before_found, source=head,
            known=at_head if at_head is not None else project.mapping,
            known_table=project.table if same_exclusions else None,
        )
    except OwnlintError:
        return findings, 0  # no commit yet, or nothing ownlint could read in it: everything is new
    setup = _setup_files(config)
    about_staged = set(staged) - setup

    def always_kept(finding: Finding) -> bool:
        return finding.file in about_staged or finding.path in about_staged or not baselinable(finding)

    mapping_file = project.mapping.file if project.mapping is not None else None
    if answers_alike(before, project) and all(f.file == mapping_file for f in findings if not always_kept(f)):
        # HEAD's checks saw what the index's saw (the same mapping, registry and table):
        # their answer is the index's, so each finding of the mapping is one HEAD had,
        # under the same key (read from the same text). No key is worked out.
        kept = [finding for finding in findings if always_kept(finding)]
        return kept, len(findings) - len(kept)
    from ownlint.checks.baseline import Keys  # (not a run whose mapping is unchanged)

    before_keys = Keys(before_config.root, before.mapping, head.read_text)  # once: it splits the mapping's text
    old = Counter(before_keys.of(f) for f in run_checks(before, selection, args.today, paths))
    keys = Keys(config.root, project.mapping, index.at(config.root).read_text)
    kept = []
    for finding in findings:
        if always_kept(finding):
            kept.append(finding)
            continue
        key = keys.of(finding)
        if old[key] > 0:
            old[key] -= 1
            continue
        kept.append(finding)
    return kept, len(findings) - len(kept)


def _start(args: argparse.Namespace) -> "Union[Path, FileSource]":
    """Where the configuration is looked for: the working tree, or with --cached git's
    index (the configuration, registry and mapping as the commit will hold them)."""
    from ownlint.sources.files import Index

    return Index(common.start_dir(args)) if args.cached else common.start_dir(args)


def _tracked_first(
    args: argparse.Namespace, config: Config, files: Optional[list[str]], paths: Optional[list[str]]
) -> Optional[Listing]:
    """For a run over every file of the work tree: its listing, started now. The files git
    tracks are checked while git walks the tree for untracked ones (on a large checkout
    the walk is most of a run); only if it finds some is the run made again over all."""
    if files is not None or paths is not None or args.cached or args.tracked_only:
        return None
    if args.fix or args.diff or args.update_baseline:
        return None  # these write: they must see every file the first time
    from ownlint.sources.repo import Listing

    return Listing(config.root, memory=_walk_memory(config.root))


def _walk_memory(root: Path) -> "Optional[Memory]":
    """Where the walk for untracked files is remembered: the result cache (none when
    it is off, or would lie inside the repository; none for a small repository, which
    git walks sooner than the helper starts)."""
    from ownlint.sources.untracked import Memory, key_parts, worth_remembering

    if not worth_remembering(str(root)):
        return None
    from ownlint.formats import cache

    cache.refuse_inside(root)
    key = cache.key_of("untracked", key_parts(str(root)))
    entry = cache.entry_file("untracked", key)
    seal = cache.entry_seal("untracked", key) if entry is not None else None
    if entry is None or seal is None:
        return None
    return Memory(str(entry), cache.MAGIC, seal, lambda data: cache.store("untracked", key, data))


def _first_pass(
    args: argparse.Namespace, config: Config, config_findings: list[Finding], scope: Scope, index: Optional[Index],
    listing: Optional[Listing], known: Optional[Mapping] = None,
) -> tuple[Project, list[Finding], int, Optional[Path], Optional[FileSource]]:
    """The project and its findings (less the baseline's), the baseline used and where it is read."""
    from ownlint.checks import CHECKS
    from ownlint.checks.runner import run_checks, selection_for
    from ownlint.project import load_project

    selection = selection_for(config, args.select, args.ignore)
    counts = any(spec.counts and selection.wants(spec.code) for spec in CHECKS.values())  # (see CheckSpec.counts)
    project = load_project(
        config, scope, config_findings, reuse_table=True, source=index, known=known, listing=listing, counts=counts
    )
    paths = None if scope.asked is None else list(scope.asked)
    baseline = _baseline_path(args, config)
    # A baseline the configuration names is read with it (from the index for --cached).
    baseline_source = config.reader() if args.baseline is None else None
    if args.update_baseline:
        if paths is not None:
            raise OwnlintError("--update-baseline records the whole repository: give no PATH and no --changed-since")
        if baseline is None:
            raise OwnlintError("--update-baseline needs a file: --baseline FILE, or baseline: in the configuration")
        _write_baseline(baseline, config, project, run_checks(project, selection, args.today, paths))
    elif baseline is not None and baseline_source is not None and not baseline_source.exists(config.relative(baseline)):
        # Named by the configuration but not written yet (just after `ownlint init`): no baseline.
        project.notices.append(
            f"the baseline {config.relative(baseline)} does not exist yet: 'ownlint check --update-baseline' writes it"
        )
        baseline = None
    findings, baselined = _checked(project, selection, args.today, paths, baseline, baseline_source)
    return project, findings, baselined, baseline, baseline_source


def run(args: argparse.Namespace) -> int:
    hook = _hook_git(args)
    try:
        return _run(args, hook)
    finally:
        if hook is not None:
            hook.close()


def _hook_git(args: argparse.Namespace) -> Optional[HookGit]:
    """A hook's run (--cached with paths): every git question it asks, started now (see
    HookGit); None for any other run."""
    if not (args.cached and args.paths) or args.files_from is not None or args.changed_since:
        return None
    from ownlint.formats.codeowners import CODEOWNERS_LOCATIONS
    from ownlint.model.config import CONFIG_NAME
    from ownlint.sources.files import HookGit

    directory = common.start_dir(args)
    staged = []
    for given in args.paths:
        # What _hint_paths() hints, named from the directory: folders are left out, and
        # so is a path that leaves the directory (the top is not known yet).
        relative = os.path.normpath(given)
        if os.path.isabs(relative) or relative == ".." or relative.startswith(".." + os.sep):
            continue
        if os.path.isdir(directory / relative):
            continue
        staged.append(relative if os.sep == "/" else relative.replace(os.sep, "/"))
    setup = [CONFIG_NAME, "pyproject.toml", *CODEOWNERS_LOCATIONS]
    return HookGit(directory, [*setup, *staged], setup)


def _import_the_run() -> None:
    for module in ("ownlint.checks.runner", "ownlint.project"):
        importlib.import_module(module)


def _mapping_at_head(args: argparse.Namespace, hook: Optional[HookGit]) -> Optional[Mapping]:
    """HEAD's mapping, built while git still reads the index (tens of milliseconds for a
    large one, when Python would only wait): a commit that leaves the mapping as it is
    finds it built, since load_mapping takes a known mapping only when the index holds
    the same text, in the same file, of the same flavor. None when HEAD has no commit or
    nothing ownlint can read (the index's setup then says why, as it always did), and
    for a run from a folder, whose configuration may lie further up (what HEAD is asked
    about from the top is then asked after the index's answer, in one question)."""
    head = hook.head() if hook is not None else None
    if head is None or head.prefix:
        return None
    from ownlint.project import load_setup

    try:
        return load_setup(head, config_file=common.config_file(args)).mapping
    except OwnlintError:
        return None


def _run(args: argparse.Namespace, hook: Optional[HookGit]) -> int:
    from ownlint.model.config import CONFIG_NAME, load_config
    from ownlint.sources.files import Index

    if hook is not None:
        _import_the_run()  # (git answers meanwhile: the top is known after it)
    early = hook.index() if hook is not None else None
    start = early if early is not None else _start(args)
    index = start if isinstance(start, Index) else None
    if index is not None:
        from ownlint.formats.codeowners import CODEOWNERS_LOCATIONS

        if args.paths:
            _hint_paths(index, args)  # (those HookGit asked about are known: not asked again)
        # git reads the index for where a configuration may be and the staged paths
        # while the checks and the project's modules are imported.
        index.prefetch([CONFIG_NAME, "pyproject.toml", *CODEOWNERS_LOCATIONS])
        _import_the_run()
    at_head = _mapping_at_head(args, hook)  # (while git reads the index)
    config, config_findings = load_config(start, common.config_file(args))
    source = common.given_path(args, args.files_from)
    files = common.read_paths(source, args.nul) if source else None
    requested = _requested(args, config, files, index)
    # A staged registry, mapping or configuration can unown any file: the whole repository.
    paths = None if requested is not None and _touches_setup(config, requested) else requested
    listing = _tracked_first(args, config, files, paths)  # (git walks while the checks are imported)
    try:
        from ownlint.checks.runner import selection_for
        from ownlint.project import Scope, load_project

        scope = Scope(files=files, asked=paths, from_index=args.cached, tracked_only=args.tracked_only)
        project, findings, baselined, baseline, baseline_source = _first_pass(
            args, config, config_findings, scope, index, listing, at_head
        )
    except BaseException:
        if listing is not None:
            listing.stop()
        raise
    if listing is not None:
        try:
            every = listing.rest()
            if every is not None:  # files git does not track yet: the run is over those too
                project, findings, baselined, baseline, baseline_source = _first_pass(
                    args, config, config_findings, Scope(files=every), index, None, project.mapping
                )
            listing.remember()  # a walk made this run is kept for the next
        finally:
            listing.stop()
    selection = selection_for(config, args.select, args.ignore)
    before = 0
    if index is not None and args.paths and not args.update_baseline and requested is not None:
        head = hook.head() if hook is not None else None
        findings, before = _new_in_commit(args, project, selection, findings, requested, paths, index, head, at_head)
    from ownlint.formats.printable import printable, safe_text

    fixed: list[str] = []
    if args.fix or args.diff:
        from ownlint.checks.catalog import load_catalog
        from ownlint.edits.fix import plan_fixes

        fixable = {code for code, entry in load_catalog().items() if entry.fixable != "none"}
        read = {project.mapping.file: project.mapping.text} if project.mapping is not None else None
        plan = plan_fixes(config.root, findings, fixable, read)
        if args.diff:
            sys.stdout.write(safe_text(plan.diff(), keep="\r"))  # a patch: a CRLF file's ends stay
            for finding, reason in plan.left:
                print(printable(f"ownlint: note: left for a person: {finding.location}: {reason}"), file=sys.stderr)
            return 0 if args.exit_zero else _exit_code(findings)
        plan.write()
        fixed = plan.report()
        if plan.changed:  # report what remains, as a fresh run would
            start = _start(args)
            index = start if isinstance(start, Index) else None
            config, config_findings = load_config(start, common.config_file(args))
            known = _mapping_after(project, plan)
            # A fix that replaced owners only leaves every file's winning rules as they were.
            project = load_project(
                config, scope, config_findings, reuse_table=True, source=index, known=known, known_table=project.table
            )
            findings, baselined = _checked(project, selection, args.today, paths, baseline, baseline_source)
            if index is not None and args.paths and requested is not None:
                findings, before = _new_in_commit(args, project, selection, findings, requested, paths, index)
    for notice in project.notices:
        print(f"ownlint: note: {printable(notice)}", file=sys.stderr)
    from ownlint.report import flavor_to_dict

    summary: dict[str, object] = {"root": str(config.root), "flavor": flavor_to_dict(project.mapping)}
    if args.format in ("sarif", "github", "gitlab") or in_github_actions():
        from ownlint.sources.repo import top_level_prefix

        summary["prefix"] = top_level_prefix(config.root)
    if project.table is not None:
        summary.update(project.table.summary())
    if baseline is not None:
        summary["baselined"] = baselined
    if before:
        summary["before"] = before
    if args.format in ("text", None):
        from ownlint.report.text import format_text, use_colour

        colour = args.output is None and use_colour(sys.stdout)
        rollup = None if args.no_rollup else ROLLUP_LIMIT
        text = format_text(findings, summary, colour=colour, rollup=rollup, limit=args.limit)
        if fixed:
            text = "\n".join(printable(line) for line in fixed) + "\n\n" + text
        if args.format is None and args.output is None and in_github_actions():
            from ownlint.report.github import workflow_commands

            text += workflow_commands(findings, summary)
    else:
        from ownlint.report import formatter

        text = formatter(args.format)(findings, summary)
        # One write, not one per fix: 100,000 fixes of a renamed team are 100,000 lines.
        sys.stderr.write("".join(f"ownlint: {printable(line.strip())}\n" for line in fixed))
    common.write_output(text, common.given_path(args, args.output))
    if args.exit_zero:
        return 0
    return _exit_code(findings)


def _mapping_after(project: Project, plan: "FixPlan") -> Optional[Mapping]:
    """The mapping as the fix left it, built from the one read before it where that is
    exactly a fresh read's: a CODEOWNERS mapping is returned (load_mapping takes it only if
    the file holds its text), an ownlint YAML one remembered for its text (read without a
    finding, as the one before it was)."""
    from ownlint.model.owner_edits import codeowners_after_edits, remember, yaml_after_edits

    mapping = project.mapping
    if mapping is None:
        return None
    edits = [(edit.line, edit.column, edit.old, edit.new) for edit, _ in plan.applied if edit.file == mapping.file]
    if mapping.kind != "yaml":
        return codeowners_after_edits(mapping, edits)
    if not any(finding.file == mapping.file for finding in project.load_findings):
        built = yaml_after_edits(mapping, edits)
        if built is not None:
            remember(built)
    return None


def _exit_code(findings: "list[Finding]") -> int:
    return 1 if any(f.level.name == "ERROR" for f in findings) else 0


def _baseline_path(args: argparse.Namespace, config: Config) -> Optional[Path]:
    """--baseline (relative to -C, as other files named on the command line), else the configuration's."""
    from pathlib import Path

    given = common.given_path(args, args.baseline)
    if given is not None:
        return Path(given).resolve()
    return config.baseline


def _write_baseline(path: Path, config: Config, project: Project, findings: list[Finding]) -> None:
    from ownlint.checks import baselinable
    from ownlint.checks.baseline import Keys, baseline_text
    from ownlint.formats.atomic import write_atomic

    keys = Keys(config.root, project.mapping)
    recorded = [keys.of(finding) for finding in findings if baselinable(finding)]
    file = config.relative(path)
    try:
        write_atomic(path, baseline_text(recorded).encode("utf-8"))
    except OSError as error:
        raise OwnlintError(f"cannot write the baseline: {error.strerror or error}", file) from None
    print(f"ownlint: recorded {plural(len(recorded), 'finding')} in {file}", file=sys.stderr)


def _checked(
    project: Project, selection: Selection, today: Optional[datetime.date], paths: Optional[list[str]],
    baseline: Optional[Path], baseline_source: "Optional[FileSource]",
) -> tuple[list[Finding], int]:
    """The findings of the run, less those the baseline records, plus its stale entries (OWN207)."""
    from ownlint.checks.runner import run_checks

    findings = run_checks(project, selection, today, paths)
    if baseline is None:
        return findings, 0
    from ownlint.checks import CHECKS, STALE_ENTRY
    from ownlint.checks.baseline import Keys, apply_baseline, read_baseline
    from ownlint.checks.catalog import load_catalog
    from ownlint.checks.runner import context_for
    from ownlint.findings import Finding

    config = project.config
    context = context_for(project, today, paths)

    def judged(code: str) -> bool:
        return paths is None and selection.wants(code) and CHECKS[code].judges_every_rule(context)

    outcome = apply_baseline(
        findings, read_baseline(baseline, config.relative(baseline), baseline_source), Keys(config.root, project.mapping), judged
    )
    if not selection.wants(STALE_ENTRY):
        return outcome.findings, outcome.baselined
    severity = dict(selection.severity).get(STALE_ENTRY, load_catalog()[STALE_ENTRY].severity)
    stale = [finding.with_severity(severity) for finding in outcome.stale]
    return sorted([*outcome.findings, *stale], key=Finding.sort_key), outcome.baselined
