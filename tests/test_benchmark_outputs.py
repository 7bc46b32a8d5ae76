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
    'DataDog/integrations-extras': ('a1246b55c5f05ff275c39cf67f17842f286bf9d5661cdb0f0f90d1d9e0aeb42c', 'd95f7e2349767d3d1e88bfd0e329fe1172d648bc6561512b0bd8d3dbb9d98c58'),
    'bitwarden/server': ('bbe4a24338019583fb692b009997acb720145cd306767d4054157253d8a144fd', '3be6de966ee0f3dece971f8acb5127a8ebe1d958a9174d6bb746f153bbec6868'),
    'istio/istio': ('31299cfb31cea4abd93d2ce945feaf945faf6a90f57e788b031843eb01951bfc', '56e101223213567debb9d32cd8a73cf97c9b100cced5f88aa11f80322bbf94df'),
    'synthetic 10,000 files x 1,000 mid-path rules': ('df051942222e255a25eb2dcd825f7c5318451373698787977cf6a53fb68b3a2a', '2442f5a29bb14af720b27d11a790a0da8cf12018733d83afb466138e53082529'),
    'synthetic 10,000 files x 1,000 rules': ('8b6aaf2d1d5f21551a857c382b45d21f9e339e50249f4404e4c12e8300d1ede8', 'ad3a317c14fb33102a37a990457802cdc1c4a408ad91d699ca075f309131fc87'),
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
