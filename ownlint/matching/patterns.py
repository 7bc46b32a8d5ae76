"""CODEOWNERS pattern semantics (GitHub's), compiled to regexes.

A pattern is translated to one regular expression over a repository file path.
pathspec's gitignore classes are not used for the translation because their
answers differ from CODEOWNERS (a `dir/*` match reaches nested files through the
directory; a match on a file outranks a later match on its directory; `!` and
`[ ]` mean something). pathspec's backends then match the whole rule list at once
and report the last matching rule, which is exactly "the last match wins".
"""
from __future__ import annotations

import sys
from functools import cached_property, lru_cache

from ownlint.errors import PatternError, PatternProblem
from ownlint.matching.globmatch import GLOBSTAR, match_path
from ownlint.values import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import Any, Optional, Sequence, Union

    from ownlint.matching.globmatch import Segment

    Tokens = Union[str, tuple[str, ...]]  # a pattern's segment (Pattern.segments)

# Keeps matching linear on the backtracking fallback: re2 needs no guard.
MAX_PATTERN_LENGTH = 4096
MAX_WILDCARDS = 64


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Pattern(Frozen):
    text: str  # as written, escapes included
    anchored: bool  # matches from the root only (else at any depth)
    directory_only: bool  # trailing '/': matches what is beneath a directory
    children_only: bool  # anchored, last segment exactly '*': files only, never deeper
    # The '/'-separated segments of tokens (literal characters, '*', '?', '**', an escaped
    # character as '\\' and it) without the leading and trailing '/': what the engine reads
    # a rule's shape from. A segment whose tokens are all one character (no '**', no
    # escape: nearly every one) is the str of them, which reads as its tokens wherever a
    # segment is read (iterated, list(), tuple(), indexed); any other, the tuple of them.
    # One form for each segment (see _segment), so parsed and cached patterns compare equal;
    # the cached mapping keeps a str in a tenth of the bytes, read back in one object.
    segments: tuple[Tokens, ...]

    def __init__(
        self,
        text: str,
        anchored: bool,
        directory_only: bool,
        children_only: bool,
        segments: tuple[Tokens, ...] = (),
    ) -> None:
        # Item by item: no keyword dict to build (a warm run makes a thousand, from the cache).
        fields = self.__dict__
        fields["text"] = text
        fields["anchored"] = anchored
        fields["directory_only"] = directory_only
        fields["children_only"] = children_only
        fields["segments"] = segments

    # The regex and the glob are written when first asked for: the engine reads the
    # segments alone, and a hook's run needs neither for most of a thousand rules.
    @cached_property
    def regex(self) -> str:
        """Over a whole file path, anchored at both ends."""
        return _regex(self.segments, self.anchored, self.directory_only, self.children_only)

    @cached_property
    def glob(self) -> Optional[tuple[Segment, ...]]:
        """The same pattern for the backtracking-safe matcher (globmatch); None matches nothing."""
        return _glob(self.segments, self.anchored, self.directory_only, self.children_only)

    def matches(self, path: str) -> bool:
        compiled = linear_regex(self.regex)
        if compiled is not None:
            return compiled.match(matchable(path)) is not None
        return self.matches_by_glob(path)

    def matches_by_glob(self, path: str) -> bool:
        """The same answer by globmatch, on the parsed tokens: no regex is compiled (a few
        paths' cost), and none can backtrack (where re2 is not installed)."""
        return self.glob is not None and match_path(self.glob, matchable(path).split("/"))

    def matches_by_regex(self, path: str) -> bool:
        """Python's re on the regex: for tests that hold the two translations together."""
        return _compiled(self.regex).match(path) is not None


_NO_RE2: list[bool] = []  # set once `import re2` has failed: not installed here


def re2_module() -> Any:
    """google-re2, or None where its wheel is not installed: the one place that decides.

    Imported on first use (the engine rarely needs it: start-up). re2 matches in
    linear time whatever the pattern; without it, globmatch's matcher, which never
    backtracks, answers the same (tests/test_matcher_equivalence.py). What
    sys.modules holds wins, so that a test can take re2 away (None there)."""
    if "re2" in sys.modules:
        return sys.modules["re2"]
    if _NO_RE2:
        return None
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 has wheels for the common platforms
        _NO_RE2.append(True)
        return None
    return re2


def linear_regex(regex: str) -> Any:
    """regex compiled by re2 ('.' matching newlines too), or None without re2."""
    return None if re2_module() is None else _re2_compiled(regex)


@lru_cache(maxsize=4096)
def _re2_compiled(regex: str) -> Any:
    options = re2_module().Options()
    options.dot_nl = True
    return re2_module().compile(regex, options)


