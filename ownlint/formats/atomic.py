"""Atomic file writes: a temporary file beside the target, then a rename.

What a reader of the file sees is the old or the new content, never half; the file
keeps its mode, owner and group, its hard links and the symbolic link that names it;
the temporary file is removed when the run is interrupted (SIGINT, SIGTERM, SIGHUP);
and with `expected`, nothing is written when the file changed since it was read."""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from pathlib import Path
from types import FrameType

from ownlint.errors import OwnlintError, Terminated

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator, Optional

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _terminate(signum: int, frame: Optional[FrameType]) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _cleaned_up_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise, so that `finally` removes the temporary file (SIGINT
    already raises KeyboardInterrupt); elsewhere than the main thread, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _terminate) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _inside(root: Path, target: Path) -> bool:
    root = root.resolve()
    try:
        relative = target.relative_to(root)
    except ValueError:
        return False
    return not any(part.casefold() == ".git" for part in relative.parts)


def write_atomic(path: Path, data: bytes, expected: Optional[bytes] = None, root: Optional[Path] = None) -> None:
    """Replace the file at `path` with `data`.

    expected: the bytes the caller read and edited; when the file no longer holds them
    (another writer got there first), OwnlintError and nothing is written.
    root: a symbolic link is written through only when its target lies inside root
    (and outside .git/); without root, a link is followed wherever it leads (a path the
    user named)."""
    target = path
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if root is not None and not _inside(root, target):
            raise OwnlintError("is a symbolic link to a file outside the repository: not written", str(path))
    directory = target.parent if str(target.parent) else Path(".")
    with _cleaned_up_on_signals():
        try:
            info: Optional[os.stat_result] = os.stat(target)
        except FileNotFoundError:
            info = None
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, info.st_mode & 0o7777 if info is not None else 0o666 & ~_umask())
            if info is not None and hasattr(os, "chown"):
                _keep_owner(temporary, info, path)
            if expected is not None:
                try:
                    current = target.read_bytes()
                except OSError:
                    current = None
                if current != expected:
                    raise OwnlintError("changed since ownlint read it: nothing written (run the command again)",
                                       str(path))
            if info is not None and info.st_nlink > 1:
                _rewrite_in_place(target, data)  # a rename would cut the file off from its other names
            else:
                os.replace(temporary, target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _keep_owner(temporary: str, info: os.stat_result, shown: Path) -> None:
    if (os.stat(temporary).st_uid, os.stat(temporary).st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.chown(temporary, info.st_uid, info.st_gid)
    except PermissionError:
        raise OwnlintError("belongs to another user or group, which ownlint cannot keep: not written",
                           str(shown)) from None


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """Write into the file itself, keeping its inode (and so its hard links); signals
    wait until it is done, so the file is never left half written by ownlint."""
    blocked = set(_SIGNALS) | {signal.SIGINT} if hasattr(signal, "pthread_sigmask") else set()
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        with open(target, "r+b") as stream:
            stream.write(data)
            stream.truncate()
            stream.flush()
            os.fsync(stream.fileno())
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
