"""Policy checks: what the configuration's `policy` asks of owners (OWN303, OWN304)."""
from __future__ import annotations

from typing import Iterator, Optional

from ownlint.checks.context import Context
from ownlint.findings import Problem
from ownlint.model.mapping import Owner

MAX_NAMED = 4  # owners quoted in a message, so one finding stays one readable line


def _person(ctx: Context, owner: Owner) -> Optional[str]:
    """Why an owner is a person, or None. With a registry: a lead or member of a
    team, named by no team. Without one: an `@user` handle (no '/': not a team)."""
    name = owner.name
    registry = ctx.registry
    if registry is None:
        if name.startswith("@") and not name.startswith("@@") and "/" not in name:
            return "a user handle, not an '@org/team'"
        return None
    if registry.resolve(name) is not None or not registry.is_person(name):
        return None
    person = name.lstrip("@").split("@")[0]
    teams = [t.id for t in registry.teams.values() if t.is_current and (person in t.lead or person in t.members)]
    if not teams:
        return "a person in the registry"
    return "a person in team " + ", ".join(f"'{t}'" for t in teams)


def individual_owners(ctx: Context) -> Iterator[Problem]:
    mapping = ctx.mapping
    if mapping is None or ctx.config.individuals != "forbid":
        return
    for rule in mapping.rules:
        for owner in rule.owners:
            why = _person(ctx, owner)
            if why:
                yield Problem(
                    mapping.file, owner.line, owner.column,
                    f"owner '{owner.name}' is {why}; the policy forbids individual owners: name a team",
                )


def multiple_owners(ctx: Context) -> Iterator[Problem]:
    mapping = ctx.mapping
    if mapping is None or ctx.config.owners_per_path != "one":
        return
    for rule in mapping.rules:
        if len(rule.owners) < 2:
            continue
        second = rule.owners[1]
        names = ", ".join(o.name for o in rule.owners[:MAX_NAMED])
        if len(rule.owners) > MAX_NAMED:
            names += f" and {len(rule.owners) - MAX_NAMED} more"
        if second.line != rule.line and rule.section is not None and second.line == rule.section.line:
            # A GitLab section's default owners: one finding for the section, not per rule.
            what = f"section [{rule.section.name}] gives {len(rule.owners)} default owners ({names})"
        else:
            what = f"pattern '{rule.text}' has {len(rule.owners)} owners ({names})"
        yield Problem(
            mapping.file, second.line, second.column,
            f"{what}; the policy asks for one owner per path",
        )
