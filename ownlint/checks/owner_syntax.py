"""Owner syntax (OWN205): what a CODEOWNERS file, and a registry handle, may name."""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ownlint.checks.context import Context
from ownlint.findings import Problem
from ownlint.model.mapping import CODEOWNERS, GITLAB, Owner

_NAME = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_USER = re.compile(rf"@{_NAME}")
_TEAM = re.compile(rf"@{_NAME}(?:/{_NAME})+")
_EMAIL = re.compile(r"[^@\s/]+@[^@\s/]+\.[^@\s/.]+")
# GitLab's role owners (@@developer, @@maintainer, @@owner; the plural is accepted too).
_ROLE = re.compile(r"@@(?:developer|maintainer|owner)s?")


def is_role(owner: str) -> bool:
    return _ROLE.fullmatch(owner) is not None


def owner_syntax_problem(owner: str, flavor: str, handle: bool = False) -> Optional[str]:
    """Why an owner is not `@user`, `@org/team` or an e-mail (GitLab: also `@@role`
    and nested groups); None when it is well formed."""
    if owner.startswith("@@"):
        if handle:
            return "a role ('@@...') names no team and cannot be a handle"
        if flavor != GITLAB:
            return "'@@role' owners are GitLab syntax; GitHub CODEOWNERS has no roles"
        if not is_role(owner):
            return "GitLab roles are '@@developer', '@@maintainer' and '@@owner'"
        return None
    if owner.startswith("@"):
        if owner.endswith("/"):
            return "the team name after '/' is missing"
        if "//" in owner or owner == "@" or owner.startswith("@/"):
            return "an empty name between '/'"
        if _USER.fullmatch(owner):
            return None
        if _TEAM.fullmatch(owner):
            if flavor != GITLAB and not handle and owner.count("/") > 1:
                return "a GitHub team is '@org/team', with one '/' (nested groups are GitLab's)"
            return None
        bad = next((c for c in owner[1:] if not (c.isalnum() or c in "_.-/")), None)
        return f"the character {bad!r} cannot appear in a user or team name" if bad else "not a user or team name"
    if "@" in owner:
        return None if _EMAIL.fullmatch(owner) else "not a valid e-mail address"
    if "/" in owner:
        return "a team is written '@org/team': the leading '@' is missing"
    return "an owner is '@user', '@org/team' or an e-mail address: the leading '@' is missing?"


def _codeowners_owners(ctx: Context) -> Iterator[Owner]:
    mapping = ctx.mapping
    if mapping is None or mapping.kind != CODEOWNERS:
        return
    seen: set[tuple[int, int]] = set()
    written = [o for rule in mapping.rules if not rule.exclusion for o in rule.owners]
    # Defaults of a section with no rules still are owners GitLab reads.
    for section in mapping.sections:
        written.extend(Owner(t.text, section.line, t.column) for t in section.default_owners)
    for owner in written:
        if (owner.line, owner.column) not in seen:
            seen.add((owner.line, owner.column))
            yield owner


def invalid_owner_syntax(ctx: Context) -> Iterator[Problem]:
    mapping = ctx.mapping
    if mapping is not None:
        for owner in sorted(_codeowners_owners(ctx), key=lambda o: (o.line, o.column)):
            problem = owner_syntax_problem(owner.name, mapping.flavor)
            if problem:
                yield Problem(mapping.file, owner.line, owner.column, f"owner '{owner.name}': {problem}")
    registry = ctx.registry
    if registry is None:
        return
    for team in registry.teams.values():
        for number, name in enumerate(team.handles):
            problem = owner_syntax_problem(name, GITLAB, handle=True)
            if problem:
                line, column = registry.position(team.id, "handles", number)
                yield Problem(
                    registry.file, line, column, f"handle '{name}' of team '{team.id}': {problem}"
                )
