"""--fix edits the bytes it read, and nothing else (issue 11): another writer's change
survives, an interrupted run leaves no temporary file, the file keeps its mode, owner,
hard links and symbolic link, --output honours the umask, and no name that could splice
a line into a file passes the schema."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import Result

Run = Callable[..., Result]

CONFIG = "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/.ownlint.yaml, /teams.yaml, /ownership.yaml, /real/]\n"
TEAMS = "version: 1\nteams:\n  sre: {name: SRE, lead: mark}\n  old: {name: Old, status: renamed, renamed_to: sre}\n"
MAPPING = "version: 1\nrules:\n  - path: '*'   # everything\n    owners: [old]\n"
FIXED = "version: 1\nrules:\n  - path: '*'   # everything\n    owners: [sre]\n"
OTHER = "version: 1\nrules:\n  - path: '*'   # someone else's edit\n    owners: [old, sre]\n"


@pytest.fixture
def root(make_repo: Callable[..., Path]) -> Path:
    return make_repo({".ownlint.yaml": CONFIG, "teams.yaml": TEAMS, "ownership.yaml": MAPPING, "a.txt": ""})


def _temporaries(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.tmp"))


def test_a_change_between_reading_and_planning_stops_the_fix(root: Path, ownlint: Run,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ownlint.edits import fix

    original = fix.plan_fixes

    def other_writer_first(*args: object, **kwargs: object) -> fix.FixPlan:
        (root / "ownership.yaml").write_text(OTHER)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fix, "plan_fixes", other_writer_first)
    result = ownlint(root, "check", "--fix")
    assert (result.code, result.err) == (
        2, "ownlint: ownership.yaml: changed since ownlint read it: nothing written (run the command again)\n"
    )
    assert (root / "ownership.yaml").read_text() == OTHER


def test_a_change_just_before_the_replace_stops_the_fix(root: Path, ownlint: Run,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ownlint.edits import fix

    original = fix.FixPlan.write

    def other_writer_first(plan: fix.FixPlan) -> None:
        (root / "ownership.yaml").write_text(OTHER)
        original(plan)

    monkeypatch.setattr(fix.FixPlan, "write", other_writer_first)
    result = ownlint(root, "check", "--fix")
    assert result.code == 2 and "changed since ownlint read it: nothing written" in result.err
    assert (root / "ownership.yaml").read_text() == OTHER
    assert _temporaries(root) == []


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_during_the_write_leaves_no_temporary_file(root: Path, signum: int, code: int) -> None:
    """The signal arrives while the new content is being flushed to the temporary file."""
    script = (
        "import os, signal, sys\n"
        # As a terminal starts a program: a job a shell starts in the background (a test
        # run, a CI step) has SIGINT ignored, and Python then leaves it so.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        f"os.fsync = lambda fd: os.kill(os.getpid(), {int(signum)})\n"
        "from ownlint.cli import main\n"
        f"sys.exit(main(['-C', {str(root)!r}, 'check', '--fix']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert _temporaries(root) == []
    assert (root / "ownership.yaml").read_text() == MAPPING


def test_the_fix_keeps_mode_owner_and_hard_links(root: Path, ownlint: Run) -> None:
    mapping = root / "ownership.yaml"
    mapping.chmod(0o640)
    os.link(mapping, root / "real-link.yaml")
    if os.geteuid() == 0:
        os.chown(mapping, 65534, 65534)
    before = os.stat(mapping)
    result = ownlint(root, "check", "--fix")
    assert result.out.startswith("Fixed 1 owner"), result.out + result.err
    after = os.stat(mapping)
    assert mapping.read_text() == FIXED
    assert (after.st_mode, after.st_uid, after.st_gid, after.st_ino) == (
        before.st_mode, before.st_uid, before.st_gid, before.st_ino
    )
    assert (root / "real-link.yaml").read_text() == FIXED  # the other name sees the fix


def test_the_fix_writes_through_a_link_inside_the_root(root: Path, ownlint: Run) -> None:
    (root / "real").mkdir()
    (root / "ownership.yaml").rename(root / "real" / "ownership.yaml")
    (root / "ownership.yaml").symlink_to("real/ownership.yaml")
    result = ownlint(root, "check", "--fix")
    assert result.out.startswith("Fixed 1 owner"), result.out + result.err
    assert (root / "ownership.yaml").is_symlink()
    assert (root / "real" / "ownership.yaml").read_text() == FIXED


def test_the_writer_refuses_a_link_out_of_the_root(tmp_path: Path) -> None:
    from ownlint.errors import OwnlintError
    from ownlint.formats.atomic import write_atomic

    outside = tmp_path / "victimrc"
    outside.write_text("keep\n")
    inside = tmp_path / "repo"
    inside.mkdir()
    (inside / "ownership.yaml").symlink_to(outside)
    with pytest.raises(OwnlintError, match="symbolic link to a file outside the repository"):
        write_atomic(inside / "ownership.yaml", b"changed\n", root=inside)
    assert outside.read_text() == "keep\n"


def test_output_honours_the_umask(root: Path, ownlint: Run) -> None:
    previous = os.umask(0o022)
    try:
        ownlint(root, "check", "--output", "report.txt")
    finally:
        os.umask(previous)
    assert (root / "report.txt").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("teams, where", [
    (TEAMS + "  web:\n    name: Web\n    lead: ana\n    handles: [\"core\\n\\tfsmonitor = touch PWNED\"]\n", "teams.yaml:8:15"),
    (TEAMS + "  web:\n    name: Web\n    lead: ana\n    aliases: [\"web\\u001b]0;x\"]\n", "teams.yaml:8:15"),
    (TEAMS + "  web:\n    name: \"Web\\nTeam\"\n    lead: ana\n", "teams.yaml:6:11"),
])
def test_names_with_control_characters_are_schema_errors(make_repo: Callable[..., Path], ownlint: Run,
                                                         teams: str, where: str) -> None:
    root = make_repo({".ownlint.yaml": CONFIG, "teams.yaml": teams, "ownership.yaml": MAPPING, "a.txt": ""})
    result = ownlint(root, "check")
    found = [line for line in result.out.splitlines() if line.startswith(f"{where}: OWN002 [error]")]
    assert len(found) == 1 and "holds a control character or a line break" in found[0], result.out


def test_an_owner_with_a_line_break_is_a_schema_error(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({".ownlint.yaml": CONFIG, "teams.yaml": TEAMS, "a.txt": "",
                      "ownership.yaml": "version: 1\nrules:\n  - path: '*'\n    owners: [\"sre\\n- path: x\"]\n"})
    result = ownlint(root, "check")
    assert result.out.splitlines()[0] == (
        "ownership.yaml:4:14: OWN002 [error] rules/0/owners/0: 'sre\\n- path: x' holds a control character "
        "or a line break, which no name may hold"
    )
