"""Exit codes and small helpers shared by subcommands."""

from __future__ import annotations

import sys
from typing import IO, TextIO

EXIT_OK = 0
#: Some input could not be read (bad JSON, unknown field...); the good input was still processed.
EXIT_BAD_INPUT = 2
#: A batch finished, but some rows went to the errors file.
EXIT_COMPLETED_WITH_BAD_ROWS = 3
#: train/evaluate: the corpora or the model cannot be found or loaded.
EXIT_NO_DATA = 4


def open_text(path: str) -> TextIO | IO[str]:
    """``-`` is standard input; files are read as UTF-8 with undecodable bytes replaced."""
    if path == "-":
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        return sys.stdin
    return open(path, encoding="utf-8", errors="replace")


def error(message: str) -> None:
    print(f"sms-diagnose: {message}", file=sys.stderr)
