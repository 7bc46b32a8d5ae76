"""Domains from rule packs, as explain reads them: per path, for many paths, and for a whole directory."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Callable

import pytest

from ownlint.config import Config
from ownlint.domains import load_domains
from ownlint.errors import OwnlintError

SAMPLE = Path(__file__).parent / "data" / "iac_domains_sample.tsv"


def sample() -> list[tuple[str, list[str]]]:
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(row["path"], sorted(filter(None, row["domains"].split(",")))) for row in rows]


def built_in(tmp_path: Path) -> Config:
    return Config(root=tmp_path, file=None, ownership=tmp_path / "CODEOWNERS")


def test_built_in_pack_places_the_sample_paths(tmp_path: Path) -> None:
    domains = load_domains(built_in(tmp_path))
    cases = sample()
    assert [domains.of(path) for path, _ in cases] == [expected for _, expected in cases]
    assert domains.of_many([path for path, _ in cases] * 2) == [expected for _, expected in cases] * 2


@pytest.mark.parametrize("size", [0, 1, 5, 30, 95])
def test_any_of_is_the_union_of_each_paths_domains(tmp_path: Path, size: int) -> None:
    domains = load_domains(built_in(tmp_path))
    paths = [path for path, _ in sample()][:size]
    union = sorted({domain for found in domains.of_many(paths) for domain in found})
    assert domains.any_of(paths) == union


def test_joined_search_never_spans_two_paths(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("version: 1\ndomains:\n  dns: {paths: [/dns/*]}\n  zones: {paths: ['*.zone']}\n")
    domains = load_domains(built_in(tmp_path), ["pack.yaml"])
    # '/dns/*' reaches direct children only; 'a.zo' + 'ne' must not join into a match.
    assert domains.any_of(["dns/a/b", "x/a.zo", "ne"]) == []
    assert domains.any_of(["dns/a/b", "dns/c"]) == ["dns"]
    assert domains.any_of(["odd\nname.zone"]) == ["zones"]


@pytest.mark.parametrize(
    ("pack", "message"),
    [
        ("version: 1\ndomains:\n  dns: {paths: ['!x']}\n", "pack.yaml:3:18: negation '!' is not supported by CODEOWNERS"),
        ("version: 1\ndomains:\n  dns: {pathz: [x]}\n", "pack.yaml:3:"),
        (None, "pack.yaml: rule pack does not exist"),
    ],
)
def test_a_bad_pack_cannot_run(tmp_path: Path, pack: Any, message: str) -> None:
    if pack is not None:
        (tmp_path / "pack.yaml").write_text(pack)
    with pytest.raises(OwnlintError) as error:
        load_domains(built_in(tmp_path), ["pack.yaml"])
    assert str(error.value).startswith(message)


def test_explain_reports_a_bad_pack_on_one_line(make_repo: Callable[..., Path], ownlint: Callable[..., Any]) -> None:
    from explain_repo import FILES

    root = make_repo({**FILES, "domains.yaml": "version: 1\ndomains: {dns: {paths: ['[a]']}}\n"})
    result = ownlint(root, "explain", "dns")
    assert (result.code, result.out) == (2, "")
    assert result.err == "ownlint: domains.yaml:2:26: character ranges '[ ]' are not supported by CODEOWNERS\n"
