"""The CSV reader's fast path: whole blocks of lines parsed by ``pyarrow.csv``, taken only
where they are provably what the ``csv`` module reads.

``pyarrow.csv`` parses about seven times faster than the ``csv`` module but says nothing of
line numbers, and the batch reader owes every bad row its line. So a block is taken from
pyarrow only when each of its lines is exactly one record of the header's width; the reader
(``diagnose.batch.readers``) reads any other block with the ``csv`` module as before. Why
that is exact: both parsers run the same state machine over a line (a quote opens a field
only at its start, ``""`` in a quoted field is a quote, a closing quote followed by text
goes on unquoted; ``tests/test_batch_arrow_read.py`` holds them equal over hostile text),
and a record ends only at a line end outside quotes. A block whose row count equals its
line count therefore has no blank line and no record over two lines, except a quote left
open by its last line (its last row then holds a line break: refused). Refused as well:
invalid UTF-8 (the reader reports it per row), a wrong field count, a cell near the field
limit, and a block starting with a byte-order mark (pyarrow drops it; the ``csv`` module
keeps it in the cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

_BOM = b"\xef\xbb\xbf"
# A line end as ``open(..., newline="")`` splits lines: "\r\n", "\r" or "\n".
_EOL_RE = re.compile(rb"\r\n?|\n")
# Bytes of lines split at once for the csv module (a reader that stops wastes at most this).
_WINDOW = 1 << 16
_PARSE = pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True)


def count_lines(block: bytes) -> int:
    """Lines in ``block`` as universal newlines count them (a last line without an end too).

    Example:
        >>> count_lines(b"a\\r\\nb\\rc\\n"), count_lines(b"a\\nb"), count_lines(b"")
        (3, 2, 0)
    """
    n = block.count(b"\n")
    if b"\r" in block:
        n += block.count(b"\r") - block.count(b"\r\n")
    if block and not block.endswith((b"\n", b"\r")):
        n += 1
    return n


@cache
def _options(width: int) -> tuple[list[str], Any]:
    names = [f"c{i}" for i in range(width)]  # positions: header names may repeat
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
    )
    return names, convert


def parse_block(block: bytes, width: int, field_limit: int) -> pa.Table | None:
    """``block`` (whole lines, no header) as a table of ``width`` text columns, one row per
    line; None when the ``csv`` module might read it otherwise (see the module docstring)."""
    if not block or block.startswith(_BOM) or width < 2:
        return None
    names, convert = _options(width)
    read = pacsv.ReadOptions(
        column_names=names, use_threads=False, block_size=max(len(block) + 1, 1 << 16)
    )
    try:
        table = pacsv.read_csv(
            pa.BufferReader(block),
            read_options=read,
            parse_options=_PARSE,
            convert_options=convert,
        )
    except pa.ArrowException:  # invalid UTF-8, a wrong field count, ...
        return None
    if table.num_rows != count_lines(block):
        return None
    last = [column[-1].as_py() for column in table.columns]
    if any("\n" in cell or "\r" in cell for cell in last):
        return None  # a quote its line left open: the record may go on past this block
    if len(block) >= field_limit and any(
        pc.max(pc.binary_length(column)).as_py() >= field_limit for column in table.columns
    ):
        return None  # the csv module refuses a field past its limit: let it say so
    return table


class ByteLines:
    """An input's bytes, taken either as blocks of whole lines (for ``parse_block``) or as
    decoded lines one at a time (for the ``csv`` module), from one shared position."""

    def __init__(self, stream: IO[bytes], read_size: int = 1 << 20) -> None:
        self._stream = stream
        self._read_size = read_size
        self._buf = b""
        self._pos = 0
        self._eof = False

    def _read_more(self) -> None:
        """Append more of the stream (at least as much as is held: a long line stays linear)."""
        held = len(self._buf) - self._pos
        data = self._stream.read(max(self._read_size, held))
        if not data:
            self._eof = True
        self._buf = self._buf[self._pos :] + data
        self._pos = 0

    def block(self, size: int) -> bytes:
        """The next whole lines, about ``size`` bytes of them (at least one line, cut after a
        "\\n" so that no "\\r\\n" is split); empty at the end of the input."""
        while len(self._buf) - self._pos < size and not self._eof:
            self._read_more()
        end = self._buf.rfind(b"\n", self._pos, self._pos + size)
        while end < 0:
            end = self._buf.find(b"\n", self._pos)
            if end >= 0:
                break
            if self._eof:
                return self._buf[self._pos :]
            self._read_more()
        return self._buf[self._pos : end + 1]

    def consume(self, n: int) -> None:
        """Move past ``n`` bytes (a block just taken)."""
        self._pos += n

    def lines(self) -> Iterator[str]:
        """The lines from the position on, decoded (bad bytes as lone surrogates); the position
        moves past each line as it is yielded, so a reader that stops leaves it there."""
        while True:
            # Split a window of whole lines at a time (bytes split only at "\r", "\n" and
            # "\r\n", as open(newline="") does); it ends at a "\n", so no "\r\n" is cut.
            cut = self._buf.rfind(b"\n", self._pos, self._pos + _WINDOW) + 1
            if cut:
                for line in self._buf[self._pos : cut].splitlines(keepends=True):
                    self._pos += len(line)
                    yield line.decode("utf-8", "surrogateescape")
                continue
            line_end = self._line_end()  # a line longer than the window, or no "\n" left
            if line_end is None:
                return
            line = self._buf[self._pos : line_end]
            self._pos = line_end
            yield line.decode("utf-8", "surrogateescape")

    def _line_end(self) -> int | None:
        """Where the line at the position ends (reading on as needed); None at the end."""
        while True:
            match = _EOL_RE.search(self._buf, self._pos)
            if match is None or (match.group() == b"\r" and match.end() == len(self._buf)):
                if not self._eof:
                    self._read_more()  # the line, or its "\r\n", may go on
                    continue
                if match is None:
                    return len(self._buf) if self._pos < len(self._buf) else None
            return match.end()
