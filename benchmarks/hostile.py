"""Time and peak memory of ownlint on hostile input: an alias bomb, deep nesting,
backtracking patterns (with re2 and with the pure-Python fallback), a 100,000-line
CODEOWNERS. Each case runs in a fresh process; prints medians of 5 runs.

    python benchmarks/hostile.py
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
RUNS = 5

BOMB = "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9) if prev else ', '.join(['x'] * 9)}]\n"
    for prev, name in zip([""] + list("abcdefgh"), "abcdefghi")
)
BACKTRACK = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"
GLOBSTARS = "**/a/**/a/**/a/**/a/**/a/**/a/**/b"


def repo(files: dict[str, str]) -> Path:
    root = Path(tempfile.mkdtemp(prefix="ownlint-hostile-"))
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def measure(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Median wall seconds, peak RSS in MiB, exit code of argv run RUNS times."""
    times, peaks, code = [], [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(times), max(peaks), code


def ownlint(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "ownlint", "-C", str(root), *args]


def fallback_match(pattern: str, path: str) -> list[str]:
    code = (
        "import ownlint.matching.patterns as p; p.re2_module = lambda: None; "
        f"assert p.parse_pattern({pattern!r}).matches({path!r}) is False"
    )
    return [sys.executable, "-c", code]


def main() -> int:
    os.environ["PYTHONPATH"] = str(TOP) + os.pathsep + os.environ.get("PYTHONPATH", "")
    config = "teams: teams.yaml\nownership: CODEOWNERS\n"
    deep = "/".join(["a" * 40] * 30)
    cases = [
        ("alias bomb in teams.yaml (9^9 values)", ownlint(repo({".ownlint.yaml": config, "teams.yaml": BOMB,
                                                               "CODEOWNERS": "* @o/a\n"}), "check")),
        ("flow nesting 100,000 deep", ownlint(repo({".ownlint.yaml": config, "teams.yaml": "a: " + "[" * 100_000,
                                                   "CODEOWNERS": "* @o/a\n"}), "check")),
        (f"backtracking pattern {BACKTRACK}, re2", ownlint(repo({"CODEOWNERS": f"{BACKTRACK} @o/a\n", deep: ""}), "check")),
        (f"backtracking pattern {GLOBSTARS}, re2", ownlint(repo({"CODEOWNERS": f"{GLOBSTARS} @o/a\n", deep: ""}), "check")),
        (f"{BACKTRACK}, pure-Python fallback", fallback_match(BACKTRACK, "x/" + "a" * 250)),
        (f"{GLOBSTARS}, pure-Python fallback", fallback_match(GLOBSTARS, "/".join(["a"] * 400))),
        ("CODEOWNERS of 100,000 lines", ownlint(repo({"CODEOWNERS": "".join(f"/d{i}/ @o/t{i % 50}\n" for i in range(100_000)),
                                                     "d99999/x": ""}), "check")),
    ]
    print(f"{'case':<60} {'median s':>9} {'peak MiB':>9} {'exit':>5}")
    for name, argv in cases:
        seconds, peak, code = measure(argv)
        print(f"{name:<60} {seconds:>9.3f} {peak:>9.1f} {code:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
