"""`ownlint map`: the data the page embeds, read back without a browser (totals as `check`, owners as `ls`)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from ownlint.report.map_data import PALETTE, colours
from ownlint.report.map_page import embedded
from tests.conftest import Result, git, write_files

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "wikimedia-sre"
TODAY = "2026-11-27"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example repository in a git work tree of its own."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.email=t@example.invalid", "-c", "user.name=T", "commit", "-q", "-m", "example")
    return root


def make_map(ownlint: Callable[..., Result], root: Path, *args: str) -> tuple[dict[str, Any], list[list[Any]], str]:
    output = root.parent / "map.html"
    result = ownlint(root, "map", "--today", TODAY, "--output", str(output), *args)
    assert result.code == 0, result.err
    assert result.out.startswith("ownlint: map of ") and str(output) in result.out
    page = output.read_text(encoding="utf-8")
    data, listing = embedded(page)
    return data, listing, page


def owners_by_path(data: dict[str, Any], listing: list[list[Any]]) -> dict[str, tuple[list[str], list[int]]]:
    """Every file of the listing: its owners as written and its winning rules' lines."""
    result = {}
    for directory, names, held in listing:
        for name, key in zip(names, held):
            path = f"{directory}/{name}" if directory else name
            entry = data["keys"][key]
            lines = [data["rules"][index]["line"] for index in entry["rules"]]
            result[path] = (data["groups"][entry["group"]]["owners"], lines)
    return result


def test_totals_are_checks_summary_and_every_owner_is_ls(ownlint: Callable[..., Result], example: Path) -> None:
    data, listing, _ = make_map(ownlint, example)
    checked = json.loads(ownlint(example, "check", "--format", "json", "--today", TODAY).out)
    totals = data["totals"]
    summary = checked["summary"]
    assert {name: totals[name] for name in summary} == summary
    assert (totals["files"], totals["excluded"], totals["unowned"], totals["errors"]) == (90, 4, 1, 9)
    listed = [json.loads(line) for line in ownlint(example, "ls", "--format", "jsonl").out.splitlines()]
    mine = owners_by_path(data, listing)
    assert sorted(mine) == sorted(record["path"] for record in listed)
    for record in listed:
        owners, lines = mine[record["path"]]
        assert owners == record["owners"], record["path"]
        assert (lines[-1] if lines else None) == record["line"], record["path"]
    # The findings are check's, each once.
    assert sorted((f["code"], f["file"], f["line"]) for f in data["findings"]) == sorted(
        (f["code"], f["file"], f["line"]) for f in checked["findings"])


def test_the_card_data_is_what_explain_says(ownlint: Callable[..., Result], example: Path) -> None:
    data, listing, _ = make_map(ownlint, example)
    mine = {f"{directory}/{n}" if directory else n: k for directory, names, held in listing for n, k in zip(names, held)}
    paths = ["hieradata/role/common/mariadb/core.yaml", "dns/templates/wikipedia.org", "modules/base/manifests/init.pp",
             "modules/netbox_ipam/manifests/init.pp"]
    explained = json.loads(ownlint(example, "explain", "--format", "json", "--no-findings", *paths).out)["results"]
    assert data["overridden"] is True
    for result in explained:
        key = data["keys"][mine[result["path"]]]
        overridden = [{"pattern": data["rules"][i]["pattern"], "line": data["rules"][i]["line"]} for i in key["overridden"]]
        assert overridden == [{"pattern": r["pattern"], "line": r["line"]} for r in result["overridden"]], result["path"]
        rule = data["rules"][key["rules"][-1]] if key["rules"] else None
        assert (rule and rule["line"]) == (result["rule"] and result["rule"]["line"])
    unowned = data["groups"][data["keys"][mine["modules/netbox_ipam/manifests/init.pp"]]["group"]]
    assert unowned["reason"] == "no-rule" and unowned["owners"] == []
    # A retired owner is stale; its team entry says what became of it.
    base = data["groups"][data["keys"][mine["modules/base/manifests/init.pp"]]["group"]]
    assert base["stale"] and base["owners"] == ["technical-operations"]
    team = data["teams"][base["teams"][0]]
    assert (team["id"], team["status"], team["successors"]) == ("technical-operations", "renamed", ["sre"])
    # Two spellings of one team are one legend entry, with one colour.
    traffic = [t for t in data["teams"] if t["id"] == "traffic"]
    assert len(traffic) == 1 and traffic[0]["files"] == 19
    assert not any(t["id"] == "@wikimedia/sre-traffic" for t in data["teams"])


