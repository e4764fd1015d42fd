"""The batch output's fast path: CSV text built column-wise with ``pyarrow.compute``, byte
for byte what ``SafeWriter`` writes for the neutralised cells.

``pyarrow.csv.write_csv`` cannot be used as it is: it quotes every text cell (``"a"``) and
writes floats its own way (``1``, ``0.00001`` for ``1.0``, ``1e-05``), so files would change
for every reader that compares them. What is kept of it is the idea, columns at a time:
each cell's text is the ``csv`` module's (``str``; None is empty), a cell holding a comma,
a quote or a line feed is quoted with its quotes doubled (``QUOTE_MINIMAL`` with
``lineterminator="\\n"``), and a row holding a carriage return in a text cell has every
cell quoted (``SafeWriter``'s rule, so the "\\r" stays inside its cell for every reader).
Formula triggers are found column-wise and only those cells go through ``neutralise``,
whose plain-number test stays Python's. ``tests/test_batch_arrow_write.py`` holds the
bytes equal to ``SafeWriter``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from diagnose.batch.csv_safety import neutralise

# First characters a spreadsheet might run (csv_safety._TRIGGERS); the rest (a plain number
# is left alone) is neutralise's business.
_TRIGGER_CHARS = "=+-@\t\r"
_TRIGGERS = pa.array(list(_TRIGGER_CHARS), pa.string())
_TRIGGER_BYTES = tuple(c.encode() for c in _TRIGGER_CHARS)
# What QUOTE_MINIMAL quotes with lineterminator="\n" (CPython 3.11 _csv.c: the delimiter,
# the quote and the terminator's characters).
_QUOTE_RE = '[,"\n]'
_QUOTED_BYTES = (b",", b'"', b"\n")
#: Text written where a string cannot be UTF-8 (run.TEXT_ERRORS: a lone surrogate).
_TEXT_ERRORS = "backslashreplace"


def csv_bytes(columns: Sequence[list[Any]]) -> bytes | None:
    """The UTF-8 bytes of the CSV rows of ``columns`` (equal-length lists of cells), formula
    cells neutralised, as ``SafeWriter(file).writecolumns`` writes them to a file opened with
    ``errors="backslashreplace"``; None when Arrow cannot hold them (over 2 GiB of text).

    Example:
        >>> csv_bytes([["SM1", "a,b", "=1+2"], [0.5, None, True]])
        b'SM1,0.5\\n"a,b",\\n\\'=1+2,True\\n'
    """
    if len(columns) < 2:
        raise ValueError("one column: the csv module quotes an empty cell alone on its row")
    try:
        return _csv_bytes(columns)
    except pa.ArrowCapacityError:
        return None


def _csv_bytes(columns: Sequence[list[Any]]) -> bytes:
    texts: list[tuple[pa.Array, bool]] = []
    carriage: pa.Array | None = None
    for column in columns:
        text, returns, special = _text(column)
        texts.append((text, special))
        if returns is not None:
            carriage = returns if carriage is None else pc.or_(carriage, returns)
    if carriage is not None and not pc.any(carriage).as_py():
        carriage = None
    quoted = [
        _quoted(text, carriage) if special or carriage is not None else text
        for text, special in texts
    ]
    lines = pc.binary_join_element_wise(*quoted, ",")
    lines = pc.binary_join_element_wise(lines, "\n", "")
    return _data(lines)


def _text(column: list[Any]) -> tuple[pa.Array, pa.Array | None, bool]:
    """A column's cells as the csv module writes them (neutralised), where a text cell holds
    a "\r" (None when none does), and whether any cell may need quoting."""
    kinds = set(map(type, column))
    if kinds <= {str, type(None)}:
        return _str_text(column)
    plain = kinds - {type(None)}
    if plain == {bool}:
        flags = pa.array(column, pa.bool_())
        return pc.if_else(flags, "True", "False").fill_null(""), None, False
    if plain == {int}:
        try:
            return pa.array(column, pa.int64()).cast(pa.string()).fill_null(""), None, False
        except (OverflowError, pa.ArrowException):
            pass  # past 64 bits: Python writes it
    if plain == {float}:  # repr, not Arrow's formatting (1.0, not 1; 1e-05, not 0.00001)
        return _array([v if v is None else repr(v) for v in column]).fill_null(""), None, False
    # Mixed, or JSON arrays: the csv module writes str(); only text is neutralised.
    cells = ["" if v is None else neutralise(v) if isinstance(v, str) else str(v) for v in column]
    returns = [isinstance(v, str) and "\r" in v for v in column]
    text = _array(cells)
    return text, pa.array(returns, pa.bool_()) if any(returns) else None, True


def _str_text(column: list[str | None]) -> tuple[pa.Array, pa.Array | None, bool]:
    """``_text`` of a text column, the characters that matter looked for in its bytes first."""
    text = _array(column).fill_null("")
    data = text.buffers()[2]
    chars = b"" if data is None else data.to_pybytes()
    if any(t in chars for t in _TRIGGER_BYTES):
        risky = pc.is_in(pc.utf8_slice_codeunits(text, 0, 1), value_set=_TRIGGERS)
        if pc.any(risky).as_py():
            where = pc.indices_nonzero(risky).to_pylist()
            fixed = _array([neutralise(column[i]) for i in where])
            text = pc.replace_with_mask(text, risky, fixed)
    returns = pc.match_substring(text, "\r") if b"\r" in chars else None
    return text, returns, any(c in chars for c in _QUOTED_BYTES)


def _array(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values, pa.string())
    except UnicodeEncodeError:  # a lone surrogate: written as its escape, as the file does
        return pa.array(
            [
                v.encode("utf-8", _TEXT_ERRORS).decode("utf-8") if isinstance(v, str) else v
                for v in values
            ],
            pa.string(),
        )


def _quoted(text: pa.Array, carriage: pa.Array | None) -> pa.Array:
    """``text`` with the cells that need it quoted (all of a row with a "\\r")."""
    needs = pc.match_substring_regex(text, _QUOTE_RE)
    if carriage is not None:
        needs = pc.or_(needs, carriage)
    if not pc.any(needs).as_py():
        return text
    doubled = pc.replace_substring(text, '"', '""')
    return pc.if_else(needs, pc.binary_join_element_wise('"', doubled, '"', ""), text)


def _data(lines: pa.Array) -> bytes:
    """The concatenated bytes of a string array without nulls."""
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    if not len(lines):
        return b""
    _, offsets, data = lines.buffers()
    ends = pa.Array.from_buffers(pa.int32(), len(lines) + 1, [None, offsets], offset=lines.offset)
    start, end = ends[0].as_py(), ends[-1].as_py()
    return data[start:end].to_pybytes()  # type: ignore[no-any-return]
