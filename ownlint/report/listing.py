"""`ls`'s lines: text for a person, JSON lines for a script (docs/commands.md)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ownlint.formats.printable import json_text

if TYPE_CHECKING:
    from ownlint.tables.declared import Declaration, DeclaredTable
    from ownlint.tables.ownership import OwnershipTable

# Owner column position in text: long paths push it right rather than being cut.
MAX_PATH_COLUMN = 60


def declared_record(declaration: "Declaration") -> dict[str, object]:
    """An owner record a file keeps about a path, for `ls --format jsonl` (docs/declarations.md)."""
    first = declaration.values[0]
    return {
        "source": declaration.source.name,
        "file": declaration.file,
        "line": first.line,
        "column": first.column,
        "values": [value.text for value in declaration.values],
    }


def jsonl_lines(table: "OwnershipTable", chosen: list[int], declared: "Optional[DeclaredTable]") -> list[str]:
    lines: list[str] = []
    for row in chosen:
        winners = table.winners[row]
        line = table.mapping.rules[winners[-1]].line if winners else None
        record: dict[str, object] = {
            "path": table.files[row], "owners": table.owners_of(winners), "line": line,
            "excluded": table.excluded[row],  # the configuration says it needs no owner
        }
        if declared is not None:
            record["declared"] = [declared_record(d) for d in declared.speaking_for(table.files[row])]
        lines.append(json_text(record, indent=None))
    return lines


def text_lines(table: "OwnershipTable", chosen: list[int]) -> list[str]:
    from ownlint.formats.printable import printable
    from ownlint.queries.explain import EXCLUDED, NO_OWNERS, NO_RULE
    from ownlint.report.explain import GROUP_REASONS

    lines: list[str] = []
    width = min(max((len(table.files[row]) for row in chosen), default=0), MAX_PATH_COLUMN)
    for row in chosen:
        names = table.owners_of(table.winners[row])
        if names:
            shown = " ".join(names)
        elif table.excluded[row]:
            shown = GROUP_REASONS[EXCLUDED]
        else:
            shown = GROUP_REASONS[NO_OWNERS if table.winners[row] else NO_RULE]
        lines.append(f"{printable(table.files[row]):<{width}}  {printable(shown)}")
    return lines
