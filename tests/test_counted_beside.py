"""A large check's match counts (OWN203, OWN204) found by a forked child while the run
works out the winners (tables/ownership.py, sources/forked.py): the same report as counts
made in the run itself, whether the child answers or fails."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from ownlint.cli import main
from ownlint.sources import forked
from ownlint.tables import ownership

# Rules that match nothing (OWN203), rules that never win (OWN204) and gitlab-free
# sections: every count and tally of a check is asked for.
CODEOWNERS = """\
* @org/everyone
/services/ @org/services
/services/api/ @org/api
**/deploy/ @org/deploy
/services/ @org/services-again
/docs/**/*.md @org/docs
/nowhere/ @org/nobody
*.tf @org/terraform
/infra/**/prod/ @org/prod
/infra/ @org/infra
"""

FILES = {
    "CODEOWNERS": CODEOWNERS,
    "README.md": "r\n",
    "services/api/main.py": "m\n",
    "services/api/deploy/values.yaml": "v\n",
    "services/web/deploy/values.yaml": "v\n",
    "services/web/app.py": "a\n",
    "docs/guide/intro.md": "i\n",
    "docs/index.md": "i\n",
    "infra/eu/prod/main.tf": "t\n",
    "infra/us/prod/dns.tf": "t\n",
    "infra/us/staging/dns.tf": "t\n",
}



def _report(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, beside: bool) -> object:
    monkeypatch.chdir(root)
    monkeypatch.setenv("OWNLINT_NO_CACHE", "1")  # (a cached count would never be counted)
    monkeypatch.setattr(ownership, "COUNTED_BESIDE_FROM", 0 if beside else 10**9)
    monkeypatch.setattr(forked, "spare_core", lambda: True)
    assert main(["check", "--format", "json", "--exit-zero"]) == 0
    return json.loads(capsys.readouterr().out)


def test_counts_from_the_child_report_as_counts_made_here(
    make_repo: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    forks: list[int],
) -> None:
    root = make_repo(FILES)
    here = _report(root, capsys, monkeypatch, beside=False)
    assert not forks
    beside = _report(root, capsys, monkeypatch, beside=True)
    assert forks  # the child counted
    assert beside == here
    codes = {finding["code"] for finding in here["findings"]}  # type: ignore[index]
    assert {"OWN203", "OWN204"} <= codes  # the counts and the tallies were asked for


def test_a_failing_child_leaves_the_counts_to_the_run(
    make_repo: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    forks: list[int], failing_children: None,
) -> None:
    root = make_repo(FILES)
    here = _report(root, capsys, monkeypatch, beside=False)
    assert _report(root, capsys, monkeypatch, beside=True) == here
    assert forks


def test_no_second_core_no_child(
    make_repo: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    forks: list[int],
) -> None:
    root = make_repo(FILES)
    here = _report(root, capsys, monkeypatch, beside=False)
    monkeypatch.setattr(ownership, "COUNTED_BESIDE_FROM", 0)
    monkeypatch.setattr(forked, "spare_core", lambda: False)
    assert main(["check", "--format", "json", "--exit-zero"]) == 0
    assert json.loads(capsys.readouterr().out) == here
    assert not forks


def test_no_count_asked_no_child(
    make_repo: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    forks: list[int],
) -> None:
    root = make_repo(FILES)
    monkeypatch.chdir(root)
    monkeypatch.setattr(ownership, "COUNTED_BESIDE_FROM", 0)
    monkeypatch.setattr(forked, "spare_core", lambda: True)
    assert main(["check", "--format", "json", "--exit-zero", "--ignore", "OWN203,OWN204"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"]
    assert main(["ls"]) == 0
    assert "services/api/main.py" in capsys.readouterr().out
    assert not forks
