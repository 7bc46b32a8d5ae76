"""Human-readable findings: `file:line:col: CODE [severity] message`, then a summary."""
from __future__ import annotations

import os

from ownlint.checks import STALE_ENTRY, UNOWNED
from ownlint.findings import Finding, Severity
from ownlint.formats.printable import printable, safe_text
from ownlint.report import count
from ownlint.wording import plural

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional, Sequence

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
# Each level's label, made once (a label is worked out per call: asked per line, it showed).
_LABELS = {level: f"[{level.label}]" for level in Severity}


def use_colour(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def format_text(
    findings: Sequence[Finding],
    summary: dict[str, object],
    colour: bool = False,
    rollup: Optional[int] = None,
    limit: Optional[int] = None,
) -> str:
    """One line a finding, then the tally. With rollup=N, more than N unowned-path
    findings are shown as one line a directory; with limit=N, at most N lines of
    findings, then how many more there are (a hook's screenful)."""
    lines: list[str] = []
    unowned = [f for f in findings if f.code == UNOWNED and f.line is None]
    rolled = rollup is not None and len(unowned) > rollup
    stale = [f for f in findings if f.code == STALE_ENTRY]
    stale_rolled = rollup is not None and len(stale) > rollup
    for finding in findings:
        if rolled and finding.code == UNOWNED and finding.line is None:
            continue
        if stale_rolled and finding.code == STALE_ENTRY:
            continue
        lines.append(_line(finding.location, finding, finding.message, colour))
    if stale_rolled:
        for file in sorted({f.file for f in stale}):
            entries = [f for f in stale if f.file == file]
            first = entries[0]
            unfixed = Finding(first.file, first.line, first.column, first.code, first.message, first.severity, first.path)
            lines.append(_line(
                file, unfixed, f"{len(entries):,} baseline entries no longer occur: --fix drops them, "
                "--no-rollup lists each", colour,
            ))
    if rolled:
        assert rollup is not None
        for directory, paths in roll_up([f.path or f.file for f in unowned], rollup):
            if len(paths) == 1:
                finding = next(f for f in unowned if (f.path or f.file) == paths[0])
                lines.append(_line(finding.location, finding, finding.message, colour))
            else:
                where = f"{directory} ({len(paths):,} files)"
                lines.append(_line(where, unowned[0], "no rule gives these files an owner", colour))
        lines.append(
            f"({len(unowned):,} unowned files rolled up by directory: --no-rollup or --format json lists each)"
        )
    if limit is not None and len(lines) > limit:
        hidden = len(lines) - limit
        lines = lines[:max(limit, 0)] + [f"... and {plural(hidden, 'more line')} of findings"]
    totals = count(findings)
    tally = ", ".join(
        [plural(totals["errors"], "error"), plural(totals["warnings"], "warning"), plural(totals["infos"], "info")]
    )
    files = summary.get("files")
    if isinstance(files, int):
        excluded = summary.get("excluded")
        tally += (
            f" in {plural(files, 'file')} ({summary.get('owned', 0):,} owned, {summary.get('unowned', 0):,} unowned"
            + (f", {excluded:,} excluded)" if isinstance(excluded, int) and excluded else ")")
        )
    baselined = summary.get("baselined")
    if isinstance(baselined, int) and baselined:
        tally += f"; {baselined:,} more in the baseline"
    before = summary.get("before")
    if isinstance(before, int) and before:
        tally += f"; {before:,} that HEAD already had, not this commit's"
    lines.append(("Found " if findings else "All good: ") + tally)
    return safe_text("\n".join(lines) + "\n")


def _line(where: str, finding: Finding, message: str, colour: bool) -> str:
    level = finding.level
    label = _LABELS[level]
    if colour:
        label = f"{_COLOURS[level]}{label}{_RESET}"
        code = f"{_BOLD}{finding.code}{_RESET}"
    else:
        code = finding.code
    # A repository's names and values are in paths and messages: escaped, they stay on their line.
    line = f"{printable(where)}: {code} {label} {printable(message)}"
    if finding.fix is not None:
        line += f" [fix: {printable(finding.fix.description)}{'' if finding.fix.safe else ', unsafe'}]"
    return line


def roll_up(paths: Sequence[str], limit: int) -> list[tuple[str, list[str]]]:
    """Paths grouped by directory, in at most about `limit` groups, sorted: the largest
    group is split into its subdirectories while the result still fits. A group is
    named as a pattern: `dir/` (everything beneath), `dir/*` (the files directly in
    it); a group of one path is named by that path."""
    groups: list[tuple[str, list[str]]] = [("/", sorted(paths))]
    changed = True
    while changed:
        changed = False
        for index in sorted(range(len(groups)), key=lambda i: (-len(groups[i][1]), groups[i][0])):
            name, members = groups[index]
            if len(members) < 2:
                break  # the rest are single paths too
            if not name.endswith("/"):
                continue  # the files directly in a directory: nothing to split
            parts = _split(name, members, limit - len(groups) + 1)
            if len(parts) == 1 or len(groups) - 1 + len(parts) <= limit:
                groups[index:index + 1] = parts
                changed = True
                break
    return sorted(groups)


def _split(name: str, members: list[str], room: int) -> list[tuple[str, list[str]]]:
    """A `dir/` group's members by their next path segment: one group per
    subdirectory, and the files directly in it each on their own, or together as
    `dir/*` when they would not fit in `room`."""
    prefix = name.lstrip("/")
    subdirectories: dict[str, list[str]] = {}
    direct: list[str] = []
    for path in members:
        head, slash, _tail = path[len(prefix):].partition("/")
        if slash:
            subdirectories.setdefault(f"{prefix}{head}/", []).append(path)
        else:
            direct.append(path)
    parts = list(subdirectories.items())
    if len(parts) + len(direct) <= room or len(direct) < 2:
        parts += [(path, [path]) for path in direct]
    else:
        parts.append((f"{prefix or '/'}*", direct))
    return parts
