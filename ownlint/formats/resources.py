"""Locate the schemas/ and rules/ folders: inside the wheel, or beside a checkout."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # ownlint/


def data_dir(name: str) -> Path:
    """schemas/ or rules/: installed into the package, or at the checkout's top level."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ownlint is installed without its {name}/ folder")
