"""Start-up: a run imports only what it uses (a hook runs on every commit)."""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

CHECKOUT = Path(__file__).resolve().parent.parent
PROBE = """
import sys
from ownlint.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(repr(sorted(name for name in sys.modules if name.startswith(("ownlint", "ruamel", "jsonschema", "pathspec"))
                 or name in ("dataclasses", "inspect", "datetime", "shutil", "typing", "argparse", "gettext",
                             "urllib.parse", "ipaddress", "json", "hashlib", "_hashlib", "hmac",
                             "encodings.utf_8_sig", "re", "enum"))))
"""


def imported(cwd: Path, *argv: str) -> list[str]:
    """The modules of ownlint, of its heavy dependencies and the heavy parts of the
    standard library that a warm run imports."""
    cache = cwd.parent / "cache"
    environment = {"PYTHONPATH": str(CHECKOUT), "OWNLINT_CACHE_DIR": str(cache), "PATH": os.environ["PATH"],
                   "XDG_STATE_HOME": str(cwd.parent / "state")}  # the key that seals cache entries
    for _ in range(2):  # the first run fills the cache (the check catalog, the compiled mapping)
        done = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=True, env=environment)
    modules: list[str] = ast.literal_eval(done.stdout.splitlines()[-1])
    return modules


def test_version_imports_no_command(tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    modules = imported(tmp_path / "here", "--version")
    assert "ownlint.cli" in modules
    assert [name for name in modules if name.startswith(("ownlint.commands", "ownlint.project", "ruamel"))] == []


def test_a_hook_run_on_a_codeowners_repository_loads_no_yaml_or_schema_library(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"CODEOWNERS": "* @org/all\n", "a.txt": ""})
    modules = imported(root, "check", "--cached", "a.txt")
    assert not [name for name in modules if name.startswith(("ruamel", "jsonschema", "pathspec"))], modules
    assert "ownlint.commands.check" in modules and "ownlint.commands.explain" not in modules


@pytest.mark.parametrize("argv", [["--help"], ["nonsense"], []])
def test_no_command_named_imports_none(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / "here").mkdir()
    assert not [name for name in imported(tmp_path / "here", *argv) if name.startswith("ownlint.commands")]


# What the hook's run (and a zero-configuration run of every file) never needs: the YAML
# reader and the schemas (no YAML file), the registry's model (none configured), the
# other commands, the dataclasses machinery (its module pulls in inspect, and each
# class it makes costs about half a millisecond: ownlint's values are written out), and
# datetime (only grace periods in a registry need today's date); typing (4 ms: ownlint's
# modules import it only for mypy, under `TYPE_CHECKING = False`, and build no NamedTuple);
# argparse and gettext (a plain command line is read without them: ownlint/arguments.py);
# urllib.parse and ipaddress (pathlib imports them for Path.as_uri alone); the untracked
# walk's helper (a repository this small does not remember its walk); json (the cache
# keeps plain values in marshal's layout: a text report needs no JSON), hashlib, hmac
# and OpenSSL's _hashlib (6 ms to load: the cache seals with BLAKE2b's own module); the
# JSON report (a text report's summary takes the flavor from ownlint.report); the
# "utf-8-sig" codec's module (files are decoded as UTF-8, a byte-order mark dropped by hand);
# enum (ownlint's enums are ownlint.values' named classes, and re, which imports enum, is
# not imported by a warm run: 7.8 million instructions of a hook's run); re itself (a warm
# run compiles no regular expression: see the test of real rule shapes below).
NOT_ON_THE_CHECK_PATH = (
    "ownlint.sources.untracked_helper",
    "dataclasses", "inspect", "datetime", "typing", "argparse", "gettext", "urllib.parse", "ipaddress", "ownlint.formats.schema", "ownlint.formats.yamlio", "ownlint.formats.schema_check",
    "ownlint.model.registry", "ownlint.commands.explain", "ownlint.report.sarif", "ownlint.report.json",
    "json", "hashlib", "_hashlib", "hmac", "encodings.utf_8_sig", "enum", "re",
)


