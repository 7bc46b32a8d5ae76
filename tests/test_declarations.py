"""Owners recorded inside files and vocabularies of team names (DESIGN 3.6): configuration,
reading, OWN601-OWN605, OWN301/OWN302 at the value, --fix, explain and ls."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

from ownlint.formats.keypath import EVERY, KeyPathError, parse_key_path
from tests.conftest import Result, git

Run = Callable[..., Result]

TEAMS = """\
version: 1
teams:
  traffic:
    name: Traffic
    lead: brandon
    handles: ["@wikimedia/sre-traffic"]
  data-persistence:
    name: Data Persistence
    lead: manuel
    aliases: [dp]
  service-operations:
    name: Service Operations
    lead: alexandros
    aliases: [ServiceOps, serviceops]
  data-platform:
    name: Data Platform
    lead: ben
  data-engineering:
    name: Data Engineering
    status: renamed
    renamed_to: data-platform
    until: 2024-02-09
  core-ops:
    name: Core Ops
    status: retired
    successors: [service-operations, data-persistence]
  edge:
    name: Edge
    status: renamed
    renamed_to: traffic
    until: 2099-01-01
    handles: ["@wikimedia/edge"]
"""

OWNERSHIP = """\
version: 1
rules:
  - path: "*"
    owners: [traffic]
  - path: /roles/db/
    owners: [data-persistence]
  - path: /roles/k8s/
    owners: [service-operations]
"""

ROLE_CONTACTS = """\
declarations:
  - name: role-contacts
    files: ["/roles/**/*.yaml"]
    yaml: "profile::contacts::role_contacts"
    required: true
