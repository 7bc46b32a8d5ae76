"""Benchmark ownlint against its peers: median wall time, peak memory, agreement on owners.

    python benchmarks/run.py            # everything: 10k, 100k, 1M synthetic files and the corpus
    python benchmarks/run.py --quick    # 10k and 100k, the corpus, one run each
    python benchmarks/run.py --map-only # ownlint map alone: write time, page size, first paint
    python benchmarks/run.py --only DataDog --runs 5

Workloads are generated deterministically (benchmarks/workload.py): a CODEOWNERS of
mixed rule shapes (or, for the "mid-path" ones, rules with a wildcard in the middle
of the path) over N files, either as a git index alone (nothing written to disk,
`git ls-files` lists them) or as a work tree (every file written and committed, so
the untracked-file walk that every real checkout pays is paid here too). The real
repositories of ../shared/corpus/codeowners are used when present, as work trees.
Peers are installed by this script into a venv (PyPI) and a node folder (npm) under
the work directory, or skipped with a note. Tools that walk the file system need the
files on disk: they run only on work trees. ownlint's start-up floor (`ownlint
--version`) is printed first, so that what a run costs beyond it is visible.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
sys.path.insert(0, str(CHECKOUT))

from benchmarks.declarations import PLAIN_CONFIG, DeclarationsWorkload  # noqa: E402
from benchmarks.repos import index_repo, real_repo  # noqa: E402
from benchmarks.workload import Workload, generate  # noqa: E402

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
PYPI_PEERS = ("codeowners", "git-codeowners", "codeowners-coverage")
NPM_PEER = "github-codeowners@0.2.1"
FLOOR = r"""
import subprocess, sys
out = subprocess.run(["git", "ls-files", "-z"], stdout=subprocess.PIPE, check=True).stdout
owners = {"": "x"}
found = 0
for path in out.decode("utf-8", "surrogateescape").split("\0"):
    if owners.get(path) is not None:
        found += 1
"""
PYPI_CODEOWNERS = r"""
import json, subprocess, sys
from codeowners import CodeOwners
owners = CodeOwners(open(sys.argv[1], encoding="utf-8").read())
out = subprocess.run(["git", "ls-files", "-z"], stdout=subprocess.PIPE, check=True).stdout
with open(sys.argv[2], "w", encoding="utf-8") as sink:
    for path in out.decode("utf-8", "surrogateescape").split("\0"):
        if path:
            sink.write(json.dumps([path, [o[1] for o in owners.of(path)]]) + "\n")
