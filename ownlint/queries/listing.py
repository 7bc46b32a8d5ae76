"""`ls`'s question: which rows of the ownership table a listing shows."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ownlint.errors import OwnlintError

if TYPE_CHECKING:
    from ownlint.project import Project
    from ownlint.tables.ownership import OwnershipTable


def selected_rows(project: "Project", given: list[str], start: str) -> list[int]:
    """Table rows of the files at or beneath the given paths, in table order, each once."""
    from ownlint.queries.explain import files_under
    from ownlint.sources.repo import normalise

    table = project.table
    assert table is not None
    if not given:
        return list(range(len(table.files)))
    from pathlib import Path

    chosen: set[int] = set()
    index = {path: row for row, path in enumerate(table.files)}
    root = project.config.root
    for text, path in zip(given, normalise(root, Path(start).resolve(), given)):
        if path in index:
            chosen.add(index[path])
            continue
        beneath = files_under(table, path)
        if not beneath and not (root / path).exists() and not (root / path).is_symlink():
            # A path that names nothing would list nothing: say so (exit 2) rather than print nothing.
            raise OwnlintError("no such file or directory", text)
        chosen.update(beneath)
    return sorted(chosen)


def owner_filter(project: "Project", wanted: str) -> "set[str]":
    """The owner strings that name TEAM: resolved through the registry when there is one."""
    table = project.table
    assert table is not None
    registry = project.registry
    names = {owner.name for rule in table.mapping.rules for owner in rule.owners}
    if registry is None:
        return {wanted} & names or {wanted}
    team = registry.resolve(wanted)
    if team is None:
        from ownlint.formats.spelling import did_you_mean

        known = [name for team in registry.teams.values() for name in team.names()]
        raise OwnlintError(
            f"--owner: '{wanted}' is not a team id, handle or alias in {registry.file}{did_you_mean(wanted, known)}"
        )
    return {name for name in names if registry.resolve(name) is team}


def rows_of(table: "OwnershipTable", rows: list[int], unowned: bool, owners: Optional[set[str]]) -> Iterator[int]:
    for row in rows:
        names = table.owners_of(table.winners[row])
        if unowned and (names or table.excluded[row]):
            continue
        if owners is not None and not owners.intersection(names):
            continue
        yield row
