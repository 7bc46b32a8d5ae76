"""Coverage checks: every file has an owner."""
from __future__ import annotations

from typing import Iterator

from ownlint.checks.context import Context
from ownlint.findings import Finding


def unowned_paths(ctx: Context) -> Iterator[Finding]:
    """Files no rule matches. A file matched by an owner-less rule is unowned on
    purpose (a CODEOWNERS line with no owner says so) and is not reported."""
    table = ctx.table
    if table is None:
        return
    for path, winners, excluded in zip(table.files, table.winners, table.excluded):
        if not winners and not excluded and ctx.checks_path(path):
            yield Finding(path, None, None, "OWN401", f"no rule gives '{path}' an owner", path=path)
