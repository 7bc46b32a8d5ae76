"""Suppression comments, unused suppressions (OWN206), exclude, select/ignore and severities."""
from __future__ import annotations

import json

import pytest

FILES = {"dns/zone.org": "", "docs/index.md": "", "vendor/lib/a.c": "", "README.md": ""}


def check(make_repo, ownlint, files, *args):
    root = make_repo({**FILES, **files}, commit=False)
    result = ownlint(root, "check", "--format", "json", *args)
    data = json.loads(result.out) if result.out else None
    return result, data


def codes(data):
    return [(f["code"], f["line"], f["severity"]) for f in data["findings"]]


# (files, extra args, expected [(code, line, severity)])
SUPPRESSION = [
    # used: the dead rule's OWN203 is suppressed, nothing else to say
    ({".github/CODEOWNERS": "* @a\n/hiera/ @b # ownlint: ignore[OWN203]\n"}, (), []),
    # unused: /dns/ matches files, so OWN203 had nothing to suppress
    ({".github/CODEOWNERS": "* @a\n/dns/ @b # ownlint: ignore[OWN203]\n"}, (), [("OWN206", 2, "info")]),
    # partly used: OWN202 unused
    ({".github/CODEOWNERS": "* @a\n/hiera/ @b # ownlint: ignore[OWN203, OWN202]\n"}, (), [("OWN206", 2, "info")]),
    # a code that was not selected is not reported as unused
    ({".github/CODEOWNERS": "* @a\n/dns/ @b # ownlint: ignore[OWN203]\n"}, ("--ignore", "OWN203"), []),
    ({".github/CODEOWNERS": "* @a\n/dns/ @b # ownlint: ignore[OWN203]\n"}, ("--select", "OWN401,OWN206"), []),
    # nor a check that cannot run: no registry, or a policy that allows
    ({".github/CODEOWNERS": "* @a\n/dns/ @b # ownlint: ignore[OWN301,OWN303]\n"}, (), []),
    # OWN206 itself can be ignored, on the line or for the run
    ({".github/CODEOWNERS": "* @a\n/dns/ @b # ownlint: ignore[OWN203,OWN206]\n"}, (), []),
    ({".github/CODEOWNERS": "* @a\n/dns/ @b # ownlint: ignore[OWN203]\n"}, ("--ignore", "OWN206"), []),
    # an unknown code is always unused
    ({".github/CODEOWNERS": "* @a\n/dns/ @b # ownlint: ignore[OWN999]\n"}, (), [("OWN206", 2, "info")]),
    # only the rule's own line: a finding on another line is not hidden
    ({".github/CODEOWNERS": "* @a # ownlint: ignore[OWN203]\n/hiera/ @b\n"}, (), [("OWN206", 1, "info"), ("OWN203", 2, "warning")]),
    # YAML mapping: the comment may sit on the path line or an owner line
    ({"ownership.yaml": "version: 1\nrules:\n  - path: '*'\n    owners: [a]\n"
      "  - path: /hiera/  # ownlint: ignore[OWN203]\n    owners: [b]\n",
      ".ownlint.yaml": "ownership: ownership.yaml\n"}, (), []),
    ({"ownership.yaml": "version: 1\nrules:\n  - path: '*'\n    owners:\n      - a\n      - a  # ownlint: ignore[OWN304]\n",
      ".ownlint.yaml": "ownership: ownership.yaml\npolicy: {owners_per_path: one}\n"}, (), []),
    ({"ownership.yaml": "version: 1\nrules:\n  - path: '*'\n    owners: [a]\n"
      "  - path: /dns/\n    owners: [b]  # ownlint: ignore[OWN203]\n",
      ".ownlint.yaml": "ownership: ownership.yaml\n"}, (), [("OWN206", 6, "info")]),
]


