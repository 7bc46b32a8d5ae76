"""check --fix and --diff: owner values change, every other byte stays; suggestions for a split team."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import DATA, Result

Run = Callable[..., Result]
FIX = DATA / "fix"

FILES = {
    ".pipeline/blubber.yaml": "",
    "Rakefile": "",
    "dns/templates/wikipedia.org": "",
    "dns/utils/gen-zones.py": "",
    "helmfile.d/services/api/helmfile.yaml": "",
    "modules/mariadb/files/check_mariadb.py": "",
    "modules/profile/manifests/mariadb/core.pp": "",
    "modules/profile/manifests/kubernetes/node.pp": "",
    "analytics/hadoop.yaml": "",
    "hieradata/common.yaml": "",
    "docs/README": "",
}


def _repo(make_repo: Callable[..., Path], mapping: str, newline: str = "\n") -> Path:
    config = f"teams: teams.yaml\nownership: {mapping}\nexclude: [/teams.yaml, /{mapping}, /.ownlint.yaml]\n"
    root = make_repo({**FILES, ".ownlint.yaml": config, "teams.yaml": (FIX / "teams.yaml").read_text()}, commit=False)
    (root / mapping).write_bytes((FIX / mapping).read_bytes().replace(b"\n", newline.encode()))
    return root


def _golden(name: str, newline: str = "\n") -> bytes:
    return (FIX / name).read_bytes().replace(b"\n", newline.encode())


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize(("mapping", "golden"), [("ownership.yaml", "ownership.fixed.yaml"), ("CODEOWNERS", "CODEOWNERS.fixed")])
def test_fix_changes_only_the_owner_values(
    make_repo: Callable[..., Path], ownlint: Run, mapping: str, golden: str, newline: str
) -> None:
    root = _repo(make_repo, mapping, newline)
    result = ownlint(root, "check", "--fix")
    assert (root / mapping).read_bytes() == _golden(golden, newline)
    assert result.err == ""
    # Running again changes nothing: same bytes, and the file is not even rewritten.
    os.utime(root / mapping, ns=(1_000_000_000, 1_000_000_000))
    again = ownlint(root, "check", "--fix")
    assert (root / mapping).read_bytes() == _golden(golden, newline)
    assert (root / mapping).stat().st_mtime_ns == 1_000_000_000
    assert "Fixed" not in again.out
    assert sorted(os.listdir(root)) == sorted([".git", ".ownlint.yaml", "teams.yaml", mapping, *{p.split("/")[0] for p in FILES}])


def test_fix_reports_what_it_fixed_and_what_it_left_then_what_remains(
    make_repo: Callable[..., Path], ownlint: Run
) -> None:
    root = _repo(make_repo, "ownership.yaml")
    result = ownlint(root, "check", "--fix")
    assert result.out == """\
Fixed 7 owners:
  ownership.yaml:8:18: replace 'technical-operations' with 'sre'
  ownership.yaml:9:18: replace 'TechOps' with 'sre'
  ownership.yaml:14:11: replace 'core-ops' with 'traffic', the one successor whose scope covers dns
  ownership.yaml:18:38: replace 'core-ops' with 'service-operations', the one successor whose scope covers kubernetes
  ownership.yaml:20:16: replace 'core-ops' with 'data-persistence', the one successor whose scope covers database
  ownership.yaml:24:21: replace 'analytics' with 'data-platform'
  ownership.yaml:26:16: replace '@org/techops' with '@org/sre'
Left for a person:
  ownership.yaml:22:16: no single successor's scope covers all of database, kubernetes, puppet: \
a person must choose or split rule '/modules/profile/'

