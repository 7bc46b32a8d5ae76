"""How ownership changes between two states of a repository (git revisions or the working tree).

Each state is read from text (`git show REV:path`, `git ls-tree`), never from a
checkout, so the configuration, registry and mapping are those of that revision."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from ownlint.errors import OwnlintError
from ownlint.formats.yamlio import YamlDocument, parse_yaml
from ownlint.model.config import CODEOWNERS_LOCATIONS, CONFIG_NAME, Config
from ownlint.model.mapping import Mapping, mapping_from_codeowners, mapping_from_document
from ownlint.model.registry import Registry, registry_from_document
from ownlint.tables.ownership import OwnershipTable

WORKING_TREE = "the working tree"
Owners = tuple[str, ...]


class Source:
    """The files of one state of the repository, relative to the root."""

    label = WORKING_TREE

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: Optional[list[str]] = None

    def files(self) -> list[str]:
        if self._files is None:
            from ownlint.sources.repo import list_files

            self._files = list_files(self.root)
        return self._files

    def read(self, path: str) -> Optional[str]:
        """The text of a file, or None when this state has no such file."""
        full = self.root / path
        if not full.is_file():
            return None
        from ownlint.formats.yamlio import read_text

        return read_text(full, path)

    def exists(self, path: str) -> bool:
        return (self.root / path).is_file()

    def where(self, path: str) -> str:
        """How a file of this state is named in an error."""
        return path


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise OwnlintError("ownlint diff needs git, which is not installed") from None


class Revision(Source):
    """A git revision, read with `git ls-tree` and `git show` (paths relative to the root,
    which may be a sub-directory of the git work tree)."""

    def __init__(self, root: Path, revision: str) -> None:
        super().__init__(root)
        self.label = revision
        self.revision = revision
        self._names: Optional[set[str]] = None
        check = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if check.returncode != 0:
            raise OwnlintError(f"'{revision}' is not a git revision here", str(root))

    def files(self) -> list[str]:
        if self._files is None:
            import os

            listed = _git(self.root, "ls-tree", "-r", "-z", "--name-only", self.revision)
            if listed.returncode != 0:
                raise OwnlintError(f"git ls-tree {self.revision}: {listed.stderr.decode(errors='replace').strip()}")
            self._files = sorted(os.fsdecode(item) for item in listed.stdout.split(b"\0") if item)
        return self._files

    def read(self, path: str) -> Optional[str]:
        if not self.exists(path):
            return None
        shown = _git(self.root, "show", f"{self.revision}:./{path}")
        if shown.returncode != 0:
            return None
        try:
            return shown.stdout.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise OwnlintError("not UTF-8", self.where(path)) from None

    def exists(self, path: str) -> bool:
        if self._names is None:
            self._names = set(self.files())
        return path in self._names

    def where(self, path: str) -> str:
        return f"{self.revision}:{path}"


@dataclass
class State:
    """Who owns each file in one state: team ids (owners resolved through the registry)."""

    label: str
    owners: dict[str, Owners]  # excluded files are left out
    files: frozenset[str] = frozenset()  # every file, excluded or not


def _document(source: Source, path: str, schema: str) -> YamlDocument:
    from ownlint.formats.schema import validate

    text = source.read(path)
    shown = source.where(path)
    if text is None:
        raise OwnlintError("no such file", shown)
    document, findings = parse_yaml(text, shown)
    if document is not None and not findings:
        findings = validate(document, schema)
    if document is None or findings:
        first = findings[0]
        raise OwnlintError(first.message, first.file, first.line, first.column)
    return document


def _config(root: Path, source: Source, names: Sequence[str]) -> Optional[Config]:
    """The configuration of a state: the first of `names` it has, else zero configuration;
    None when the state has neither (a revision from before ownership was mapped)."""
    from ownlint.model.config import _from_document, _zero_config, pyproject_table_from_text

    for name in names:
        text = source.read(name)
        if text is None:
            continue
        if name.endswith("pyproject.toml"):
            found = pyproject_table_from_text(text, name)
            if found is None:
                continue
            from ruamel.yaml.comments import CommentedMap

            document = YamlDocument(name, CommentedMap(found[0]), "")
        else:
            document = _document(source, name, "config")
        return _from_document(root, document, source.exists)
    if not any(source.exists(name) for name in CODEOWNERS_LOCATIONS):
        return None
    return _zero_config(root, source.exists)


def load_state(root: Path, source: Source, config_names: Sequence[str]) -> State:
    config = _config(root, source, config_names)
    if config is None:  # nothing mapped yet: every file is unowned
        return State(source.label, {path: () for path in source.files()}, frozenset(source.files()))
    mapping_file = config.relative(config.ownership)
    mapping: Mapping
    if mapping_file.endswith((".yaml", ".yml")):
        mapping = mapping_from_document(_document(source, mapping_file, "ownership"))
    else:
        text = source.read(mapping_file)
        if text is None:
            raise OwnlintError(f"no such file in {source.label}", mapping_file)
        mapping = mapping_from_codeowners(text, mapping_file)
    registry: Optional[Registry] = None
    if config.teams is not None:
        registry = registry_from_document(_document(source, config.relative(config.teams), "teams"))
    table = OwnershipTable.build(mapping, source.files(), config.exclude)
    resolved: dict[str, str] = {}

    def team_of(owner: str) -> str:
        if owner not in resolved:
            team = registry.resolve(owner) if registry is not None else None
            resolved[owner] = team.id if team is not None else owner
        return resolved[owner]

    owners: dict[str, Owners] = {}
    cache: dict[tuple[int, ...], Owners] = {}
    for path, winners, excluded in zip(table.files, table.winners, table.excluded):
        if excluded:
            continue
        found = cache.get(winners)
        if found is None:
            found = cache[winners] = tuple(sorted({team_of(o) for o in table.owners_of(winners)}))
        owners[path] = found
    return State(source.label, owners, frozenset(table.files))


@dataclass(frozen=True)
class Change:
    path: str
    before: Owners
    after: Owners


@dataclass
class OwnershipDiff:
    base: str
    head: str  # a revision, or WORKING_TREE
    compared: int  # files in both states
    changed: list[Change] = field(default_factory=list)  # owned before and after, by other teams
    unowned: list[Change] = field(default_factory=list)  # owned before, unowned after
    owned: list[Change] = field(default_factory=list)  # unowned before, owned after
    added: list[Change] = field(default_factory=list)  # only in head (before is empty)
    removed: list[Change] = field(default_factory=list)  # only in base (after is empty)
    teams: dict[str, tuple[int, int]] = field(default_factory=dict)  # team -> (gained, lost)
    paths: list[str] = field(default_factory=list, repr=False)  # the files in both states

    @property
    def head_revision(self) -> Optional[str]:
        return None if self.head == WORKING_TREE else self.head


def compare(base: State, head: State) -> OwnershipDiff:
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
    return result


def ownership_diff(root: Path, config: Config, base: str, head: Optional[str]) -> OwnershipDiff:
    """Compare BASE with HEAD (a revision, or the working tree when None)."""
    names = [name for name in (config.file, CONFIG_NAME, "pyproject.toml") if name and not Path(name).is_absolute()]
    names = list(dict.fromkeys(names))
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise OwnlintError("ownlint diff needs a git repository", str(root))
    base_state = load_state(root, Revision(root, base), names)
    head_source = Revision(root, head) if head is not None else Source(root)
    return compare(base_state, load_state(root, head_source, names))


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
