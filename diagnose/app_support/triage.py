"""Run a parsed upload through ``diagnose.batch`` and shape what the Triage page shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from diagnose.app_support.upload import Upload, without_surrogates
from diagnose.batch import ColumnMapping, Summary, recognise, triage_frame
from diagnose.batch.csv_safety import neutralise
from diagnose.batch.vectorised import message_fields
from diagnose.message import FailedMessage

#: Fields a person can map by hand when the export is not recognised, most useful first.
MAPPABLE_FIELDS: tuple[str, ...] = (
    "body",
    "error",
    "provider",
    "from",
    "to",
    "sent_at",
    "status",
    "id",
    "brand",
    "origin",
    "first_message",
    "consent",
    "sender_type",
)


@dataclass
class TriageOutcome:
    """Results keyed by source line, every unreadable row, and the batch summary."""

    results: pd.DataFrame
    bad: pd.DataFrame
    summary: Summary
    mapping: ColumnMapping
    notices: list[str] = field(default_factory=list)


def mapping_for(up: Upload, overrides: Mapping[str, str] | None = None) -> ColumnMapping:
    """The recognised format, with hand-mapped columns winning; ``FormatError`` if no body."""
    return recognise([str(c) for c in up.frame.columns], dict(overrides or {}))


def run_triage(
    up: Upload,
    mapping: ColumnMapping,
    *,
    model: Any | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TriageOutcome:
    """Diagnose every row; ``line`` in results and bad rows is the line in the uploaded file."""
    results, bad, summary = triage_frame(up.frame, mapping, model=model, progress=progress)
    to_source = up.lines
    if len(results):
        results["line"] = [to_source[i - 1] for i in results["line"]]
    if len(bad):
        bad["line"] = [to_source[i - 1] for i in bad["line"]]
    reading = pd.DataFrame(up.bad, columns=["line", "field", "reason"])
    all_bad = pd.concat([reading, bad], ignore_index=True) if len(reading) else bad
    all_bad = all_bad.sort_values("line", kind="stable").reset_index(drop=True)
    for name in ("field", "reason"):  # a JSON escape inside a cell can name a "\ud800" key
        all_bad[name] = [
            v if not isinstance(v, str) else without_surrogates(v) for v in all_bad[name]
        ]
    return TriageOutcome(results, all_bad, summary, mapping, list(up.notices))


def message_at(up: Upload, mapping: ColumnMapping, line: int) -> FailedMessage:
    """The message on source ``line``, for opening one row in the Diagnose page."""
    pos = up.lines.index(line)
    row = up.frame.iloc[pos]
    values = {name: row[col] for name, col in mapping.columns.items() if col in row.index}
    return FailedMessage.from_dict(message_fields(values, mapping))


def counts_frame(counts: Any, label: str) -> pd.DataFrame:
    """A summary's ``Count`` tuple as a two-column frame for charts."""
    return pd.DataFrame(
        {
            label: [c.key for c in counts],
            "rows": [c.count for c in counts],
            "share": [c.share for c in counts],
        }
    )


def results_csv(results: pd.DataFrame) -> bytes:
    """The results as CSV, every cell neutralised against spreadsheet formula injection."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutralise(str(c)) for c in results.columns])
    for row in results.itertuples(index=False, name=None):
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return buf.getvalue().encode("utf-8")


def results_jsonl(results: pd.DataFrame) -> bytes:
    """The results as JSON lines (one object per row)."""
    return results.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8")
