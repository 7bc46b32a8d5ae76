"""CODEOWNERS read the way the forge that reads it does (issue 12): the flavor by place,
by configuration or detected (and said why), lines GitHub skips, a lone '/', one
e-mail test, and check, explain and ls counting files alike."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import pytest

from ownlint.formats.owner_syntax import is_email

FILES = {"dns/a.zone": "", "dns/b.zone": "", "docs/guide.md": "", "README.md": ""}

Repo = Callable[..., Path]
Run = Callable[..., Any]


def _check(make_repo: Repo, ownlint: Run, files: Mapping[str, str], *args: str) -> dict[str, Any]:
    root = make_repo({**FILES, **files})
    result = ownlint(root, "check", "--format", "json", *args)
    assert result.code in (0, 1), result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def _ls(ownlint: Run, root: Path) -> dict[str, dict[str, Any]]:
    result = ownlint(root, "ls", "--format", "jsonl")
    assert result.code == 0, result.err
    return {record["path"]: record for record in map(json.loads, result.out.splitlines())}


# --- the flavor: by place, by configuration, or detected, and why ----------------
BOTH = "is read by GitHub and GitLab; set flavor: github|gitlab in the configuration to choose"
FLAVORS = [
    ({".github/CODEOWNERS": "* @a\n"},
     {"name": "github", "decided_by": "location", "reason": "only GitHub reads .github/CODEOWNERS"}),
    ({".github/CODEOWNERS": "* @a\n[Docs] @b\n/docs/\n"},  # sections do not make it GitLab's
     {"name": "github", "decided_by": "location", "reason": "only GitHub reads .github/CODEOWNERS"}),
    ({".gitlab/CODEOWNERS": "* @a\n"},
     {"name": "gitlab", "decided_by": "location", "reason": "only GitLab reads .gitlab/CODEOWNERS"}),
    ({"CODEOWNERS": "* @a\n"},
     {"name": "github", "decided_by": "detected", "reason": f"it has no GitLab [Section] header (CODEOWNERS {BOTH})"}),
    ({"docs/CODEOWNERS": "* @a\n\n[Docs] @b\n/docs/\n"},
     {"name": "gitlab", "decided_by": "detected",
      "reason": f"its [Section] header on line 3 is GitLab's (docs/CODEOWNERS {BOTH})"}),
    ({"CODEOWNERS": "* @a\n[Docs] @b\n/docs/\n", ".ownlint.yaml": "flavor: github\n"},
     {"name": "github", "decided_by": "configuration", "reason": "flavor: github in the configuration"}),
    ({"docs/CODEOWNERS": "* @a\n", ".ownlint.yaml": "flavor: gitlab\n"},
     {"name": "gitlab", "decided_by": "configuration", "reason": "flavor: gitlab in the configuration"}),
    ({"ownership.yaml": "version: 1\nrules:\n  - path: '*'\n    owners: [a]\n",
      ".ownlint.yaml": "ownership: ownership.yaml\n"}, None),  # an ownlint mapping: GitHub's semantics
]


@pytest.mark.parametrize("files, flavor", FLAVORS)
def test_flavor_and_why_in_check_and_explain_json(
    make_repo: Repo, ownlint: Run, files: Mapping[str, str], flavor: Optional[dict[str, str]]
) -> None:
    root = make_repo({**FILES, **files})
    checked = json.loads(ownlint(root, "check", "--format", "json").out)
    explained = json.loads(ownlint(root, "explain", "--format", "json", "README.md").out)
    assert list(checked)[:3] == ["version", "root", "flavor"]
    assert checked["flavor"] == flavor
    assert list(explained) == ["version", "flavor", "results"]
    assert explained["flavor"] == flavor


def test_a_detected_flavor_is_said_in_explain_text(make_repo: Repo, ownlint: Run) -> None:
    root = make_repo({**FILES, "CODEOWNERS": "* @a\n[Docs] @b\n/docs/\n"})
    result = ownlint(root, "explain", "--no-findings", "docs/guide.md")
    assert result.out.startswith(
        f"CODEOWNERS is read as GitLab's CODEOWNERS: its [Section] header on line 2 is GitLab's (CODEOWNERS {BOTH})\n"
        "\ndocs/guide.md (file)\n"
    )


def test_a_flavor_by_place_goes_without_saying_in_explain_text(make_repo: Repo, ownlint: Run) -> None:
    root = make_repo({**FILES, ".github/CODEOWNERS": "* @a\n"})
    assert ownlint(root, "explain", "--no-findings", "README.md").out.startswith("README.md (file)\n")


def test_the_flavor_decides_the_table(make_repo: Repo, ownlint: Run) -> None:
    """GitLab: each section has its own last match, owners are their union. GitHub: the
    header line is skipped and the rules after it are one last-match order."""
    text = "* @a\n[Docs] @b\n/docs/ @c\n"
    gitlab = _ls(ownlint, make_repo({**FILES, "CODEOWNERS": text}, name="gitlab"))
    github = _ls(ownlint, make_repo({**FILES, "CODEOWNERS": text, ".ownlint.yaml": "flavor: github\n"}, name="github"))
    assert (gitlab["docs/guide.md"]["owners"], gitlab["docs/guide.md"]["line"]) == (["@a", "@c"], 3)
    assert (github["docs/guide.md"]["owners"], github["docs/guide.md"]["line"]) == (["@c"], 3)
    assert github["README.md"]["owners"] == ["@a"]


@pytest.mark.parametrize(
    "place, flavor, forge",
    [(".github/CODEOWNERS", "gitlab", "GitHub"), (".gitlab/CODEOWNERS", "github", "GitLab")],
)
def test_flavor_cannot_overrule_the_place(make_repo: Repo, ownlint: Run, place: str, flavor: str, forge: str) -> None:
    root = make_repo({**FILES, place: "* @a\n", ".ownlint.yaml": f"ownership: {place}\nflavor: {flavor}\n"})
    result = ownlint(root, "check")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"ownlint: .ownlint.yaml:2:9: flavor: {flavor}, but only {forge} reads {place}: remove flavor:, or move the file\n"
    )


def test_an_unknown_flavor_is_a_schema_violation(make_repo: Repo, ownlint: Run) -> None:
    root = make_repo({**FILES, "CODEOWNERS": "* @a\n", ".ownlint.yaml": "flavor: bitbucket\n"})
    result = ownlint(root, "check")
    assert result.code == 2
    assert result.err.startswith("ownlint: .ownlint.yaml:1:9: ") and "bitbucket" in result.err


# --- a line GitHub rejects takes no part in the table ---------------------------
# (owner as written, what OWN205 says of it)
MALFORMED = [
    ("@org/traffic,", "a trailing ',': owners are separated by spaces, not commas"),
    ("@org/traffic/sub", "a GitHub team is '@org/team', with one '/' (nested groups are GitLab's)"),
    ("@@maintainer", "'@@role' owners are GitLab syntax; GitHub CODEOWNERS has no roles"),
    ("@example.org", "a GitHub user name has no '.' (an e-mail address needs a name before the '@')"),
    ("ops@localhost", "not a valid e-mail address"),
    ("ops@example.org.", "not a valid e-mail address"),
    ("org/traffic", "a team is written '@org/team': the leading '@' is missing"),
]


@pytest.mark.parametrize("owner, problem", MALFORMED)
def test_a_line_github_rejects_leaves_its_files_to_the_earlier_rule(
    make_repo: Repo, ownlint: Run, owner: str, problem: str
) -> None:
    root = make_repo({**FILES, ".github/CODEOWNERS": f"* @org/sre\n/dns/ {owner}\n"})
    result = ownlint(root, "check", "--format", "json", "--select", "OWN205,OWN203,OWN204")
    findings = [(f["code"], f["line"], f["column"], f["message"]) for f in json.loads(result.out)["findings"]]
    assert findings == [
        ("OWN205", 2, 7, f"owner '{owner}': {problem}; GitHub skips the whole line, so line 1 '*' owns its 2 files instead"),
    ]
    table = _ls(ownlint, root)
    assert [(table[p]["owners"], table[p]["line"]) for p in ("dns/a.zone", "dns/b.zone")] == [(["@org/sre"], 1)] * 2
    explained = json.loads(ownlint(root, "explain", "--format", "json", "--no-findings", "dns/a.zone").out)["results"][0]
    assert (explained["rule"]["line"], explained["overridden"]) == (1, [])


def test_a_skipped_line_says_where_each_share_of_its_files_goes(make_repo: Repo, ownlint: Run) -> None:
    files = {".github/CODEOWNERS": "/dns/a.zone @org/a\n*.md @org/docs\n* @org/x, @org/y\n"}
    document = _check(make_repo, ownlint, files, "--select", "OWN205")
    assert [f["message"] for f in document["findings"]] == [
        "owner '@org/x,': a trailing ',': owners are separated by spaces, not commas; GitHub skips the whole line, "
        "so its 5 files go to line 2 '*.md' (2 files), no rule (2 files, unowned), line 1 '/dns/a.zone' (1 file) instead",
    ]


def test_gitlab_keeps_a_line_with_a_role_owner(make_repo: Repo, ownlint: Run) -> None:
    root = make_repo({**FILES, ".gitlab/CODEOWNERS": "* @org/sre\n/dns/ @@maintainer\n"})
    assert _ls(ownlint, root)["dns/a.zone"]["line"] == 2


# --- a lone '/' -------------------------------------------------------------------
def test_a_lone_slash_is_an_error_with_githubs_suggestion(make_repo: Repo, ownlint: Run) -> None:
    root = make_repo({**FILES, ".github/CODEOWNERS": "* @a\n/ @b\n"})
    result = ownlint(root, "check", "--format", "json")
    assert result.code == 1
    assert json.loads(result.out)["findings"] == [{
        "code": "OWN201", "name": "invalid-pattern", "severity": "error",
        "message": "pattern '/': GitHub reports this line as an error: the pattern `/` will never match anything "
                   "(it does not mean the root); the rule never applies",
        "file": ".github/CODEOWNERS", "line": 2, "column": 1, "path": None,
        "fix": {"description": "did you mean `*` instead?", "safe": False},
    }]
    assert {record["line"] for record in _ls(ownlint, root).values()} == {1}


# --- one e-mail test --------------------------------------------------------------
@pytest.mark.parametrize(
    "owner, valid",
    [("ops@example.org", True), ("first.last+tag@mail.example.co.uk", True), ("ops@localhost", False),
     ("ops@example.org.", False), ("ops@-example.org", False), ("@example.org", False), ("ops@@example.org", False),
     ("ops@exa mple.org", False), ("ops@example..org", False)],
)
def test_one_email_test_for_own205_and_the_exporter(
    make_repo: Repo, ownlint: Run, owner: str, valid: bool
) -> None:
    assert is_email(owner) is valid
    root = make_repo({
        **FILES, "ownership.yaml": f"version: 1\nrules:\n  - path: '*'\n    owners: ['{owner}']\n",
        ".ownlint.yaml": "ownership: ownership.yaml\n",
    }, name="yaml")
    exported = ownlint(root, "codeowners")
    assert exported.code == (0 if valid else 2)
    if valid:
        assert exported.out.endswith(f"\n* {owner}\n")
        back = make_repo({**FILES, ".github/CODEOWNERS": exported.out}, name="back")
        assert json.loads(ownlint(back, "check", "--format", "json", "--select", "OWN205").out)["findings"] == []
    else:
        assert exported.err.startswith(f"ownlint: ownership.yaml:4:14: owner '{owner}' is neither a team")


# --- check, explain . and ls count files the same way -------------------------------
def test_check_explain_and_ls_count_alike(make_repo: Repo, ownlint: Run) -> None:
    root = make_repo({
        **FILES, ".github/CODEOWNERS": "* @a\n/docs/ @b\n/dns/b.zone\n",
        ".ownlint.yaml": "exclude: ['/README.md', '/docs/', '/.ownlint.yaml']\n",
    })
    summary = json.loads(ownlint(root, "check", "--format", "json").out)["summary"]
    explained = json.loads(ownlint(root, "explain", "--format", "json", ".").out)["results"][0]
    listed = _ls(ownlint, root)
    assert {k: summary[k] for k in ("files", "owned", "unowned", "excluded")} == {
        "files": 6, "owned": 2, "unowned": 1, "excluded": 3,
    }
    assert (explained["files"], explained["excluded"]) == (6, 3)
    assert [(g["owners"], g["files"], g["reason"]) for g in explained["breakdown"]] == [
        (["@a"], 2, None), ([], 3, "excluded"), ([], 1, "no-owners"),
    ]
    assert len(listed) == 6
    assert sorted(path for path, record in listed.items() if record["excluded"]) == [
        ".ownlint.yaml", "README.md", "docs/guide.md",
    ]
    assert listed["docs/guide.md"]["owners"] == ["@b"]  # ls still says who owns it
    text = ownlint(root, "check").out.splitlines()[-1]
    assert text.endswith("in 6 files (2 owned, 1 unowned, 3 excluded)")
    assert ownlint(root, "explain", "--no-findings", ".").out.startswith(". (directory, 6 files, 3 excluded)\n")


def test_changing_flavor_changes_the_answer_of_a_warm_cache(
    make_repo: Repo, ownlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OWNLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo({**FILES, "CODEOWNERS": "* @a\n[Docs] @b\n/docs/ @c\n"})
    assert _ls(ownlint, root)["docs/guide.md"]["owners"] == ["@a", "@c"]  # detected: GitLab's
    (root / ".ownlint.yaml").write_text("flavor: github\n", encoding="utf-8")
    assert _ls(ownlint, root)["docs/guide.md"]["owners"] == ["@c"]
    (root / ".ownlint.yaml").write_text("flavor: gitlab\n", encoding="utf-8")
    assert _ls(ownlint, root)["docs/guide.md"]["owners"] == ["@a", "@c"]


def test_explain_shows_why_a_line_written_for_the_path_does_not_apply(make_repo: Repo, ownlint: Run) -> None:
    root = make_repo({**FILES, ".github/CODEOWNERS": "* @org/sre\n/dns/ @org/traffic,\n"})
    result = json.loads(ownlint(root, "explain", "--format", "json", "dns/a.zone").out)["results"][0]
    assert (result["owners"], result["rule"]["line"]) == (["@org/sre"], 1)
    assert [(f["code"], f["line"]) for f in result["findings"]] == [("OWN205", 2)]
