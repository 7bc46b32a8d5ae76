"""The data the ownership map embeds, read from check's table, registry and findings (nothing matched again).

The page gets two parts: `data` (JSON, read at once: totals, teams, owner groups,
rules, findings and the directory tree down to a size that keeps it small) and
`listing` (every file with its key, in runs of one directory's files; the page decodes
it after the first paint, and draws single files and small directories from it on demand).
"""
from __future__ import annotations

import itertools
import zlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import ne
from typing import TYPE_CHECKING, Any, Optional, Sequence

from ownlint.checks.catalog import load_catalog

if TYPE_CHECKING:
    from ownlint.findings import Finding
    from ownlint.model.registry import Registry
    from ownlint.project import Project
    from ownlint.queries.ownership_diff import OwnershipDiff
    from ownlint.tables.ownership import OwnershipTable, Winners

VERSION = 1
# Directories the page's tree holds at most: beyond it, small directories become one
# box each and their contents come from the listing on demand.
MAX_NODES = 20_000
# Findings embedded per code (the panel says how many more `ownlint check` lists).
MAX_FINDINGS_PER_CODE = 1_000
# Declarations (owners recorded inside files) embedded at most.
MAX_DECLARATIONS = 20_000
# The rules each file overrides are embedded for repositories of at most this many
# files (each file then has a key of its own kind); beyond, the card points to
# `ownlint explain PATH`, which lists them for one path at a time.
MAX_OVERRIDE_FILES = 20_000

# Colour-blind-safe qualitative colours (Paul Tol's muted scheme, then Okabe-Ito's and Tol's
# light ones that stay apart from them), none of them the unowned style's black and white.
PALETTE = (
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255", "#aa4499",
    "#e69f00", "#0072b2", "#d55e00", "#ffaabb", "#bbcc33",
)

# Why a group of files has no owner (as `explain` says it).
NO_RULE, NO_OWNERS, EXCLUDED = "no-rule", "no-owners", "excluded"
# How `--diff BASE` changed a file's owners.
CHANGED, BECAME_UNOWNED, GAINED, ADDED = "changed", "unowned", "owned", "added"


@dataclass
class MapData:
    data: dict[str, Any]
    listing: list[list[Any]]  # [[directory, [name, ...], [key, ...]], ...]: runs of one directory's files


@dataclass
class _Teams:
    """The legend's entries: registry teams, then owners no team answers to; one index each."""

    registry: Optional["Registry"]
    entries: list[dict[str, Any]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)  # team id or unresolved owner -> entry
    by_owner: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        registry = self.registry
        if registry is None:
            return
        for team in registry.teams.values():
            live = registry.live_successors(team) if not team.is_current else []
            self._add(team.id, {
                "id": team.id, "name": team.name, "status": team.status, "lead": list(team.lead),
                "members": list(team.members), "contact": dict(team.contact), "scope": list(team.scope),
                "handles": list(team.handles), "renamed_to": team.renamed_to,
                "successors": [t.id for t in live], "until": team.until.isoformat() if team.until else None,
            })

    def _add(self, key: str, entry: dict[str, Any]) -> int:
        entry.setdefault("files", 0)
        self.index[key] = len(self.entries)
        self.entries.append(entry)
        return self.index[key]

    def of(self, owner: str) -> int:
        found = self.by_owner.get(owner)
        if found is not None:
            return found
        team = self.registry.resolve(owner) if self.registry is not None else None
        if team is not None:
            found = self.index[team.id]
        elif owner in self.index:
            found = self.index[owner]
        else:
            if self.registry is None:
                status = "unvalidated"  # zero configuration: no registry to check owners against
            else:
                status = "person" if self.registry.is_person(owner) else "unknown"
            found = self._add(owner, {"id": owner, "name": owner, "status": status})
        self.by_owner[owner] = found
        return found

    def is_stale(self, index: int) -> bool:
        return self.entries[index]["status"] in ("renamed", "retired", "unknown")


