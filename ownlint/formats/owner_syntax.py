"""What a CODEOWNERS owner may be: `@user`, `@org/team` or an e-mail address (GitLab adds roles and nested groups).

One grammar for every reader and writer: OWN205 reports owners that break it, the
mapping leaves a GitHub line that breaks it out of the table (GitHub skips the
line), and `ownlint codeowners` refuses to write an owner it would report.
"""
from __future__ import annotations

import re
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

_NAME = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_USER = re.compile(rf"@{_NAME}")
_TEAM = re.compile(rf"@{_NAME}(?:/{_NAME})+")
# The WHATWG HTML "valid e-mail address" (the form browsers accept in type=email):
# a local part of printable characters, then '@' and dot-separated host labels.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+")
# GitLab's role owners (@@developer, @@maintainer, @@owner; the plural is accepted too).
_ROLE = re.compile(r"@@(?:developer|maintainer|owner)s?")


def is_email(owner: str) -> bool:
    """An e-mail address with a dotted domain, as GitHub and GitLab take one for an owner."""
    return _EMAIL.fullmatch(owner) is not None


def is_role(owner: str) -> bool:
    return _ROLE.fullmatch(owner) is not None


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
    if _USER.fullmatch(owner):
        if not gitlab and not handle and "." in owner:
            return "a GitHub user name has no '.' (an e-mail address needs a name before the '@')"
        return None
    if _TEAM.fullmatch(owner):
        if not gitlab and not handle and owner.count("/") > 1:
            return "a GitHub team is '@org/team', with one '/' (nested groups are GitLab's)"
        return None
    bad = next((c for c in owner[1:] if not (c.isalnum() or c in "_.-/")), None)
    return f"the character {bad!r} cannot appear in a user or team name" if bad else "not a user or team name"
