"""ownlint's own untracked cache, as a run uses it: the walk for untracked files
answered by a helper process (`untracked_helper.py`) that checks what the last walk
depended on and walks only when something changed.

Checking means stat'ing every directory git visits (25,000 on a 100,000-file checkout,
about 0.1 s of CPU in Python): the helper does it beside the run's work on the files git
tracks, as the git walk it replaces did. The run tells it the digest of the index's
paths it read, reads its answer when it needs the untracked files, and keeps the
description of a new walk in the result cache (formats/cache.py, kind "untracked").
"""
from __future__ import annotations

import os
import sys

# The helper's module is run as a program, and imported only by a run that starts it:
# a repository too small to remember its walk (most) does not load it.
_HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "untracked_helper.py")

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess
    from typing import IO, Callable, Optional


# A walk is remembered only where the index is at least this large (about 15,000
# files): in a smaller repository git walks the tree in less time than the helper
# process takes to start, and a run that has little else to do waits for the helper.
MIN_INDEX_BYTES = 2_000_000


def worth_remembering(root: str) -> bool:
    """Whether the repository is large enough for its walk to be remembered: its index's
    size where it is plainly root/.git/index, else (a linked worktree, a root beneath
    the top, GIT_DIR or GIT_INDEX_FILE) yes."""
    if "GIT_DIR" in os.environ or "GIT_INDEX_FILE" in os.environ:
        return True
    try:
        return os.stat(os.path.join(root, ".git", "index")).st_size >= MIN_INDEX_BYTES
    except OSError:
        return True


def key_parts(root: str) -> list[str]:
    """What names the entry besides ownlint's code: the root, the environment git reads
    (GIT_*, HOME, XDG_CONFIG_HOME) and the git program itself."""
    parts = [os.path.realpath(root)]
    parts += sorted(
        f"{name}={value}" for name, value in os.environ.items()
        if (name.startswith("GIT_") and not name.startswith("GIT_TRACE")) or name in ("HOME", "XDG_CONFIG_HOME")
    )
    return [*parts, _git_program()]


def _git_program() -> str:
    """The git that PATH names (shutil.which's answer, without importing shutil), with
    its identity: another git may ignore otherwise."""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        for name in ("git.exe", "git") if sys.platform == "win32" else ("git",):
            path = os.path.join(folder or ".", name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            if os.access(path, os.X_OK) and not os.path.isdir(path):
                return f"{path}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"
    return ""


class Memory:
    """Where a walk is remembered (the result cache's entry file, read by the helper as
    formats/cache.py reads it: its magic, its seal, the rest), the key that seals that
    one entry (the helper is given it on its stdin, never in its arguments or its
    environment, which others can read), and how to keep one."""

    def __init__(self, entry: str, magic: bytes, seal: bytes, store: Callable[[bytes], None]) -> None:
        self.entry = entry
        self.magic = magic
        self.seal = seal
        self.store = store


class RememberedWalk:
    """The untracked files, from the helper process: remembered when nothing they
    depend on changed, walked by git otherwise. Started now; answer() when needed."""

    def __init__(self, root: str, memory: Memory) -> None:
        import subprocess

        self._memory = memory
        self._told = False
        self._answer: Optional[tuple[Optional[bytes]]] = None
        self._walked = False
        self._process: Optional[subprocess.Popen[bytes]] = subprocess.Popen(
            [sys.executable, "-I", "-S", _HELPER, root, memory.entry, memory.magic.hex()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        stdin = self._process.stdin
        try:  # the helper reads the seal first, to check the entry while this run works
            if stdin is not None:
                stdin.write(memory.seal)
                stdin.flush()
        except OSError:
            pass  # the helper ended: answer() says how

    def tracked(self, listing: Optional[bytes]) -> None:
        """The index's paths as this run read them: a remembered walk holds only for the
        paths it was made with."""
        process = self._process
        if self._told or process is None or process.stdin is None:
            return
        self._told = True
        try:
            from ownlint.sources.untracked_helper import tracked_digest

            process.stdin.write(tracked_digest(listing))
            process.stdin.close()
        except OSError:
            pass  # the helper ended: answer() says how

    def answer(self) -> Optional[bytes]:
        """`ls-files -z --others --exclude-standard -- .`'s output; None when git failed."""
        if self._answer is None:
            self.tracked(None)  # (never told: the index could not be read)
            self._answer = (self._read_answer(),)
        return self._answer[0]

    def _read_answer(self) -> Optional[bytes]:
        process = self._process
        if process is None or process.stdout is None:
            return None
        kind = process.stdout.read(1)
        if kind not in (b"H", b"W"):
            self.stop()
            return None
        self._walked = kind == b"W"
        return _read_part(process.stdout)

    def remember(self) -> None:
        """After answer(): keep what a walk made this run depended on (after a
        remembered answer there is nothing new to keep)."""
        process = self._process
        if process is None or process.stdout is None or self._answer is None:
            return
        entry = _read_part(process.stdout) if self._walked else None
        self.stop()
        if entry:
            self._memory.store(entry)

    def stop(self) -> None:
        process = self._process
        self._process = None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        for stream in (process.stdin, process.stdout):
            if stream is not None and not stream.closed:
                try:
                    stream.close()
                except OSError:
                    pass
        process.wait()


def _read_part(stream: IO[bytes]) -> Optional[bytes]:
    size = stream.read(8)
    if len(size) != 8:
        return None
    length = int.from_bytes(size, "little")
    data = stream.read(length)
    return data if len(data) == length else None
