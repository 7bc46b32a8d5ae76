"""ownlint: every path in an infrastructure repository owned by a current team."""

__version__ = "0.1.0"
