"""Seals: the keyed BLAKE2b that marks a cache entry as this user's ownlint's own.

Both the cache (formats/cache.py) and the untracked walk's helper process, which checks
its entry without importing the cache, seal and check through here. BLAKE2b with a key
is a MAC by design (RFC 7693), and Python's own C module for it loads in half a
millisecond; HMAC-SHA256 needs OpenSSL's library, whose loading cost every warm run
6 ms (a hook's whole run is about a hundred)."""
from __future__ import annotations

try:
    from _blake2 import blake2b  # the module hashlib itself takes blake2b from
except ImportError:  # a Python built without it: hashlib's (OpenSSL's), slower to load
    from hashlib import blake2b
from _operator import _compare_digest as _same  # hmac.compare_digest itself, without hmac

SEAL_BYTES = 32


def seal(key: bytes, data: bytes) -> bytes:
    """The seal of data under key (at most 64 bytes)."""
    return blake2b(data, key=key, digest_size=SEAL_BYTES).digest()


def sealed(key: bytes, data: bytes, mark: bytes) -> bool:
    """Whether mark is data's seal under key (compared in constant time)."""
    return _same(seal(key, data), mark)


def hasher() -> "blake2b":
    """An unkeyed BLAKE2b of the seal's size, for names and digests (update, then digest)."""
    return blake2b(digest_size=SEAL_BYTES)
