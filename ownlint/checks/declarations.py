"""Owners recorded inside files and vocabularies of team names, checked against the registry and the mapping."""
from __future__ import annotations

from collections import Counter
from typing import Iterator, Optional

from ownlint.checks.context import Context
from ownlint.checks.owners import retired_message
from ownlint.findings import Fix, Problem, Severity
from ownlint.model.registry import Registry, Team
from ownlint.tables.declared import Declaration, DeclaredTable, Value, VocabularyValues
from ownlint.tables.ownership import OwnershipTable, Winners
from ownlint.wording import plural


def _declared(ctx: Context) -> Iterator[tuple[Declaration, Value]]:
    if ctx.declared is None:
        return
    for declaration in ctx.declared.declarations:
        if ctx.checks_path(declaration.file):
            for value in declaration.values:
                yield declaration, value


def _quoted(value: Value) -> str:
    return f"'{value.text}'"


# --- OWN301 and OWN302 for declared values (called by checks.owners) ------------------


# Suggestions by the candidate names they were chosen from (so never stale): the same
# unknown label repeats across alert files and vocabularies, and each costs edit distances.
_SUGGESTED: dict[tuple[str, ...], dict[str, str]] = {}


def did_you_mean(registry: Registry, name: str) -> str:
    """The shared suggestion (a slip away), among current teams' ids, handles, aliases and names."""
    from ownlint.formats.spelling import did_you_mean as suggestion

    names = tuple(n for team in registry.teams.values() if team.is_current for n in (*team.names(), team.name))
    if names not in _SUGGESTED:
        _SUGGESTED.clear()  # one registry at a time
        _SUGGESTED[names] = {}
    known = _SUGGESTED[names]
    if name not in known:
        known[name] = suggestion(name, names)
    return known[name]


def unknown_declared(ctx: Context, registry: Registry) -> Iterator[Problem]:
    for declaration, value in _declared(ctx):
        if registry.resolve_value(value.text) is None and not registry.is_person(value.text):
            yield Problem(
                declaration.file, value.line, value.column,
                f"{declaration.source.name}: owner {_quoted(value)} is not a team in {registry.file}"
                f"{did_you_mean(registry, value.text)}",
                path=declaration.file,
            )


def written_as(team: Team, written: str, new: Team) -> str:
    """How a file should name the live team, in the form it named the old one: a name
    becomes the successor's name, a handle its handle, an id or alias its id."""
    if written == team.name:
        return new.name
    if written.lower() in (h.lower() for h in team.handles):
        return new.handles[0] if new.handles else new.id
    return new.id


def _grace(ctx: Context, team: Team) -> tuple[Optional[Severity], str]:
    if team.until is not None and ctx.today < team.until:
        return Severity.WARNING, f" (a grace period: an error from {team.until.isoformat()})"
    return None, ""


def retired_declared(ctx: Context, registry: Registry) -> Iterator[Problem]:
    for declaration, value in _declared(ctx):
        team = registry.resolve_value(value.text)
        if team is None or team.is_current:
            continue
        live = registry.live_successors(team)
        severity, grace = _grace(ctx, team)
        message = f"{declaration.source.name}: " + retired_message(registry, team, value.text, live) + grace
        yield Problem(declaration.file, value.line, value.column, message, severity,
                      path=declaration.file, fix=_replacement_fix(value, team, live))


def _replacement_fix(value: Value, team: Team, live: list[Team], taken: frozenset[str] = frozenset()) -> Optional[Fix]:
    if len(live) > 1:
        names = ", ".join(f"'{written_as(team, value.text, t)}'" for t in live)
        return Fix(f"its work went to {names}: a person must choose", safe=False)
    if len(live) != 1:
        return None
    new = written_as(team, value.text, live[0])
    if new in taken:
        return Fix(f"'{new}' is already in the vocabulary: remove {_quoted(value)} (a person decides)", safe=False)
    edit = value.edit(new)
    if edit is None:
        return Fix(f"replace {_quoted(value)} with '{new}' (a block scalar: edit it by hand)", safe=False)
    return Fix(f"replace {_quoted(value)} with '{new}'", safe=True, edits=(edit,))


# --- OWN601 declaration-mismatch ------------------------------------------------------


