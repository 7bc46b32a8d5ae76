"""The quick reader of a plain command line (ownlint/arguments.py) gives argparse's answer
or none: every command, hypothesis-made argument lists, argparse as the reference."""
from __future__ import annotations

import importlib
from typing import Any, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownlint.arguments import Command, Unsupported, read
from ownlint.cli import COMMANDS, GLOBAL_DEFAULTS, build_parser
from ownlint.errors import OwnlintError


def add_arguments(command: str) -> Any:
    return importlib.import_module(COMMANDS[command][0]).add_arguments


def by_argparse(args: list[str], command: str) -> Optional[dict[str, Any]]:
    """What the whole parser makes of args; None when it stops (an error, help)."""
    try:
        return vars(build_parser(command).parse_args(args))
    except (OwnlintError, SystemExit):
        return None


def quickly(args: list[str], command: str) -> Optional[dict[str, Any]]:
    namespace = read(args, command, add_arguments(command), GLOBAL_DEFAULTS)
    return None if namespace is None else vars(namespace)


def words_of(command: str) -> list[str]:
    """The command's own option strings and choices, with near misses and values of every kind."""
    parser = build_parser(command)
    sub = next(action for action in parser._actions if action.dest == "command").choices[command]  # type: ignore[attr-defined]
    words = ["a.txt", "docs/", "-", "--", "-x", "--nope", "", "-1", "5", "0", "x y", "OWN401,own205", " ",
             "2024-02-29", "2023-02-29", "HEAD", "main", "json", "text", "jsonl", "sarif", "-zz", "-h", "--help"]
    for action in sub._actions:
        for name in action.option_strings:
            words += [name, name + "=", name + "=json", name + "=a.txt", name[:-1]]
        words += [str(choice) for choice in action.choices or ()]
    return words


PREFIXES = [[], ["--debug"], ["-C", "sub"], ["--config", "c.yaml"], ["-C", "-x"], ["--debug", "-C", "a", "--config", "b"],
            ["--config=c.yaml"], ["-Csub"], ["--version"], ["-h"]]


@pytest.mark.parametrize("command", list(COMMANDS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_quick_reader_gives_argparse_s_answer_or_none(command: str, data: st.DataObject) -> None:
    prefix = data.draw(st.sampled_from(PREFIXES))
    tail = data.draw(st.lists(st.sampled_from(words_of(command)), max_size=7))
    args = [*prefix, command, *tail]
    quick = quickly(args, command)
    if quick is not None:
        assert quick == by_argparse(args, command), args


@pytest.mark.parametrize("args", [
    ["check"],
    ["check", "--cached", "a.txt", "docs/b.md"],
    ["check", "a.txt", "b.txt", "--format", "json", "--exit-zero"],
    ["--debug", "-C", "repo", "--config", "c.yaml", "check", "--select=OWN401,own205", "--ignore", "OWN402", "-z"],
    ["check", "--files-from", "-", "--tracked-only", "--no-rollup", "--limit", "3", "--today", "2024-02-29"],
    ["check", "--fix", "--fix", "--baseline", "b.json", "--changed-since", "main", "--output", "out.txt"],
    ["ls", "--unowned", "--owner", "@org/team", "docs"],
    ["explain", "a.txt", "--format", "json", "--no-findings"],
    ["teams", "--format", "json"],
])
def test_a_plain_command_line_is_read_without_argparse(args: list[str]) -> None:
    command = next(arg for arg in args if arg in COMMANDS)
    quick = quickly(args, command)
    assert quick is not None and quick == by_argparse(args, command)


@pytest.mark.parametrize("args", [
    ["check", "a.txt", "--cached", "b.txt"],  # argparse takes one run of paths: b.txt is an error
    ["check", "--fix", "--diff"],  # not allowed together
    ["check", "--format", "yaml"],  # not a choice
    ["check", "--limit", "many"],  # not a number
    ["check", "--today", "2023-02-29"],  # not a date
    ["check", "--cach"],  # an abbreviation
    ["check", "--", "-a.txt"],
    ["check", "--cached=yes"],
    ["check", "--output", "-o"],  # a value that starts with '-' (argparse decides)
    ["check", "-h"],
    ["explain"],  # at least one path
    ["-C", "-x", "check"],
])
def test_what_argparse_must_word_is_left_to_it(args: list[str]) -> None:
    command = next(arg for arg in args if arg in COMMANDS)
    assert quickly(args, command) is None


def test_an_argument_of_another_kind_leaves_the_command_to_argparse() -> None:
    def counted(parser: Any) -> None:
        parser.add_argument("--verbose", "-v", action="count")

    with pytest.raises(Unsupported):
        Command(counted)
    assert read(["check", "-v"], "check", counted, GLOBAL_DEFAULTS) is None