ownership.yaml:22:16: OWN302 [error] owner 'core-ops' was retired; its work went to 'traffic', 'data-persistence', \
'service-operations'; its 2 files are in domains database, kubernetes, puppet: 'data-persistence' covers database \
(1 of 2); 'service-operations' covers kubernetes (1 of 2); 'traffic' covers none [fix: no single successor's scope \
covers all of database, kubernetes, puppet: a person must choose or split rule '/modules/profile/', unsafe]
ownership.yaml:26:28: OWN301 [error] owner 'sre-team-not-a-team' is not a team in teams.yaml
ownership.yaml:28:17: OWN301 [error] owner 'technical-operations-tools' is not a team in teams.yaml
Found 3 errors, 0 warnings, 0 infos in 14 files (11 owned, 0 unowned, 3 excluded)
"""
    assert result.code == 1


def test_fix_with_json_keeps_the_report_machine_readable(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = _repo(make_repo, "ownership.yaml")
    result = ownlint(root, "check", "--fix", "--format", "json")
    assert [f["line"] for f in json.loads(result.out)["findings"]] == [22, 26, 28]
    assert result.err.splitlines()[0] == "ownlint: Fixed 7 owners:"


def test_diff_prints_the_fix_and_writes_nothing(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = _repo(make_repo, "CODEOWNERS")
    os.utime(root / "CODEOWNERS", ns=(1_000_000_000, 1_000_000_000))
    result = ownlint(root, "check", "--diff", "--select", "OWN302", "--exit-zero")
    assert result.out == """\
--- a/CODEOWNERS
+++ b/CODEOWNERS
@@ -2,14 +2,14 @@
 #   the last matching rule wins
 
 *                       @org/sre
-/.pipeline/\t\t@org/techops\t# tabs around the owner
-/Rakefile    @org/techops    @org/sre
-/dns/ @org/core-ops # DNS only
-/helmfile.d/            @org/core-ops
-/modules/mariadb/files/ @org/core-ops\t@org/techops
+/.pipeline/\t\t@org/sre\t# tabs around the owner
+/Rakefile    @org/sre    @org/sre
+/dns/ @org/traffic # DNS only
+/helmfile.d/            @org/serviceops
+/modules/mariadb/files/ @org/data-persistence\t@org/sre
 
 # mixed domains: left for a person
 /modules/profile/   @org/core-ops
-/analytics/ @org/analytics
+/analytics/ @org/data-platform
 /docs/ @org/techops-tools
-/hieradata/   techops@example.org
+/hieradata/   @org/sre
"""
    assert result.err == (
        "ownlint: note: left for a person: CODEOWNERS:12:21: no single successor's scope covers all of "
        "database, kubernetes, puppet: a person must choose or split rule '/modules/profile/'\n"
    )
    assert (root / "CODEOWNERS").read_bytes() == (FIX / "CODEOWNERS").read_bytes()
    assert (root / "CODEOWNERS").stat().st_mtime_ns == 1_000_000_000
    assert result.code == 0


def test_diff_applies_with_git(make_repo: Callable[..., Path], ownlint: Run) -> None:
    from tests.conftest import git

    root = _repo(make_repo, "ownership.yaml", "\r\n")
    patch = ownlint(root, "check", "--diff").out
    (root.parent / "fix.patch").write_text(patch, newline="")
    git(root, "apply", str(root.parent / "fix.patch"))
    assert (root / "ownership.yaml").read_bytes() == _golden("ownership.fixed.yaml", "\r\n")


def test_a_file_with_nothing_to_fix_keeps_its_bytes_and_mtime(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = _repo(make_repo, "ownership.yaml")
    (root / "ownership.yaml").write_bytes(_golden("ownership.fixed.yaml"))
    os.utime(root / "ownership.yaml", ns=(1_000_000_000, 1_000_000_000))
    result = ownlint(root, "check", "--fix")
    assert result.out.startswith("Left for a person:\n")
    assert (root / "ownership.yaml").read_bytes() == _golden("ownership.fixed.yaml")
    assert (root / "ownership.yaml").stat().st_mtime_ns == 1_000_000_000
    assert ownlint(root, "check", "--diff").out == ""


def test_a_failed_write_leaves_the_original_intact(
    make_repo: Callable[..., Path], ownlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(make_repo, "ownership.yaml")

    def full_disk(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = ownlint(root, "check", "--fix")
    assert result.code == 2
    assert result.err == "ownlint: ownership.yaml: cannot write the fix: No space left on device\n"
    assert result.out == ""
    assert (root / "ownership.yaml").read_bytes() == (FIX / "ownership.yaml").read_bytes()
    assert not [name for name in os.listdir(root) if name.endswith(".tmp")]


def test_a_byte_order_mark_is_kept(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = _repo(make_repo, "ownership.yaml")
    (root / "ownership.yaml").write_bytes(b"\xef\xbb\xbf" + (FIX / "ownership.yaml").read_bytes())
    ownlint(root, "check", "--fix")
    assert (root / "ownership.yaml").read_bytes() == b"\xef\xbb\xbf" + _golden("ownership.fixed.yaml")


def test_fix_and_diff_exclude_each_other(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = _repo(make_repo, "ownership.yaml")
    result = ownlint(root, "check", "--fix", "--diff")
    assert result.code == 2
    assert "not allowed with argument" in result.err


def test_the_example_story(tmp_path: Path, ownlint: Run) -> None:
    """The example keeps its planted problems; on a copy, --fix applies the safe part and
    `ownlint diff` shows what that does to ownership."""
    import shutil

    from tests.conftest import git

    example = Path(__file__).parent.parent / "examples" / "wikimedia-sre"
    root = tmp_path / "wikimedia-sre"
    shutil.copytree(example, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.email=t@example.invalid", "-c", "user.name=T", "commit", "-q", "-m", "before")
    diff = ownlint(root, "check", "--today", "2026-11-27", "--diff").out
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("---", "+++")] == [
        "-profile::contacts::role_contacts: ['Data Engineering']",
        "+profile::contacts::role_contacts: ['Data Platform']",
        "-    owners: [analytics-engineering]   # Hadoop, Presto, Airflow coordinators",
        "+    owners: [data-platform]   # Hadoop, Presto, Airflow coordinators",
        "-    owners: [technical-operations]   # base OS for every host",
        "+    owners: [sre]   # base OS for every host",
        "-    owners: [core-ops]   # check scripts and client config",
        "+    owners: [data-persistence]   # check scripts and client config",
    ]
    fixed = ownlint(root, "check", "--today", "2026-11-27", "--fix").out
    assert fixed.splitlines()[:8] == [
        "Fixed 4 owners:",
        "  hieradata/role/common/analytics_cluster/coordinator.yaml:1:36: replace 'Data Engineering' with 'Data Platform'",
        "  ownership.yaml:46:14: replace 'analytics-engineering' with 'data-platform'",
        "  ownership.yaml:50:14: replace 'technical-operations' with 'sre'",
        "  ownership.yaml:65:14: replace 'core-ops' with 'data-persistence', the one successor whose scope covers database",
        "Left for a person:",
        "  modules/wmflib/types/team.pp:3:6: 'Data Platform' is already in the vocabulary: remove 'Data Engineering' "
        "(a person decides)",
        "  ownership.yaml:60:14: no single successor's scope covers all of cdn, database, kubernetes, puppet: "
        "a person must choose or split rule '/modules/profile/'",
    ]
    assert (example / "ownership.yaml").read_bytes() != (root / "ownership.yaml").read_bytes()
    changes = json.loads(ownlint(root, "diff", "--format", "json").out)
    assert changes["summary"] == {"files": 86, "changed": 6, "unowned": 0, "owned": 0, "added": 0, "removed": 0}
    assert changes["teams"][0] == {"team": "analytics-engineering", "gained": 0, "lost": 2}


@pytest.mark.parametrize("new", ["123", "yes", "on", "null", "2024"])
def test_fix_quotes_a_new_name_yaml_would_read_as_no_string(
    make_repo: Callable[..., Path], ownlint: Run, new: str
) -> None:
    teams = (f"version: 1\nteams:\n  '{new}': {{name: New, lead: ana}}\n"
             f"  old: {{name: Old, status: renamed, renamed_to: '{new}'}}\n")
    mapping = "version: 1\nrules:\n  - path: '*'\n    owners: [old]   # keep me\n  - path: /docs/\n    owners:\n      - old\n"
    root = make_repo({"docs/a.md": "", ".ownlint.yaml": "teams: teams.yaml\nownership: ownership.yaml\n",
                      "teams.yaml": teams, "ownership.yaml": mapping}, commit=False)
    result = ownlint(root, "check", "--fix")
    assert (root / "ownership.yaml").read_text() == mapping.replace("old", f'"{new}"')
    assert result.code == 0, result.out  # the fixed file reads back as strings: nothing left to report