def colours(ids: Sequence[str]) -> dict[str, str]:
    """A colour per team, from a hash of its id (probing past colours taken, while any
    is free): the same registry gives every team the same colour on every page."""
    taken: set[int] = set()
    result: dict[str, str] = {}
    for team in sorted(ids):
        slot = zlib.crc32(team.encode("utf-8", "surrogatepass")) % len(PALETTE)
        if len(taken) < len(PALETTE):
            while slot in taken:
                slot = (slot + 1) % len(PALETTE)
        taken.add(slot)
        result[team] = PALETTE[slot]
    return result


def overridden_by_row(table: "OwnershipTable") -> Optional[dict[int, tuple[int, ...]]]:
    """The rules each file matches that another rule overrides, read from the table's
    engine as OWN204 does; None for a repository of more than MAX_OVERRIDE_FILES files."""
    if len(table.files) > MAX_OVERRIDE_FILES:
        return None
    matched = table.match_counts()
    wins = table.wins_per_rule()
    found: dict[int, list[int]] = {}
    for index, (count, won) in enumerate(zip(matched, wins)):
        if count > won:
            winners = table.winners
            for row in table.rows_matched_by(index):
                if index not in winners[row]:
                    found.setdefault(row, []).append(index)
    return {row: tuple(sorted(indices)) for row, indices in found.items()}


def _finding(finding: "Finding", names: dict[str, str]) -> dict[str, Any]:
    return {
        "code": finding.code, "name": names.get(finding.code, ""), "severity": finding.level.label,
        "message": finding.message, "file": finding.file, "line": finding.line, "column": finding.column,
        "path": finding.path,
    }


def _rule_of_line(table: "OwnershipTable") -> dict[int, int]:
    """Mapping line -> rule: a rule's pattern line and its owners' lines (as explain reads findings)."""
    lines: dict[int, int] = {}
    for rule in table.mapping.rules:
        lines.setdefault(rule.line, rule.index)
        for owner in rule.owners:
            lines.setdefault(owner.line, rule.index)
    return lines


