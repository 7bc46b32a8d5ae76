"""GitLab CODEOWNERS: sections are independent, each section's last match applies, a
file's owners are the union over sections, and `!pattern` exclusions are final in
their section (GitLab's docs, "Code Owners syntax": sections, default owners,
optional `^[ ]` sections, `[ ][N]` approvals, exclusion patterns; gitlab-org/gitlab
merge request 180162: a file any exclusion of a section matches gets no owner from
that section, whatever the order)."""
from __future__ import annotations

import pytest

from ownlint.model.mapping import GITHUB, GITLAB, mapping_from_codeowners
from ownlint.tables.ownership import OwnershipTable

GITLAB_FILE = """\
* @default
/docs/ @docs-team
!/docs/generated/
[Database][2] @db-team
/db/
/db/migrations/ @migrations
^[Docs] @writers
/docs/
*.md
!/docs/drafts/
[docs]
/docs/api/ @api-writers
[Ops]
/db/ @@maintainer
"""

CASES = [
    # path, owners (union over sections, in rule order of the winners)
    ("src/main.c", ["@default"]),
    ("docs/index.md", ["@docs-team", "@writers"]),
    ("docs/generated/x.html", ["@writers"]),  # excluded from the unnamed section only
    ("docs/drafts/a.md", ["@docs-team"]),  # excluded from [Docs], even though '*.md' comes before
    ("docs/api/ref.md", ["@docs-team", "@api-writers"]),  # [docs] is [Docs]: one section, last match wins
    ("db/schema.sql", ["@default", "@db-team", "@@maintainer"]),  # the section's default owners
    ("db/migrations/001.sql", ["@default", "@migrations", "@@maintainer"]),
    ("README.md", ["@default", "@writers"]),
]


@pytest.fixture(scope="module")
def table() -> OwnershipTable:
    mapping = mapping_from_codeowners(GITLAB_FILE, ".gitlab/CODEOWNERS")
    return OwnershipTable.build(mapping, [path for path, _ in CASES])


@pytest.mark.parametrize("path, owners", CASES)
def test_owners_are_the_union_over_sections(table, path, owners):
    assert table.owners_of(table.winners_of(path)) == owners


def test_an_excluded_file_is_unowned_on_purpose_not_unmatched():
    mapping = mapping_from_codeowners("* @a\n!/vendor/\n", "CODEOWNERS")
    assert mapping.flavor == GITHUB  # no section, not under .gitlab/: '!' is OWN201 there
    assert mapping.rules[1].pattern is None and not mapping.rules[1].exclusion
    gitlab = mapping_from_codeowners("* @a\n!/vendor/ @ignored\n", ".gitlab/CODEOWNERS")
    assert gitlab.flavor == GITLAB
    table = OwnershipTable.build(gitlab, ["vendor/lib.c", "main.c"])
    assert table.winners == [(1,), (0,)]
    assert table.owners_of(table.winners[0]) == []  # GitLab ignores owners on an exclusion
    assert table.summary() == {"files": 2, "owned": 1, "unowned": 1, "excluded": 0}


@pytest.mark.parametrize(
    "file, text, flavor",
    [
        (".github/CODEOWNERS", "* @a\n", GITHUB),
        ("CODEOWNERS", "* @a\n[Section]\n/x/ @b\n", GITLAB),
        (".gitlab/CODEOWNERS", "* @a\n", GITLAB),
        ("docs/CODEOWNERS", "^[Optional] @b\n/x/\n", GITLAB),
    ],
)
def test_flavor(file, text, flavor):
    assert mapping_from_codeowners(text, file).flavor == flavor


def test_section_header_details_are_kept():
    mapping = mapping_from_codeowners(GITLAB_FILE, ".gitlab/CODEOWNERS")
    sections = [(s.name, s.optional, s.approvals, [t.text for t in s.default_owners]) for s in mapping.sections]
    assert sections == [
        ("Database", False, 2, ["@db-team"]),
        ("Docs", True, None, ["@writers"]),
        ("docs", False, None, []),
        ("Ops", False, None, []),
    ]
