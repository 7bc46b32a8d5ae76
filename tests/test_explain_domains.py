"""Domains in explain: a file's own, a directory's the union of its files', a bad pack stops the run."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
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


SAMPLE = Path(__file__).parent / "data" / "iac_domains_sample.tsv"
TRICKY = ["dns/a/b", "x/a.zo", "ne", "odd\nname.zone", "named.conf\n", "dir with space/gdnsd-x", "é/zone.py", "a/b/c"]


@pytest.mark.parametrize("re2_available", [True, False])
def test_any_of_is_the_union_of_each_paths_domains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, re2_available: bool
) -> None:
    from ownlint.matching.patterns import multiline_regex
    from ownlint.model.config import Config
    from ownlint.tables import domains as module

    if not re2_available:
        monkeypatch.setitem(sys.modules, "re2", None)  # import re2 raises ImportError
    multiline_regex.cache_clear()
    try:
        config = Config(root=tmp_path, file=None, ownership=tmp_path / "CODEOWNERS")
        domains = module.load_domains(config)
        lines = SAMPLE.read_text(encoding="utf-8").splitlines()[1:]
        paths = [line.split("\t")[0] for line in lines] + TRICKY
        for size in (0, 1, 2, 7, 30, len(paths)):
            for chosen in (paths[:size], paths[-size:] if size else []):
                union = sorted({domain for found in domains.of_many(chosen) for domain in found})
                assert domains.any_of(chosen) == union, chosen
        # '*zone*.py' must not join "zone" and "x.py" across the newline between them.
        for pair in (["a/zone", "b/x.py"], ["b/x.py", "a/zone"], ["zone", "x.py"]):
            assert domains.any_of(pair) == sorted({d for found in domains.of_many(pair) for d in found}), pair
        # Each path alone: a joined scan never reads across two paths.
        for path in paths:
            assert domains.any_of([path, "ne"]) == sorted(set(domains.of(path)) | set(domains.of("ne"))), path
    finally:
        multiline_regex.cache_clear()
