"""Instructions a warm run executes, counted by callgrind: a figure that does not move with
the machine's load (wall time on a shared 2-core machine swings by a third from minute to
minute; this count by 0.1%). Compare two checkouts with it before quoting wall times.

    python benchmarks/instructions.py                          # this checkout
    python benchmarks/instructions.py --ownlint ../before     # another checkout, same runs

Uses the repositories benchmarks/run.py built under --work (the 100,000-file index and
DataDog/integrations-extras when present); needs valgrind. git's own work is not counted
(callgrind does not follow the commands ownlint starts).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

CHECKOUT = Path(__file__).resolve().parent.parent
HOOK_REPO = "synthetic-100-000-files-x-1-000-rules--index-only"
DATADOG_REPO = "real--DataDog-integrations-extras--4-319-files--zero-configuration"


def instructions(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Optional[int]:
    """The instructions the command executed (callgrind's total), None when it failed."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command], cwd=cwd,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"refs:\s+([\d,]+)", done.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ownlint-bench",
                        help="where benchmarks/run.py built its repositories")
    parser.add_argument("--ownlint", type=Path, default=CHECKOUT, help="the checkout whose ownlint is counted")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing counted", file=sys.stderr)
        return 1
    # As an installed wheel would be: byte-compiled (a stale or missing .pyc is compiled
    # on every run, and changes the cache's key: every run would miss).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.ownlint / "ownlint")], check=False)
    cache = Path(tempfile.mkdtemp(prefix="ownlint-instructions-"))
    env = dict(os.environ, PYTHONPATH=str(args.ownlint), OWNLINT_CACHE_DIR=str(cache))
    runs: list[tuple[str, Path, list[str]]] = [
        ("python -c pass (the interpreter alone)", cache, [sys.executable, "-c", "pass"]),
        ("python -c 'import re' (pip's console script imports re)", cache, [sys.executable, "-c", "import re"]),
        ("ownlint --version", cache, [sys.executable, "-m", "ownlint", "--version"]),
    ]
    hook = args.work / "repos" / HOOK_REPO
    if hook.is_dir():
        listed = subprocess.run(["git", "ls-files"], cwd=hook, stdout=subprocess.PIPE, text=True, check=True).stdout
        staged = [path for path in listed.splitlines()[6::20000]][:5]  # five files, not the mapping
        runs.append(("hook: check --cached, 5 staged paths, 100k index", hook,
                     [sys.executable, "-m", "ownlint", "check", "--exit-zero", "--format", "json", "--cached", *staged]))
    datadog = args.work / "repos" / DATADOG_REPO
    if datadog.is_dir():
        runs.append(("DataDog/integrations-extras: check, warm", datadog,
                     [sys.executable, "-m", "ownlint", "check", "--exit-zero", "--format", "json"]))
    try:
        print(f"ownlint at {args.ownlint}: instructions executed (callgrind), warm cache\n")
        print("| run | instructions |\n| --- | ---: |")
        for name, cwd, command in runs:
            subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warms
            count = instructions(command, cwd, env)
            print(f"| {name} | {'failed' if count is None else f'{count / 1e6:,.1f} M'} |", flush=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
