"""ownlint as a pre-commit hook, run by the real pre-commit on real commits."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import git, write_files

CHECKOUT = Path(__file__).resolve().parent.parent
# What pre-commit needs to install ownlint from a clone: the package and its data.
SHIPPED = ("ownlint", "schemas", "rules", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout's working tree, committed in a git repository pre-commit can clone."""
    root = tmp_path_factory.mktemp("ownlint-hook-repo")
    for name in SHIPPED:
        source = CHECKOUT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, root / name)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.email=t@example.invalid", "-c", "user.name=T", "-c", "commit.gpgsign=false",
        "commit", "-q", "-m", "ownlint")
    return root, git(root, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One PRE_COMMIT_HOME for the session: pre-commit builds the hook's venv once."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env["PRE_COMMIT_COLOR"] = "never"
    env["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))  # the key that seals cache entries
    env.pop("GITHUB_ACTIONS", None)
    return env


def _run(root: Path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )


PASSED = re.compile(r"^ownlint\.+Passed$", re.MULTILINE)
CONFIG = ".ownlint.yaml"
MAPPING_HEAD = """\
version: 1
rules:
  - path: /dns/
    owners: [traffic]
"""
PUPPET_RULE = """\
  - path: /puppet/
    owners: [sre]
"""


@pytest.fixture
def hooked_repo(make_repo: Callable[..., Path], hook_repo: tuple[Path, str], pre_commit_env: dict[str, str]) -> Path:
    path, rev = hook_repo
    root = make_repo(
        {
            CONFIG: """\
                teams: teams.yaml
                ownership: ownership.yaml
                exclude: [".*", teams.yaml, ownership.yaml]
                """,
            "teams.yaml": """\
                version: 1
                teams:
                  sre: {name: SRE, lead: mark}
                  traffic: {name: Traffic, lead: brandon, parent: sre}
                """,
            "ownership.yaml": MAPPING_HEAD,
            "dns/zone": "@ IN SOA ns0\n",
            ".pre-commit-config.yaml": f"""\
                repos:
                  - repo: {path}
                    rev: {rev}
                    hooks:
                      - id: ownlint
                """,
        }
    )
    installed = _run(root, pre_commit_env, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout
    return root


def _commit(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run(root, env, "git", "commit", "-q", "-m", "change")


def test_commit_of_an_unowned_file_is_refused_until_the_mapping_owns_it(
    hooked_repo: Path, pre_commit_env: dict[str, str]
) -> None:
    root, env = hooked_repo, pre_commit_env
    write_files(root, {"puppet/site.pp": "node default {}\n"})
    git(root, "add", "puppet/site.pp")
    refused = _commit(root, env)
    assert refused.returncode == 1, refused.stdout
    assert "puppet/site.pp: OWN401 [error] no rule gives 'puppet/site.pp' an owner" in refused.stdout
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"

    # Own it in the staged mapping; the working tree has an unstaged edit that would
    # unown it again and an untracked unowned file: neither is in the commit.
    write_files(root, {"ownership.yaml": MAPPING_HEAD + PUPPET_RULE})
    git(root, "add", "ownership.yaml")
    write_files(root, {"ownership.yaml": MAPPING_HEAD, "scratch.txt": "notes\n"})
    accepted = _commit(root, env)
    assert accepted.returncode == 0, accepted.stdout
    assert PASSED.search(accepted.stdout), accepted.stdout
    assert git(root, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(root, "show", "HEAD:ownership.yaml") == MAPPING_HEAD + PUPPET_RULE
    # pre-commit put the unstaged edit and the untracked file back.
    assert (root / "ownership.yaml").read_text(encoding="utf-8") == MAPPING_HEAD
    assert (root / "scratch.txt").is_file()


def test_a_staged_mapping_change_rechecks_the_whole_repository(
    hooked_repo: Path, pre_commit_env: dict[str, str]
) -> None:
    root, env = hooked_repo, pre_commit_env
    # Staged: the /dns/ rule is gone. Working tree: it is back (unstaged). The
    # commit would unown dns/zone, a file the commit does not otherwise touch.
    write_files(root, {"ownership.yaml": "version: 1\nrules: []\n"})
    git(root, "add", "ownership.yaml")
    write_files(root, {"ownership.yaml": MAPPING_HEAD})
    refused = _commit(root, env)
    assert refused.returncode == 1, refused.stdout
    assert "dns/zone: OWN401 [error] no rule gives 'dns/zone' an owner" in refused.stdout
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"


def test_files_that_need_no_check_pass(hooked_repo: Path, pre_commit_env: dict[str, str]) -> None:
    root, env = hooked_repo, pre_commit_env
    write_files(root, {"dns/other-zone": "@ IN SOA ns1\n"})
    git(root, "add", "-A")
    git(root, "rm", "-q", "dns/zone")  # a deletion is never handed to the hook
    accepted = _commit(root, env)
    assert accepted.returncode == 0, accepted.stdout
    assert PASSED.search(accepted.stdout), accepted.stdout
    everything = _run(root, env, sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert everything.returncode == 0 and PASSED.search(everything.stdout), everything.stdout


# The README's snippet, as a user follows it: name the ownlint repository, let
# `pre-commit autoupdate --freeze` pin its commit, install, commit.
README_HOOK_REPO = "https://github.com/YOUR-ORG/ownlint"


def _readme_pre_commit_snippet() -> str:
    text = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"^```yaml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL) if "- id: ownlint" in b]
    assert len(blocks) == 1, "the README has one pre-commit snippet"
    return blocks[0]


def test_the_readme_pre_commit_snippet_works_as_written(
    make_repo: Callable[..., Path], hook_repo: tuple[Path, str], pre_commit_env: dict[str, str]
) -> None:
    path, rev = hook_repo
    env = pre_commit_env
    snippet = _readme_pre_commit_snippet()
    assert snippet.count(README_HOOK_REPO) == 1, "the repository URL is the one thing a user replaces"
    # Not a tag that does not exist: a placeholder autoupdate replaces, or a full sha.
    assert re.search(r"^    rev: (COMMIT-SHA|[0-9a-f]{40})\s", snippet, re.MULTILINE), snippet
    root = make_repo(
        {
            CONFIG: "teams: teams.yaml\nownership: ownership.yaml\nexclude: ['.*', teams.yaml, ownership.yaml]\n",
            "teams.yaml": "version: 1\nteams:\n  sre: {name: SRE, lead: mark}\n  traffic: {name: Traffic, lead: brandon}\n",
            "ownership.yaml": MAPPING_HEAD,
            "dns/zone": "@ IN SOA ns0\n",
            ".pre-commit-config.yaml": snippet.replace(README_HOOK_REPO, str(path)),
        }
    )
    frozen = _run(root, env, sys.executable, "-m", "pre_commit", "autoupdate", "--freeze")
    assert frozen.returncode == 0, frozen.stdout
    config = (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert re.search(rf"^    rev: {rev}(\s|$)", config, re.MULTILINE), config
    git(root, "add", ".pre-commit-config.yaml")
    installed = _run(root, env, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout

    write_files(root, {"puppet/site.pp": "node default {}\n"})
    git(root, "add", "puppet/site.pp")
    refused = _commit(root, env)
    assert refused.returncode == 1, refused.stdout
    assert "puppet/site.pp: OWN401 [error] no rule gives 'puppet/site.pp' an owner" in refused.stdout

    write_files(root, {"ownership.yaml": MAPPING_HEAD + PUPPET_RULE})
    git(root, "add", "ownership.yaml")
    accepted = _commit(root, env)
    assert accepted.returncode == 0, accepted.stdout
    assert PASSED.search(accepted.stdout), accepted.stdout
