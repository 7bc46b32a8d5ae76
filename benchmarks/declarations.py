"""Declarations workloads: what reading owners recorded inside files adds to a check.

Each workload is one repository with two configurations that differ only in
`declarations:`/`vocabularies:`; `ownlint check` runs with each, cold (empty cache)
and warm, and the difference is what declarations cost.

- wikimedia: operations-puppet and operations-alerts as they are (../shared/corpus/
  wikimedia: 11,250 paths), the ~400 hieradata role files written with their real
  `role_contacts` (270 set it), the alert rule files with their real team labels,
  the real Puppet team enum and Alertmanager team routes;
- 100k: a synthetic tree of 100,000 files of which 10,000 are YAML files that
  record a team label.
"""
from __future__ import annotations

import csv
import gzip
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from benchmarks.workload import generate

PLAIN_CONFIG = "plain.ownlint.yaml"


@dataclass
class DeclarationsWorkload:
    name: str
    files: list[str]  # every path of the repository (those in `written` are written to disk)
    written: dict[str, str]
    declaring: int  # files a declaration source selects


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _paths(gz: Path) -> list[str]:
    with gzip.open(gz, "rt", encoding="utf-8", errors="surrogateescape") as handle:
        return [line.rstrip("\n") for line in handle if line.strip()]


def _tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _configs(ownership: str, declarations: str) -> dict[str, str]:
    plain = f"teams: teams.yaml\nownership: {ownership}\nexclude: ['/*.yaml']\n"
    return {".ownlint.yaml": plain + declarations, PLAIN_CONFIG: plain}


def wikimedia(corpus: Path) -> Optional[DeclarationsWorkload]:
    """Operations-puppet and operations-alerts merged, with their real ownership records."""
    data = corpus / "wikimedia"
    if not (data / "filelists" / "operations-puppet.paths.gz").is_file():
        return None
    files = sorted(set(_paths(data / "filelists" / "operations-puppet.paths.gz"))
                   | set(_paths(data / "filelists" / "operations-alerts.paths.gz")))
    names = [line.strip() for line in (data / "wikimedia_valid_teams.txt").read_text().splitlines() if line.strip()]
    contacts = {row["hieradata_path"]: [t for t in row["teams"].split("|") if t]
                for row in _tsv(data / "wikimedia_role_contacts.tsv")}
    labels: dict[str, list[tuple[str, str, str]]] = {}
    for row in _tsv(data / "wikimedia_alerts_team_labels.tsv"):
        labels.setdefault(row["file"], []).append((row["group"], row["alert"], row["team_label"]))
    routes = [row["team_label_matcher"] for row in _tsv(data / "wikimedia_alertmanager_team_routes.tsv")]
    written: dict[str, str] = {}
    roles = [p for p in files if p.startswith("hieradata/role/") and p.endswith(".yaml")]
    for path in roles:
        body = "".join(f"profile::{path.split('/')[-1][:-5]}::setting_{n}: value-{n}\n" for n in range(12))
        teams = contacts.get(path)
        if teams is not None:
            body = f"profile::contacts::role_contacts: [{', '.join(repr(t) for t in teams)}]\n" + body
        written[path] = body
    alerts = [p for p in files if p.startswith("team-") and p.endswith(".yaml") and not p.endswith("_test.yaml")]
    for path in alerts:
        rules = labels.get(path) or [("group", "Alert", path.split("/")[0][5:])]
        written[path] = "# deploy-tag: ops\ngroups:\n" + "".join(
            f"  - name: {group}\n    rules:\n      - alert: {alert}\n        expr: up == 0\n        for: 5m\n"
            f"        labels:\n          team: {label}\n          severity: critical\n"
            f"        annotations:\n          summary: '{{{{ $labels.instance }}}} is down'\n"
            for group, alert, label in rules
        )
    enum = "type Wmflib::Team = Enum[\n" + "".join(f"    '{n}',\n" for n in names) + "]\n"
    written["modules/wmflib/types/team.pp"] = enum
    written["modules/alertmanager/templates/alertmanager.yml.erb"] = "route:\n  routes:\n" + "".join(
        f"    - match:\n        team: \"{label}\"\n" for label in routes)
    teams = "version: 1\nteams:\n" + "".join(
        f"  {_slug(n)}:\n    name: {n}\n    lead: someone\n    aliases: [{_slug(n).replace('-', '')}]\n"
        for n in names if n != "Data Engineering"
    ) + ("  data-engineering:\n    name: Data Engineering\n    status: renamed\n    renamed_to: data-platform\n"
         "  sre:\n    name: SRE\n    lead: someone\n")
    written["teams.yaml"] = teams
    owners = {path: teams_[0] for path, teams_ in contacts.items() if teams_}
    rules = ["version: 1", "rules:", "  - path: '*'", "    owners: [sre]"]
    for directory in sorted({p.rsplit("/", 1)[0] for p in owners}):
        first = next(owners[p] for p in sorted(owners) if p.rsplit("/", 1)[0] == directory)
        rules += [f"  - path: /{directory}/", f"    owners: [{_slug(first)}]"]
    for team_dir in sorted({p.split("/")[0] for p in alerts}):
        rules += [f"  - path: /{team_dir}/", "    owners: [sre]"]
    written["ownership.yaml"] = "\n".join(rules) + "\n"
    declarations = (
        "declarations:\n"
        "  - name: role-contacts\n    files: ['/hieradata/role/**/*.yaml']\n"
        "    yaml: 'profile::contacts::role_contacts'\n    vocabulary: puppet-teams\n"
        "  - name: alert-team\n    files: ['/team-*/**/*.yaml']\n    exclude: ['**/*_test.yaml']\n"
        "    yaml: 'groups[*].rules[*].labels.team'\n    vocabulary: alertmanager-routes\n"
        "vocabularies:\n"
        "  - name: puppet-teams\n    file: /modules/wmflib/types/team.pp\n    regex: \"'(?P<team>[^']+)'\"\n"
        "    complete: true\n"
        "  - name: alertmanager-routes\n    file: /modules/alertmanager/templates/alertmanager.yml.erb\n"
        "    regex: 'team:\\s*\"(?P<team>[^\"]+)\"'\n"
    )
    written.update(_configs("ownership.yaml", declarations))
    return DeclarationsWorkload("wikimedia, declarations", sorted(set(files) | set(written)), written,
                                len(roles) + len(alerts))


