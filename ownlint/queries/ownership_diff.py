"""How ownership changes between two states of a repository (git revisions or the working tree).

Each state is read from text (`git show REV:path`, `git ls-tree`), never from a
checkout, so the configuration, registry and mapping are those of that revision."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from ownlint.errors import OwnlintError
from ownlint.model.config import NothingMapped, discover
from ownlint.sources.files import FileSource, Revision, WorkingTree, git_top
from ownlint.tables.ownership import OwnershipTable

if TYPE_CHECKING:
    from ownlint.model.registry import Registry

Owners = tuple[str, ...]


@dataclass
class State:
    """Who owns each file in one state: team ids (owners resolved through the registry)."""

    label: str
    owners: dict[str, Owners]  # excluded files are left out
    files: frozenset[str] = frozenset()  # every file, excluded or not
    written: dict[str, Owners] = field(default_factory=dict)  # the owners as the mapping writes them
    registry: Optional["Registry"] = None
    # What files record about their owners: (source, file) -> the values as written.
    declared: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    declares: bool = False  # its configuration has declarations

    def through(self, registry: "Registry") -> "State":
        """This state with its owners resolved through another registry: a side with no
        registry of its own (before ownlint was adopted, `@org/team` handles) is read
        through the other side's, so a change of notation is not a change of team."""
        cache: dict[Owners, Owners] = {}
        owners: dict[str, Owners] = {}
        for path in self.owners:
            written = self.written.get(path, ())
            found = cache.get(written)
            if found is None:
                found = cache[written] = tuple(sorted({_team_id(registry, owner) for owner in written}))
            owners[path] = found
        return State(self.label, owners, self.files, self.written, registry, self.declared, self.declares)


def _team_id(registry: Optional["Registry"], owner: str) -> str:
    team = registry.resolve(owner) if registry is not None else None
    return team.id if team is not None else owner


def load_state(source: FileSource, config_file: Optional[Path]) -> State:
    """Who owns what in one state, its configuration, registry and mapping loaded as `check`
    loads them (from the root only: both states share the working tree's root)."""
    from ownlint.project import load_setup

    try:
        setup = load_setup(source, config_file=config_file, upwards=False).require()
    except NothingMapped:  # a revision from before ownership was mapped: every file unowned
        return State(source.label, {path: () for path in source.files()}, frozenset(source.files()))
    config, registry, mapping = setup.config, setup.registry, setup.mapping
    if config.teams is not None and registry is None or mapping is None:
        raise OwnlintError("could not be read", source.where(config.relative(config.ownership)))
    table = OwnershipTable.build(mapping, source.files(), config.exclude)
    state = state_of(source.label, table, registry)
    if config.declarations:
        from ownlint.tables.declared import build_declared

        state.declares = True
        for declaration in build_declared(config, table, True, (), source).declarations:
            state.declared[(declaration.source.name, declaration.file)] = tuple(v.text for v in declaration.values)
    return state


def state_of(label: str, table: OwnershipTable, registry: Optional["Registry"]) -> State:
    """A state from an ownership table already built (`ownlint map --diff` reuses check's)."""
    resolved: dict[str, str] = {}

    def team_of(owner: str) -> str:
        if owner not in resolved:
            resolved[owner] = _team_id(registry, owner)
        return resolved[owner]

    owners: dict[str, Owners] = {}
    written: dict[str, Owners] = {}
    cache: dict[tuple[int, ...], tuple[Owners, Owners]] = {}
    for path, winners, excluded in zip(table.files, table.winners, table.excluded):
        if excluded:
            continue
        found = cache.get(winners)
        if found is None:
            names = tuple(table.owners_of(winners))
            found = cache[winners] = (tuple(sorted({team_of(o) for o in names})), names)
        owners[path], written[path] = found
    return State(label, owners, frozenset(table.files), written, registry)


@dataclass(frozen=True)
class Change:
    path: str
    before: Owners
    after: Owners


@dataclass(frozen=True)
class DeclaredChange:
    """A file's recorded owners (one declaration source's values) that differ between the states."""

    source: str
    file: str
    before: tuple[str, ...]  # () where the file recorded none
    after: tuple[str, ...]


@dataclass
class OwnershipDiff:
    base: str
    head: str  # a revision, or the working tree's label
    compared: int  # files in both states
    changed: list[Change] = field(default_factory=list)  # owned before and after, by other teams
    unowned: list[Change] = field(default_factory=list)  # owned before, unowned after
    owned: list[Change] = field(default_factory=list)  # unowned before, owned after
    added: list[Change] = field(default_factory=list)  # only in head (before is empty)
    removed: list[Change] = field(default_factory=list)  # only in base (after is empty)
    teams: dict[str, tuple[int, int]] = field(default_factory=dict)  # team -> (gained, lost)
    paths: list[str] = field(default_factory=list, repr=False)  # the files in both states
    declared: list[DeclaredChange] = field(default_factory=list)  # recorded owners that change
    declares: bool = False  # either state's configuration has declarations

    @property
    def head_revision(self) -> Optional[str]:
        return None if self.head == WorkingTree.label else self.head


