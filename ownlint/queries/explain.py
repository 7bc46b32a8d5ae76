"""The explanation of a path: its owners, the rule that won and the rules it overrode, the teams, domains and findings."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence

from ownlint.model.mapping import Rule
from ownlint.tables.ownership import OwnershipTable, Winners

if TYPE_CHECKING:
    from ownlint.findings import Finding
    from ownlint.model.config import Config
    from ownlint.model.registry import Registry, Team
    from ownlint.tables.declared import Declaration, DeclaredTable
    from ownlint.tables.domains import Domains

FILE, DIRECTORY, MISSING = "file", "directory", "missing"


# Why a group of files has no owner.
NO_RULE, NO_OWNERS, EXCLUDED = "no-rule", "no-owners", "excluded"


@dataclass
class Group:
    """The files beneath a directory that share one set of owners, and the rules that gave it.

    Files with no owner are grouped by why: no rule matches (NO_RULE), the winning
    rule gives no owners (NO_OWNERS), or the configuration excludes them (EXCLUDED)."""

    owners: list[str]
    files: int
    rules: list[Rule]
    reason: Optional[str] = None  # None when owned


@dataclass
class Explanation:
    path: str
    kind: str
    owners: list[str]
    teams: list["Team"]
    winners: Winners  # the winning rules (one per GitLab section); of a directory: common to all its files
    overridden: list[Rule]
    domains: list[str] = field(default_factory=list)
    findings: list["Finding"] = field(default_factory=list)
    excluded: bool = False  # the configuration's exclude says the path needs no owner
    settled: bool = True  # every owner (of every file beneath) is a current team
    # Directories only:
    files: int = 0
    excluded_files: int = 0  # of `files`: the configuration's exclude says they need no owner
    breakdown: list[Group] = field(default_factory=list)
    unowned: list[str] = field(default_factory=list)

    rules: list[Rule] = field(default_factory=list)  # the winning rules themselves
    declared: list["DeclaredOwners"] = field(default_factory=list)  # owners recorded inside files

    @property
    def rule(self) -> Optional[Rule]:
        """The winning rule DESIGN 5.1 shows: the last winner (GitHub files have only one)."""
        return self.rules[-1] if self.rules else None


class OwnerStatus:
    """Whether an owner string names a current team, resolved through the registry once per name."""

    def __init__(self, registry: Optional["Registry"], individuals: str = "allow") -> None:
        self.registry = registry
        self.individuals = individuals
        self._cache: dict[str, bool] = {}

    def team(self, owner: str) -> Optional["Team"]:
        return self.registry.resolve(owner) if self.registry is not None else None

    def is_current(self, owner: str) -> bool:
        known = self._cache.get(owner)
        if known is None:
            known = self._cache[owner] = self._current(owner)
        return known

    def _current(self, owner: str) -> bool:
        if self.registry is None:  # zero configuration: owners cannot be validated
            return True
        team = self.registry.resolve(owner)
        if team is not None:
            return team.is_current
        return self.individuals == "allow" and self.registry.is_person(owner)


def files_under(table: OwnershipTable, directory: str) -> list[int]:
    """Row numbers of the table's files beneath a directory ('' is the root): a prefix scan, no matching."""
    if directory == "":
        return list(range(len(table.files)))
    prefix = directory + "/"
    return [row for row, path in enumerate(table.files) if path.startswith(prefix)]


def kind_of(table: OwnershipTable, root: Path, path: str) -> tuple[str, list[int]]:
    """file, directory or missing, with the table rows the path covers."""
    if path == "":
        return DIRECTORY, files_under(table, path)
    rows = files_under(table, path)
    if rows:
        return DIRECTORY, rows
    try:
        # Before the disk: git lists a submodule as one file although it is a directory.
        return FILE, [table.files.index(path)]
    except ValueError:
        pass
    on_disk = root / path
    if on_disk.is_dir():
        return DIRECTORY, rows
    return (FILE if on_disk.exists() or on_disk.is_symlink() else MISSING), []


