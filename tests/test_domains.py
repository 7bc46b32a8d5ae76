"""Domains from rule packs: the built-in IaC pack on real Wikimedia paths, user packs, errors."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ownlint.errors import OwnlintError
from ownlint.model.config import Config
from ownlint.tables.domains import load_domains
from tests.conftest import DATA


def _config(root: Path, packs: list[str]) -> Config:
    return Config(root=root, file=".ownlint.yaml", ownership=root / "ownership.yaml", packs=packs)


def _sample() -> list[tuple[str, list[str]]]:
    with open(DATA / "iac_domains_sample.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(row["path"], [d for d in (row["domains"] or "").split(",") if d]) for row in rows]


def test_real_paths_are_classified_as_the_sample_says(tmp_path: Path) -> None:
    domains = load_domains(_config(tmp_path, ["core", "iac-domains"]))
    sample = _sample()
    assert len(sample) > 90
    got = domains.of_many([path for path, _ in sample])
    wrong = [(path, want, found) for (path, want), found in zip(sample, got) if sorted(want) != found]
    assert wrong == []


def test_fast_classification_agrees_with_every_pattern_tried_on_every_path(tmp_path: Path) -> None:
    domains = load_domains(_config(tmp_path, ["iac-domains"]))
    paths = [path for path, _ in _sample()] + [
        "modules/foo/bar.tpl", "modules/foo/module.json", "kind-config.yaml", "a/kind.yaml",
        "geo-maps", "x/geo-maps", "dns", "x/dns/y", "templates/wikipedia.org", "x/templates/a",
        "x/y/dns/z/w", "modules/a/b/manifests/c.pp", "hieradata/role/x/cache/y.yaml", "deep/varnish-conf/sub/f",
        "modules/profile/x/cache/y", "team-sre/a.yaml", "x/team-sre/a.yaml", "a/b/c/d/e/f/g.zone",
    ]
    naive = [
        sorted({d.id for d in domains.domains for p in d.patterns if p.matches(path)}) for path in paths
    ]
    assert domains.of_many(paths) == naive


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("/ops/*", "ops/a.txt", ["mine"]),
        ("/ops/*", "ops/deeper/a.txt", []),  # children only: not through a directory
        ("/ops/**", "ops/deeper/a.txt", ["mine"]),
        ("/ops/", "ops/a.txt", ["mine"]),
        ("/ops/", "ops", []),
        ("ops", "ops", ["mine"]),
        ("ops", "x/ops/y", ["mine"]),
        ("ops/", "x/ops", []),
        ("*.sql", "db/schema.sql", ["mine"]),
        ("*.sql", "old.sql/x", ["mine"]),
        ("*.sql", "schema.sql.d/x", []),
        ("*.sql", "x/schema.sqlx", []),
        ("a/*/c", "a/b/c", ["mine"]),
        ("a/*/c", "a/b/c/d", ["mine"]),
    ],
)
def test_user_pack_patterns_follow_codeowners_semantics(
    tmp_path: Path, pattern: str, path: str, expected: list[str]
) -> None:
    (tmp_path / "pack.yaml").write_text(f'version: 1\ndomains:\n  mine:\n    paths: ["{pattern}"]\n')
    domains = load_domains(_config(tmp_path, ["pack.yaml"]))
    assert domains.of(path) == expected
    assert domains.of_many([path, path]) == [expected, expected]


def test_a_user_pack_extends_a_built_in_domain(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("version: 1\ndomains:\n  dns:\n    paths: [/zones/]\n")
    domains = load_domains(_config(tmp_path, ["iac-domains", "pack.yaml"]))
    assert domains.of("zones/example.org") == ["dns"]
    assert domains.of("dns/templates/wikipedia.org") == ["dns"]


@pytest.mark.parametrize(
    ("packs", "text", "message"),
    [
        (["missing.yaml"], None, "missing.yaml: rule pack does not exist"),
        (["nosuchpack"], None, ".ownlint.yaml: no built-in rule pack 'nosuchpack'"),
        (["pack.yaml"], "version: 1\ndomains:\n  dns:\n    paths: ['!x']\n", "pack.yaml:4:13: negation"),
        (["pack.yaml"], "version: 1\ndomains:\n  Bad_Id:\n    paths: [x]\n", "pack.yaml:3:3: domains: 'Bad_Id' is not a domain id: lowercase letters and digits, words joined by '-'"),
        (["pack.yaml"], "version: 1\ndomains: [\n", "pack.yaml:"),
    ],
)
def test_bad_packs_stop_the_run_with_one_located_line(
    tmp_path: Path, packs: list[str], text: str, message: str
) -> None:
    if text is not None:
        (tmp_path / "pack.yaml").write_text(text)
    with pytest.raises(OwnlintError) as raised:
        load_domains(_config(tmp_path, packs))
    assert str(raised.value).startswith(message)
