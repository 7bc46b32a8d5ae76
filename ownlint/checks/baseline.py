"""The baseline: findings accepted when ownlint was adopted, so that a run reports only new ones.

A baseline file holds one finding a line, as a JSON object keyed by what survives
unrelated edits: the code, the file, the subject (the unowned path, the pattern of the
mapping rule the finding sits on, or else the text of its line) and the word the finding
points at (the owner). Line numbers are never part of the key, so adding a rule at the
top of the mapping, which moves every line, leaves every entry matching. An entry that
no longer occurs is OWN207, whose safe fix deletes its line: the baseline only shrinks.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ownlint.checks import STALE_ENTRY, baselinable
from ownlint.errors import OwnlintError
from ownlint.findings import Finding, Fix
from ownlint.values import Frozen, Sorted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable, Optional, Sequence

    from ownlint.model.mapping import Mapping
    from ownlint.sources.files import FileSource

HEADER = (
    "# ownlint baseline: findings accepted when ownlint was adopted; `ownlint check --baseline` reports only others.\n"
    "# One finding a line. Fix them, and `ownlint check --fix` drops the lines that no longer occur; add none by hand.\n"
)
_FIELDS = ("code", "file", "subject", "token")


@lru_cache(maxsize=None)  # (compiled when a finding is keyed, not on import)
def _token() -> re.Pattern[str]:
    """The word a finding's column points at: an owner, a key, a value."""
    return re.compile(r"""[^\s,\[\]{}'"#]+""")


# A Value (its comparisons and repr from its fields), not a @dataclass: see ownlint/values.py.
class Key(Sorted):
    """What identifies a finding across unrelated edits."""

    code: str
    file: str
    subject: str
    token: str

    def __init__(self, code: str, file: str, subject: str, token: str) -> None:
        self.__dict__.update(code=code, file=file, subject=subject, token=token)

    def entry_text(self) -> str:
        import json  # (a run without a baseline does not import it)

        return json.dumps(dict(zip(_FIELDS, (self.code, self.file, self.subject, self.token))), ensure_ascii=False)

    def describe(self) -> str:
        where = self.subject if self.subject == self.file else f"{self.file}: {self.subject}"
        return f"{self.code} {where}" + (f" ({self.token})" if self.token and self.token not in self.subject else "")


class Entry(Frozen):
    key: Key
    line: int
    text: str  # the line as written, for the fix that deletes it

    def __init__(self, key: Key, line: int, text: str) -> None:
        self.__dict__.update(key=key, line=line, text=text)


class Baseline(Frozen):
    file: str  # as shown to the user: relative to the root where possible
    entries: tuple[Entry, ...]

    def __init__(self, file: str, entries: tuple[Entry, ...]) -> None:
        self.__dict__.update(file=file, entries=entries)


class Outcome(Frozen):
    """Findings after the baseline: the new ones, how many it absorbed, and its stale entries."""

    findings: list[Finding]
    baselined: int
    stale: list[Finding]

    def __init__(self, findings: list[Finding], baselined: int, stale: list[Finding]) -> None:
        self.__dict__.update(findings=findings, baselined=baselined, stale=stale)