def resolved_teams(owners: Sequence[str], status: OwnerStatus) -> list["Team"]:
    teams: list["Team"] = []
    for owner in owners:
        team = status.team(owner)
        if team is not None and team not in teams:
            teams.append(team)
    return teams


def overridden_rules(table: OwnershipTable, path: str, winners: Winners) -> list[Rule]:
    """The earlier rules that match this one path and lost, in mapping order (one path: no table to read)."""
    last = max(winners) if winners else -1
    return [
        rule
        for rule in table.mapping.rules[: last + 1]
        if rule.index not in winners and rule.pattern is not None and not rule.skipped and rule.pattern.matches(path)
    ]


def explain_file(
    table: OwnershipTable, path: str, kind: str, status: OwnerStatus, row: Optional[int] = None
) -> Explanation:
    winners = table.winners[row] if row is not None else table.winners_of(path)
    excluded = table.excluded[row] if row is not None else table.is_excluded(path)
    owners = table.owners_of(winners)
    settled = excluded and not owners or bool(owners) and all(status.is_current(o) for o in owners)
    return Explanation(
        path=path,
        kind=kind,
        owners=owners,
        teams=resolved_teams(owners, status),
        winners=winners,
        overridden=overridden_rules(table, path, winners),
        excluded=excluded,
        settled=settled,
        rules=[table.mapping.rules[index] for index in winners],
    )


def explain_directory(table: OwnershipTable, path: str, rows: Sequence[int], status: OwnerStatus) -> Explanation:
    """Read the table's rows for the files beneath: counted by winning rules once, then grouped by owners."""
    counts: dict[tuple[Winners, bool], int] = {}
    winners_of, excluded_of = table.winners, table.excluded
    for row in rows:
        key = (winners_of[row], excluded_of[row])
        counts[key] = counts.get(key, 0) + 1
    owned = {winners: bool(table.owners_of(winners)) for winners, _ in counts}
    unowned = [table.files[row] for row in rows if not excluded_of[row] and not owned[winners_of[row]]]
    groups: dict[tuple[tuple[str, ...], Optional[str]], Group] = {}
    settled = not unowned
    for (winners, excluded), count in counts.items():
        # An excluded file counts as excluded, owners or not: as check's summary and ls count it.
        owners = [] if excluded else table.owners_of(winners)
        reason = None if owners else EXCLUDED if excluded else NO_OWNERS if winners else NO_RULE
        group = groups.setdefault((tuple(owners), reason), Group(owners, 0, [], reason))
        group.files += count
        for index in winners:
            rule = table.mapping.rules[index]
            if rule not in group.rules:
                group.rules.append(rule)
        if owners and not all(status.is_current(o) for o in owners):
            settled = False
    breakdown = sorted(groups.values(), key=lambda g: (g.reason is not None, -g.files, g.owners, g.reason or ""))
    for group in breakdown:
        group.rules.sort(key=lambda rule: rule.index)
    owners = list(dict.fromkeys(owner for group in breakdown for owner in group.owners))
    common = [winners for winners, _ in counts]
    winners = common[0] if len(set(common)) == 1 else ()
    return Explanation(
        path=path,
        kind=DIRECTORY,
        owners=owners,
        teams=resolved_teams(owners, status),
        winners=winners,
        overridden=[],
        settled=settled,
        files=len(rows),
        excluded_files=sum(count for (_, excluded), count in counts.items() if excluded),
        breakdown=breakdown,
        unowned=unowned,
        rules=[table.mapping.rules[index] for index in winners],
    )


def explain(
    table: OwnershipTable,
    root: Path,
    path: str,
    status: OwnerStatus,
    domains: Optional["Domains"] = None,
) -> Explanation:
    """Explain one root-relative path (no findings: see attach_findings)."""
    kind, rows = kind_of(table, root, path)
    if kind == DIRECTORY:
        result = explain_directory(table, path, rows, status)
        if domains is not None:
            result.domains = domains.any_of([table.files[row] for row in rows])
    else:
        result = explain_file(table, path, kind, status, rows[0] if rows else None)
        if domains is not None:
            result.domains = domains.of(path)
    return result


