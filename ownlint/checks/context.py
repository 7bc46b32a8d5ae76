"""The read-only context every check receives."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ownlint.model.config import Config
    from ownlint.model.mapping import Mapping
    from ownlint.model.registry import Registry
    from ownlint.tables.declared import DeclaredTable
    from ownlint.tables.domains import Domains, DomainSet
    from ownlint.tables.ownership import OwnershipTable


@dataclass(frozen=True)
class Context:
    config: Config
    registry: Optional[Registry]  # None: no registry configured, or it could not be read
    mapping: Optional[Mapping]  # None: the mapping could not be read
    table: Optional[OwnershipTable]
    today: datetime.date
    # The files whose ownership is checked: every file, or those a hook or --changed-since names.
    paths: Optional[frozenset[str]] = None
    # Owners recorded inside files and the vocabularies (None: the configuration has none).
    declared: "Optional[DeclaredTable]" = None

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
