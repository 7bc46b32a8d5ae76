"""Owner checks: every owner a team of the registry, and a current one."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ownlint.checks.context import Context
from ownlint.edits.fix import owner_edit
from ownlint.findings import Fix, Problem, Severity
from ownlint.formats.owner_syntax import is_role
from ownlint.model.mapping import CODEOWNERS, Owner, Rule
from ownlint.model.registry import RENAMED, Registry, Team

if TYPE_CHECKING:
    from collections import Counter

    from ownlint.checks.suggest import Ranking
    from ownlint.tables.domains import DomainSet


def _owners(ctx: Context) -> Iterator[tuple[Rule, Owner]]:
    if ctx.mapping is None:
        return
    for rule in ctx.mapping.rules:
        for owner in rule.owners:
            yield rule, owner


def unknown_owners(ctx: Context) -> Iterator[Problem]:
    registry = ctx.registry
    if registry is not None and ctx.declared is not None:
        from ownlint.checks.declarations import unknown_declared

        yield from unknown_declared(ctx, registry)
    if registry is None or ctx.mapping is None:
        return
    for _rule, owner in _owners(ctx):
        if is_role(owner.name):  # GitLab's @@maintainer names a role of the project, not a team
            continue
        if owner.name in registry.unreadable or owner.name.lower() in registry.unreadable:
            continue  # its team's entry breaks the schema: reported there
        if registry.resolve(owner.name) is None and not registry.is_person(owner.name):
            yield Problem(
                ctx.mapping.file, owner.line, owner.column,
                f"owner '{owner.name}' is not a team in {registry.file}{_did_you_mean(registry, owner.name)}",
            )


def _did_you_mean(registry: Registry, name: str) -> str:
    from ownlint.formats.spelling import did_you_mean

    return did_you_mean(name, [n for team in registry.teams.values() if team.is_current for n in team.names()])


def replacement(registry: Registry, old: Team, written: str, new: Team, kind: str) -> str:
    """How the mapping should name the live team: as a handle where the old name was one."""
    wants_handle = kind == CODEOWNERS or written in old.handles
    return new.handles[0] if wants_handle and new.handles else new.id


def retired_message(registry: Registry, team: Team, written: str, live: list[Team]) -> str:
    when = f" on {team.until.isoformat()}" if team.until else ""
    if team.status == RENAMED:
        chain = registry.history(team)
        message = f"owner '{written}' was renamed to '{chain[1].id}'{when}" if len(chain) > 1 else \
            f"owner '{written}' was renamed{when}"
        if len(live) == 1 and (len(chain) < 2 or live[0].id != chain[1].id):
            message += f", now '{live[0].id}'"
        elif len(live) > 1:
            message += ", whose work went to " + ", ".join(f"'{t.id}'" for t in live)
        return message
    message = f"owner '{written}' was retired{when}"
    if live:
        return message + "; its work went to " + ", ".join(f"'{t.id}'" for t in live)
    return message + "; it has no successor: name a current team"


def _rankings(ctx: Context, registry: Registry) -> dict[int, "Counter[DomainSet]"]:
    """The domains of the files of every rule that names a team with several live successors."""
    from ownlint.checks.suggest import domains_per_rule

    split = set()
    splits: dict[str, bool] = {}  # by name: its team is retired, its work split between several
    for rule, owner in _owners(ctx):
        if owner.name not in splits:
            team = registry.resolve(owner.name)
            splits[owner.name] = team is not None and not team.is_current and len(registry.live_successors(team)) > 1
        if splits[owner.name]:
            split.add(rule.index)
    # A partial run (hook PATHs, --changed-since) holds only some of a rule's files: a
    # ranking over them could pick a successor the rule's other files do not fit.
    if not split or ctx.table is None or not ctx.table.complete or not ctx.domains:
        return {}
    return domains_per_rule(ctx.table, ctx.file_domains, split)


def _suggested_fix(ctx: Context, registry: Registry, rule: Rule, owner: Owner, team: Team,
                   live: list[Team], ranking: "Ranking") -> Fix:
    assert ctx.mapping is not None
    choice = ranking.choice
    if choice is not None:
        new = replacement(registry, team, owner.name, registry.teams[choice], ctx.mapping.kind)
        return Fix(
            f"replace '{owner.name}' with '{new}', the one successor whose scope covers "
            f"{', '.join(ranking.domains)}",
            safe=True,
            edits=(owner_edit(ctx.mapping, owner, new),),
            suggestions=ranking.suggestions,
        )
    return Fix(
        f"no single successor's scope covers all of {', '.join(ranking.domains)}: a person must choose or split "
        f"rule '{rule.text}'",
        safe=False,
        suggestions=ranking.suggestions,
    )


def retired_owners(ctx: Context) -> Iterator[Problem]:
    from ownlint.checks.suggest import rank

    registry = ctx.registry
    if registry is not None and ctx.declared is not None:
        from ownlint.checks.declarations import retired_declared

        yield from retired_declared(ctx, registry)
    if registry is None or ctx.mapping is None:
        return
    per_rule = _rankings(ctx, registry)
    wins = ctx.table.wins_per_rule() if per_rule and ctx.table is not None else []
    # A renamed team is named by many rules (100,000 in the benchmark): what the registry
    # says about a name is worked out once per name, not once per owner.
    retired: dict[str, Optional[tuple[Team, list[Team], str]]] = {}
    for rule, owner in _owners(ctx):
        if owner.name not in retired:
            found = registry.resolve(owner.name)
            if found is None or found.is_current:
                retired[owner.name] = None
            else:
                live = registry.live_successors(found)
                retired[owner.name] = (found, live, retired_message(registry, found, owner.name, live))
        facts = retired[owner.name]
        if facts is None:
            continue
        team, live, message = facts
        ranking = None
        if len(live) > 1 and any(t.scope for t in live) and rule.index in per_rule and wins[rule.index]:
            ranking = rank(live, per_rule[rule.index], wins[rule.index])
            message += "; " + ranking.describe()
        severity: Optional[Severity] = None
        if team.until is not None and ctx.today < team.until:
            severity = Severity.WARNING
            message += f" (a grace period: an error from {team.until.isoformat()})"
        fix = None
        if ranking is not None and ranking.useful:
            fix = _suggested_fix(ctx, registry, rule, owner, team, live, ranking)
        elif len(live) == 1:
            new = replacement(registry, team, owner.name, live[0], ctx.mapping.kind)
            fix = Fix(
                f"replace '{owner.name}' with '{new}'",
                safe=True,
                edits=(owner_edit(ctx.mapping, owner, new),),
            )
        yield Problem(
            ctx.mapping.file, owner.line, owner.column, message, severity, fix=fix
        )
