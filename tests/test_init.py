"""`ownlint init`: a configuration and a registry from CODEOWNERS, never overwriting a file."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from tests.conftest import Result

Run = Callable[..., Result]

CODEOWNERS = """\
# Default owners
*  @acme/platform   # everyone's fallback
/dns/ @acme/net-ops @alice
/docs/ docs@acme.example
/vendor/
"""


def test_init_writes_a_registry_with_one_team_per_handle(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({".github/CODEOWNERS": CODEOWNERS, "dns/zone": "", "docs/a.md": ""})
    result = ownlint(root, "init")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "Wrote .ownlint.yaml, teams.yaml. The mapping is .github/CODEOWNERS as it is "
        "(ownlint reads it, never rewrites it)."
    )
    assert "'ownlint check --update-baseline' writes .ownlint-baseline.jsonl" in result.out
    assert (root / "teams.yaml").read_text().split("version: 1\n", 1)[1] == (
        "teams:\n"
        "  platform:\n"
        '    name: "platform"\n'
        '    handles: ["@acme/platform"]\n'
        "  net-ops:\n"
        '    name: "net-ops"\n'
        '    handles: ["@acme/net-ops"]\n'
        "  # People named directly as owners, not teams. Move each into the `members` (or\n"
        "  # `lead`) of their team, then delete this entry.\n"
        "  individuals:\n"
        "    name: People named directly in CODEOWNERS\n"
        "    members:\n"
        '      - "alice"\n'
        '      - "docs"  # docs@acme.example\n'
    )
    assert (root / ".github/CODEOWNERS").read_text() == CODEOWNERS
    checked = ownlint(root, "check", "--format", "json")
    codes = sorted({f["code"] for f in __import__("json").loads(checked.out)["findings"]})
    # every owner is a team or a person of the registry: no OWN301; contacts are to add
    assert codes == ["OWN103", "OWN105", "OWN203"]
    assert "the baseline .ownlint-baseline.jsonl does not exist yet" in checked.err
    assert ownlint(root, "check", "--update-baseline").code == 0
    assert ownlint(root, "check").out.startswith("All good: 0 errors, 0 warnings, 0 infos in 6 files (3 owned, 0 unowned, 3 excluded)")


def test_init_with_a_yaml_mapping_keeps_every_comment(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({".github/CODEOWNERS": CODEOWNERS, "dns/zone": ""})
    assert ownlint(root, "init", "--mapping", "yaml").code == 0
    assert "ownership: \"ownership.yaml\"\n" in (root / ".ownlint.yaml").read_text()
    mapping = (root / "ownership.yaml").read_text()
    assert mapping.split("\n", 1)[1] == (
        "version: 1\n"
        "rules:\n"
        "  # Default owners\n"
        "  - path: \"*\"\n"
        "    owners: [platform]  # everyone's fallback\n"
        "  - path: /dns/\n"
        "    owners: [net-ops, \"@alice\"]\n"
        "  - path: /docs/\n"
        "    owners: [\"docs@acme.example\"]\n"
        "  - path: /vendor/\n"
        "    owners: []\n"
    )
    assert (root / ".github/CODEOWNERS").read_text() == CODEOWNERS
    result = ownlint(root, "check", "--select", "OWN301,OWN401,OWN501")
    assert result.code == 0, result.out


def test_init_never_overwrites(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = make_repo({"CODEOWNERS": CODEOWNERS, "teams.yaml": "# mine\n"})
    result = ownlint(root, "init")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"ownlint: {root.resolve()}: teams.yaml already exists; ownlint init never overwrites a file\n"
    assert not (root / ".ownlint.yaml").exists()
    assert (root / "teams.yaml").read_text() == "# mine\n"
    bare = make_repo({"README": ""}, name="bare")
    none = ownlint(bare, "init")
    assert none.code == 2 and "no CODEOWNERS file" in none.err
