"""bitwarden/server's CODEOWNERS read as GitHub reads it: every file's deciding line
equals the PyPI `codeowners` package's (recorded by benchmarks/compare_codeowners.py
in pypi-codeowners-lines.txt), and the folders its authors carve out of wildcard
rules fall where they meant them to."""
from __future__ import annotations

import contextlib
import gzip
import io
import json
import shutil
from collections import Counter
from typing import Any

import pytest

from ownlint.cli import main
from tests.conftest import DATA

BITWARDEN = DATA / "codeowners" / "bitwarden__server"


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """`ownlint ls --format jsonl` over the whole file list: path -> record."""
    root = tmp_path_factory.mktemp("bitwarden")
    (root / ".git").mkdir()  # the root, as in a repository
    (root / ".github").mkdir()
    shutil.copyfile(BITWARDEN / "CODEOWNERS", root / ".github" / "CODEOWNERS")
    (root / "paths.txt").write_text("\n".join(_paths()) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(buffer):
        patch.setenv("OWNLINT_CACHE_DIR", str(root / "cache"))  # not the user's
        code = main(["-C", str(root), "ls", "--format", "jsonl", "--files-from", str(root / "paths.txt")])
    assert code == 0
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    return {record["path"]: record for record in records}


def _paths() -> list[str]:
    with gzip.open(BITWARDEN / "paths.gz", "rt", encoding="utf-8") as stream:
        return stream.read().splitlines()


def test_every_file_has_the_pypi_codeowners_answer(answers: dict[str, dict[str, Any]]) -> None:
    paths = _paths()
    expected = (BITWARDEN / "pypi-codeowners-lines.txt").read_text(encoding="utf-8").splitlines()
    assert len(paths) == len(expected) == len(answers) == 7451
    differing = [
        (path, answers[path]["line"], want)
        for path, want in zip(paths, expected)
        if answers[path]["line"] != (None if want == "-" else int(want))
    ]
    assert differing == []


@pytest.mark.parametrize(
    "path, line, owners",
    [
        # `**/Pam*` (line 106) owns whole Pam folders, not only files named Pam...
        ("bitwarden_license/src/Services/Pam/Api/Endpoints/LeaseEndpoints.cs", 106, ["@bitwarden/team-pam-dev"]),
        # `**/*Platform*` (line 100) owns Platform folders; line 103 frees one file of them
        ("src/Core/Platform/Push/PushType.cs", 103, []),
        ("src/Core/Platform/Push/IPushNotificationService.cs", 100, ["@bitwarden/team-platform-dev"]),
    ],
)
def test_carved_out_folders(answers: dict[str, dict[str, Any]], path: str, line: int, owners: list[str]) -> None:
    assert (answers[path]["line"], answers[path]["owners"]) == (line, owners)


def test_the_187_files_that_change_owner(answers: dict[str, dict[str, Any]]) -> None:
    """Files beneath a folder named Pam... or ...Platform... whose own name does not fit
    the pattern: reading a wildcard last segment as files only left them to earlier rules."""
    moved = Counter(
        record["line"] for path, record in answers.items()
        if record["line"] == 106 and not path.rsplit("/", 1)[-1].startswith("Pam")
        or record["line"] == 100 and "Platform" not in path.rsplit("/", 1)[-1]
    )
    assert moved == {106: 96, 100: 91}
