"""What a CODEOWNERS owner may be: `@user`, `@org/team` or an e-mail address (GitLab adds roles and nested groups).

One grammar for every reader and writer: OWN205 reports owners that break it, the
mapping leaves a GitHub line that breaks it out of the table (GitHub skips the
line), and `ownlint codeowners` refuses to write an owner it would report.
"""
from __future__ import annotations

from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

# A user or team name is [A-Za-z0-9_][A-Za-z0-9_.-]*, an e-mail address's local part
# [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+ and a host label [A-Za-z0-9-]: tested with str methods,
# as the roles are by a set (regular expressions cost a run's start-up the import of re
# and 0.3 ms to compile, and a GitLab file's e-mail owners are judged on every run).
_NAME_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
_LOCAL_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-"
_LABEL_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"
# GitLab's role owners (@@developer, @@maintainer, @@owner; the plural is accepted too).
_ROLES = frozenset(f"@@{role}{plural}" for role in ("developer", "maintainer", "owner") for plural in ("", "s"))


def _is_name(text: str) -> bool:
    return text != "" and text[0] not in ".-" and not text.strip(_NAME_CHARACTERS)


def _is_user(owner: str) -> bool:
    """`@name`."""
    return owner.startswith("@") and _is_name(owner[1:])


def _is_team(owner: str) -> bool:
    """`@name/name`, or more names (GitLab's nested groups)."""
    names = owner[1:].split("/")
    return owner.startswith("@") and len(names) > 1 and all(map(_is_name, names))


def is_email(owner: str) -> bool:
    """An e-mail address with a dotted domain, as GitHub and GitLab take one for an owner:
    the WHATWG HTML "valid e-mail address" (the form browsers accept in type=email), a
    local part of printable characters, then '@' and dot-separated host labels."""
    local, at, domain = owner.partition("@")
    labels = domain.split(".")
    return bool(local) and not local.strip(_LOCAL_CHARACTERS) and bool(at) and len(labels) > 1 and all(map(_is_label, labels))


def _is_label(label: str) -> bool:
    """A host label: 1 to 63 letters, digits and hyphens, no hyphen first or last."""
    return 0 < len(label) <= 63 and not label.strip(_LABEL_CHARACTERS) and label[0] != "-" and label[-1] != "-"


def is_role(owner: str) -> bool:
    return owner in _ROLES


@lru_cache(maxsize=4096)  # a mapping names the same few hundred owners thousands of times
def owner_problem(owner: str, gitlab: bool = False, handle: bool = False) -> Optional[str]:
    """Why an owner is not `@user`, `@org/team` or an e-mail (GitLab: also `@@role`
    and nested groups); None when it is well formed. handle: a registry handle, which
    may be either forge's and never a role."""
    if owner.startswith("@@"):
        if handle:
            return "a role ('@@...') names no team and cannot be a handle"
        if not gitlab:
            return "'@@role' owners are GitLab syntax; GitHub CODEOWNERS has no roles"
        if not is_role(owner):
            return "GitLab roles are '@@developer', '@@maintainer' and '@@owner'"
        return None
    if owner.startswith("@"):
        return _handle_problem(owner, gitlab, handle)
    if "@" in owner:
        return None if is_email(owner) else "not a valid e-mail address"
    if "/" in owner:
        return "a team is written '@org/team': the leading '@' is missing"
    return "an owner is '@user', '@org/team' or an e-mail address: the leading '@' is missing?"


def _handle_problem(owner: str, gitlab: bool, handle: bool) -> Optional[str]:
    if owner.endswith(","):
        return "a trailing ',': owners are separated by spaces, not commas"
    if owner.endswith("/"):
        return "the team name after '/' is missing"
    if "//" in owner or owner == "@" or owner.startswith("@/"):
        return "an empty name between '/'"
    if _is_user(owner):
        if not gitlab and not handle and "." in owner:
            return "a GitHub user name has no '.' (an e-mail address needs a name before the '@')"
        return None
    if _is_team(owner):
        if not gitlab and not handle and owner.count("/") > 1:
            return "a GitHub team is '@org/team', with one '/' (nested groups are GitLab's)"
        return None
    bad = next((c for c in owner[1:] if not (c.isalnum() or c in "_.-/")), None)
    return f"the character {bad!r} cannot appear in a user or team name" if bad else "not a user or team name"
