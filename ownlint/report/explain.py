"""explain's answers as text and as JSON (DESIGN 5.1); teams and ls reuse its pieces."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence

from ownlint.formats.printable import json_text, printable
from ownlint.wording import plural

if TYPE_CHECKING:
    from ownlint.findings import Finding
    from ownlint.model.mapping import Mapping, Rule
    from ownlint.model.registry import Registry, Team
    from ownlint.queries.explain import DeclaredOwners, Explanation, Group

# A person reads this many unowned files or findings; JSON has them all.
TEXT_LIMIT = 10
RULES_SHOWN = 3


# --- JSON (DESIGN 5.1) --------------------------------------------------------


def team_json(team: "Team", registry: Optional["Registry"]) -> dict[str, Any]:
    successors = registry.live_successors(team) if registry is not None else []
    history = registry.history(team) if registry is not None and not team.is_current else []
    return {
        "id": team.id,
        "name": team.name,
        "status": team.status,
        "lead": registry.lead_as_written(team) if registry is not None else (list(team.lead) or None),
        "members": list(team.members),
        "contact": dict(team.contact),
        "scope": list(team.scope),
        "successors": [t.id for t in successors],
        "until": team.until.isoformat() if team.until else None,
        "history": [t.id for t in history] if len(history) > 1 else [],
    }


def rule_json(rule: "Rule", file: str, owners: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"pattern": rule.text, "file": file, "line": rule.line}
    if owners:
        data["owners"] = [owner.name for owner in rule.owners]
    return data


def finding_json(finding: "Finding") -> dict[str, Any]:
    """A finding exactly as `check --format json` gives it."""
    from ownlint.report.json import finding_to_dict

    return finding_to_dict(finding)


def declared_json(declared: "DeclaredOwners") -> dict[str, Any]:
    """One declaration that speaks for a path (docs/declarations.md)."""
    from ownlint.report.listing import declared_record

    declaration = declared.declaration
    return {
        **declared_record(declaration),
        "covers": declaration.source.covers,
        "teams": list(declared.teams),
        "agrees": declared.agrees,
    }


def as_json(result: "Explanation", file: str, registry: Optional["Registry"], declares: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": result.path or ".",
        "kind": result.kind,
        "owners": list(result.owners),
        "teams": [team_json(team, registry) for team in result.teams],
        "rule": rule_json(result.rule, file) if result.rule is not None else None,
        "overridden": [rule_json(r, file, owners=True) for r in result.overridden],
        "domains": list(result.domains),
        "findings": [finding_json(f) for f in result.findings],
    }
    if declares:
        data["declared"] = [declared_json(d) for d in result.declared]
    if result.kind == "directory":
        data["files"] = result.files
        data["excluded"] = result.excluded_files
        data["breakdown"] = [
            {"owners": list(g.owners), "files": g.files, "rules": [rule_json(r, file) for r in g.rules],
             "reason": g.reason}
            for g in result.breakdown
        ]
        data["unowned"] = list(result.unowned)
    return data


# --- text ---------------------------------------------------------------------


def _where(rule: "Rule", file: str) -> str:
    return f"{file}:{rule.line}"


def _owners_text(owners: Sequence[str], registry: Optional["Registry"] = None) -> str:
    return ", ".join(owner_label(o, registry) for o in owners) if owners else "(no owners)"


def owner_label(owner: str, registry: Optional["Registry"]) -> str:
    """An owner as written, flagged when it is not a current team."""
    if registry is None:
        return owner
    team = registry.resolve(owner)
    if team is not None:
        return owner if team.is_current else f"{owner} [{team.status}]"
    return owner if registry.is_person(owner) else f"{owner} [unknown]"


def _all_current(owners: Sequence[str], registry: Optional["Registry"]) -> bool:
    return all(owner_label(owner, registry) == owner for owner in owners)


def _reach(team: "Team") -> str:
    """Whom to call: the lead and the contact channels, on one line."""
    parts = [f"lead {', '.join(team.lead)}"] if team.lead else []
    parts += [f"{kind} {value}" for kind, value in team.contact.items()]
    return "; ".join(parts)


def _field(label: str, value: str) -> str:
    # A repository's names and paths are in the value: escaped, they stay on their line.
    return f"  {label + ':':<11} {printable(value)}"


def verdict(result: "Explanation", rules: Sequence["Rule"], registry: Optional["Registry"]) -> str:
    """One line on whether the path is owned, and why not when it is not."""
    if result.owners:
        return _owners_text(result.owners, registry)
    if result.excluded:
        return "none — excluded by the configuration: needs no owner"
    if not rules:
        return "none — UNOWNED: no rule matches this path"
    return "none — UNOWNED: the winning rule gives no owners (explicitly unowned)"


def team_text(team: "Team", registry: Optional["Registry"]) -> list[str]:
    state = team.status
    if team.until is not None:
        state += f" {'until' if team.is_current else 'on'} {team.until.isoformat()}"
    lines = [f"  team {team.id}: {team.name} ({state})"]
    if team.lead:
        lines.append(f"    lead:      {', '.join(team.lead)}")
    if team.members:
        lines.append(f"    members:   {', '.join(team.members)}")
    if team.contact:
        lines.append(f"    contact:   {', '.join(f'{k} {v}' for k, v in team.contact.items())}")
    if team.scope:
        lines.append(f"    scope:     {', '.join(team.scope)}")
    if registry is not None and not team.is_current:
        history = registry.history(team)
        if len(history) > 1:
            lines.append(f"    history:   {' -> '.join(t.id for t in history)}")
        live = registry.live_successors(team)
        if not live:
            lines.append("    successor: none — name a current team in the mapping")
        for successor in live:
            reach = _reach(successor)
            lines.append(f"    now:       {successor.id}: {successor.name}" + (f" ({reach})" if reach else ""))
    return lines


def team_line(team: "Team", registry: Optional["Registry"]) -> str:
    """A team in one line, for a directory's many owners."""
    state = team.status + (f" on {team.until.isoformat()}" if team.until and not team.is_current else "")
    line = f"  team {team.id}: {team.name} ({state})"
    if registry is not None and not team.is_current:
        live = registry.live_successors(team)
        return line + " -> " + (", ".join(t.id for t in live) if live else "no successor")
    reach = _reach(team)
    return line + (f"; {reach}" if reach else "")


