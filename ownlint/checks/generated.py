"""OWN501: a CODEOWNERS file that ownlint generated no longer matches the mapping."""
from __future__ import annotations

from ownlint.checks.context import Context
from ownlint.errors import OwnlintError
from ownlint.findings import Problem
from ownlint.formats.codeowners import CODEOWNERS_LOCATIONS
from ownlint.model.mapping import YAML
from ownlint.sources.files import WorkingTree

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator


def generated_codeowners_out_of_date(ctx: Context) -> Iterator[Problem]:
    mapping = ctx.mapping
    if mapping is None or mapping.kind != YAML:
        return
    from ownlint.edits.export import GENERATED_MARK, GITHUB, first_difference, generate

    sources = [mapping.file] + ([ctx.registry.file] if ctx.registry is not None else [])
    for location in CODEOWNERS_LOCATIONS:  # only a file that says it was generated is compared
        try:  # through the reader: a link out of the root or into .git/ is never read
            text = WorkingTree(ctx.config.root).read_text(location)
        except OwnlintError:
            continue
        if text is None:
            continue
        current = text.replace("\r\n", "\n")
        if not current.startswith(GENERATED_MARK):
            continue
        try:  # a YAML mapping has no sections: both flavours write the same text
            expected = generate(mapping, ctx.registry, GITHUB, sources, location)
        except OwnlintError as error:  # an owner the forge cannot name: the file cannot be kept in step
            yield cannot_generate(location, error)
            return
        if current == expected:
            continue
        old, new = current.splitlines(), expected.splitlines()
        line = first_difference(old, new)
        flavor = " --flavor gitlab" if location.startswith(".gitlab/") else ""
        yield Problem(
            location, line, 1,
            f"{location} differs from what the mapping implies (from line {line}); "
            f"run 'ownlint codeowners{flavor} --output {location}'",
        )


def cannot_generate(target: str, error: OwnlintError) -> Problem:
    """OWN501 for a CODEOWNERS file that cannot be generated at all (a team with no
    handle), at the owner in the mapping: `check` and `codeowners --check` both report it."""
    return Problem(error.file or target, error.line, error.column, f"{target} cannot be generated: {error.message}")
