"""`ownlint check` end to end: real git repositories, the real CLI, exact output."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import Result

TEAMS = """\
version: 1
teams:
  sre:
    name: Site Reliability Engineering
    lead: [mark]
    handles: ["@wikimedia/sre"]
  traffic:
    name: Traffic
    parent: sre
    lead: brandon
    handles: ["@wikimedia/sre-traffic"]
  service-operations:
    name: Service Operations
    lead: alexandros
    aliases: [ServiceOps]
  data-persistence:
    name: Data Persistence
    lead: manuel
  technical-operations:
    name: Technical Operations
    status: renamed
    renamed_to: sre
    until: 2018-02-12
  analytics:
    name: Analytics
    status: renamed
    renamed_to: data-engineering
  data-engineering:
    name: Data Engineering
    status: renamed
    renamed_to: data-platform
    until: 2030-01-01
  data-platform:
    name: Data Platform
    lead: ben
  core-ops:
    name: Core Ops
    status: retired
    successors: [service-operations, data-persistence]
"""

OWNERSHIP = """\
version: 1
rules:
  - path: /dns/
    owners: [traffic]
  - path: /hieradata/
    owners: [technical-operations]   # still the old department
  - path: /modules/
    owners: [core-ops]
  - path: /analytics/
    owners: [analytics]
  - path: /helmfile.d/
    owners: [ServiceOps, data-engineering]
  - path: /private/
    owners: []
  - path: /README.md
    owners: [trafic]
