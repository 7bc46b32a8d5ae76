"""The import-linter contracts in pyproject.toml hold, and they bite: a check that
imports the engine breaks them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
LINT_IMPORTS = shutil.which("lint-imports", path=os.path.dirname(sys.executable)) or shutil.which("lint-imports")

pytestmark = pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is a test dependency: pip install -e '.[test]'")


def _lint_imports(top: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS is not None
    env = {**os.environ, "PYTHONPATH": str(top)}
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(top / "pyproject.toml"), "--no-cache"],
        cwd=top, env=env, capture_output=True, text=True,
    )


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(TOP / "ownlint", copy / "ownlint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(TOP / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_contracts_hold(tmp_path):
    result = _lint_imports(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("checks/coverage.py", "from ownlint.matching import engine", "never match patterns themselves"),
    ("model/mapping.py", "from ownlint.commands import common", "Layers"),
    ("tables/ownership.py", "from ownlint.checks import context", "Layers"),
])
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, contract):
    copy = _copy(tmp_path)
    path = copy / "ownlint" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(copy)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
