"""Read an uploaded export (CSV or JSONL) into a frame, keeping every good row.

Uploads are untrusted and often wrong: an .xlsx saved with a .csv name, a Windows-1252
file, a truncated line. Each problem becomes either a clear ``UploadError`` (nothing
usable) or a bad row with its line number (the rest of the file still runs).

The page shows ``UploadError`` messages and ``Upload.notices`` as markdown, so every part of
them that comes from the file (its name, its column names) is a code span here
(``md_literal``): a column named ``![x](http://...)`` must not make the browser fetch an
image, nor a bare address become a link.

A 99 MB upload once held about 1 GB per session: the decoded text, a re-encoded copy and
every cell as a Python string (five times the file) stayed alive with the parsed frame.
Now the bytes are read in place when they are UTF-8, each chunk of cells is packed into
Arrow strings as it is read (about the file's size), and after triage the page keeps only
the mapped columns (``Upload.only``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import pyarrow as pa

from diagnose.app_support.literal import md_literal
from diagnose.batch.formats import FormatError
from diagnose.batch.readers import InputFormat, Reader, encoding_problem
from diagnose.batch.vectorised import BadRow

#: Rows diagnosed in the browser; larger files are cut (with a notice) and belong to the
#: CLI (``sms-diagnose batch``), which streams. 200k rows is a busy sender's week.
MAX_ROWS = 200_000
#: Columns shown in the browser: a table of 200,001 columns crashed the tab. Exports have
#: a few dozen; more is not an export of messages.
MAX_COLUMNS = 1_000
_SNIFF = 8192
_BOM = b"\xef\xbb\xbf"


class UploadError(ValueError):
    """The file cannot be read as an export at all; the message says what to do."""


@dataclass
class Upload:
    """A parsed export: rows as text cells, their source line numbers, and what was skipped.

    ``columns`` names every column of the file, also when ``frame`` holds only some of them
    (``only``); ``complete`` says whether it holds them all.
    """

    frame: pd.DataFrame
    lines: list[int]
    bad: list[dict[str, Any]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    kind: str = "csv"
    columns: list[str] = field(default_factory=list)
    complete: bool = True

    def __post_init__(self) -> None:
        if not self.columns:
            self.columns = [str(c) for c in self.frame.columns]

    def only(self, keep: Iterable[str]) -> Upload:
        """This upload with the cells of the ``keep`` columns only (the mapped ones): what
        the page still reads after triage. Another mapping needs the file read again."""
        wanted = set(keep)
        names = [c for c in self.frame.columns if c in wanted]
        return replace(self, frame=self.frame[names].copy(), complete=False)


def read_upload(name: str, data: bytes, *, max_rows: int = MAX_ROWS) -> Upload:
    """Parse ``data`` by content (JSONL/JSON if it starts with ``{`` or ``[``, else CSV).

    Example:
        >>> up = read_upload("x.csv", b"Body,ErrorCode\\nHi,30007\\n\\"bad\\n")
        >>> up.frame.to_dict("records"), up.lines
        ([{'Body': 'Hi', 'ErrorCode': '30007'}], [2])
    """
    head = data[:_SNIFF]
    shown = md_literal(name)  # the file's name, as the page's markdown shows it
    if not data.strip():
        raise UploadError(f"{shown} is empty.")
    if head.startswith(b"PK\x03\x04"):
        raise UploadError(
            f"{shown} is a zip or spreadsheet (.xlsx) file, not text. Save or export it as "
            "CSV (UTF-8) or JSONL and upload that."
        )
    if problem := encoding_problem(shown, head):
        # (A NUL or two in a body is not: such rows are read, as by the CLI.)
        raise UploadError(f"{problem}.")
    notices: list[str] = []
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        body.decode("utf-8")  # only a check: the reader decodes the bytes as it goes
    except UnicodeDecodeError as exc:
        text = body.decode("utf-8", errors="replace")
        count = text.count("\ufffd")
        notices.append(
            f"The file is not valid UTF-8 (first bad byte at offset {exc.start:,}); "
            f"{count:,} undecodable byte(s) were replaced with '\ufffd'. If it came from "
            "Excel, save it as 'CSV UTF-8' for exact bodies: encoding rules look at every "
            "character."
        )
        body = text.encode()  # undecodable bytes are U+FFFD now, noted
        del text
    lead = _first_byte(body)
    lines_by_name = name.lower().endswith((".jsonl", ".ndjson"))
    fmt: InputFormat = "jsonl" if lines_by_name or lead in (b"{", b"[") else "csv"
    if lead == b"[" and not lines_by_name:
        body = _array_as_lines(body.decode()).encode()
    # BytesIO over bytes shares their buffer: no copy of the file.
    try:
        reader = Reader(name, fmt, chunk_rows=min(20_000, max_rows + 1), stream=io.BytesIO(body))
    except FormatError as exc:  # too wide for any export (the CLI refuses it too)
        raise UploadError(f"{md_literal(str(exc))}.") from None
    if fmt == "csv" and not reader.header:
        raise UploadError("The first line is not a CSV header.")
    _check_width(shown, len(reader.header))
    up = _collect(reader, fmt, max_rows, shown)
    up.notices[:0] = notices
    if up.frame.empty and not up.bad:
        raise UploadError(f"{shown} has a header but no rows.")
    if not len(up.frame.columns):  # JSON Lines with no readable object: nothing to map
        first = up.bad[0]
        more = f" ({len(up.bad) - 1:,} more unreadable rows)" if len(up.bad) > 1 else ""
        raise UploadError(f"No row of {shown} could be read: line {first['line']}: "
                          f"{first['reason']}{more}.")  # fmt: skip
    return up


def _first_byte(data: bytes) -> bytes:
    """The first byte that is not white space (``b""`` if none), without a stripped copy."""
    for start in range(0, len(data), _SNIFF):
        part = data[start : start + _SNIFF].lstrip()
        if part:
            return part[:1]
    return b""


def _check_width(name: str, columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise UploadError(
            f"{name} has {columns:,} columns; the app reads at most {MAX_COLUMNS:,}. Keep the "
            "message columns (body, error, numbers, status, date), or run `sms-diagnose batch`."
        )


def _array_as_lines(text: str) -> str:
    """A JSON array as JSON Lines, one element a line (its line number is its position).
    JSON Lines whose first line is an array stay as they are."""
    try:
        whole = json.loads(text)
    except RecursionError:
        raise UploadError("The JSON array is nested too deeply to read.") from None
    except ValueError as exc:  # JSONDecodeError, or an integer over 4,300 digits
        first = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first)
        except (ValueError, RecursionError):
            where = (
                f" (line {exc.lineno})"
                if isinstance(exc, json.JSONDecodeError)
                else ": it holds a number over 4,300 digits long"
            )
            raise UploadError(f"The JSON array is not valid JSON{where}.") from None
        return text  # a valid first line, then more: JSON Lines
    if not isinstance(whole, list):
        return text
    # ASCII escapes: a lone surrogate ("\ud800") cannot be encoded for the reader as text.
    return "".join(json.dumps(item) + "\n" for item in whole)


#: A lone surrogate: what a JSON "\ud800" escape decodes to; not text (cannot be UTF-8).
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Columns:
    """The frame's columns as they are collected: a header name repeated (after stripping)
    keeps its first column, as the CLI reader does; a blank name becomes ``column N``."""

    def __init__(self, header: list[str]) -> None:
        #: The cells of the chunk being read, per column; ``packed`` holds those before it.
        self.cells: dict[str, list[Any]] = {}
        self.packed: dict[str, list[pa.Array]] = {}
        self.rows_packed = 0
        self.surrogates = 0
        self._name_of: dict[str, str | None] = {}
        self.repeated: list[str] = []
        self.unnamed: list[str] = []
        for i, raw in enumerate(header):
            if raw in self._name_of:  # the same name again: the reader keeps the first
                self._repeat(self._name_of[raw] or raw.strip())
            else:
                self._add(raw, 0, i + 1)

    def name(self, raw: str, rows: int) -> str | None:
        """The column ``raw`` (a header name or JSON key) goes to; None: a repeat, not read.
        A new one starts with ``rows`` blank cells."""
        if raw not in self._name_of:
            self._add(raw, rows, len(self.cells) + 1)
        return self._name_of[raw]

    def _add(self, raw: str, rows: int, position: int) -> None:
        name = _SURROGATE.sub("\ufffd", raw.strip())
        if not name:
            name = f"column {position}"
            self.unnamed.append(name)
        if name in self.cells:
            self._repeat(name)
            self._name_of[raw] = None
            return
        self._name_of[raw] = name
        self.cells[name] = [""] * (rows - self.rows_packed)
        self.packed[name] = [_blank(self.rows_packed)] if self.rows_packed else []

    def _repeat(self, name: str) -> None:
        if name not in self.repeated:
            self.repeated.append(name)

    def pack(self) -> None:
        """Move the chunk's cells into Arrow strings: about a byte a character, where a list
        of Python strings costs some 50 bytes more a cell."""
        self.surrogates += _replace_surrogates(self.cells)
        rows = 0
        for name, values in self.cells.items():
            rows = len(values)
            self.packed[name].append(pa.array(values, pa.large_string()))
            values.clear()
        self.rows_packed += rows

    def frame(self, rows: int) -> pd.DataFrame:
        """The packed columns, cut to ``rows`` rows, as pandas' Arrow-backed ``str``."""
        return pd.DataFrame(
            {
                name: pd.array(
                    pa.chunked_array(parts, pa.large_string())[:rows].combine_chunks(),
                    dtype="str",
                )
                for name, parts in self.packed.items()
            }
        )


def _blank(rows: int) -> pa.Array:
    return pa.array([""] * rows, pa.large_string())


def _collect(reader: Reader, fmt: InputFormat, max_rows: int, shown: str) -> Upload:
    cols = _Columns(reader.header)
    lines: list[int] = []
    bad: list[BadRow] = []
    for chunk in reader:
        n = len(lines)
        for key, values in chunk.columns.items():
            name = cols.name(key, n)
            if name is not None:
                cols.cells[name].extend(map(_cell, values))
        lines += chunk.lines
        for values in cols.cells.values():
            values.extend([""] * (len(lines) - cols.rows_packed - len(values)))
        bad += chunk.bad
        _check_width(shown, len(cols.cells))  # JSON Lines: keys add up row by row
        cols.pack()
        if len(lines) > max_rows:
            break
    notices = []
    if cols.surrogates:
        notices.append(
            f"{cols.surrogates:,} cell(s) held a lone surrogate escape (\\ud800 to \\udfff), "
            "which is not text; each was replaced with '\ufffd'."
        )
    if cols.repeated:
        names = ", ".join(md_literal(repr(n)) for n in cols.repeated)
        notices.append(f"Repeated column names {names}: only the first of each is read.")
    if cols.unnamed:
        notices.append("Columns without a name are shown as " + ", ".join(cols.unnamed) + ".")
    if len(lines) > max_rows:
        cut = lines[max_rows]
        lines = lines[:max_rows]
        bad = [b for b in bad if b.line < cut]
        notices.append(_cut_notice(max_rows))
    # With no good row the columns stay (the header was read): the bad rows still show.
    frame = cols.frame(len(lines))
    return Upload(frame, lines, [b.to_dict() for b in bad], notices, fmt, list(cols.cells))


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _replace_surrogates(columns: dict[str, list[Any]]) -> int:
    """Replace lone surrogates in text cells with U+FFFD (they cannot be shown, downloaded or
    sent to the browser); a column is searched once, as one string. Returns the cells changed."""
    changed = 0
    for values in columns.values():
        if not _SURROGATE.search("".join(values)):
            continue
        for i, v in enumerate(values):
            if _SURROGATE.search(v):
                values[i] = _SURROGATE.sub("\ufffd", v)
                changed += 1
    return changed


def _cell(value: Any) -> Any:
    # Cells stay text, as from CSV; nested history becomes its JSON text, which the batch
    # reader parses back.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _cut_notice(max_rows: int) -> str:
    return (
        f"Only the first {max_rows:,} rows were read: the browser is for a quick look. Run "
        "`sms-diagnose batch FILE` for the whole file (it streams, any size)."
    )
