"""Hostile and broken input: a finding at a line and column, or exit 2 with one line
naming the file; never a traceback, never a hang, never a changed file."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Optional

import pytest

from tests.conftest import Result, git

Run = Callable[..., Result]

CONFIG = "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/.ownlint.yaml, /teams.yaml, /ownership.yaml]\n"
TEAMS = "version: 1\nteams:\n  sre:\n    name: SRE\n    lead: mark\n"
OWNERSHIP = "version: 1\nrules:\n  - path: '*'\n    owners: [sre]\n"


def snapshot(root: Path) -> dict[str, str]:
    result = {}
    for path in sorted(root.rglob("*")):
        if ".git" in path.relative_to(root).parts or not path.is_file() or path.is_symlink():
            continue
        result[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def run_untouched(ownlint: Run, root: Optional[Path], *args: str) -> Result:
    """Run the CLI and require that it changed no file and printed no traceback."""
    before = snapshot(root) if root else {}
    result = ownlint(root, *args)
    assert (snapshot(root) if root else {}) == before
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    return result


def project(make_repo: Callable[..., Path], teams: object = TEAMS, ownership: object = OWNERSHIP,
            config: object = CONFIG, extra: Optional[dict[str, str]] = None) -> Path:
    root = make_repo({"a.txt": "", **(extra or {})})
    for name, content in ((".ownlint.yaml", config), ("teams.yaml", teams), ("ownership.yaml", ownership)):
        if isinstance(content, bytes):
            (root / name).write_bytes(content)
        elif content is not None:
            (root / name).write_text(str(content), encoding="utf-8", newline="")
    return root


def first_finding(result: Result) -> str:
    return result.out.splitlines()[0]


BOMB = "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9) if prev else ', '.join(['x'] * 9)}]\n"
    for prev, name in zip([""] + list("abcdefgh"), "abcdefghi")
)

# (teams.yaml content, the expected first line of `check` output)
YAML_CASES = [
    ("syntax", "version: 1\nteams:\n  sre: {name: SRE\n", "teams.yaml:4:1: OWN001 [error] invalid YAML:"),
    ("tab", "version: 1\nteams:\n\tsre:\n", "teams.yaml:3:1: OWN001 [error] invalid YAML:"),
    ("duplicate key", TEAMS + "  sre:\n    name: Again\n", "teams.yaml:6:3: OWN003 [error] key 'sre' is given twice"),
    ("empty file", "", "teams.yaml:1:1: OWN002 [error] the document is empty, expected a mapping"),
    ("only a comment", "# nothing\n", "teams.yaml:1:1: OWN002 [error] the document is empty, expected a mapping"),
    ("a list", "- sre\n- traffic\n", "teams.yaml:1:1: OWN002 [error] the document is a list, expected a mapping"),
    ("a scalar", "sre\n", "teams.yaml:1:1: OWN002 [error] the document is a str, expected a mapping"),
    ("version missing", "teams: {}\n", "teams.yaml:1:1: OWN002 [error] top level: the key 'version' is missing; for example: version: 1"),
    ("version from the future", "version: 7\nteams: {}\n", "teams.yaml:1:10: OWN002 [error] version: expected 1, found the number 7; for example: version: 1"),
    ("unknown key near miss", "version: 1\nteam: {}\n", "teams.yaml:1:1: OWN002 [error] top level: the key 'teams' is missing; for example: teams: {traffic: {name: Traffic, lead: brandon}}"),
    ("python tag", "version: 1\nteams: !!python/object:os.system {}\n",
     "teams.yaml:2:8: OWN001 [error] invalid YAML: tag '!!python/object:os.system' is not allowed"),
    ("local tag", "version: 1\nteams:\n  sre: !team {name: SRE}\n", "teams.yaml:3:8: OWN001 [error] invalid YAML: tag '!team' is not allowed"),
    ("alias bomb", BOMB, "teams.yaml:1:1: OWN001 [error] invalid YAML: aliases expand the document beyond 1,000,000 values"),
    ("deep nesting", "version: 1\nteams: " + "[" * 500 + "]" * 500 + "\n",
     "teams.yaml:2:108: OWN001 [error] invalid YAML: nested deeper than 100 levels"),
    ("non-UTF-8", b"version: 1\nteams:\n  sre: {name: caf\xe9}\n",
     "teams.yaml:3:18: OWN001 [error] not UTF-8: byte 0xe9 cannot be decoded"),
    ("non-UTF-8 after a byte-order mark", b"\xef\xbb\xbfversion: 1\nteams:\n  sre: {name: caf\xe9}\n",
     "teams.yaml:3:18: OWN001 [error] not UTF-8: byte 0xe9 cannot be decoded"),
    ("NUL byte", b"version: 1\nteams:\0\n", "teams.yaml:2:7: OWN001 [error] contains a NUL byte: not a text file"),
    ("team id not a slug", "version: 1\nteams:\n  Bad Team:\n    name: X\n", "teams.yaml:3:3: OWN002 [error] teams: 'Bad Team' is not a team id: lowercase letters and digits, words joined by '-' or '_', such as data-persistence"),
    ("second team id not a slug", "version: 1\nteams:\n  sre: {name: S}\n  Bad Team:\n    name: X\n",
     "teams.yaml:4:3: OWN002 [error] teams: 'Bad Team' is not a team id: lowercase letters and digits, words joined by '-' or '_', such as data-persistence"),
]

# Wrong types at every level of each schema: (file, content, expected first line).
TYPE_CASES = [
    ("teams.yaml", "version: 1\nteams: [sre]\n", "teams.yaml:2:8: OWN002 [error] teams: expected a mapping (keys with values, indented under it), found a list; for example: teams: {traffic: {name: Traffic, lead: brandon}}"),
    ("teams.yaml", "version: 1\nteams:\n  sre: SRE\n", "teams.yaml:3:8: OWN002 [error] teams/sre: expected a mapping (keys with values, indented under it), found the text 'SRE'; for example: traffic: {name: Traffic, lead: brandon}"),
    ("teams.yaml", "version: 1\nteams:\n  sre:\n    name: 5\n", "teams.yaml:4:11: OWN002 [error] teams/sre/name: expected text, found the number 5; for example: name: Traffic"),
    ("teams.yaml", "version: 1\nteams:\n  sre:\n    name: S\n    status: gone\n",
     "teams.yaml:5:13: OWN002 [error] teams/sre/status: 'gone' is not one of active, renamed, retired"),
    ("teams.yaml", "version: 1\nteams:\n  sre:\n    name: S\n    until: soon\n    status: retired\n",
     "teams.yaml:5:12: OWN002 [error] teams/sre/until: 'soon' is not a date: write it as YYYY-MM-DD (ISO 8601), such as 2018-02-12"),
    ("teams.yaml", "version: 1\nteams:\n  sre:\n    name: S\n    contact: [irc]\n",
     "teams.yaml:5:14: OWN002 [error] teams/sre/contact: expected a mapping (keys with values, indented under it), found a list; "
     "for example: contact: {chat: \"#wikimedia-traffic\", email: traffic@example.org}"),
    ("teams.yaml", "version: 1\nteams:\n  sre:\n    name: S\n    status: renamed\n",
     "teams.yaml:3:3: OWN002 [error] teams/sre: the key 'renamed_to' is missing; for example: renamed_to: sre"),
    ("teams.yaml", "version: 1\nteams:\n  sre:\n    name: S\n    handles: '@org/sre'\n",
     "teams.yaml:5:14: OWN002 [error] teams/sre/handles: expected a list ([a, b], or one '- item' a line), found the text '@org/sre'; for example: handles: [\"@wikimedia/sre-traffic\"]"),
    ("teams.yaml", "version: 1\nteams:\n  sre:\n    name: S\n    leads: [mark]\n",
     "teams.yaml:5:5: OWN002 [error] unknown key 'leads' in teams/sre; did you mean 'lead'?"),
    ("ownership.yaml", "version: 1\nrules: {path: x}\n", "ownership.yaml:2:8: OWN002 [error] rules: expected a list ([a, b], or one '- item' a line), found a mapping; for example: rules: [{path: /dns/, owners: [traffic]}]"),
    ("ownership.yaml", "version: 1\nrules:\n  - /dns/\n", "ownership.yaml:3:5: OWN002 [error] rules/0: expected a mapping (keys with values, indented under it), found the text '/dns/'; for example: - {path: /dns/, owners: [traffic]}"),
    ("ownership.yaml", "version: 1\nrules:\n  - path: 5\n    owners: []\n", "ownership.yaml:3:11: OWN002 [error] rules/0/path: expected text, found the number 5; for example: path: /dns/"),
    ("ownership.yaml", "version: 1\nrules:\n  - path: /a/\n    owners: sre\n",
     "ownership.yaml:4:13: OWN002 [error] rules/0/owners: expected a list ([a, b], or one '- item' a line), found the text 'sre'; for example: owners: [traffic]"),
    ("ownership.yaml", "version: 1\nrules:\n  - path: /a/\n    owners: [[sre]]\n",
     "ownership.yaml:4:14: OWN002 [error] rules/0/owners/0: expected text, found a list; for example: owners: [traffic]"),
    ("ownership.yaml", "version: 1\nrules:\n  - path: /a/\n    owners: [sre]\n    notes: x\n",
     "ownership.yaml:5:5: OWN002 [error] unknown key 'notes' in rules/0; did you mean 'note'?"),
]

# Configuration problems stop the run: exit 2, one line naming the file.
CONFIG_CASES = [
    ("unknown key", "teams: teams.yaml\nownership: ownership.yaml\nexclud: []\n",
     "ownlint: .ownlint.yaml:3:1: unknown key 'exclud' in top level; did you mean 'exclude'?"),
    ("wrong type", "ownership: [ownership.yaml]\n", "ownlint: .ownlint.yaml:1:12: ownership: expected text, found a list; for example: ownership: ownership.yaml"),
    ("bad policy", "ownership: ownership.yaml\npolicy: {owners_per_path: two}\n",
     "ownlint: .ownlint.yaml:2:27: policy/owners_per_path: 'two' is not one of any, one"),
    ("a list", "- teams.yaml\n", "ownlint: .ownlint.yaml:1:1: the document is a list, expected a mapping"),
    ("syntax", "ownership: [\n", "ownlint: .ownlint.yaml:2:1: invalid YAML"),
    ("points at a directory", "ownership: sub\n", "ownlint: .ownlint.yaml:1:12: ownership: 'sub' is a directory"),
    ("missing mapping", "ownership: nope.yaml\n", "ownlint: .ownlint.yaml:1:12: ownership: 'nope.yaml' does not exist"),
    ("non-UTF-8", b"ownership: \xff\n", "ownlint: .ownlint.yaml:1:12: not UTF-8: byte 0xff cannot be decoded"),
    ("non-UTF-8 after a byte-order mark", b"\xef\xbb\xbfownership: \xff\n",
     "ownlint: .ownlint.yaml:1:12: not UTF-8: byte 0xff cannot be decoded"),
]


@pytest.mark.parametrize("name, teams, expected", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_broken_yaml_is_a_located_finding(make_repo: Callable[..., Path], ownlint: Run, name: str,
                                          teams: object, expected: str) -> None:
    root = project(make_repo, teams=teams)
    result = run_untouched(ownlint, root, "check")
    # The teams a broken registry still holds are checked too: the first finding about the file itself.
    assert next(line for line in result.out.splitlines() if " OWN00" in line).startswith(expected), result.out
    assert result.code == 1


@pytest.mark.parametrize("file, content, expected", TYPE_CASES)
def test_wrong_types_at_every_level(make_repo: Callable[..., Path], ownlint: Run, file: str,
                                    content: str, expected: str) -> None:
    root = project(make_repo, **{file.split(".")[0]: content})  # type: ignore[arg-type]
    result = run_untouched(ownlint, root, "check")
    assert first_finding(result).startswith(expected), result.out
    assert result.code == 1


@pytest.mark.parametrize("name, config, expected", CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_bad_configuration_stops_with_one_line(make_repo: Callable[..., Path], ownlint: Run, name: str,
                                               config: object, expected: str) -> None:
    root = project(make_repo, config=config, extra={"sub/x": ""})
    result = run_untouched(ownlint, root, "check")
    assert result.code == 2 and result.out == ""
    [line] = result.err.splitlines()
    assert line.startswith(expected), line


@pytest.mark.parametrize(
    "name, mutate",
    [
        ("UTF-8 BOM", lambda text: "\ufeff" + text),
        ("CRLF line endings", lambda text: text.replace("\n", "\r\n")),
        ("very long line", lambda text: text + "# " + "x" * 200_000 + "\n"),
    ],
)
def test_harmless_encodings_are_read(make_repo: Callable[..., Path], ownlint: Run, name: str,
                                     mutate: Callable[[str], str]) -> None:
    ownership = mutate("version: 1\nrules:\n  - path: '*'\n    owners: [sre, nobody]\n")
    root = project(make_repo, ownership=ownership)
    result = run_untouched(ownlint, root, "check")
    assert first_finding(result) == "ownership.yaml:4:19: OWN301 [error] owner 'nobody' is not a team in teams.yaml"


def test_a_file_over_the_size_limit_is_refused(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo)
    with open(root / "teams.yaml", "a", encoding="utf-8") as handle:
        handle.write(("# " + "x" * 1022 + "\n") * 50 * 1024)  # 50 MiB
    result = run_untouched(ownlint, root, "check")
    assert result.code == 2
    assert result.err.startswith("ownlint: teams.yaml: file is 52")
    assert "over the limit of 10485760" in result.err


CODEOWNERS_CASES = [
    ("negation", "!docs/ @org/a\n", "CODEOWNERS:1:1: OWN201 [error] pattern '!docs/': '!' negation is not supported by GitHub CODEOWNERS"),
    ("range", "*.[ch] @org/a\n", "CODEOWNERS:1:3: OWN201 [error] pattern '*.[ch]': the character range '[ch]' at column 3 is not supported"),
    ("escaped hash", "\\#notes @org/a\n", "CODEOWNERS:1:1: OWN201 [error] pattern '\\#notes': escaping a leading '#' with '\\' is not supported"),
    ("double slash", "/a//b @org/a\n", "CODEOWNERS:1:4: OWN201 [error] pattern '/a//b': empty path segment"),
    ("trailing backslash", "abc\\\n", "CODEOWNERS:1:4: OWN201 [error] pattern 'abc\\': a pattern cannot end with a lone backslash"),
    ("100,000-character pattern", "/" + "a" * 100_000 + " @org/a\n",
     "CODEOWNERS:1:1: OWN201 [error] pattern '/" + "a" * 78 + "…': pattern longer than 4096 characters"),
]


@pytest.mark.parametrize("name, codeowners, expected", CODEOWNERS_CASES, ids=[c[0] for c in CODEOWNERS_CASES])
def test_malformed_codeowners(make_repo: Callable[..., Path], ownlint: Run, name: str, codeowners: str,
                              expected: str) -> None:
    root = make_repo({"CODEOWNERS": codeowners, "a.txt": ""})
    result = run_untouched(ownlint, root, "check", "--select", "OWN201,OWN401")
    matching = [line for line in result.out.splitlines() if line.startswith(expected)]
    assert len(matching) == 1, result.out[:2000]


def test_codeowners_with_a_nul_byte_is_refused(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"a.txt": ""})
    (root / "CODEOWNERS").write_bytes(b"/a/ @org/a\n/b\0/ @org/b\n")
    result = run_untouched(ownlint, root, "check")
    assert (result.code, result.err) == (2, "ownlint: CODEOWNERS:2:3: contains a NUL byte: not a text file\n")


def test_more_rules_than_the_limit_are_refused(make_repo: Callable[..., Path], ownlint: Run) -> None:
    lines = "".join(f"/d{i}/ @org/a\n" for i in range(100_001))
    root = make_repo({"CODEOWNERS": lines})
    result = run_untouched(ownlint, root, "check")
    assert (result.code, result.err) == (2, "ownlint: CODEOWNERS:100001:1: 100,001 rules, over the limit of 100,000\n")


@pytest.mark.slow  # about 8 s: deselect with -m "not slow" while iterating; CI runs it
def test_a_hundred_thousand_rules(make_repo: Callable[..., Path], ownlint: Run) -> None:
    lines = "".join(f"/dir{i}/ @org/team{i % 50}\n" for i in range(99_999))
    root = make_repo({"CODEOWNERS": lines + "/CODEOWNERS @org/a\n", "dir99998/x": "", "stray": ""})
    result = run_untouched(ownlint, root, "check", "--select", "OWN401", "--format", "json")
    findings = json.loads(result.out)["findings"]
    assert [f["path"] for f in findings] == ["stray"]


@pytest.mark.parametrize(
    "pattern",
    ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/a/**/a/**/a/**/a/**/a/**/a/**/b", "/**/*a*a*a*a*/**/*a*a*a*a*c"],
)
def test_backtracking_patterns_are_handled(make_repo: Callable[..., Path], ownlint: Run, pattern: str) -> None:
    deep = "/".join(["a" * 40] * 30)
    root = make_repo({"CODEOWNERS": f"{pattern} @org/a\n/CODEOWNERS @org/a\n", deep: ""})
    result = run_untouched(ownlint, root, "check", "--select", "OWN401")
    assert result.out.startswith(f"{deep}: OWN401")


STRANGE_NAMES = ["with space.txt", "new\nline.txt", "-leading-dash", "ünïcödé/файл.yaml", "tab\there", "quote\"d"]


def test_strange_file_names_survive(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"CODEOWNERS": "/CODEOWNERS @org/a\n", **{name: "" for name in STRANGE_NAMES}})
    result = run_untouched(ownlint, root, "check", "--format", "json")
    assert sorted(f["path"] for f in json.loads(result.out)["findings"]) == sorted(STRANGE_NAMES)


def test_non_utf8_file_names_are_escaped_not_fatal(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"CODEOWNERS": "/CODEOWNERS @org/a\n"})
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb"):
        pass
    text = run_untouched(ownlint, root, "check")
    assert text.out.startswith("caf\\udce9.txt: OWN401")
    document = json.loads(run_untouched(ownlint, root, "check", "--format", "json").out)
    assert [f["path"] for f in document["findings"]] == ["caf\udce9.txt"]


def test_symbolic_links(make_repo: Callable[..., Path], ownlint: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("")
    root = make_repo({"CODEOWNERS": "/CODEOWNERS @org/a\n/real/ @org/a\n", "real/file": ""}, commit=False)
    (root / "to-file").symlink_to("real/file")
    (root / "to-dir").symlink_to("real", target_is_directory=True)
    (root / "to-outside").symlink_to(outside, target_is_directory=True)
    (root / "loop").symlink_to("loop")
    git(root, "add", "-A")
    result = run_untouched(ownlint, root, "check", "--format", "json")
    assert sorted(f["path"] for f in json.loads(result.out)["findings"]) == ["loop", "to-dir", "to-file", "to-outside"]
    refused = run_untouched(ownlint, root, "check", "to-outside/secret")
    assert refused.code == 2
    assert refused.err == "ownlint: to-outside/secret: path leads outside the repository root through a symbolic link\n"


def test_symbolic_links_outside_git_are_not_followed(tmp_path: Path, ownlint: Run) -> None:
    root = tmp_path / "tree"
    (root / "real").mkdir(parents=True)
    (root / "real" / "f").write_text("")
    (root / "CODEOWNERS").write_text("/CODEOWNERS @org/a\n")
    (root / "to-dir").symlink_to("real", target_is_directory=True)
    (root / "loop").symlink_to("loop")
    result = run_untouched(ownlint, root, "check", "--format", "json")
    assert sorted(f["path"] for f in json.loads(result.out)["findings"]) == ["loop", "real/f", "to-dir"]


@pytest.mark.parametrize("given", ["../../etc/passwd", "/etc/passwd", "a/../../x"])
def test_paths_that_escape_the_root_are_refused(make_repo: Callable[..., Path], ownlint: Run, given: str) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n", "a/b": ""})
    result = run_untouched(ownlint, root, "check", given)
    assert (result.code, result.err) == (2, f"ownlint: {given}: path is outside the repository root\n")


def test_empty_repository_and_no_commits(tmp_path: Path, ownlint: Run) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "-q")
    (root / "CODEOWNERS").write_text("* @org/a\n")
    result = run_untouched(ownlint, root, "check")
    assert result.out == "All good: 0 errors, 0 warnings, 0 infos in 1 file (1 owned, 0 unowned)\n"
    (root / "CODEOWNERS").write_text("")
    result = run_untouched(ownlint, root, "check")
    assert result.out.startswith("CODEOWNERS: OWN401")


def test_two_configurations_are_refused(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = project(make_repo, extra={"pyproject.toml": "[tool.ownlint]\nownership = 'ownership.yaml'\n"})
    result = run_untouched(ownlint, root, "check")
    assert result.code == 2
    assert "two configurations: .ownlint.yaml and [tool.ownlint] in pyproject.toml; keep one" in result.err


def test_outside_any_git_repository_without_configuration(tmp_path: Path, ownlint: Run) -> None:
    result = run_untouched(ownlint, tmp_path, "check")
    assert result.code == 2
    assert "no .ownlint.yaml and no CODEOWNERS file" in result.err


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["check", "--select", "OWN999"], "unknown check code 'OWN999'"),
        (["check", "--ignore", "E501"], "unknown check code 'E501'"),
        (["check", "--today", "2026-13-45"], "'2026-13-45' is not a date"),
        (["check", "--changed-since", "does-not-exist"], "'does-not-exist' is not a git revision here"),
        (["check", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "--files-from", "/nonexistent/list"], "/nonexistent/list: No such file or directory"),
        (["-C", "/nonexistent/dir", "check"], "/nonexistent/dir: not a directory"),
    ],
)
def test_command_line_mistakes(make_repo: Callable[..., Path], ownlint: Run, args: list[str], message: str) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n"})
    result = run_untouched(ownlint, None if args[0] == "-C" else root, *args)
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line.startswith("ownlint: ") and message in line, line


EVERY_COMMAND = [
    ["explain", "a.txt"], ["ls"], ["ls", "--owner", "sre"], ["teams"], ["codeowners"],
    ["codeowners", "--check"], ["diff"], ["import", "CODEOWNERS"],
]


BROKEN = {
    "mapping syntax": {"ownership.yaml": "version: 1\nrules:\n  - path: [\n"},
    "registry tag": {"teams.yaml": "version: 1\nteams: !!python/object:os.system {}\n"},
    "mapping alias bomb": {"ownership.yaml": BOMB},
    "registry missing": {".ownlint.yaml": "ownership: ownership.yaml\nteams: missing.yaml\n"},
}
# import reads only the CODEOWNERS file it is given and the registry.
COMMAND_CASES = [
    (command, broken)
    for command in EVERY_COMMAND
    for broken in BROKEN
    if command[0] != "import" or broken.startswith("registry")
]


@pytest.mark.parametrize("command, broken", COMMAND_CASES, ids=[f"{b}-{' '.join(c)}" for c, b in COMMAND_CASES])
def test_every_command_fails_cleanly_on_broken_input(make_repo: Callable[..., Path], ownlint: Run,
                                                     command: list[str], broken: str) -> None:
    root = project(make_repo, extra={"CODEOWNERS": "* @org/sre\n"})
    for name, text in BROKEN[broken].items():
        (root / name).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "broken")
    result = run_untouched(ownlint, root, *command)
    assert result.code in (1, 2), (result.code, result.out, result.err)
    if result.code == 2:
        [line] = result.err.splitlines()
        assert line.startswith("ownlint: ") and (".yaml" in line or "CODEOWNERS" in line), line


# Only "\n" ends a CODEOWNERS line for GitHub and GitLab: a form feed, NEL, U+2028 or a
# lone "\r" inside a comment or a rule is part of that line, not a line break.
ODD_BREAKS = ["\x0c", "\x0b", "\x1c", "\x85", "\u2028", "\u2029", "\r"]


@pytest.mark.parametrize("odd", ODD_BREAKS, ids=[f"U+{ord(c):04X}" for c in ODD_BREAKS])
def test_codeowners_lines_end_only_at_a_newline(make_repo: Callable[..., Path], ownlint: Run, odd: str) -> None:
    root = make_repo({"docs/a.md": "", "CODEOWNERS": f"# one{odd}@not-a-rule comment\n/docs/ @org/x\n/docs/ @org/y\n"})
    result = run_untouched(ownlint, root, "check", "--format", "json")
    found = [(f["line"], f["code"]) for f in json.loads(result.out)["findings"] if f["file"] == "CODEOWNERS"]
    assert found == [(None, "OWN401"), (2, "OWN202")], found


@pytest.mark.parametrize("odd", ODD_BREAKS, ids=[f"U+{ord(c):04X}" for c in ODD_BREAKS])
def test_import_keeps_a_comment_with_an_odd_break_whole(make_repo: Callable[..., Path], ownlint: Run,
                                                        odd: str) -> None:
    root = make_repo({"docs/a.md": "", "CODEOWNERS": f"# one{odd}two\n/docs/ @org/x # ownlint: ignore[OWN999]\n"})
    imported = run_untouched(ownlint, root, "import", "CODEOWNERS")
    assert imported.code == 0, imported.err
    comment = imported.out.splitlines()[3]
    assert comment.startswith("  # one") and comment.endswith("two") and odd not in comment, comment
    assert imported.out.splitlines()[4:6] == ["  - path: /docs/", '    owners: ["@org/x"]  # ownlint: ignore[OWN999]']
    (root / "own.yaml").write_text(imported.out, encoding="utf-8")
    (root / ".ownlint.yaml").write_text("ownership: own.yaml\nexclude: [/own.yaml, /.ownlint.yaml]\n", encoding="utf-8")
    used = ownlint(root, "check", "--select", "OWN001,OWN206,OWN401")
    assert "own.yaml:6:25: OWN206" in used.out and "OWN001" not in used.out, used.out
    for name in ("own.yaml", ".ownlint.yaml"):
        (root / name).unlink()
    fixed = ownlint(root, "check", "--fix", "--select", "OWN206")
    assert "CODEOWNERS:2:15: remove the suppression comment" in fixed.out, fixed.out
    assert (root / "CODEOWNERS").read_bytes().decode() == f"# one{odd}two\n/docs/ @org/x\n"


def test_a_plain_merge_marker_as_a_value_is_text(make_repo: Callable[..., Path], ownlint: Run) -> None:
    """ruamel.yaml reads a plain `<<` value as a tagged merge marker; ownlint reads the text."""
    teams = "version: 1\nteams:\n  sre:\n    name: <<\n    lead: <<\n    aliases: [<<]\n"
    ownership = "version: 1\nrules:\n  - path: '*'\n    owners: [sre]\n    note: <<\n  - path: <<\n    owners: [<<]\n"
    root = project(make_repo, teams=teams, ownership=ownership)
    checked = run_untouched(ownlint, root, "check", "--format", "json")
    assert checked.code == 0, checked.err
    assert [f["code"] for f in json.loads(checked.out)["findings"]] == ["OWN203"]
    listed = json.loads(run_untouched(ownlint, root, "teams", "--format", "json").out)
    assert [(t["id"], t["name"], t["lead"]) for t in listed["teams"]] == [("sre", "<<", "<<")]
