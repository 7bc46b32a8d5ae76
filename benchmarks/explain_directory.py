"""Time `ownlint explain` of a directory of a 100,000-file repository (the example's mapping and registry).

The file list is generated deterministically (the example repository's layout,
scaled up) and handed to the API the way `--files-from` hands it to the CLI.
The ownership table is built once, as every command builds it; what is timed is
the explanation itself: reading the table's rows beneath the directory, grouping
them by owners, resolving the teams and placing the files in domains. The checks
(`check`'s findings, shown by explain too) are timed apart.

    python benchmarks/explain_directory.py [--files N] [--runs R]
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path
from typing import Callable

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "wikimedia-sre"

MODULES = ["base", "wmflib", "puppetserver", "cumin", "ferm", "profile", "mariadb", "bacula", "backup", "swift",
           "varnish", "trafficserver", "acme_chief", "gdnsd", "pybal", "k8s", "prometheus", "alertmanager",
           "logstash", "raid", "ipmi", "openstack", "netbox_ipam"]
ROLES = ["mariadb", "backup", "swift", "cache", "lvs", "kubernetes", "logging", "analytics_cluster", "misc"]
CHARTS = ["mediawiki", "mobileapps", "eventgate", "citoid", "cassandra-http-gateway"]


def generate(count: int, seed: int = 3) -> list[str]:
    """A deterministic file list shaped like an operations repository."""
    rng = random.Random(seed)
    files: set[str] = set()
    while len(files) < count:
        area = rng.random()
        n = rng.randrange(2000)
        if area < 0.45:
            module = rng.choice(MODULES)
            kind = rng.choice(["manifests", "templates", "files", "spec"])
            files.add(f"modules/{module}/{kind}/sub{n % 40}/file{n}.{rng.choice(['pp', 'erb', 'rb', 'yaml'])}")
        elif area < 0.70:
            files.add(f"hieradata/role/common/{rng.choice(ROLES)}/host{n}.yaml")
        elif area < 0.85:
            files.add(f"charts/{rng.choice(CHARTS)}/templates/t{n}.yaml")
        elif area < 0.95:
            files.add(f"dns/templates/zone{n}.org")
        else:
            files.add(f"terraform/stack{n % 30}/main{n}.tf")
    return sorted(files)


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from ownlint.checks.runner import run_checks, selection_for
    from ownlint.matching.patterns import re2_module
    from ownlint.model.config import load_config
    from ownlint.project import Scope, load_project
    from ownlint.queries.explain import OwnerStatus, explain, files_under
    from ownlint.tables.domains import Domains, load_domains

    files = generate(args.files)
    start = time.perf_counter()
    project = load_project(load_config(EXAMPLE)[0], Scope(files=files))
    load = time.perf_counter() - start
    table = project.table
    assert table is not None
    config = project.config
    status = OwnerStatus(project.registry, config.individuals)
    start = time.perf_counter()
    domains = load_domains(config)
    packs = time.perf_counter() - start
    print(f"{len(files):,} files, {len(table.mapping.rules)} rules, matcher {'re2' if re2_module() else 'globmatch'}, median of {args.runs} runs")
    print(f"  loading: ownership table (built once per command: all ownership matching) {load * 1000:.1f} ms,"
          f" domain packs {packs * 1000:.1f} ms")
    for directory in ("modules", "hieradata", "."):
        rows = len(files_under(table, "" if directory == "." else directory))
        path = "" if directory == "." else directory
        plain = median_seconds(lambda path=path: explain(table, config.root, path, status), args.runs)
        # A fresh Domains each run (the packs read once): no cache carried over from the run before.
        full = median_seconds(lambda path=path: explain(table, config.root, path, status, Domains(domains.domains)), args.runs)
        print(f"  explain {directory + '/':<11} {rows:>7,} files: {plain * 1000:7.1f} ms owners and rules,"
              f" {full * 1000:7.1f} ms with domains")
    paths = set(files_under(table, "modules"))
    checks = median_seconds(
        lambda: run_checks(project, selection_for(config), None, {table.files[r] for r in paths}), max(1, args.runs // 3)
    )
    print(f"  the checks for explain's findings (modules/): {checks * 1000:8.1f} ms")
    single = median_seconds(lambda: explain(table, config.root, "modules/base/manifests/x.pp", status, domains), args.runs)
    print(f"  explain one file: {single * 1000:.2f} ms")


if __name__ == "__main__":
    main()