@pytest.mark.parametrize("argv", [["check", "--cached", "a.txt"], ["check", "a.txt"], ["check"]])
def test_the_check_path_of_a_codeowners_repository_imports_nothing_it_does_not_use(
    make_repo: Callable[..., Path], argv: list[str]
) -> None:
    root = make_repo({"CODEOWNERS": "* @org/all\n/docs/ @org/docs\n", "a.txt": "", "docs/b.md": ""})
    (root / "a.txt").write_text("staged\n")
    subprocess.run(["git", "add", "a.txt"], cwd=root, check=True)
    modules = imported(root, *argv)
    assert "ownlint.commands.check" in modules and "ownlint.tables.ownership" in modules
    assert [name for name in NOT_ON_THE_CHECK_PATH if name in modules] == []
    if argv != ["check"]:  # a hook's run; argparse imported shutil (and bz2, lzma) to ask the terminal's width
        assert "shutil" not in modules
    if argv[:2] == ["check", "--cached"]:  # the mapping unchanged: no finding is keyed as a baseline keys it
        assert "ownlint.checks.baseline" not in modules


# A CODEOWNERS of the shapes a real one holds (DataDog/integrations-extras: name globs,
# `**/` rules, a glob in a literal directory, an anchored `dir/*`), a banner of '=' (what
# a conflict marker starts with), suppressions used and unused, GitLab's sections and an
# e-mail owner; unowned files whose names a report must escape or may not start a line with.
REAL_SHAPES = (
    "# ======= ownership =======\n/docs/ @org/docs\n**/README.md @org/docs\n**/*metadata.csv @org/data\n"
    "/ably/*metadata.csv @org/ably # ownlint: ignore[OWN204]\n.github/workflows/* @org/ci\n*.tf @org/infra\n"
    "**/assets/dashboards @org/ui  # ownlint: ignore[OWN401]\n\n[Docs]\n/docs/ jane@example.com @org/docs\n"
)


@pytest.mark.parametrize("argv", [
    ["check", "--exit-zero"], ["check", "--exit-zero", "--format", "json"],
    ["check", "--cached", "--exit-zero", "--format", "json", "ably/metadata.csv", "a.tf", "nobody/résumé.txt"],
    ["check", "--cached", "--exit-zero", "ably/metadata.csv", "a.tf", "nobody/résumé.txt"],
])
def test_a_warm_run_over_real_rule_shapes_imports_no_re(make_repo: Callable[..., Path], argv: list[str]) -> None:
    """re (8 million instructions of a run's start, and the enum module it imports) is
    imported only where a regular expression is compiled: a CODEOWNERS parsed afresh,
    an unusual character to escape. A warm run, the hook's and the whole repository's,
    reads its rules from the cache; what it writes is escaped, and its rules judged, by str methods."""
    root = make_repo({
        "CODEOWNERS": REAL_SHAPES, "a.tf": "", "docs/README.md": "", "ably/metadata.csv": "", "ably/x/metadata.csv": "",
        ".github/workflows/ci.yml": "", "ui/assets/dashboards/d.json": "", "nobody/x.txt": "", "nobody/résumé.txt": "",
        "nobody/::warning::x": "", "nobody/\u202eevil.txt": "",
    })
    (root / "a.tf").write_text("staged\n")
    subprocess.run(["git", "add", "a.tf"], cwd=root, check=True)
    modules = imported(root, *argv)
    assert "ownlint.tables.ownership" in modules and "re" not in modules and "enum" not in modules


@pytest.mark.parametrize("argv", [["check", "--format", "json"], ["check", "--cached", "--format", "json", "a.txt"]])
def test_a_json_report_is_written_without_the_json_package(make_repo: Callable[..., Path], argv: list[str]) -> None:
    """An indented JSON report is written by ownlint with json's C string encoder: the
    package (whose import compiles the decoder's expressions) stays out."""
    root = make_repo({"CODEOWNERS": "* @org/all\n/docs/ @org/docs\n", "a.txt": "", "docs/b.md": ""})
    modules = imported(root, *argv)
    assert "ownlint.report.json" in modules
    assert [name for name in NOT_ON_THE_CHECK_PATH if name in modules and name != "ownlint.report.json"] == []


