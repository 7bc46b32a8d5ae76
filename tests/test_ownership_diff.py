"""`ownlint diff`: ownership between two commits of a real repository, read as it was at each."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from ownlint.queries.ownership_diff import summarise
from tests.conftest import Result, git, write_files

Run = Callable[..., Result]

TEAMS_BEFORE = """\
version: 1
teams:
  core-ops:
    name: Core Ops
    lead: mark
    handles: ["@org/core-ops"]
  docs:
    name: Documentation
    lead: quim
"""

TEAMS_AFTER = """\
version: 1
teams:
  core-ops:
    name: Core Ops
    status: retired
    handles: ["@org/core-ops"]
    successors: [traffic, data-persistence]
  traffic:
    name: Traffic
    lead: brandon
    handles: ["@org/traffic"]
  data-persistence:
    name: Data Persistence
    lead: manuel
    handles: ["@org/data-persistence"]
  docs:
    name: Documentation
    lead: quim
    handles: ["@org/docs"]
"""

BEFORE = {
    ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/.ownlint.yaml, /teams.yaml, /ownership.yaml]\n",
    "teams.yaml": TEAMS_BEFORE,
    "ownership.yaml": (
        "version: 1\nrules:\n"
        "  - path: /dns/\n    owners: [\"@org/core-ops\"]\n"
        "  - path: /modules/\n    owners: [core-ops]\n"
        "  - path: /docs/\n    owners: [docs]\n"
    ),
    "dns/templates/wikipedia.org": "",
    "dns/templates/wikimedia.org": "",
    "modules/mariadb/manifests/init.pp": "",
    "modules/mariadb/files/my.cnf": "",
    "modules/base/manifests/init.pp": "",
    "docs/index.md": "",
    "tools/run.sh": "",
    "old/script.sh": "",
}

# The reorganisation: the mapping moves to a CODEOWNERS file written with handles.
AFTER = {
    ".ownlint.yaml": (
        "teams: teams.yaml\nownership: .github/CODEOWNERS\nexclude: [/.ownlint.yaml, /teams.yaml, /.github/]\n"
    ),
    "teams.yaml": TEAMS_AFTER,
    ".github/CODEOWNERS": (
        "/dns/ @org/traffic\n/modules/ @org/core-ops\n/modules/mariadb/ @org/data-persistence\n/tools/ @org/docs\n"
    ),
    "netbox/new.py": "",
}


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    root = make_repo(BEFORE)
    git(root, "rm", "-q", "ownership.yaml", "old/script.sh")
    write_files(root, AFTER)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "reorganisation: Core Ops split")
    return root


EXPECTED_JSON = {
    "version": 1,
    "base": "HEAD~1",
    "head": "HEAD",
    "changed": [
        {"path": "dns/templates/wikimedia.org", "before": ["core-ops"], "after": ["traffic"]},
        {"path": "dns/templates/wikipedia.org", "before": ["core-ops"], "after": ["traffic"]},
        {"path": "modules/mariadb/files/my.cnf", "before": ["core-ops"], "after": ["data-persistence"]},
        {"path": "modules/mariadb/manifests/init.pp", "before": ["core-ops"], "after": ["data-persistence"]},
    ],
    "unowned": [{"path": "docs/index.md", "before": ["docs"], "after": []}],
    "owned": [{"path": "tools/run.sh", "before": [], "after": ["docs"]}],
    "added": [{"path": "netbox/new.py", "before": [], "after": []}],
    "removed": [{"path": "old/script.sh", "before": [], "after": []}],
    "teams": [
        {"team": "core-ops", "gained": 0, "lost": 4},
        {"team": "data-persistence", "gained": 2, "lost": 0},
        {"team": "docs", "gained": 1, "lost": 1},
        {"team": "traffic", "gained": 2, "lost": 0},
    ],
    "summary": {"files": 7, "changed": 4, "unowned": 1, "owned": 1, "added": 1, "removed": 1},
}


def test_json_between_two_commits(repo: Path, ownlint: Run) -> None:
    result = ownlint(repo, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert json.loads(result.out) == EXPECTED_JSON
    assert result.code == 0


def test_text_between_two_commits(repo: Path, ownlint: Run) -> None:
    result = ownlint(repo, "diff", "HEAD~1", "HEAD")
    assert result.out == """\
Ownership from HEAD~1 to HEAD: 7 files in both
Change owner (4 files):
  modules/mariadb/ (2 files): core-ops -> data-persistence
  dns/ (2 files): core-ops -> traffic
Become unowned (1 file):
  docs/index.md: docs -> (no owner)
Gain an owner (1 file):
  tools/run.sh: (no owner) -> docs
Teams:
  data-persistence  +2 -0
  traffic           +2 -0
  docs              +1 -1
  core-ops          +0 -4