class Keys:
    """Computes a finding's key from the texts of the files it sits in."""

    def __init__(
        self, root: Path, mapping: Optional["Mapping"], read: Optional[Callable[[str], Optional[str]]] = None
    ) -> None:
        self.root = root
        self.mapping = mapping
        self.read = read  # how a file's text is read (default: from the working tree)
        self._lines: dict[str, list[str]] = {}
        self._rule_lines: list[tuple[int, str]] = []
        if mapping is not None:
            self._lines[mapping.file] = mapping.text.split("\n")
            self._rule_lines = sorted((rule.line, rule.text) for rule in mapping.rules)
        self._rule_starts = [start for start, _ in self._rule_lines]

    def _file_lines(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                if self.read is not None:
                    text = self.read(file) or ""
                else:
                    text = (self.root / file).read_text(encoding="utf-8", errors="replace")
            except (OSError, OwnlintError):
                text = ""
            self._lines[file] = text.split("\n")
        return self._lines[file]

    def _rule_pattern(self, line: int) -> Optional[str]:
        """The pattern of the mapping rule a line belongs to (a YAML rule spans lines)."""
        assert self.mapping is not None
        before = bisect_right(self._rule_starts, line)  # the rules that start on or above the line
        if before == 0:
            return None
        start, pattern = self._rule_lines[before - 1]
        return pattern if start == line or self.mapping.kind == "yaml" else None

    def of(self, finding: Finding) -> Key:
        if finding.line is None:
            return Key(finding.code, finding.file, finding.path or finding.file, "")
        lines = self._file_lines(finding.file)
        text = lines[finding.line - 1].rstrip("\r") if 0 < finding.line <= len(lines) else ""
        match = _token().match(text, (finding.column or 1) - 1) if finding.column else None
        token = match.group(0) if match else ""
        subject: Optional[str] = None
        if self.mapping is not None and finding.file == self.mapping.file:
            pattern = self._rule_pattern(finding.line)
            subject = f"rule {pattern}" if pattern is not None else None
        if finding.path is not None and subject is None:
            subject = finding.path
        return Key(finding.code, finding.file, subject if subject is not None else text.strip(), token)


# A baseline records one line per accepted finding: far more than any adoption needs is
# a hostile file.
MAX_BASELINE_BYTES = 64 * 1024 * 1024


def read_baseline(path: Path, file: str, source: Optional[FileSource] = None) -> Baseline:
    """The entries of a baseline file; OwnlintError (exit 2) naming file:line:column when
    malformed. source: the state to read `file` (root-relative) from, for a baseline the
    configuration names (the index for `check --cached`); None: `path` on disk."""
    missing = OwnlintError("no such file; write it with 'ownlint check --update-baseline'", file)
    if source is not None:
        text = source.read_text(file, MAX_BASELINE_BYTES)
        if text is None:
            raise missing
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise missing from None
        except (OSError, UnicodeDecodeError) as error:
            raise OwnlintError(f"cannot read the baseline: {error}", file) from None
    import json

    entries: list[Entry] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise OwnlintError(
                f"not a baseline entry: {error.msg} (expected one JSON object a line, as --update-baseline writes)",
                file, number, error.colno,
            ) from None
        if not isinstance(value, dict) or set(value) != set(_FIELDS) or not all(
            isinstance(value[name], str) for name in _FIELDS
        ):
            raise OwnlintError(
                f"not a baseline entry: expected an object with the strings {', '.join(_FIELDS)}", file, number, 1
            )
        entries.append(Entry(Key(*(value[name] for name in _FIELDS)), number, line))
    return Baseline(file, tuple(entries))


def baseline_text(keys: Iterable[Key]) -> str:
    return HEADER + "".join(key.entry_text() + "\n" for key in sorted(keys))


def apply_baseline(
    findings: Sequence[Finding], baseline: Baseline, keys: Keys, judged: Callable[[str], bool]
) -> Outcome:
    """Drop the findings the baseline records (as many of each key as it records);
    its entries left over are stale where `judged(code)` says the run could have found them."""
    recorded = Counter(entry.key for entry in baseline.entries)
    remaining = Counter(recorded)
    kept: list[Finding] = []
    baselined = 0
    for finding in findings:
        if baselinable(finding):
            key = keys.of(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                baselined += 1
                continue
        kept.append(finding)
    stale: list[Finding] = []
    # The last entries of a key are the ones left over.
    for entry in reversed(baseline.entries):
        if remaining[entry.key] > 0:
            remaining[entry.key] -= 1
            if judged(entry.key.code):
                stale.append(_stale_finding(baseline.file, entry))
    return Outcome(kept, baselined, sorted(stale, key=Finding.sort_key))


def _stale_finding(file: str, entry: Entry) -> Finding:
    return Finding(
        file, entry.line, 1, STALE_ENTRY,
        f"baseline entry no longer occurs: {entry.key.describe()}",
        fix=Fix(
            "drop the entry from the baseline", safe=True, edits=((entry.line, 1, entry.text + "\n", ""),),
            mends="baseline entry",
        ),
    )
