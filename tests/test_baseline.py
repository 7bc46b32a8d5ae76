"""check --baseline / --update-baseline: only new findings fail, entries survive unrelated edits, stale ones go."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from tests.conftest import Result, write_files

Run = Callable[..., Result]

TEAMS = """\
version: 1
teams:
  sre: {name: SRE, lead: mark}
  core-ops: {name: Core Ops, status: retired, successors: [sre]}
"""
MAPPING = """\
version: 1
rules:
  - path: /dns/
    owners: [core-ops]
  - path: /puppet/
    owners: [sre]
"""
FILES = {
    ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\nexclude: ['.*', '*.yaml', '*.jsonl']\n",
    "teams.yaml": TEAMS,
    "ownership.yaml": MAPPING,
    "dns/zone": "",
    "puppet/site.pp": "",
    "scratch/a": "",
    "scratch/b": "",
}
BASELINE = ".ownlint-baseline.jsonl"


def _codes(result: Result) -> list[tuple[str, str]]:
    return [(f["code"], f["path"] or f["file"]) for f in json.loads(result.out)["findings"]]


def test_update_then_check_reports_only_new_findings(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    written = ownlint(root, "check", "--baseline", BASELINE, "--update-baseline")
    assert written.code == 0, written.err
    assert "ownlint: recorded 3 findings in .ownlint-baseline.jsonl" in written.err
    assert written.out.endswith("All good: 0 errors, 0 warnings, 0 infos in 7 files (2 owned, 2 unowned, 3 excluded); "
                                "3 more in the baseline\n")
    entries = [json.loads(line) for line in (root / BASELINE).read_text().splitlines() if line.startswith("{")]
    assert entries == [
        {"code": "OWN302", "file": "ownership.yaml", "subject": "rule /dns/", "token": "core-ops"},
        {"code": "OWN401", "file": "scratch/a", "subject": "scratch/a", "token": ""},
        {"code": "OWN401", "file": "scratch/b", "subject": "scratch/b", "token": ""},
    ]
    write_files(root, {"scratch/c": ""})
    again = ownlint(root, "check", "--baseline", BASELINE, "--format", "json")
    assert again.code == 1
    assert _codes(again) == [("OWN401", "scratch/c")]
    assert json.loads(again.out)["summary"]["baselined"] == 3


def test_entries_survive_an_edit_that_moves_every_line(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({**FILES, ".ownlint.yaml": FILES[".ownlint.yaml"] + f"baseline: {BASELINE}\n"})
    assert ownlint(root, "check", "--update-baseline").code == 0
    write_files(root, {
        "ownership.yaml": MAPPING.replace("rules:\n", "# Ownership of the repository\nrules:\n  - path: /ci/\n"
                                          "    owners: [sre]\n"),
        "teams.yaml": "# who is who\n" + TEAMS,
    })
    moved = ownlint(root, "check", "--format", "json")
    assert moved.code == 0, moved.out
    assert _codes(moved) == [("OWN203", "ownership.yaml")]  # the new rule matches nothing: new, so reported
    assert json.loads(moved.out)["summary"]["baselined"] == 3


def test_stale_entries_are_reported_and_fix_drops_only_them(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    ownlint(root, "check", "--baseline", BASELINE, "--update-baseline")
    before = (root / BASELINE).read_text()
    write_files(root, {"ownership.yaml": MAPPING + "  - path: /scratch/a\n    owners: [sre]\n"})
    stale = ownlint(root, "check", "--baseline", BASELINE)
    assert stale.code == 0
    assert stale.out.splitlines()[0] == (
        ".ownlint-baseline.jsonl:4:1: OWN207 [info] baseline entry no longer occurs: OWN401 scratch/a "
        "[fix: drop the entry from the baseline]"
    )
    fixed = ownlint(root, "check", "--baseline", BASELINE, "--fix")
    assert fixed.out.startswith("Dropped 1 stale baseline entry:\n  .ownlint-baseline.jsonl:4:1: OWN401 scratch/a\n")
    lines = before.splitlines(keepends=True)
    assert (root / BASELINE).read_text() == "".join(lines[:3] + lines[4:])
    assert ownlint(root, "check", "--baseline", BASELINE).out.startswith("All good")


def test_a_partial_run_judges_no_entry(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    ownlint(root, "check", "--baseline", BASELINE, "--update-baseline")
    write_files(root, {"ownership.yaml": MAPPING + "  - path: /scratch/\n    owners: [sre]\n"})
    hook = ownlint(root, "check", "--baseline", BASELINE, "puppet/site.pp")
    assert hook.code == 0 and "OWN207" not in hook.out


def test_baseline_errors_are_one_line(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({**FILES, BASELINE: '# header\n{"code": "OWN401", "file": "x"\n'})
    broken = ownlint(root, "check", "--baseline", BASELINE)
    assert (broken.code, broken.out) == (2, "")
    assert broken.err.startswith("ownlint: .ownlint-baseline.jsonl:2:")
    assert "not a baseline entry" in broken.err
    missing = ownlint(root, "check", "--baseline", "nope.jsonl")
    assert missing.err == "ownlint: nope.jsonl: no such file; write it with 'ownlint check --update-baseline'\n"
    partial = ownlint(root, "check", "--baseline", BASELINE, "--update-baseline", "dns/zone")
    assert partial.code == 2
    assert partial.err == (
        "ownlint: --update-baseline records the whole repository: give no PATH and no --changed-since\n"
    )
    nowhere = ownlint(root, "check", "--update-baseline")
    assert nowhere.err == (
        "ownlint: --update-baseline needs a file: --baseline FILE, or baseline: in the configuration\n"
    )


def test_many_stale_entries_are_one_line_of_text(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({**FILES, **{f"scratch/{n:02}": "" for n in range(30)}})
    ownlint(root, "check", "--baseline", BASELINE, "--update-baseline")
    write_files(root, {"ownership.yaml": MAPPING + "  - path: /scratch/\n    owners: [sre]\n"})
    stale = ownlint(root, "check", "--baseline", BASELINE)
    assert stale.out.splitlines()[0] == (
        ".ownlint-baseline.jsonl: OWN207 [info] 32 baseline entries no longer occur: --fix drops them, "
        "--no-rollup lists each"
    )
    assert len(ownlint(root, "check", "--baseline", BASELINE, "--no-rollup").out.splitlines()) == 33
