"""Mapping checks: the rules themselves (syntax, duplicates, dead and shadowed rules)."""
from __future__ import annotations

from itertools import compress
from operator import attrgetter, ne, not_

from ownlint.checks.context import Context
from ownlint.errors import PatternError, PatternProblem
from ownlint.findings import Fix, Problem
from ownlint.model.mapping import CODEOWNERS, GITLAB, Mapping, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator, Optional


def _construct(rule: Rule, mapping: Mapping, error: PatternError) -> str:
    """The unsupported construct, named precisely, and what to write instead."""
    text, column = rule.text, error.column
    if error.kind is PatternProblem.RANGE:
        end = text.find("]", column - 1)
        written = text[column - 1:end + 1] if end >= 0 else text[column - 1:]
        instead = "one rule per name" if end >= 0 else "'\\[' is no escape either: rename, or match with '?'"
        if mapping.flavor == GITLAB:  # GitLab's fnmatch reads ranges; GitHub's syntax, which ownlint checks, has none
            return (
                f"the character range '{written}' at column {column} is GitLab-only syntax: "
                f"ownlint follows GitHub's pattern syntax, which has no ranges ({instead})"
            )
        return f"the character range '{written}' at column {column} is not supported by CODEOWNERS ({instead})"
    if error.kind is PatternProblem.NEGATION:
        if mapping.kind == CODEOWNERS:
            return (
                "'!' negation is not supported by GitHub CODEOWNERS, which skips the line "
                "(GitLab reads '!' as an exclusion only in a GitLab CODEOWNERS); "
                "to unown paths, add a later rule with no owners"
            )
        return "'!' negation is not supported; to unown paths, add a later rule with no owners"
    if error.kind is PatternProblem.ESCAPED_HASH:
        return "escaping a leading '#' with '\\' is not supported by GitHub CODEOWNERS, which reads the line as a comment"
    if error.kind is PatternProblem.LONE_SLASH:
        return "GitHub reports this line as an error: the pattern `/` will never match anything (it does not mean the root)"
    return error.message


# GitHub's own words for a lone '/' (its CODEOWNERS error list on the file's page).
LONE_SLASH_FIX = Fix("did you mean `*` instead?", safe=False)


def shorten(text: str, limit: int = 80) -> str:
    """A pattern as quoted in a message: long ones cut, so one finding stays one line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def invalid_patterns(ctx: Context) -> Iterator[Problem]:
    mapping = ctx.mapping
    if mapping is None:
        return
    for section in mapping.foreign_sections:  # GitLab headers in a file GitHub reads
        header = f"{'^' if section.optional else ''}[{shorten(section.name)}]"
        yield Problem(
            mapping.file, section.line, 1,
            f"section header '{header}' is GitLab syntax, which GitHub skips in {mapping.file}: the rules after it "
            "are not a section but part of the file's one last-match order, and its default owners own nothing; "
            "the rule never applies",
        )
    for rule in mapping.rules:
        error = rule.pattern_error
        if error is not None:
            yield Problem(
                mapping.file, rule.line, rule.column + error.column - 1,
                f"pattern '{shorten(rule.text)}': {_construct(rule, mapping, error)}; the rule never applies",
                fix=LONE_SLASH_FIX if error.kind is PatternProblem.LONE_SLASH else None,
            )


def _where(rule: Rule, mapping: Mapping) -> str:
    section = f" in section [{rule.section.name}]" if rule.section is not None else ""
    return f"line {rule.line}{section}"


def _section_keys(mapping: Mapping) -> list[Optional[str]]:
    """Every rule's section key, in rule order (all None in a file without sections)."""
    rules = mapping.rules
    if list(map(attrgetter("section"), rules)).count(None) == len(rules):
        return [None] * len(rules)
    return [rule.section_key for rule in rules]


def _later_duplicates(mapping: Mapping) -> dict[int, Rule]:
    """Each rule with the same pattern later in its section -> the last such rule.

    Worked out in C (a thousand rules, of which a few repeat): each key's last index
    from one dict, and the rules whose key's last index is not their own; once for the
    last mapping asked about (OWN202 and OWN204 both ask)."""
    rules = mapping.rules
    if _LAST_DUPLICATES and _LAST_DUPLICATES[0][0] is mapping and _LAST_DUPLICATES[0][1] is rules:
        return dict(_LAST_DUPLICATES[0][2])
    found = _duplicates_of(mapping)
    _LAST_DUPLICATES[:] = [(mapping, rules, found)]
    return dict(found)


_LAST_DUPLICATES: list[tuple[Mapping, list[Rule], dict[int, Rule]]] = []


def _duplicates_of(mapping: Mapping) -> dict[int, Rule]:
    rules = mapping.rules
    texts = list(map(attrgetter("text"), rules))
    sections = _section_keys(mapping)
    keys: list[object] = texts if sections.count(None) == len(sections) else list(zip(sections, texts))
    last = dict(zip(keys, range(len(keys))))  # (a later rule's index replaces an earlier one's)
    latest = list(map(last.__getitem__, keys))
    return {index: rules[latest[index]] for index in compress(range(len(keys)), map(ne, latest, range(len(keys))))}


