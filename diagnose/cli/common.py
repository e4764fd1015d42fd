"""Exit codes and small helpers shared by subcommands."""

from __future__ import annotations

import re
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


# C0 controls but tab and newline, DEL, C1 controls: what a terminal may act on (ESC starts
# colour, cursor and title sequences; U+009B is CSI on its own in some terminals).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe for a terminal: each control character a body could smuggle in (an ANSI
    escape that recolours, moves the cursor or retitles the window) shown as its escape.

    Example:
        >>> printable("Hi\\x1b[2J there\\n")
        'Hi\\\\x1b[2J there\\n'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