def synthetic(files: int = 100_000, declaring: int = 10_000) -> DeclarationsWorkload:
    """A synthetic tree with `declaring` service files that record a team label."""
    base = generate(files - declaring, 1_000)
    rng = random.Random(f"declarations-{files}-{declaring}")
    directories = sorted({p.rsplit("/", 1)[0] for p in base.files if "/" in p})
    chosen = sorted(rng.sample(directories, min(declaring, len(directories))))
    written: dict[str, str] = {}
    # Most files record the team the mapping gives them; one in twenty has drifted.
    from ownlint.model.mapping import mapping_from_codeowners
    from ownlint.tables.ownership import OwnershipTable

    paths = [f"{directory}/service.yaml" for directory in chosen]
    table = OwnershipTable.build(mapping_from_codeowners(base.codeowners, "CODEOWNERS"), paths)
    for number, (directory, winners) in enumerate(zip(chosen, table.winners)):
        owners = table.owners_of(winners)
        drifted = not owners or rng.random() < 0.05
        team = f"team-{rng.randrange(200)}" if drifted else owners[0].split("/")[-1]
        written[f"{directory}/service.yaml"] = (
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{number}\n  labels:\n"
            f"    team: {team}\n    tier: backend\nspec:\n  replicas: 3\n  ports: [80, 443]\n"
        )
    written["teams.yaml"] = "version: 1\nteams:\n" + "".join(
        f"  team-{n}:\n    name: Team {n}\n    lead: someone\n    handles: ['@org/team-{n}']\n" for n in range(200))
    written["CODEOWNERS"] = base.codeowners
    declarations = ("declarations:\n  - name: service-team\n    files: ['**/service.yaml']\n"
                    "    yaml: metadata.labels.team\n    required: true\n")
    written.update(_configs("CODEOWNERS", declarations))
    return DeclarationsWorkload(f"{files // 1000}k files, declarations", sorted(set(base.files) | set(written)),
                                written, len(chosen))