def matchable(path: str) -> str:
    """A path re2 can take: bytes that were not UTF-8 (kept as surrogates) become U+FFFD.

    No pattern can name such a byte literally, and '?' or '*' match it as one
    character either way, so answers do not change."""
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\udc80" <= char <= "\udcff" else char for char in path)
    return path


@lru_cache(maxsize=4096)
def _compiled(regex: str) -> "re.Pattern[str]":
    import re

    return re.compile(regex, re.DOTALL)


@lru_cache(maxsize=None)  # (compiled when a pattern with a wildcard is parsed, not on import)
def _plain_tokens() -> re.Pattern[str]:
    """A run of two or more stars is one '**'; one star, one '?', or literal characters."""
    import re

    return re.compile(r"\*\*+|\*|\?|[^*?]+")


def _unescape_segments(text: str) -> list[list[str]]:
    """Split into '/'-separated segments of tokens: literal chars, '*', '?', '**'."""
    if "\\" not in text and "[" not in text:
        return _plain_segments(text)
    segments: list[list[str]] = [[]]
    index = 0
    wildcards = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            if index + 1 >= len(text):
                raise PatternError("a pattern cannot end with a lone backslash", index + 1, PatternProblem.LONE_BACKSLASH)
            segments[-1].append("\\" + text[index + 1])
            index += 2
            continue
        if char == "[":
            raise PatternError(
                "character ranges '[ ]' are not supported by CODEOWNERS", index + 1, PatternProblem.RANGE
            )
        if char == "/":
            segments.append([])
        elif char == "*":
            wildcards += 1
            if index + 1 < len(text) and text[index + 1] == "*":
                segments[-1].append("**")
                index += 2
                while index < len(text) and text[index] == "*":
                    index += 1
                continue
            segments[-1].append("*")
        elif char == "?":
            wildcards += 1
            segments[-1].append("?")
        else:
            segments[-1].append(char)
        index += 1
    if wildcards > MAX_WILDCARDS:
        raise PatternError(f"more than {MAX_WILDCARDS} wildcards in one pattern", 1, PatternProblem.TOO_MANY_WILDCARDS)
    return segments


def _plain_segments(text: str) -> list[list[str]]:
    """_unescape_segments for a pattern without escapes or brackets (nearly every one),
    a segment at a time instead of a character at a time."""
    segments: list[list[str]] = []
    wildcards = 0
    for part in text.split("/"):
        if "*" not in part and "?" not in part:
            segments.append(list(part))
            continue
        tokens: list[str] = []
        for token in _plain_tokens().findall(part):
            if token[0] == "*":
                tokens.append("**" if len(token) > 1 else "*")
                wildcards += 1
            elif token == "?":
                tokens.append("?")
                wildcards += 1
            else:
                tokens.extend(token)
        segments.append(tokens)
    if wildcards > MAX_WILDCARDS:
        raise PatternError(f"more than {MAX_WILDCARDS} wildcards in one pattern", 1, PatternProblem.TOO_MANY_WILDCARDS)
    return segments


# The characters re.escape escapes (the same set since Python 3.7): a warm run writes
# its globs' regexes, their keys, from the cached rules, and need not import re for it.
_REGEX_SPECIAL = {code: "\\" + chr(code) for code in b"()[]{}?*+-|^$\\.&~# \t\n\r\v\f"}


def regex_escape(text: str) -> str:
    """re.escape(text)."""
    return text.translate(_REGEX_SPECIAL)


def segment_regex(tokens: Sequence[str]) -> str:
    if not any(token in ("*", "**", "?") for token in tokens):
        return regex_escape("".join(token[-1] for token in tokens))
    parts: list[str] = []
    for token in tokens:
        if token in ("*", "**"):  # '**' inside a segment is an ordinary '*'
            if not parts or parts[-1] != "[^/]*":
                parts.append("[^/]*")
        elif token == "?":
            parts.append("[^/]")
        else:
            parts.append(regex_escape(token[-1]))
    return "".join(parts)


def entry_regex(segments: Sequence[Sequence[str]]) -> str:
    """The regex of '/'-joined segments: '**' spans zero or more whole directories."""
    body: list[str] = []
    for position, tokens in enumerate(segments):
        last = position == len(segments) - 1
        if list(tokens) == ["**"]:
            body.append(".*" if last else "(?:.*/)?")
            continue
        body.append(segment_regex(tokens) + ("" if last else "/"))
    return "".join(body)


