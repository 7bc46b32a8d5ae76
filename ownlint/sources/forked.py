"""Work done beside the run on the machine's second core: a forked child computes it, and
its answer comes back through a pipe, as marshal data.

A cold run on a million files is one long computation in one process; where part of it
splits into independent halves (the walk of the directory tree for rules with a
wildcard in the middle of the path), the child takes one half while the run does the
other. The child shares the run's memory as it was at the fork, so nothing is sent to
it. Whatever goes wrong in the child (an error, a signal, no fork on this system, a
single core), the answer is None and the caller computes that half itself: the result
never depends on the child, only the time does.
"""
from __future__ import annotations

import marshal
import os

try:  # (posix's own _exit: a test run replaces os._exit, and a child must never return into it)
    from posix import _exit
except ImportError:  # pragma: no cover - not POSIX: no fork either
    _exit = None  # type: ignore[assignment]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Optional


def spare_core() -> bool:
    """Whether this process may run on more than one core, and can fork."""
    if _exit is None or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):  # pragma: no cover - no affinity call (macOS)
        return (os.cpu_count() or 1) > 1


class Forked:
    """work() running in a forked child from construction; answer() waits for it."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._pid = 0
        self._read = -1
        self._parent = os.getpid()  # (a later child inherits this object: the pipe is not its to read)
        if not spare_core():
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, write, and end here whatever happens
            code = 1
            try:
                os.close(read)
                data = marshal.dumps(work())
                view = memoryview(data)
                while view:
                    view = view[os.write(write, view):]
                code = 0
            except BaseException:  # noqa: B036 - the parent computes it instead
                pass
            finally:
                _exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def answer(self) -> Optional[Any]:
        """The child's answer, or None when there is none (no child, or it failed, or
        this is another process forked since, which never reads its sibling's pipe)."""
        if not self._pid or os.getpid() != self._parent:
            return None
        chunks: list[bytes] = []
        try:
            while True:
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self._read)
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            return marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            return None
