"""Fixes as exact text edits at the positions ruamel.yaml and the CODEOWNERS parser report.

Only the owner values change: the rest of the file (comments, key order, quoting,
spacing, blank lines, CRLF line ends, a byte-order mark) keeps its bytes, because
the text is edited in place rather than re-dumped. A file with nothing to change
is never written, and a changed one is replaced atomically."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Collection, Iterable, Iterator, Optional, Sequence

from ownlint.errors import OwnlintError
from ownlint.findings import Finding
from ownlint.formats.mapping_lines import plain_reads_as_string
from ownlint.wording import plural

if TYPE_CHECKING:
    from ownlint.model.mapping import Mapping, Owner

# What no fix may write: a control character or a line break would splice a new line in.
_UNWRITABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BOM = b"\xef\xbb\xbf"
# A YAML plain scalar that needs no quotes in block or flow context.
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$")
# What may follow an unquoted old value: its end, never the rest of a longer word. The
# quotes, '|', ')' and ';' end a name a regex source found inside a line of text
# ('Data Engineering', (observability|o11y), a zone file's `; owner: x;`).
_ENDS_A_NAME = ("", " ", "\t", "\r", ",", "]", "#", "'", '"', "|", ")", ";", "}")


@dataclass(frozen=True)
class Edit:
    file: str
    line: int
    column: int
    old: str
    new: str


@dataclass
class FileFix:
    file: str  # relative to the root, as in findings
    path: Path
    before: bytes
    after: bytes

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class FixPlan:
    root: Path
    files: list[FileFix] = field(default_factory=list)
    applied: list[tuple[Edit, Finding]] = field(default_factory=list)
    # Findings whose fix is not applied: unsafe suggestions, or edits that did not fit the text.
    left: list[tuple[Finding, str]] = field(default_factory=list)

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.files if f.changed]

    def diff(self) -> str:
        """The unified diff of every change, with a/ and b/ paths relative to the root."""
        import difflib

        chunks: list[str] = []
        for fixed in self.changed:
            before = _decode(fixed.before).splitlines(keepends=True)
            after = _decode(fixed.after).splitlines(keepends=True)
            # Edits within lines, many of them: a linear diff, line by line, where difflib's
            # matcher would take quadratic time (its alignment of a few changes is kept).
            if len(before) == len(after) and sum(old != new for old, new in zip(before, after)) > LINEAR_DIFF_FROM:
                lines: Iterable[str] = _same_length_diff(before, after, f"a/{fixed.file}", f"b/{fixed.file}")
            else:
                lines = difflib.unified_diff(before, after, f"a/{fixed.file}", f"b/{fixed.file}")
            chunks.extend(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
        return "".join(chunks)

    def write(self) -> None:
        """Replace every changed file atomically; the others are not touched at all."""
        from ownlint.formats.atomic import write_atomic

        for fixed in self.changed:
            try:  # only over the bytes it edited, and through a link only to inside the root
                write_atomic(fixed.path, fixed.after, expected=fixed.before, root=self.root)
            except OSError as error:
                raise OwnlintError(f"cannot write the fix: {error.strerror or error}", fixed.file) from None

    def report(self) -> list[str]:
        """What was fixed and what was left for a person, for the text output."""
        lines: list[str] = []
        dropped = [(e, f) for e, f in self.applied if f.fix is not None and f.fix.mends == "baseline entry"]
        fixed = [(e, f) for e, f in self.applied if f.fix is None or f.fix.mends != "baseline entry"]
        if fixed:
            lines.append(f"Fixed {plural(len(fixed), 'owner')}:")
            lines.extend(f"  {f.location}: {f.fix.description if f.fix else e.new}" for e, f in fixed)
        if dropped:
            lines.append(f"Dropped {plural(len(dropped), 'stale baseline entry', 'stale baseline entries')}:")
            lines.extend(f"  {f.location}: {f.message.split(': ', 1)[-1]}" for e, f in dropped)
        if self.left:
            lines.append("Left for a person:")
            lines.extend(f"  {f.location}: {reason}" for f, reason in self.left)
        return lines


def _why_not(message: str) -> str:
    """Why a finding of a fixable kind has no fix, from its message: what it says after
    the owner (the owner 'x' was retired; it has no successor ...)."""
    reason = message.split("; ", 1)[1] if "; " in message else message
    if "work went to" in reason:
        reason += ": more than one successor and no scope that decides; a person must choose"
    return f"no automatic fix: {reason}"



LINEAR_DIFF_FROM = 200


def _same_length_diff(before: list[str], after: list[str], a: str, b: str, context: int = 3) -> Iterator[str]:
    """A unified diff of two texts whose lines differ only in place, in one pass: each
    run of changed lines is replaced where it stands (difflib may align repeated lines
    otherwise; both apply the same)."""
    changed = [number for number, (old, new) in enumerate(zip(before, after)) if old != new]
    if not changed:
        return
    yield f"--- {a}\n"
    yield f"+++ {b}\n"
    groups: list[list[int]] = [[changed[0]]]
    for number in changed[1:]:
        if number - groups[-1][-1] > 2 * context:
            groups.append([number])
        else:
            groups[-1].append(number)
    for group in groups:
        first, last = max(group[0] - context, 0), min(group[-1] + context + 1, len(before))
        span = f"{first + 1},{last - first}" if last - first != 1 else f"{first + 1}"
        yield f"@@ -{span} +{span} @@\n"
        number = first
        while number < last:
            if before[number] == after[number]:
                yield " " + before[number]
                number += 1
                continue
            end = number
            while end < last and before[end] != after[end]:
                end += 1
            yield from ("-" + line for line in before[number:end])
            yield from ("+" + line for line in after[number:end])
            number = end


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _quoted(value: str, quote: str) -> str:
    if quote == "'":
        return value.replace("'", "''")
    return value.replace("\\", "\\\\").replace('"', '\\"')


def owner_edit(mapping: "Mapping", owner: "Owner", new: str) -> tuple[int, int, str, str]:
    """The exact text edit that renames an owner where it is written, in its quoting style.

    ruamel reports a quoted scalar at its opening quote, so the edit spans the quotes;
    a value that cannot be a plain YAML scalar ('@org/team') gets double quotes."""
    lines = mapping.lines
    line = lines[owner.line - 1] if 0 < owner.line <= len(lines) else ""
    start = owner.column - 1
    if mapping.kind == "yaml" and line[start:start + 1] in ("'", '"'):
        quote = line[start]
        return owner.line, owner.column, quote + _quoted(owner.name, quote) + quote, quote + _quoted(new, quote) + quote
    if mapping.kind == "yaml" and not (_PLAIN.match(new) and plain_reads_as_string(new)):  # `yes`, `123`: quoted
        return owner.line, owner.column, owner.name, '"' + _quoted(new, '"') + '"'
    return owner.line, owner.column, owner.name, new


def _apply_one(line: str, edit: Edit) -> Optional[str]:
    """The line with the edit made, or None when the text there is not the old value."""
    start = edit.column - 1
    if start < 0 or not line[start:].startswith(edit.old):
        return None
    end = start + len(edit.old)
    if edit.old[:1] not in ("'", '"') and line[end:end + 1] not in _ENDS_A_NAME:
        return None  # the old value is only the start of a longer word
    return line[:start] + edit.new + line[end:]


def _edit_text(data: bytes, edits: Sequence[Edit]) -> tuple[bytes, list[Edit], list[Edit]]:
    bom = data.startswith(_BOM)
    text = _decode(data[len(_BOM):] if bom else data)
    lines = text.split("\n")  # the "\r" of a CRLF file stays on its line
    applied: list[Edit] = []
    failed: list[Edit] = []
    deleted: set[int] = set()
    # Right to left within a line, so earlier columns stay valid.
    for edit in sorted(edits, key=lambda e: (e.line, -e.column)):
        if not 1 <= edit.line <= len(lines) or edit.line - 1 in deleted:
            failed.append(edit)
            continue
        if edit.old.endswith("\n"):  # a whole line, removed (a stale baseline entry)
            if edit.column == 1 and lines[edit.line - 1].rstrip("\r") == edit.old[:-1].rstrip("\r"):
                deleted.add(edit.line - 1)
                applied.append(edit)
            else:
                failed.append(edit)
            continue
        changed = _apply_one(lines[edit.line - 1], edit)
        if changed is None:
            failed.append(edit)
        else:
            lines[edit.line - 1] = changed
            applied.append(edit)
    if deleted:
        lines = [line for number, line in enumerate(lines) if number not in deleted]
    result = "\n".join(lines).encode("utf-8", errors="surrogateescape")
    return (_BOM + result if bom else result), sorted(applied, key=lambda e: (e.line, e.column)), failed


def plan_fixes(
    root: Path, findings: Iterable[Finding], fixable: Collection[str] = (), read: Optional[dict[str, str]] = None
) -> FixPlan:
    """Work out every safe fix of the findings; nothing is written. A finding of a
    `fixable` code (a check that can fix) with no fix is listed as left, with why.
    read: the text each file had when the findings were made; a file that no longer
    has it stops the fix (its positions would land on other words)."""
    plan = FixPlan(root)
    wanted: dict[str, dict[tuple[int, int], tuple[Edit, Finding]]] = {}
    conflicts: set[tuple[str, int, int]] = set()
    for finding in findings:
        fix = finding.fix
        if fix is None:
            if finding.code in fixable:  # a check that fixes others like it: say why not this one
                plan.left.append((finding, _why_not(finding.message)))
            continue
        if not fix.safe or not fix.edits:
            plan.left.append((finding, fix.description))
            continue
        if any(_UNWRITABLE.search(new) for _, _, _, new in fix.edits):
            plan.left.append((finding, "the new value holds a control character or a line break"))
            continue
        for line, column, old, new in fix.edits:
            edit = Edit(finding.file, line, column, old, new)
            known = wanted.setdefault(finding.file, {}).get((line, column))
            if known is not None and known[0] != edit:
                conflicts.add((finding.file, line, column))
            wanted[finding.file][(line, column)] = (edit, finding)
    for file, by_position in wanted.items():
        path = root / file
        try:
            before = path.read_bytes()
        except OSError as error:
            raise OwnlintError(f"cannot read: {error.strerror or error}", file) from None
        if read is not None and file in read and _decode(before[len(_BOM):] if before.startswith(_BOM) else before) \
                != read[file]:
            raise OwnlintError("changed since ownlint read it: nothing written (run the command again)", file)
        edits = []
        for (line, column), (edit, finding) in sorted(by_position.items()):
            if (file, line, column) in conflicts:
                plan.left.append((finding, "two fixes disagree about this owner"))
            else:
                edits.append(edit)
        after, applied, failed = _edit_text(before, edits)
        for edit in failed:
            plan.left.append((by_position[(edit.line, edit.column)][1], f"the text here is not '{edit.old}'"))
        plan.files.append(FileFix(file, path, before, after))
        plan.applied.extend((edit, by_position[(edit.line, edit.column)][1]) for edit in applied)
    plan.left.sort(key=lambda item: item[0].sort_key())
    return plan