# Which modules' own import statements ask for enum during a run, in the order they
# run: an `import enum` anywhere counts, whether or not enum was imported already.
ENUM_PROBE = """
import builtins, sys
importers = []
real_import = builtins.__import__
def spy(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "enum" and level == 0:
        importers.append((globals or {}).get("__name__"))
    return real_import(name, globals, locals, fromlist, level)
builtins.__import__ = spy
from ownlint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
exec("import enum", {"__name__": "probe"})  # one the spy must see
sys.stdout.flush()
print(repr(importers))
"""


def enum_importers(cwd: Path, *argv: str) -> list[str]:
    """The modules that import enum in a cold run, then in a warm one (which reads the
    cache where the cold run parsed and built)."""
    environment = {"PYTHONPATH": str(CHECKOUT), "OWNLINT_CACHE_DIR": str(cwd.parent / "cache"),
                   "PATH": os.environ["PATH"], "XDG_STATE_HOME": str(cwd.parent / "state")}
    importers: list[str] = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", ENUM_PROBE, *argv], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=True, env=environment)
        importers += ast.literal_eval(done.stdout.splitlines()[-1])
    return importers


@pytest.mark.parametrize("argv", [
    ["check", "--cached", "--format", "json", "dns/templates/wikidata.org"], ["check", "dns/templates/wikidata.org"],
    ["check", "--today", "2026-11-27"], ["check", "--format", "sarif"], ["check", "--diff"],
    ["explain", "dns/", "modules/profile/"], ["explain", "--format", "json", "dns/templates/wikidata.org"],
])
def test_ownlint_imports_no_enum_itself(tmp_path: Path, argv: list[str]) -> None:
    """ownlint's enums (Severity, Mode, Kind, PatternProblem) are ownlint.values' named
    classes: importing enum costs a hook's run 17 million instructions (9 %). Whatever
    still imports it on a run's path is the standard library's (re, and the dataclasses
    module's inspect and ast)."""
    shutil.copytree(CHECKOUT / "examples" / "wikimedia-sre", tmp_path / "repo")
    root = tmp_path / "repo"
    for command in (["init", "-q", "-b", "main"], ["add", "-A"],
                    ["-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "example"]):
        subprocess.run(["git", *command], cwd=root, check=True)
    (root / "dns" / "templates" / "wikidata.org").write_text("; staged\n")
    subprocess.run(["git", "add", "dns/templates/wikidata.org"], cwd=root, check=True)
    importers = enum_importers(root, *argv)
    assert importers.count("probe") == 2
    assert [name for name in importers if name.startswith("ownlint")] == []


def _printed_by(script: str, where: Path) -> list[str]:
    """The lines a fresh interpreter prints running script with this checkout's ownlint."""
    done = subprocess.run([sys.executable, "-c", script], cwd=where, stdout=subprocess.PIPE, text=True, check=True,
                          env={"PYTHONPATH": str(CHECKOUT), "PATH": os.environ["PATH"]})
    return done.stdout.splitlines()


def test_pathlib_imported_alone_still_makes_uris_and_urllib_parse_is_the_real_one(tmp_path: Path) -> None:
    """main() imports pathlib with a stand-in for urllib.parse; Path.as_uri fetches the
    real function when called, and a later import of urllib.parse is the real module."""
    script = (
        "import contextlib, io, sys\nfrom ownlint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n    main(['rules', '--help'])\n"
        "assert 'pathlib' in sys.modules and 'urllib.parse' not in sys.modules, sorted(sys.modules)\n"
        "import pathlib\nprint(pathlib.PurePosixPath('/a b/c%d').as_uri())\n"
        "import urllib.parse\nprint(urllib.parse.urlsplit('https://x.org/p?q=1').query, hasattr(urllib.parse, 'quote'))\n"
    )
    assert _printed_by(script, tmp_path) == ["file:///a%20b/c%25d", "q=1 True"]


def test_pathlib_imported_alone_still_matches_and_globs_and_re_is_the_real_one(tmp_path: Path) -> None:
    """pathlib is imported with stand-ins for re, fnmatch and ntpath too (with enum, a
    quarter of a hook's imports): Path.match, glob and Windows paths import them when first
    used, case-folding flags included, and a later import of re is the real module."""
    (tmp_path / "a.TXT").write_text("")
    script = (
        "import sys\nfrom ownlint import cli\ncli._import_pathlib_alone()\n"
        "assert not {'re', 'fnmatch', 'ntpath'} & set(sys.modules), sorted(sys.modules)\n"
        "import pathlib\n"
        "print(pathlib.PurePosixPath('x/a.txt').match('*.txt'), pathlib.PureWindowsPath('A.TXT').match('*.txt'))\n"
        "print([p.name for p in pathlib.Path('.').glob('*.TXT')], pathlib.PureWindowsPath('c:/a', 'B').as_posix())\n"
        "import re, fnmatch\nprint(type(re.compile('a')).__name__, fnmatch.fnmatchcase('ab', 'a?'))\n"
    )
    assert _printed_by(script, tmp_path) == ["True True", "['a.TXT'] c:/a/B", "Pattern True"]


@pytest.mark.parametrize("uses", [
    "from urllib.parse import quote_from_bytes, urlsplit\nURI = urlsplit('https://x.org/a').path",
    "import urllib.parse\nURI = urllib.parse.urlsplit('https://x.org/a').path",
])
def test_a_pathlib_that_needs_more_of_urllib_parse_is_imported_plainly(tmp_path: Path, uses: str) -> None:
    """A Python whose pathlib asks urllib.parse for more than quote_from_bytes: the
    stand-in cannot answer, and pathlib is imported again with the real module."""
    (tmp_path / "pathlib.py").write_text(f"{uses}\n")
    script = (
        "import sys\nsys.path.insert(0, sys.argv[1])\nfrom ownlint import cli\ncli._import_pathlib_alone()\n"
        "import pathlib, urllib.parse\n"
        "print(pathlib.__file__ == sys.argv[1] + '/pathlib.py', pathlib.URI, hasattr(urllib.parse, 'quote'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=tmp_path, stdout=subprocess.PIPE, text=True,
                          check=True, env={"PYTHONPATH": str(CHECKOUT), "PATH": os.environ["PATH"]})
    assert done.stdout.split() == ["True", "/a", "True"]


def test_values_written_out_stay_frozen() -> None:
    """Without @dataclass, a finding, a pattern or a baseline key still cannot change once
    made (each is hashed into sets and counters); a stamped copy is a new value."""
    from ownlint.checks.baseline import Key
    from ownlint.findings import Finding, Severity
    from ownlint.matching.patterns import parse_pattern

    finding = Finding("CODEOWNERS", 1, 1, "OWN401", "unowned")
    pattern = parse_pattern("/docs/")
    for value, field in ((finding, "line"), (pattern, "text"), (Key("OWN401", "a", "b", "c"), "code")):
        with pytest.raises(AttributeError, match="frozen"):
            setattr(value, field, 2)
        with pytest.raises(AttributeError, match="frozen"):
            delattr(value, field)
    stamped = finding.with_severity(Severity.WARNING)
    assert (stamped.severity, finding.severity) == (Severity.WARNING, None) and stamped == finding.with_severity(Severity.WARNING)
    assert {finding, Finding("CODEOWNERS", 1, 1, "OWN401", "unowned")} == {finding}


@pytest.mark.parametrize("columns", [None, "", "wide", "0", "-3", "57", " 90 "])
def test_help_is_as_wide_as_argparse_would_make_it(monkeypatch: pytest.MonkeyPatch, columns: Optional[str]) -> None:
    """The parser asks the terminal's width itself (importing shutil for it cost start-up),
    and gets what argparse would have asked shutil for."""
    import shutil

    from ownlint.cli import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns


# The regular expressions ownlint no longer compiles (printable text, owner names and
# e-mail addresses, conflict markers), as they were: the str methods must give their answers.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_TEXT = re.compile("\x1b(?!\\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_COMMAND_LINE = re.compile(r"^(?=::|##\[|##vso\[)", re.MULTILINE)
_NAME = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_USER = re.compile(rf"@{_NAME}")
_TEAM = re.compile(rf"@{_NAME}(?:/{_NAME})+")
_ROLE = re.compile(r"@@(?:developer|maintainer|owner)s?")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+")
_SUPPRESSION = re.compile(r"#\s*ownlint:\s*ignore\[([A-Za-z0-9_,\s]*)\]")
_CONFLICT_MARKER = re.compile(r"^(?:(?:<{7}|>{7}|\|{7})(?:[ \t].*)?|={7}[ \t]*)\r?$", re.MULTILINE)
TRICKY = st.lists(st.sampled_from([
    "a", "Z", "0", "_", ".", "-", "/", "@", "@@", ":", "::", "##[", "##vso[", "#", " ", "\t", "\n", "\r", "\x00", "\x1b",
    "\x1b[31m", "\x1b[0m", "\x7f", "\x85", "\x9f", "\u2028", "\u202e", "\u2066", "é", "\u0661", "\udcff", "owner",
    "developer", "maintainer", "s", "org", "team", "x.y",
]), max_size=12).map("".join)


def _escape_as_before(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
    return named.get(char) or (f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}")


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TRICKY, st.text()), keep=st.sampled_from(["", "\r", "\t\n", "\x1b", "\u2028\x85"]))
def test_printable_text_answers_as_the_regular_expressions_did(text: str, keep: str) -> None:
    from ownlint.formats.printable import json_text, printable, safe_text

    kept = lambda match: match.group(0) if match.group(0) in keep else _escape_as_before(match)  # noqa: E731
    assert printable(text, keep) == _UNPRINTABLE.sub(kept, text)
    assert safe_text(text, keep) == _COMMAND_LINE.sub("\\\\", _UNSAFE_IN_TEXT.sub(kept, text))
    raw = json.dumps({text: [text]}, indent=2, ensure_ascii=False)
    assert json_text({text: [text]}) == _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group(0)):04x}", raw)