def test_declarations_are_what_explain_shows(ownlint: Callable[..., Result], example: Path) -> None:
    data, _, _ = make_map(ownlint, example)
    paths = ["team-data-persistence/sessionstore.yaml", "hieradata/role/common/mariadb/core.yaml"]
    explained = json.loads(ownlint(example, "explain", "--format", "json", "--no-findings", *paths).out)["results"]
    for result in explained:
        mine = [d for d in data["declarations"] if d["directory"] is None and d["file"] == result["path"]]
        assert [(d["source"], d["file"], d["values"][0]["line"], d["values"][0]["column"], [v["text"] for v in d["values"]],
                 d["teams"], d["agrees"]) for d in mine] == [
            (d["source"], d["file"], d["line"], d["column"], d["values"], d["teams"], d["agrees"])
            for d in result["declared"]]
    assert any(d["agrees"] is False for d in data["declarations"])
    assert data["declarations_total"] == len(data["declarations"]) > 10


def test_the_page_is_self_contained_and_its_policy_allows_only_its_own_script(
    ownlint: Callable[..., Result], example: Path
) -> None:
    _, _, page = make_map(ownlint, example)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy is not None
    rules = dict(part.strip().split(" ", 1) for part in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(scripts) == 1 and len(styles) == 1

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert rules["script-src"] == digest(scripts[0])
    assert rules["style-src"] == digest(styles[0])
    assert not re.search(r"\b(src|href)=", page), "nothing is loaded from anywhere"
    assert "<link" not in page and "http://" not in page.split("<script")[0]


def test_the_script_never_writes_markup() -> None:
    """Names from the repository reach the page as text nodes only (the trust rule)."""
    from ownlint.report.map_page import ASSETS

    script = (ASSETS / "map.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setAttribute(\"style", "fetch(", "XMLHttpRequest", "WebSocket", "sendBeacon"):
        assert sink not in script, sink


def test_hostile_names_stay_data(ownlint: Callable[..., Result], make_repo: Callable[..., Path]) -> None:
    evil = "<script>alert(1)<!--\u2028.txt"  # no '/': one file name
    root = make_repo({"CODEOWNERS": "* @org/a\n/docs/ @org/b\n", "docs/" + evil: "x", "README": "x"})
    data, listing, page = make_map(ownlint, root)
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert ["docs", [evil], [1]] in listing
    assert data["totals"]["files"] == 3
    assert "alert(1)" not in page.split('id="ownlint-data">')[0]


def test_zero_configuration_owners_are_unvalidated(ownlint: Callable[..., Result], make_repo: Callable[..., Path]) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n/docs/ @org/b @org/a\n", "docs/x.md": "x", "README": "x"})
    data, listing, _ = make_map(ownlint, root)
    assert {t["id"]: (t["status"], t["files"]) for t in data["teams"]} == {
        "@org/a": ("unvalidated", 3), "@org/b": ("unvalidated", 1)}
    assert data["groups"][data["keys"][dict(zip(listing[1][1], listing[1][2]))["x.md"]]["group"]]["owners"] == [
        "@org/b", "@org/a"]


def test_large_repositories_aggregate_small_directories(ownlint: Callable[..., Result], make_repo: Callable[..., Path]) -> None:
    from ownlint.model.config import load_config
    from ownlint.project import Scope, load_project
    from ownlint.report.map_data import build_map_data

    files = {f"area{a}/part{p}/leaf{q}/f{n}.txt": "x" for a in range(3) for p in range(4) for q in range(5) for n in range(2)}
    root = make_repo({"CODEOWNERS": "* @org/a\n/area1/ @org/b\n/area2/part3/ \n", **files})
    project = load_project(load_config(root)[0], Scope())
    built = build_map_data(project, [], None, "now", max_nodes=20)
    nodes = built.data["nodes"]
    assert len(nodes) <= 20
    paths = {}
    for name, parent, counts, expanded in nodes:
        paths[len(paths)] = (paths[parent][0] + "/" + name if parent > 0 else name, counts, expanded)
    by_path = {path: (counts, expanded) for path, counts, expanded in paths.values()}
    # Every file is in the tree's counts, and in the listing.
    assert sum(by_path[""][0][1::2]) == 121
    assert sum(len(names) for _, names, _ in built.listing) == 121
    # A directory the tree keeps whole still counts all its files by owner group.
    collapsed = [path for path, (_, expanded) in by_path.items() if not expanded]
    assert collapsed and all(path.count("/") >= 1 for path in collapsed)
    groups = built.data["groups"]
    counts = by_path["area2/part3"][0] if "area2/part3" in by_path else by_path["area2"][0]
    assert any(groups[g]["reason"] == "no-owners" for g in counts[::2])
    unaggregated = build_map_data(project, [], None, "now").data["nodes"]
    assert len(unaggregated) == 1 + 3 + 12 + 60


def test_diff_colours_by_the_new_owner_and_keeps_the_old(
    ownlint: Callable[..., Result], make_repo: Callable[..., Path]
) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n/dns/ @org/b\n/db/ @org/c\n", "dns/zone": "x", "db/x.sql": "x",
                      "README": "x", "tmp/scratch": "x"})
    write_files(root, {"CODEOWNERS": "* @org/a\n/dns/ @org/d\n/tmp/\n", "new.txt": "x"})
    data, listing, page = make_map(ownlint, root, "--diff", "HEAD")
    expected = json.loads(ownlint(root, "diff", "HEAD", "--format", "json").out)
    keys = {f"{d}/{n}" if d else n: data["keys"][k] for d, names, held in listing for n, k in zip(names, held)}
    seen = {}
    for path, key in keys.items():
        group = data["groups"][key["group"]]
        if group["change"] is not None:
            seen[path] = (group["change"], key["before"], group["owners"])
    assert seen == {
        "dns/zone": ("changed", ["@org/b"], ["@org/d"]),
        "db/x.sql": ("changed", ["@org/c"], ["@org/a"]),
        "tmp/scratch": ("unowned", ["@org/a"], []),
        "new.txt": ("added", [], ["@org/a"]),
    }
    summary = expected["summary"]
    assert {k: data["diff"][k] for k in ("changed", "unowned", "owned", "added", "removed")} == {
        k: summary[k] for k in ("changed", "unowned", "owned", "added", "removed")}
    assert data["diff"]["base"] == "HEAD"


