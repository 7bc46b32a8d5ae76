"""Result cache entries as the tests plant them: sealed as formats/cache.py seals one
(its magic, the HMAC-SHA256 of the payload under a key derived from the user's key and
the entry's name, the payload), written here from the layout, not by cache.store."""
from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Optional

from ownlint.formats import cache


def name_of(entry: Path) -> tuple[str, str]:
    """The kind and the key an entry's path names (CACHE/kind/ke/y...)."""
    return entry.parent.parent.name, entry.parent.name + entry.name


def users_key() -> bytes:
    """This user's key, which seals every entry (made by the first run that stored one)."""
    return cache.key_file().read_bytes()


def payload_of(entry: Path) -> bytes:
    return entry.read_bytes()[len(cache.MAGIC) + 32:]


def sealed(entry: Path, payload: bytes, secret: Optional[bytes] = None, name: Optional[Path] = None) -> bytes:
    """The bytes of an entry holding payload, sealed with secret (else this user's key)
    for the entry at `name` (else `entry`)."""
    kind, key = name_of(name or entry)
    entry_key = hmac.new(secret if secret is not None else users_key(), f"{kind}\0{key}".encode(), hashlib.sha256).digest()
    return cache.MAGIC + hmac.new(entry_key, payload, hashlib.sha256).digest() + payload


def checksummed(payload: bytes) -> bytes:
    """An entry in the layout before every entry was sealed: a sha256 anyone can compute."""
    return cache.MAGIC + hashlib.sha256(payload).digest() + payload
