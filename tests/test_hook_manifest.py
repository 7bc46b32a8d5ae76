"""The pre-commit hook manifest stays in step with the command line."""
from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ownlint.cli import build_parser

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CHECKOUT = Path(__file__).resolve().parent.parent


def _hooks() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = YAML(typ="safe").load((CHECKOUT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    return hooks


def test_the_hook_is_declared_as_pre_commit_expects() -> None:
    from pre_commit.clientlib import MANIFEST_HOOK_DICT, load_manifest

    hooks = load_manifest(CHECKOUT / ".pre-commit-hooks.yaml")  # pre-commit's own validation
    assert [hook["id"] for hook in hooks] == ["ownlint", "ownlint-codeowners"]
    keys = {item.key for item in MANIFEST_HOOK_DICT.items}
    assert all(set(hook) <= keys for hook in _hooks())
    check, codeowners = _hooks()
    assert (check["language"], check["pass_filenames"], check["require_serial"]) == ("python", True, True)
    assert (codeowners["language"], codeowners["pass_filenames"]) == ("python", False)


def test_the_entries_run_the_console_scripts_target_with_options_that_parse() -> None:
    """`python -m ownlint`: the module the console script runs, without the script pip
    writes (which imports re)."""
    scripts = tomllib.loads((CHECKOUT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts == {"ownlint": "ownlint.__main__:run"}
    check, codeowners = (shlex.split(hook["entry"]) for hook in _hooks())
    assert check[:3] == codeowners[:3] == ["python", "-m", "ownlint"]
    args = build_parser().parse_args(check[3:] + ["dns/zone", "puppet/site.pp"])
    assert (args.command, args.paths, args.cached) == ("check", ["dns/zone", "puppet/site.pp"], True)
    args = build_parser().parse_args(codeowners[3:])
    assert (args.command, args.check) == ("codeowners", True)


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("ownership.yaml", True), ("teams.yml", True), (".github/CODEOWNERS", True), (".ownlint.yaml", True),
        ("infra/ownership.yaml", True), ("dns/zone", False), ("docs/CODEOWNERS.md", False),
    ],
)
def test_the_codeowners_hook_runs_when_its_inputs_change(path: str, runs: bool) -> None:
    assert bool(re.search(_hooks()[1]["files"], path)) is runs