"""


def config(extra: str = ROLE_CONTACTS) -> str:
    return "teams: teams.yaml\nownership: ownership.yaml\n" + extra


def repo(make_repo: Callable[..., Path], files: dict[str, Any], extra: str = ROLE_CONTACTS) -> Path:
    base: dict[str, Any] = {".ownlint.yaml": config(extra), "teams.yaml": TEAMS, "ownership.yaml": OWNERSHIP}
    base.update(files)
    return make_repo(base)


def findings(ownlint: Run, root: Path, *args: str, code: Optional[str] = None) -> list[tuple[Any, ...]]:
    result = ownlint(root, "check", "--today", "2026-01-01", "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return [
        (f["file"], f["line"], f["column"], f["code"], f["message"])
        for f in json.loads(result.out)["findings"]
        if code is None or f["code"] == code
    ]


# --- key paths -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("profile::contacts::role_contacts", ("profile::contacts::role_contacts",)),
        ("groups[*].rules[*].labels.team", ("groups", EVERY, "rules", EVERY, "labels", "team")),
        ("maintainers[0].name", ("maintainers", 0, "name")),
        ('["app.kubernetes.io/team"]', ("app.kubernetes.io/team",)),
        ("metadata.labels['a.b']", ("metadata", "labels", "a.b")),
        ("[*]", (EVERY,)),
        ("[*].owner", (EVERY, "owner")),
    ],
)
def test_key_paths_parse(text: str, segments: tuple[Any, ...]) -> None:
    assert parse_key_path(text).segments == segments


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("a..b", 2, "an empty segment"),
        (".a", 0, "an empty segment"),
        ("a.", 1, "ends with '.'"),
        ("a[", 1, "must hold *, a number or a quoted key"),
        ("a[x]", 1, "must hold *, a number or a quoted key"),
        ("a]", 1, "a ']' with no '['"),
        ("a[0]b", 4, "a key must follow a '.'"),
        (" a", 0, "starts or ends with a space"),
    ],
)
def test_bad_key_paths_say_where(text: str, offset: int, message: str) -> None:
    with pytest.raises(KeyPathError) as raised:
        parse_key_path(text)
    assert raised.value.offset == offset and message in raised.value.message


# --- configuration errors: exit 2 at the configuration's line:column ---------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("declarations:\n  - name: x\n    files: [/a/]\n    yaml: 'a..b'\n",
         ".ownlint.yaml:6:11: declarations[0].yaml: bad key path 'a..b' at character 3: an empty segment"),
        ("declarations:\n  - name: x\n    files: [/a/]\n    regex: '(?P<owners>a'\n",
         ".ownlint.yaml:6:12: declarations[0].regex: bad regex '(?P<owners>a' at character 1: missing ), "
         "unterminated subpattern"),
        ("declarations:\n  - name: x\n    files: [/a/]\n    regex: 'owner: (.+)'\n",
         ".ownlint.yaml:6:12: declarations[0].regex: the regex has no named group 'owners'"),
        ("declarations:\n  - name: x\n    files: [/a/]\n",
         ".ownlint.yaml:4:5: declarations[0]: give exactly one of 'yaml' (a key path) and 'regex'"),
        ("declarations:\n  - name: x\n    files: ['!a']\n    yaml: a\n",
         ".ownlint.yaml:5:13: declarations[0].files: "),
        ("declarations:\n  - name: x\n    files: [/a/]\n    yaml: a\n    vocabulary: routes\n",
         ".ownlint.yaml:7:17: declarations[0].vocabulary: no vocabulary is named 'routes' (none is configured)"),
        ("vocabularies:\n  - name: v\n    file: /nope.pp\n    regex: \"'(?P<team>[^']+)'\"\n",
         ".ownlint.yaml:4:5: vocabularies: 'nope.pp' (of 'v') does not exist"),
        ("vocabularies:\n  - name: v\n    file: ../outside.pp\n    regex: \"'(?P<team>[^']+)'\"\n",
         ".ownlint.yaml:5:11: vocabularies[0].file: '../outside.pp' is not a path inside the repository"),
        ("declarations:\n  - name: x\n    files: [/a/]\n    yaml: a\n    covers: folder\n",
         ".ownlint.yaml:7:13: declarations/0/covers: 'folder' is not one of file, directory"),
    ],
)
def test_a_bad_declaration_or_vocabulary_stops_the_run_at_its_place(
    make_repo: Callable[..., Path], ownlint: Run, extra: str, message: str
) -> None:
    root = repo(make_repo, {}, extra)
    result = ownlint(root, "check")
    assert result.code == 2, result.out
    [line] = result.err.strip().splitlines()
    assert line.startswith("ownlint: " + message), line


# --- reading: every key-path form, regexes, multi-document files, templates ---------


def declared(ownlint: Run, root: Path, path: str) -> list[dict[str, Any]]:
    result = ownlint(root, "ls", "--format", "jsonl", path)
    assert result.code == 0, result.err
    [record] = [json.loads(line) for line in result.out.splitlines()]
    found: list[dict[str, Any]] = record["declared"]
    return found


@pytest.mark.parametrize(
    ("key_path", "text", "values"),
    [
        ("a.b", "a:\n  b: traffic\n", [(2, 6, "traffic")]),
        ("a.b", "a:\n  b: [traffic, 'dp']\n", [(2, 7, "traffic"), (2, 16, "dp")]),
        ("a.b", "a:\n  b:\n    - traffic\n    - \"dp\"\n", [(3, 7, "traffic"), (4, 7, "dp")]),
        ("a[1]", "a: [x, traffic, y]\n", [(1, 8, "traffic")]),
        ("a[*].team", "a:\n  - team: traffic\n  - team: dp\n  - other: 1\n", [(2, 11, "traffic"), (3, 11, "dp")]),
        ("labels[*]", "labels: {team: traffic, owner: dp}\n", [(1, 16, "traffic"), (1, 32, "dp")]),
        ('["app.kubernetes.io/team"]', "app.kubernetes.io/team: traffic\n", [(1, 25, "traffic")]),
        ("profile::contacts::role_contacts", "profile::contacts::role_contacts: ['Data Persistence']\n",
         [(1, 36, "Data Persistence")]),
        ("groups[*].rules[*].labels.team",
         "groups:\n- name: g\n  rules:\n  - alert: A\n    labels: {team: traffic}\n  - alert: B\n    labels:\n"
         "      team: dp\n", [(5, 20, "traffic"), (8, 13, "dp")]),
        ("team", "team: traffic\n---\nteam: dp\n---\nother: 1\n", [(1, 7, "traffic"), (3, 7, "dp")]),  # every document
        ("team", "team: '{{ $labels.team }}'\n", []),  # a template is no owner
        ("team", "team: ['%{lookup(\"x\")}', traffic, '${var.owner}']\n", [(1, 26, "traffic")]),
        ("team", "team:\nother: traffic\n", []),  # null
        ("a.b", "a: traffic\n", []),  # the path goes through a scalar
    ],
)
def test_key_paths_find_values_with_their_positions(
    make_repo: Callable[..., Path], ownlint: Run, key_path: str, text: str, values: list[tuple[int, int, str]]
) -> None:
    extra = f"declarations:\n  - name: src\n    files: [/x.yaml]\n    yaml: '{key_path}'\n"
    root = repo(make_repo, {"x.yaml": text}, extra)
    found = declared(ownlint, root, "x.yaml")
    got = [(v, d["line"], d["column"]) for d in found for v in d["values"]]
    assert [(d["line"], d["column"]) for d in found] == ([values[0][:2]] if values else [])
    assert [v for v, _, _ in got] == [v for _, _, v in values]
    if values:  # each value's own position is where OWN301 reports it
        unknown = findings(ownlint, root, "--select", "OWN301")
        assert [(line, column) for _, line, column, _, _ in unknown] == []  # all are teams


def test_every_value_is_reported_at_its_own_position(make_repo: Callable[..., Path], ownlint: Run) -> None:
    extra = "declarations:\n  - name: src\n    files: [/x.yaml]\n    yaml: 'a[*].team'\n"
    text = "a:\n  - team: trafic\n  - team: [dp, 'nobody']\n---\na: [{team: \"ghost\"}]\n"
    root = repo(make_repo, {"x.yaml": text}, extra)
    assert findings(ownlint, root, code="OWN301") == [
        ("x.yaml", 2, 11, "OWN301", "src: owner 'trafic' is not a team in teams.yaml; did you mean 'traffic'?"),
        ("x.yaml", 3, 16, "OWN301", "src: owner 'nobody' is not a team in teams.yaml"),
        ("x.yaml", 5, 12, "OWN301", "src: owner 'ghost' is not a team in teams.yaml"),
    ]


def test_regex_sources_split_on_commas_and_bars_and_trim_quotes(make_repo: Callable[..., Path], ownlint: Run) -> None:
    extra = "declarations:\n  - name: zone-owner\n    files: ['/zones/**']\n    regex: '^; owner: (?P<owners>.+)$'\n"
    zone = "$ORIGIN example.org.\n; owner: traffic, 'Data Persistence'|dp\r\n; owner: {{ team }}\n@ SOA ns0\n"
    root = repo(make_repo, {"zones/example.org": zone}, extra)
    [record] = declared(ownlint, root, "zones/example.org")
    assert record["values"] == ["traffic", "Data Persistence", "dp"]
    assert (record["line"], record["column"]) == (2, 10)
    result = ownlint(root, "explain", "--format", "json", "zones/example.org")
    [item] = json.loads(result.out)["results"][0]["declared"]
    assert item["teams"] == ["data-persistence", "traffic"] and item["agrees"] is True


def test_a_catastrophic_regex_in_an_untrusted_configuration_runs_in_linear_time(
    make_repo: Callable[..., Path], ownlint: Run
) -> None:
    pytest.importorskip("re2")
    import time

    extra = "declarations:\n  - name: zone-owner\n    files: ['/zones/**']\n    regex: '^(?P<owners>(a+)+)$'\n"
    root = repo(make_repo, {"zones/x": "a" * 40 + "!\n" + "a" * 5 + "\n"}, extra)
    started = time.perf_counter()
    [record] = declared(ownlint, root, "zones/x")
    assert record["values"] == ["aaaaa"] and time.perf_counter() - started < 10  # Python's re: hours


# --- the checks: cases that must and must not fire -----------------------------------

ROLE = "profile::contacts::role_contacts: {}\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # agrees: by name, by alias, by id, by handle; one of two values is enough
        ({"roles/db/a.yaml": ROLE.format("['Data Persistence']"), "roles/db/b.yaml": ROLE.format("[dp]"),
          "roles/k8s/c.yaml": ROLE.format("[serviceops]"), "roles/d.yaml": ROLE.format("['@wikimedia/sre-traffic']"),
          "roles/db/e.yaml": ROLE.format("[Traffic, 'Data Persistence']")}, []),
        # a retired or renamed value agrees with its live successor
        ({"roles/k8s/a.yaml": ROLE.format("['Core Ops']"), "roles/b.yaml": ROLE.format("[edge]")}, []),
        ({"roles/db/a.yaml": ROLE.format("['Traffic']")},
         [("roles/db/a.yaml", 1, 36, "OWN601", "role-contacts: declares 'Traffic', but the mapping gives "
           "'data-persistence' (ownership.yaml:5, /roles/db/) for 1 path")]),
        # an unknown value takes no part: OWN301 speaks for it
        ({"roles/db/a.yaml": ROLE.format("[nobody]")}, []),
    ],
)
def test_declaration_mismatch(make_repo: Callable[..., Path], ownlint: Run, files: dict[str, str],
                              expected: list[tuple[Any, ...]]) -> None:
    root = repo(make_repo, files)
    assert findings(ownlint, root, code="OWN601") == expected


def test_a_directory_declaration_counts_the_paths_it_speaks_for(make_repo: Callable[..., Path], ownlint: Run) -> None:
    extra = "declarations:\n  - name: owners-file\n    files: ['**/OWNERS.yaml']\n    yaml: owners\n    covers: directory\n"
    files = {
        "roles/db/OWNERS.yaml": "owners: [traffic]\n",
        "roles/db/a.pp": "", "roles/db/sub/b.pp": "", "roles/db/sub/c.pp": "",
        "roles/k8s/OWNERS.yaml": "owners: [service-operations]\n", "roles/k8s/a.pp": "",
    }
    root = repo(make_repo, files, extra)
    assert findings(ownlint, root, code="OWN601") == [
        ("roles/db/OWNERS.yaml", 1, 10, "OWN601", "owners-file: declares 'traffic', but the mapping gives "
         "'data-persistence' (ownership.yaml:5, /roles/db/) for 4 paths"),
    ]
    [item] = json.loads(ownlint(root, "explain", "--format", "json", "roles/db/sub/b.pp").out)["results"][0]["declared"]
    assert item == {"source": "owners-file", "file": "roles/db/OWNERS.yaml", "line": 1, "column": 10,
                    "covers": "directory", "values": ["traffic"], "teams": ["traffic"], "agrees": False}


def test_an_unowned_path_names_its_declared_owners(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"ownership.yaml": "version: 1\nrules:\n  - path: /teams.yaml\n    owners: [traffic]\n",
                            "roles/a.yaml": ROLE.format("['Data Platform']"), "roles/b.yaml": "x: 1\n"})
    unowned = {f[0]: f[4] for f in findings(ownlint, root, code="OWN401")}
    assert unowned["roles/a.yaml"] == ("no rule gives 'roles/a.yaml' an owner; it declares 'Data Platform' "
                                       "(role-contacts, roles/a.yaml:1)")
    assert unowned["roles/b.yaml"] == "no rule gives 'roles/b.yaml' an owner"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x: 1\n", ["role-contacts: 'roles/a.yaml' records no owner (no value at 'profile::contacts::role_contacts')"]),
        (ROLE.format("[]"), ["role-contacts: 'roles/a.yaml' records no owner (no value at "
                             "'profile::contacts::role_contacts')"]),
        (ROLE.format("['{{ team }}']"), []),  # a template records an owner, just not a name
        (ROLE.format("[traffic]"), []),
    ],
)
def test_declaration_missing(make_repo: Callable[..., Path], ownlint: Run, text: str, expected: list[str]) -> None:
    root = repo(make_repo, {"roles/a.yaml": text, "other/b.yaml": "x: 1\n"})
    assert [(f[0], f[1], f[4]) for f in findings(ownlint, root, code="OWN602")] == [
        ("roles/a.yaml", None, message) for message in expected
    ]


def test_a_source_that_is_not_required_never_asks_for_a_value(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"roles/a.yaml": "x: 1\n"}, ROLE_CONTACTS.replace("    required: true\n", ""))
    assert findings(ownlint, root, code="OWN602") == []


def test_retired_and_renamed_declared_values(make_repo: Callable[..., Path], ownlint: Run) -> None:
    files = {
        "roles/a.yaml": ROLE.format("['Data Engineering']"),
        "roles/b.yaml": ROLE.format("[core-ops]"),
        "roles/c.yaml": ROLE.format("['@wikimedia/edge']"),
    }
    root = repo(make_repo, files)
    result = json.loads(ownlint(root, "check", "--today", "2026-01-01", "--format", "json").out)
    found = [(f["file"], f["line"], f["column"], f["severity"], f["message"], f["fix"])
             for f in result["findings"] if f["code"] == "OWN302"]
    assert found == [
        ("roles/a.yaml", 1, 36, "error", "role-contacts: owner 'Data Engineering' was renamed to 'data-platform' "
         "on 2024-02-09", {"description": "replace 'Data Engineering' with 'Data Platform'", "safe": True}),
        ("roles/b.yaml", 1, 36, "error", "role-contacts: owner 'core-ops' was retired; its work went to "
         "'service-operations', 'data-persistence'",
         {"description": "its work went to 'service-operations', 'data-persistence': a person must choose",
          "safe": False}),
        ("roles/c.yaml", 1, 36, "warning", "role-contacts: owner '@wikimedia/edge' was renamed to 'traffic' on "
         "2099-01-01 (a grace period: an error from 2099-01-01)",
         {"description": "replace '@wikimedia/edge' with '@wikimedia/sre-traffic'", "safe": True}),
    ]


VOCABULARY = """\
vocabularies:
  - name: puppet-teams
    file: /team.pp
    regex: "'(?P<team>[^']+)'"
    complete: true
  - name: routes
    file: /routes.erb
    regex: 'team\\s*=~?\\s*"?\\(?(?P<team>[a-z0-9|-]+)'
