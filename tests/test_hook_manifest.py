"""The pre-commit hook manifest stays in step with the command line."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

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
    assert [hook["id"] for hook in hooks] == ["ownlint"]
    hook = _hooks()[0]
    assert set(hook) <= {item.key for item in MANIFEST_HOOK_DICT.items}
    assert (hook["language"], hook["pass_filenames"], hook["require_serial"]) == ("python", True, True)


def test_the_entry_is_an_installed_script_with_options_that_parse() -> None:
    entry = shlex.split(_hooks()[0]["entry"])
    scripts = tomllib.loads((CHECKOUT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert entry[0] in scripts
    args = build_parser().parse_args(entry[1:] + ["dns/zone", "puppet/site.pp"])
    assert (args.command, args.paths, args.cached) == ("check", ["dns/zone", "puppet/site.pp"], True)
