"""A quick yes or no to "does this document match its schema?", for the JSON Schema
keywords ownlint's schemas use.

jsonschema takes about 0.1 ms a rule (10 s for a 100,000-rule mapping) because every
keyword of every node goes through its generic dispatch; the schema compiled once into
nested closures answers the same question in a few microseconds. It only says yes or
no: a document it finds invalid (or a schema with a keyword it does not know) is
handed to jsonschema, which words every error, so the messages come from one place."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Optional

Check = Callable[[Any], bool]

# Keywords that only annotate: they never make a document invalid.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"})
# The keywords compiled here (each by the method of its name); any other sends the schema to jsonschema.
_KEYWORDS = frozenset({
    "$ref", "type", "const", "enum", "required", "properties", "additionalProperties", "propertyNames", "items",
    "minItems", "minLength", "maxLength", "pattern", "not", "allOf", "anyOf", "oneOf", "if",
})


class Unsupported(Exception):
    """The schema uses a keyword this checker does not implement: jsonschema decides."""


@lru_cache(maxsize=None)
def quick_check(name: str) -> Optional[Check]:
    """The compiled check of schema `name`, or None when it uses a keyword not handled here."""
    from ownlint.formats.schema import load_schema

    schema = load_schema(name)
    try:
        return _Compiler(schema).compile(schema)
    except Unsupported:
        return None


def is_valid(instance: Any, name: str) -> Optional[bool]:
    """Whether the plain (JSON-like) instance matches schema `name`; None: ask jsonschema."""
    check = quick_check(name)
    return None if check is None else check(instance)


def _is_type(instance: Any, kind: str) -> bool:
    """jsonschema's type test (Draft 2020-12): a bool is no number, 1.0 is an integer."""
    if kind == "object":
        return isinstance(instance, dict)
    if kind == "array":
        return isinstance(instance, list)
    if kind == "string":
        return isinstance(instance, str)
    if kind == "boolean":
        return isinstance(instance, bool)
    if kind == "null":
        return instance is None
    if isinstance(instance, bool):
        return False
    if kind == "integer":
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    if kind == "number":
        return isinstance(instance, (int, float))
    raise Unsupported(f"type {kind}")


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's equality for const and enum: True is not 1, lists and maps compare deeply."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[key], two[key]) for key in one)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, (dict, list)) or isinstance(two, (dict, list)):
        return False
    return bool(one == two)


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda instance: True
        if schema is False:
            return lambda instance: False
        if not isinstance(schema, dict):
            raise Unsupported("not a schema")
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS:
                continue
            if keyword in ("then", "else"):
                continue  # compiled with "if"
            if keyword not in _KEYWORDS:
                raise Unsupported(keyword)
            checks.append(getattr(self, "_" + keyword.lstrip("$"))(value, schema))
        if len(checks) == 1:
            return checks[0]

        def every(instance: Any) -> bool:
            for check in checks:
                if not check(instance):
                    return False
            return True

        return every

    def _ref(self, ref: str, schema: dict[str, Any]) -> Check:
        if not ref.startswith("#/"):
            raise Unsupported(f"$ref {ref}")
        if ref not in self.refs:
            target: Any = self.root
            for step in ref[2:].split("/"):
                target = target[step.replace("~1", "/").replace("~0", "~")]
            holder: list[Check] = []
            self.refs[ref] = lambda instance: holder[0](instance)  # recursive references
            holder.append(self.compile(target))
            self.refs[ref] = holder[0]  # later references call it directly
        return self.refs[ref]

    def _type(self, kind: Any, schema: dict[str, Any]) -> Check:
        kinds = kind if isinstance(kind, list) else [kind]
        for name in kinds:
            _is_type(None, name)  # raises Unsupported for an unknown type name
        plain = {"object": dict, "array": list, "string": str}
        if len(kinds) == 1 and kinds[0] in plain:
            python_type = plain[kinds[0]]
            return lambda instance: isinstance(instance, python_type)
        return lambda instance: any(_is_type(instance, name) for name in kinds)

    def _const(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda instance: _equal(instance, value)

    def _enum(self, values: list[Any], schema: dict[str, Any]) -> Check:
        return lambda instance: any(_equal(instance, value) for value in values)

    def _required(self, keys: list[str], schema: dict[str, Any]) -> Check:
        wanted = frozenset(keys)
        return lambda instance: not isinstance(instance, dict) or wanted.issubset(instance)

    def _properties(self, properties: dict[str, Any], schema: dict[str, Any]) -> Check:
        compiled = [(key, self.compile(sub)) for key, sub in properties.items()]

        def each_property(instance: Any) -> bool:
            if isinstance(instance, dict):
                for key, check in compiled:
                    if key in instance and not check(instance[key]):
                        return False
            return True

        return each_property

    def _additionalProperties(self, sub: Any, schema: dict[str, Any]) -> Check:
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        known = frozenset(schema.get("properties", {}))
        if sub is False:
            return lambda instance: not isinstance(instance, dict) or known.issuperset(instance)
        check = self.compile(sub)
        return lambda instance: not isinstance(instance, dict) or all(
            check(value) for key, value in instance.items() if key not in known
        )

    def _propertyNames(self, sub: Any, schema: dict[str, Any]) -> Check:
        check = self.compile(sub)
        return lambda instance: not isinstance(instance, dict) or all(check(key) for key in instance)

    def _items(self, sub: Any, schema: dict[str, Any]) -> Check:
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        check = self.compile(sub)

        def each_item(instance: Any) -> bool:
            if isinstance(instance, list):
                for item in instance:
                    if not check(item):
                        return False
            return True

        return each_item

    def _minItems(self, least: int, schema: dict[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, list) or len(instance) >= least

    def _minLength(self, least: int, schema: dict[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, str) or len(instance) >= least

    def _maxLength(self, most: int, schema: dict[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, str) or len(instance) <= most

    def _pattern(self, pattern: str, schema: dict[str, Any]) -> Check:
        search = re.compile(pattern).search  # jsonschema searches, it does not match
        return lambda instance: not isinstance(instance, str) or search(instance) is not None

    def _not(self, sub: Any, schema: dict[str, Any]) -> Check:
        check = self.compile(sub)
        return lambda instance: not check(instance)

    def _allOf(self, subs: list[Any], schema: dict[str, Any]) -> Check:
        checks = [self.compile(sub) for sub in subs]
        return lambda instance: all(check(instance) for check in checks)

    def _anyOf(self, subs: list[Any], schema: dict[str, Any]) -> Check:
        checks = [self.compile(sub) for sub in subs]
        return lambda instance: any(check(instance) for check in checks)

    def _oneOf(self, subs: list[Any], schema: dict[str, Any]) -> Check:
        checks = [self.compile(sub) for sub in subs]
        return lambda instance: sum(1 for check in checks if check(instance)) == 1

    def _if(self, sub: Any, schema: dict[str, Any]) -> Check:
        condition = self.compile(sub)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda instance: then(instance) if condition(instance) else otherwise(instance)
