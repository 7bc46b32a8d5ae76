"""Property tests over generated input: import -> codeowners keeps every path's owners,
and --fix is idempotent and changes no byte outside the owners it rewrites."""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownlint.cli import main
from ownlint.edits.export import generate
from ownlint.edits.importer import import_codeowners
from ownlint.formats.schema import validate
from ownlint.formats.yamlio import parse_yaml
from ownlint.model.mapping import mapping_from_codeowners, mapping_from_document
from ownlint.tables.ownership import OwnershipTable

NAMES = ["dns", "docs", "a b", "x.tf", "charts", "é"]
SEGMENTS = st.sampled_from(NAMES + ["*", "**", "*.tf", "?s"])
OWNERS = st.sampled_from(["@org/traffic", "@org/sre", "@octocat", "ops@example.org"])


@st.composite
def codeowners_lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["rule", "rule", "rule", "comment", "blank"]))
    if kind == "comment":
        return "# " + draw(st.sampled_from(["owners", "DNS: traffic", "see #wikimedia-sre"]))
    if kind == "blank":
        return ""
    segments = draw(st.lists(SEGMENTS, min_size=1, max_size=3))
    pattern = ("/" if draw(st.booleans()) else "") + "/".join(segments) + ("/" if draw(st.booleans()) else "")
    pattern = pattern.replace(" ", "\\ ")
    owners = draw(st.lists(OWNERS, max_size=2, unique=True))
    comment = draw(st.sampled_from(["", "  # inline", " #x"]))
    return " ".join([pattern, *owners]) + comment


paths = st.lists(st.sampled_from(NAMES), min_size=1, max_size=4).map("/".join)


def owners_by_path(text: str, files: list[str]) -> list[list[str]]:
    table = OwnershipTable.build(mapping_from_codeowners(text, "CODEOWNERS"), files)
    return [table.owners_of(winners) for winners in table.winners]


@settings(max_examples=300, deadline=None)
@given(st.lists(codeowners_lines(), min_size=1, max_size=12), st.lists(paths, min_size=1, max_size=15, unique=True))
def test_import_then_codeowners_keeps_every_owner(lines: list[str], files: list[str]) -> None:
    original = "\n".join(lines) + "\n"
    imported = import_codeowners(original, "CODEOWNERS", None, "imported")
    document, findings = parse_yaml(imported, "ownership.yaml")
    assert document is not None and not findings and not validate(document, "ownership"), imported
    regenerated = generate(mapping_from_document(document), None, "github", ["ownership.yaml"], "CODEOWNERS")
    assert owners_by_path(regenerated, files) == owners_by_path(original, files), (original, regenerated)


TEAMS = """\
version: 1
teams:
  sre: {name: SRE, lead: mark}
  traffic: {name: Traffic, lead: brandon, handles: ["@org/traffic"]}
  technical-operations: {name: Technical Operations, status: renamed, renamed_to: sre}
  old-traffic: {name: Old Traffic, status: renamed, renamed_to: traffic-2018}
  traffic-2018: {name: Traffic 2018, status: renamed, renamed_to: traffic}
  core-ops: {name: Core Ops, status: retired, successors: [sre, traffic]}
"""
TEAM_NAMES = ["sre", "traffic", "technical-operations", "old-traffic", "core-ops", "nobody"]
QUOTES = ["{}", "'{}'", '"{}"']


@st.composite
def ownership_files(draw: st.DrawFn) -> str:
    lines = ["# ownership, hand-written", "version: 1", "rules:"]
    for number in range(draw(st.integers(min_value=1, max_value=6))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "  # a comment", "   #odd  indent"])))
        owners = draw(st.lists(st.sampled_from(TEAM_NAMES), max_size=3, unique=True))
        quoted = [draw(st.sampled_from(QUOTES)).format(owner) for owner in owners]
        space = draw(st.sampled_from(["", " ", "  "]))
        tail = draw(st.sampled_from(["", "   # keep me", " # ownlint: ignore[OWN302]"]))
        lines.append(f"  - path: /dir{number}/")
        if draw(st.booleans()):
            lines.append(f"    owners: [{space}{(',' + space).join(quoted)}{space}]{tail}")
        else:
            lines.append(f"    owners:{tail}")
            lines.extend(f"      - {owner}" for owner in quoted)
            if not quoted:
                lines[-1] += " []"
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline


MASK = re.compile("|".join(sorted(map(re.escape, TEAM_NAMES + ["traffic-2018"]), key=len, reverse=True)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ownership_files())
def test_fix_is_idempotent_and_touches_only_owners(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / ".ownlint.yaml").write_text("teams: teams.yaml\nownership: ownership.yaml\n")
        (root / "teams.yaml").write_text(TEAMS)
        mapping = root / "ownership.yaml"
        mapping.write_bytes(text.encode())
        code = main(["-C", directory, "check", "--fix", "--today", "2026-11-27", "--select", "OWN302"])
        assert code in (0, 1)
        once = mapping.read_bytes()
        main(["-C", directory, "check", "--fix", "--today", "2026-11-27", "--select", "OWN302"])
        assert mapping.read_bytes() == once
        before, after = text.encode().splitlines(keepends=True), once.splitlines(keepends=True)
        assert len(before) == len(after)
        for old, new in zip(before, after):
            if old != new:
                assert MASK.sub("T", old.decode()) == MASK.sub("T", new.decode()), (old, new)
        report = root / "report.json"
        main(["-C", directory, "check", "--today", "2026-11-27", "--select", "OWN302",
              "--format", "json", "--output", str(report)])
        remaining = json.loads(report.read_text())["findings"]
        assert not [f for f in remaining if f["fix"] and f["fix"]["safe"]], remaining


def _tokens_by_regex(line: str, start: int) -> tuple[list[tuple[str, int]], object]:
    """CODEOWNERS tokens as one regular expression reads them (the reader's own rule for
    a line with a backslash): a backslash takes the next character, '#' ends them."""
    tokens: list[tuple[str, int]] = []
    for match in re.finditer(r"(?:[^ \t\\]+|\\.|\\)+", line[start:], re.DOTALL):
        if match.group()[0] == "#":
            return tokens, line[start + match.start():]
        tokens.append((match.group(), start + match.start() + 1))
    return tokens, None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t#a@b/*\\\r\x0b\x0c\x1c\x1f\u00a0é", max_size=24), st.integers(0, 3))
def test_codeowners_tokens_are_the_regex_s(line: str, start: int) -> None:
    """A line without a backslash is split between spaces and tabs at C speed: the same
    tokens, columns and comment as the regular expression gives."""
    from ownlint.formats.codeowners import _split_tokens

    start = min(start, len(line))
    tokens, comment = _split_tokens(line, start)
    assert ([(token.text, token.column) for token in tokens], comment) == _tokens_by_regex(line, start)
