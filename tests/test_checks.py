"""Each check of the catalog: one table of cases that must fire and must not, through the real CLI."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Mapping, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

TEAMS = """\
version: 1
teams:
  sre:
    name: Site Reliability Engineering
    lead: mark
    handles: ["@wikimedia/sre"]
  traffic:
    name: Traffic
    lead: brandon
    members: [brandon, valentin]
    handles: ["@wikimedia/sre-traffic"]
"""

FILES = {
    "dns/templates/wikipedia.org": "",
    "dns/utils/gen.py": "",
    "src/apps/main.py": "",
    "a/b/logs/today.log": "",
    "docs/index.md": "",
    "docs/guide/start.md": "",
    "README.md": "",
}


def _run(make_repo, ownlint, files: Mapping[str, str], code: str, *args: str) -> list[tuple[Optional[int], Optional[int], str]]:
    root = make_repo({**FILES, **files}, commit=False)
    result = ownlint(root, "check", "--format", "json", "--select", code, "--today", "2026-01-01", *args)
    assert result.code in (0, 1), result.err
    findings = json.loads(result.out)["findings"]
    assert all(f["code"] == code for f in findings)
    return [(f["line"], f["column"], f["message"]) for f in findings]


@pytest.fixture
def run(make_repo, ownlint) -> Callable[..., list[tuple[Optional[int], Optional[int], str]]]:
    def go(files: Mapping[str, str], code: str, *args: str) -> list[tuple[Optional[int], Optional[int], str]]:
        return _run(make_repo, ownlint, files, code, *args)

    return go


def gh(text: str) -> dict[str, str]:
    return {".github/CODEOWNERS": text}


def gl(text: str) -> dict[str, str]:
    return {".gitlab/CODEOWNERS": text}


def with_registry(files: Mapping[str, str], teams: str = TEAMS, policy: str = "") -> dict[str, str]:
    ownership = next(name for name in files if name.endswith("CODEOWNERS") or name == "ownership.yaml")
    config = f"teams: teams.yaml\nownership: {ownership}\n{policy}"
    return {**files, "teams.yaml": teams, ".ownlint.yaml": config}


def located(findings: list[tuple[Optional[int], Optional[int], str]]) -> list[tuple[Optional[int], Optional[int]]]:
    return [(line, column) for line, column, _ in findings]


# --- OWN201 invalid-pattern --------------------------------------------------
OWN201 = [
    # (files, expected [(line, column, fragment)])
    (gh("* @a\n!/docs/ @b\n"), [(2, 1, "'!' negation is not supported by GitHub CODEOWNERS")]),
    (gh("/dns/templates/[a-m]* @a\n"), [(1, 16, "the character range '[a-m]' at column 16")]),
    (gh("/dns/x[ab @a\n"), [(1, 7, "the character range '[ab'")]),
    (gh("\\#notes @a\n"), [(1, 1, "escaping a leading '#'")]),
    (gh("/docs//x @a\n"), [(1, 7, "empty path segment")]),
    ({"ownership.yaml": "version: 1\nrules:\n  - path: '!/docs/'\n    owners: []\n",
      ".ownlint.yaml": "ownership: ownership.yaml\n"}, [(3, 11, "'!' negation is not supported; to unown paths")]),
    # valid syntax that must not fire
    (gh("*.md @a # a comment [with] brackets\n"), []),
    (gh("/docs/\n"), []),
    (gh("**/logs @a\napps/ @a\ndocs/* @a\n"), []),
    (gh("path\\ with\\ spaces/ @a\n"), []),
    (gl("* @a\n!/docs/\n"), []),  # a GitLab exclusion
    (gl("\\#notes @a\n"), []),  # GitLab reads '\#' as a literal '#'
    (gl("/dns/[ab]* @a\n"), [(1, 6, "the character range '[ab]' at column 6 is GitLab-only syntax")]),
    # a lone '/': GitHub itself reports the line (issue 12)
    (gh("/ @a\n"), [(1, 1, "GitHub reports this line as an error: the pattern `/` will never match anything")]),
    ({"ownership.yaml": "version: 1\nrules:\n  - path: /\n    owners: [sre]\n",
      ".ownlint.yaml": "ownership: ownership.yaml\n"}, [(3, 11, "the pattern `/` will never match anything")]),
    # only GitHub reads .github/CODEOWNERS: GitLab constructs there are errors on their line
    (gh("[Docs] @a\n!/docs/\n"), [(1, 1, "section header '[Docs]' is GitLab syntax, which GitHub skips"),
                                   (2, 1, "'!' negation is not supported by GitHub CODEOWNERS")]),
    (gh("* @a\n^[Docs][2]\n/docs/\n"), [(2, 1, "section header '^[Docs]' is GitLab syntax")]),
    # CODEOWNERS and docs/CODEOWNERS are read by both: sections make the file GitLab's...
    ({"CODEOWNERS": "[Docs] @a\n!/docs/\n"}, []),
    # ...unless the configuration says which forge reads it
    ({"CODEOWNERS": "[Docs] @a\n!/docs/\n", ".ownlint.yaml": "flavor: github\n"},
     [(1, 1, "section header '[Docs]' is GitLab syntax"), (2, 1, "'!' negation")]),
    ({"docs/CODEOWNERS": "* @a\n!/docs/\n", ".ownlint.yaml": "flavor: gitlab\n"}, []),
]


@pytest.mark.parametrize("files, expected", OWN201)
def test_invalid_pattern(run, files, expected):
    found = run(files, "OWN201")
    assert located(found) == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message and message.endswith("the rule never applies")


# --- OWN202 duplicate-pattern -------------------------------------------------
OWN202 = [
    (gh("/dns/ @a\n/docs/ @b\n/dns/ @c\n"), [(1, 1, "pattern '/dns/' is given again on line 3: this rule never applies")]),
    (gh("/dns/ @a\n/dns/ @b\n/dns/ @c\n"), [(1, 1, "again on line 3"), (2, 1, "again on line 3")]),
    (gl("[One]\n/dns/ @a\n[one]\n/dns/ @b\n"), [(2, 1, "again on line 4 in section [one]")]),
    (gl("* @a\n!/docs/\n!/docs/\n"), [(2, 1, "the exclusion is given twice")]),
    (gh("/dns/ @a\n/dns/* @b\n"), []),
    (gh("/dns/ @a\n/DNS/ @b\n"), []),  # patterns are case-sensitive
    (gh("/dns/ @a\ndns/ @b\n"), []),  # different text, different meaning
    (gl("[One]\n/dns/ @a\n[Two]\n/dns/ @b\n"), []),  # sections are independent
    (gl("* @a\n!/docs/\n/docs/ @b\n"), []),
]


@pytest.mark.parametrize("files, expected", OWN202)
def test_duplicate_pattern(run, files, expected):
    found = run(files, "OWN202")
    assert located(found) == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


# --- OWN203 pattern-matches-nothing -------------------------------------------
OWN203 = [
    (gh("* @a\n/hiera/ @b\n"), [(2, 1, "pattern '/hiera/' matches no file in the repository")]),
    (gh("/ @a\n"), []),  # OWN201: GitHub reports the line itself
    (gh("* @a\ndns/gen.py @b\n"), [(2, 1, "pattern 'dns/gen.py'")]),  # a middle slash anchors
    (gh("* @a\n/docs/*.txt @b\n"), [(2, 1, "'/docs/*.txt'")]),
    (gl("* @a\n!/vendor/\n"), [(2, 1, "exclusion '!/vendor/' matches no file")]),
    # GitLab matches a pattern with no trailing '/' as a file only
    (gl("* @a\n/docs/guide @b\n"), [(2, 1, "in a GitLab CODEOWNERS, '/docs/guide' (no trailing '/') matches only a file of that name")]),
    (gl("* @a\n[Docs]\nguide @b\n"), [(3, 1, "write 'guide/' for the directory")]),
    (gl("* @a\n/docs/guide/ @b\n/docs/index.md @c\nindex.md @d\n/docs/*.md @e\n"), []),
    (gh("* @a\n/docs/guide @b\n"), []),  # GitHub matches the directory
    (gh("* @a\napps/ @b\n"), []),  # relative: at any depth (src/apps/)
    (gh("* @a\nutils/ @b\n"), []),  # dns/utils/
    (gh("**/logs @a\n"), []),
    (gh("/docs/** @a\n"), []),
    (gh("*.md @a # docs\n"), []),
    (gh("/docs/\n"), []),  # owner-less, still matches
    (gh("/nothing/ @a # ownlint: ignore[OWN203]\n"), []),
]


@pytest.mark.parametrize("files, expected", OWN203)
def test_pattern_matches_nothing(run, files, expected):
    found = run(files, "OWN203")
    assert located(found) == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


# --- OWN204 shadowed-rule -----------------------------------------------------
OWN204 = [
    (gh("/dns/templates/ @t\n/dns/ @s\n"),
     [(1, 1, "pattern '/dns/templates/' never applies: every file it matches (1 file) is claimed by later rules: '/dns/' (line 2)")]),
    (gh("/docs/guide/ @a\n/docs/*.md @b\n/docs/ @c\n"), [(1, 1, "'/docs/' (line 3)"), (2, 1, "'/docs/' (line 3)")]),
    (gh("/dns/templates/ @a\n/dns/utils/ @b\n*.org @c\n*.py @d\n"), [(1, 1, "'*.org' (line 3)"), (2, 1, "'*.py' (line 4)")]),
    (gh("/docs/ @a\n/docs/index.md @b\n/docs/guide/ @c\n"), [(1, 1, "(2 files) is claimed by later rules: '/docs/index.md' (line 2), '/docs/guide/' (line 3)")]),
    (gl("* @a\n/docs/ @b\n!/docs/\n"), [(2, 1, "claimed by later rules: '!/docs/' (line 3)")]),
    (gl("* @a\n!/docs/*.md\n!/docs/\n"), [(2, 1, "exclusion '!/docs/*.md' is redundant")]),
    (gh("/dns/ @s\n/dns/templates/ @t\n"), []),  # the narrower rule last: both apply
    (gh("/dns/ @s\n/dns/utils/gen.py @t\n"), []),  # partly overridden only
    (gl("[A]\n/dns/templates/ @t\n[B]\n/dns/ @s\n"), []),  # sections are independent
    (gh("/dns/ @a\n/dns/ @b\n"), []),  # a verbatim repeat is OWN202's
    (gh("/nothing/ @a\n"), []),  # matching nothing is OWN203's
]


@pytest.mark.parametrize("files, expected", OWN204)
def test_shadowed_rule(run, files, expected):
    found = run(files, "OWN204")
    assert located(found) == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


# --- OWN205 invalid-owner-syntax ----------------------------------------------
OWN205 = [
    (gh("/dns/ wikimedia/sre-traffic\n"), [(1, 7, "owner 'wikimedia/sre-traffic': a team is written '@org/team': the leading '@' is missing")]),
    (gh("/dns/ @wikimedia/ serviceops\n"), [(1, 7, "the team name after '/' is missing"), (1, 19, "the leading '@' is missing")]),
    (gh("/dns/ @@maintainer\n"), [(1, 7, "'@@role' owners are GitLab syntax")]),
    (gh("/dns/ @org/sub/team\n"), [(1, 7, "one '/'")]),
    (gh("/dns/ bob@localhost\n"), [(1, 7, "not a valid e-mail address")]),
    (gh("/dns/ @bob!\n"), [(1, 7, "the character '!' cannot appear")]),
    (gl("[Ops] @@admin\n/dns/\n"), [(1, 7, "GitLab roles are")]),
    (gh("/dns/ @brandon @wikimedia/sre-traffic brandon.black@example.org # not@an owner\n"), []),
    (gh("/docs/\n"), []),
    (gl("[Ops][2] @@maintainer @group/sub/team\n/dns/\n^[Docs] @@developers\n/docs/\n"), []),
    (gl("* @a\n!/docs/ not-an-owner\n"), []),  # GitLab ignores owners on an exclusion
    ({"ownership.yaml": "version: 1\nrules:\n  - path: /dns/\n    owners: [traffic]\n",
      ".ownlint.yaml": "ownership: ownership.yaml\n"}, []),  # team ids: OWN301's business
    (with_registry(gh("/dns/ @a\n"), TEAMS.replace('"@wikimedia/sre-traffic"', "sre-traffic")),
     [(11, 15, "handle 'sre-traffic' of team 'traffic'")]),
]


@pytest.mark.parametrize("files, expected", OWN205)
def test_invalid_owner_syntax(run, files, expected):
    found = run(files, "OWN205")
    assert located(found) == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


# --- OWN103 team-without-contact, OWN104 handle-conflict, OWN105 team-owns-nothing
OWN103 = [
    (TEAMS + "  dba:\n    name: DBA\n", [(12, 3, "team 'dba' has no lead, members or contact")]),
    (TEAMS + "  dba:\n    name: DBA\n    contact: {chat: '#dba'}\n", []),
    (TEAMS + "  dba:\n    name: DBA\n    members: [amir]\n", []),
    (TEAMS + "  ops:\n    name: Ops\n    status: retired\n", []),
]


@pytest.mark.parametrize("teams, expected", OWN103)
def test_team_without_contact(run, teams, expected):
    found = run(with_registry(gh("* @wikimedia/sre\n"), teams), "OWN103")
    assert [(line, column) for line, column, _ in found] == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


OWN104 = [
    (TEAMS + "  serviceops:\n    name: S\n    lead: a\n    aliases: [ServiceOps]\n"
     "  tooling:\n    name: T\n    lead: b\n    aliases: [serviceops-tools, SERVICEOPS]\n",
     [(19, 33, "'SERVICEOPS' in aliases of team 'tooling' is already claimed by team 'serviceops' (its id)")]),
    (TEAMS + "  edge:\n    name: Edge\n    lead: a\n    handles: ['@Wikimedia/SRE-Traffic']\n",
     [(15, 15, "already claimed by team 'traffic' (one of its handles)")]),
    (TEAMS + "  edge:\n    name: Edge\n    lead: a\n    aliases: [traffic]\n", [(15, 15, "team 'traffic' (its id)")]),
    (TEAMS + "  edge:\n    name: Edge\n    lead: a\n    aliases: [Edge, edge, EDGE]\n", []),
    (TEAMS + "  edge:\n    name: Edge\n    lead: a\n    aliases: [cdn]\n    handles: ['@wikimedia/edge']\n", []),
]


@pytest.mark.parametrize("teams, expected", OWN104)
def test_handle_conflict(run, teams, expected):
    found = run(with_registry(gh("* @wikimedia/sre\n"), teams), "OWN104")
    assert [(line, column) for line, column, _ in found] == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


OWN105 = [
    (gh("* @wikimedia/sre\n"), [(7, 3, "team 'traffic' owns no file in this repository (no rule names it)")]),
    (gh("/dns/templates/ @wikimedia/sre-traffic\n* @wikimedia/sre\n"), [(7, 3, "(its rules win no file)")]),
    (gh("* @wikimedia/sre\n/nothing/ traffic\n"), [(7, 3, "(its rules win no file)")]),
    (gh("* @wikimedia/sre\n/dns/ @wikimedia/sre-traffic\n"), []),
    (with_registry(gh("* @wikimedia/sre\n/dns/ @wikimedia/edge\n"), TEAMS + "  edge:\n    name: Edge\n    status: renamed\n    renamed_to: traffic\n    handles: ['@wikimedia/edge']\n"),
     [(7, 3, "(no rule names it; rules still name its predecessor '@wikimedia/edge')")]),
    (gh("* @wikimedia/sre\n/dns/ @WIKIMEDIA/SRE-TRAFFIC\n"), []),  # handles resolve without case
    (gl("* @wikimedia/sre\n[DNS] @wikimedia/sre-traffic\n/dns/\n"), []),  # a section's default owners
]


@pytest.mark.parametrize("files, expected", OWN105)
def test_team_owns_nothing(run, files, expected):
    found = run(files if "teams.yaml" in files else with_registry(files), "OWN105")
    assert [(line, column) for line, column, _ in found] == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


# --- OWN303 individual-owner, OWN304 multiple-owners (policy) ------------------
FORBID = "policy: {individuals: forbid}\n"
OWN303 = [
    ({**gh("* @wikimedia/sre\n/dns/ @brandon\n"), ".ownlint.yaml": "ownership: .github/CODEOWNERS\n" + FORBID},
     [(2, 7, "owner '@brandon' is a user handle, not an '@org/team'; the policy forbids individual owners")]),
    ({**gh("* @wikimedia/sre ops@example.org @@maintainer\n"), ".ownlint.yaml": "ownership: .github/CODEOWNERS\n" + FORBID}, []),
    ({**gh("/dns/ @brandon\n"), ".ownlint.yaml": "ownership: .github/CODEOWNERS\n"}, []),  # policy allows
    (gh("/dns/ @brandon\n"), []),  # zero configuration: the default policy
    (with_registry(gh("* @wikimedia/sre\n/dns/ @valentin\n/docs/ valentin@example.org\n"), policy=FORBID),
     [(2, 7, "owner '@valentin' is a person in team 'traffic'"), (3, 8, "owner 'valentin@example.org' is a person in team 'traffic'")]),
    (with_registry(gh("* @wikimedia/sre\n/dns/ @unknown-person\n"), policy=FORBID), []),  # OWN301's
    (with_registry({"ownership.yaml": "version: 1\nrules:\n  - path: '*'\n    owners: [sre, mark]\n"}, policy=FORBID),
     [(4, 19, "owner 'mark' is a person in team 'sre'")]),
]


@pytest.mark.parametrize("files, expected", OWN303)
def test_individual_owner(run, files, expected):
    found = run(files, "OWN303")
    assert located(found) == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


ONE = "ownership: {}\npolicy: {{owners_per_path: one}}\n"
OWN304 = [
    ({**gh("* @a @b @c\n"), ".ownlint.yaml": ONE.format(".github/CODEOWNERS")},
     [(1, 6, "pattern '*' has 3 owners (@a, @b, @c); the policy asks for one owner per path")]),
    ({**gl("* @a\n[Ops] @b @c\n/dns/\n/docs/\n/x/ @d\n"), ".ownlint.yaml": ONE.format(".gitlab/CODEOWNERS")},
     [(2, 10, "section [Ops] gives 2 default owners (@b, @c)")]),
    ({**gh("* @a\n/dns/ @b # @c\n/docs/\n"), ".ownlint.yaml": ONE.format(".github/CODEOWNERS")}, []),
    (gh("* @a @b\n"), []),  # default policy: any
]


@pytest.mark.parametrize("files, expected", OWN304)
def test_multiple_owners(run, files, expected):
    found = run(files, "OWN304")
    assert located(found) == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message


_OWNER_TOKENS = ["@a", "@org/team", "@org/sub/team", "a@example.org", "bob@localhost", "team", "org/team", "@a.b",
                 "@@maintainer", "@x!", "@org/", "@", "@a,", "@@owner", "me@example.com"]


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.lists(st.sampled_from(_OWNER_TOKENS), max_size=4), min_size=1, max_size=8),
    place=st.sampled_from([".github/CODEOWNERS", ".gitlab/CODEOWNERS", "CODEOWNERS"]),
    sections=st.booleans(),
)
def test_every_wrong_owner_is_found_in_any_flavor(lines: list[list[str]], place: str, sections: bool) -> None:
    """OWN205 looks only at the owners of the lines GitHub skips in a GitHub file (the
    reader marks them by the same grammar): what it reports is every owner written that
    the grammar rejects, in any flavor, with or without GitLab sections."""
    from ownlint.checks.context import Context
    from ownlint.checks.owner_syntax import invalid_owner_syntax, owner_syntax_problem
    from ownlint.model.config import Config
    from ownlint.model.mapping import mapping_from_codeowners

    text = "[Ops] @@developer @org/ops\n" if sections else ""
    text += "".join(f"/d{number}/ {' '.join(owners)}\n" for number, owners in enumerate(lines))
    mapping = mapping_from_codeowners(text, place)
    every = [(owner.line, owner.column, owner.name) for rule in mapping.rules if not rule.exclusion for owner in rule.owners]
    every += [(section.line, token.column, token.text) for section in mapping.sections for token in section.default_owners]
    expected = sorted({(line, column) for line, column, name in every if owner_syntax_problem(name, mapping.flavor)})
    context = Context(Config(Path("."), None, Path(place)), None, mapping, None, None)
    assert [(problem.line, problem.column) for problem in invalid_owner_syntax(context)] == expected
