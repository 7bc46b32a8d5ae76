"""`check --fix` is linear in the size of the mapping: a renamed team named by N rules
(ownlint YAML, and a CODEOWNERS file naming it by handle) is fixed in one pass.

    python benchmarks/fix_scale.py [N ...]     (default: 16000 32000 100000)

Each size runs in a fresh process on a fresh git repository; prints seconds per run.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
TEAMS = (
    "version: 1\nteams:\n"
    "  sre: {name: SRE, lead: mark, handles: ['@org/sre']}\n"
    "  technical-operations: {name: TO, status: renamed, renamed_to: sre, handles: ['@org/technical-operations']}\n"
)


def make(kind: str, rules: int) -> Path:
    root = Path(tempfile.mkdtemp(prefix=f"ownlint-fix-{kind}-"))
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "a.txt").write_text("")
    (root / "teams.yaml").write_text(TEAMS)
    if kind == "yaml":
        body = "".join(f"  - path: /d{i}/\n    owners: [technical-operations]   # rule {i}\n" for i in range(rules - 1))
        (root / "ownership.yaml").write_text("version: 1\nrules:\n  - path: '*'\n    owners: [sre]\n" + body)
        mapping = "ownership.yaml"
    else:
        body = "".join(f"/d{i}/ @org/technical-operations  # rule {i}\n" for i in range(rules - 1))
        (root / "CODEOWNERS").write_text("* @org/sre\n" + body)
        mapping = "CODEOWNERS"
    (root / ".ownlint.yaml").write_text(
        f"teams: teams.yaml\nownership: {mapping}\nexclude: [/.ownlint.yaml, /teams.yaml, /{mapping}]\n"
        "checks: {ignore: [OWN203]}\n"
    )
    return root


def fix_seconds(root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ownlint", "-C", str(root), "check", "--fix", "--format", "json", "--exit-zero"],
        cwd=TOP, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={"OWNLINT_NO_CACHE": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(TOP)},
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ownlint failed: {done.stderr}")
    return elapsed


def main(sizes: list[int]) -> None:
    print(f"{'mapping':<12} {'rules':>8} {'check --fix':>12}  fixed")
    for kind in ("yaml", "codeowners"):
        for rules in sizes:
            root = make(kind, rules)
            seconds = fix_seconds(root)
            text = (root / ("ownership.yaml" if kind == "yaml" else "CODEOWNERS")).read_text()
            left = text.count("technical-operations")
            print(f"{kind:<12} {rules:>8,} {seconds:>10.1f} s  {'all' if left == 0 else f'{left} left'}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [16000, 32000, 100000])