"""

CONFIG = """\
teams: teams.yaml
ownership: ownership.yaml
exclude: [.ownlint.yaml, teams.yaml, ownership.yaml]
"""

FILES = {
    ".ownlint.yaml": CONFIG,
    "teams.yaml": TEAMS,
    "ownership.yaml": OWNERSHIP,
    "dns/templates/wikipedia.org": "@ SOA ns0.wikimedia.org.\n",
    "hieradata/role/common/mariadb/core.yaml": "profile::contacts::role_contacts: []\n",
    "modules/mariadb/manifests/init.pp": "class mariadb {}\n",
    "analytics/hadoop.yaml": "x: 1\n",
    "helmfile.d/services/api/helmfile.yaml": "releases: []\n",
    "private/scratch/notes.txt": "scratch\n",
    "netbox/new.py": "print()\n",
    "README.md": "# ops\n",
}

Run = Callable[..., Result]


@pytest.fixture
def project(make_repo: Callable[..., Path]) -> Path:
    return make_repo(FILES)


EXPECTED_TEXT = """\
netbox/new.py: OWN401 [error] no rule gives 'netbox/new.py' an owner
ownership.yaml:6:14: OWN302 [error] owner 'technical-operations' was renamed to 'sre' on 2018-02-12 [fix: replace 'technical-operations' with 'sre']
ownership.yaml:8:14: OWN302 [error] owner 'core-ops' was retired; its work went to 'service-operations', 'data-persistence'
ownership.yaml:10:14: OWN302 [error] owner 'analytics' was renamed to 'data-engineering', now 'data-platform' [fix: replace 'analytics' with 'data-platform']
ownership.yaml:12:26: OWN302 [warning] owner 'data-engineering' was renamed to 'data-platform' on 2030-01-01 (a grace period: an error from 2030-01-01) [fix: replace 'data-engineering' with 'data-platform']
ownership.yaml:16:14: OWN301 [error] owner 'trafic' is not a team in teams.yaml; did you mean 'traffic'?
teams.yaml:3:3: OWN105 [info] team 'sre' owns no file in this repository (no rule names it; rules still name its predecessor 'technical-operations')
teams.yaml:16:3: OWN105 [info] team 'data-persistence' owns no file in this repository (no rule names it; rules still name its predecessor 'core-ops')
teams.yaml:33:3: OWN105 [info] team 'data-platform' owns no file in this repository (no rule names it; rules still name its predecessors 'analytics', 'data-engineering')
Found 5 errors, 1 warning, 3 infos in 11 files (6 owned, 2 unowned, 3 excluded)
"""


def test_text_output_names_every_problem(project: Path, ownlint: Run) -> None:
    result = ownlint(project, "check", "--today", "2026-11-27")
    assert result.out == EXPECTED_TEXT
    assert result.code == 1


def test_grace_period_ends_on_the_until_date(project: Path, ownlint: Run) -> None:
    before = json.loads(ownlint(project, "check", "--today", "2029-12-31", "--format", "json").out)
    after = json.loads(ownlint(project, "check", "--today", "2030-01-01", "--format", "json").out)

    def severity(doc: dict) -> str:
        [finding] = [f for f in doc["findings"] if "'data-engineering' was" in f["message"]]
        return str(finding["severity"])

    assert (severity(before), severity(after)) == ("warning", "error")


def test_json_output_has_the_documented_shape(project: Path, ownlint: Run) -> None:
    result = ownlint(project, "check", "--today", "2026-11-27", "--format", "json")
    document = json.loads(result.out)
    assert document["version"] == 1
    assert document["root"] == str(project.resolve())
    assert document["flavor"] is None  # an ownlint mapping, not a CODEOWNERS file
    assert document["summary"] == {
        "files": 11, "owned": 6, "unowned": 2, "excluded": 3, "errors": 5, "warnings": 1, "infos": 3,
    }
    assert document["findings"][0] == {
        "code": "OWN401", "name": "unowned-path", "severity": "error",
        "message": "no rule gives 'netbox/new.py' an owner",
        "file": "netbox/new.py", "line": None, "column": None, "path": "netbox/new.py", "fix": None,
    }
    assert document["findings"][1] == {
        "code": "OWN302", "name": "retired-owner", "severity": "error",
        "message": "owner 'technical-operations' was renamed to 'sre' on 2018-02-12",
        "file": "ownership.yaml", "line": 6, "column": 14, "path": None,
        "fix": {"description": "replace 'technical-operations' with 'sre'", "safe": True},
    }
    assert result.code == 1


@pytest.mark.parametrize(
    "options, codes, exit_code",
    [
        (["--select", "OWN401"], ["OWN401"], 1),
        (["--ignore", "OWN302,OWN401"], ["OWN301", "OWN105", "OWN105", "OWN105"], 1),
        (["--select", "OWN302", "--today", "2000-01-01"], ["OWN302"] * 4, 1),
        (["--select", "OWN301", "--exit-zero"], ["OWN301"], 0),
        (["--select", "own102"], [], 0),
    ],
)
def test_select_ignore_and_exit_zero(project: Path, ownlint: Run, options: list[str], codes: list[str], exit_code: int) -> None:
    result = ownlint(project, "check", "--format", "json", *options)
    assert [f["code"] for f in json.loads(result.out)["findings"]] == codes
    assert result.code == exit_code


def test_paths_restrict_the_ownership_check(project: Path, ownlint: Run) -> None:
    result = ownlint(project, "check", "--select", "OWN401", "dns/templates/wikipedia.org", "README.md")
    assert result.code == 0
    result = ownlint(project, "check", "--select", "OWN401", "netbox/new.py")
    assert "netbox/new.py: OWN401" in result.out and result.code == 1


def test_a_changed_mapping_among_the_paths_checks_everything(project: Path, ownlint: Run) -> None:
    result = ownlint(project, "check", "--select", "OWN401", "ownership.yaml")
    assert "netbox/new.py: OWN401" in result.out


def test_files_from_replaces_the_file_list(project: Path, ownlint: Run, tmp_path: Path) -> None:
    listing = tmp_path / "files.txt"
    listing.write_bytes(b"dns/a.zone\0brand/new/file\0")
    result = ownlint(project, "check", "--select", "OWN401", "--files-from", str(listing), "-z")
    assert result.out.splitlines()[0] == "brand/new/file: OWN401 [error] no rule gives 'brand/new/file' an owner"
    assert result.out.splitlines()[-1].endswith("in 2 files (1 owned, 1 unowned)")


def test_zero_configuration_reads_github_codeowners(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(
        {
            ".github/CODEOWNERS": "# owners\n/dns/ @wikimedia/sre-traffic  # DNS\n*.md @wikimedia/docs\n/.github/ @wikimedia/sre\n",
            "dns/a.zone": "",
            "README.md": "",
            "puppet/site.pp": "",
            "puppet/modules/x/init.pp": "",
        }
    )
    result = ownlint(root, "check")
    assert result.out == (
        "puppet/modules/x/init.pp: OWN401 [error] no rule gives 'puppet/modules/x/init.pp' an owner\n"
        "puppet/site.pp: OWN401 [error] no rule gives 'puppet/site.pp' an owner\n"
        "Found 2 errors, 0 warnings, 0 infos in 5 files (3 owned, 2 unowned)\n"
    )
    assert result.err.count("note:") == 1 and "no team registry" in result.err
    assert result.code == 1


def test_configuration_is_found_upwards_and_root_may_be_a_subdirectory(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(
        {
            "outside.txt": "",
            "infra/.ownlint.yaml": "ownership: CODEOWNERS\nexclude: [CODEOWNERS, .ownlint.yaml]\n",
            "infra/CODEOWNERS": "/dns/ @org/traffic\n",
            "infra/dns/a.zone": "",
            "infra/dns/sub/b.zone": "",
            "infra/puppet/x.pp": "",
        }
    )
    result = ownlint(root / "infra" / "dns" / "sub", "check")
    assert result.out.splitlines() == [
        "puppet/x.pp: OWN401 [error] no rule gives 'puppet/x.pp' an owner",
        "Found 1 error, 0 warnings, 0 infos in 5 files (2 owned, 1 unowned, 2 excluded)",
    ]


def test_pyproject_table_configures(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(
        {
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.ownlint]\nownership = "OWNERS"\nexclude = ["pyproject.toml", "OWNERS"]\n',
            "OWNERS": "* @org/everyone\n",
            "a.txt": "",
        }
    )
    result = ownlint(root, "check")
    assert result.out == "All good: 0 errors, 0 warnings, 0 infos in 3 files (1 owned, 0 unowned, 2 excluded)\n"
    assert result.code == 0


def test_untracked_files_count_and_ignored_ones_do_not(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"CODEOWNERS": "/a/ @org/a\n", ".gitignore": "*.log\n"})
    (root / "new.txt").write_text("")
    (root / "debug.log").write_text("")
    result = ownlint(root, "check")
    assert "new.txt: OWN401" in result.out
    assert "debug.log" not in result.out


def test_outside_git_the_directory_is_walked(tmp_path: Path, ownlint: Run) -> None:
    (tmp_path / "CODEOWNERS").write_text("/dns/ @org/traffic\nCODEOWNERS @org/sre\n")
    (tmp_path / "dns").mkdir()
    (tmp_path / "dns" / "a.zone").write_text("")
    (tmp_path / "other").write_text("")
    result = ownlint(tmp_path, "check")
    assert result.out.splitlines()[0] == "other: OWN401 [error] no rule gives 'other' an owner"


BAD_REGISTRIES = [
    # (teams.yaml text, expected finding line prefix)
    (
        "version: 1\nteams:\n  sre:\n    name: [unclosed\n",
        "teams.yaml:5:1: OWN001 [error] invalid YAML:",
    ),
    (
        "version: 1\nteams:\n  sre:\n    name: SRE\n    leed: mark\n",
        "teams.yaml:5:5: OWN002 [error] unknown key 'leed' in teams/sre; did you mean 'lead'?",
    ),
    (
        "version: 1\nteams:\n  sre:\n    name: SRE\n    members: mark\n",
        "teams.yaml:5:14: OWN002 [error] teams/sre/members: expected a list ([a, b], or one '- item' a line), found "
        "the text 'mark'; for example: members: [brandon, emanuele]",
    ),
    (
        "version: 1\nteams:\n  sre:\n    name: SRE\n  sre:\n    name: Again\n",
        "teams.yaml:5:3: OWN003 [error] key 'sre' is given twice in one mapping (first on line 3)",
    ),
    (
        "version: 1\nteams:\n  sre:\n    name: SRE\n    status: renamed\n    renamed_to: ops\n",
        "teams.yaml:6:17: OWN101 [error] team 'sre' renamed_to names 'ops', which is not a team in the registry",
    ),
    (
        "version: 1\nteams:\n  sre:\n    name: SRE\n    successors: [a]\n    status: retired\n",
        "teams.yaml:5:18: OWN101 [error] team 'sre' successors names 'a', which is not a team in the registry",
    ),
    (
        "version: 1\nteams:\n  a:\n    name: A\n    status: renamed\n    renamed_to: b\n"
        "  b:\n    name: B\n    status: renamed\n    renamed_to: a\n",
        "teams.yaml:3:3: OWN102 [error] renames and successions loop: a -> b -> a; no current team ends the chain",
    ),
    (
        "version: 2\nteams: {}\n",
        "teams.yaml:1:10: OWN002 [error] version: expected 1, found the number 2; for example: version: 1",
    ),
]


@pytest.mark.parametrize("teams, expected", BAD_REGISTRIES)
def test_bad_registries_are_located(make_repo: Callable[..., Path], ownlint: Run, teams: str, expected: str) -> None:
    root = make_repo(
        {
            ".ownlint.yaml": "teams: teams.yaml\nownership: CODEOWNERS\nexclude: ['*']\n",
            "teams.yaml": teams,
            "CODEOWNERS": "* @org/x\n",
        }
    )
    result = ownlint(root, "check", "--select", "OWN001,OWN002,OWN003,OWN101,OWN102")
    assert result.out.splitlines()[0].startswith(expected), result.out
    assert result.code == 1


def test_bad_mapping_yaml_is_located(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(
        {
            ".ownlint.yaml": "ownership: ownership.yaml\n",
            "ownership.yaml": "version: 1\nrules:\n  - path: /dns/\n    owner: [traffic]\n",
        }
    )
    result = ownlint(root, "check")
    assert result.out.splitlines() == [
        "ownership.yaml:3:5: OWN002 [error] rules/0: the key 'owners' is missing; for example: owners: [traffic]",
        "ownership.yaml:4:5: OWN002 [error] unknown key 'owner' in rules/0; did you mean 'owners'?",
        "Found 2 errors, 0 warnings, 0 infos",
    ]


@pytest.mark.parametrize(
    "files, args, message",
    [
        ({"a.txt": ""}, ["check"], "no .ownlint.yaml and no CODEOWNERS file"),
        ({".ownlint.yaml": "teams: nope.yaml\nownership: CODEOWNERS\n", "CODEOWNERS": ""}, ["check"],
         ".ownlint.yaml:1:8: teams: 'nope.yaml' does not exist"),
        ({".ownlint.yaml": "ownership: [a\n"}, ["check"], ".ownlint.yaml:2:1: invalid YAML"),
        ({".ownlint.yaml": "ownershp: CODEOWNERS\n", "CODEOWNERS": ""}, ["check"],
         "unknown key 'ownershp' in top level; did you mean 'ownership'?"),
        ({"CODEOWNERS": ""}, ["check", "--select", "OWN999"], "unknown check code 'OWN999'"),
        ({"CODEOWNERS": ""}, ["check", "--today", "yesterday"], "'yesterday' is not a date"),
        ({"CODEOWNERS": ""}, ["check", "--bogus"], "unrecognized arguments: --bogus"),
        ({"CODEOWNERS": ""}, ["check", "--changed-since", "no-such-ref"], "'no-such-ref' is not a git revision"),
    ],
)
def test_failures_are_one_line_and_exit_2(
    make_repo: Callable[..., Path], ownlint: Run, files: dict[str, str], args: list[str], message: str
) -> None:
    root = make_repo(files)
    result = ownlint(root, *args)
    assert result.code == 2
    assert result.out == ""
    [line] = result.err.strip().splitlines()
    assert line.startswith("ownlint: ") and message in line, line
    assert "Traceback" not in result.err


def test_the_example_repository_shows_what_the_tool_is_for(ownlint: Run) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "wikimedia-sre"
    result = ownlint(example, "check", "--today", "2026-11-27", "--format", "json")
    codes = {f["code"] for f in json.loads(result.out)["findings"]}
    assert {"OWN302", "OWN401", "OWN301"} <= codes
    assert result.code == 1


def test_python_dash_m_and_the_console_entry_point(project: Path) -> None:
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-m", "ownlint", "-C", str(project), "check", "--select", "OWN401"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert completed.returncode == 1
    assert completed.stdout.startswith("netbox/new.py: OWN401 [error]")


def test_files_named_on_the_command_line_are_relative_to_dash_c(project: Path, ownlint: Run) -> None:
    (project / "list.txt").write_text("netbox/new.py\n")
    result = ownlint(project, "check", "--select", "OWN401", "--files-from", "list.txt", "--output", "report.txt")
    assert result.code == 1 and result.out == ""
    assert (project / "report.txt").read_text().startswith("netbox/new.py: OWN401")


def test_a_full_run_with_untracked_files_is_made_over_all_of_them_once(
    make_repo: Callable[..., Path], ownlint: Run
) -> None:
    """The files git tracks are checked while git walks the tree for untracked ones; when
    it finds some, the run is made again over every file: one report, every note once."""
    root = make_repo({
        ".ownlint.yaml": "ownership: CODEOWNERS\nbaseline: baseline.jsonl\nexclude: ['.*', CODEOWNERS]\n",
        "CODEOWNERS": "/a/ @org/a\n",
        "a/x.txt": "",
    })
    clean = ownlint(root, "check")
    assert (clean.code, clean.out) == (0, "All good: 0 errors, 0 warnings, 0 infos in 3 files (1 owned, 0 unowned, "
                                          "2 excluded)\n")
    assert clean.out == ownlint(root, "check", "--tracked-only").out
    (root / "new.txt").write_text("")
    found = ownlint(root, "check")
    assert found.code == 1
    assert found.out.splitlines() == [
        "new.txt: OWN401 [error] no rule gives 'new.txt' an owner",
        "Found 1 error, 0 warnings, 0 infos in 4 files (1 owned, 1 unowned, 2 excluded)",
    ]
    assert found.err.count("the baseline baseline.jsonl does not exist yet") == 1
    assert ownlint(root, "check", "--tracked-only").code == 0  # new.txt is not git's yet
