"""Batch triage: exports in, one result row per message and a cause summary out.

The in-memory entry point is ``triage_frame`` (used by the Streamlit app); the CLI
(``sms-diagnose batch``) streams files through the same ``BatchDiagnoser`` (``run_batch``).
May import any part of the library but the UI; nothing but the CLI and the app imports it.
``dask_engine`` is imported directly where used, since it needs the optional ``dask`` extra.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from diagnose.batch.formats import FORMATS, ColumnMapping, FormatError, parse_map, recognise
from diagnose.batch.readers import Reader
from diagnose.batch.report_html import render_report
from diagnose.batch.run import (
    TEXT_ERRORS,
    check_paths,
    check_writable,
    checkpoint_path,
    default_errors_path,
    run_batch,
)
from diagnose.batch.summary import (
    UNEXPLAINED,
    Summary,
    SummaryBuilder,
    add_to_summary,
    rows_text,
)
from diagnose.batch.ticket import (
    Ticket,
    TicketError,
    build_ticket,
    confirm_fallbacks,
    ticket_frame,
)
from diagnose.batch.vectorised import RESULT_COLUMNS, BadRow, BatchDiagnoser, ChunkResult

if TYPE_CHECKING:
    from diagnose.engine import Classifier

__all__ = [
    "FORMATS",
    "RESULT_COLUMNS",
    "TEXT_ERRORS",
    "UNEXPLAINED",
    "BadRow",
    "BatchDiagnoser",
    "ChunkResult",
    "ColumnMapping",
    "FormatError",
    "Reader",
    "Summary",
    "SummaryBuilder",
    "Ticket",
    "TicketError",
    "add_to_summary",
    "build_ticket",
    "check_paths",
    "check_writable",
    "checkpoint_path",
    "confirm_fallbacks",
    "default_errors_path",
    "parse_map",
    "recognise",
    "render_report",
    "rows_text",
    "run_batch",
    "ticket_frame",
    "triage_frame",
]

#: Rows diagnosed between two progress callbacks.
CHUNK_ROWS = 10_000


def triage_frame(
    df: pd.DataFrame,
    mapping: ColumnMapping | Mapping[str, str] | None = None,
    model: Classifier | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    keep: Sequence[str] = (),
    include_bodies: bool = False,
    on_chunk: Callable[[ChunkResult], None] | None = None,
    lines: Sequence[int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, Summary]:
    """Diagnose every row of an export already in memory.

    ``mapping`` is a ``ColumnMapping``, a ``{field: column}`` dict of overrides (as from
    ``parse_map``), or None to recognise the format from the columns. ``progress(done,
    total)`` is called after each chunk. Returns (results, bad rows, summary): results have
    the carried id column(s) and ``RESULT_COLUMNS``; ``line`` is the row's 1-based position
    in ``df``, or its entry in ``lines`` (the rows' lines in the source file, so that the
    summary's example rows name them too); bad rows have ``line``, ``field`` and ``reason``.
    Raises ``FormatError`` when no body column can be found. ``on_chunk`` sees each chunk's
    ``ChunkResult`` (its summary columns too: the app reads which causes were identified).

    Example:
        >>> df = pd.DataFrame({"Body": ["Hi"], "ErrorCode": ["21610"], "Sid": ["SM1"]})
        >>> results, bad, summary = triage_frame(df)
        >>> results[["Sid", "top_cause"]].values.tolist(), len(bad), summary.failed
        ([['SM1', 'opted_out_recipient']], 0, 1)
    """
    if not isinstance(mapping, ColumnMapping):
        mapping = recognise(list(df.columns), mapping)
    diagnoser = BatchDiagnoser(mapping, model=model, keep=keep)
    builder = SummaryBuilder(keep_examples=include_bodies)
    parts: list[pd.DataFrame] = []
    bad: list[BadRow] = []
    total = len(df)
    needed = [c for c in {*mapping.columns.values(), *diagnoser.keep} if c in df.columns]
    for start in range(0, total, CHUNK_ROWS):
        block = df.iloc[start : start + CHUNK_ROWS]
        chunk = {c: block[c].tolist() for c in needed}
        numbers = (
            list(lines[start : start + len(block)])
            if lines is not None
            else list(range(start + 1, start + len(block) + 1))
        )
        result = diagnoser.run_chunk(chunk, numbers)
        add_to_summary(builder, result)
        if on_chunk is not None:
            on_chunk(result)
        parts.append(pd.DataFrame(result.columns))
        bad.extend(result.bad)
        if progress is not None:
            progress(min(start + CHUNK_ROWS, total), total)
    columns = [*diagnoser.keep, *RESULT_COLUMNS]
    results = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    bad_df = pd.DataFrame([b.to_dict() for b in bad], columns=["line", "field", "reason"])
    return results, bad_df, builder.build()
