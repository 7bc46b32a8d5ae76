"""Read the CODEOWNERS text format (GitHub's, with GitLab's sections) into raw rules."""
from __future__ import annotations

from functools import lru_cache

from ownlint.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import Optional

# Where the forges look for a CODEOWNERS file: GitHub's places in GitHub's order,
# then GitLab's own. GitLab reads the last three, in their order.
CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
# The places only one forge reads; both read the others.
FORGE_OF_LOCATION = {".github/CODEOWNERS": "github", ".gitlab/CODEOWNERS": "gitlab"}


def locations_read_by(flavor: str) -> tuple[str, ...]:
    """The CODEOWNERS places a forge ('github' or 'gitlab') reads, in its order."""
    return tuple(place for place in CODEOWNERS_LOCATIONS if FORGE_OF_LOCATION.get(place, flavor) == flavor)


# What a suppression's brackets may hold: codes, commas and whitespace.
_CODE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_,")


def find_suppression(text: str) -> Optional[tuple[int, int, int]]:
    """The first `# ownlint: ignore[CODE, ...]` in text (the spaces around `ownlint:` and
    between the codes any whitespace, as a regular expression's \\s): where it starts,
    where its codes start and where it ends, after the ']'. Read with str methods: an
    unused suppression is reported, and its fix written, on every run, a warm one too,
    which need not import re for it."""
    start = text.find("#")
    while start != -1:
        at = _after_whitespace(text, start + 1)
        if text.startswith("ownlint:", at):
            at = _after_whitespace(text, at + len("ownlint:"))
            if text.startswith("ignore[", at):
                codes = end = at + len("ignore[")
                while end < len(text) and (text[end] in _CODE_CHARACTERS or text[end].isspace()):
                    end += 1
                if text.startswith("]", end):
                    return start, codes, end + 1
        start = text.find("#", start + 1)
    return None


def _after_whitespace(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


# This module's regular expressions are compiled when first used, not on import: a
# warm run reads its CODEOWNERS rules from the cache and parses no line.
@lru_cache(maxsize=None)
def _section() -> re.Pattern[str]:
    import re

    return re.compile(r"^(\^)?\[([^\]]*)\](?:\[(\d+)\])?")


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Token(Value):
    text: str
    column: int  # 1-based

    def __init__(self, text: str, column: int) -> None:
        self.text = text
        self.column = column


class RawSection(Value):
    name: str
    line: int
    optional: bool
    approvals: Optional[int]
    default_owners: list[Token]

    def __init__(
        self, name: str, line: int, optional: bool, approvals: Optional[int], default_owners: list[Token]
    ) -> None:
        self.name = name
        self.line = line
        self.optional = optional
        self.approvals = approvals
        self.default_owners = default_owners


class RawRule(Value):
    pattern: Token
    owners: list[Token]
    line: int
    section: Optional[RawSection]
    ignores: frozenset[str]
    comment: Optional[str]

    def __init__(
        self,
        pattern: Token,
        owners: list[Token],
        line: int,
        section: Optional[RawSection] = None,
        ignores: frozenset[str] = frozenset(),
        comment: Optional[str] = None,
    ) -> None:
        self.pattern = pattern
        self.owners = owners
        self.line = line
        self.section = section
        self.ignores = ignores
        self.comment = comment


class CodeownersFile(Value):
    rules: list[RawRule]
    sections: list[RawSection]

    def __init__(self, rules: Optional[list[RawRule]] = None, sections: Optional[list[RawSection]] = None) -> None:
        self.rules = [] if rules is None else rules
        self.sections = [] if sections is None else sections


def suppressed_codes(comment: str) -> frozenset[str]:
    found = find_suppression(comment)
    if found is None:
        return frozenset()
    _, codes, end = found
    return frozenset(code.strip().upper() for code in comment[codes:end - 1].split(",") if code.strip())


# A token: characters up to a space or a tab, where a backslash takes the next
# character with it ('\ ' does not split; a lone one at the end is itself).
@lru_cache(maxsize=None)
def _token() -> re.Pattern[str]:
    import re

    return re.compile(r"(?:[^ \t\\]+|\\.|\\)+", re.DOTALL)


def _split_tokens(text: str, start: int) -> tuple[list[Token], Optional[str]]:
    """Whitespace-separated tokens from `start`; '\\ ' does not split; '#' ends them."""
    tokens: list[Token] = []
    if "\\" not in text:  # (nearly every line) the tokens are the runs between spaces and tabs
        column = start
        for part in text[start:].replace("\t", " ").split(" "):
            if part:
                if part[0] == "#":
                    return tokens, text[column:]
                tokens.append(Token(part, column + 1))
            column += len(part) + 1
        return tokens, None
    for match in _token().finditer(text, start):
        begin = match.start()
        if text[begin] == "#":
            return tokens, text[begin:]
        tokens.append(Token(match.group(), begin + 1))
    return tokens, None


def codeowners_lines(text: str) -> list[str]:
    """The lines as GitHub and GitLab number them: only "\n" ends a line (and a "\r"
    before it goes with it). str.splitlines would also break at a form feed, NEL or
    U+2028 inside a comment, making a rule of the comment's rest and shifting every
    later line number."""
    lines = text.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_codeowners(text: str) -> CodeownersFile:
    result = CodeownersFile()
    section: Optional[RawSection] = None
    for number, line in enumerate(codeowners_lines(text), start=1):
        stripped = line.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        offset = len(line) - len(stripped)
        header = _section().match(stripped) if stripped[0] in "[^" else None
        if header:
            owners, _ = _split_tokens(line, offset + header.end())
            section = RawSection(
                name=header.group(2),
                line=number,
                optional=bool(header.group(1)),
                approvals=int(header.group(3)) if header.group(3) else None,
                default_owners=owners,
            )
            result.sections.append(section)
            continue
        tokens, comment = _split_tokens(line, offset)
        pattern, owners = tokens[0], tokens[1:]
        result.rules.append(
            RawRule(
                pattern=pattern,
                owners=owners,
                line=number,
                section=section,
                ignores=suppressed_codes(comment) if comment and "ownlint" in comment else frozenset(),
                comment=comment,
            )
        )
    return result


# --- writing -------------------------------------------------------------------------

def escape_pattern(pattern: str) -> str:
    """A pattern as a CODEOWNERS token: whitespace escaped with '\\', escapes kept."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index : index + 2])
            index += 2
            continue
        out.append("\\" + char if char in " \t" else char)
        index += 1
    return "".join(out)


def rule_line(pattern: str, owners: list[str]) -> str:
    return " ".join([escape_pattern(pattern), *owners])


def section_line(section: RawSection, owners: list[str]) -> str:
    approvals = f"[{section.approvals}]" if section.approvals is not None else ""
    return " ".join([f"{'^' if section.optional else ''}[{section.name}]{approvals}", *owners])


def comment_lines(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.strip().splitlines()]
