"""ownlint's answers on every benchmark repository stay byte-identical while it gets faster.

The repositories of benchmarks/run.py (three real file lists and CODEOWNERS from
tests/data, and the generated workloads at the size that runs in seconds)
are built as real git repositories; check's JSON report and ls's listing are compared,
as digests, with those recorded before the speed work of issue 17. The generators are
deterministic, so a larger run of the benchmark differs only in size.

After a deliberate change of output, print the new digests with
`python tests/test_benchmark_outputs.py` and say in the commit why they changed.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Callable

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.repos import index_repo  # noqa: E402
from benchmarks.workload import generate  # noqa: E402
from ownlint.cli import main  # noqa: E402

DATA = Path(__file__).parent / "data"
TODAY = "2026-11-30"

Repository = tuple[list[str], str, str]  # files, where the CODEOWNERS is, its text


def real(folder: str) -> Callable[[], Repository]:
    def load() -> Repository:
        snapshot = DATA / folder
        where = json.loads((snapshot / "META.json").read_text())["ownership_file"]
        files = gzip.decompress((snapshot / "paths.gz").read_bytes()).decode("utf-8", "surrogateescape")
        return [p for p in files.split("\n") if p and p != where], where, (snapshot / "CODEOWNERS").read_text()

    return load


def synthetic(files: int, rules: int, mid_path: bool = False) -> Callable[[], Repository]:
    def load() -> Repository:
        workload = generate(files, rules, mid_path=mid_path)
        return workload.files, "CODEOWNERS", workload.codeowners

    return load


REPOSITORIES: dict[str, Callable[[], Repository]] = {
    "DataDog/integrations-extras": real("benchmarks/DataDog__integrations-extras"),
    "bitwarden/server": real("codeowners/bitwarden__server"),
    "istio/istio": real("codeowners/istio__istio"),
    "synthetic 10,000 files x 1,000 rules": synthetic(10_000, 1_000),
    "synthetic 10,000 files x 1,000 mid-path rules": synthetic(10_000, 1_000, mid_path=True),
}

# sha256 of (check --format json, ls --format jsonl), the root written as <root>.
RECORDED: dict[str, tuple[str, str]] = {
    'DataDog/integrations-extras': ('39b246a48c9d11d9e667fbec228d89b63bbb44f4124ec15c5f3d8c067c96892c', 'c3201113ef5e34bf409253fa6008aab4ef03e9da4583ef2424f3a60e7aa646a8'),
    'bitwarden/server': ('bfdcc3a63121968606d75b1c814ade9069f872488eeefc8c6ac6a35e58fb3e22', '305e4cbd14ac2e3114187d294bae31a3c0841cede6101f52f4f90c27884727b6'),
    'istio/istio': ('9e3e1a85568ac4167344311d7330c16626b605566fd0b0fb049c8848e1406633', 'cd601472fd21a09a269eae7f8a032fb89d7e650629d26e1a0ad0164d4af50f9d'),
    'synthetic 10,000 files x 1,000 mid-path rules': ('2faa3f2043e41edd0c9ace20fd323a4f7f71f8b95398b655e7b5de67103fd9a3', '371329c6f6d5693074978cbcf8376011bfae4b16582100a2b07492083732801d'),
    'synthetic 10,000 files x 1,000 rules': ('bf7ecc5f896c47603633138fd18f6a334fd27aa3ed0a0689eb7982547651949a', 'd192bbf0b62f9f4b72efbd5d7366d1fd3f13e5108eded266adfb52f7649a4914'),
}


def outputs(root: Path) -> tuple[str, str]:
    digests = []
    for argv in (["check", "--format", "json", "--exit-zero", "--today", TODAY], ["ls", "--format", "jsonl"]):
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(io.StringIO()):
            assert main(["-C", str(root), *argv]) == 0
        text = out.getvalue().replace(json.dumps(str(root))[1:-1], "<root>")
        digests.append(hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest())
    return digests[0], digests[1]


def build(root: Path, name: str) -> Path:
    files, where, text = REPOSITORIES[name]()
    return index_repo(root, files, {where: text})


@pytest.mark.parametrize("name", sorted(REPOSITORIES))
def test_output_is_what_it_was(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNLINT_NO_CACHE", "1")
    root = build(tmp_path / "repo", name)
    assert outputs(root) == RECORDED[name]


if __name__ == "__main__":
    import os
    import tempfile

    os.environ["OWNLINT_NO_CACHE"] = "1"
    with tempfile.TemporaryDirectory() as work:
        for index, name in enumerate(sorted(REPOSITORIES)):
            print(f"    {name!r}: {outputs(build(Path(work) / str(index), name))!r},")
