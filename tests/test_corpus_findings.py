"""Two real CODEOWNERS files (tests/data/corpus, with their repositories' file lists and
META.json) and the findings reviewed by hand for them: counts per code, and exact findings."""
from __future__ import annotations

import collections
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA

CORPUS = DATA / "corpus"

EXPECTED = {
    # GitLab sections, optional sections, default owners, 8 '!' exclusions.
    "gitlabhq__omnibus-gitlab": (
        {"OWN203": 2, "OWN204": 1},
        {"files": 1617, "owned": 1606, "unowned": 11},
        [
            (17, 1, "OWN204", "exclusion '!/doc/*.md' is redundant: every file it matches (4 files) is also excluded by '!/doc/**/*.md' (line 18)"),
            (19, 1, "OWN203", "exclusion '!/doc/**/*.jpg' matches no file in the repository"),
            (30, 1, "OWN203", "pattern '.markdownlint.yml' matches no file in the repository"),
        ],
    ),
    # GitHub: 119 rules, teams only.
    "open-telemetry__semantic-conventions": (
        {"OWN203": 16, "OWN204": 1},
        {"files": 728, "owned": 728, "unowned": 0},
        [
            (20, 1, "OWN204", "pattern '/internal/tools/schema_check.sh' never applies: every file it matches (1 file) is claimed by later rules: '/internal/' (line 165)"),
            (169, 1, "OWN203", "pattern '/docs/mainframe' matches no file in the repository"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_codeowners_findings(tmp_path: Path, ownlint, name: str) -> None:
    source = CORPUS / name
    meta = json.loads((source / "META.json").read_text(encoding="utf-8"))
    root = tmp_path / "repo"
    target = root / meta["ownership_file"]
    target.parent.mkdir(parents=True)
    shutil.copyfile(source / "CODEOWNERS", target)
    result = ownlint(root, "check", "--format", "json", "--files-from", str(source / "paths.txt"))
    counts, summary, exact = EXPECTED[name]
    data = json.loads(result.out)
    assert dict(collections.Counter(f["code"] for f in data["findings"])) == counts
    assert {key: data["summary"][key] for key in ("files", "owned", "unowned")} == summary
    found = {(f["line"], f["column"], f["code"], f["message"]) for f in data["findings"]}
    assert set(exact) <= found
    assert all(f["file"] == meta["ownership_file"] for f in data["findings"])
    assert result.code == 0  # warnings only
