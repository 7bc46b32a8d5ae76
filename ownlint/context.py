"""The read-only context every check receives."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Optional

from ownlint.config import Config
from ownlint.mapping import Mapping
from ownlint.ownership import OwnershipTable
from ownlint.registry import Registry


@dataclass(frozen=True)
class Context:
    config: Config
    registry: Optional[Registry]  # None: no registry configured, or it could not be read
    mapping: Optional[Mapping]  # None: the mapping could not be read
    table: Optional[OwnershipTable]
    today: datetime.date
    # The files whose ownership is checked: every file, or those a hook or --changed-since names.
    paths: Optional[frozenset[str]] = None

    def checks_path(self, path: str) -> bool:
        return self.paths is None or path in self.paths