@pytest.mark.parametrize("files, args, expected", SUPPRESSION)
def test_suppression(make_repo, ownlint, files, args, expected):
    result, data = check(make_repo, ownlint, files, "--select", "OWN203,OWN202,OWN206,OWN301,OWN303,OWN304", *args) \
        if "--select" not in args else check(make_repo, ownlint, files, *args)
    assert result.code == 0, result.err
    assert sorted(codes(data), key=lambda c: (c[1], c[0])) == sorted(expected, key=lambda c: (c[1], c[0]))


def test_unused_suppression_message_and_fix(make_repo, ownlint):
    files = {".github/CODEOWNERS": "* @a\n/hiera/ @b  # ownlint: ignore[OWN203,OWN202,OWN998]\n/dns/ @c  # keep # ownlint: ignore[OWN203]\n"}
    result, data = check(make_repo, ownlint, files, "--select", "OWN203,OWN202,OWN206")
    found = [(f["line"], f["column"], f["message"], f["fix"]) for f in data["findings"]]
    assert found == [
        (2, 13, "unused suppression: OWN202 found nothing to suppress on this rule; OWN998 is not a check code",
         {"description": "remove OWN202, OWN998 from the suppression", "safe": True}),
        (3, 18, "unused suppression: OWN203 found nothing to suppress on this rule",
         {"description": "remove the suppression comment", "safe": True}),
    ]


def test_unused_suppression_fix_edits(tmp_path):
    from ownlint.checks.suppressions import suppression_fix
    from ownlint.formats.codeowners import find_suppression
    from ownlint.model.mapping import mapping_from_codeowners

    text = "/hiera/ @b  # ownlint: ignore[OWN203, OWN202]\n/dns/ @c  # keep # ownlint: ignore[OWN203]\n"
    mapping = mapping_from_codeowners(text, ".github/CODEOWNERS")
    lines = text.splitlines()
    first = suppression_fix(mapping.rules[0], lines[0], find_suppression(lines[0]), {"OWN202"})
    assert first.edits == ((1, 13, "# ownlint: ignore[OWN203, OWN202]", "# ownlint: ignore[OWN203]"),)
    second = suppression_fix(mapping.rules[1], lines[1], find_suppression(lines[1]), {"OWN203"})
    assert second.edits == ((2, 17, " # ownlint: ignore[OWN203]", ""),)


# --- exclude --------------------------------------------------------------------
def test_exclude_needs_no_owner(make_repo, ownlint):
    files = {".github/CODEOWNERS": "/dns/ @a\n/docs/ @b\n", ".ownlint.yaml": "exclude: ['vendor/**', README.md]\n"}
    result, data = check(make_repo, ownlint, files)
    assert [(f["code"], f["path"]) for f in data["findings"]] == [
        ("OWN401", ".github/CODEOWNERS"), ("OWN401", ".ownlint.yaml")
    ]
    # every file is counted once (issue 12): vendor/lib/a.c and README.md as excluded, not as unowned
    assert {k: data["summary"][k] for k in ("files", "owned", "unowned", "excluded")} == {
        "files": 6, "owned": 2, "unowned": 2, "excluded": 2,
    }
    assert result.code == 1


def test_exclude_without_it_reports(make_repo, ownlint):
    files = {".github/CODEOWNERS": "/dns/ @a\n/docs/ @b\n/.github/ @c\n"}
    result, data = check(make_repo, ownlint, files)
    assert sorted(f["path"] for f in data["findings"]) == ["README.md", "vendor/lib/a.c"]


# --- select / ignore / severity from the configuration and the command line -----
BASE = {".github/CODEOWNERS": "* @a\n/hiera/ @b\n/dns/x[ab] @c\n"}  # OWN203 warning, OWN201 error

