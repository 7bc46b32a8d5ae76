"""The team registry: teams, how owners name them, and what became of retired ones."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from ownlint.formats.yamlio import YamlDocument, position

ACTIVE, RENAMED, RETIRED = "active", "renamed", "retired"


@dataclass
class Team:
    id: str
    name: str
    status: str = ACTIVE
    renamed_to: Optional[str] = None
    successors: list[str] = field(default_factory=list)
    until: Optional[datetime.date] = None
    parent: Optional[str] = None
    lead: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    scope: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    line: int = 1
    column: int = 1

    @property
    def is_current(self) -> bool:
        return self.status == ACTIVE

    def names(self) -> Iterator[str]:
        yield self.id
        yield from self.handles
        yield from self.aliases


@dataclass
class Registry:
    file: str
    teams: dict[str, Team]
    document: Optional[YamlDocument] = None
    # Names of teams whose entries break the schema: reported there (OWN002), not as unknown owners.
    unreadable: frozenset[str] = frozenset()
    _by_name: dict[str, Team] = field(default_factory=dict, repr=False)
    _by_team_name: dict[str, Team] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for team in self.teams.values():
            self._by_team_name.setdefault(team.name, team)
            for name in team.names():
                self._by_name.setdefault(name, team)
                # GitHub team handles compare case-insensitively.
                self._by_name.setdefault(name.lower(), team)

    def is_person(self, owner: str) -> bool:
        """An owner that names one of the registry's people rather than a team."""
        name = owner.lstrip("@").split("@")[0] if "@" in owner.lstrip("@") else owner.lstrip("@")
        return any(name in team.lead or name in team.members for team in self.teams.values())

    def resolve(self, owner: str) -> Optional[Team]:
        """The team an owner string names: by id, handle or alias."""
        return self._by_name.get(owner) or self._by_name.get(owner.lower())

    def resolve_value(self, value: str) -> Optional[Team]:
        """The team a value recorded in another system's file names: by id, handle or
        alias, or by the team's exact name (`Data Persistence`), as other systems spell teams."""
        return self.resolve(value) or self._by_team_name.get(value)

    def lead_as_written(self, team: Team) -> Any:
        """`lead` as teams.yaml gives it (DESIGN 5.1): one name as a string, several as a list, none as null."""
        raw = None
        if self.document is not None:
            entry = (self.document.data.get("teams") or {}).get(team.id) or {}
            raw = entry.get("lead")
        if isinstance(raw, str):
            return raw
        return list(team.lead) if team.lead else None

    def position(self, team_id: str, *keys: Any) -> tuple[int, int]:
        if self.document is None:
            team = self.teams.get(team_id)
            return (team.line, team.column) if team else (1, 1)
        return position(self.document.data, ["teams", team_id, *keys], key=not keys)

    def live_successors(self, team: Team) -> list[Team]:
        """The current teams at the end of a team's renames and successions.

        A rename of a rename resolves to the live team; a cycle or a dangling
        reference ends the walk (OWN101/OWN102 report those)."""
        result: list[Team] = []
        seen: set[str] = set()

        def walk(current: Team) -> None:
            if current.id in seen:
                return
            seen.add(current.id)
            if current.is_current:
                if current not in result:
                    result.append(current)
                return
            following = [current.renamed_to] if current.status == RENAMED else current.successors
            for next_id in following:
                if next_id and next_id in self.teams:
                    walk(self.teams[next_id])

        walk(team)
        return [t for t in result if t.id != team.id]

    def history(self, team: Team) -> list[Team]:
        """The chain of renames from `team` to its live end (only through renames)."""
        chain = [team]
        while chain[-1].status == RENAMED and chain[-1].renamed_to in self.teams:
            following = self.teams[chain[-1].renamed_to or ""]
            if following in chain:
                break
            chain.append(following)
        return chain


def _people(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def _date(value: Any) -> Optional[datetime.date]:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def registry_from_document(document: YamlDocument, broken: frozenset[str] = frozenset()) -> Registry:
    """Build the registry from a document that passed the schema, or whose only
    schema errors lie in the `broken` teams: those are left out, and the names they
    go by are kept so that no check calls them unknown."""
    teams: dict[str, Team] = {}
    unreadable: set[str] = set()
    for team_id, entry in (document.data.get("teams") or {}).items():
        if str(team_id) in broken:
            unreadable.add(str(team_id))
            for key in ("handles", "aliases"):
                values = entry.get(key) if isinstance(entry, dict) else None
                if isinstance(values, list):
                    unreadable.update(str(value) for value in values if isinstance(value, str))
            continue
        line, column = position(document.data, ["teams", team_id], key=True)
        teams[str(team_id)] = Team(
            id=str(team_id),
            name=str(entry.get("name", team_id)),
            status=str(entry.get("status", ACTIVE)),
            renamed_to=entry.get("renamed_to"),
            successors=[str(s) for s in entry.get("successors") or []],
            until=_date(entry.get("until")),
            parent=entry.get("parent"),
            lead=_people(entry.get("lead")),
            members=_people(entry.get("members")),
            contact={str(k): str(v) for k, v in (entry.get("contact") or {}).items()},
            scope=[str(s) for s in entry.get("scope") or []],
            handles=[str(h) for h in entry.get("handles") or []],
            aliases=[str(a) for a in entry.get("aliases") or []],
            line=line,
            column=column,
        )
    return Registry(document.file, teams, document, unreadable=frozenset(unreadable))
