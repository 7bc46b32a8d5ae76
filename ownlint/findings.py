"""Finding, Severity and Fix: the values checks yield and formatters print."""
from __future__ import annotations

import enum

from ownlint.values import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]


# Values are plain classes with their methods written out (frozen ones on Frozen), not
# @dataclass: making a dataclass costs about half a millisecond at import, and a hook's
# run imported some thirty of them on every commit (tests/test_startup.py keeps
# dataclasses out of it).
class Fix(Frozen):
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

    def __repr__(self) -> str:
        return f"Fix(description={self.description!r}, safe={self.safe!r}, edits={self.edits!r}, mends={self.mends!r}, suggestions={self.suggestions!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fix):
            return NotImplemented
        return (self.description, self.safe, self.edits) == (other.description, other.safe, other.edits)

    def __hash__(self) -> int:
        return hash((self.description, self.safe, self.edits))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Fix):
            return NotImplemented
        return (self.description, self.safe, self.edits) < (other.description, other.safe, other.edits)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Fix):
            return NotImplemented
        return (self.description, self.safe, self.edits) <= (other.description, other.safe, other.edits)

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Fix):
            return NotImplemented
        return (self.description, self.safe, self.edits) > (other.description, other.safe, other.edits)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Fix):
            return NotImplemented
        return (self.description, self.safe, self.edits) >= (other.description, other.safe, other.edits)


class Finding(Frozen):
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

    def __repr__(self) -> str:
        return f"Finding(file={self.file!r}, line={self.line!r}, column={self.column!r}, code={self.code!r}, message={self.message!r}, severity={self.severity!r}, path={self.path!r}, fix={self.fix!r})"

    def _key(self) -> tuple[object, ...]:
        """What equality and the hash compare: every field but the fix."""
        return (self.file, self.line, self.column, self.code, self.message, self.severity, self.path)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

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


class Problem(Frozen):
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

    def __repr__(self) -> str:
        return f"Problem(file={self.file!r}, line={self.line!r}, column={self.column!r}, message={self.message!r}, severity={self.severity!r}, path={self.path!r}, fix={self.fix!r})"

    def _key(self) -> tuple[object, ...]:
        """What equality and the hash compare: every field but the fix."""
        return (self.file, self.line, self.column, self.message, self.severity, self.path)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def finding(self, code: str) -> Finding:
        return Finding(self.file, self.line, self.column, code, self.message, self.severity, self.path, self.fix)


# Codes of findings made while files are read, before any check runs.
INVALID_YAML = "OWN001"
SCHEMA_VIOLATION = "OWN002"
DUPLICATE_KEY = "OWN003"
LOAD_CODES = (INVALID_YAML, SCHEMA_VIOLATION, DUPLICATE_KEY)
