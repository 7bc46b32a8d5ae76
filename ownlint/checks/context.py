"""The read-only context every check receives."""
from __future__ import annotations

import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ownlint.model.config import Config
    from ownlint.model.mapping import Mapping
    from ownlint.model.registry import Registry
    from ownlint.tables.declared import DeclaredTable
    from ownlint.tables.domains import Domains, DomainSet
    from ownlint.tables.ownership import OwnershipTable


# Written out, not @dataclass: see ownlint/findings.py.
class Context:
    config: Config
    registry: Optional[Registry]  # None: no registry configured, or it could not be read
    mapping: Optional[Mapping]  # None: the mapping could not be read
    table: Optional[OwnershipTable]
    today: datetime.date
    # The files whose ownership is checked: every file, or those a hook or --changed-since names.
    paths: Optional[frozenset[str]]
    # Owners recorded inside files and the vocabularies (None: the configuration has none).
    declared: "Optional[DeclaredTable]"

    def __init__(
        self,
        config: Config,
        registry: Optional[Registry],
        mapping: Optional[Mapping],
        table: Optional[OwnershipTable],
        today: datetime.date,
        paths: Optional[frozenset[str]] = None,
        declared: "Optional[DeclaredTable]" = None,
    ) -> None:
        self.config = config
        self.registry = registry
        self.mapping = mapping
        self.table = table
        self.today = today
        self.paths = paths
        self.declared = declared

    def __repr__(self) -> str:
        return f"Context(config={self.config!r}, registry={self.registry!r}, mapping={self.mapping!r}, table={self.table!r}, today={self.today!r}, paths={self.paths!r}, declared={self.declared!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Context):
            return NotImplemented
        return (self.config, self.registry, self.mapping, self.table, self.today, self.paths, self.declared) == (
            other.config,
            other.registry,
            other.mapping,
            other.table,
            other.today,
            other.paths,
            other.declared,
        )

    def __hash__(self) -> int:
        return hash((self.config, self.registry, self.mapping, self.table, self.today, self.paths, self.declared))

    def checks_path(self, path: str) -> bool:
        return self.paths is None or path in self.paths

    @cached_property
    def domains(self) -> "Domains":
        """The domains of the configured packs, loaded once and only by checks that need them."""
        from ownlint.tables.domains import load_domains

        return load_domains(self.config)

    @cached_property
    def file_domains(self) -> "list[DomainSet]":
        """The domains of every file of the table, in table order."""
        return self.domains.sets_of(self.table.files) if self.table is not None else []