def build_map_data(
    project: "Project",
    findings: Sequence["Finding"],
    revision: Optional[str],
    generated: str,
    diff: Optional["OwnershipDiff"] = None,
    max_nodes: int = MAX_NODES,
) -> MapData:
    table = project.table
    assert table is not None
    mapping = table.mapping
    teams = _Teams(project.registry)
    overridden = overridden_by_row(table)
    changes = _changes(diff) if diff is not None else None

    # Owner groups (what a box is coloured by) and keys (a file's winning rules,
    # exclusion, overridden rules and change): each distinct value once.
    groups: list[dict[str, Any]] = []
    group_index: dict[tuple[Any, ...], int] = {}
    keys: list[dict[str, Any]] = []
    key_index: dict[tuple[Any, ...], int] = {}

    def group_of(winners: "Winners", excluded: bool, change: Optional[str]) -> int:
        owners = table.owners_of(winners)
        reason = None if owners else EXCLUDED if excluded else NO_OWNERS if winners else NO_RULE
        signature = (tuple(owners), reason, change)
        found = group_index.get(signature)
        if found is None:
            members = [teams.of(owner) for owner in owners]
            found = group_index[signature] = len(groups)
            groups.append({
                "owners": owners, "teams": list(dict.fromkeys(members)), "reason": reason,
                "stale": any(teams.is_stale(m) for m in members), "change": change,
            })
        return found

    def new_key(signature: tuple[Any, ...]) -> int:
        winners, excluded, over, change = signature
        key_index[signature] = len(keys)
        entry: dict[str, Any] = {
            "group": group_of(winners, excluded, change[0] if change else None),
            "rules": list(winners),
            "overridden": list(over) if over is not None else None,
        }
        if change is not None:
            entry["before"] = list(change[1])
        keys.append(entry)
        return key_index[signature]

    file_keys: list[int]
    if overridden is None and changes is None:
        # A large repository: a key per (winning rules, excluded), looked up in C.
        pairs = list(zip(table.winners, table.excluded))
        by_pair = {pair: new_key((*pair, None, None)) for pair in sorted(set(pairs))}
        file_keys = list(map(by_pair.__getitem__, pairs))
    else:
        rows = range(len(table.files))
        overs = (overridden.get(row, ()) for row in rows) if overridden is not None else repeat(None)
        moves = (changes.get(path) for path in table.files) if changes is not None else repeat(None)
        file_keys = [
            key_index[signature] if signature in key_index else new_key(signature)
            for signature in zip(table.winners, table.excluded, overs, moves)
        ]

    # Files per team and per group (excluded files need no owner and count for none).
    key_groups = [key["group"] for key in keys]
    group_files = Counter(key_groups[k] for k in file_keys)
    for number, count in group_files.items():
        if groups[number]["reason"] != EXCLUDED:
            for member in groups[number]["teams"]:
                teams.entries[member]["files"] += count
    summary = table.summary()
    for entry in teams.entries:
        entry["share"] = round(entry["files"] / summary["files"], 4) if summary["files"] else 0.0
    palette = colours([entry["id"] for entry in teams.entries])
    for entry in teams.entries:
        entry["colour"] = palette[entry["id"]]

    listing, nodes = _tree(table.files, file_keys, key_groups, max_nodes)

    shown, per_code = _findings(findings, table)
    levels = Counter(finding.level.label for finding in findings)

    declarations, declared_total = _declarations(project)
    data: dict[str, Any] = {
        "version": VERSION,
        "root": project.config.root.name,
        "revision": revision,
        "generated": generated,
        "mapping": mapping.file,
        "totals": {
            **summary,  # files, owned, unowned and excluded, as check counts them
            "teams": sum(1 for entry in teams.entries if entry["files"]),
            "errors": levels["error"], "warnings": levels["warning"], "infos": levels["info"],
        },
        "teams": teams.entries,
        "groups": groups,
        "keys": keys,
        "rules": [
            {"pattern": rule.text, "line": rule.line, "owners": [owner.name for owner in rule.owners],
             "section": rule.section_key}
            for rule in mapping.rules
        ],
        "findings": shown,
        "findings_total": dict(sorted(per_code.items())),
        "overridden": overridden is not None,
        "declarations": declarations,
        "declarations_total": declared_total,
        "nodes": nodes,
    }
    if diff is not None:
        data["diff"] = {
            "base": diff.base,
            "changed": len(diff.changed), "unowned": len(diff.unowned), "owned": len(diff.owned),
            "added": len(diff.added), "removed": len(diff.removed),
            "teams": [{"team": team, "gained": gained, "lost": lost} for team, (gained, lost) in diff.teams.items()],
        }
    return MapData(data, listing)


def _findings(findings: Sequence["Finding"], table: "OwnershipTable") -> tuple[list[dict[str, Any]], Counter[str]]:
    """check's findings, at most MAX_FINDINGS_PER_CODE of each code, a finding on a
    rule's line tied to that rule; and how many there are of each code."""
    names = {code: spec.name for code, spec in load_catalog().items()}
    rule_lines = _rule_of_line(table)
    shown: list[dict[str, Any]] = []
    per_code: Counter[str] = Counter()
    for finding in findings:
        per_code[finding.code] += 1
        if per_code[finding.code] > MAX_FINDINGS_PER_CODE:
            continue
        entry = _finding(finding, names)
        if finding.path is None and finding.file == table.mapping.file and finding.line in rule_lines:
            entry["rule"] = rule_lines[finding.line]
        shown.append(entry)
    return shown, per_code


