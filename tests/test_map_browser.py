"""`ownlint map` in a real headless Chromium: boxes, styles, zoom, breadcrumb, back button, search,
team highlight and the card, with no console error and no network request.

Needs Debian's chromium (.ci/run installs it) and the playwright package (the test extra);
outside CI the tests are skipped when either is missing, in CI they fail instead."""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.conftest import Result, git

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "wikimedia-sre"
TODAY = "2026-11-27"
LAUNCH_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _browser_missing() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return "chromium is not installed (apt-get install chromium)"
    return ""


_MISSING = _browser_missing()
if _MISSING and not os.environ.get("CI"):
    pytest.skip(f"browser tests skipped: {_MISSING}", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert not _MISSING, _MISSING  # in CI a missing browser is a failure, never a skip
    from playwright.sync_api import sync_playwright

    # Playwright gives the browser a fresh profile (user data directory) of its own.
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_FLAGS)
        yield launched
        launched.close()


class Page:
    """One map opened in the browser, with every console error and request it causes."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.as_uri()
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        started = time.perf_counter()
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-painted]", timeout=30_000)
        self.first_paint = time.perf_counter() - started
        self.page.wait_for_selector("html[data-ready]", timeout=60_000)

    def box(self, path: str) -> Any:
        return self.page.locator(f'#map [data-path="{path}"]').first

    def hash(self) -> str:
        value: str = self.page.evaluate("location.hash")
        return value

    def close(self, screenshot: Path) -> None:
        self.page.screenshot(path=str(screenshot))
        self.page.close()
        assert self.errors == [], self.errors
        assert self.requests == [self.url], "the page asked for nothing but itself"


@pytest.fixture(scope="module")
def example_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ownlint.cli import main

    root = tmp_path_factory.mktemp("map") / "wikimedia-sre"
    shutil.copytree(EXAMPLE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.email=t@example.invalid", "-c", "user.name=T", "commit", "-q", "-m", "example")
    output = root.parent / "map.html"
    assert main(["-C", str(root), "map", "--today", TODAY, "--output", str(output)]) == 0
    main(["-C", str(root), "check", "--today", TODAY, "--format", "json", "--output", str(output.with_suffix(".json"))])
    return output


def screenshot_for(request: pytest.FixtureRequest, tmp_path: Path, name: str) -> Path:
    """Where the test's screenshot goes: its tmp_path, or OWNLINT_SCREENSHOTS when set."""
    folder = Path(os.environ.get("OWNLINT_SCREENSHOTS", str(tmp_path)))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    request.node.user_properties.append(("screenshot", str(path)))
    print(f"screenshot: {path}", file=sys.stderr)
    return path


