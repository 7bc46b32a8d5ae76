"""Compose the YAML documents of a file quickly (libyaml where present), with the registry's limits.

Declaring files are many (every hieradata role, every alert rule file) and only a key
path's values are wanted from them: composing nodes with libyaml keeps each value's
line, column and quoting style at a fraction of a round-trip parse's cost. The limits
are yamlio's: flow nesting, tags outside YAML's standard ones, aliases that expand a
document beyond MAX_VALUES; a file breaking one is one OWN001 finding."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ownlint.findings import INVALID_YAML, Finding
from ownlint.formats.yamlio import _MAYBE_TAG, _STANDARD_TAGS, MAX_NESTING, MAX_VALUES, _too_deep

if TYPE_CHECKING:
    from yaml.nodes import Node


def compose_documents(text: str, file: str) -> tuple[list["Node"], Optional[Finding]]:
    """Every document of the text as a node tree, or no documents and the OWN001 finding."""
    import yaml

    deep = _too_deep(text)
    if deep is not None:
        return [], Finding(file, deep[0], deep[1], INVALID_YAML, f"invalid YAML: nested deeper than {MAX_NESTING} levels")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        documents = [node for node in yaml.compose_all(text, Loader=loader) if node is not None]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        return [], Finding(file, line, column, INVALID_YAML, f"invalid YAML: {what or 'cannot parse'}")
    except yaml.YAMLError as error:
        return [], Finding(file, 1, 1, INVALID_YAML, f"invalid YAML: {error}")
    except RecursionError:
        return [], Finding(file, 1, 1, INVALID_YAML, "invalid YAML: nested too deeply")
    if _MAYBE_TAG.search(text) or "&" in text:
        for node in documents:
            problem = _refused(node, file)
            if problem is not None:
                return [], problem
    return documents, None


def _refused(root: "Node", file: str) -> Optional[Finding]:
    """A tag outside YAML's standard ones, or aliases expanding beyond MAX_VALUES (each
    shared node is sized once, so a bomb costs its text's size, never its expansion)."""
    from yaml.nodes import MappingNode, SequenceNode

    sizes: dict[int, int] = {}
    stack: list[tuple["Node", bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        tag = str(node.tag or "")
        if tag and tag not in _STANDARD_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            mark = node.start_mark
            return Finding(file, mark.line + 1, mark.column + 1, INVALID_YAML, f"invalid YAML: tag '{shown}' is not allowed")
        if isinstance(node, MappingNode):
            children = [item for pair in node.value for item in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        else:
            children = []
        if not children:
            sizes[id(node)] = 1
        elif children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[id(node)] > MAX_VALUES:
                return Finding(
                    file, 1, 1, INVALID_YAML, f"invalid YAML: aliases expand the document beyond {MAX_VALUES:,} values"
                )
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return None
