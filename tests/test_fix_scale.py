"""check --fix on large mappings: the fast paths give the bytes and findings the slow ones
gave. A 2,000-rule mapping written in every owner form is fixed byte-exactly, and the
file read line by line reports what ruamel.yaml's reading of the same rules reports."""
from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import Result

Run = Callable[..., Result]
TEAMS = (
    "version: 1\nteams:\n"
    "  sre: {name: SRE, lead: mark, handles: ['@org/sre']}\n"
    "  technical-operations: {name: TO, status: renamed, renamed_to: sre, handles: ['@org/technical-operations']}\n"
    "  traffic: {name: Traffic, lead: brandon}\n"
)
# One rule in each form an owner can be written in; {old} is the renamed team, {handle} its handle.
FORMS = [
    "  - path: /plain{n}/\n    owners: [{old}]\n",
    "  - path: /commented{n}/   # rule {n}\n    owners: [{old}]   # comments keep technical-operations\n",
    "  - path: '/single{n}/'\n    owners: ['{old}', traffic]\n",
    '  - path: "/double{n}/"\n    owners: [traffic, "{old}"]\n',
    "  - path: /block{n}/\n    owners:\n      - {old}   # first\n      # between\n      - traffic\n",
    "  - owners: [ {old} ,traffic ]\n    path: /spaced{n}/\n    note: owners first\n",
    "  - path: /handle{n}/\n    owners: ['{handle}']\n",
    "  - path: /handle-double{n}/\n    owners:\n    - \"{handle}\"\n",
]


def _mapping(rules: int, old: str, handle: str, head: str = "") -> str:
    body = "".join(FORMS[n % len(FORMS)].format(n=n, old=old, handle=handle) for n in range(rules))
    return f"{head}# {rules} rules, every form\nversion: 1\nrules:\n  - path: '*'\n    owners: [sre]\n{body}"


def _repo(make_repo: Callable[..., Path], text: str) -> Path:
    config = "teams: teams.yaml\nownership: ownership.yaml\nexclude: [/teams.yaml, /ownership.yaml, /.ownlint.yaml]\n" \
        "checks: {ignore: [OWN203]}\n"
    return make_repo({"a.txt": "", ".ownlint.yaml": config, "teams.yaml": TEAMS, "ownership.yaml": text}, commit=False)


def test_two_thousand_rules_in_every_form_are_fixed_byte_exactly(make_repo: Callable[..., Path], ownlint: Run) -> None:
    before = _mapping(2000, "technical-operations", "@org/technical-operations")
    root = _repo(make_repo, before)
    result = ownlint(root, "check", "--fix")
    # The oracle: the same file written with the live team's names from the start.
    assert (root / "ownership.yaml").read_text() == _mapping(2000, "sre", "@org/sre")
    assert result.out.startswith("Fixed 2,000 owners:\n")
    assert "OWN302" not in result.out
    assert ownlint(root, "check", "--fix").out.count("Fixed") == 0


def test_the_line_reader_and_ruamel_report_the_same_findings(make_repo: Callable[..., Path], ownlint: Run) -> None:
    """A '---' first line sends the file to ruamel.yaml; everything else is one line lower."""
    from ownlint.formats.mapping_lines import read_mapping_lines

    text = _mapping(400, "technical-operations", "@org/technical-operations")
    assert read_mapping_lines(text) is not None and read_mapping_lines("---\n" + text) is None
    reports = []
    for head in ("", "---\n"):
        root = _repo(make_repo, head + text)
        found = json.loads(ownlint(root, "check", "--format", "json").out)["findings"]
        shift = head.count("\n")
        reports.append([
            (f["file"], f["code"], f["line"] - (shift if f["file"] == "ownership.yaml" else 0), f["column"],
             f["message"], f.get("fix"))
            for f in found
        ])
        (root.parent / "repo").rename(root.parent / f"repo{len(reports)}")
    assert reports[0] == reports[1]
    assert sum(code == "OWN302" for _, code, *_ in reports[0]) == 400


def test_a_gitlab_exclusion_and_a_rule_of_the_same_text_keep_their_own_columns() -> None:
    """Patterns parsed once per process: the error of `!x[` is reported at the '[' both times."""
    from ownlint.model.mapping import mapping_from_codeowners

    text = "[Section] @org/sre\n/x[ @org/a\n!/x[\n"
    for _ in range(2):
        rules = mapping_from_codeowners(text, ".gitlab/CODEOWNERS").rules
        errors = [rule.pattern_error for rule in rules]
        assert [e.column if e is not None else None for e in errors] == [3, 4]


def test_commands_run_with_the_cycle_collector_paused_and_get_it_back(
    monkeypatch: pytest.MonkeyPatch, make_repo: Callable[..., Path], ownlint: Run
) -> None:
    from ownlint.commands import rules

    seen: list[bool] = []
    real = rules.run
    monkeypatch.setattr(rules, "run", lambda args: seen.append(gc.isenabled()) or real(args))
    assert gc.isenabled()
    assert ownlint(None, "rules").code == 0
    assert seen == [False] and gc.isenabled()


def test_the_program_leaves_the_collector_paused_to_its_end(
    monkeypatch: pytest.MonkeyPatch, make_repo: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # main() called by a program gives the collector back; the ownlint program itself
    # (cli.run) ends its process right after, so turning it on would only start a full
    # collection over everything the run left alive.
    from ownlint import cli
    from ownlint.commands import rules

    seen: list[bool] = []
    real = rules.run
    monkeypatch.setattr(rules, "run", lambda args: seen.append(gc.isenabled()) or real(args))
    monkeypatch.setattr("sys.argv", ["ownlint", "rules"])

    def ended_here(code: int) -> None:  # (os._exit would end the test run itself, as a pass)
        raise SystemExit(code)

    monkeypatch.setattr(cli.os, "_exit", ended_here)
    assert gc.isenabled()
    try:
        with pytest.raises(SystemExit) as ended:
            cli.run()
        assert ended.value.code == 0 and seen == [False] and not gc.isenabled()
    finally:
        gc.enable()
    assert "OWN" in capsys.readouterr().out


def test_a_stamped_severity_is_a_new_finding_with_that_severity() -> None:
    import inspect

    from ownlint.findings import Finding, Fix, Severity

    given = {"file": "ownership.yaml", "line": 7, "column": 14, "code": "OWN302", "message": "renamed",
             "severity": Severity.INFO, "path": "dns/", "fix": Fix("replace it", safe=True)}
    names = [name for name in inspect.signature(Finding).parameters]  # every field, a new one too
    finding = Finding(**{name: given.get(name, f"<{name}>") for name in names})
    stamped = finding.with_severity(Severity.WARNING)
    expected = Finding(**{**vars(finding), "severity": Severity.WARNING})
    assert vars(stamped) == vars(expected) and [getattr(stamped, name) for name in names] == \
        [getattr(expected, name) for name in names]
    assert finding.severity is Severity.INFO and stamped.severity is Severity.WARNING