SELECTION = [
    # (configuration "checks:" body, extra args, expected [(code, severity)], exit code)
    ("", (), [("OWN203", "warning"), ("OWN201", "error")], 1),
    ("{select: [OWN203]}", (), [("OWN203", "warning")], 0),
    ("{ignore: [OWN201]}", (), [("OWN203", "warning")], 0),
    ("{severity: {OWN203: error, OWN201: info}}", (), [("OWN203", "error"), ("OWN201", "info")], 1),
    ("{severity: {OWN201: warning}}", (), [("OWN203", "warning"), ("OWN201", "warning")], 0),
    ("", ("--select", "OWN201"), [("OWN201", "error")], 1),
    ("", ("--ignore", "own201"), [("OWN203", "warning")], 0),
    ("{select: [OWN203]}", ("--select", "OWN201"), [("OWN201", "error")], 1),  # the command line replaces select
    ("{ignore: [OWN201]}", ("--ignore", "OWN203"), [], 0),  # ...and adds to ignore
    ("{select: [OWN201, OWN203]}", ("--ignore", "OWN201"), [("OWN203", "warning")], 0),
    ("{severity: {OWN201: warning}}", ("--select", "OWN201"), [("OWN201", "warning")], 0),
]


@pytest.mark.parametrize("checks, args, expected, exit_code", SELECTION)
def test_selection(make_repo, ownlint, checks, args, expected, exit_code):
    config = "ownership: .github/CODEOWNERS\nexclude: ['**']\n" + (f"checks: {checks}\n" if checks else "")
    result, data = check(make_repo, ownlint, {**BASE, ".ownlint.yaml": config}, *args)
    assert result.code == exit_code, result.err
    assert [(f["code"], f["severity"]) for f in data["findings"]] == sorted(expected, key=lambda c: c[0] != "OWN203")


UNKNOWN = [
    ("", ("--select", "OWN999"), "ownlint: --select: unknown check code 'OWN999' (see 'ownlint rules')\n"),
    ("", ("--ignore", "OWN201,XYZ"), "ownlint: --ignore: unknown check code 'XYZ' (see 'ownlint rules')\n"),
    ("checks:\n  select: [OWN201, OWN998]\n", (), "ownlint: .ownlint.yaml:4:20: checks.select: unknown check code 'OWN998' (see 'ownlint rules')\n"),
    ("checks:\n  ignore:\n    - OWN997\n", (), "ownlint: .ownlint.yaml:5:7: checks.ignore: unknown check code 'OWN997' (see 'ownlint rules')\n"),
    ("checks:\n  severity: {OWN996: error}\n", (), "ownlint: .ownlint.yaml:4:14: checks.severity: unknown check code 'OWN996' (see 'ownlint rules')\n"),
]


@pytest.mark.parametrize("checks, args, error", UNKNOWN)
def test_unknown_codes_cannot_run(make_repo, ownlint, checks, args, error):
    config = "ownership: .github/CODEOWNERS\nexclude: ['**']\n" + checks
    root = make_repo({**BASE, **FILES, ".ownlint.yaml": config}, commit=False)
    result = ownlint(root, "check", *args)
    assert (result.code, result.out, result.err) == (2, "", error)


def test_a_partial_run_does_not_call_per_path_suppressions_unused(make_repo, ownlint):
    """A hook run judges scope (OWN402) only for the files it is given: a suppression
    of it is not stale just because this run's files did not trigger it."""
    teams = "version: 1\nteams:\n  dba:\n    name: DBA\n    lead: amir\n    scope: [database]\n"
    mapping = "version: 1\nrules:\n  - path: '*'\n    owners: [dba]\n  - path: /dns/\n    owners: [dba]  # ownlint: ignore[OWN402]\n"
    config = "teams: teams.yaml\nownership: ownership.yaml\n"
    root = make_repo({**FILES, "teams.yaml": teams, "ownership.yaml": mapping, ".ownlint.yaml": config}, commit=False)
    whole = ownlint(root, "check", "--format", "json", "--select", "OWN402,OWN206")
    assert json.loads(whole.out)["findings"] == []  # the suppression is used on a whole run
    partial = ownlint(root, "check", "--format", "json", "--select", "OWN402,OWN206", "README.md")
    assert json.loads(partial.out)["findings"] == []