def _unresolved(result: "Explanation", registry: Optional["Registry"]) -> list[str]:
    """Owners that name no team: people, or names the registry does not know."""
    if registry is None:
        return []
    known = {name for team in result.teams for name in team.names()}
    lines: list[str] = []
    for owner in result.owners:
        if owner in known or registry.resolve(owner) is not None:
            continue
        what = "a person, not a team" if registry.is_person(owner) else f"not a team in {registry.file}"
        lines.append(f"  owner {owner}: {what}")
    return lines


def group_text(group: "Group", file: str, widths: tuple[int, int], registry: Optional["Registry"]) -> str:
    count = f"{group.files:,}".rjust(widths[0])
    who = _group_owners(group, registry).ljust(widths[1])
    shown = [f"{rule.text} ({_where(rule, file)})" for rule in group.rules[:RULES_SHOWN]]
    if len(group.rules) > RULES_SHOWN:
        shown.append(f"+{len(group.rules) - RULES_SHOWN} more")
    return (f"    {count}  {who}" + (f"  <- {'; '.join(shown)}" if shown else "")).rstrip()


# How text output shows a file without owners (explain's breakdown, ls).
GROUP_REASONS = {
    "no-rule": "(unowned: no rule matches)",
    "no-owners": "(unowned: rule gives no owners)",
    "excluded": "(excluded: needs no owner)",
}


def _group_owners(group: "Group", registry: Optional["Registry"]) -> str:
    if group.reason is not None:
        return GROUP_REASONS[group.reason]
    return _owners_text(group.owners, registry)


def findings_text(findings: Sequence["Finding"]) -> list[str]:
    if not findings:
        return [_field("findings", "none")]
    lines = [_field("findings", plural(len(findings), "finding"))]
    for finding in findings[:TEXT_LIMIT]:
        lines.append(printable(f"    {finding.location}: {finding.code} [{finding.level.label}] {finding.message}"))
        if finding.fix is not None:  # the safe fix, or the successor suggestion left for a person
            lines.append(printable(f"      fix: {finding.fix.description}{'' if finding.fix.safe else ' (for a person)'}"))
    if len(findings) > TEXT_LIMIT:
        lines.append(f"    … and {len(findings) - TEXT_LIMIT:,} more (--format json lists them all)")
    return lines


def format_json(results: Sequence["Explanation"], mapping: "Mapping", registry: Optional["Registry"],
                declares: bool) -> str:
    """explain's JSON document (DESIGN 5.1)."""
    from ownlint.report import flavor_to_dict

    payload = {
        "version": 1,
        "flavor": flavor_to_dict(mapping),
        "results": [as_json(result, mapping.file, registry, declares) for result in results],
    }
    return json_text(payload) + "\n"


