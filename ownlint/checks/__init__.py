"""The checks, registered explicitly by code. Each yields findings from a read-only Context."""
from __future__ import annotations

from typing import Callable, Iterator

from ownlint.checks import coverage, mapping_checks, owners, registry_checks, scope
from ownlint.context import Context
from ownlint.findings import Finding

Check = Callable[[Context], Iterator[Finding]]

# Codes reported while loading files rather than by a check function.
LOAD_CODES = ("OWN001", "OWN002", "OWN003")

CHECKS: dict[str, Check] = {
    "OWN101": registry_checks.undefined_team_references,
    "OWN102": registry_checks.lifecycle_cycles,
    "OWN201": mapping_checks.invalid_patterns,
    "OWN301": owners.unknown_owners,
    "OWN302": owners.retired_owners,
    "OWN401": coverage.unowned_paths,
    "OWN402": scope.scope_mismatches,
}
