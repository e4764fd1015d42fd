"""CSV formula-injection defence for files opened in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"). Message bodies and sender
names are attacker-controlled, so such cells get a leading apostrophe. Plain numbers
(``+15551234567``, ``-3``) are left alone: a spreadsheet reads them as numbers, not formulas.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A signed number or phone number with common separators: harmless in every spreadsheet.
_PLAIN_NUMBER_RE = re.compile(r"[+-]?[\d ().-]*\d")


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is a string a spreadsheet would run as a formula.

    Example:
        >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("+15551234567"), neutralise(3)
        ('\\'=HYPERLINK("http://x")', '+15551234567', 3)
    """
    if not isinstance(value, str) or not value or not value.startswith(_TRIGGERS):
        return value
    if _PLAIN_NUMBER_RE.fullmatch(value):
        return value
    return "'" + value


def neutralise_row(row: list[Any]) -> list[Any]:
    """``neutralise`` over one output row."""
    return [neutralise(v) for v in row]


class SafeWriter:
    """``csv.writer(file, lineterminator="\\n")`` whose rows always read back as written.

    The ``csv`` module quotes a cell holding the delimiter, the quote or a character of its
    ``lineterminator``: with ``"\\n"`` a bare ``"\\r"`` goes out unquoted, and every CSV
    reader (Python's, pandas', a spreadsheet's) ends the record there, so ``"SM1\\r=cmd"``
    read back is a new record whose first cell, ``=cmd``, slipped past ``neutralise``. A row
    with a ``"\\r"`` in a text cell is written with every cell quoted; every other row is the
    plain writer's, byte for byte. ``tests/adversarial`` holds every CSV writer of the
    project to a round trip over generated cells.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> SafeWriter(buf).writerows([["SM1\\r=cmd", 1], ["SM2", 2]])
        >>> buf.getvalue()
        '"SM1\\r=cmd","1"\\nSM2,2\\n'
    """

    def __init__(self, file: Any) -> None:
        self._plain = csv.writer(file, lineterminator="\n")
        self._quoted = csv.writer(file, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: Sequence[Any]) -> None:
        (self._quoted if _breaks(row) else self._plain).writerow(row)

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    def writecolumns(self, columns: Sequence[list[Any]]) -> None:
        """The rows of ``columns`` (equal-length lists); looks for a ``"\\r"`` per column."""
        rows = zip(*columns, strict=True)
        if any(map(_column_breaks, columns)):
            self.writerows(rows)
        else:
            self._plain.writerows(rows)


def _breaks(row: Sequence[Any]) -> bool:
    return any(isinstance(v, str) and "\r" in v for v in row)


def _column_breaks(column: list[Any]) -> bool:
    types = set(map(type, column))
    if str not in types:
        return False
    if types == {str}:
        return "\r" in "".join(column)
    return any(isinstance(v, str) and "\r" in v for v in column)
