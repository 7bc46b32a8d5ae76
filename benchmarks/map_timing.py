"""How fast an ownership map page paints in headless Chromium (Debian's chromium, driven by playwright)."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@dataclass
class Paint:
    first_paint: float  # seconds from navigation to the first frame with the treemap drawn
    ready: float  # seconds until the file list is read and the map drawn again from it


def browser() -> Optional[str]:
    """Why the browser cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    chromium = shutil.which("chromium")
    if chromium is None or not os.access(chromium, os.X_OK):
        return "chromium is not installed (apt-get install chromium)"
    return None


def paint(page: Path, runs: int = 1) -> list[Paint]:
    """The page's own timings (performance.now() at the first frame and when ready), per run."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    found: list[Paint] = []
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            for _ in range(runs):
                tab = launched.new_page(viewport={"width": 1400, "height": 850})
                tab.goto(page.resolve().as_uri())
                tab.wait_for_selector("html[data-ready]", timeout=120_000)
                times = tab.evaluate("window.ownlintTimes")
                found.append(Paint(times["firstPaint"] / 1000, times["ready"] / 1000))
                tab.close()
        finally:
            launched.close()
    return found