def parse_pattern(text: str, escaped_hash: bool = False) -> Pattern:
    """Translate one CODEOWNERS pattern; PatternError for what GitHub does not support.

    escaped_hash: read a leading `\\#` as a literal '#', as GitLab does."""
    if not text:
        raise PatternError("empty pattern", 1, PatternProblem.EMPTY)
    if len(text) > MAX_PATTERN_LENGTH:
        raise PatternError(f"pattern longer than {MAX_PATTERN_LENGTH} characters", 1, PatternProblem.TOO_LONG)
    if text.startswith("!"):
        raise PatternError("negation '!' is not supported by CODEOWNERS", 1, PatternProblem.NEGATION)
    if text.startswith("\\#") and not escaped_hash:
        raise PatternError(
            "escaping a leading '#' is not supported by CODEOWNERS", 1, PatternProblem.ESCAPED_HASH
        )
    if text.startswith("#"):
        raise PatternError("a pattern starting with '#' is a comment in CODEOWNERS", 1, PatternProblem.COMMENT)
    if text == "/":
        # GitHub's own CODEOWNERS validation reports this line (pathspec would match
        # everything): "The pattern `/` will never match anything, did you mean `*` instead?"
        raise PatternError("the pattern '/' will never match anything", 1, PatternProblem.LONE_SLASH)
    segments = _unescape_segments(text)
    directory_only = len(segments) > 1 and segments[-1] == []
    if directory_only:
        segments.pop()
    anchored = len(segments) > 1  # a slash at the start or in the middle anchors
    if segments[0] == []:  # leading '/'
        segments.pop(0)
    if any(segment == [] for segment in segments):
        raise PatternError(
            "empty path segment ('//') in pattern", text.index("//") + 2, PatternProblem.EMPTY_SEGMENT
        )
    # GitHub: an anchored pattern whose last segment is exactly `*` matches files only,
    # never through a directory (`docs/*` does not reach docs/a/b.md). Any other
    # wildcard last segment (`/foo/b*`, `**/Pam*`, `/docs/*.md`) matches a directory
    # of a fitting name and so everything beneath it, as in gitignore: the evidence
    # is in tests/test_pattern_semantics.py (SINGLE_STAR, LAST_SEGMENT_WILDCARDS).
    children_only = anchored and not directory_only and segments[-1] == ["*"]

    return Pattern(text, anchored, directory_only, children_only, tuple(map(_segment, segments)))


def _segment(tokens: list[str]) -> Tokens:
    """A segment's one form in Pattern.segments: the str of its tokens when each is one
    character (a run of stars is always the one token '**', so a str never holds two
    '*' in a row and its characters are its tokens again), else the tuple of them."""
    joined = "".join(tokens)
    return joined if len(joined) == len(tokens) else tuple(tokens)


def _regex(segments: Sequence[Sequence[str]], anchored: bool, directory_only: bool, children_only: bool) -> str:
    entry = entry_regex(segments)
    prefix = "^" if anchored else "^(?:.*/)?"
    if directory_only:
        return f"{prefix}{entry}/.*$"
    if children_only or list(segments[-1]) == ["**"]:
        return f"{prefix}{entry}$"
    return f"{prefix}{entry}(?:/.*)?$"


def _glob(
    segments: Sequence[Sequence[str]], anchored: bool, directory_only: bool, children_only: bool
) -> tuple[Segment, ...]:
    """The regex translation, restated as whole-path segment globs for globmatch."""
    one_or_more: list[Segment] = [("*",), GLOBSTAR]
    glob: list[Segment] = [] if anchored else [GLOBSTAR]
    trailing_globstar = list(segments[-1]) == ["**"]
    for tokens in segments:
        glob.append(GLOBSTAR if list(tokens) == ["**"] else tuple(tokens))
    if glob[-1] == GLOBSTAR and trailing_globstar:  # a trailing '**' needs something beneath
        glob[-1:] = one_or_more
    if directory_only:
        glob += one_or_more
    elif not children_only and not trailing_globstar:
        glob.append(GLOBSTAR)  # the entry itself, or anything beneath it
    return tuple(glob)


@lru_cache(maxsize=1024)
def multiline_regex(regex: str) -> "re.Pattern[str]":
    """A whole-path regex turned to match one line of newline-joined paths, never across two.

    Without DOTALL '.' stops at a newline; '[^/]' has to be told to. re2 scans
    linearly (Python's re backtracks on each line's '(?:.*/)?'), several times faster."""
    import re

    text = "(?m)" + regex.replace("[^/]", "[^/\\n]")
    re2 = re2_module()
    if re2 is not None:
        try:
            compiled: "re.Pattern[str]" = re2.compile(text)
            return compiled
        except Exception:  # a regex re2 does not take: Python's re answers the same
            pass
    return re.compile(text)
