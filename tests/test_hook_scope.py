"""The hook refuses a commit for what the commit brings, not for what HEAD already had."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.conftest import Result, fresh_run, git, write_files

Run = Callable[..., Result]

TEAMS = "version: 1\nteams:\n  sre: {name: SRE, lead: mark, handles: ['@org/sre']}\n" \
    "  dba: {name: DBA, lead: di, handles: ['@org/dba']}\n"
FILES = {
    ".ownlint.yaml": "teams: teams.yaml\nownership: CODEOWNERS\nexclude: ['.*', teams.yaml, CODEOWNERS]\n",
    "teams.yaml": TEAMS,
    "CODEOWNERS": "* @org/sre @org/ghost\n/db/ @org/dba @org/phantom\n",
    "dns/zone": "",
    "db/schema.sql": "",
}


def test_findings_head_already_had_do_not_refuse_a_commit(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES)
    assert ownlint(root, "check").code == 1  # two unknown owners, there before any commit of ours
    write_files(root, {"dns/zone": "@ IN SOA ns0\n"})
    git(root, "add", "dns/zone")
    hook = ownlint(root, "check", "--cached", "dns/zone")
    assert (hook.code, hook.out) == (
        0, "All good: 0 errors, 0 warnings, 0 infos in 1 file (1 owned, 0 unowned); "
           "2 that HEAD already had, not this commit's\n",
    )


def test_a_staged_registry_change_is_judged_by_what_it_introduces(
    make_repo: Callable[..., Path], ownlint: Run
) -> None:
    root = make_repo(FILES)
    write_files(root, {"teams.yaml": TEAMS.replace("  dba: {name: DBA, lead: di, handles: ['@org/dba']}\n", "")})
    git(root, "add", "teams.yaml")
    hook = ownlint(root, "check", "--cached", "teams.yaml")
    assert hook.code == 1
    assert hook.out == (
        "CODEOWNERS:2:6: OWN301 [error] owner '@org/dba' is not a team in teams.yaml\n"
        "Found 1 error, 0 warnings, 0 infos in 5 files (2 owned, 0 unowned, 3 excluded); 2 that HEAD already had, not this "
        "commit's\n"
    )


def test_the_first_commit_has_no_head_to_compare_with(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo(FILES, commit=False)
    git(root, "add", "-A")
    hook = ownlint(root, "check", "--cached", "dns/zone", "teams.yaml")
    assert hook.code == 1
    assert [line.split(" [")[0] for line in hook.out.splitlines()[:-1]] == [
        "CODEOWNERS:1:12: OWN301", "CODEOWNERS:2:15: OWN301",
    ]


def _logged_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that records each command's arguments, then runs git."""
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "logged-git"
    folder.mkdir()
    log = tmp_path / "git.log"
    script = folder / "git"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def test_a_hook_reads_the_index_once_and_never_lists_head_whole(
    make_repo: Callable[..., Path], ownlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = {f"bulk/f{number}.txt": "" for number in range(50)}
    root = make_repo({**FILES, **many})
    write_files(root, {"dns/zone": "@ IN SOA ns0\n", "db/schema.sql": "create table t;\n"})
    git(root, "add", "dns/zone", "db/schema.sql")
    log = _logged_git(tmp_path, monkeypatch)
    hook = ownlint(root, "check", "--cached", "dns/zone", "db/schema.sql")
    assert (hook.code, hook.out) == (
        0, "All good: 0 errors, 0 warnings, 0 infos in 2 files (2 owned, 0 unowned); "
           "2 that HEAD already had, not this commit's\n",
    )
    commands = log.read_text().splitlines()
    # Where a configuration may be, the staged paths and the registry beside the
    # configuration are read from the index file itself: no ls-files at all.
    assert not [c for c in commands if " ls-files " in c]
    # HEAD's files are asked about by name with the root's own entries ('.', without -r:
    # the registry beside the configuration), all at once: no ls-tree of the whole tree.
    trees = [c.split(" -- ", 1) for c in commands if " ls-tree " in c]
    assert [paths.split() for _, paths in trees] == [
        [*sorted([".github/CODEOWNERS", ".gitlab/CODEOWNERS", ".ownlint.yaml", "CODEOWNERS", "db/schema.sql",
                  "dns/zone", "docs/CODEOWNERS", "pyproject.toml"]), "."]
    ]
    assert " -r " not in trees[0][0]
    # And where the top and the index file are with which commit HEAD is (one
    # rev-parse); every file read through one cat-file --batch, however many are read.
    assert len(commands) == 3, commands
    assert [c.split(" ", 2)[2] for c in commands if " cat-file " in c] == ["cat-file --batch"]


def _started_gits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The git commands this process starts, in the order it starts them."""
    import subprocess

    from ownlint.sources import spawned

    started: list[str] = []
    real = subprocess.Popen.__init__
    real_start = spawned.start

    def recorded(self: subprocess.Popen[bytes], args: Any, *rest: Any, **options: Any) -> None:
        if isinstance(args, list) and args[:1] == ["git"]:
            started.append(" ".join(str(arg) for arg in args[3:5]))
        real(self, args, *rest, **options)

    def recorded_start(args: list[str], *rest: Any, **options: Any) -> Any:
        started.append(" ".join(str(arg) for arg in args[3:5]))
        return real_start(args, *rest, **options)

    monkeypatch.setattr(subprocess.Popen, "__init__", recorded)
    monkeypatch.setattr(spawned, "start", recorded_start)
    return started


def test_a_hook_starts_every_git_question_before_it_reads_a_file(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files' reader, the top with the index file and HEAD's commit, and HEAD's
    entries: all started before the first file is read, HEAD's side never waiting for
    the index's (read from its file), and no git started after them (files are read
    through the one cat-file --batch)."""
    root = make_repo(FILES)
    write_files(root, {"dns/zone": "@ IN SOA ns0\n"})
    git(root, "add", "dns/zone")
    started = _started_gits(monkeypatch)
    hook = ownlint(root, "check", "--cached", "dns/zone")
    assert hook.out.endswith("2 that HEAD already had, not this commit's\n")
    assert started == ["cat-file --batch", "rev-parse --is-bare-repository", "ls-tree -t"]


def test_a_hook_from_a_folder_with_a_registry_elsewhere_asks_git_as_much_as_it_needs(
    make_repo: Callable[..., Path], ownlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a folder, a path out of it, a registry in a folder of its own: what the
    early questions could not name is asked after, and the answer is the same."""
    files = {**FILES, ".ownlint.yaml": FILES[".ownlint.yaml"].replace("teams: teams.yaml", "teams: org/teams.yaml")}
    files["org/teams.yaml"] = files.pop("teams.yaml")
    root = make_repo(files)
    write_files(root, {"dns/zone": "@ IN SOA ns0\n", "db/schema.sql": "create table t;\n"})
    git(root, "add", "dns/zone", "db/schema.sql")
    log = _logged_git(tmp_path, monkeypatch)
    hook = ownlint(root / "dns", "check", "--cached", "zone", "../db/schema.sql")
    assert (hook.code, hook.out) == (
        0, "All good: 0 errors, 0 warnings, 0 infos in 2 files (2 owned, 0 unowned); "
           "2 that HEAD already had, not this commit's\n",
    )
    commands = [c for c in log.read_text().splitlines() if " cat-file " not in c]
    assert not any(" ls-files " in c and " -- " not in c for c in commands)  # never the whole index
    assert not any(" ls-tree " in c and " -- " not in c for c in commands)  # nor HEAD's whole tree
    assert len(commands) <= 8, commands


def test_a_hook_outside_git_or_in_a_bare_repository_says_what_it_always_said(
    make_repo: Callable[..., Path], ownlint: Run, tmp_path: Path
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "f").write_text("")
    result = ownlint(outside, "check", "--cached", "f")
    assert (result.code, result.err) == (2, f"ownlint: {outside.resolve()}: the index needs a git repository\n"), result
    root = make_repo(FILES)
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(root), str(bare))
    result = ownlint(bare, "check", "--cached", "dns/zone")
    assert (result.code, result.err) == (
        2, f"ownlint: {bare}: no .ownlint.yaml and no CODEOWNERS file "
           "(.github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS) found\n",
    )


def _counted(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> list[int]:
    """Count the calls of one check function (the runner imports it by name when it runs)."""
    from importlib import import_module

    checks = import_module(module)
    real = getattr(checks, name)
    calls: list[int] = []

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(checks, name, counted)
    return calls


ZERO_CONFIGURATION = {"CODEOWNERS": "* @org/sre\n*.sql @org/dba\n*.sql @org/dba\nbad\\ name @org/x\n", "db/schema.sql": ""}


def test_head_with_the_index_s_setup_is_not_checked_again(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit that changes no setup file: HEAD's project holds the index's mapping and
    table, so the checks' answer for it is the index's (each check runs once), and what
    HEAD already had is still not the commit's doing."""
    root = make_repo(ZERO_CONFIGURATION)
    calls = _counted(monkeypatch, "ownlint.checks.mapping_checks", "duplicate_patterns")
    write_files(root, {"db/schema.sql": "create table t;\n"})
    git(root, "add", "db/schema.sql")
    hook = ownlint(root, "check", "--cached", "db/schema.sql")
    assert (hook.code, hook.out) == (
        0, "All good: 0 errors, 0 warnings, 0 infos in 1 file (1 owned, 0 unowned); 1 that HEAD already had, not this commit's\n",
    )
    assert len(calls) == 1
    # A staged mapping is a different mapping: HEAD's is checked on its own, and what the
    # commit brings (a third copy of the rule) is reported.
    write_files(root, {"CODEOWNERS": ZERO_CONFIGURATION["CODEOWNERS"] + "*.sql @org/dba\n"})
    git(root, "add", "CODEOWNERS")
    hook = ownlint(root, "check", "--cached", "CODEOWNERS")
    assert len(calls) == 3
    assert hook.out == (
        "CODEOWNERS:3:1: OWN202 [warning] pattern '*.sql' is given again on line 5: this rule never applies, the last "
        "one wins [fix: delete this rule and keep line 5, which is the one in effect, unsafe]\n"
        "Found 0 errors, 1 warning, 0 infos in 2 files (2 owned, 0 unowned); 2 that HEAD already had, not this commit's\n"
    )


def test_head_with_the_index_s_registry_is_not_read_again(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A configured repository: HEAD holds the index's registry too, so it is the same
    registry (read once) and the checks run once; a staged registry is read on its own."""
    from ownlint import project
    from ownlint.model import registry

    monkeypatch.setattr(project, "_last_registry", [])  # (another test's run read the same text)
    read: list[int] = []
    real = registry.registry_from_document

    def counted(*args: Any, **kwargs: Any) -> Any:
        read.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(registry, "registry_from_document", counted)
    root = make_repo(FILES)
    calls = _counted(monkeypatch, "ownlint.checks.owners", "unknown_owners")
    write_files(root, {"dns/zone": "@ IN SOA ns0\n"})
    git(root, "add", "dns/zone")
    hook = ownlint(root, "check", "--cached", "dns/zone")
    assert (hook.code, hook.out) == (
        0, "All good: 0 errors, 0 warnings, 0 infos in 1 file (1 owned, 0 unowned); "
           "2 that HEAD already had, not this commit's\n",
    )
    assert (len(read), len(calls)) == (1, 1)
    write_files(root, {"teams.yaml": TEAMS + "  web: {name: Web, lead: wu}\n"})
    git(root, "add", "teams.yaml")
    ownlint(root, "check", "--cached", "teams.yaml")
    assert (len(read), len(calls)) == (3, 3)


@pytest.mark.parametrize("head_size", [11 * 1024 * 1024, 5 * 1024 * 1024])
def test_a_hook_reads_large_files_as_it_always_did(
    make_repo: Callable[..., Path], ownlint: Run, head_size: int
) -> None:
    """The files are read through one cat-file --batch, HEAD's CODEOWNERS asked at the
    start: a staged one over the limit is refused with its size, and a HEAD one too large
    to keep (or over the limit) leaves the index's read as before."""
    root = make_repo({"CODEOWNERS": "* @org/a\n", "f": ""})
    write_files(root, {"CODEOWNERS": "* @org/a\n" + "#" * (11 * 1024 * 1024) + "\n"})
    git(root, "add", "CODEOWNERS")
    refused = ownlint(root, "check", "--cached", "f")
    assert (refused.code, refused.err) == (2, "ownlint: :CODEOWNERS: file is 11534346 bytes, over the limit of 10485760\n")
    write_files(root, {"CODEOWNERS": "* @org/a\n" + "#" * head_size + "\n"})
    git(root, "commit", "-q", "-am", "large")
    write_files(root, {"CODEOWNERS": "* @org/b\n"})
    git(root, "add", "CODEOWNERS")
    hook = ownlint(root, "check", "--cached", "f")
    assert (hook.code, hook.out) == (0, "All good: 0 errors, 0 warnings, 0 infos in 1 file (1 owned, 0 unowned)\n")


def test_head_s_mapping_is_built_before_the_run_waits_for_the_index(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python does not wait idle while git reads a large index: HEAD's mapping is built
    first (the index's answer is read after it), and it is the one the run uses. (An
    index of version 4 is one git reads for the hook: a plain one is read by Python.)"""
    from ownlint import project
    from ownlint.sources.files import Index

    events: list[str] = []
    real_collect, real_built = Index._collect, project._compiled_codeowners

    def collect(self: Index) -> None:
        if self._started:
            events.append("the index's answer read")
        real_collect(self)

    def built(*args: Any) -> Any:
        events.append("a mapping built")
        return real_built(*args)

    monkeypatch.setattr(Index, "_collect", collect)
    monkeypatch.setattr(project, "_compiled_codeowners", built)
    root = make_repo(ZERO_CONFIGURATION)
    write_files(root, {"db/schema.sql": "create table t;\n"})
    git(root, "add", "db/schema.sql")
    git(root, "update-index", "--index-version", "4")
    events.clear()
    hook = ownlint(root, "check", "--cached", "db/schema.sql")
    assert (hook.code, hook.out) == (
        0, "All good: 0 errors, 0 warnings, 0 infos in 1 file (1 owned, 0 unowned); 1 that HEAD already had, not this commit's\n",
    )
    assert events == ["a mapping built", "the index's answer read"]


def test_each_mapping_a_hook_reads_is_built_once(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HEAD's mapping, built while git reads the index, is the index's when the commit
    leaves it as it was (one build), and still HEAD's when the commit changes it (two)."""
    built = _counted(monkeypatch, "ownlint.project", "_compiled_codeowners")
    root = make_repo(ZERO_CONFIGURATION)
    write_files(root, {"db/schema.sql": "create table t;\n"})
    git(root, "add", "db/schema.sql")
    hook = ownlint(root, "check", "--cached", "db/schema.sql")
    assert hook.out.endswith("1 that HEAD already had, not this commit's\n")
    assert len(built) == 1
    write_files(root, {"CODEOWNERS": ZERO_CONFIGURATION["CODEOWNERS"] + "*.sql @org/dba\n"})
    git(root, "add", "CODEOWNERS")
    hook = ownlint(root, "check", "--cached", "CODEOWNERS")
    assert hook.out.startswith("CODEOWNERS:3:1: OWN202 [warning] pattern '*.sql' is given again on line 5")
    assert len(built) == 3


def test_head_with_the_index_s_answer_needs_no_key_worked_out(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit that changes no setup file: HEAD's checks answer what the index's did, so
    every finding of the mapping is one HEAD had, counted without working out a key (a
    thousand-rule mapping's text is not split twice for it); a staged mapping is judged
    finding by finding, by key, as before."""
    from ownlint.checks.baseline import Keys

    keyed: list[int] = []
    real_of = Keys.of

    def of(self: Keys, finding: Any) -> Any:
        keyed.append(1)
        return real_of(self, finding)

    monkeypatch.setattr(Keys, "of", of)
    root = make_repo(ZERO_CONFIGURATION)
    write_files(root, {"db/schema.sql": "create table t;\n"})
    git(root, "add", "db/schema.sql")
    hook = ownlint(root, "check", "--cached", "db/schema.sql")
    assert (hook.code, hook.out) == (
        0, "All good: 0 errors, 0 warnings, 0 infos in 1 file (1 owned, 0 unowned); 1 that HEAD already had, not this commit's\n",
    )
    assert keyed == []
    write_files(root, {"CODEOWNERS": ZERO_CONFIGURATION["CODEOWNERS"] + "*.sql @org/dba\n"})
    git(root, "add", "CODEOWNERS")
    hook = ownlint(root, "check", "--cached", "CODEOWNERS")
    assert hook.out.endswith("; 2 that HEAD already had, not this commit's\n")
    assert keyed


def test_a_hook_starts_its_git_commands_without_subprocess(make_repo: Callable[..., Path]) -> None:
    """subprocess (with threading, signal, selectors and locale) is not imported by a
    hook's run: its git commands are started with os.posix_spawnp (sources/spawned.py)."""
    root = make_repo(FILES)
    write_files(root, {"dns/zone": "@ IN SOA ns0\n"})
    git(root, "add", "dns/zone")
    done = fresh_run(root, ["check", "--cached", "dns/zone"], ("subprocess", "threading", "selectors", "signal"))
    assert done.stdout.splitlines()[-1] == "0 []", (done.stdout, done.stderr)


# A staged CODEOWNERS line naming an owner the registry does not know: the commit's doing.
UNKNOWN_OWNER = FILES["CODEOWNERS"] + "/dns/ @org/newcomer\n"


def test_a_partial_commit_s_hook_reads_the_index_git_made_for_it(make_repo: Callable[..., Path]) -> None:
    """`git commit PATH` runs the hook with a temporary index (GIT_INDEX_FILE) holding
    HEAD and that path alone: a CODEOWNERS change staged in the real index is not part
    of it. Run through a real pre-commit hook of git's."""
    import subprocess
    import sys

    root = make_repo(FILES)
    hook = root / ".git/hooks/pre-commit"
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ownlint check --cached dns/zone\n')
    hook.chmod(0o755)
    write_files(root, {"CODEOWNERS": UNKNOWN_OWNER, "dns/zone": "@ IN SOA ns0\n"})
    git(root, "add", "CODEOWNERS", "dns/zone")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}

    def commit(*paths: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "-C", str(root), "commit", "-q", "-m", "change", *paths], capture_output=True, text=True, env=env
        )

    # (git shows what a hook prints on its standard error)
    whole = commit()  # the real index: its CODEOWNERS names an unknown owner
    assert whole.returncode != 0 and "OWN301" in whole.stderr and "@org/newcomer" in whole.stderr, whole
    partial = commit("dns/zone")  # HEAD's CODEOWNERS with the zone alone
    assert partial.returncode == 0, partial
    assert "All good" in partial.stderr
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["dns/zone"]


def test_a_hook_reads_the_index_git_index_file_names(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_INDEX_FILE relative to the top (as git takes it), the hook run from a folder:
    the index it names is the one read, from its file (no ls-files)."""
    root = make_repo(FILES)
    alternative = {**os.environ, "GIT_INDEX_FILE": "other-index"}
    import subprocess

    subprocess.run(["git", "-C", str(root), "read-tree", "HEAD"], env=alternative, check=True)
    write_files(root, {"CODEOWNERS": UNKNOWN_OWNER, "dns/zone": "@ IN SOA ns0\n"})
    subprocess.run(["git", "-C", str(root), "add", "CODEOWNERS", "dns/zone"], env=alternative, check=True)
    git(root, "add", "dns/zone")
    started = _started_gits(monkeypatch)
    plain = ownlint(root / "dns", "check", "--cached", "zone")
    assert plain.code == 0, plain
    monkeypatch.setenv("GIT_INDEX_FILE", "other-index")
    other = ownlint(root / "dns", "check", "--cached", "zone")
    assert other.code == 1 and "OWN301" in other.out and "@org/newcomer" in other.out, other
    assert not [command for command in started if command.startswith("ls-files")], started


def test_a_linked_work_tree_s_hook_reads_its_own_index(
    make_repo: Callable[..., Path], ownlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(FILES)
    linked = tmp_path / "linked"
    git(root, "worktree", "add", "-q", "-b", "side", str(linked))
    write_files(linked, {"CODEOWNERS": UNKNOWN_OWNER, "dns/zone": "@ IN SOA ns0\n"})
    git(linked, "add", "CODEOWNERS", "dns/zone")
    started = _started_gits(monkeypatch)
    hook = ownlint(linked, "check", "--cached", "dns/zone")
    assert hook.code == 1 and "@org/newcomer" in hook.out, hook
    assert ownlint(root, "check", "--cached", "dns/zone").code == 0
    assert not [command for command in started if command.startswith("ls-files")], started


def test_a_sha256_repository_s_hook_reads_its_index_file(
    tmp_path: Path, ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "--object-format=sha256")
    write_files(root, {**FILES, "CODEOWNERS": UNKNOWN_OWNER})
    git(root, "add", "-A")
    started = _started_gits(monkeypatch)
    hook = ownlint(root, "check", "--cached", "dns/zone")
    assert hook.code == 1 and "@org/newcomer" in hook.out, hook
    assert not [command for command in started if command.startswith("ls-files")], started


@pytest.mark.parametrize("how", ["version 4", "split index", "extensions cut short", "entries cut short"])
def test_an_index_file_python_does_not_read_is_asked_of_git_with_the_same_answer(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    root = make_repo(FILES)
    write_files(root, {"CODEOWNERS": UNKNOWN_OWNER, "dns/zone": "@ IN SOA ns0\n"})
    git(root, "add", "CODEOWNERS", "dns/zone")
    read = ownlint(root, "check", "--cached", "dns/zone", "CODEOWNERS")
    assert read.code == 1 and "@org/newcomer" in read.out, read
    index = root / ".git/index"
    if how == "version 4":
        git(root, "update-index", "--index-version", "4")
    elif how == "split index":
        git(root, "update-index", "--split-index")
    elif how == "extensions cut short":  # (git reads the entries and ignores the rest)
        index.write_bytes(index.read_bytes()[:-40])
    else:
        index.write_bytes(index.read_bytes()[:100])
    started = _started_gits(monkeypatch)
    asked = ownlint(root, "check", "--cached", "dns/zone", "CODEOWNERS")
    if how == "entries cut short":  # what git makes of it, as it always did: one clear line
        assert (asked.code, asked.out, asked.err.count("\n")) == (2, "", 1), asked
        assert asked.err.startswith("ownlint: "), asked
    else:
        assert (asked.code, asked.out, asked.err) == (read.code, read.out, read.err)
    assert started[:4] == ["cat-file --batch", "rev-parse --is-bare-repository", "ls-tree -t", "ls-files -s"]
