"""The first day on a real repository, replayed: bitwarden/server's file list and CODEOWNERS,
`ownlint init`, check, baseline, the real pre-commit hook, two commits. The original
CODEOWNERS is byte-identical at the end."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import DATA, Result, git, write_files
from tests.test_pre_commit import PASSED, hook_repo, pre_commit_env  # noqa: F401  (session fixtures)

Run = Callable[..., Result]
CORPUS = DATA / "codeowners" / "bitwarden__server"


def _run(root: Path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )


@pytest.fixture
def bitwarden(tmp_path: Path) -> Path:
    """7,451 files (empty: ownership depends on names only) and the real CODEOWNERS, committed."""
    root = tmp_path / "server"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for key, value in (("user.email", "t@example.invalid"), ("user.name", "T"), ("commit.gpgsign", "false")):
        git(root, "config", key, value)
    with gzip.open(CORPUS / "paths.gz", "rt", encoding="utf-8") as listing:
        paths = listing.read().splitlines()
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).touch()
    (root / ".github" / "CODEOWNERS").write_bytes((CORPUS / "CODEOWNERS").read_bytes())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bitwarden/server at ac309aa")
    return root


@pytest.mark.slow
def test_adopting_ownlint_on_bitwarden(
    bitwarden: Path, ownlint: Run, hook_repo: tuple[Path, str], pre_commit_env: dict[str, str]  # noqa: F811
) -> None:
    root, env = bitwarden, pre_commit_env
    original = (CORPUS / "CODEOWNERS").read_bytes()

    started = ownlint(root, "init")
    assert started.code == 0, started.err
    registry = (root / "teams.yaml").read_text(encoding="utf-8")
    assert registry.count('    handles: ["@bitwarden/') == 18  # one team per handle the file uses

    first = ownlint(root, "check")
    assert first.code == 1
    lines = first.out.splitlines()
    report = json.loads(ownlint(root, "check", "--format", "json").out)
    unowned = [f for f in report["findings"] if f["code"] == "OWN401"]
    assert len(unowned) > 1500  # every one listed in JSON, rolled up by directory in text
    assert len(lines) < 60, first.out
    assert lines[-1].startswith(f"Found {report['summary']['errors']:,} errors, ")
    assert f"({len(unowned):,} unowned files rolled up by directory: --no-rollup or --format json lists each)" in lines
    assert re.search(r"^src/ \([0-9,]+ files\): OWN401 \[error\] no rule gives these files an owner$", first.out, re.M)

    path, rev = hook_repo
    write_files(root, {".pre-commit-config.yaml": f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n"
                                                  "      - id: ownlint\n"})
    recorded = ownlint(root, "check", "--update-baseline")
    assert recorded.code == 0, recorded.out
    assert "All good: 0 errors, 0 warnings, 0 infos" in recorded.out

    installed = _run(root, env, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout
    git(root, "add", ".ownlint.yaml", "teams.yaml", ".ownlint-baseline.jsonl", ".pre-commit-config.yaml")
    adopted = _run(root, env, "git", "commit", "-q", "-m", "Adopt ownlint")
    assert adopted.returncode == 0, adopted.stdout
    assert PASSED.search(adopted.stdout), adopted.stdout

    # A new file nobody owns: refused, with one line about it.
    write_files(root, {"src/Billing2/Ledger.cs": "class Ledger {}\n"})
    git(root, "add", "src/Billing2/Ledger.cs")
    refused = _run(root, env, "git", "commit", "-q", "-m", "Add the ledger")
    assert refused.returncode == 1, refused.stdout
    findings = [line for line in refused.stdout.splitlines() if ": OWN" in line]
    assert findings == ["src/Billing2/Ledger.cs: OWN401 [error] no rule gives 'src/Billing2/Ledger.cs' an owner"]
    git(root, "reset", "-q", "HEAD", "--", "src/Billing2/Ledger.cs")

    # A change to an owned file (src/Sql/** is @bitwarden/dept-dbops's): accepted.
    owned = "src/Sql/dbo/Tables/User.sql"
    assert (root / owned).is_file()
    write_files(root, {owned: "CREATE TABLE [dbo].[User] ();\n"})
    git(root, "add", owned)
    accepted = _run(root, env, "git", "commit", "-q", "-m", "User table")
    assert accepted.returncode == 0, accepted.stdout
    assert git(root, "rev-list", "--count", "HEAD").strip() == "3"

    assert (root / ".github" / "CODEOWNERS").read_bytes() == original
    assert git(root, "show", "HEAD:.github/CODEOWNERS").encode("utf-8") == original
