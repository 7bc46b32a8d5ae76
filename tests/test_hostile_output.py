"""A repository's file names and values never reach a terminal or a CI log raw (issue 11):
no escape sequence, no forged line, no workflow command, in every output format."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import Result, git

Run = Callable[..., Result]

INJECTED = "x\n::error file=fake.py::injected\n.txt"
TERMINAL = "t\x1b]0;pwned\x07\x1b[2J\u202eevil.txt"


@pytest.fixture
def hostile(make_repo: Callable[..., Path]) -> Path:
    root = make_repo({".github/CODEOWNERS": "/.github/ @org/sre\n/docs/ @org/docs\n", "docs/a.md": ""})
    for name in (INJECTED, TERMINAL):
        (root / "docs" / name).write_text("")
        (root / name).write_text("")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "hostile names")
    return root


def _assert_safe_text(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\r" not in text
    for line in text.splitlines():
        assert not line.startswith("::") and not line.startswith("##["), line


@pytest.mark.parametrize("args", [
    ["check"], ["check", "--no-rollup"], ["ls"], ["ls", "--unowned"], ["explain", "."], ["explain", "docs"],
    ["explain", "docs/" + INJECTED], ["check", "--diff"],
])
def test_text_output_escapes_every_control_character(hostile: Path, ownlint: Run, args: list[str]) -> None:
    result = ownlint(hostile, *args)
    assert "internal error" not in result.err
    _assert_safe_text(result.out)
    _assert_safe_text(result.err)


def test_the_unowned_file_is_named_escaped_on_its_own_line(hostile: Path, ownlint: Run) -> None:
    result = ownlint(hostile, "check", "--no-rollup")
    assert "x\\n::error file=fake.py::injected\\n.txt: OWN401 [error] no rule gives" in result.out
    assert "t\\e]0;pwned\\x07\\e[2J\\u202eevil.txt: OWN401 [error]" in result.out


def test_github_annotations_are_only_ownlint_s_own(hostile: Path, ownlint: Run,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["check", "--format", "github"], ["check"]):
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        result = ownlint(hostile, *args)
        commands = [line for line in result.out.splitlines() if line.startswith("::")]
        assert commands and all(line.startswith("::error file=") for line in commands)
        assert not any(line.startswith("::error file=fake.py") for line in commands)
        assert "\x1b" not in result.out


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_machine_formats_stay_parseable_and_escaped(hostile: Path, ownlint: Run, fmt: str) -> None:
    result = ownlint(hostile, "check", "--format", fmt)
    assert "\x1b" not in result.out and not any(line.startswith("::") for line in result.out.splitlines())
    text = json.dumps(json.loads(result.out))
    assert "fake.py" in text  # the name is there, escaped inside a JSON string


def test_an_error_message_naming_a_hostile_path_is_one_line(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n", ".ownlint.yaml": f"ownership: \"{TERMINAL}\\n::error ::x\"\n"})
    result = ownlint(root, "check")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "\x1b" not in result.err


# Characters json.dumps leaves raw inside a string: C1 controls (NEL, CSI), DEL, the line
# separator and a bidi override; any of them reorders or breaks what a person reads.
RAW_IN_JSON = "n\x85l\x9b2J\x7fd\u2028s\u202eevil.txt"


@pytest.fixture
def raw_named(make_repo: Callable[..., Path]) -> Path:
    root = make_repo({".github/CODEOWNERS": "/.github/ @org/sre\n/docs/ @org/docs\n", "docs/a.md": ""})
    (root / "docs" / RAW_IN_JSON).write_text("")
    (root / RAW_IN_JSON).write_text("")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "names JSON would carry raw")
    return root


@pytest.mark.parametrize("args", [
    ["check", "--format", "json"], ["check", "--format", "sarif"], ["check", "--format", "gitlab"],
    ["ls", "--format", "jsonl"], ["explain", "--format", "json", "docs"], ["explain", "--format", "json", "."],
    ["teams", "--format", "json"], ["diff", "--format", "json", "HEAD~1", "HEAD"],
])
def test_json_outputs_escape_what_json_leaves_raw(raw_named: Path, ownlint: Run, args: list[str]) -> None:
    git(raw_named, "commit", "-q", "--allow-empty", "-m", "a second revision for diff")
    if args[0] == "diff":  # the hostile files arrive in the later revision
        (raw_named / ".github" / "CODEOWNERS").write_text("* @org/all\n")
        git(raw_named, "commit", "-qam", "everything to one team")
    result = ownlint(raw_named, *args)
    assert result.code in (0, 1), result.err
    assert not any(char in result.out for char in "\x85\x9b\x7f\u2028\u202e")
    records = [json.loads(line) for line in result.out.splitlines()] if "jsonl" in args else [json.loads(result.out)]
    if args[0] not in ("teams", "explain") or args[-1] == ".":  # where the name is listed, it comes back exactly
        assert RAW_IN_JSON in json.dumps(records, ensure_ascii=False)