def test_bad_input_is_one_line_and_writes_nothing(ownlint: Callable[..., Result], make_repo: Callable[..., Path]) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n", "README": "x"})
    result = ownlint(root, "map", "--diff", "no-such-revision", "--output", "out.html")
    assert result.code == 2
    assert result.err.strip().splitlines() == [f"ownlint: {root}: 'no-such-revision' is not a git revision here"]
    assert not (root / "out.html").exists()
    result = ownlint(root, "map", "--output", "no/such/folder/map.html")
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip().splitlines()[-1] == (
        f"ownlint: {root / 'no/such/folder/map.html'}: cannot write: No such file or directory")


def test_default_output_and_standard_output(ownlint: Callable[..., Result], make_repo: Callable[..., Path]) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n", "README": "x"})
    result = ownlint(root, "map")
    assert result.code == 0 and (root / "ownership.html").is_file()
    result = ownlint(root, "map", "--output", "-")
    assert result.code == 0 and result.out.startswith("<!doctype html>") and result.out.endswith("</html>\n")
    assert result.err == "ownlint: note: no team registry configured: owner validity checks (OWN1xx, OWN3xx) are skipped\n"


def test_a_directory_maps_only_its_files(ownlint: Callable[..., Result], make_repo: Callable[..., Path]) -> None:
    root = make_repo({"CODEOWNERS": "* @org/a\n/dns/ @org/b\n", "dns/zone": "x", "dns/more/zone": "x", "README": "x"})
    data, listing, _ = make_map(ownlint, root, "dns")
    assert data["totals"]["files"] == 2
    assert sorted(d for d, _, _ in listing) == ["dns", "dns/more"]
    result = ownlint(root, "map", "--output", "out.html", "no/such/dir")
    assert (result.code, result.err) == (2, "ownlint: no/such/dir: no such file or directory\n")
    assert not (root / "out.html").exists()


def test_colours_are_stable_and_distinct_while_the_palette_lasts() -> None:
    few = colours(["sre", "traffic", "dba"])
    assert few == colours(["dba", "traffic", "sre"])
    assert len(set(few.values())) == 3
    many = colours([f"team-{n}" for n in range(len(PALETTE))])
    assert set(many.values()) == set(PALETTE)


def test_findings_past_the_cap_are_counted_not_embedded(
    ownlint: Callable[..., Result], make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ownlint.report import map_data

    monkeypatch.setattr(map_data, "MAX_FINDINGS_PER_CODE", 2)
    root = make_repo({"CODEOWNERS": "/docs/ @org/a\n", "docs/a": "x", "x1": "x", "x2": "x", "x3": "x"})
    data, _, _ = make_map(ownlint, root)
    assert [f["path"] for f in data["findings"] if f["code"] == "OWN401"] == ["CODEOWNERS", "x1"]
    assert data["findings_total"]["OWN401"] == 4
    assert (data["totals"]["unowned"], data["totals"]["errors"]) == (4, 4)
