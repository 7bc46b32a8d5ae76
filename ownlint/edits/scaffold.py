"""What `ownlint init` writes: a configuration, and a registry with one team per owner handle."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ownlint.formats.codeowners import parse_codeowners

_NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass
class Owners:
    """The owners a CODEOWNERS file names, in order of first use."""

    teams: list[str] = field(default_factory=list)  # @org/team
    people: list[str] = field(default_factory=list)  # @user, user@example.org
    roles: list[str] = field(default_factory=list)  # GitLab's @@maintainer: the project's role, no team


def owners_of(text: str) -> Owners:
    parsed = parse_codeowners(text)
    tokens = [t.text for s in parsed.sections for t in s.default_owners]
    tokens += [t.text for rule in parsed.rules for t in rule.owners]
    owners = Owners()
    for token in tokens:
        kind = owners.roles if token.startswith("@@") else owners.teams if token.startswith("@") and "/" in token \
            else owners.people
        if token not in kind:
            kind.append(token)
    return owners


def slug(text: str) -> str:
    """A team id (lowercase words joined by '-') from a handle's name."""
    return _NOT_ID.sub("-", text.lower()).strip("-") or "team"


def team_ids(handles: list[str]) -> dict[str, str]:
    """handle -> id: the team's name ('@org/team-auth' -> 'team-auth'); the org is added
    where two organisations have a team of the same name."""
    names = [slug(handle.split("/", 1)[1]) for handle in handles]
    ids: dict[str, str] = {}
    used: set[str] = set()
    for handle, name in zip(handles, names):
        candidate = name if names.count(name) == 1 else slug(handle.lstrip("@").replace("/", "-"))
        number = 2
        unique = candidate
        while unique in used:
            unique, number = f"{candidate}-{number}", number + 1
        used.add(unique)
        ids[handle] = unique
    return ids


def _person(owner: str) -> tuple[str, Optional[str]]:
    """How the registry names a person (a user name, or an e-mail's local part) and the
    address to keep as a comment where the name is not all of it."""
    if owner.startswith("@"):
        return owner[1:], None
    return owner.split("@", 1)[0], owner


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def registry_text(owners: Owners, source: str) -> str:
    """teams.yaml: every team handle a team (its id from the handle, the handle kept);
    the people who own paths directly listed as people, to be moved into their teams."""
    lines = [
        f"# Written by `ownlint init` from {source}: one team per owner handle.",
        "# Review it: give each team a `name`, a `lead` or `contact`, and the `scope` (domains) it",
        "# looks after; see docs/teams.md for every field.",
        "version: 1",
        "teams:" if owners.teams or owners.people else "teams: {}",
    ]
    for handle, team in team_ids(owners.teams).items():
        lines += [
            f"  {team}:",
            f"    name: {_quoted(handle.split('/', 1)[1])}",
            f"    handles: [{_quoted(handle)}]",
        ]
    if owners.people:
        lines += [
            "  # People named directly as owners, not teams. Move each into the `members` (or",
            "  # `lead`) of their team, then delete this entry.",
            "  individuals:",
            "    name: People named directly in CODEOWNERS",
            "    members:",
        ]
        for owner in owners.people:
            name, address = _person(owner)
            lines.append(f"      - {_quoted(name)}" + (f"  # {address}" if address else ""))
    return "\n".join(lines) + "\n"


def config_text(ownership: str, teams: str, baseline: str, ignored: list[str]) -> str:
    exclude = ", ".join(_quoted(name) for name in ignored)
    return (
        "# Written by `ownlint init`; every key is described in docs/adopting.md.\n"
        f"teams: {_quoted(teams)}\n"
        f"ownership: {_quoted(ownership)}\n"
        "# Findings accepted at adoption: `ownlint check --update-baseline` records them, then\n"
        "# only new findings fail. Fix them over time; `ownlint check --fix` drops their entries.\n"
        f"baseline: {_quoted(baseline)}\n"
        "# ownlint's own files need no owner from the mapping (give them one and drop this line).\n"
        f"exclude: [{exclude}]\n"
    )
