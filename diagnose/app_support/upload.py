"""Read an uploaded export (CSV or JSONL) into a frame, keeping every good row.

Uploads are untrusted and often wrong: an .xlsx saved with a .csv name, a Windows-1252
file, a truncated line. Each problem becomes either a clear ``UploadError`` (nothing
usable) or a bad row with its line number (the rest of the file still runs).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from diagnose.batch.readers import InputFormat, Reader
from diagnose.batch.vectorised import BadRow

#: Rows diagnosed in the browser; larger files are cut (with a notice) and belong to the
#: CLI (``sms-diagnose batch``), which streams. 200k rows is a busy sender's week.
MAX_ROWS = 200_000
_SNIFF = 8192


class UploadError(ValueError):
    """The file cannot be read as an export at all; the message says what to do."""


@dataclass
class Upload:
    """A parsed export: rows as text cells, their source line numbers, and what was skipped."""

    frame: pd.DataFrame
    lines: list[int]
    bad: list[dict[str, Any]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    kind: str = "csv"


def read_upload(name: str, data: bytes, *, max_rows: int = MAX_ROWS) -> Upload:
    """Parse ``data`` by content (JSONL/JSON if it starts with ``{`` or ``[``, else CSV).

    Example:
        >>> up = read_upload("x.csv", b"Body,ErrorCode\\nHi,30007\\n\\"bad\\n")
        >>> up.frame.to_dict("records"), up.lines
        ([{'Body': 'Hi', 'ErrorCode': '30007'}], [2])
    """
    head = data[:_SNIFF]
    if not data.strip():
        raise UploadError(f"{name} is empty.")
    if head.startswith(b"PK\x03\x04"):
        raise UploadError(
            f"{name} is a zip or spreadsheet (.xlsx) file, not text. Save or export it as "
            "CSV (UTF-8) or JSONL and upload that."
        )
    if b"\x00" in head:
        raise UploadError(
            f"{name} looks like a binary file (it contains NUL bytes), or text in UTF-16. "
            "Export the messages as CSV (UTF-8) or JSONL."
        )
    notices: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        count = text.count("\ufffd")
        notices.append(
            f"The file is not valid UTF-8 (first bad byte at offset {exc.start:,}); "
            f"{count:,} undecodable byte(s) were replaced with '\ufffd'. If it came from "
            "Excel, save it as 'CSV UTF-8' for exact bodies: encoding rules look at every "
            "character."
        )
    stripped = text.lstrip()
    fmt: InputFormat = "jsonl" if stripped.startswith(("{", "[")) else "csv"
    if stripped.startswith("["):
        text = _array_as_lines(text)
    # The batch reader, over the decoded text (undecodable bytes are already U+FFFD, noted).
    reader = Reader(
        name, fmt, chunk_rows=min(20_000, max_rows + 1), stream=io.BytesIO(text.encode())
    )
    if fmt == "csv":
        _check_header(reader.header)
    up = _collect(reader, fmt, max_rows)
    up.notices[:0] = notices
    if up.frame.empty and not up.bad:
        raise UploadError(f"{name} has a header but no rows.")
    return up


def _array_as_lines(text: str) -> str:
    """A JSON array as JSON Lines, one element a line (its line number is its position)."""
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UploadError(f"The JSON array is not valid JSON (line {exc.lineno}).") from None
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in whole)


def _check_header(header: list[str]) -> None:
    if not header:
        raise UploadError("The first line is not a CSV header.")
    names = [h.strip() for h in header]
    if len(set(names)) != len(names) or any(not h for h in names):
        raise UploadError(
            "The CSV header has blank or repeated column names; every column needs a distinct name."
        )


def _collect(reader: Reader, fmt: InputFormat, max_rows: int) -> Upload:
    columns: dict[str, list[Any]] = {h.strip(): [] for h in reader.header}
    lines: list[int] = []
    bad: list[BadRow] = []
    for chunk in reader:
        n = len(lines)
        for key, values in chunk.columns.items():
            columns.setdefault(key.strip(), [""] * n).extend(map(_cell, values))
        lines += chunk.lines
        for values in columns.values():
            values.extend([""] * (len(lines) - len(values)))
        bad += chunk.bad
        if len(lines) > max_rows:
            break
    notices = []
    if len(lines) > max_rows:
        cut = lines[max_rows]
        lines = lines[:max_rows]
        columns = {k: v[:max_rows] for k, v in columns.items()}
        bad = [b for b in bad if b.line < cut]
        notices.append(_cut_notice(max_rows))
    frame = pd.DataFrame(columns, dtype=object) if lines else pd.DataFrame()
    return Upload(frame, lines, [b.to_dict() for b in bad], notices, fmt)


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
