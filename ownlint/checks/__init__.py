"""The checks, registered explicitly by code. Each yields findings from a read-only Context."""
from __future__ import annotations

from typing import Callable, Iterator

from ownlint.checks import (
    coverage,
    declarations,
    generated,
    mapping_checks,
    owner_syntax,
    owners,
    policy,
    registry_checks,
    scope,
)
from ownlint.checks.context import Context
from ownlint.findings import Finding

Check = Callable[[Context], Iterator[Finding]]

# Codes reported while loading files rather than by a check function.
LOAD_CODES = ("OWN001", "OWN002", "OWN003")
# Codes reported by the core after the checks (lint.finalise).
CORE_CODES = ("OWN206", "OWN207")

# Checks that read the whole table (every file of the repository): they do not run
# when the table holds only the paths a hook or --changed-since asks about.
WHOLE_REPOSITORY = ("OWN105", "OWN203", "OWN204")

CHECKS: dict[str, Check] = {
    "OWN101": registry_checks.undefined_team_references,
    "OWN102": registry_checks.lifecycle_cycles,
    "OWN103": registry_checks.teams_without_contact,
    "OWN104": registry_checks.handle_conflicts,
    "OWN105": registry_checks.teams_owning_nothing,
    "OWN201": mapping_checks.invalid_patterns,
    "OWN202": mapping_checks.duplicate_patterns,
    "OWN203": mapping_checks.patterns_matching_nothing,
    "OWN204": mapping_checks.shadowed_rules,
    "OWN205": owner_syntax.invalid_owner_syntax,
    "OWN301": owners.unknown_owners,
    "OWN302": owners.retired_owners,
    "OWN303": policy.individual_owners,
    "OWN304": policy.multiple_owners,
    "OWN401": coverage.unowned_paths,
    "OWN402": scope.scope_mismatches,
    "OWN501": generated.generated_codeowners_out_of_date,
    "OWN601": declarations.declaration_mismatches,
    "OWN602": declarations.declarations_missing,
    "OWN603": declarations.vocabulary_stale,
    "OWN604": declarations.vocabulary_incomplete,
    "OWN605": declarations.undeliverable_owners,
}
