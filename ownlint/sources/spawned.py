"""A git command started with os.posix_spawnp, its output read later.

A hook's run starts its git commands at once and reads their answers when it needs
them. subprocess would do it too, but importing it (with threading, signal, selectors
and locale) is a few milliseconds of every commit's start-up; a command started here
costs one posix_spawnp and its pipes. Where there is no posix_spawnp (Windows),
subprocess starts it.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Optional, Protocol, Sequence

    class Started(Protocol):
        """What callers use of a started command (subprocess.Popen answers it too)."""

        returncode: Optional[int]
        stdin: Optional[IO[bytes]]
        stdout: Optional[IO[bytes]]

        def communicate(self) -> tuple[bytes, bytes]: ...

        def poll(self) -> Optional[int]: ...

        def kill(self) -> None: ...


class Spawned:
    """One command: its output and error read with communicate(); with_stdin, a pipe to
    write to (stdin) and its output readable as it comes (stdout); without, standard
    input is /dev/null. Other descriptors are not inherited (Python opens them so).

    Its errors go to an unnamed file, not a pipe: a command that writes more errors
    than a pipe holds (64 KB: a walk's "could not open directory" for every unreadable
    folder) would otherwise stop, waiting for a reader, while communicate() waits for
    the end of its output."""

    def __init__(self, args: Sequence[str], with_stdin: bool = False, keep_errors: bool = True) -> None:
        # (_signal: the numbers without the signal module's enums, which cost its import.)
        import _signal  # type: ignore[import-not-found]

        self.args = list(args)
        self.returncode: Optional[int] = None
        out_read, out_write = os.pipe()
        errors = _unnamed_file() if keep_errors else -1
        in_read, in_write = os.pipe() if with_stdin else (-1, -1)
        actions: list[tuple[object, ...]] = [(os.POSIX_SPAWN_DUP2, out_write, 1)]
        if keep_errors:
            actions.append((os.POSIX_SPAWN_DUP2, errors, 2))
        else:
            actions.append((os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0))
        if with_stdin:
            actions.append((os.POSIX_SPAWN_DUP2, in_read, 0))
        else:
            actions.append((os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0))
        try:
            # Python ignores SIGPIPE; git gets the default back, as subprocess gives it.
            program = _program(self.args[0])
            spawn = os.posix_spawnp if program is None else os.posix_spawn
            self.pid = spawn(
                program or self.args[0], self.args, os.environ, file_actions=actions, setsigdef=(_signal.SIGPIPE,)
            )
        except BaseException:
            for fd in (out_read, errors, in_write):
                if fd >= 0:
                    os.close(fd)
            raise
        finally:
            for fd in (out_write, in_read):
                if fd >= 0:
                    os.close(fd)
        self.stdout: Optional[IO[bytes]] = open(out_read, "rb")
        self._errors = errors
        self.stdin: Optional[IO[bytes]] = open(in_write, "wb") if with_stdin else None

    def communicate(self) -> tuple[bytes, bytes]:
        """Everything it writes, then its exit status (returncode)."""
        self._close_stdin()
        output = self.stdout.read() if self.stdout is not None else b""
        self.wait()
        errors = b""
        if self._errors >= 0:  # (written through the command's descriptor: read from the start)
            os.lseek(self._errors, 0, os.SEEK_SET)
            chunks = []
            while chunk := os.read(self._errors, 65536):
                chunks.append(chunk)
            errors = b"".join(chunks)
        self._close_pipes()
        return output, errors

    def _close_stdin(self) -> None:
        if self.stdin is not None:
            try:
                self.stdin.close()
            except BrokenPipeError:  # (it stopped reading: what was not written is dropped)
                pass

    def _close_pipes(self) -> None:
        self._close_stdin()
        if self.stdout is not None:
            self.stdout.close()
        if self._errors >= 0:
            os.close(self._errors)
            self._errors = -1

    def wait(self) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> Optional[int]:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        import _signal

        if self.returncode is None:
            try:
                os.kill(self.pid, _signal.SIGKILL)
            except ProcessLookupError:
                pass


_FOUND: dict[tuple[str, str], Optional[str]] = {}


def _program(name: str) -> Optional[str]:
    """Where PATH finds the program, looked up once a process: posix_spawnp would have
    the new process try each folder of PATH before it (a failed exec for every folder
    before git's: a quarter of a millisecond on a quiet machine, several on a busy one,
    while the run waits for the spawn). None when not found (posix_spawnp then says so).
    shutil.which answers the same, but its module is not on a hook's path
    (tests/test_startup.py keeps shutil out)."""
    if "/" in name:
        return name
    path = os.environ.get("PATH", os.defpath)
    key = (name, path)
    if key in _FOUND:
        return _FOUND[key]
    found = next(
        (candidate for folder in path.split(os.pathsep)
         for candidate in (os.path.join(folder or ".", name),)
         if os.access(candidate, os.X_OK) and not os.path.isdir(candidate)),
        None,
    )
    if found is None or os.path.isabs(found):  # (a folder of PATH relative to where the run is: asked again)
        _FOUND[key] = found
    return found


def _unnamed_file() -> int:
    """A descriptor of a file no one else can open (memfd_create on Linux; elsewhere a
    temporary file, deleted at once), not inherited by other commands."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("ownlint-errors", os.MFD_CLOEXEC)
    import tempfile

    with tempfile.TemporaryFile() as file:
        return os.dup(file.fileno())


def start(args: Sequence[str], with_stdin: bool = False, keep_errors: bool = True) -> Started:
    """The command started; FileNotFoundError when there is no such program."""
    if hasattr(os, "posix_spawnp"):
        return Spawned(args, with_stdin, keep_errors)
    import subprocess

    return subprocess.Popen(
        list(args), stdin=subprocess.PIPE if with_stdin else subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if keep_errors else subprocess.DEVNULL,
    )
