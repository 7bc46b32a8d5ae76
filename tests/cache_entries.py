"""Result cache entries as the tests plant them: sealed as formats/cache.py seals one
(its magic, the keyed BLAKE2b of the payload under a key derived from the user's key and
the entry's name, the payload), written here from the layout with hashlib, not by
cache.store or ownlint.seals."""
from __future__ import annotations

import hashlib
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
    secret = secret if secret is not None else users_key()
    entry_key = hashlib.blake2b(f"{kind}\0{key}".encode(), key=secret, digest_size=32).digest()
    return cache.MAGIC + hashlib.blake2b(payload, key=entry_key, digest_size=32).digest() + payload


def checksummed(payload: bytes) -> bytes:
    """An entry in the layout before every entry was sealed: a sha256 anyone can compute."""
    return cache.MAGIC + hashlib.sha256(payload).digest() + payload
