"""Validate documents against the JSON Schemas in schemas/, locating errors by line:column."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterator, Optional

from ownlint.findings import SCHEMA_VIOLATION, Finding
from ownlint.formats.resources import data_dir
from ownlint.formats.schema_check import is_valid
from ownlint.formats.schema_words import in_words
from ownlint.formats.spelling import closest
from ownlint.formats.yamlio import YamlDocument, position, to_plain


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    with open(data_dir("schemas") / f"{name}.schema.json", encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    import jsonschema  # only paid for when a document is validated

    schema = load_schema(name)
    return jsonschema.Draft202012Validator(schema)


def validate(document: YamlDocument, name: str) -> list[Finding]:
    """OWN002 findings for every place the document breaks schema `name`: one finding
    for one mistake, said in words."""
    plain = to_plain(document.data)
    if not isinstance(plain, dict):
        kind = "empty" if plain is None else f"a {type(plain).__name__}"
        return [Finding(document.file, 1, 1, SCHEMA_VIOLATION, f"the document is {kind}, expected a mapping")]
    if is_valid(plain, name):  # the common case, answered without jsonschema's cost
        return []
    errors = sorted(_validator(name).iter_errors(plain), key=lambda e: list(map(str, e.absolute_path)))
    findings: list[Finding] = []
    misindented = _misindented(document, plain, errors)
    covered = {tuple(path) for finding_path, paths in misindented.items() for path in paths}
    findings.extend(_misindented_findings(document, misindented))
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for error in errors:
        path = tuple(error.absolute_path)
        if path in misindented or any(path[:len(c)] == c for c in covered):
            continue
        if path in typed and error.validator != "type" and error.validator != "additionalProperties":
            continue  # the wrong kind of value: the errors that follow from it say nothing more
        findings.extend(_findings_for(document, error))
    return sorted(set(findings), key=Finding.sort_key)


def _misindented(document: YamlDocument, plain: dict[str, Any], errors: list[Any]) -> dict[tuple[Any, ...], list[list[Any]]]:
    """Entries with no value followed by siblings that are the entry's own fields
    (`traffic:` then `name: Traffic` at the same indentation): entry path -> sibling paths."""
    found: dict[tuple[Any, ...], list[list[Any]]] = {}
    for error in errors:
        path = list(error.absolute_path)
        if error.validator != "type" or error.instance is not None or not path or not isinstance(error.schema, dict):
            continue
        fields = error.schema.get("properties", {})
        parent: Any = plain
        for step in path[:-1]:
            parent = parent[step]
        if not isinstance(parent, dict):
            continue
        keys = list(parent)
        after = keys[keys.index(path[-1]) + 1:] if path[-1] in keys else []
        siblings: list[list[Any]] = []
        for key in after:
            if key not in fields:
                break
            siblings.append([*path[:-1], key])
        if siblings:
            found[tuple(path)] = siblings
    return found


def _misindented_findings(
    document: YamlDocument, misindented: dict[tuple[Any, ...], list[list[Any]]]
) -> Iterator[Finding]:
    for path, siblings in misindented.items():
        line, column = position(document.data, list(path), key=True)
        names = ", ".join(f"'{sibling[-1]}'" for sibling in siblings)
        first_line, _ = position(document.data, siblings[0], key=True)
        they = "it" if len(siblings) == 1 else "them"
        yield Finding(
            document.file, line, column, SCHEMA_VIOLATION,
            f"{_where(list(path))}: '{path[-1]}' has no fields, and {names} on line {first_line} "
            f"{'is' if len(siblings) == 1 else 'are'} at its indentation instead of under it; "
            f"indent {they} two spaces more than '{path[-1]}:'",
        )


def _where(path: list[Any]) -> str:
    return "/".join(str(step) for step in path) or "top level"


def broken_entries(document: YamlDocument, name: str, container: str) -> Optional[set[str]]:
    """The keys of the `container` mapping whose entries hold every schema error, or None
    when an error lies elsewhere (the document as a whole is unusable)."""
    plain = to_plain(document.data)
    if not isinstance(plain, dict) or not isinstance(plain.get(container), dict):
        return None
    broken: set[str] = set()
    for error in _validator(name).iter_errors(plain):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == container:
            broken.add(str(path[1]))
        elif path == [container] and "propertyNames" in error.absolute_schema_path:
            broken.add(str(error.instance))
        else:
            return None
    return broken


def _findings_for(document: YamlDocument, error: Any) -> Iterator[Finding]:
    path = list(error.absolute_path)
    where = "/".join(str(step) for step in path) or "top level"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        for key in error.instance:
            if key in allowed:
                continue
            line, column = position(document.data, [*path, key], key=True)
            hint = closest(key, allowed)
            suggestion = f"; did you mean '{hint}'?" if hint else f" (allowed: {', '.join(allowed)})"
            yield Finding(document.file, line, column, SCHEMA_VIOLATION, f"unknown key '{key}' in {where}{suggestion}")
        return
    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports a bad key against its object: the key is the instance.
        line, column = position(document.data, [*path, error.instance], key=True)
    else:
        line, column = position(document.data, path, key=error.validator == "required")
    if error.validator == "not" and isinstance(error.instance, str):  # $defs/name: no control characters
        from ownlint.formats.printable import printable

        message = f"'{printable(error.instance)}' holds a control character or a line break, which no name may hold"
    else:
        message = _lifecycle_message() if error.validator == "not" else in_words(error, path)
    yield Finding(document.file, line, column, SCHEMA_VIOLATION, f"{where}: {message}")


def _lifecycle_message() -> str:
    return "status, renamed_to, successors and until do not fit together " \
        "(renamed needs renamed_to; retired takes successors; only renamed or retired teams take until)"
