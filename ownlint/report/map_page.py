"""The ownership map as one self-contained HTML page: style, script and data inline.

A Content-Security-Policy meta tag allows exactly the page's own script and style
(by hash) and nothing from any network. Names from the repository reach the page
only as JSON data, which the script puts into text nodes, never into markup."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from pathlib import Path
from typing import Any

from ownlint.report.map_data import MapData

ASSETS = Path(__file__).resolve().parent / "map_assets"
DATA_ID, LISTING_ID = "ownlint-data", "ownlint-listing"


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _json_in_html(value: Any) -> str:
    """JSON that cannot end its <script> element: every '<' escaped."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")


def gzip_listing(listing: list[list[Any]]) -> bytes:
    """The listing as gzip'd JSON (the page inflates it with DecompressionStream)."""
    raw = json.dumps(listing, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    # Level 1: at a million files a quarter of level 6's time for a third more bytes
    # (0.5 s and 7 MB against 2 s and 5.3 MB); 31: a gzip header and trailer.
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    return compressor.compress(raw) + compressor.flush()


def render_page(data: MapData) -> str:
    style, script, template = _asset("map.css"), _asset("map.js"), _asset("map.html")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    title = f"Ownership map: {data.data['root']}"
    listing = base64.b64encode(gzip_listing(data.listing)).decode("ascii")
    parts = {
        "CSP": csp,
        "TITLE": _escape(title),
        "STYLE": style,
        "DATA": _json_in_html(data.data),
        "LISTING": listing,
        "SCRIPT": script,
    }
    return re.sub(r"@@(\w+)@@", lambda match: parts[match.group(1)], template)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def embedded(page: str) -> tuple[dict[str, Any], list[list[Any]]]:
    """The data and the listing a page embeds (for tests and for scripts that read a map)."""
    data = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', page, re.S)
    listing = re.search(rf'<script type="text/plain" id="{LISTING_ID}">(.*?)</script>', page, re.S)
    if data is None or listing is None:
        raise ValueError("not an ownership map page")
    raw = zlib.decompress(base64.b64decode(listing.group(1)), 31)
    return json.loads(data.group(1)), json.loads(raw)