declarations:
  - name: alert-team
    files: ["/team-*/**/*.yaml"]
    exclude: ["**/*_test.yaml"]
    yaml: "groups[*].rules[*].labels.team"
    vocabulary: routes
"""
ENUM = "type Wmflib::Team = Enum[\n    'Data Engineering',\n    'Data Platform',\n    'Traffic', 'Core Ops',\n    'Nobody',\n]\n"
ROUTES = "routes:\n  - matchers: ['team = \"traffic\"']\n  - matchers: ['team =~ \"(data-persistence|dp)\"']\n"


def alert(team: str) -> str:
    return f"groups:\n  - name: g\n    rules:\n      - alert: A\n        labels:\n          team: {team}\n"


def test_vocabulary_stale_and_incomplete(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"team.pp": ENUM, "routes.erb": ROUTES}, VOCABULARY)
    assert findings(ownlint, root, code="OWN603") == [
        ("team.pp", 2, 6, "OWN603", "vocabulary puppet-teams: 'Data Engineering' was renamed to 'data-platform' "
         "on 2024-02-09"),
        ("team.pp", 4, 17, "OWN603", "vocabulary puppet-teams: 'Core Ops' was retired; its work went to "
         "'service-operations', 'data-persistence'"),
        ("team.pp", 5, 6, "OWN603", "vocabulary puppet-teams: 'Nobody' is not a team in teams.yaml"),
    ]
    assert findings(ownlint, root, code="OWN604") == [
        ("team.pp", None, None, "OWN604", "vocabulary puppet-teams lacks the active team 'data-persistence' "
         "(Data Persistence)"),
        ("team.pp", None, None, "OWN604", "vocabulary puppet-teams lacks the active team 'service-operations' "
         "(Service Operations)"),
    ]


def test_a_yaml_vocabulary(make_repo: Callable[..., Path], ownlint: Run) -> None:
    extra = ("vocabularies:\n  - name: routes\n    file: /alertmanager.yml\n    yaml: 'route.routes[*].match.team'\n"
             "declarations:\n  - name: alert-team\n    files: ['/team-*/**']\n"
             "    yaml: 'groups[*].rules[*].labels.team'\n    vocabulary: routes\n")
    routes = "route:\n  routes:\n    - match: {team: traffic}\n    - match:\n        team: data-engineering\n"
    root = repo(make_repo, {"alertmanager.yml": routes, "team-a/x.yaml": alert("dp")}, extra)
    assert [(f[0], f[1], f[2], f[3]) for f in findings(ownlint, root) if f[3].startswith("OWN60")] == [
        ("alertmanager.yml", 5, 15, "OWN603"), ("team-a/x.yaml", 6, 17, "OWN601"), ("team-a/x.yaml", 6, 17, "OWN605")]
    ownlint(root, "check", "--today", "2026-01-01", "--fix")
    assert (root / "alertmanager.yml").read_text() == routes.replace("data-engineering", "data-platform")


def test_undeliverable_owner_compares_the_exact_string(make_repo: Callable[..., Path], ownlint: Run) -> None:
    files = {"team.pp": ENUM, "routes.erb": ROUTES,
             "team-a/ok.yaml": alert("traffic"), "team-a/alias.yaml": alert("dp"),
             "team-a/case.yaml": alert("Traffic"), "team-a/nobody.yaml": alert("serviceops"),
             "team-a/tpl.yaml": alert("'{{ $labels.team }}'"), "team-a/x_test.yaml": alert("nope")}
    root = repo(make_repo, files, VOCABULARY)
    assert findings(ownlint, root, code="OWN605") == [
        ("team-a/case.yaml", 6, 17, "OWN605", "alert-team: 'Traffic' is not in vocabulary routes (routes.erb): "
         "nothing matches it there, so what carries it reaches no one; the vocabulary spells this team 'traffic'"),
        ("team-a/nobody.yaml", 6, 17, "OWN605", "alert-team: 'serviceops' is not in vocabulary routes (routes.erb): "
         "nothing matches it there, so what carries it reaches no one"),
    ]


# --- --fix: byte-exact, in the form written --------------------------------------------

FIX_CASES = [
    # flow list, single quotes, a name becomes the successor's name; the comment stays
    ("p: ['Data Engineering', traffic]  # who to page\n", "p: ['Data Platform', traffic]  # who to page\n"),
    # flow list, double quotes
    ('p: ["Data Engineering"]\n', 'p: ["Data Platform"]\n'),
    # block list, plain; an id becomes the id
    ("p:\n  - data-engineering   # renamed\n  - traffic\n", "p:\n  - data-platform   # renamed\n  - traffic\n"),
    # a handle stays a handle
    ("p: ['@wikimedia/edge']\n", "p: ['@wikimedia/sre-traffic']\n"),
    # a plain name with a space stays plain
    ("p: [Data Engineering]\n", "p: [Data Platform]\n"),
    # CRLF line ends and a byte-order mark are kept
    ("\ufeffp:\r\n  - 'Data Engineering'\r\n# end\r\n", "\ufeffp:\r\n  - 'Data Platform'\r\n# end\r\n"),
]


@pytest.mark.parametrize(("before", "after"), FIX_CASES)
def test_fix_rewrites_declared_values_byte_exact(make_repo: Callable[..., Path], ownlint: Run,
                                                 before: str, after: str) -> None:
    extra = "declarations:\n  - name: src\n    files: [/x.yaml]\n    yaml: p\n"
    root = repo(make_repo, {}, extra)
    (root / "x.yaml").write_bytes(before.encode("utf-8"))
    diff = ownlint(root, "check", "--today", "2100-01-01", "--diff")
    assert (root / "x.yaml").read_bytes() == before.encode("utf-8")  # --diff writes nothing
    assert "+++ b/x.yaml" in diff.out
    ownlint(root, "check", "--today", "2100-01-01", "--fix")
    assert (root / "x.yaml").read_bytes() == after.encode("utf-8")


def test_fix_rewrites_regex_sources_and_vocabularies(make_repo: Callable[..., Path], ownlint: Run) -> None:
    extra = VOCABULARY.replace("    complete: true\n", "") + (
        "  - name: zone-owner\n    files: ['/zones/**']\n    regex: '^; owner: (?P<owners>.+)$'\n")
    enum = "Enum[\n    'Data Engineering', 'Traffic',\n    'core-ops',\n]\n"
    zone = "; owner: data-engineering|'Data Engineering', traffic\n@ SOA ns0\n"
    root = repo(make_repo, {"team.pp": enum, "routes.erb": ROUTES, "zones/example.org": zone}, extra)
    result = ownlint(root, "check", "--today", "2026-01-01", "--fix")
    assert (root / "zones/example.org").read_text() == "; owner: data-platform|'Data Platform', traffic\n@ SOA ns0\n"
    assert (root / "team.pp").read_text() == "Enum[\n    'Data Platform', 'Traffic',\n    'core-ops',\n]\n"
    assert "team.pp:3:6: its work went to 'service-operations', 'data-persistence': a person must choose" in result.out


def test_a_vocabulary_name_whose_successor_is_there_is_left_for_a_person(
    make_repo: Callable[..., Path], ownlint: Run
) -> None:
    root = repo(make_repo, {"team.pp": ENUM, "routes.erb": ROUTES}, VOCABULARY)
    before = (root / "team.pp").read_bytes()
    result = ownlint(root, "check", "--today", "2026-01-01", "--fix", "--select", "OWN603")
    assert (root / "team.pp").read_bytes() == before
    assert ("team.pp:2:6: 'Data Platform' is already in the vocabulary: remove 'Data Engineering' "
            "(a person decides)") in result.out


# --- hostile declaring files: one finding each, the run goes on, nothing changes ---------


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"profile::contacts::role_contacts: [traffic\n", (2, 1), "invalid YAML"),
        (b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
         b"profile::contacts::role_contacts: [*f]\n", (1, 1), "aliases expand the document beyond"),
        (b"profile::contacts::role_contacts: !!python/object:os.system [traffic]\n", (1, 35), "tag "),
        (b"profile::contacts::role_contacts: ['Tr\xe4ffic']\n", (1, 39), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00profile::contacts::role_contacts", (3, 1), "contains a NUL byte"),
        (b"profile::contacts::role_contacts: [traffic]\n" + b"#" * (20 * 1024 * 1024), (1, 1), "over the limit"),
    ],
)
def test_a_broken_declaring_file_is_one_finding_and_the_run_goes_on(
    make_repo: Callable[..., Path], ownlint: Run, content: bytes, where: tuple[int, int], message: str
) -> None:
    root = repo(make_repo, {"roles/good.yaml": ROLE.format("['Data Engineering']")})
    (root / "roles/bad.yaml").write_bytes(content)
    result = json.loads(ownlint(root, "check", "--today", "2026-01-01", "--format", "json").out)
    broken = [f for f in result["findings"] if f["file"] == "roles/bad.yaml"]
    assert len(broken) == 1, broken
    assert broken[0]["code"] == "OWN001" and (broken[0]["line"], broken[0]["column"]) == where
    assert message in broken[0]["message"]
    assert [f["code"] for f in result["findings"] if f["file"] == "roles/good.yaml"] == ["OWN302", "OWN601"]
    ownlint(root, "check", "--today", "2026-01-01", "--fix")
    assert (root / "roles/bad.yaml").read_bytes() == content
    assert (root / "roles/good.yaml").read_text() == ROLE.format("['Data Platform']")


# --- partial runs and the cache -----------------------------------------------------------


def test_a_hook_run_checks_the_staged_declaring_file(make_repo: Callable[..., Path], ownlint: Run) -> None:
    files = {"team.pp": ENUM.replace("'Data Engineering',\n", ""), "routes.erb": ROUTES,
             "team-a/one.yaml": alert("serviceops"), "team-a/two.yaml": alert("nobody")}
    root = repo(make_repo, files, VOCABULARY.replace("    complete: true\n", ""))
    staged = findings(ownlint, root, "--cached", "team-a/one.yaml")
    assert [(f[0], f[3]) for f in staged if f[0].startswith("team-a/")] == [
        ("team-a/one.yaml", "OWN601"), ("team-a/one.yaml", "OWN605")]
    # a staged vocabulary can make any value undeliverable: the whole repository is
    # checked, and the commit is refused for what the staged change brings (the hook
    # leaves alone what HEAD already had: OWN601 and OWN301 here)
    (root / "routes.erb").write_text(ROUTES + "  - matchers: ['team =~ \"(serviceops|nobody)\"']\n")
    git(root, "commit", "-q", "-am", "route every team")
    (root / "routes.erb").write_text(ROUTES)
    git(root, "add", "routes.erb")
    widened = findings(ownlint, root, "--cached", "routes.erb")
    assert [(f[0], f[3]) for f in widened if f[0].startswith("team-a/")] == [
        ("team-a/one.yaml", "OWN605"), ("team-a/two.yaml", "OWN605")]


def test_a_hook_run_reads_what_is_staged_not_the_working_tree(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"roles/a.yaml": ROLE.format("[traffic]")})
    (root / "roles/a.yaml").write_text(ROLE.format("['Data Engineering']"))
    git(root, "add", "roles/a.yaml")
    (root / "roles/a.yaml").write_text(ROLE.format("[traffic]"))  # fixed in the work tree, not staged
    for _ in range(2):  # the second run reads the blob's values from the cache
        staged = findings(ownlint, root, "--cached", "roles/a.yaml", code="OWN302")
        assert [(f[0], f[1], f[2]) for f in staged] == [("roles/a.yaml", 1, 36)]
    assert findings(ownlint, root, "roles/a.yaml", code="OWN302") == []  # the work tree is fine


def test_a_warm_run_reads_only_changed_files(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"roles/a.yaml": ROLE.format("[traffic]"), "roles/b.yaml": ROLE.format("[traffic]")})
    assert findings(ownlint, root, code="OWN301") == []
    (root / "roles/b.yaml").write_text(ROLE.format("[trafficc]"))
    assert findings(ownlint, root, code="OWN301") == [
        ("roles/b.yaml", 1, 36, "OWN301", "role-contacts: owner 'trafficc' is not a team in teams.yaml; "
         "did you mean 'traffic'?")]
    git(root, "add", "-A")
    assert len(findings(ownlint, root, code="OWN301")) == 1  # the same answer from the cache


def test_explain_json_lists_the_declarations(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"roles/db/a.yaml": ROLE.format("[Traffic, 'Data Persistence']")})
    result = json.loads(ownlint(root, "explain", "--format", "json", "roles/db/a.yaml", "roles/").out)
    file, directory = result["results"]
    expected = {"source": "role-contacts", "file": "roles/db/a.yaml", "line": 1, "column": 36, "covers": "file",
                "values": ["Traffic", "Data Persistence"], "teams": ["data-persistence", "traffic"], "agrees": True}
    assert file["declared"] == [expected] and directory["declared"] == [expected]
    text = ownlint(root, "explain", "roles/db/a.yaml").out
    assert ("  declared:   'Traffic', 'Data Persistence' -> data-persistence, traffic  (role-contacts, "
            "roles/db/a.yaml:1:36); agrees with the mapping") in text.splitlines()


def test_without_declarations_nothing_changes_in_explain_and_ls(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"roles/a.yaml": ROLE.format("[traffic]")}, "")
    assert "declared" not in json.loads(ownlint(root, "explain", "--format", "json", "roles/a.yaml").out)["results"][0]
    assert "declared" not in json.loads(ownlint(root, "ls", "--format", "jsonl", "roles/a.yaml").out)


# --- where the findings go: every output format, at the declaring file's line ------------


def test_ci_formats_carry_declaration_findings_at_the_declaring_files_line(
    make_repo: Callable[..., Path], ownlint: Run
) -> None:
    files = {"team.pp": ENUM, "routes.erb": ROUTES, "team-a/nobody.yaml": alert("serviceops")}
    root = repo(make_repo, files, VOCABULARY.replace("    complete: true\n", ""))
    github = ownlint(root, "check", "--today", "2026-01-01", "--format", "github", "--select", "OWN605").out
    assert github.splitlines()[0] == (
        "::error file=team-a/nobody.yaml,line=6,col=17,title=OWN605 undeliverable-owner::alert-team: 'serviceops' "
        "is not in vocabulary routes (routes.erb): nothing matches it there, so what carries it reaches no one")
    [gitlab] = json.loads(ownlint(root, "check", "--today", "2026-01-01", "--format", "gitlab",
                                  "--select", "OWN605").out)
    assert gitlab["location"] == {"path": "team-a/nobody.yaml", "lines": {"begin": 6}}
    sarif = json.loads(ownlint(root, "check", "--today", "2026-01-01", "--format", "sarif", "--select", "OWN605").out)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "OWN605"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 17}
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "team-a/nobody.yaml"


# --- the example tells the story its README quotes ----------------------------------------

EXAMPLE_LINES = """\
hieradata/role/common/analytics_cluster/coordinator.yaml:1:36: OWN302 [error] role-contacts: owner 'Data Engineering' was renamed to 'data-platform' on 2024-02-09 [fix: replace 'Data Engineering' with 'Data Platform']
hieradata/role/common/mariadb/parsercache.yaml:1:36: OWN601 [warning] role-contacts: declares 'ServiceOps', but the mapping gives 'data-persistence' (ownership.yaml:27, /hieradata/role/common/mariadb/) for 1 path
hieradata/role/common/netbox/frontend.yaml: OWN602 [warning] role-contacts: 'hieradata/role/common/netbox/frontend.yaml' records no owner (no value at 'profile::contacts::role_contacts')
modules/wmflib/types/team.pp: OWN604 [warning] vocabulary puppet-teams lacks the active team 'data-center-operations' (Data Center Operations)
modules/wmflib/types/team.pp: OWN604 [warning] vocabulary puppet-teams lacks the active team 'sre' (Site Reliability Engineering)
modules/wmflib/types/team.pp:3:6: OWN603 [error] vocabulary puppet-teams: 'Data Engineering' was renamed to 'data-platform' on 2024-02-09 [fix: 'Data Platform' is already in the vocabulary: remove 'Data Engineering' (a person decides), unsafe]
team-data-persistence/sessionstore.yaml:9:17: OWN601 [warning] alert-team: declares 'serviceops', but the mapping gives 'data-persistence' (ownership.yaml:118, /team-data-persistence/) for 1 path
team-data-persistence/sessionstore.yaml:9:17: OWN605 [error] alert-team: 'serviceops' is not in vocabulary alertmanager-routes (modules/alertmanager/templates/alertmanager.yml.erb): nothing matches it there, so what carries it reaches no one
"""  # noqa: E501


def test_the_example_readme_quotes_the_real_output(ownlint: Run) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "wikimedia-sre"
    result = ownlint(example, "check", "--today", "2026-11-27")
    assert result.code == 1
    declared = [line for line in result.out.splitlines() if line.split(":")[0].startswith(
        ("hieradata/", "modules/wmflib/", "team-"))]
    assert declared == EXAMPLE_LINES.splitlines()
    readme = (example / "README.md").read_text(encoding="utf-8")
    assert EXAMPLE_LINES in readme
    explain = ownlint(example, "explain", "--today", "2026-11-27", "team-data-persistence/").out
    assert explain in readme


def test_teams_shows_where_each_team_is_named(make_repo: Callable[..., Path], ownlint: Run) -> None:
    files = {"team.pp": ENUM, "routes.erb": ROUTES, "team-a/one.yaml": alert("dp"), "team-a/two.yaml": alert("dp"),
             "team-a/three.yaml": alert("traffic")}
    root = repo(make_repo, files, VOCABULARY)
    teams = {t["id"]: t for t in json.loads(ownlint(root, "teams", "--format", "json").out)["teams"]}
    assert {key: teams["data-persistence"][key] for key in ("rules", "declared", "vocabularies")} == {
        "rules": [5], "declared": {"alert-team": 2}, "vocabularies": ["routes"]}
    assert {key: teams["data-engineering"][key] for key in ("rules", "declared", "vocabularies")} == {
        "rules": [], "declared": {}, "vocabularies": ["puppet-teams"]}
    text = ownlint(root, "teams").out.splitlines()
    assert "  traffic             1 rule (ownership.yaml:3); alert-team 1 file; vocabularies puppet-teams, routes" in text
    assert "rules" not in json.loads(ownlint(repo_without(make_repo), "teams", "--format", "json").out)["teams"][0]


def repo_without(make_repo: Callable[..., Path]) -> Path:
    return make_repo({".ownlint.yaml": config(""), "teams.yaml": TEAMS, "ownership.yaml": OWNERSHIP}, name="plain")


def test_diff_reports_recorded_owners_that_change(make_repo: Callable[..., Path], ownlint: Run) -> None:
    root = repo(make_repo, {"roles/a.yaml": ROLE.format("['Data Engineering']"), "roles/b.yaml": ROLE.format("[dp]"),
                            "roles/c.yaml": "x: 1\n"})
    (root / "roles/a.yaml").write_text(ROLE.format("['Data Platform']"))
    (root / "roles/c.yaml").write_text(ROLE.format("[traffic]"))
    git(root, "commit", "-qam", "contacts")
    document = json.loads(ownlint(root, "diff", "HEAD~1", "HEAD", "--format", "json").out)
    assert document["declared"] == [
        {"source": "role-contacts", "file": "roles/a.yaml", "before": ["Data Engineering"], "after": ["Data Platform"]},
        {"source": "role-contacts", "file": "roles/c.yaml", "before": [], "after": ["traffic"]},
    ]
    text = ownlint(root, "diff", "HEAD~1", "HEAD").out.splitlines()
    assert text[-3:] == [
        "Recorded owners change (2 files):",
        "  roles/a.yaml (role-contacts): 'Data Engineering' -> 'Data Platform'",
        "  roles/c.yaml (role-contacts): (none) -> 'traffic'",
    ]
    (root / "roles/b.yaml").write_text(ROLE.format("[traffic]"))  # the working tree against HEAD
    assert json.loads(ownlint(root, "diff", "--format", "json").out)["declared"] == [
        {"source": "role-contacts", "file": "roles/b.yaml", "before": ["dp"], "after": ["traffic"]}]


def test_a_bounded_edit_distance_agrees_with_the_full_one() -> None:
    """Suggestions for unknown declared values stop a distance early past its bound."""
    import random

    from ownlint.formats.spelling import distance

    rng = random.Random(14)
    for _ in range(5000):
        a = "".join(rng.choice("abcd") for _ in range(rng.randrange(9)))
        b = "".join(rng.choice("abcd") for _ in range(rng.randrange(9)))
        full = distance(a, b)
        for bound in range(5):
            assert distance(a, b, bound) == full if full <= bound else distance(a, b, bound) > bound
