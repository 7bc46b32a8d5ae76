"""Run the declared checks on a loaded project: which codes run, at what severity,
minus what is suppressed."""
from __future__ import annotations

from operator import attrgetter

from ownlint.checks import CHECKS, UNUSED_SUPPRESSION
from ownlint.checks.catalog import load_catalog
from ownlint.checks.context import Context
from ownlint.checks.suppressions import Suppressions
from ownlint.errors import OwnlintError
from ownlint.findings import Finding, Severity
from ownlint.values import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Iterable, Optional, Union

    from ownlint.model.config import Config
    from ownlint.project import Project


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Selection(Frozen):
    """Which codes run and at what severity: configuration first, command line on top."""

    select: frozenset[str]
    ignore: frozenset[str]
    severity: tuple[tuple[str, Severity], ...]

    def __init__(
        self,
        select: frozenset[str] = frozenset(),
        ignore: frozenset[str] = frozenset(),
        severity: tuple[tuple[str, Severity], ...] = (),
    ) -> None:
        self.__dict__.update(select=select, ignore=ignore, severity=severity)

    def wants(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return not self.select or code in self.select


def _config_code_location(config: Config, key: str, item: Union[str, int]) -> tuple[Optional[str], Optional[int], Optional[int]]:
    """Where the configuration names a code (checks.select[i], checks.severity.CODE...)."""
    if config.file is None:
        return None, None, None
    if config.document is None or not config.file.endswith((".yaml", ".yml")):
        return config.file, None, None
    from ownlint.formats.yamlio import position

    line, column = position(config.document.data, ["checks", key, item], key=key == "severity")
    return config.file, line, column


def selection_for(config: Config, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
    """Command-line --select replaces the configuration's; --ignore adds to it.

    An unknown code is an error (exit 2), never silently nothing selected."""
    known = load_catalog()
    select, ignore = list(select), list(ignore)
    for option, codes in (("--select", select), ("--ignore", ignore)):
        for code in codes:
            if code not in known:
                raise OwnlintError(f"{option}: unknown check code '{code}' (see 'ownlint rules')")
    for key, codes in (("select", config.select), ("ignore", config.ignore), ("severity", list(config.severity))):
        for number, code in enumerate(codes):
            if code not in known:
                file, line, column = _config_code_location(config, key, code if key == "severity" else number)
                raise OwnlintError(
                    f"checks.{key}: unknown check code '{code}' (see 'ownlint rules')", file, line, column
                )
    chosen = select or config.select
    return Selection(frozenset(chosen), frozenset([*config.ignore, *ignore]), tuple(config.severity.items()))


def context_for(project: Project, today: Optional[datetime.date] = None, paths: Optional[Iterable[str]] = None) -> Context:
    return Context(
        config=project.config,
        registry=project.registry,
        mapping=project.mapping,
        table=project.table,
        given_today=today,
        paths=frozenset(paths) if paths is not None else None,
        declared=project.declared,
    )


def run_checks(
    project: Project,
    selection: Selection,
    today: Optional[datetime.date] = None,
    paths: Optional[Iterable[str]] = None,
) -> list[Finding]:
    """The project's findings: those made while loading, then every selected check
    that can fire in this run. `paths`: the files a partial run asks about."""
    context = context_for(project, today, paths)
    asked = (selection, context.given_today, context.paths)  # (today is asked only by checks that need it)
    for seen, question, answer in _last:
        if question == asked and _same_inputs(seen, project):
            return list(answer)
    findings = list(project.load_findings)
    for spec in CHECKS.values():
        if spec.run is not None and selection.wants(spec.code) and spec.runs(context):
            findings.extend(problem.finding(spec.code) for problem in spec.function()(context))
    result = finalise(findings, context, selection)
    _last[:] = [(project, asked, result)]
    return list(result)


def _but_source(config: Config) -> dict[str, object]:
    return {name: value for name, value in vars(config).items() if name != "source"}


# The last run's question and answer. A hook judges the commit against HEAD: when the
# commit changes no configuration, registry or mapping, HEAD's project holds the index's
# very mapping, registry and table (project.load_project takes them as they are), and
# the checks, which read nothing else, say the same again.
_last: list[tuple[Project, tuple[Selection, Optional[datetime.date], Optional[frozenset[str]]], list[Finding]]] = []


def answers_alike(one: Project, other: Project) -> bool:
    """Whether run_checks answers the same for both projects, asked the same question."""
    return _same_inputs(one, other)


def _same_inputs(one: Project, other: Project) -> bool:
    """Whether every check sees the same thing in two projects: the same mapping, registry,
    table and loading findings, configurations alike but for the state they were read
    from, and no declared owners (read from each state's files)."""
    if one is other:
        return True
    return (
        one.mapping is other.mapping and one.registry is other.registry and one.table is other.table
        and one.declared is None and other.declared is None and one.load_findings == other.load_findings
        and _but_source(one.config) == _but_source(other.config)
    )


def finalise(findings: Iterable[Finding], context: Context, selection: Selection) -> list[Finding]:
    """Drop what is not selected or suppressed, report unused suppressions (OWN206),
    stamp severities, sort."""
    catalog = load_catalog()
    overrides = dict(selection.severity)
    suppressions = Suppressions(context.mapping)
    findings = list(findings)
    # Asked once a code, not once a finding (hundreds of findings, a few codes); and a
    # mapping without a suppression comment suppresses nothing.
    wanted = {code for code in set(map(attrgetter("code"), findings)) if selection.wants(code)}
    if suppressions.can_suppress():
        kept = [f for f in findings if f.code in wanted and not suppressions.suppresses(f)]
    else:
        kept = [f for f in findings if f.code in wanted]
    if selection.wants(UNUSED_SUPPRESSION):

        def could_fire(code: str) -> bool:
            return selection.wants(code) and CHECKS[code].judges_every_rule(context)

        kept.extend(suppressions.unused(could_fire, UNUSED_SUPPRESSION))
    # Severity.INFO is 0: test for presence, never for truth.
    result = [
        f.with_severity(overrides[f.code] if f.code in overrides
                        else f.severity if f.severity is not None else catalog[f.code].severity)
        for f in kept
    ]
    return sorted(set(result), key=Finding.sort_key)
