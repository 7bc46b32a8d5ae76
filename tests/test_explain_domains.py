"""Domains in explain: a file's own, a directory's the union of its files', a bad pack stops the run."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from explain_repo import FILES

PACK = """\
version: 1
domains:
  dns: {paths: [/dns/, "*.org"]}
  puppet: {paths: ["*.pp"]}
  base: {paths: [/modules/base/]}
  nowhere: {paths: [/nothing/]}
"""


def test_a_directory_has_the_domains_of_its_files(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    root = make_repo({**FILES, "domains.yaml": PACK})
    files = ["modules/base/init.pp", "modules/profile/web.pp"]
    data = json.loads(ownlint(root, "explain", "--format", "json", "--no-findings", "modules", *files).out)
    assert [r["domains"] for r in data["results"]] == [["base", "puppet"], ["base", "puppet"], ["puppet"]]


def test_explain_reports_a_bad_pack_on_one_line(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    root = make_repo({**FILES, "domains.yaml": "version: 1\ndomains: {dns: {paths: ['[a]']}}\n"})
    result = ownlint(root, "explain", "dns")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("ownlint: domains.yaml:2:")
    assert result.err.endswith(": character ranges '[ ]' are not supported by CODEOWNERS\n")
