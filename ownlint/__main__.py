"""The `ownlint` program (`python -m ownlint`, and the console script's target): one run
of ownlint.cli, with Python's cyclic garbage collector off from the first import.

Importing ownlint.cli and what it imports made three collections of the youngest
generation and one of the next (about 1.3 ms of a hook's start-up) before cli.run
turned the collector off; every object they would walk lives to the process's end."""
from __future__ import annotations

import gc


def run() -> None:
    gc.disable()  # (cli.run keeps it off to the end: see its comment)
    from ownlint.cli import run as run_ownlint

    run_ownlint()


if __name__ == "__main__":
    run()
