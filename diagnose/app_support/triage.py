"""Run a parsed upload through ``diagnose.batch`` and shape what the Triage page shows:
the charts' frames, the row table a support engineer reads, and the ticket to send."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from diagnose.app_support.upload import Upload, without_surrogates
from diagnose.batch import ChunkResult, ColumnMapping, Summary, recognise, triage_frame
from diagnose.batch.csv_safety import neutralise
from diagnose.batch.formats import status_label
from diagnose.batch.summary import row_key
from diagnose.batch.ticket import Ticket, build_ticket, ticket_frame
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
    #: Per results row, the summary's key (its cause, or "unexplained"); None: did not fail.
    keys: list[str | None] = field(default_factory=list)


def mapping_for(up: Upload, overrides: Mapping[str, str] | None = None) -> ColumnMapping:
    """The recognised format, with hand-mapped columns winning; ``FormatError`` if no body."""
    return recognise(up.columns, dict(overrides or {}))


def run_triage(
    up: Upload,
    mapping: ColumnMapping,
    *,
    model: Any | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TriageOutcome:
    """Diagnose every row; ``line`` in results and bad rows is the line in the uploaded file."""
    keys: list[str | None] = []

    def _keys(chunk: ChunkResult) -> None:
        rows = chunk.summary_rows
        keys.extend(
            row_key(c, b) if f else None
            for c, b, f in zip(
                chunk.columns["top_cause"], rows["_basis"], rows["_failed"], strict=True
            )
        )

    results, bad, summary = triage_frame(
        up.frame, mapping, model=model, progress=progress, on_chunk=_keys, lines=up.lines
    )
    reading = pd.DataFrame(up.bad, columns=["line", "field", "reason"])
    all_bad = pd.concat([reading, bad], ignore_index=True) if len(reading) else bad
    all_bad = all_bad.sort_values("line", kind="stable").reset_index(drop=True)
    for name in ("field", "reason"):  # a JSON escape inside a cell can name a "\ud800" key
        all_bad[name] = [
            v if not isinstance(v, str) else without_surrogates(v) for v in all_bad[name]
        ]
    return TriageOutcome(results, all_bad, summary, mapping, list(up.notices), keys)


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


#: How much of a body the row table shows.
PREVIEW_CHARS = 80
#: The columns a support engineer reads first, in order; the rest follow.
FIRST_COLUMNS: tuple[str, ...] = (
    "line",
    "status",
    "error_code",
    "verdict",
    "top_cause",
    "confidence",
    "body_preview",
)
#: Columns holding a probability: shown alike, as percentages.
PERCENT_COLUMNS: tuple[str, ...] = ("confidence", "second_confidence", "content_risk")


def _preview(body: Any) -> str:
    if not isinstance(body, str):
        return ""
    text = " ".join(without_surrogates(body).split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def row_table(outcome: TriageOutcome, up: Upload) -> pd.DataFrame:
    """The results as the page shows them: status and a body preview from the upload, the
    columns read first in front, every probability as a percentage of one format, and empty
    cells empty (a grid shows None and NaN as "None")."""
    res = outcome.results
    where = {line: i for i, line in enumerate(up.lines)}
    rows = [where[int(line)] for line in res["line"]]
    cols = outcome.mapping.columns

    def cells(name: str) -> list[Any]:
        column = cols.get(name)
        if column is None or column not in up.frame.columns:
            return [None] * len(rows)
        values = up.frame[column].tolist()
        return [values[i] for i in rows]

    table = res.copy()
    table["status"] = ["" if s == "(none)" else s for s in map(status_label, cells("status"))]
    table["body_preview"] = [_preview(b) for b in cells("body")]
    for name in PERCENT_COLUMNS:
        table[name] = [percent(v) for v in pd.to_numeric(table[name], errors="coerce")]
    first = [c for c in FIRST_COLUMNS if c in table.columns]
    table = table[first + [c for c in table.columns if c not in first]]
    for name in table.columns:
        if name != "line":
            # Text, flags and ids (object or pandas' string dtype): None and NaN show empty.
            table[name] = pd.Series([_shown(v) for v in table[name]], dtype=object)
    return table


def percent(value: Any) -> str:
    """A probability as the row table shows every one: ``" 9.5%"``, ``"97.1%"``, or empty.

    Padded to one width, so the column sorts as numbers do.

    Example:
        >>> percent(0.095), percent(0.9714), percent(None)
        (' 9.5%', '97.1%', '')
    """
    if value is None or value != value:
        return ""
    return f"{float(value) * 100:4.1f}%".rjust(5)


def _shown(value: Any) -> Any:
    """A text cell as shown: empty for None, yes/no for a flag (a column of flags and blanks
    is text to Arrow)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def ticket_rows(outcome: TriageOutcome, up: Upload) -> pd.DataFrame:
    """Every result row joined to its upload row, as ``diagnose.batch.ticket`` reads them."""
    export = {str(c): up.frame[c].tolist() for c in up.frame.columns}
    return ticket_frame(outcome.results, export, up.lines, outcome.mapping, keys=outcome.keys)


def ticket_for(outcome: TriageOutcome, up: Upload, kind: str, value: str) -> Ticket:
    """The ticket for one selection, holding its own rows only: the join of every result to
    its upload row it is picked from (as large as the results again) is not kept."""
    return make_ticket(ticket_rows(outcome, up), outcome, kind, value)


def with_options(ticket: Ticket, *, unmask: bool, include_bodies: bool) -> Ticket:
    """``ticket`` shown with full phone numbers and/or message bodies, or without."""
    return replace(ticket, unmask=unmask, include_bodies=include_bodies)


def make_ticket(
    rows: pd.DataFrame,
    outcome: TriageOutcome,
    kind: str,
    value: str,
    *,
    unmask: bool = False,
    include_bodies: bool = False,
) -> Ticket:
    """The ticket for one cause (or "unexplained"), sender or template id of the upload."""
    provider = outcome.mapping.provider
    return build_ticket(
        rows,
        kind,
        value,
        provider=provider.value if provider else None,
        unmask=unmask,
        include_bodies=include_bodies,
    )