Files added: 1 (1 with no owner); removed: 1
"""


def test_the_working_tree_against_head_by_default(repo: Path, ownlint: Run) -> None:
    (repo / ".github" / "CODEOWNERS").write_text("/dns/ @org/traffic\n/modules/ @org/data-persistence\n/tools/ @org/docs\n")
    result = ownlint(repo, "diff", "--format", "json")
    document = json.loads(result.out)
    assert (document["base"], document["head"]) == ("HEAD", None)
    assert document["changed"] == [
        {"path": "modules/base/manifests/init.pp", "before": ["core-ops"], "after": ["data-persistence"]},
    ]
    assert ownlint(repo, "diff", "HEAD").out == ownlint(repo, "diff").out


def test_a_root_below_the_git_top_level(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({f"ops/{name}": text for name, text in BEFORE.items()})
    git(root, "rm", "-q", "ops/ownership.yaml", "ops/old/script.sh")
    write_files(root, {f"ops/{name}": text for name, text in AFTER.items()})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "reorganisation")
    result = ownlint(root / "ops", "diff", "HEAD~1", "HEAD", "--format", "json")
    assert json.loads(result.out) == EXPECTED_JSON


def test_identical_revisions(repo: Path, ownlint: Run) -> None:
    result = ownlint(repo, "diff", "HEAD", "HEAD")
    assert result.out == "Ownership from HEAD to HEAD: 8 files in both\nNo file changes owner.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuchrev"], "'nosuchrev' is not a git revision here"),
        (["HEAD~1", "HEAD~5"], "'HEAD~5' is not a git revision here"),
    ],
)
def test_bad_revisions_stop_with_one_line(repo: Path, ownlint: Run, args: list[str], message: str) -> None:
    result = ownlint(repo, "diff", *args)
    assert result.code == 2
    assert result.err == f"ownlint: {repo.resolve()}: {message}\n"


def test_a_broken_file_at_a_revision_is_named_with_the_revision(repo: Path, ownlint: Run) -> None:
    (repo / "teams.yaml").write_text("version: 1\nteams: [\n")
    git(repo, "commit", "-q", "-am", "broken")
    result = ownlint(repo, "diff", "HEAD~1", "HEAD")
    assert result.code == 2
    assert result.err.startswith("ownlint: HEAD:teams.yaml:3:1: invalid YAML")


def test_outside_git_diff_cannot_run(tmp_path: Path, ownlint: Run) -> None:
    write_files(tmp_path, {"CODEOWNERS": "* @org/x\n"})
    result = ownlint(tmp_path, "diff")
    assert result.code == 2
    assert result.err.endswith("ownlint diff needs a git repository\n")


@pytest.mark.parametrize(
    ("paths", "universe", "expected"),
    [
        (["a/1", "a/2"], ["a/1", "a/2", "b/1"], [("a/", 2)]),
        (["a/1"], ["a/1", "a/2"], [("a/1", 1)]),
        (["a/b/1", "a/b/2", "a/c"], ["a/b/1", "a/b/2", "a/c", "a/d"], [("a/b/", 2), ("a/c", 1)]),
        (["a/b/1", "a/b/2", "a/c"], ["a/b/1", "a/b/2", "a/c"], [("a/", 3)]),
        (["top"], ["top", "other"], [("top", 1)]),
    ],
)
def test_summarise_collapses_whole_directories(
    paths: list[str], universe: list[str], expected: list[tuple[str, int]]
) -> None:
    assert summarise(paths, universe) == expected


def test_adopting_ownlint_in_pyproject(make_repo: Callable[..., Path], ownlint: Run) -> None:
    """Before the first mapping every file is unowned; the configuration may live in pyproject.toml."""
    root = make_repo({"pyproject.toml": "[project]\nname = 'ops'\n", "dns/a.zone": "", "src/x.py": ""})
    write_files(
        root,
        {
            "pyproject.toml": "[project]\nname = 'ops'\n\n[tool.ownlint]\nownership = 'OWNERS.yaml'\n"
            "exclude = ['/pyproject.toml', '/OWNERS.yaml']\n",
            "OWNERS.yaml": "version: 1\nrules:\n  - path: /dns/\n    owners: [traffic]\n",
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "adopt ownlint")
    document = json.loads(ownlint(root, "diff", "HEAD~1", "HEAD", "--format", "json").out)
    assert document["owned"] == [{"path": "dns/a.zone", "before": [], "after": ["traffic"]}]
    assert document["added"] == document["removed"] == []  # OWNERS.yaml is excluded, pyproject.toml too now
    assert document["teams"] == [{"team": "traffic", "gained": 1, "lost": 0}]
    assert document["summary"]["files"] == 2


def test_a_change_of_notation_is_not_a_change_of_team(make_repo: Callable[..., Path], ownlint: Run) -> None:
    """Adoption with `init --mapping yaml`: before, CODEOWNERS handles and no registry; after,
    team ids of a registry holding those handles. The other side's registry reads both."""
    root = make_repo({
        ".github/CODEOWNERS": "/db/ @acme/dept-dbops\n/web/ @acme/web @alice\n",
        "db/schema.sql": "", "web/index.html": "", "ops/run.sh": "",
    })
    assert ownlint(root, "init", "--mapping", "yaml").code == 0
    write_files(root, {"ownership.yaml": (root / "ownership.yaml").read_text() + "  - path: /ops/\n"
                       "    owners: [dept-dbops]\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "adopt ownlint")
    document = json.loads(ownlint(root, "diff", "HEAD~1", "HEAD", "--format", "json").out)
    assert document["changed"] == []  # @acme/dept-dbops and dept-dbops are one team
    assert document["owned"] == [{"path": "ops/run.sh", "before": [], "after": ["dept-dbops"]}]
    assert document["teams"] == [{"team": "dept-dbops", "gained": 1, "lost": 0}]
