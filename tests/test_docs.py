"""The documentation says what is true: generated pages are fresh, the module map is the
package tree, every command and option is documented, links lead somewhere, and the
README's commands and install instructions work as written."""
from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from ruamel.yaml import YAML

from ownlint.cli import build_parser
from tests.conftest import Result, write_files

CHECKOUT = Path(__file__).resolve().parent.parent
DOCS = CHECKOUT / "docs"
README = CHECKOUT / "README.md"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _blocks(path: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(_text(path)) if lang == language]


def test_rules_page_is_generated_from_the_catalog(ownlint: Callable[..., Result]) -> None:
    result = ownlint(None, "rules", "--format", "markdown")
    assert result.code == 0
    assert result.out == _text(DOCS / "rules.md"), (
        "docs/rules.md is stale: run `ownlint rules --format markdown > docs/rules.md`"
    )


def test_one_rule_as_markdown(ownlint: Callable[..., Result]) -> None:
    result = ownlint(None, "rules", "retired-owner", "--format", "markdown")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[:5] == [
        "# OWN302 retired-owner",
        "",
        "An owner names a team that was renamed or retired.",
        "",
        "Default severity: error. Fix: safe (`ownlint check --fix`).",
    ]
    assert [line for line in lines if line.startswith("## ")] == [
        "## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix",
    ]


# --- docs/architecture.md: the module map is the package tree ----------------

MODULE = re.compile(r"`(ownlint/(?:[A-Za-z0-9_]+/)*(?:[A-Za-z0-9_]+\.py)?)`")


def _package_tree(top: Path) -> set[str]:
    """Every module of the package under top: a package as its folder
    (`ownlint/checks/`), any other module as its file."""
    tree = set()
    for path in (top / "ownlint").rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        relative = path.relative_to(top).as_posix()
        tree.add(relative[: -len("__init__.py")] if path.name == "__init__.py" else relative)
    return tree


def _map_errors(page: str, top: Path) -> tuple[list[str], list[str]]:
    """The modules the page misses, and the entries it lists that do not exist."""
    listed = set(MODULE.findall(page))
    tree = _package_tree(top)
    return sorted(tree - listed), sorted(listed - tree)


def test_module_map_matches_the_package_tree() -> None:
    missing, absent = _map_errors(_text(DOCS / "architecture.md"), CHECKOUT)
    assert missing == [], "modules missing from docs/architecture.md: add a line for each"
    assert absent == [], "docs/architecture.md lists modules that do not exist"


def test_module_map_check_sees_a_missing_and_an_absent_module(tmp_path: Path) -> None:
    write_files(tmp_path, {"ownlint/__init__.py": "", "ownlint/cli.py": "", "ownlint/checks/__init__.py": "",
                           "ownlint/checks/new.py": "", "ownlint/checks/__pycache__/x.py": ""})
    page = "| `ownlint/` | the package |\n| `ownlint/cli.py` | |\n| `ownlint/checks/` | |\n| `ownlint/gone.py` | |\n"
    assert _map_errors(page, tmp_path) == (["ownlint/checks/new.py"], ["ownlint/gone.py"])
    assert _map_errors(page.replace("gone", "checks/new"), tmp_path) == ([], [])


def test_layer_diagram_is_the_import_contract() -> None:
    """The diagram's layers, top to bottom, are the import-linter layers contract's."""
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    contracts = tomllib.loads(_text(CHECKOUT / "pyproject.toml"))["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    diagram = _blocks(DOCS / "architecture.md", "")[0].splitlines()
    drawn = [re.split(r"\s{2,}", line.lstrip(" └"))[0] for line in diagram]
    assert drawn == [layer.replace("ownlint.", "") for layer in layers]


# --- docs/commands.md: every command and option ---------------------------------

def _commands() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following != -1 else len(text)]


@pytest.mark.parametrize("name,parser", list(_commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_and_option_is_documented(name: str, parser: argparse.ArgumentParser) -> None:
    page = _text(DOCS / "commands.md")
    heading = f"## `ownlint {name}`"
    assert heading in page, f"docs/commands.md has no section '{heading}'"
    section = _section(page, heading)
    options = sorted(
        option for action in parser._actions for option in action.option_strings if option not in ("-h", "--help")
    )
    assert [option for option in options if f"`{option}" not in section and f"{option} " not in section] == []
    choices = [
        choice
        for action in parser._actions
        if action.option_strings == ["--format"] and action.choices
        for choice in action.choices
    ]
    assert [choice for choice in choices if choice not in section] == []


def test_global_options_are_documented() -> None:
    page = _text(DOCS / "commands.md")
    options = [o for a in build_parser()._actions for o in a.option_strings if o not in ("-h", "--help")]
    assert [option for option in options if f"`{option}" not in page] == []


# --- links and facts ---------------------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(text: str) -> set[str]:
    """GitHub's anchors for a page's headings."""
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(CHECKOUT).as_posix())
def test_links_lead_somewhere(page: Path) -> None:
    broken = []
    text = _text(page)
    for target in LINK.findall(FENCE.sub("", text)):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, fragment = target.partition("#")
        destination = (page.parent / file).resolve() if file else page
        if not destination.exists():
            broken.append(target)
        elif fragment and destination.suffix == ".md" and fragment not in _anchors(_text(destination)):
            broken.append(target)
    assert broken == []


def test_readme_is_short_and_links_every_page() -> None:
    text = _text(README)
    assert len(text.encode("utf-8")) <= 8 * 1024 + 512, "the README is a front page: move detail to docs/"
    linked = {Path(target.partition("#")[0]).name for target in LINK.findall(text)}
    assert sorted(page.name for page in DOCS.glob("*.md") if page.name not in linked) == []


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_text(CHECKOUT / "schemas" / f"{name}.schema.json"))
    return loaded