"""


@dataclass
class Run:
    seconds: float
    peak_kb: int
    code: int


@dataclass
class Row:
    workload: str
    tool: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    reference: Optional[float] = None  # ownlint's median on the same task

    @property
    def median(self) -> Optional[float]:
        return statistics.median(r.seconds for r in self.runs) if self.runs else None

    @property
    def peak(self) -> Optional[int]:
        return max(r.peak_kb for r in self.runs) if self.runs else None


def measure(command: Sequence[str], cwd: Path, env: Optional[dict[str, str]] = None, stdin: Optional[Path] = None,
            stdout: Optional[Path] = None, timeout: float = 600) -> Run:
    """Wall time and peak resident memory (of the process and what it waited for).

    /usr/bin/time reports the peak of its child, which it forks small; where it is
    missing, the peak that wait4 reports includes this script's size at the fork."""
    sink = open(stdout, "wb") if stdout else subprocess.DEVNULL
    source = open(stdin, "rb") if stdin else subprocess.DEVNULL
    report = None
    if TIME is not None:
        report = Path(tempfile.mkstemp(prefix="ownlint-bench-", suffix=".rss")[1])
        command = [TIME, "-q", "-f", "%M", "-o", str(report), *command]
    start = time.perf_counter()
    # Its own process group: a command over its time is ended with what it started (the
    # peer beneath /usr/bin/time), not left loading the machine for the rows after it.
    process = subprocess.Popen(list(command), cwd=cwd, env=env, stdin=source, stdout=sink, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(process.pid, 0)
            status = -1
            break
        time.sleep(0.002)
    elapsed = time.perf_counter() - start
    process.returncode = 0
    for handle in (sink, source):
        if hasattr(handle, "close"):
            handle.close()
    code = os.waitstatus_to_exitcode(status) if status != -1 else -1
    peak = usage.ru_maxrss
    if report is not None:
        try:
            peak = int(report.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
        report.unlink(missing_ok=True)
    return Run(elapsed, peak, code)


def repeat(times: int, action: Callable[[], Run], before: Optional[Callable[[], None]] = None) -> list[Run]:
    runs = []
    for _ in range(times):
        if before is not None:
            before()
        runs.append(action())
    return runs


# ---------------------------------------------------------------------------
# Peers: installed on demand, skipped with a note when they cannot be.
# ---------------------------------------------------------------------------
@dataclass
class Peers:
    python: Optional[Path] = None
    bin: Optional[Path] = None
    npm_bin: Optional[Path] = None
    notes: list[str] = field(default_factory=list)


def install_peers(work: Path) -> Peers:
    peers = Peers()
    venv = work / "peers-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False, stdout=subprocess.DEVNULL)
    if python.exists():
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", *PYPI_PEERS],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if done.returncode == 0:
            peers.python, peers.bin = python, venv / "bin"
        else:
            peers.notes.append(f"PyPI peers not installed: {done.stderr.decode(errors='replace').strip()[-200:]}")
    else:
        peers.notes.append("PyPI peers skipped: no venv could be made")
    npm = shutil.which("npm")
    folder = work / "peers-npm"
    if npm is None:
        peers.notes.append("npm github-codeowners skipped: npm is not installed")
    else:
        folder.mkdir(parents=True, exist_ok=True)
        binary = folder / "node_modules" / ".bin" / "github-codeowners"
        if not binary.exists():
            subprocess.run([npm, "install", "--silent", "--prefix", str(folder), NPM_PEER],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if binary.exists():
            peers.npm_bin = binary
        else:
            peers.notes.append("npm github-codeowners skipped: npm install failed")
    return peers


# ---------------------------------------------------------------------------
# Owners per file, as each tool reports them, for the agreement check.
# ---------------------------------------------------------------------------
def ownlint_owners(output: Path, matched: bool = False) -> dict[str, list[str]]:
    """Each file's owners (as a set: some tools repeat an owner written twice); with
    matched, whether a rule matches it at all (an owner-less rule still covers a file)."""
    table = {}
    with open(output, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if matched:
                table[record["path"]] = ["covered"] if record["line"] is not None else []
            else:
                table[record["path"]] = sorted(set(record["owners"]))
    return table


def jsonl_pairs(output: Path) -> dict[str, list[str]]:
    table = {}
    with open(output, encoding="utf-8") as handle:
        for line in handle:
            path, owners = json.loads(line)
            table[path] = sorted(set(owners))
    return table


def git_codeowners_owners(output: Path) -> dict[str, list[str]]:
    table = {}
    with open(output, encoding="utf-8", errors="surrogateescape") as handle:
        for line in handle:
            parts = line.rstrip("\n").split(None, 1)  # the path, then owners joined by ", "
            if parts:
                owners = parts[1].replace(",", " ").split() if len(parts) > 1 else []
                table[parts[0]] = sorted(set(owners) - {"(unowned)"})
    return table


def npm_owners(output: Path) -> dict[str, list[str]]:
    table = {}
    with open(output, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                table[record["path"]] = sorted(set(record.get("owners", [])))
    return table


def disagreements(reference: dict[str, list[str]], other: dict[str, list[str]], covered_only: bool = False) -> list[str]:
    found = []
    for path, owners in reference.items():
        if path not in other:
            continue
        theirs = other[path]
        if covered_only:
            if bool(owners) != bool(theirs):
                found.append(f"{path}: ownlint {'covered' if owners else 'uncovered'}, peer {'covered' if theirs else 'uncovered'}")
        elif owners != theirs:
            found.append(f"{path}: ownlint {owners}, peer {theirs}")
    return found


# ---------------------------------------------------------------------------
# One workload: every tool, every task.
# ---------------------------------------------------------------------------
@dataclass
class Setup:
    name: str
    files: list[str]
    codeowners_path: str
    codeowners: str
    on_disk: bool  # files written (tools that walk the tree can run)


def run_workload(setup: Setup, work: Path, peers: Peers, args: argparse.Namespace, rows: list[Row],
                 findings: list[str]) -> None:
    slug = "".join(c if c.isalnum() else "-" for c in setup.name).strip("-")
    root = work / "repos" / slug
    extra = {setup.codeowners_path: setup.codeowners}
    print(f"== {setup.name}: preparing the repository", file=sys.stderr, flush=True)
    (real_repo if setup.on_disk else index_repo)(root, setup.files, extra)
    count = len(set(setup.files) | {setup.codeowners_path})
    times = 1 if count >= 500_000 or args.quick else args.runs
    cache = work / "cache" / slug
    env = dict(os.environ, OWNLINT_CACHE_DIR=str(cache), PYTHONPATH=str(args.ownlint))
    env.pop("OWNLINT_NO_CACHE", None)
    ownlint = [sys.executable, "-m", "ownlint"]
    out = work / "out"
    out.mkdir(exist_ok=True)

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def add(tool: str, runs: list[Run], note: str = "", reference: Optional[float] = None) -> Row:
        row = Row(setup.name, tool, runs, note, reference)
        rows.append(row)
        status = f"{row.median:.3f} s" if row.median is not None else "-"
        print(f"   {tool:<34} {status}  {note}", file=sys.stderr, flush=True)
        return row

    check = ownlint + ["check", "--exit-zero", "--format", "json"]
    if args.map_only:
        measure(check, root, env)  # warms the cache as any earlier run would
        warm = add("ownlint check (warm cache)", repeat(times, lambda: measure(check, root, env)))
        map_page(root, env, out / f"{slug}.map.html", times, add, warm.median)
        return
    cold = add("ownlint check (cold cache)", repeat(times, lambda: measure(check, root, env), before=clear))
    warm = add("ownlint check (warm cache)", repeat(times, lambda: measure(check, root, env)))
    reference = warm.median
    add("ownlint check --tracked-only (warm)", repeat(times, lambda: measure(check + ["--tracked-only"], root, env)),
        note="no walk for untracked files (CI on a clean checkout)", reference=reference)
    listing = out / f"{slug}.ownlint.jsonl"
    add("ownlint ls --format jsonl", repeat(times, lambda: measure(ownlint + ["ls", "--format", "jsonl"], root, env,
                                                                     stdout=listing)))
    map_page(root, env, out / f"{slug}.map.html", times, add, reference)
    staged = sorted(setup.files)[:: max(1, len(setup.files) // 5)][:5]
    if setup.on_disk:
        add("ownlint check, 5 staged paths", repeat(max(times, 5), lambda: measure(check + staged, root, env)),
            note="hook shape, mapping unchanged", reference=reference)
    else:  # the paths are not on disk: the run would stop at "no such file" (exit 2)
        add("ownlint check, 5 staged paths", [], note="skipped: index only, the files are not on disk")
    add("ownlint check --cached, 5 staged paths", repeat(max(times, 5), lambda: measure(
        check + ["--cached"] + staged, root, env)), note="what the pre-commit hook runs", reference=reference)
    add("ownlint explain (one file)", repeat(times, lambda: measure(ownlint + ["explain", staged[0]], root, env)))
    floor = work / "floor.py"
    floor.write_text(FLOOR)
    add("floor: git ls-files + dict lookup", repeat(times, lambda: measure([sys.executable, str(floor)], root)),
        reference=reference)
    mine = ownlint_owners(listing)
    budget = args.peer_timeout
    if peers.python is not None:
        script = work / "pypi_codeowners.py"
        script.write_text(PYPI_CODEOWNERS)
        answer = out / f"{slug}.codeowners.jsonl"
        runs = repeat(times, lambda: measure([str(peers.python), str(script), setup.codeowners_path, str(answer)],
                                             root, timeout=budget))
        _peer(add, "PyPI codeowners", runs, budget, reference, mine, lambda: jsonl_pairs(answer), findings, setup)
        answer = out / f"{slug}.git-codeowners.txt"
        listing_input = out / f"{slug}.paths"
        listing_input.write_text("".join(f"{p}\n" for p in sorted(set(setup.files) | {setup.codeowners_path})),
                                 encoding="utf-8", errors="surrogateescape")
        runs = repeat(times, lambda: measure([str(peers.bin / "git-codeowners")], root, stdin=listing_input,
                                             stdout=answer, timeout=budget))
        _peer(add, "git-codeowners (Rust)", runs, budget, reference, mine,
              lambda: git_codeowners_owners(answer), findings, setup)
        config = root / ".codeowners-config.yml"
        config.write_text(f"codeowners_path: {setup.codeowners_path}\n")
        answer = out / f"{slug}.coverage.json"
        runs = repeat(times, lambda: measure([str(peers.bin / "codeowners-coverage"), "check", "--json"], root,
                                             stdout=answer, timeout=budget))
        covered = ownlint_owners(listing, matched=True)
        _peer(add, "codeowners-coverage", runs, budget, reference, covered,
              lambda: _coverage_owned(answer, covered), findings, setup, covered_only=True)
        config.unlink()
    if peers.npm_bin is not None:
        if not setup.on_disk:
            add("npm github-codeowners", [], note="skipped: walks the file system; files not written at this size")
        else:
            answer = out / f"{slug}.npm.jsonl"
            command = [str(peers.npm_bin), "audit", "-c", setup.codeowners_path, "-o", "jsonl", "-g"]
            runs = repeat(times, lambda: measure(command, root, stdout=answer, timeout=budget))
            _peer(add, "npm github-codeowners", runs, budget, reference, mine, lambda: npm_owners(answer), findings,
                  setup)
    del cold


def map_page(root: Path, env: dict[str, str], page: Path, times: int, add: Callable[..., Row],
             reference: Optional[float]) -> None:
    """`ownlint map` with a warm cache: time to write, page size, and the first paint in
    headless Chromium (the page's own performance.now() at its first frame)."""
    from benchmarks import map_timing

    command = [sys.executable, "-m", "ownlint", "map", "--output", str(page)]
    measure(command, root, env)  # the map's first run fills what the cache keeps
    runs = repeat(times, lambda: measure(command, root, env))
    note = f"page {page.stat().st_size / 1e6:.1f} MB" if page.is_file() else "no page written"
    missing = map_timing.browser()
    if missing is not None:
        note += f"; first paint not measured: {missing}"
    elif page.is_file():
        painted = map_timing.paint(page, times)
        first = statistics.median(p.first_paint for p in painted)
        ready = statistics.median(p.ready for p in painted)
        note += f"; first paint {first:.2f} s, file list read and drawn {ready:.2f} s (headless Chromium)"
    add("ownlint map (warm cache)", runs, note=note, reference=reference)


def run_declarations(setup: DeclarationsWorkload, work: Path, args: argparse.Namespace, rows: list[Row]) -> None:
    """`ownlint check` without and with declarations, cold and warm: what reading owners
    recorded inside files adds."""
    slug = "".join(c if c.isalnum() else "-" for c in setup.name).strip("-")
    root = work / "repos" / slug
    print(f"== {setup.name}: preparing the repository ({setup.declaring:,} declaring files)", file=sys.stderr,
          flush=True)
    index_repo(root, setup.files, setup.written)
    times = 1 if args.quick else max(args.runs, 5)
    cache = work / "cache" / slug
    env = dict(os.environ, OWNLINT_CACHE_DIR=str(cache), PYTHONPATH=str(CHECKOUT))
    env.pop("OWNLINT_NO_CACHE", None)
    check = [sys.executable, "-m", "ownlint", "check", "--exit-zero", "--format", "json"]

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    medians: dict[tuple[bool, bool], float] = {}
    for declared in (False, True):
        command = check if declared else [*check[:3], "--config", PLAIN_CONFIG, *check[3:]]
        what = "with declarations" if declared else "no declarations"
        for warm in (False, True):
            if warm:  # one run that leaves the cache as every later run finds it
                measure(command, root, env)
            runs = repeat(times, lambda command=command: measure(command, root, env), before=None if warm else clear)
            row = Row(setup.name, f"ownlint check, {what} ({'warm' if warm else 'cold'})", runs)
            rows.append(row)
            assert row.median is not None
            medians[(declared, warm)] = row.median
            print(f"   {row.tool:<44} {row.median:.3f} s", file=sys.stderr, flush=True)
    for warm in (False, True):
        added = medians[(True, warm)] - medians[(False, warm)]
        rows.append(Row(setup.name, f"declarations add ({'warm' if warm else 'cold'})",
                        [Run(added, 0, 0)], note=f"{setup.declaring:,} declaring files"))
        print(f"   declarations add ({'warm' if warm else 'cold'}): {added * 1000:.0f} ms", file=sys.stderr, flush=True)


def _coverage_owned(answer: Path, mine: dict[str, list[str]]) -> dict[str, list[str]]:
    data = json.loads(answer.read_text() or "{}")
    uncovered = set(data.get("uncovered_files", data.get("uncovered", [])))
    return {path: ([] if path in uncovered else ["covered"]) for path in mine}


def _peer(add: Callable[..., Row], tool: str, runs: list[Run], budget: float, reference: Optional[float],
          mine: dict[str, list[str]], read: Callable[[], dict[str, list[str]]], findings: list[str], setup: Setup,
          covered_only: bool = False) -> None:
    if any(r.code == -1 for r in runs):
        add(tool, [], note=f"over the {budget:.0f} s budget", reference=reference)
        return
    if any(r.code not in (0, 1) for r in runs):
        add(tool, [], note=f"failed (exit {runs[0].code})", reference=reference)
        return
    try:
        theirs = read()
    except (OSError, ValueError) as error:
        add(tool, runs, note=f"output unreadable: {error}", reference=reference)
        return
    if not theirs:
        add(tool, runs, note=f"reported no file (exit {runs[0].code}): it rejects this CODEOWNERS", reference=reference)
        findings.append(f"{tool} on {setup.name}: reported no owner for any file (exit {runs[0].code})")
        return
    differ = disagreements(mine, theirs, covered_only)
    missing = sum(1 for path in mine if path not in theirs)
    what = "covered by a rule or not" if covered_only else "owners"
    note = f"agrees on every file ({what})" if not differ and not missing else f"{len(differ)} files disagree"
    if missing:
        note += f", {missing} files not reported"
    add(tool, runs, note=note, reference=reference)
    if differ:
        findings.append(f"{tool} on {setup.name}: {len(differ)} files; e.g. " + "; ".join(differ[:3]))


# ---------------------------------------------------------------------------
def corpus_setups(corpus: Path) -> list[Setup]:
    setups = []
    if not corpus.is_dir():
        return setups
    for folder in sorted(corpus.iterdir()):
        owners_file = folder / "CODEOWNERS"
        paths = folder / "paths.gz"
        if not owners_file.is_file() or not paths.is_file():
            continue
        meta = json.loads((folder / "META.json").read_text()) if (folder / "META.json").is_file() else {}
        where = str(meta.get("ownership_file") or meta.get("codeowners_path") or meta.get("path") or ".github/CODEOWNERS")
        files = [p for p in gzip.decompress(paths.read_bytes()).decode("utf-8", "surrogateescape").split("\n") if p]
        files = [p for p in files if p != where]
        name = meta.get("repo", folder.name)
        setups.append(Setup(f"real: {name} ({len(files):,} files, zero configuration)", files, where,
                            owners_file.read_text(encoding="utf-8"), on_disk=True))
    return setups


def synthetic(files: int, rules: int, on_disk: bool, mid_path: bool = False) -> Setup:
    workload: Workload = generate(files, rules, mid_path=mid_path)
    kind = "work tree" if on_disk else "index only"
    return Setup(f"{workload.name}, {kind}", workload.files, "CODEOWNERS", workload.codeowners, on_disk)


def start_up_floor(work: Path, args: argparse.Namespace, rows: list[Row]) -> None:
    """`ownlint --version`: Python, the command line, nothing else; every run pays it."""
    env = dict(os.environ, PYTHONPATH=str(args.ownlint))
    runs = repeat(max(args.runs, 5), lambda: measure([sys.executable, "-m", "ownlint", "--version"], work, env))
    bare = repeat(max(args.runs, 5), lambda: measure([sys.executable, "-c", "pass"], work, env))
    rows.append(Row("start-up", "ownlint --version", runs, note="the floor under every ownlint run"))
    rows.append(Row("start-up", "python -c pass", bare, note="the interpreter alone"))


def print_table(rows: list[Row], notes: list[str], findings: list[str]) -> None:
    print("| workload | tool | median | peak memory | vs ownlint | note |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for row in rows:
        median = f"{row.median * 1000:,.0f} ms" if row.median is not None and row.median < 10 else (
            f"{row.median:,.1f} s" if row.median is not None else "-")
        peak = f"{row.peak / 1024:,.0f} MB" if row.peak else "-"
        ratio = f"{row.median / row.reference:,.1f}x" if row.median and row.reference else ""
        print(f"| {row.workload} | {row.tool} | {median} | {peak} | {ratio} | {row.note} |")
    for note in notes:
        print(f"\nnote: {note}")
    if findings:
        print("\nCorrectness findings (peers that disagree with ownlint on a file's owners):")
        for finding in findings:
            print(f"- {finding}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k files only, one run each")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median; default 3)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ownlint-bench",
                        help="where repositories, caches and peers go")
    parser.add_argument("--corpus", type=Path, default=CHECKOUT.parent / "shared" / "corpus" / "codeowners")
    parser.add_argument("--no-peers", action="store_true", help="measure ownlint and the floor only")
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--peer-timeout", type=float, default=300.0, help="seconds a peer may take (default 300)")
    parser.add_argument("--only", action="append", help="only workloads whose name contains this (repeatable)")
    parser.add_argument("--map-only", action="store_true",
                        help="only `ownlint map`: time to write, page size, first paint (no peers, no corpus)")
    parser.add_argument("--no-declarations", action="store_true", help="skip the declarations workloads")
    parser.add_argument("--wikimedia", type=Path, default=CHECKOUT.parent / "shared" / "corpus",
                        help="the corpus folder holding wikimedia/ (the declarations workload)")
    parser.add_argument("--ownlint", type=Path, default=CHECKOUT,
                        help="the checkout whose ownlint is measured (default: this one; another to compare)")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    # As an installed wheel would be: byte-compiled (PYTHONDONTWRITEBYTECODE would
    # otherwise make every run compile every module).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.ownlint / "ownlint")], check=False)
    peers = Peers() if args.no_peers or args.map_only else install_peers(work)
    setups: list[Setup] = [] if args.no_corpus or args.map_only else corpus_setups(args.corpus)
    # (files, rules, files written, mid-path rules)
    sizes = [(10_000, 1_000, True, False), (100_000, 1_000, False, False), (100_000, 1_000, True, False),
             (100_000, 2_000, False, True)]
    if not args.quick:
        # A million files are not written to disk here: the work-tree variant stops at 100k.
        sizes += [(1_000_000, 5_000, False, False), (1_000_000, 5_000, False, True)]
    setups += [synthetic(files, rules, on_disk, mid_path) for files, rules, on_disk, mid_path in sizes]
    if args.only:
        setups = [s for s in setups if any(only in s.name for only in args.only)]
    rows: list[Row] = []
    findings: list[str] = []
    start_up_floor(work, args, rows)
    for setup in setups:
        run_workload(setup, work, peers, args, rows, findings)
    if not args.no_declarations:
        from benchmarks import declarations

        declaring = [declarations.wikimedia(args.wikimedia), declarations.synthetic()]
        for workload in declaring:
            if workload is not None and (not args.only or any(only in workload.name for only in args.only)):
                run_declarations(workload, work, args, rows)
    if args.ownlint != CHECKOUT:
        print(f"\nownlint measured from {args.ownlint}")
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}"
    print(f"\nownlint benchmarks ({machine}); medians; ratios are to ownlint's warm full check of the same workload\n")
    print_table(rows, peers.notes, findings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