EMAILISH = st.lists(st.sampled_from([
    "a", "Z", "0", "-", "--", ".", "..", "@", "+", "!", "{|}", "~", "_", " ", "\n", "é", "a" * 61, "b" * 62, "x.y",
]), max_size=10).map("".join)


@settings(max_examples=600, deadline=None)
@given(owner=st.one_of(TRICKY, EMAILISH))
def test_owner_names_are_told_as_the_regular_expressions_did(owner: str) -> None:
    from ownlint.formats.owner_syntax import _is_team, _is_user, is_email, is_role

    assert _is_user(owner) == bool(_USER.fullmatch(owner))
    assert _is_team(owner) == bool(_TEAM.fullmatch(owner))
    assert is_role(owner) == bool(_ROLE.fullmatch(owner))
    assert is_email(owner) == bool(_EMAIL.fullmatch(owner))


CONFLICTISH = st.lists(st.sampled_from([
    "<<<<<<<", ">>>>>>>", "|||||||", "=======", "<", "=", "|", " ", "\t", "\r", "\n", "\r\n", "x", "HEAD", "\x0b", "\u2028",
]), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=CONFLICTISH)
def test_conflict_markers_are_found_where_the_regular_expression_found_them(text: str) -> None:
    from ownlint.formats.conflicts import first_conflict_marker

    # (A diff3 base marker alone, with no other, was never looked for.)
    found = _CONFLICT_MARKER.search(text) if any(marker in text for marker in ("<<<<<<<", "=======", ">>>>>>>")) else None
    assert first_conflict_marker(text) == (None if found is None else (text.count("\n", 0, found.start()) + 1, 1))


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TRICKY, st.text(), st.text(st.characters(max_codepoint=0x7f))))
def test_a_glob_is_escaped_as_re_escape_escapes_it(text: str) -> None:
    """The regex (and key) of a glob segment is written without importing re."""
    from ownlint.matching.patterns import regex_escape

    assert regex_escape(text) == re.escape(text)


SUPPRESSIONISH = st.lists(st.sampled_from([
    "#", "# ", "ownlint:", "ownlint", "ignore[", "ignore", "[", "]", "OWN206", "own1", "_", ",", " ", "\t", "\n", "\x1c",
    "\x85", "\xa0", "\u2028", "\u3000", "é", "-", "# ownlint: ignore[OWN201]",
]), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=SUPPRESSIONISH)
def test_a_suppression_is_found_where_the_regular_expression_found_it(text: str) -> None:
    from ownlint.formats.codeowners import find_suppression, suppressed_codes

    match = _SUPPRESSION.search(text)
    assert find_suppression(text) == (None if match is None else (match.start(), match.start(1), match.end()))
    codes = frozenset(code.strip().upper() for code in match.group(1).split(",") if code.strip()) if match else frozenset()
    assert suppressed_codes(text) == codes
