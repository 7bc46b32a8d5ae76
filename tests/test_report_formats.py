"""check --format sarif|github|gitlab and --output, on a real repository."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ownlint.findings import Severity
from ownlint.formats.printable import indented_json
from tests.conftest import DATA

FILES = {
    ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\n",
    "teams.yaml": """\
        version: 1
        teams:
          sre:
            name: Site Reliability Engineering
            lead: mark
            handles: ["@wm/sre"]
          technical-operations:
            name: Technical Operations
            status: renamed
            renamed_to: sre
            until: 2018-02-12
          core-ops:
            name: Core Ops
            status: retired
            successors: [sre]
            until: 2030-01-01
        """,
    "ownership.yaml": """\
        version: 1
        rules:
          - path: /dns/
            owners: [technical-operations]
          - path: /puppet/
            owners: [core-ops]
          - path: "*.yaml"
            owners: [sre]
        """,
    "dns/zone": "x\n",
    "puppet/site.pp": "x\n",
    "odd, name: 100%.txt": "x\n",
}


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo(FILES)


def test_github_annotations_are_exact_and_escaped(repo: Path, ownlint: Callable[..., Any]) -> None:
    result = ownlint(repo, "check", "--format", "github", "--today", "2026-01-01")
    assert result.code == 1
    assert result.out.splitlines() == [
        "::error file=odd%2C name%3A 100%25.txt,title=OWN401 unowned-path::"
        "no rule gives 'odd, name: 100%25.txt' an owner",
        "::error file=ownership.yaml,line=4,col=14,title=OWN302 retired-owner::"
        "owner 'technical-operations' was renamed to 'sre' on 2018-02-12",
        "::warning file=ownership.yaml,line=6,col=14,title=OWN302 retired-owner::"
        "owner 'core-ops' was retired on 2030-01-01; its work went to 'sre' (a grace period: an error from 2030-01-01)",
        "Found 2 errors, 1 warning, 0 infos in 6 files (5 owned, 1 unowned)",
    ]


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50%", "50%25", "50%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    from ownlint.report.github import escape_data, escape_property

    assert (escape_data(text), escape_property(text)) == (data, prop)


def _sarif(repo: Path, ownlint: Callable[..., Any], *extra: str) -> dict[str, Any]:
    result = ownlint(repo, "check", "--format", "sarif", "--today", "2026-01-01", *extra)
    assert result.code == 1
    document: dict[str, Any] = json.loads(result.out)
    return document


def test_sarif_validates_against_the_official_schema(repo: Path, ownlint: Callable[..., Any]) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    document = _sarif(repo, ownlint)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(document), key=str)
    assert [error.message for error in errors] == []
    # The schema itself is what the test claims it is.
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert "2.1.0" in schema["id"]


def test_sarif_rules_come_from_the_catalog(repo: Path, ownlint: Callable[..., Any]) -> None:
    from ownlint.checks.catalog import load_catalog

    catalog = load_catalog()
    driver = _sarif(repo, ownlint)["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == sorted(catalog)
    own302 = next(rule for rule in driver["rules"] if rule["id"] == "OWN302")
    assert own302["name"] == "retired-owner"
    assert own302["shortDescription"]["text"] == catalog["OWN302"].summary.strip()
    assert own302["defaultConfiguration"] == {"level": "error"}
    assert "## Why is this bad?" in own302["help"]["markdown"]


def test_sarif_results_locate_findings(repo: Path, ownlint: Callable[..., Any]) -> None:
    run = _sarif(repo, ownlint)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["originalUriBaseIds"] == {"ROOT": {"uri": repo.resolve().as_uri() + "/"}}
    summary = [
        (r["ruleId"], rules[r["ruleIndex"]]["id"], r["level"], r["locations"][0]["physicalLocation"])
        for r in run["results"]
    ]
    assert summary == [
        (
            "OWN401", "OWN401", "error",
            {"artifactLocation": {"uri": "odd%2C%20name%3A%20100%25.txt", "uriBaseId": "ROOT"}},
        ),
        (
            "OWN302", "OWN302", "error",
            {
                "artifactLocation": {"uri": "ownership.yaml", "uriBaseId": "ROOT"},
                "region": {"startLine": 4, "startColumn": 14},
            },
        ),
        (
            "OWN302", "OWN302", "warning",
            {
                "artifactLocation": {"uri": "ownership.yaml", "uriBaseId": "ROOT"},
                "region": {"startLine": 6, "startColumn": 14},
            },
        ),
    ]
    renamed = run["results"][1]
    assert renamed["message"] == {"text": "owner 'technical-operations' was renamed to 'sre' on 2018-02-12"}
    # A fix with an exact edit becomes a SARIF fix; findings without one carry none.
    assert renamed["fixes"] == [
        {
            "description": {"text": "replace 'technical-operations' with 'sre'"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "ownership.yaml", "uriBaseId": "ROOT"},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 4, "startColumn": 14, "endLine": 4, "endColumn": 34},
                            "insertedContent": {"text": "sre"},
                        }
                    ],
                }
            ],
        }
    ]
    assert "fixes" not in run["results"][0]


def test_sarif_with_no_findings_is_valid_and_empty(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    repo = make_repo({".github/CODEOWNERS": "* @org/all\n", "a": "x\n"})
    result = ownlint(repo, "check", "--format", "sarif")
    assert result.code == 0
    document = json.loads(result.out)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    assert document["runs"][0]["results"] == []


def test_gitlab_code_quality(repo: Path, ownlint: Callable[..., Any]) -> None:
    result = ownlint(repo, "check", "--format", "gitlab", "--today", "2026-01-01")
    assert result.code == 1
    issues = json.loads(result.out)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("OWN401 unowned-path", "major", {"path": "odd, name: 100%.txt", "lines": {"begin": 1}}),
        ("OWN302 retired-owner", "major", {"path": "ownership.yaml", "lines": {"begin": 4}}),
        ("OWN302 retired-owner", "minor", {"path": "ownership.yaml", "lines": {"begin": 6}}),
    ]
    assert len({i["fingerprint"] for i in issues}) == 3


@pytest.mark.parametrize("form", ["text", "json", "sarif", "github", "gitlab"])
def test_output_writes_the_report_to_a_file(repo: Path, ownlint: Callable[..., Any], form: str) -> None:
    target = repo.parent / f"report.{form}"
    on_stdout = ownlint(repo, "check", "--format", form, "--today", "2026-01-01")
    to_file = ownlint(repo, "check", "--format", form, "--today", "2026-01-01", "--output", str(target))
    assert (to_file.code, to_file.out) == (1, "")
    assert target.read_text(encoding="utf-8") == on_stdout.out


def test_output_to_an_unwritable_place_is_one_line(repo: Path, ownlint: Callable[..., Any]) -> None:
    result = ownlint(repo, "check", "--output", str(repo / "no" / "such" / "dir" / "r.txt"))
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("ownlint: ")


def test_text_in_github_actions_adds_annotations(
    repo: Path, ownlint: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = ownlint(repo, "check", "--today", "2026-01-01").out
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    annotated = ownlint(repo, "check", "--today", "2026-01-01").out
    assert annotated.startswith(plain)
    assert [line.split(" ")[0] for line in annotated[len(plain):].splitlines()] == [
        "::error", "::error", "::warning",
    ]
    # An explicit --format text, or a report written to a file, stays plain.
    assert ownlint(repo, "check", "--today", "2026-01-01", "--format", "text").out == plain


def test_forge_formats_name_files_from_the_repository_top(
    make_repo: Callable[..., Path], ownlint: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ownlint's root is infra/: forges resolve paths from the top of the checkout."""
    repo = make_repo({"infra/CODEOWNERS": "/dns/ @org/traffic\n", "infra/dns/zone": "x\n", "infra/odd.txt": "x\n",
                      "infra/.ownlint.yaml": "ownership: CODEOWNERS\nexclude: [CODEOWNERS, .ownlint.yaml]\n"})
    infra = repo / "infra"
    github = ownlint(infra, "check", "--format", "github")
    assert github.out.splitlines()[0] == (
        "::error file=infra/odd.txt,title=OWN401 unowned-path::no rule gives 'odd.txt' an owner"
    )
    run = json.loads(ownlint(infra, "check", "--format", "sarif").out)["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "infra/odd.txt", "uriBaseId": "ROOT",
    }
    assert run["originalUriBaseIds"] == {"ROOT": {"uri": repo.resolve().as_uri() + "/"}}
    gitlab = json.loads(ownlint(infra, "check", "--format", "gitlab").out)
    assert gitlab[0]["location"] == {"path": "infra/odd.txt", "lines": {"begin": 1}}
    # Text and JSON keep ownlint's own root-relative paths.
    assert ownlint(infra, "check").out.startswith("odd.txt: OWN401")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert "::error file=infra/odd.txt," in ownlint(infra, "check").out


_JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    | st.sampled_from([Severity.ERROR, float("nan"), float("inf"), float("-inf"), -0.0])
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    | st.dictionaries(st.integers() | st.none() | st.booleans(), inner, min_size=1, max_size=2),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(value=_JSON_VALUES, indent=st.sampled_from([0, 1, 2, 4]))
def test_indented_json_is_what_json_writes(value: Any, indent: int) -> None:
    """Reports are indented by formats/printable.py's own writer (json's is pure Python
    with an indent): byte for byte what json.dumps writes, odd values included."""
    assert indented_json(value, indent) == json.dumps(value, indent=indent, ensure_ascii=False)
