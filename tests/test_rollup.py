"""Text output that scales: many unowned files rolled up by directory, a hook's screenful."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from ownlint.report.text import roll_up
from tests.conftest import Result

Run = Callable[..., Result]

UNOWNED = {
    **{f"modules/netbox/files/f{n:02}.py": "" for n in range(30)},
    **{f"modules/dns/f{n}.pp": "" for n in range(5)},
    "modules/README": "",
    "setup.cfg": "",
}
FILES = {".github/CODEOWNERS": "/owned/ @org/a\n", "owned/x": "", **UNOWNED}


def test_more_than_twenty_unowned_files_are_rolled_up(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    result = ownlint(root, "check", "--select", "OWN401")
    assert result.code == 1
    # Under 20 lines: the 30 files of one folder are one line, the 5 of another fit one a line.
    assert result.out == "".join(
        f"{path}: OWN401 [error] no rule gives '{path}' an owner\n"
        for path in (".github/CODEOWNERS", "modules/README", *(f"modules/dns/f{n}.pp" for n in range(5)))
    ) + (
        "modules/netbox/files/* (30 files): OWN401 [error] no rule gives these files an owner\n"
        "setup.cfg: OWN401 [error] no rule gives 'setup.cfg' an owner\n"
        "(38 unowned files rolled up by directory: --no-rollup or --format json lists each)\n"
        "Found 38 errors, 0 warnings, 0 infos in 39 files (1 owned, 38 unowned)\n"
    )
    full = ownlint(root, "check", "--select", "OWN401", "--no-rollup")
    assert len(full.out.splitlines()) == 39
    data = json.loads(ownlint(root, "check", "--select", "OWN401", "--format", "json").out)
    assert len(data["findings"]) == 38


def test_limit_prints_a_screenful_and_the_count(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    result = ownlint(root, "check", "--select", "OWN401", "--no-rollup", "--limit", "3")
    assert result.out.splitlines()[3:] == [
        "... and 35 more lines of findings",
        "Found 38 errors, 0 warnings, 0 infos in 39 files (1 owned, 38 unowned)",
    ]


def test_roll_up_splits_the_largest_directory_while_it_fits() -> None:
    paths = [f"src/{team}/{n}" for team in ("a", "b", "c") for n in range(10)] + ["README"]
    assert roll_up(paths, 4) == [("README", ["README"])] + [
        (f"src/{team}/*", [f"src/{team}/{n}" for n in range(10)]) for team in ("a", "b", "c")
    ]
    assert roll_up(paths, 3) == [("README", ["README"]), ("src/", paths[:-1])]
