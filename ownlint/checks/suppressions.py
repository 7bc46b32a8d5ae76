"""Suppressions (`# ownlint: ignore[CODE]` on a rule) and OWN206, the check that they
still suppress something, kept together as ruff keeps noqa and RUF100."""
from __future__ import annotations

from itertools import compress
from operator import attrgetter

from ownlint.checks.catalog import load_catalog
from ownlint.findings import Finding, Fix
from ownlint.formats.codeowners import find_suppression
from ownlint.model.mapping import YAML, Mapping, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable, Iterator, Optional


class Suppressions:
    """Which rules' suppressions cover a finding, and which codes each one used."""

    def __init__(self, mapping: Optional[Mapping]) -> None:
        self.mapping = mapping
        # The rules with a suppression comment (most files have none), picked out in C.
        rules = mapping.rules if mapping is not None else []
        self._suppressing: list[Rule] = list(compress(rules, map(attrgetter("ignores"), rules)))
        self._covering = _covering(mapping, self._suppressing)
        self.used: dict[int, set[str]] = {}

    def can_suppress(self) -> bool:
        """Whether any finding can be suppressed at all."""
        return bool(self._covering)

    def suppresses(self, finding: Finding) -> bool:
        """True, and the suppression marked used, when a rule's comment covers the finding."""
        if finding.line is None:
            return False
        rules = [r for r in self._covering.get((finding.file, finding.line), ()) if finding.code in r.ignores]
        for rule in rules:
            self.used.setdefault(rule.index, set()).add(finding.code)
        return bool(rules)

    def unused(self, could_fire: Callable[[str], bool], code: str) -> Iterator[Finding]:
        """`code` findings for the codes a suppression names that found nothing to
        suppress although their check ran over every rule, and for unknown codes."""
        mapping = self.mapping
        if mapping is None:
            return
        known = load_catalog()
        # A CODEOWNERS rule's line is counted as GitHub counts it ("\n" only); a YAML
        # rule's as its reader did.
        lines = mapping.lines if mapping.kind != YAML else mapping.text.splitlines()
        for rule in self._suppressing:
            if code in rule.ignores or rule.ignore_line is None:
                continue
            unknown = sorted(c for c in rule.ignores if c not in known)
            unused = sorted(
                c for c in rule.ignores
                if c in known and c not in self.used.get(rule.index, ()) and could_fire(c)
            )
            if not unknown and not unused:
                continue
            parts = []
            if unused:
                parts.append(f"{', '.join(unused)} found nothing to suppress on this rule")
            if unknown:
                parts.append(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a check code")
            line_text = lines[rule.ignore_line - 1]
            found = find_suppression(line_text)
            fix = suppression_fix(rule, line_text, found, set(unused) | set(unknown)) if found is not None else None
            yield Finding(
                mapping.file, rule.ignore_line, rule.ignore_column, code,
                f"unused suppression: {'; '.join(parts)}", fix=fix,
            )


def suppression_fix(rule: Rule, line_text: str, found: tuple[int, int, int], drop: set[str]) -> Fix:
    """Remove the unused codes from the comment (found: find_suppression's answer for
    its line), or the whole comment when none is left."""
    assert rule.ignore_line is not None
    start, codes, end = found
    written = [code.strip() for code in line_text[codes:end - 1].split(",") if code.strip()]
    keep = [code for code in written if code.upper() not in drop]
    if keep:
        new = f"# ownlint: ignore[{','.join(keep)}]"
        return Fix(
            f"remove {', '.join(sorted(drop))} from the suppression", safe=True,
            edits=((rule.ignore_line, start + 1, line_text[start:end], new),),
        )
    while start > 0 and line_text[start - 1] in " \t":
        start -= 1
    return Fix(
        "remove the suppression comment", safe=True,
        edits=((rule.ignore_line, start + 1, line_text[start:end], ""),),
    )


def _covering(mapping: Optional[Mapping], suppressing: list[Rule]) -> dict[tuple[str, int], list[Rule]]:
    """(file, line) -> the rules whose `# ownlint: ignore[...]` covers findings there.

    A CODEOWNERS rule covers its own line (a GitLab section's default owners sit on
    the section's line, which other rules share); a YAML rule also covers the lines
    of its owners and of its comment."""
    if mapping is None:
        return {}
    table: dict[tuple[str, int], list[Rule]] = {}
    for rule in suppressing:
        lines = {rule.line}
        if mapping.kind == YAML:
            lines |= {owner.line for owner in rule.owners}
            if rule.ignore_line is not None:
                lines.add(rule.ignore_line)
        for line in lines:
            table.setdefault((mapping.file, line), []).append(rule)
    return table


def without_suppressed(findings: Iterable[Finding], suppressions: Suppressions) -> list[Finding]:
    return [finding for finding in findings if not suppressions.suppresses(finding)]
