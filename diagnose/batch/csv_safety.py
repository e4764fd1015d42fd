"""CSV formula-injection defence for files opened in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"). Message bodies and sender
names are attacker-controlled, so such cells get a leading apostrophe. Plain numbers
(``+15551234567``, ``-3``) are left alone: a spreadsheet reads them as numbers, not formulas.
"""

from __future__ import annotations

import re
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
