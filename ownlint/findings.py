"""Finding, Severity and Fix: the values checks yield and formatters print."""
from __future__ import annotations

from ownlint.values import Frozen, NamedInt, Sorted, member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, Optional


# A NamedInt, not an IntEnum: see ownlint/values.py (the enum module costs start-up).
class Severity(NamedInt):
    INFO: ClassVar[Severity] = member(0)
    WARNING: ClassVar[Severity] = member(1)
    ERROR: ClassVar[Severity] = member(2)

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]


# Values state their fields once, on ownlint.values' bases (Frozen: comparisons, hash and
# repr from the fields), not @dataclass: making a dataclass costs about half a
# millisecond at import, and a hook's run imported some thirty of them on every commit
# (tests/test_startup.py keeps dataclasses out of it).
class Fix(Sorted, not_compared=("mends", "suggestions")):
    description: str
    safe: bool
    # Text edits (line, column, old, new) applied by --fix; empty for a suggestion.
    edits: tuple[tuple[int, int, str, str], ...]
    # What the edits mend, as --fix's report counts them ("Fixed 3 owners").
    mends: str
    # Ranked successor suggestions (ownlint.checks.suggest.Suggestion) for a retired owner.
    suggestions: tuple[Any, ...]

    def __init__(
        self,
        description: str,
        safe: bool,
        edits: tuple[tuple[int, int, str, str], ...] = (),
        mends: str = "owner",
        suggestions: tuple[Any, ...] = (),
    ) -> None:
        self.__dict__.update(description=description, safe=safe, edits=edits, mends=mends, suggestions=suggestions)


class Finding(Frozen, not_compared=("fix",)):
    """One result of a check. line/column are 1-based; None where not applicable."""

    file: str
    line: Optional[int]
    column: Optional[int]
    code: str
    message: str
    severity: Optional[Severity]  # None: the catalog's default, stamped by the core
    path: Optional[str]
    fix: Optional[Fix]

    def __init__(
        self,
        file: str,
        line: Optional[int],
        column: Optional[int],
        code: str,
        message: str,
        severity: Optional[Severity] = None,
        path: Optional[str] = None,
        fix: Optional[Fix] = None,
    ) -> None:
        self.__dict__.update(
            file=file,
            line=line,
            column=column,
            code=code,
            message=message,
            severity=severity,
            path=path,
            fix=fix,
        )

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)

    def with_severity(self, severity: Severity) -> "Finding":
        """The finding with its severity stamped: what dataclasses.replace gives, at a
        quarter of its cost (it is paid once per finding, 100,000 for a renamed team)."""
        stamped = object.__new__(Finding)
        stamped.__dict__.update(self.__dict__)
        object.__setattr__(stamped, "severity", severity)
        return stamped

    @property
    def location(self) -> str:
        """`file:line:column`, as far as it is known."""
        return ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)


class Problem(Frozen, not_compared=("fix",)):
    """What a check yields: a finding without its code, which the check's one
    declaration (ownlint.checks.CHECKS) supplies, as yamllint's core stamps rule ids."""

    file: str
    line: Optional[int]
    column: Optional[int]
    message: str
    severity: Optional[Severity]
    path: Optional[str]
    fix: Optional[Fix]

    def __init__(
        self,
        file: str,
        line: Optional[int],
        column: Optional[int],
        message: str,
        severity: Optional[Severity] = None,
        path: Optional[str] = None,
        fix: Optional[Fix] = None,
    ) -> None:
        self.__dict__.update(
            file=file,
            line=line,
            column=column,
            message=message,
            severity=severity,
            path=path,
            fix=fix,
        )

    def finding(self, code: str) -> Finding:
        return Finding(self.file, self.line, self.column, code, self.message, self.severity, self.path, self.fix)


# Codes of findings made while files are read, before any check runs.
INVALID_YAML = "OWN001"
SCHEMA_VIOLATION = "OWN002"
DUPLICATE_KEY = "OWN003"
LOAD_CODES = (INVALID_YAML, SCHEMA_VIOLATION, DUPLICATE_KEY)