def duplicate_patterns(ctx: Context) -> Iterator[Problem]:
    mapping = ctx.mapping
    if mapping is None:
        return
    for index, later in sorted(_later_duplicates(mapping).items()):
        rule = mapping.rules[index]
        effect = (
            "the exclusion is given twice" if rule.exclusion
            else "this rule never applies, the last one wins"
        )
        yield Problem(
            mapping.file, rule.line, rule.column,
            f"pattern '{shorten(rule.text)}' is given again on {_where(later, mapping)}: {effect}",
            fix=Fix(f"delete this rule and keep line {later.line}, which is the one in effect", safe=False),
        )


def _gitlab_file_only(rule: Rule, files: frozenset[str], table_files: list[str]) -> Optional[str]:
    """GitLab matches a pattern with no trailing '/' as a file only, never as a
    directory (its docs and gitlab-org/gitlab MRs 67258, 69050): a literal pattern
    that reaches files only through a directory gives GitLab no file at all."""
    text = rule.text[1:] if rule.exclusion else rule.text
    if text.endswith("/") or any(c in text for c in "*?[\\"):
        return None
    if text.startswith("/"):
        found = text[1:] in files
    else:  # GitLab reads an unanchored pattern at any depth
        found = any(path == text or path.endswith("/" + text) for path in table_files)
    if found:
        return None
    return (
        f"in a GitLab CODEOWNERS, '{shorten(rule.text)}' (no trailing '/') matches only a file of that name, "
        f"and there is none: GitLab gives this rule no file; write '{shorten(rule.text)}/' for the directory"
    )


def patterns_matching_nothing(ctx: Context) -> Iterator[Problem]:
    mapping, table = ctx.mapping, ctx.table
    if mapping is None or table is None:
        return
    gitlab = mapping.flavor == GITLAB
    files = frozenset(table.files) if gitlab else frozenset()
    counts = table.match_counts()
    # Outside GitLab only the rules that match nothing speak: those are picked out in C
    # (GitLab also judges the literal patterns that do match, _gitlab_file_only).
    rows = range(len(counts)) if gitlab else compress(range(len(counts)), map(not_, counts))
    rules = mapping.rules
    for index in rows:
        rule, count = rules[index], counts[index]
        if rule.pattern is None or rule.skipped:  # OWN201 or OWN205 says why it never applies
            continue
        if count:
            message = _gitlab_file_only(rule, files, table.files) if gitlab else None
            if message:
                yield Problem(mapping.file, rule.line, rule.column, message)
            continue
        kind = "exclusion" if rule.exclusion else "pattern"
        message = f"{kind} '{shorten(rule.text)}' matches no file in the repository"
        yield Problem(mapping.file, rule.line, rule.column, message)


MAX_NAMED = 3


def shadowed_rules(ctx: Context) -> Iterator[Problem]:
    """Rules that match files but win none: every one of their files is claimed by
    another rule of the same section (a later one, or a GitLab exclusion)."""
    mapping, table = ctx.mapping, ctx.table
    if mapping is None or table is None:
        return
    counts, wins = table.match_counts(), table.wins_per_rule()
    # The rules that match files and win none (a few of a thousand), picked out in C.
    candidates = [index for index in compress(range(len(counts)), counts) if not wins[index]]
    if not candidates:
        return
    duplicated = _later_duplicates(mapping)  # OWN202 already says why those never apply
    sections = _section_keys(mapping)
    one_section = sections.count(None) == len(sections)
    for index in candidates:
        rule, matched = mapping.rules[index], counts[index]
        if rule.pattern is None or rule.skipped or index in duplicated:
            continue
        claimers: dict[int, int] = {}
        section = sections[index]
        for winners, times in table.winners_tally(index).items():
            for winner in winners:
                if one_section or sections[winner] == section:
                    claimers[winner] = claimers.get(winner, 0) + times
        named = sorted(claimers, key=lambda index: (-claimers[index], index))
        listed = ", ".join(f"'{shorten(mapping.rules[i].text)}' (line {mapping.rules[i].line})" for i in named[:MAX_NAMED])
        if len(named) > MAX_NAMED:
            listed += f" and {len(named) - MAX_NAMED} more"
        which = "later rules" if all(i > rule.index for i in named) else "other rules"
        files = f"{matched} file{'s' if matched != 1 else ''}"
        if rule.exclusion:  # GitLab applies every matching exclusion: this one is redundant
            message = f"exclusion '{shorten(rule.text)}' is redundant: every file it matches ({files}) is also excluded by {listed}"
        else:
            message = f"pattern '{shorten(rule.text)}' never applies: every file it matches ({files}) is claimed by {which}: {listed}"
        yield Problem(mapping.file, rule.line, rule.column, message)
