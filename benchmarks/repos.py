"""Benchmark repositories: a git index of any size without writing the files, or a real tree."""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Mapping, Sequence


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    completed = subprocess.run(
        ["git", "-C", str(root), *args], input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True
    )
    return completed.stdout


def fingerprint(files: Sequence[str], extra: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
    for name in sorted(extra):
        digest.update(name.encode() + b"\0" + extra[name].encode() + b"\0")
    return digest.hexdigest()[:16]


def _start_afresh(root: Path, stamp: Path, want: str) -> bool:
    """False when root already holds this workload; else an empty new repository there."""
    if stamp.is_file() and stamp.read_text() == want:
        return False
    if root.exists():
        subprocess.run(["rm", "-rf", str(root)], check=True)
    root.mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    return True


def index_repo(root: Path, files: Sequence[str], extra: Mapping[str, str]) -> Path:
    """A git repository whose index lists `files` (one empty blob, nothing on disk) plus
    the `extra` files, which are written, and a commit of that index (HEAD: what a
    pre-commit hook compares the commit being made with). `git ls-files` lists them all;
    reused when the same workload was built before."""
    stamp, want = root / ".bench-fingerprint", fingerprint(files, extra) + "+head"
    if not _start_afresh(root, stamp, want):
        return root
    blob = _git(root, "hash-object", "-w", "--stdin", data=b"").decode().strip()
    lines = [f"100644 {blob} 0\t{path}\n" for path in files if path not in extra]
    _git(root, "update-index", "--index-info", data="".join(lines).encode("utf-8", "surrogateescape"))
    for name, text in extra.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    _git(root, "add", "--", *extra)
    # Files missing on disk read as deleted; skip-worktree keeps `git status` quiet and cheap.
    _git(root, "update-index", "--skip-worktree", "--stdin", data="".join(
        f"{path}\n" for path in files if path not in extra).encode("utf-8", "surrogateescape"))
    tree = _git(root, "write-tree").decode().strip()
    who = ["-c", "user.email=bench@example.invalid", "-c", "user.name=bench"]
    commit = _git(root, *who, "commit-tree", tree, "-m", "bench").decode().strip()
    _git(root, "update-ref", "HEAD", commit)
    stamp.write_text(want)
    _exclude(root, ".bench-fingerprint")
    return root


def real_repo(root: Path, files: Sequence[str], extra: Mapping[str, str]) -> Path:
    """A repository with every file on disk (empty), committed: for tools that walk the tree."""
    stamp, want = root / ".bench-fingerprint", fingerprint(files, extra)
    if not _start_afresh(root, stamp, want):
        return root
    for path in files:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    for name, text in extra.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "-c", "user.email=bench@example.invalid", "-c", "user.name=bench", "commit", "-q", "-m", "bench")
    stamp.write_text(want)
    _exclude(root, ".bench-fingerprint")
    return root


def _exclude(root: Path, name: str) -> None:
    info = root / ".git" / "info"
    info.mkdir(parents=True, exist_ok=True)
    with open(info / "exclude", "a", encoding="utf-8") as handle:
        handle.write(name + "\n")
    os.utime(root)