class LiveTeams:
    """The live team ids an owner string stands for (through renames and successions), memoised."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._memo: dict[str, frozenset[str]] = {}
        self._by_winners: dict[Winners, frozenset[str]] = {}

    def of(self, name: str) -> frozenset[str]:
        known = self._memo.get(name)
        if known is None:
            team = self.registry.resolve_value(name)
            if team is None:
                known = frozenset()
            elif team.is_current:
                known = frozenset([team.id])
            else:
                known = frozenset(t.id for t in self.registry.live_successors(team))
            self._memo[name] = known
        return known

    def of_winners(self, table: OwnershipTable, winners: Winners) -> frozenset[str]:
        """The live teams of the owners the winning rules give."""
        known = self._by_winners.get(winners)
        if known is None:
            known = self._by_winners[winners] = self.of_all(table.owners_of(winners))
        return known

    def of_all(self, names: list[str]) -> frozenset[str]:
        found: frozenset[str] = frozenset()
        for name in names:
            found |= self.of(name)
        return found


def disagreement(
    table: OwnershipTable, declared: DeclaredTable, declaration: Declaration, live: LiveTeams,
    path: Optional[str] = None,
) -> "Counter[Winners]":
    """The winning rules of the paths a declaration speaks for (or of one of them) whose
    owners share no live team with it; unowned, excluded and unresolvable paths take no part."""
    found: Counter[Winners] = Counter()
    teams = live.of_all([v.text for v in declaration.values])
    if not teams:
        return found
    winners_of, excluded = table.winners, table.excluded
    if path is not None:
        pairs = [(table.winners_of(path), table.is_excluded(path))]
    elif declaration.directory is None and declaration.row is not None:
        pairs = [(winners_of[declaration.row], excluded[declaration.row])]
    else:
        pairs = [(winners_of[row], excluded[row]) for row in declared.covered_rows(declaration, table.file_tree)]
    for winners, out in pairs:
        if out:
            continue
        mapped = live.of_winners(table, winners)
        if mapped and not (mapped & teams):
            found[winners] += 1
    return found


def disagreement_for(
    table: OwnershipTable, declared: DeclaredTable, declaration: Declaration, live: LiveTeams, path: Optional[str]
) -> Optional[bool]:
    """For explain: whether the mapping agrees with a declaration (about one path, or all it
    speaks for); None when there is nothing to compare."""
    teams = live.of_all([v.text for v in declaration.values])
    if not teams:
        return None
    if path is not None:
        mapped = live.of_all(table.owners_of(table.winners_of(path)))
        return bool(mapped & teams) if mapped else None
    return not disagreement(table, declared, declaration, live)


def declaration_mismatches(ctx: Context) -> Iterator[Problem]:
    registry, table, declared = ctx.registry, ctx.table, ctx.declared
    if registry is None or table is None or declared is None:
        return
    live = LiveTeams(registry)
    for declaration in declared.declarations:
        if not ctx.checks_path(declaration.file):
            continue
        found = disagreement(table, declared, declaration, live)
        if not found:
            continue
        winners, _ = found.most_common(1)[0]
        rule = table.mapping.rules[winners[-1]]
        owners = ", ".join(f"'{o}'" for o in table.owners_of(winners))
        paths = sum(found.values())
        values = ", ".join(_quoted(v) for v in declaration.values)
        first = declaration.values[0]
        yield Problem(
            declaration.file, first.line, first.column,
            f"{declaration.source.name}: declares {values}, but the mapping gives {owners} "
            f"({table.mapping.file}:{rule.line}, {rule.text}) for {plural(paths, 'path')}",
            path=declaration.file,
        )


# --- OWN602 declaration-missing -------------------------------------------------------


def declarations_missing(ctx: Context) -> Iterator[Problem]:
    if ctx.declared is None:
        return
    for source, file in ctx.declared.missing:
        if not ctx.checks_path(file):
            continue
        reader = source.reader
        where = f"no value at '{reader.yaml.text}'" if reader.yaml is not None else "no line matches its regex"
        yield Problem(file, None, None, f"{source.name}: '{file}' records no owner ({where})", path=file)


# --- OWN603 vocabulary-stale, OWN604 vocabulary-incomplete ------------------------------


def _vocabularies(declared: Optional[DeclaredTable]) -> list[VocabularyValues]:
    if declared is None:
        return []
    return [v for v in declared.vocabularies.values() if v.problem is None]


def vocabulary_stale(ctx: Context) -> Iterator[Problem]:
    registry = ctx.registry
    if registry is None:
        return
    for vocabulary in _vocabularies(ctx.declared):
        name, file = vocabulary.vocabulary.name, vocabulary.vocabulary.file
        for value in vocabulary.values:
            team = registry.resolve_value(value.text)
            if team is None:
                yield Problem(
                    file, value.line, value.column,
                    f"vocabulary {name}: {_quoted(value)} is not a team in {registry.file}"
                    f"{did_you_mean(registry, value.text)}",
                )
                continue
            if team.is_current:
                continue
            live = registry.live_successors(team)
            severity, grace = _grace(ctx, team)
            message = f"vocabulary {name}: " + retired_message(registry, team, value.text, live).replace(
                "owner ", "", 1) + grace
            yield Problem(file, value.line, value.column, message, severity,
                          fix=_replacement_fix(value, team, live, vocabulary.names))


def vocabulary_incomplete(ctx: Context) -> Iterator[Problem]:
    registry = ctx.registry
    if registry is None:
        return
    for vocabulary in _vocabularies(ctx.declared):
        if not vocabulary.vocabulary.complete:
            continue
        present = {team.id for team in map(registry.resolve_value, vocabulary.names) if team is not None}
        for team in registry.teams.values():
            if team.is_current and team.id not in present:
                yield Problem(
                    vocabulary.vocabulary.file, None, None,
                    f"vocabulary {vocabulary.vocabulary.name} lacks the active team '{team.id}' ({team.name})",
                    path=vocabulary.vocabulary.file,
                )


# --- OWN605 undeliverable-owner -------------------------------------------------------


def undeliverable_owners(ctx: Context) -> Iterator[Problem]:
    declared, registry = ctx.declared, ctx.registry
    if declared is None:
        return
    for declaration, value in _declared(ctx):
        name = declaration.source.vocabulary
        vocabulary = declared.vocabularies.get(name) if name is not None else None
        if vocabulary is None or vocabulary.problem is not None:
            continue
        names = vocabulary.names
        if value.text in names:
            continue
        message = (f"{declaration.source.name}: {_quoted(value)} is not in vocabulary {name} "
                   f"({vocabulary.vocabulary.file}): nothing matches it there, so what carries it reaches no one")
        spelt = _spelling(registry, value.text, names)
        if spelt:
            message += f"; the vocabulary spells this team {spelt}"
        yield Problem(declaration.file, value.line, value.column, message, path=declaration.file)


def _spelling(registry: Optional[Registry], text: str, names: frozenset[str]) -> str:
    """How a vocabulary spells the team a value names, where it spells it some other way."""
    if registry is None:
        return ""
    team = registry.resolve_value(text)
    if team is None:
        return ""
    spellings = sorted(n for n in names if registry.resolve_value(n) is team)
    return " or ".join(f"'{s}'" for s in spellings)
