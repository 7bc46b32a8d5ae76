"""A content-addressed cache in the user's cache directory: results that never change a result.

An entry is named by a hash of everything its value depends on and holds a checksum
of its own bytes: a missing, corrupt, truncated or half-written entry reads as a
miss, and entries are written atomically (a rename), so concurrent runs at worst
compute the same value twice. OWNLINT_CACHE_DIR overrides the place; OWNLINT_NO_CACHE=1
(or an unwritable place) turns the cache off.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

MAGIC = b"ownlint-cache-1\n"
# Bump when a cached value's layout or meaning changes.
FORMAT = "1"
Part = Union[str, bytes]


def cache_dir() -> Optional[Path]:
    if os.environ.get("OWNLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("OWNLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ownlint"


def key_of(kind: str, parts: Iterable[Part]) -> str:
    """A hash of the parts, each length-prefixed so that no two lists collide."""
    from ownlint import __version__

    digest = hashlib.sha256(f"{kind}\0{FORMAT}\0{__version__}\0".encode())
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _entry(kind: str, key: str) -> Optional[Path]:
    directory = cache_dir()
    return None if directory is None else directory / kind / key[:2] / key[2:]


def load(kind: str, key: str) -> Optional[bytes]:
    """The value stored under key, or None (missing, unreadable or corrupt)."""
    path = _entry(kind, key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(MAGIC) + 32
    if len(data) < header or not data.startswith(MAGIC):
        return None
    checksum, payload = data[len(MAGIC):header], data[header:]
    if hashlib.sha256(payload).digest() != checksum:
        return None
    return payload


def store(kind: str, key: str, payload: bytes) -> None:
    """Keep a value; failing to write is not an error (the next run computes it again)."""
    path = _entry(kind, key)
    if path is None:
        return
    from ownlint.formats.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, MAGIC + hashlib.sha256(payload).digest() + payload)
    except OSError:
        pass


# The modules whose classes a cached object is made of: their source is part of its key,
# so that a changed ownlint never unpickles an object of an older shape.
# The parsing and validation modules are in it too: they decide the findings an entry holds.
OBJECT_MODULES = (
    "formats/codeowners", "model/mapping", "matching/patterns", "matching/globmatch", "matching/engine",
    "tables/ownership", "findings", "tables/domains", "formats/yamlio", "formats/schema",
)


@lru_cache(maxsize=1)
def source_digest() -> bytes:
    """A digest of the modules that decide what a cached value holds (OBJECT_MODULES)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for name in OBJECT_MODULES:
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.digest()


def cached_object(kind: str, parts: Iterable[Part], build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """build(), or the object an earlier build() of the same parts left in the cache.

    Only for objects made of ownlint's own classes and builtins; a stale, damaged,
    unloadable or invalid (valid() is false) entry is rebuilt."""
    import pickle

    key = key_of(kind, [source_digest(), *parts])
    stored = load(kind, key)
    if stored is not None:
        try:
            value = pickle.loads(stored)
            if valid(value):
                return value
        except Exception:  # noqa: BLE001 - any failure to load is a miss
            pass
    value = build()
    try:
        store(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - an object that does not pickle is simply not kept
        pass
    return value
