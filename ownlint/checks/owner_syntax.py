"""Owner syntax (OWN205): what a CODEOWNERS file, and a registry handle, may name."""
from __future__ import annotations

from itertools import chain, compress, filterfalse
from operator import attrgetter

from ownlint.checks.context import Context
from ownlint.findings import Problem
from ownlint.formats.owner_syntax import owner_problem
from ownlint.model.mapping import CODEOWNERS, GITHUB, GITLAB, Mapping, Owner, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable, Iterator, Optional

MAX_NAMED = 3


def owner_syntax_problem(owner: str, flavor: str, handle: bool = False) -> Optional[str]:
    """Why an owner is not well formed in a file of this flavor; None when it is."""
    return owner_problem(owner, gitlab=flavor == GITLAB, handle=handle)


def _owner_names(mapping: Mapping) -> set[str]:
    """The names of every owner written in the file that can be wrong (a few hundred
    where owners are written thousands of times).

    In a GitHub file, a line with an owner GitHub cannot read is skipped whole, and the
    mapping's reader marks it so (Rule.skipped, judged by this very grammar wherever a
    mapping is read or edited): the owners of every other line are well formed, and are
    not looked at again (DataDog: 3,179 owners, no line skipped, 1 to 4 ms of a run)."""
    rules: Iterable[Rule] = mapping.rules
    if mapping.flavor == GITHUB and not mapping.sections:
        rules = compress(mapping.rules, map(attrgetter("skipped"), mapping.rules))
    owners = chain.from_iterable(map(attrgetter("owners"), filterfalse(attrgetter("exclusion"), rules)))
    names = set(map(attrgetter("name"), owners))  # (in C: 3,179 owners in DataDog's file)
    names.update(t.text for section in mapping.sections for t in section.default_owners)
    return names


def _codeowners_owners(mapping: Mapping, named: set[str]) -> Iterator[tuple[Owner, Optional[Rule]]]:
    """Every owner of these names written in the file, once, with the rule whose line holds it."""
    seen: set[tuple[int, int]] = set()
    written: list[tuple[Owner, Optional[Rule]]] = [
        (o, rule) for rule in mapping.rules if not rule.exclusion for o in rule.owners if o.name in named
    ]
    # Defaults of a section with no rules still are owners GitLab reads.
    for section in mapping.sections:
        written.extend((Owner(t.text, section.line, t.column), None) for t in section.default_owners if t.text in named)
    for owner, rule in written:
        if (owner.line, owner.column) not in seen:
            seen.add((owner.line, owner.column))
            yield owner, (rule if rule is not None and rule.line == owner.line else None)


def _wrong_owners(ctx: Context, mapping: Mapping) -> Iterator[Problem]:
    """The owners of a CODEOWNERS file that break the grammar, in file order."""
    told: set[int] = set()  # skipped lines whose consequence is said (once a line)
    flavor = mapping.flavor
    # Each name is judged once, and only the owners with a problem are looked for and
    # put in order (DataDog writes 3,179 owners, 370 names, none wrong: none is looked for).
    problems = {name: problem for name in _owner_names(mapping) if (problem := owner_syntax_problem(name, flavor))}
    if not problems:
        return
    wrong = [(owner, rule, problems[owner.name]) for owner, rule in _codeowners_owners(mapping, set(problems))]
    for owner, rule, problem in sorted(wrong, key=lambda item: (item[0].line, item[0].column)):
        message = f"owner '{owner.name}': {problem}"
        if rule is not None and rule.skipped and rule.index not in told:
            told.add(rule.index)
            message += f"; {_instead(ctx, rule)}"
        yield Problem(mapping.file, owner.line, owner.column, message)


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _instead(ctx: Context, rule: Rule) -> str:
    """What GitHub makes of a line it skips: who owns the files the rule would match."""
    table, mapping = ctx.table, ctx.mapping
    if table is None or mapping is None or rule.pattern is None:
        return "GitHub skips the whole line"
    tally = table.winners_tally(rule.index)
    files = sum(tally.values())
    if not files:
        return "GitHub skips the whole line (it matches no file)"
    # the largest shares first; of equal ones, rules in file order, then the unowned
    shares = sorted(tally.items(), key=lambda item: (-item[1], not item[0], item[0]))
    if len(shares) == 1:
        winners = shares[0][0]
        if not winners:
            return f"GitHub skips the whole line, so its {_files(files)} have no owner"
        deciding = mapping.rules[winners[-1]]
        return f"GitHub skips the whole line, so line {deciding.line} '{deciding.text}' owns its {_files(files)} instead"
    parts: list[str] = []
    for winners, times in shares[:MAX_NAMED]:
        if winners:
            deciding = mapping.rules[winners[-1]]
            parts.append(f"line {deciding.line} '{deciding.text}' ({_files(times)})")
        else:
            parts.append(f"no rule ({_files(times)}, unowned)")
    if len(shares) > MAX_NAMED:
        parts.append(f"{len(shares) - MAX_NAMED} more")
    return f"GitHub skips the whole line, so its {_files(files)} go to {', '.join(parts)} instead"


def invalid_owner_syntax(ctx: Context) -> Iterator[Problem]:
    mapping = ctx.mapping
    if mapping is not None and mapping.kind == CODEOWNERS:
        yield from _wrong_owners(ctx, mapping)
    registry = ctx.registry
    if registry is None:
        return
    for team in registry.teams.values():
        for number, name in enumerate(team.handles):
            problem = owner_syntax_problem(name, GITLAB, handle=True)
            if problem:
                line, column = registry.position(team.id, "handles", number)
                yield Problem(
                    registry.file, line, column, f"handle '{name}' of team '{team.id}': {problem}"
                )
