"""A repository under review is untrusted: every file its configuration names stays inside
the root and outside .git/, and each state (working tree, index, revision) is read from
itself alone (issue 11)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import Result, git
from tests.test_hostile_input import OWNERSHIP, TEAMS, project, run_untouched, snapshot

Run = Callable[..., Result]

# (configuration, expected error): every way out of the root that a configuration can name.
OUTSIDE_CASES = [
    ("git config as the mapping", "ownership: .git/config\n",
     "ownlint: .ownlint.yaml:1:12: ownership: '.git/config' is inside .git/, which no configuration may name\n"),
    ("git config as the registry", "teams: .git/config\nownership: ownership.yaml\n",
     "ownlint: .ownlint.yaml:1:8: teams: '.git/config' is inside .git/, which no configuration may name\n"),
    ("climbing out", "teams: teams.yaml\nownership: ../outside/victimrc\n",
     "ownlint: .ownlint.yaml:2:12: ownership: '../outside/victimrc' leads outside the repository root\n"),
    ("an absolute path", "ownership: /etc/passwd\n",
     "ownlint: .ownlint.yaml:1:12: ownership: '/etc/passwd' is an absolute path: paths are relative to the root\n"),
    ("through a committed link", "ownership: link/victimrc\n",
     "ownlint: .ownlint.yaml:1:12: ownership: 'link/victimrc' leads outside the repository root through a symbolic link\n"),
    ("into .git through a link", "ownership: gitlink/config\n",
     "ownlint: .ownlint.yaml:1:12: ownership: 'gitlink/config' leads into .git/ through a symbolic link\n"),
    ("a pack out of the root", "ownership: ownership.yaml\npacks: [core, ../outside/pack.yaml]\n",
     "ownlint: .ownlint.yaml:2:15: packs[1]: '../outside/pack.yaml' leads outside the repository root\n"),
    ("a vocabulary through a link", "ownership: ownership.yaml\nvocabularies:\n  - name: v\n    file: link/victimrc\n"
     "    regex: '(?P<team>[a-z]+)'\n",
     "ownlint: .ownlint.yaml:4:11: vocabularies[0].file: 'link/victimrc' leads outside the repository root "
     "through a symbolic link\n"),
    ("a baseline in .git", "ownership: ownership.yaml\nbaseline: .git/hooks/pre-commit\n",
     "ownlint: .ownlint.yaml:2:11: baseline: '.git/hooks/pre-commit' is inside .git/, which no configuration may name\n"),
]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victimrc").write_text("/a.txt @victim\n")
    return folder


@pytest.mark.parametrize("config, expected", [c[1:] for c in OUTSIDE_CASES], ids=[c[0] for c in OUTSIDE_CASES])
@pytest.mark.parametrize("command", [["check"], ["check", "--fix"], ["explain", "a.txt"], ["ls"], ["codeowners"]])
def test_a_configuration_cannot_name_a_file_outside_the_root(
    make_repo: Callable[..., Path], ownlint: Run, outside: Path, config: str, expected: str, command: list[str]
) -> None:
    root = project(make_repo, config=config)
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "gitlink").symlink_to(root / ".git", target_is_directory=True)
    git_config = (root / ".git" / "config").read_bytes()
    victim = (outside / "victimrc").read_bytes()
    result = run_untouched(ownlint, root, *command)
    assert (result.code, result.out, result.err) == (2, "", expected)
    assert (root / ".git" / "config").read_bytes() == git_config
    assert (outside / "victimrc").read_bytes() == victim


def test_the_git_config_attack_writes_nothing_and_runs_nothing(make_repo: Callable[..., Path], ownlint: Run) -> None:
    """The attack of the issue: a handle with a newline, spliced into .git/config by --fix."""
    root = project(
        make_repo,
        config="teams: teams.yaml\nownership: .git/config\n",
        teams='version: 1\nteams:\n  sre:\n    name: SRE\n    lead: mark\n'
              '    handles: ["core\\n\\tfsmonitor = \\"touch PWNED; false\\""]\n',
    )
    before = (root / ".git" / "config").read_bytes()
    result = run_untouched(ownlint, root, "check", "--fix")
    assert result.code == 2 and "inside .git/" in result.err
    assert (root / ".git" / "config").read_bytes() == before
    git(root, "status", "--short")
    assert not (root / "PWNED").exists()


@pytest.mark.parametrize("name", [".github/CODEOWNERS", "CODEOWNERS"])
def test_zero_configuration_does_not_follow_a_link_out(make_repo: Callable[..., Path], ownlint: Run,
                                                       outside: Path, name: str) -> None:
    root = make_repo({"a.txt": ""})
    (root / name).parent.mkdir(exist_ok=True)
    (root / name).symlink_to(outside / "victimrc")
    result = run_untouched(ownlint, root, "check", "--format", "json")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"ownlint: {name}: leads outside the repository root through a symbolic link\n"


def test_a_configuration_file_that_links_out_is_refused(make_repo: Callable[..., Path], ownlint: Run,
                                                        outside: Path) -> None:
    root = make_repo({"a.txt": "", "CODEOWNERS": "* @org/a\n"})
    (outside / "config.yaml").write_text("ownership: CODEOWNERS\n")
    (root / ".ownlint.yaml").symlink_to(outside / "config.yaml")
    result = run_untouched(ownlint, root, "check")
    assert (result.code, result.err) == (
        2, "ownlint: .ownlint.yaml: leads outside the repository root through a symbolic link\n"
    )


def test_a_link_inside_the_root_is_followed(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo, config="teams: teams.yaml\nownership: docs/ownership.yaml\n"
                                     "exclude: [/.ownlint.yaml, /teams.yaml, /ownership.yaml, /docs/]\n")
    (root / "docs").mkdir()
    (root / "docs" / "ownership.yaml").symlink_to("../ownership.yaml")
    result = run_untouched(ownlint, root, "check")
    assert (result.code, result.out) == (0, "All good: 0 errors, 0 warnings, 0 infos in 5 files (1 owned, 0 unowned, 4 excluded)\n")


# --- check --cached: the index, not the working tree -------------------------------------------

UNOWNING = "version: 1\nrules:\n  - path: /a.txt\n    owners: [sre]\n"


def test_check_cached_reads_the_staged_mapping(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo, extra={"src/one.py": "", "src/two.py": ""})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "owned")
    (root / "ownership.yaml").write_text(UNOWNING)
    git(root, "add", "ownership.yaml")
    (root / "ownership.yaml").write_text(OWNERSHIP)  # the working tree says all is owned
    assert ownlint(root, "check").code == 0
    result = run_untouched(ownlint, root, "check", "--cached")
    assert result.code == 1
    assert result.out.splitlines()[:2] == [
        "src/one.py: OWN401 [error] no rule gives 'src/one.py' an owner",
        "src/two.py: OWN401 [error] no rule gives 'src/two.py' an owner",
    ]


def test_check_cached_reads_the_staged_configuration_and_registry(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "owned")
    (root / "teams.yaml").write_text("version: 1\nteams:\n  web:\n    name: Web\n    lead: ana\n")
    git(root, "add", "teams.yaml")
    (root / "teams.yaml").write_text(TEAMS)
    result = run_untouched(ownlint, root, "check", "--cached")
    assert result.code == 1
    assert result.out.splitlines()[0] == "ownership.yaml:4:14: OWN301 [error] owner 'sre' is not a team in teams.yaml"


SCOPED_TEAMS = "version: 1\nteams:\n  sre:\n    name: SRE\n    lead: mark\n    scope: [dns]\n"
PACK_WITH_DNS = "version: 1\ndomains:\n  dns:\n    paths: ['/dns/']\n"
PACK_WITHOUT_DNS = "version: 1\ndomains:\n  web:\n    paths: ['/web/']\n"
PACK_CONFIG = ("teams: teams.yaml\nownership: ownership.yaml\npacks: [core, pack.yaml]\n"
               "exclude: [/.ownlint.yaml, /teams.yaml, /ownership.yaml, /pack.yaml]\n")


def test_check_cached_reads_the_staged_rule_pack(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo, teams=SCOPED_TEAMS, config=PACK_CONFIG, extra={"pack.yaml": PACK_WITH_DNS})
    git(root, "add", "-A")
    (root / "pack.yaml").write_text(PACK_WITHOUT_DNS)  # the working tree has lost the domain
    unknown = "teams.yaml:6:13: OWN402 [warning] team 'sre' has 'dns' in its scope, which is no domain of the packs"
    assert ownlint(root, "check").out.startswith(unknown)
    assert unknown.split(": OWN")[0] not in run_untouched(ownlint, root, "check", "--cached").out
    (root / "pack.yaml").write_text("version: 1\ndomains: [\n")
    git(root, "add", "pack.yaml")
    (root / "pack.yaml").write_text(PACK_WITH_DNS)  # a broken pack is staged: the commit is what is judged
    result = run_untouched(ownlint, root, "check", "--cached")
    assert (result.code, result.err.split(": while")[0]) == (2, "ownlint: :pack.yaml:3:1: invalid YAML")


BASELINE_CONFIG = "teams: teams.yaml\nownership: ownership.yaml\nbaseline: .ownlint-baseline\nexclude: [/.ownlint-baseline]\n"


def test_check_cached_reads_the_staged_baseline(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo, ownership=UNOWNING, config=BASELINE_CONFIG, extra={"src/one.py": ""})
    assert ownlint(root, "check", "--update-baseline").code == 0
    git(root, "add", "-A")
    (root / ".ownlint-baseline").unlink()  # not in the working tree: the staged one counts
    result = run_untouched(ownlint, root, "check", "--cached")
    assert result.code == 0, result.out
    assert result.out.endswith("; 4 more in the baseline\n")
    (root / ".ownlint-baseline").write_text("")
    git(root, "add", ".ownlint-baseline")
    (root / ".ownlint-baseline").unlink()
    assert ownlint(root, "check", "--update-baseline").code == 0  # the working tree accepts it all again
    result = run_untouched(ownlint, root, "check", "--cached")  # the staged (empty) baseline accepts nothing
    assert result.code == 1
    assert "src/one.py: OWN401 [error] no rule gives 'src/one.py' an owner" in result.out


# --- diff: git objects only ---------------------------------------------------------------------

def _history(make_repo: Callable[..., Path]) -> Path:
    root = project(make_repo, extra={"src/one.py": ""})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "owned")
    (root / "ownership.yaml").write_text(UNOWNING)
    git(root, "commit", "-qam", "unowned")
    return root


EXPECTED_DIFF = "Ownership from HEAD~1 to HEAD: 2 files in both\nBecome unowned (1 file):\n  src/one.py: sre -> (no owner)\n"


def test_diff_between_revisions_ignores_the_working_tree(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = _history(make_repo)
    (root / "ownership.yaml").unlink()
    (root / ".ownlint.yaml").write_text("ownership: [broken\n")
    result = run_untouched(ownlint, root, "diff", "HEAD~1", "HEAD")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith(EXPECTED_DIFF)


def test_diff_in_a_bare_repository(make_repo: Callable[..., Path], ownlint: Run, tmp_path: Path) -> None:
    root = _history(make_repo)
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(root), str(bare)], check=True)
    result = ownlint(bare, "diff", "HEAD~1", "HEAD")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith(EXPECTED_DIFF)
    alone = ownlint(bare, "diff", "HEAD~1")
    assert (alone.code, alone.err) == (2, f"ownlint: {bare}: a bare repository has no working tree: name two revisions\n")


def test_a_revision_cannot_name_a_file_outside_the_root(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo, config="ownership: up/victimrc\n")
    os.symlink("..", root / "up")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "hostile")
    result = run_untouched(ownlint, root, "diff", "HEAD", "HEAD")
    assert (result.code, result.err) == (
        2, "ownlint: HEAD:.ownlint.yaml:1:12: ownership: 'up/victimrc' leads outside the repository root "
           "or into .git/ through a symbolic link\n"
    )


# --- conflict markers ---------------------------------------------------------------------------

CONFLICTED_YAML = (
    "version: 1\nrules:\n  - path: '*'\n<<<<<<< HEAD\n    owners: [technical-operations]\n=======\n"
    "    owners: [sre]\n>>>>>>> reorg\n"
)
CONFLICTED_CODEOWNERS = "* @org/sre\n<<<<<<< HEAD\n/dns/ @org/technical-operations\n=======\n/dns/ @org/traffic\n>>>>>>> reorg\n"


def test_a_conflicted_mapping_is_one_finding_and_fix_leaves_it(make_repo: Callable[..., Path], ownlint: Run) -> None:
    teams = TEAMS + "  technical-operations:\n    name: TO\n    status: renamed\n    renamed_to: sre\n"
    root = project(make_repo, teams=teams, ownership=CONFLICTED_YAML)
    before = snapshot(root)
    result = ownlint(root, "check", "--fix")
    assert snapshot(root) == before
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "ownership.yaml:4:1: OWN001 [error] unresolved merge conflict marker: "
        "resolve the conflict before ownlint can read this file"
    )
    assert sum("OWN" in line for line in result.out.splitlines()) == 1


def test_a_conflicted_codeowners_gives_no_rules(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"dns/zone": "", ".github/CODEOWNERS": CONFLICTED_CODEOWNERS})
    result = run_untouched(ownlint, root, "check", "--format", "json")
    import json

    findings = json.loads(result.out)["findings"]
    assert [(f["code"], f["file"], f["line"]) for f in findings] == [("OWN001", ".github/CODEOWNERS", 2)]


def test_a_generated_codeowners_that_links_out_is_neither_read_nor_shown(
    make_repo: Callable[..., Path], ownlint: Run, outside: Path
) -> None:
    secret = outside / "shadow"
    secret.write_text("# Generated by ownlint\nroot:$6$secret:19000:0:99999:7:::\n")
    root = project(make_repo)
    (root / ".github").mkdir()
    (root / ".github" / "CODEOWNERS").symlink_to(secret)
    checked = run_untouched(ownlint, root, "check")
    assert "secret" not in checked.out + checked.err and ".github/CODEOWNERS" not in checked.out
    compared = run_untouched(ownlint, root, "codeowners", "--check")
    assert (compared.code, compared.out) == (2, "")
    assert compared.err == "ownlint: .github/CODEOWNERS: leads outside the repository root through a symbolic link\n"
    assert secret.read_text().startswith("# Generated by ownlint")
