"""Every check code, declared once: the function that reports it and when it can fire.

A check is a function over a read-only Context that yields Problems; the core stamps
each with the code of its declaration (as yamllint's core stamps rule ids). Codes that
no function reports (findings made while files are read, OWN206 made by the core)
are declared here too, so that this table and rules/core.yaml list the same codes."""
from __future__ import annotations

from ownlint.findings import DUPLICATE_KEY, INVALID_YAML, LOAD_CODES, SCHEMA_VIOLATION
from ownlint.values import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterator, Optional

    from ownlint.checks.context import Context
    from ownlint.findings import Finding, Problem
    from ownlint.model.config import Config

    Check = Callable[[Context], Iterator[Problem]]

# Codes other modules test for by name (declared here, so that naming one imports no check).
UNOWNED = "OWN401"  # the text output rolls these up by directory
OUT_OF_DATE = "OWN501"  # also reported by `ownlint codeowners --check`
STALE_ENTRY = "OWN207"  # a baseline entry no finding matches any more

# Never baselined: a file that cannot be read or validated hides everything after it,
# and a stale entry is the baseline's own finding. (Here, not in baseline.py: a hook
# asks it of every finding without importing the baseline's module.)
NEVER_BASELINED = frozenset({*LOAD_CODES, STALE_ENTRY})


def baselinable(finding: "Finding") -> bool:
    return finding.code not in NEVER_BASELINED


def _always(config: "Config") -> bool:
    return True


def _declares(config: "Config") -> bool:
    return bool(config.declarations)


def _has_vocabularies(config: "Config") -> bool:
    return bool(config.vocabularies)


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class CheckSpec(Frozen):
    code: str
    # "module:function" under ownlint.checks, imported when the check runs (a hook does not
    # import the checks it cannot run); None: reported while loading files, or by the core.
    run: Optional[str]
    needs_registry: bool  # cannot fire without a readable team registry
    # Reads every file of the repository: does not run while the table holds only the
    # paths a hook or --changed-since asks about.
    whole_repository: bool
    # Judges only the paths a partial run names: silence elsewhere proves nothing.
    per_path: bool
    enabled: "Callable[[Config], bool]"  # the configuration turns it on
    # Reads every rule's match counts (OwnershipTable.match_counts): a check of a large
    # repository that runs it has them counted beside the winners (tables/ownership.py).
    counts: bool

    def __init__(
        self,
        code: str,
        run: Optional[str] = None,
        needs_registry: bool = False,
        whole_repository: bool = False,
        per_path: bool = False,
        enabled: "Callable[[Config], bool]" = _always,
        counts: bool = False,
    ) -> None:
        self.__dict__.update(
            code=code,
            run=run,
            needs_registry=needs_registry,
            whole_repository=whole_repository,
            per_path=per_path,
            enabled=enabled,
            counts=counts,
        )

    def runs(self, ctx: "Context") -> bool:
        """Whether the check can say anything in this run."""
        if self.whole_repository and ctx.table is not None and not ctx.table.complete:
            return False
        if self.needs_registry and ctx.registry is None:
            return False
        return self.enabled(ctx.config)

    def judges_every_rule(self, ctx: "Context") -> bool:
        """Whether its silence about a rule means the rule is clean (OWN206 asks)."""
        return self.runs(ctx) and not (self.per_path and ctx.paths is not None)

    def function(self) -> "Check":
        """The function that reports this code."""
        from importlib import import_module

        assert self.run is not None, f"{self.code} is not reported by a check function"
        module, _, name = self.run.partition(":")
        check: Check = getattr(import_module(f"ownlint.checks.{module}"), name)
        return check


UNUSED_SUPPRESSION = "OWN206"

SPECS: tuple[CheckSpec, ...] = (
    CheckSpec(INVALID_YAML),
    CheckSpec(SCHEMA_VIOLATION),
    CheckSpec(DUPLICATE_KEY),
    CheckSpec("OWN101", "registry_checks:undefined_team_references", needs_registry=True),
    CheckSpec("OWN102", "registry_checks:lifecycle_cycles", needs_registry=True),
    CheckSpec("OWN103", "registry_checks:teams_without_contact", needs_registry=True),
    CheckSpec("OWN104", "registry_checks:handle_conflicts", needs_registry=True),
    CheckSpec("OWN105", "registry_checks:teams_owning_nothing", needs_registry=True, whole_repository=True),
    CheckSpec("OWN201", "mapping_checks:invalid_patterns"),
    CheckSpec("OWN202", "mapping_checks:duplicate_patterns"),
    CheckSpec("OWN203", "mapping_checks:patterns_matching_nothing", whole_repository=True, counts=True),
    CheckSpec("OWN204", "mapping_checks:shadowed_rules", whole_repository=True, counts=True),
    CheckSpec("OWN205", "owner_syntax:invalid_owner_syntax"),
    CheckSpec(UNUSED_SUPPRESSION),
    CheckSpec(STALE_ENTRY),
    CheckSpec("OWN301", "owners:unknown_owners", needs_registry=True),
    CheckSpec("OWN302", "owners:retired_owners", needs_registry=True),
    CheckSpec("OWN303", "policy:individual_owners", enabled=lambda config: config.individuals == "forbid"),
    CheckSpec("OWN304", "policy:multiple_owners", enabled=lambda config: config.owners_per_path == "one"),
    CheckSpec(UNOWNED, "coverage:unowned_paths", per_path=True),
    CheckSpec("OWN402", "scope:scope_mismatches", per_path=True),
    CheckSpec(OUT_OF_DATE, "generated:generated_codeowners_out_of_date"),
    CheckSpec("OWN601", "declarations:declaration_mismatches", needs_registry=True, enabled=_declares),
    CheckSpec("OWN602", "declarations:declarations_missing", per_path=True, enabled=_declares),
    CheckSpec("OWN603", "declarations:vocabulary_stale", needs_registry=True, enabled=_has_vocabularies),
    CheckSpec("OWN604", "declarations:vocabulary_incomplete", needs_registry=True, enabled=_has_vocabularies),
    CheckSpec("OWN605", "declarations:undeliverable_owners", enabled=_declares),
)

CHECKS: dict[str, CheckSpec] = {spec.code: spec for spec in SPECS}