def format_text(results: Sequence["Explanation"], mapping: "Mapping", registry: Optional["Registry"]) -> str:
    return flavor_text(mapping) + "\n".join(as_text(result, mapping.file, registry) for result in results)


def flavor_text(mapping: "Mapping") -> str:
    """A detected flavor is said before the explanations: the user may have to set it.
    (A flavor decided by the file's place or by the configuration goes without saying.)"""
    from ownlint.model.mapping import DETECTED

    why = mapping.why_flavor
    if why is None or why.source != DETECTED:
        return ""
    forge = "GitLab" if why.name == "gitlab" else "GitHub"
    return f"{mapping.file} is read as {forge}'s CODEOWNERS: {why.reason}\n\n"


def as_text(result: "Explanation", file: str, registry: Optional["Registry"]) -> str:
    title = printable(result.path) or "."
    if result.kind == "directory":
        excluded = f", {result.excluded_files:,} excluded" if result.excluded_files else ""
        lines = [f"{title if title == '.' else title + '/'} (directory, {plural(result.files, 'file')}{excluded})"]
        lines += directory_text(result, file, registry)
    else:
        lines = [f"{title} ({result.kind if result.kind == 'file' else 'does not exist yet'})"]
        lines.append(_field("owners", verdict(result, result.rules, registry)))
        for rule in result.rules:
            lines.append(_field("rule", f"{rule.text}  ({_where(rule, file)})"))
        for rule in result.overridden:
            owners = _owners_text([o.name for o in rule.owners])
            lines.append(_field("overrides", f"{rule.text}  ({_where(rule, file)}, owners: {owners})"))
    lines.append(_field("domains", ", ".join(result.domains) if result.domains else "none"))
    if result.kind != "directory":
        for team in result.teams:
            lines += team_text(team, registry)
    else:
        lines += [team_line(team, registry) for team in result.teams[:TEXT_LIMIT]]
        if len(result.teams) > TEXT_LIMIT:
            lines.append(f"  … and {plural(len(result.teams) - TEXT_LIMIT, 'other team')} (--format json lists them all)")
    lines += _unresolved(result, registry)
    lines += declared_text(result.declared)
    lines += findings_text(result.findings)
    return "\n".join(lines) + "\n"


def declared_text(declared: Sequence["DeclaredOwners"]) -> list[str]:
    """The owners files record about the path, one declaration a line."""
    lines: list[str] = []
    for item in declared[:TEXT_LIMIT]:
        declaration = item.declaration
        first = declaration.values[0]
        values = ", ".join(f"'{value.text}'" for value in declaration.values)
        teams = f" -> {', '.join(item.teams)}" if item.teams else " (names no team)"
        verdict = {True: "agrees with the mapping", False: "DISAGREES with the mapping", None: ""}[item.agrees]
        where = f"{declaration.file}:{first.line}:{first.column}"
        lines.append(_field("declared", f"{values}{teams}  ({declaration.source.name}, {where})"
                            + (f"; {verdict}" if verdict else "")))
    if len(declared) > TEXT_LIMIT:
        lines.append(f"  … and {plural(len(declared) - TEXT_LIMIT, 'other declaration')} (--format json lists them all)")
    return lines


def directory_text(result: "Explanation", file: str, registry: Optional["Registry"]) -> list[str]:
    lines: list[str] = []
    if not result.files:
        lines.append(_field("owners", "no files beneath it"))
        return lines
    widths = (
        max(len(f"{g.files:,}") for g in result.breakdown),
        max(len(_group_owners(g, registry)) for g in result.breakdown),
    )
    lines.append(_field("owners", "files by owners, and the rules that gave them"))
    # The largest sets of owners, and every set that needs attention (a team that is
    # not current, no owner at all) however small.
    shown = [
        group for number, group in enumerate(result.breakdown)
        if number < TEXT_LIMIT or group.reason is not None or not _all_current(group.owners, registry)
    ]
    lines += [group_text(group, file, widths, registry) for group in shown]
    rest = [group for group in result.breakdown if group not in shown]
    if rest:
        files = sum(group.files for group in rest)
        lines.append(f"    … and {plural(len(rest), 'other set')} of owners with {plural(files, 'file')}"
                     " (--format json lists them all)")
    if result.unowned:
        listed = ", ".join(result.unowned[:TEXT_LIMIT])
        more = len(result.unowned) - TEXT_LIMIT
        suffix = f" … and {more:,} more (--format json lists them all)" if more > 0 else ""
        lines.append(_field("unowned", f"{plural(len(result.unowned), 'file')}: {listed}{suffix}"))
    return lines
