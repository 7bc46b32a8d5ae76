"""Schema errors said in words: what is expected at that place, with an example."""
from __future__ import annotations

from typing import Any

from ownlint.formats.spelling import did_you_mean

# How each field is written, from the README's examples, by the key it sits under.
EXAMPLES = {
    "teams": "teams: {traffic: {name: Traffic, lead: brandon}}",
    "team": "traffic: {name: Traffic, lead: brandon}",
    "name": "name: Traffic",
    "description": "description: DNS, CDN and load balancers",
    "status": "status: retired",
    "renamed_to": "renamed_to: sre",
    "successors": "successors: [service-operations, data-persistence]",
    "until": "until: 2018-02-12",
    "parent": "parent: sre",
    "lead": "lead: brandon  (or lead: [mark, faidon])",
    "members": "members: [brandon, emanuele]",
    "contact": 'contact: {chat: "#wikimedia-traffic", email: traffic@example.org}',
    "scope": "scope: [dns, cdn]",
    "handles": 'handles: ["@wikimedia/sre-traffic"]',
    "aliases": "aliases: [Traffic, o11y]",
    "rules": "rules: [{path: /dns/, owners: [traffic]}]",
    "rule": "- {path: /dns/, owners: [traffic]}",
    "path": "path: /dns/",
    "owners": "owners: [traffic]",
    "note": "note: zone templates and the DNS build",
    "version": "version: 1",
    "ownership": "ownership: ownership.yaml",
    "baseline": "baseline: .ownlint-baseline.jsonl",
    "packs": "packs: [core, iac-domains]",
    "exclude": 'exclude: ["vendor/**"]',
    "select": "select: [OWN401, OWN302]",
    "ignore": "ignore: [OWN105]",
    "severity": "severity: {OWN402: error}",
}
_KINDS = {
    "object": "a mapping (keys with values, indented under it)",
    "array": "a list ([a, b], or one '- item' a line)",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
# Patterns of the schemas, said in words.
_FORMS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("a date", "write it as YYYY-MM-DD (ISO 8601)"),
    "^[a-z0-9]+(?:[-_][a-z0-9]+)*$": ("an id", "lowercase letters and digits, words joined by '-' or '_'"),
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": ("a domain id", "lowercase letters and digits, words joined by '-'"),
    "^OWN[0-9]{3}$": ("a check code", "OWN and three digits, as 'ownlint rules' lists them"),
}
_FORM_EXAMPLES = {
    "a date": "2018-02-12", "an id": "data-persistence", "a team id": "data-persistence",
}


def found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _field(path: list[Any]) -> str:
    """The key a value sits under, for its example: a team's or a rule's own entry by its kind."""
    if len(path) == 2 and path[0] == "teams":
        return "team"
    if len(path) == 2 and path[0] == "rules":
        return "rule"
    names = [step for step in path if isinstance(step, str)]
    return names[-1] if names else ""


def example(path: list[Any], key: str = "") -> str:
    text = EXAMPLES.get(key or _field(path))
    return f"; for example: {text}" if text is not None else ""


def in_words(error: Any, path: list[Any]) -> str:
    """The message for one jsonschema error at `path` (a list of keys and indexes)."""
    validator, value, schema = error.validator, error.instance, error.schema
    if validator == "type":
        kinds = schema.get("type") if isinstance(schema, dict) else None
        wanted = " or ".join(_KINDS.get(k, k) for k in ([kinds] if isinstance(kinds, str) else kinds or []))
        return f"expected {wanted}, found {found(value)}{example(path)}"
    if validator == "const":
        return f"expected {error.validator_value!r}, found {found(value)}{example(path)}"
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return f"the key '{missing}' is missing{example([*path, missing], missing)}"
    if validator == "enum":
        choices = [str(c) for c in error.validator_value]
        return f"'{value}' is not one of {', '.join(choices)}{did_you_mean(str(value), choices)}"
    if validator == "pattern":
        what, how = _FORMS.get(error.validator_value, ("of the expected form", f"it must match {error.validator_value}"))
        if what == "an id" and path[:1] == ["teams"]:
            what = "a team id"
        sample = _FORM_EXAMPLES.get(what)
        return f"'{value}' is not {what}: {how}" + (f", such as {sample}" if sample else "")
    if validator == "minLength":
        return "must not be empty"
    if validator == "oneOf" and "lead" in [str(step) for step in path]:
        return f"expected a name or a list of names, found {found(value)}{example(path)}"
    return str(error.message)
