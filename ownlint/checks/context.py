"""The read-only context every check receives."""
from __future__ import annotations

from functools import cached_property

from ownlint.values import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Optional

    from ownlint.model.config import Config
    from ownlint.model.mapping import Mapping
    from ownlint.model.registry import Registry
    from ownlint.tables.declared import DeclaredTable
    from ownlint.tables.domains import Domains, DomainSet
    from ownlint.tables.ownership import OwnershipTable


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Context(Frozen):
    config: Config
    registry: Optional[Registry]  # None: no registry configured, or it could not be read
    mapping: Optional[Mapping]  # None: the mapping could not be read
    table: Optional[OwnershipTable]
    given_today: Optional[datetime.date]  # --today; None: the date the run asks (see today)
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
        given_today: Optional[datetime.date],
        paths: Optional[frozenset[str]] = None,
        declared: "Optional[DeclaredTable]" = None,
    ) -> None:
        self.__dict__.update(
            config=config,
            registry=registry,
            mapping=mapping,
            table=table,
            given_today=given_today,
            paths=paths,
            declared=declared,
        )

    @cached_property
    def today(self) -> datetime.date:
        """The day grace periods (`until:`) are judged on: --today, else today. Only the
        checks that read the registry ask, so a run without one never imports datetime."""
        if self.given_today is not None:
            return self.given_today
        import datetime

        return datetime.date.today()

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