def test_the_example_is_drawn_with_unowned_and_stale_styles(
    browser: Any, example_map: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    page = Page(browser, example_map)
    p = page.page
    assert p.locator("#map .frame").count() > 10 and p.locator("#map .box").count() > 50
    assert p.locator('#totals [data-total="files"] dd').inner_text() == "90"  # check's summary: excluded files count too
    assert p.locator('#totals [data-total="unowned"] dd').inner_text() == "1"
    # The one unowned file: a striped part in its directory's box, a striped box when zoomed in.
    assert page.box("modules/netbox_ipam").locator(".part.unowned").count() == 1
    p.locator('#map .frame[data-path="modules/netbox_ipam"] > .label').click()
    assert page.hash() == "#p=modules/netbox_ipam&s=modules/netbox_ipam"
    unowned = page.box("modules/netbox_ipam/manifests/init.pp")
    assert "unowned" in (unowned.get_attribute("class") or "")
    unowned.click()
    assert page.hash() == "#p=modules/netbox_ipam&s=modules/netbox_ipam/manifests/init.pp"
    assert "UNOWNED: no rule matches this path" in p.locator("#card").inner_text()
    # A renamed owner (technical-operations owns modules/base/) is marked stale.
    p.go_back()
    p.go_back()
    assert page.hash() == ""
    assert page.box("modules/base").locator(".part.stale").count() == 1
    page.close(screenshot_for(request, tmp_path, "map-example"))


def test_zoom_breadcrumb_and_back_button(browser: Any, example_map: Path, request: pytest.FixtureRequest,
                                        tmp_path: Path) -> None:
    page = Page(browser, example_map)
    p = page.page
    p.locator('#map .frame[data-path="hieradata"] > .label').click()
    assert page.hash() == "#p=hieradata&s=hieradata"
    assert _crumbs(p, "wikimedia-sre / hieradata") == ["wikimedia-sre", "/", "hieradata"]
    assert p.locator('#map .frame[data-path="hieradata/role"]').count() == 1
    p.locator('#map .frame[data-path="hieradata/role/common"] > .label').click()
    assert _crumbs(p, "wikimedia-sre / hieradata / role / common") == [
        "wikimedia-sre", "/", "hieradata", "/", "role", "/", "common"]
    assert page.box("hieradata/role/common/dnsbox.yaml").count() == 1
    p.locator('#crumbs a[data-path="hieradata"]').click()
    assert page.hash() == "#p=hieradata&s=hieradata"
    p.go_back()
    assert page.hash() == "#p=hieradata/role/common&s=hieradata/role/common"
    assert page.box("hieradata/role/common/dnsbox.yaml").count() == 1
    p.go_back()
    p.go_back()
    assert page.hash() == "" and p.locator("#crumbs").inner_text().strip() == "wikimedia-sre"
    p.go_forward()
    assert page.hash() == "#p=hieradata&s=hieradata"
    page.close(screenshot_for(request, tmp_path, "map-zoom"))


def _crumbs(p: Any, words: str) -> list[str]:
    """The breadcrumb's words once they read `words`: a click is answered by the page's
    own code, which may run after the click returns (a loaded machine)."""
    p.wait_for_function(
        "words => (document.querySelector('#crumbs').innerText || '').split(/\\s+/).join(' ').trim() === words",
        arg=words,
    )
    return list(p.locator("#crumbs").inner_text().split())


def _card_shows(p: Any, path: str) -> None:
    """Wait until the card is about `path`: a search is answered by the page's own code,
    which may run after the key press returns (a loaded machine)."""
    p.wait_for_function("path => (document.querySelector('#card').innerText || '').startsWith(path)", arg=path)


def test_search_selects_the_box_and_the_card_shows_the_rule_line(
    browser: Any, example_map: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    page = Page(browser, example_map)
    p = page.page
    p.fill("#search", "mariadb/core")
    assert p.locator("#matches li").first.inner_text() == "hieradata/role/common/mariadb/core.yaml"
    p.press("#search", "Enter")
    _card_shows(p, "hieradata/role/common/mariadb/core.yaml")
    assert page.hash() == "#p=hieradata/role/common/mariadb&s=hieradata/role/common/mariadb/core.yaml"
    selected = page.box("hieradata/role/common/mariadb/core.yaml")
    assert "sel" in (selected.get_attribute("class") or "")
    card = p.locator("#card")
    # explain's answer: the later directory rule wins over the file's own rule (OWN204).
    assert card.locator(".winning").inner_text() == "/hieradata/role/common/mariadb/ (ownership.yaml:27)"
    overridden = card.locator(".overridden").all_inner_texts()
    assert overridden == ["/hieradata/ (ownership.yaml:23) owners: infrastructure-foundations",
                          "/hieradata/role/common/mariadb/core.yaml (ownership.yaml:25) owners: data-persistence"]
    text = card.inner_text()
    assert "Data Persistence (data-persistence)" in text and "manuel" in text
    assert "OWN204" not in text  # as explain: OWN204 is about the overridden rule, not this file's
    assert "role-contacts: Data Persistence → data-persistence" in text and "agrees with the mapping" in text
    # An alert's team label that the mapping contradicts.
    p.fill("#search", "team-data-persistence/sessionstore.yaml")
    p.press("#search", "Enter")
    _card_shows(p, "team-data-persistence/sessionstore.yaml")
    declared = card.locator(".declaration").inner_text()
    assert declared == ("alert-team: serviceops → service-operations "
                        "(team-data-persistence/sessionstore.yaml:9:17) DISAGREES with the mapping")
    # A retired owner's card names the successors; its finding links to the rule.
    p.fill("#search", "modules/profile/manifests/init.pp")
    p.press("#search", "Enter")
    p.wait_for_function("() => document.querySelector('#status').innerText.startsWith('no file')")
    assert p.locator("#status").inner_text() == "no file or directory matches “modules/profile/manifests/init.pp”"
    p.fill("#search", "modules/profile/manifests/puppetserver.pp")
    p.press("#search", "Enter")
    _card_shows(p, "modules/profile/manifests/puppetserver.pp")
    text = card.inner_text()
    assert "retired" in text and "OWN302" in text
    assert card.locator(".winning").inner_text() == "/modules/profile/ (ownership.yaml:59)"
    page.close(screenshot_for(request, tmp_path, "map-search"))


def test_team_highlight_and_findings_panel(browser: Any, example_map: Path, request: pytest.FixtureRequest,
                                           tmp_path: Path) -> None:
    page = Page(browser, example_map)
    p = page.page
    p.locator('#legend li[data-team="traffic"]').click()
    assert page.hash() == "#t=traffic"
    assert "highlighting" in (p.locator("#map").get_attribute("class") or "")
    lit = p.locator("#map .hl")
    assert lit.count() >= 10
    colour = p.evaluate("getComputedStyle(document.querySelector('#legend li[data-team=traffic] .swatch')).backgroundColor")
    colours = set(p.eval_on_selector_all("#map .hl", "boxes => boxes.map(b => getComputedStyle(b).backgroundColor)"))
    assert colours == {colour}
    assert page.box("dns/templates/wikipedia.org").get_attribute("class").split().count("hl") == 1
    p.locator('#legend li[data-team="traffic"]').click()
    assert page.hash() == "" and p.locator("#map .hl").count() == 0
    # The findings panel: grouped by code, with counts; a finding links to its place.
    codes = p.locator("#findings details").evaluate_all("nodes => nodes.map(n => n.dataset.code)")
    checked = json.loads(example_map.with_suffix(".json").read_text())["findings"]
    rank = {"error": 0, "warning": 1, "info": 2}
    assert codes == sorted({f["code"] for f in checked}, key=lambda code: (
        min(rank[f["severity"]] for f in checked if f["code"] == code), code))
    retired = sum(1 for f in checked if f["code"] == "OWN302")
    assert p.locator('#findings details[data-code="OWN302"] summary').inner_text() == f"OWN302 retired-owner · {retired}"
    p.locator('#findings details[data-code="OWN401"] summary').click()
    p.locator('#findings details[data-code="OWN401"] a').click()
    assert page.hash() == "#p=modules/netbox_ipam/manifests&s=modules/netbox_ipam/manifests/init.pp"
    page.close(screenshot_for(request, tmp_path, "map-highlight"))


@pytest.mark.slow
def test_a_100k_file_repository(browser: Any, tmp_path: Path, request: pytest.FixtureRequest,
                                ownlint: Callable[..., Result]) -> None:
    from benchmarks.repos import index_repo
    from benchmarks.workload import generate

    workload = generate(100_000, 1_000)
    root = index_repo(tmp_path / "repo", workload.files, {"CODEOWNERS": workload.codeowners})
    output = tmp_path / "map.html"
    started = time.perf_counter()
    assert ownlint(root, "map", "--output", str(output)).code == 0
    written = time.perf_counter() - started
    size = output.stat().st_size
    assert size < 20e6
    page = Page(browser, output)
    p = page.page
    print(f"100k files: page {size / 1e6:.1f} MB, written in {written:.1f} s, first paint {page.first_paint:.2f} s",
          file=sys.stderr)
    assert p.locator("#map .box").count() > 300
    assert p.locator('#totals [data-total="files"] dd').inner_text() == "100,001"
    # A deep file, found by search, is drawn, selected and explained as ls says.
    deep = max(workload.files, key=lambda path: path.count("/"))
    listed = json.loads(ownlint(root, "ls", "--format", "jsonl", deep).out)
    p.fill("#search", deep)
    p.press("#search", "Enter")
    assert page.hash() == f"#p={deep.rpartition('/')[0]}&s={deep}"
    assert "sel" in (page.box(deep).get_attribute("class") or "")
    winning = p.locator("#card .winning").all_inner_texts()
    assert winning[-1].endswith(f"(CODEOWNERS:{listed['line']})")
    assert p.locator("#card .owners").inner_text().strip() == ", ".join(listed["owners"])
    # A directory the page's tree keeps whole (past 20,000 directories) opens from the file list.
    from ownlint.report.map_page import embedded

    data, _ = embedded(output.read_text(encoding="utf-8"))
    paths: list[str] = []
    for name, parent, _counts, _expanded in data["nodes"]:
        paths.append(f"{paths[parent]}/{name}" if parent > 0 else name)
    whole = next(path for path, node in zip(paths, data["nodes"]) if node[3] == 0 and node[2][1] > 8)
    p.evaluate("path => { location.hash = '#p=' + path; }", whole)
    p.wait_for_function("path => document.querySelector('#crumbs .here').textContent === path.split('/').pop()", arg=whole)
    inside = p.eval_on_selector_all("#map [data-path]", "boxes => boxes.map(b => b.dataset.path)")
    assert inside and all(path.startswith(whole + "/") for path in inside)
    assert sum(1 for path in inside if path.count("/") == whole.count("/") + 1) >= 1
    p.go_back()
    crumbs = p.locator("#crumbs a")
    assert crumbs.count() == deep.count("/")
    crumbs.nth(1).click()
    assert p.locator("#map .box, #map .frame").count() > 1
    p.go_back()
    assert page.hash() == f"#p={deep.rpartition('/')[0]}&s={deep}"
    page.close(screenshot_for(request, tmp_path, "map-100k"))


def test_diff_marks_the_changes_and_the_card_names_the_owner_before(
    browser: Any, tmp_path: Path, request: pytest.FixtureRequest, ownlint: Callable[..., Result],
    make_repo: Callable[..., Path],
) -> None:
    from tests.conftest import write_files

    root = make_repo({"CODEOWNERS": "* @org/a\n/dns/ @org/b\n", "dns/zone": "x", "dns/other": "x", "README": "x"})
    write_files(root, {"CODEOWNERS": "* @org/a\n/dns/ @org/b\n/dns/zone @org/c\n"})
    output = tmp_path / "diff.html"
    assert ownlint(root, "map", "--diff", "HEAD", "--output", str(output)).code == 0
    page = Page(browser, output)
    p = page.page
    assert "changes since HEAD: 1 change owner" in p.locator("#made").inner_text()
    changed = page.box("dns/zone")
    assert {"changed", "changed-mark"} <= set((changed.get_attribute("class") or "").split())
    assert "same" in (page.box("dns/other").get_attribute("class") or "").split()
    changed.click()
    card = p.locator("#card")
    assert card.locator(".change").inner_text() == "changes owner since HEAD"
    assert card.locator(".before").inner_text() == "@org/b"
    assert card.locator(".owners").inner_text().strip() == "@org/c"
    page.close(screenshot_for(request, tmp_path, "map-diff"))
