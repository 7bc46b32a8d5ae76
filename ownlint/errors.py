"""The one error type for "the command cannot run" (exit 2), and the error of a
pattern that cannot be used, which the mapping keeps on its rule."""
from __future__ import annotations

from ownlint.values import NamedStr, member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar, Optional


class OwnlintError(Exception):
    """A failure that stops the run; printed as one line, never a traceback."""

    def __init__(
        self,
        message: str,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = [str(part) for part in (self.file, self.line, self.column) if part is not None]
        return f"{':'.join(where)}: {self.message}" if where else self.message


class PatternProblem(NamedStr):
    """What is wrong with a pattern: checks decide by this, never by a message's words.
    A NamedStr, not an Enum: see ownlint/values.py (the enum module costs start-up)."""

    EMPTY: ClassVar[PatternProblem] = member("empty")
    TOO_LONG: ClassVar[PatternProblem] = member("too-long")
    TOO_MANY_WILDCARDS: ClassVar[PatternProblem] = member("too-many-wildcards")
    NEGATION: ClassVar[PatternProblem] = member("negation")  # `!pattern` (GitLab's exclusion; nothing on GitHub)
    ESCAPED_HASH: ClassVar[PatternProblem] = member("escaped-hash")  # `\#pattern`
    COMMENT: ClassVar[PatternProblem] = member("comment")  # a pattern that starts with '#'
    RANGE: ClassVar[PatternProblem] = member("range")  # `[ ]`
    LONE_BACKSLASH: ClassVar[PatternProblem] = member("lone-backslash")
    EMPTY_SEGMENT: ClassVar[PatternProblem] = member("empty-segment")  # `//`
    LONE_SLASH: ClassVar[PatternProblem] = member("lone-slash")  # `/`, which GitHub reports as an error


class PatternError(ValueError):
    """A pattern GitHub rejects or does not support; column is 1-based in the pattern."""

    def __init__(self, message: str, column: int, kind: PatternProblem) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.kind = kind

    def shifted(self, columns: int) -> "PatternError":
        """The same error with its column counted from further left (a prefix was cut)."""
        return PatternError(self.message, self.column + columns, self.kind)


class UndecodableText(OwnlintError):
    """A file that is not UTF-8 text: OWN001 for the registry and mapping, exit 2 elsewhere."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written: it is cleaned up, then
    the run ends with 128 + the signal's number, as a shell reports it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
