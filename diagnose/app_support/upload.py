"""Read an uploaded export (CSV or JSONL) into a frame, keeping every good row.

Uploads are untrusted and often wrong: an .xlsx saved with a .csv name, a Windows-1252
file, a truncated line. Each problem becomes either a clear ``UploadError`` (nothing
usable) or a bad row with its line number (the rest of the file still runs).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: Rows diagnosed in the browser; larger files are cut (with a notice) and belong to the
#: CLI (``sms-diagnose batch``), which streams. 200k rows is a busy sender's week.
MAX_ROWS = 200_000
# csv refuses fields over 128 KiB by default; an SMS body is at most a few KB, but a pasted
# log in one cell should become a bad row, not an exception.
_FIELD_LIMIT = 1_000_000
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
    if stripped.startswith(("{", "[")):
        up = _read_json(text, max_rows)
    else:
        up = _read_csv(text, max_rows)
    up.notices[:0] = notices
    if up.frame.empty and not up.bad:
        raise UploadError(f"{name} has a header but no rows.")
    return up


def _read_csv(text: str, max_rows: int) -> Upload:
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UploadError(f"The first line is not a CSV header ({exc}).") from None
    header = [h.strip() for h in header]
    if len(set(header)) != len(header) or any(not h for h in header):
        raise UploadError(
            "The CSV header has blank or repeated column names; every column needs a distinct name."
        )
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    bad: list[dict[str, Any]] = []
    notices: list[str] = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad.append({"line": start, "field": None, "reason": f"unreadable CSV: {exc}"})
            break  # the reader cannot resynchronise after a broken quote
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            bad.append(
                {
                    "line": start,
                    "field": None,
                    "reason": f"{len(row)} cells where the header has {width}",
                }
            )
            continue
        if len(rows) >= max_rows:
            notices.append(_cut_notice(max_rows))
            break
        rows.append(row)
        lines.append(start)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return Upload(frame, lines, bad, notices, "csv")


def _read_json(text: str, max_rows: int) -> Upload:
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    bad: list[dict[str, Any]] = []
    notices: list[str] = []
    if text.lstrip().startswith("["):
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UploadError(f"The JSON array is not valid JSON (line {exc.lineno}).") from None
        items = [(i + 1, item) for i, item in enumerate(whole)]
    else:
        items = []
        for lineno, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                items.append((lineno, json.loads(raw)))
            except json.JSONDecodeError as exc:
                bad.append({"line": lineno, "field": None, "reason": f"invalid JSON: {exc.msg}"})
    for lineno, item in items:
        if not isinstance(item, dict):
            bad.append({"line": lineno, "field": None, "reason": "not a JSON object"})
            continue
        if len(records) >= max_rows:
            notices.append(_cut_notice(max_rows))
            break
        records.append({k: _cell(v) for k, v in item.items()})
        lines.append(lineno)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame = frame.astype(object).where(frame.notna(), "") if not frame.empty else frame
    return Upload(frame, lines, bad, notices, "jsonl")


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
