"""The `ownlint` program ends without Python's finalisation (cli._end): everything it
printed is there, whole, and its exit code is main()'s."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import Result

CHECKOUT = Path(__file__).resolve().parent.parent


def program(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`python -m ownlint ARGV`: the program, as a hook or CI starts it."""
    # Standard output buffered, as it is for users (this machine's shell may set PYTHONUNBUFFERED).
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    environment["PYTHONPATH"] = str(CHECKOUT)
    return subprocess.run([sys.executable, "-m", "ownlint", *argv], cwd=cwd, capture_output=True, text=True,
                          env=environment, check=False)


@pytest.mark.parametrize("extra", [[], ["--format", "json"]])
def test_a_long_report_is_written_whole_before_the_process_ends(
    make_repo: Callable[..., Path], ownlint: Callable[..., Result], extra: list[str]
) -> None:
    root = make_repo({"CODEOWNERS": "/owned/ @org/team\n", "owned/a.txt": ""})
    # Far more than a pipe or a stream's buffer holds: one finding per unowned file.
    (root / "list.txt").write_text("".join(f"unowned/directory/file-{n:05}.txt\n" for n in range(4000)))
    expected = ownlint(root, "check", "--no-rollup", "--files-from", "list.txt", *extra)
    done = program(root, "check", "--no-rollup", "--files-from", "list.txt", *extra)
    assert len(done.stdout) > 200_000
    assert (done.returncode, done.stdout, done.stderr) == (expected.code, expected.out, expected.err) == (
        1, expected.out, expected.err
    )


def test_the_exit_code_is_main_s(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"CODEOWNERS": "* @org/team\n", "a.txt": ""})
    clean = program(root, "check")
    assert clean.returncode == 0 and "0 errors" in clean.stdout, clean
    refused = program(root, "check", "--select", "OWN999")
    assert refused.returncode == 2 and refused.stderr.startswith("ownlint: --select: unknown check code"), refused


def test_a_report_written_to_a_file_is_whole(make_repo: Callable[..., Path], ownlint: Callable[..., Result]) -> None:
    root = make_repo({"CODEOWNERS": "/owned/ @org/team\n", "owned/a.txt": ""})
    (root / "list.txt").write_text("".join(f"unowned/file-{n:05}.txt\n" for n in range(3000)))
    expected = ownlint(root, "check", "--no-rollup", "--files-from", "list.txt", "--format", "json")
    done = program(root, "check", "--no-rollup", "--files-from", "list.txt", "--format", "json", "--output", "out.json")
    assert done.returncode == 1 and done.stdout == ""
    assert (root / "out.json").read_text() == expected.out


# Runs the program as `python -m ownlint` and the console script would, noting whether
# the cyclic collector is on when ownlint.cli is first imported (a finder asked first).
_COLLECTOR_AT_CLI = """
import gc, os, sys, runpy
class Noted:
    def find_spec(self, name, path=None, target=None):
        if name == "ownlint.cli":
            print("collector on at ownlint.cli:", gc.isenabled(), file=sys.stderr)
        return None
sys.meta_path.insert(0, Noted())
sys.argv = ["ownlint", "--version"]
if os.environ.get("HOW") == "script":
    from ownlint.__main__ import run
    run()
else:
    runpy.run_module("ownlint", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("how", ["-m", "script"])
def test_the_program_imports_ownlint_with_the_collector_off(tmp_path: Path, how: str) -> None:
    """Before cli.run turned it off, importing ownlint.cli and its modules made four
    collections (about 1.3 ms of a hook's start-up) over objects that live to the end."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    scripts = tomllib.loads((CHECKOUT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["ownlint"] == "ownlint.__main__:run"
    environment = {"PYTHONPATH": str(CHECKOUT), "PATH": os.environ["PATH"], "HOW": how}
    done = subprocess.run([sys.executable, "-c", _COLLECTOR_AT_CLI], cwd=tmp_path, capture_output=True, text=True,
                          env=environment, check=False)
    assert (done.returncode, done.stdout.split()[0], done.stderr) == (0, "ownlint", "collector on at ownlint.cli: False\n")