def rule_lines(table: OwnershipTable, explanation: Explanation) -> set[int]:
    """The mapping lines of the rules responsible for a path: the pattern's and its owners'."""
    indices = set(explanation.winners)
    for group in explanation.breakdown:
        indices.update(rule.index for rule in group.rules)
    if explanation.kind != DIRECTORY:  # a line GitHub skips that was written for this path: OWN205 says why
        indices.update(
            rule.index for rule in table.mapping.rules
            if rule.skipped and rule.pattern is not None and rule.pattern.matches(explanation.path)
        )
    lines: set[int] = set()
    for index in indices:
        rule = table.mapping.rules[index]
        lines.add(rule.line)
        lines.update(owner.line for owner in rule.owners)
    return lines


def concerns(table: OwnershipTable, explanation: Explanation) -> Callable[["Finding"], bool]:
    """Whether a finding of `check` is about this path: its subject, or a line of its rules."""
    lines = rule_lines(table, explanation)
    mapping_file = table.mapping.file
    prefix = explanation.path + "/" if explanation.path else ""

    def about(finding: "Finding") -> bool:
        if finding.path is not None:
            if explanation.kind == DIRECTORY:
                return finding.path.startswith(prefix)
            return finding.path == explanation.path
        return finding.file == mapping_file and finding.line in lines

    return about


def attach_findings(table: OwnershipTable, explanations: Sequence[Explanation], findings: Sequence["Finding"]) -> None:
    for explanation in explanations:
        about = concerns(table, explanation)
        explanation.findings = [finding for finding in findings if about(finding)]


def checked_paths(table: OwnershipTable, explanations: Sequence[Explanation]) -> set[str]:
    """The paths whose ownership `check` should look at for these explanations."""
    paths: set[str] = set()
    for explanation in explanations:
        if explanation.kind == DIRECTORY:
            paths.update(table.files[row] for row in files_under(table, explanation.path))
        else:
            paths.add(explanation.path)
    return paths


def load_domains_for(config: "Config") -> "Domains":
    from ownlint.tables.domains import load_domains

    return load_domains(config)


@dataclass
class DeclaredOwners:
    """One declaration that speaks for a path: what it records and whether the mapping agrees."""

    declaration: "Declaration"
    teams: list[str]  # the live teams its values resolve to
    agrees: Optional[bool]  # None: nothing to compare (no value names a team, or the mapping gives no owner)


def attach_declarations(
    table: OwnershipTable, declared: "DeclaredTable", registry: Optional["Registry"], explanations: Sequence[Explanation]
) -> None:
    """The declarations that speak for each path: a file's own and its folders' (`covers:
    directory`); for a directory, also every declaration made beneath it."""
    from ownlint.checks.declarations import LiveTeams, disagreement_for

    live = LiveTeams(registry) if registry is not None else None
    for explanation in explanations:
        if explanation.kind == DIRECTORY:
            found = declared.covering_directory(explanation.path) + declared.within(explanation.path)
        else:
            found = declared.speaking_for(explanation.path)
        result: list[DeclaredOwners] = []
        for declaration in dict.fromkeys(found):
            if live is None:
                result.append(DeclaredOwners(declaration, [], None))
                continue
            teams = sorted(live.of_all([v.text for v in declaration.values]))
            path = None if explanation.kind == DIRECTORY else explanation.path
            result.append(DeclaredOwners(declaration, teams, disagreement_for(table, declared, declaration, live, path)))
        explanation.declared = result


def ranks_successors(registry: Optional[Registry], table: OwnershipTable, results: Sequence[Explanation]) -> bool:
    """Whether a rule that decides these paths names a retired team with several live
    successors: OWN302 then ranks them over all the rule's files, so the whole table is needed."""
    if registry is None:
        return False
    for result in results:
        for index in {*result.winners, *(rule.index for group in result.breakdown for rule in group.rules)}:
            for owner in table.mapping.rules[index].owners:
                team = registry.resolve(owner.name)
                if team is not None and not team.is_current and len(registry.live_successors(team)) > 1:
                    return True
    return False