def test_every_configuration_and_registry_key_is_documented() -> None:
    page = _text(DOCS / "configuration.md")
    config = _schema("config")["properties"]
    keys = [key for key in config if "properties" not in config[key]]  # a table's keys stand for it
    keys += [f"{parent}.{key}" for parent in config if "properties" in config[parent] for key in config[parent]["properties"]]
    keys += list(_schema("teams")["$defs"]["team"]["properties"])
    keys += [f"rules[].{key}" for key in _schema("ownership")["properties"]["rules"]["items"]["properties"]]
    assert [key for key in keys if f"| `{key}` |" not in page] == []


def test_every_domain_of_the_built_in_pack_is_documented() -> None:
    domains = YAML(typ="safe", pure=True).load(_text(CHECKOUT / "rules" / "iac-domains.yaml"))["domains"]
    page = _text(DOCS / "configuration.md")
    assert [domain for domain in domains if f"| `{domain}` |" not in page] == []


# --- the README's commands and install instructions ---------------------------------

SET_UP = [
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/ownlint -C examples/wikimedia-sre check",
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
]


def test_readme_set_up_commands(ownlint: Callable[..., Result]) -> None:
    """The two commands stand in the README as written here; CI runs the second one
    (quietly), and the first one's check finds the example's planted problems (exit 1)."""
    assert _blocks(README, "sh")[:2] == [command + "\n" for command in SET_UP]
    assert SET_UP[1] in _text(CHECKOUT / ".ci" / "run").replace(" -q ", " ")  # pip's -q: quieter, same install
    argv = shlex.split(SET_UP[0].rpartition("&& .venv/bin/ownlint ")[2])
    result = ownlint(None, *[str(CHECKOUT / a) if a.startswith("examples/") else a for a in argv])
    assert result.code == 1, result.err
    assert " OWN302 [error] " in result.out


INSTALL = re.compile(r"pip install (.+)")


def _install_arguments() -> Iterator[tuple[str, str]]:
    for page in PAGES:
        for language in ("sh", "yaml"):
            for block in _blocks(page, language):
                for line in INSTALL.findall(block):
                    yield page.name, line


def test_no_example_installs_ownlint_from_a_registry() -> None:
    """ownlint is on no package registry: every install is from a clone or a git URL."""
    installs = list(_install_arguments())
    assert len(installs) >= 4
    for page, line in installs:
        arguments = [a for a in shlex.split(line.split("&&")[0].split("#")[0]) if not a.startswith("-")]
        assert arguments, (page, line)
        for argument in arguments:
            assert argument.startswith(("git+https://", ".", "/")), (page, line)


def test_ci_examples_are_valid_yaml() -> None:
    blocks = _blocks(DOCS / "ci.md", "yaml")
    assert len(blocks) == 3
    documents = [YAML(typ="safe", pure=True).load(block) for block in blocks]
    assert [hook["id"] for hook in documents[0]["repos"][0]["hooks"]] == ["ownlint", "ownlint-codeowners"]
    assert "ownlint" in documents[1]["jobs"] and "ownlint" in documents[2]


def _pre_commit_snippets() -> list[tuple[str, str]]:
    return [(page.name, block) for page in PAGES for block in _blocks(page, "yaml") if "- id: ownlint" in block]


@pytest.mark.parametrize("page,snippet", _pre_commit_snippets())
def test_pre_commit_snippets_are_valid_configurations(page: str, snippet: str, tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippet, encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
    )
    assert checked.returncode == 0, checked.stdout


def test_readme_tour_shows_real_output(ownlint: Callable[..., Result]) -> None:
    """The tour's excerpt of `check` on the example is what check prints."""
    excerpt = _blocks(README, "")[0].splitlines()
    result = ownlint(CHECKOUT / "examples" / "wikimedia-sre", "check", "--today", "2026-11-27")
    assert result.code == 1
    assert [line for line in excerpt if line not in result.out.splitlines()] == []