def _declarations(project: "Project") -> tuple[list[dict[str, Any]], int]:
    """Owners recorded inside files, as explain shows them: where, what, the live teams
    they name and whether the mapping agrees (None: nothing to compare)."""
    declared, table, registry = project.declared, project.table, project.registry
    if declared is None or table is None:
        return [], 0
    from ownlint.checks.declarations import LiveTeams, disagreement_for

    live = LiveTeams(registry) if registry is not None else None
    result: list[dict[str, Any]] = []
    for declaration in declared.declarations[:MAX_DECLARATIONS]:
        teams: list[str] = []
        agrees: Optional[bool] = None
        if live is not None:
            named = live.of_all([value.text for value in declaration.values])
            teams = sorted(named)
            if declaration.directory is not None:
                agrees = disagreement_for(table, declared, declaration, live, None)
            elif named and declaration.row is not None:  # the table's answer for the file, not a new match
                mapped = live.of_all(table.owners_of(table.winners[declaration.row]))
                agrees = bool(mapped & named) if mapped else None
        result.append({
            "source": declaration.source.name, "file": declaration.file, "directory": declaration.directory,
            "values": [{"text": v.text, "line": v.line, "column": v.column} for v in declaration.values],
            "teams": teams, "agrees": agrees,
        })
    return result, len(declared.declarations)


def _changes(diff: "OwnershipDiff") -> dict[str, tuple[str, tuple[str, ...]]]:
    """path -> (how it changed, the team ids that owned it before), as `ownlint diff` computes it."""
    result: dict[str, tuple[str, tuple[str, ...]]] = {}
    for kind, entries in ((CHANGED, diff.changed), (BECAME_UNOWNED, diff.unowned), (GAINED, diff.owned),
                          (ADDED, diff.added)):
        for change in entries:
            result[change.path] = (kind, change.before)
    return result


def _tree(
    files: Sequence[str], file_keys: Sequence[int], key_groups: Sequence[int], max_nodes: int
) -> tuple[list[list[Any]], list[list[Any]]]:
    """The listing ([directory, names, keys] for each run of files in one directory, in
    the table's order), and the directory nodes: [name, parent, [group, files, ...], expanded].

    A node's counts are of every file beneath it. Directories are kept while there
    are at most max_nodes of them; past that, a directory with fewer files than a
    threshold is one node (not expanded) and its sub-directories are left to the listing."""
    # Files come in git's order, so a directory's files mostly stand together: the
    # listing is one entry per run of files in one directory (the page joins a
    # directory's runs), and every per-file step is a C loop.
    directories, _, names = zip(*map(str.rpartition, files, repeat("/"))) if files else ((), (), ())
    starts = [0, *compress(itertools.count(1), map(ne, directories[1:], directories[:-1])), len(files)]
    listing = [[directories[start], names[start:end], file_keys[start:end]]
               for start, end in zip(starts, starts[1:]) if start < end]
    counts: dict[str, dict[int, int]] = {"": {}}
    for (directory, group), times in Counter(zip(directories, map(key_groups.__getitem__, file_keys))).items():
        tally = counts.get(directory)
        if tally is None:
            tally = counts[directory] = {}
        tally[group] = times
    for directory in list(counts):
        while directory:
            directory = directory.rpartition("/")[0]
            if directory in counts:
                break
            counts[directory] = {}
    # Deepest first, so each directory's total is complete before it is added to its parent.
    for directory in sorted(counts, key=lambda d: -d.count("/") if d else 1):
        if directory:
            above = counts[directory.rpartition("/")[0]]
            for group, count in counts[directory].items():
                above[group] = above.get(group, 0) + count
    totals = {directory: sum(tally.values()) for directory, tally in counts.items()}
    parent_sizes = sorted((totals[d.rpartition("/")[0]] for d in totals if d), reverse=True)
    threshold = 1 if len(parent_sizes) < max_nodes else parent_sizes[max_nodes - 1] + 1
    emitted = sorted(d for d in totals if d == "" or totals[d.rpartition("/")[0]] >= threshold)
    number = {directory: index for index, directory in enumerate(emitted)}
    nodes: list[list[Any]] = []
    for directory in emitted:
        parent = number[directory.rpartition("/")[0]] if directory else -1
        flat: list[int] = []
        for group, count in sorted(counts[directory].items()):
            flat += [group, count]
        expanded = directory == "" or totals[directory] >= threshold
        nodes.append([directory.rpartition("/")[2], parent, flat, 1 if expanded else 0])
    return listing, nodes
