"""Coverage checks: every file has an owner."""
from __future__ import annotations

from itertools import compress
from operator import not_

from ownlint.checks.context import Context
from ownlint.findings import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

    from ownlint.tables.declared import Declaration


def unowned_paths(ctx: Context) -> Iterator[Problem]:
    """Files no rule matches. A file matched by an owner-less rule is unowned on
    purpose (a CODEOWNERS line with no owner says so) and is not reported."""
    table = ctx.table
    if table is None:
        return
    declared = ctx.declared
    files, excluded = table.files, table.excluded
    # The rows no rule wins, found in C (a warm check of 100,000 files spends its time here).
    for row in compress(range(len(files)), map(not_, table.winners)):
        path = files[row]
        if not excluded[row] and ctx.checks_path(path):
            message = f"no rule gives '{path}' an owner"
            if declared is not None:
                message += _declared_owners(declared.speaking_for(path))
            yield Problem(path, None, None, message, path=path)


def _declared_owners(declarations: "list[Declaration]") -> str:
    """For an unowned path that records its owners: who they are, and where."""
    if not declarations:
        return ""
    parts = [
        ", ".join(f"'{v.text}'" for v in d.values) + f" ({d.source.name}, {d.file}:{d.values[0].line})"
        for d in declarations
    ]
    return "; it declares " + "; ".join(parts)