def compare(base: State, head: State) -> OwnershipDiff:
    """Each side's owners resolved through its own registry, or the other side's where it has none."""
    if base.registry is None and head.registry is not None:
        base = base.through(head.registry)
    elif head.registry is None and base.registry is not None:
        head = head.through(base.registry)
    result = OwnershipDiff(base.label, head.label, 0)
    gained: dict[str, int] = {}
    lost: dict[str, int] = {}
    for path in sorted(base.owners.keys() | head.owners.keys()):
        before, after = base.owners.get(path), head.owners.get(path)
        if before is None or after is None:
            # A file excluded on one side (it needs no owner there) is not compared.
            if path not in base.files:
                result.added.append(Change(path, (), after or ()))
            elif path not in head.files:
                result.removed.append(Change(path, before or (), ()))
            continue
        result.compared += 1
        result.paths.append(path)
        if before == after:
            continue
        change = Change(path, before, after)
        if before and after:
            result.changed.append(change)
        elif before:
            result.unowned.append(change)
        else:
            result.owned.append(change)
        for team in set(after) - set(before):
            gained[team] = gained.get(team, 0) + 1
        for team in set(before) - set(after):
            lost[team] = lost.get(team, 0) + 1
    for team in sorted(gained.keys() | lost.keys()):
        result.teams[team] = (gained.get(team, 0), lost.get(team, 0))
    result.declares = base.declares or head.declares
    for key in sorted(base.declared.keys() | head.declared.keys(), key=lambda k: (k[1], k[0])):
        before, after = base.declared.get(key, ()), head.declared.get(key, ())
        if before != after:
            result.declared.append(DeclaredChange(key[0], key[1], before, after))
    return result


def ownership_diff(start: Path, config_file: Optional[Path], base: str, head: Optional[str]) -> OwnershipDiff:
    """Compare BASE with HEAD (a revision, or the working tree when None). Revisions are
    read from git's objects alone, so this works in a bare repository, mid-merge, or
    with a working tree whose configuration is broken or whose mapping is deleted."""
    top = git_top(start)
    if top is None:
        raise OwnlintError("ownlint diff needs a git repository", str(start.resolve()))
    if head is None and not WorkingTree(top).is_top():
        raise OwnlintError("a bare repository has no working tree: name two revisions", str(top))
    head_source: FileSource = Revision(start, head, top) if head is not None else WorkingTree(start)
    if config_file is not None:
        root, named = config_file.resolve().parent, config_file.resolve()
    else:  # each state finds its own configuration at the root the head's one names
        root, named = discover(head_source)[0].root.resolve(), None
    base_state = load_state(Revision(root, base, top), named)
    return compare(base_state, load_state(head_source.at(root), named))


def diff_from(root: Path, config_file: Optional[Path], base: str, head: State, beneath: str = "") -> OwnershipDiff:
    """Compare BASE with a state already at hand (the working tree's, from check's table,
    whose root is root); with beneath, only BASE's files beneath that directory, as the
    state holds only those."""
    top = git_top(root)
    if top is None:
        raise OwnlintError("ownlint diff needs a git repository", str(root.resolve()))
    state = load_state(Revision(root.resolve(), base, top), config_file.resolve() if config_file else None)
    if beneath:
        prefix = beneath.rstrip("/") + "/"
        state = State(state.label, {p: o for p, o in state.owners.items() if p.startswith(prefix)},
                      frozenset(p for p in state.files if p.startswith(prefix)))
    return compare(state, head)


def summarise(paths: Sequence[str], universe: Sequence[str]) -> list[tuple[str, int]]:
    """Paths as (entry, count): a directory all of whose compared files are among `paths`
    stands for them ("dir/", N); other paths stand for themselves (path, 1)."""
    chosen = set(paths)
    total: dict[str, int] = {}
    inside: dict[str, int] = {}
    for path in universe:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            directory = "/".join(parts[:depth])
            total[directory] = total.get(directory, 0) + 1
            if path in chosen:
                inside[directory] = inside.get(directory, 0) + 1
    entries: list[tuple[str, int]] = []
    shown: set[str] = set()
    for path in sorted(paths):
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            directory = "/".join(parts[:depth])
            count = inside.get(directory, 0)
            if count > 1 and count == total.get(directory):
                if directory not in shown:
                    shown.add(directory)
                    entries.append((directory + "/", count))
                break
        else:
            entries.append((path, 1))
    return entries
