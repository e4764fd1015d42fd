"""Verdicts from the triage page: on one row of an uploaded export, or on every row of a
template ("this template fails for cause C"), as cases and verdicts ready to record.

Pure (no Streamlit): the page passes the upload's frame and source lines, the column
mapping and the results it shows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from diagnose.batch import ColumnMapping
from diagnose.batch.mask import mask_template
from diagnose.batch.vectorised import message_fields
from diagnose.feedback.capture import case_from_result
from diagnose.feedback.records import CaseRecord, Scope, VerdictInput, judge
from diagnose.message import FailedMessage, InputError


def frame_key(frame: pd.DataFrame) -> str:
    """A digest of an upload's content: the same file uploaded twice makes the same cases."""
    digest = pd.util.hash_pandas_object(frame.astype(str), index=True).to_numpy().tobytes()
    return hashlib.sha256(digest).hexdigest()[:16]


def row_templates(
    frame: pd.DataFrame, lines: Sequence[int], mapping: ColumnMapping, results: pd.DataFrame
) -> pd.Categorical[str]:
    """The masked template of each result row's body (``""`` where there is none).

    A categorical: the page keeps it for the session, and a campaign's rows share one
    template (a code a row, not a string a row)."""
    column = mapping.columns.get("body")
    if column is None or column not in frame.columns:
        return pd.Categorical([""] * len(results))
    position = {line: i for i, line in enumerate(lines)}
    bodies = frame[column].tolist()
    out = []
    for line in results["line"]:
        pos = position.get(int(line))
        body = bodies[pos] if pos is not None else None
        out.append(mask_template(body) if isinstance(body, str) else "")
    return pd.Categorical(out)


def template_counts(templates: Iterable[str], top: int = 50) -> list[tuple[str, int]]:
    """The most common templates, for the page's picker."""
    return Counter(t for t in templates if t).most_common(top)


def triage_items(
    frame: pd.DataFrame,
    lines: Sequence[int],
    mapping: ColumnMapping,
    results: pd.DataFrame,
    rows: Sequence[int],
    answer: str,
    *,
    scope: Scope,
    note: str | None = None,
    reference: str | None = None,
    reviewer: str | None = None,
    keep_text: bool = False,
) -> tuple[list[tuple[CaseRecord, VerdictInput]], list[tuple[int, str]]]:
    """Cases and verdicts for the result rows at positions ``rows``.

    ``answer`` is a cause id, ``confirm`` or ``not sure`` and is read against each row's own
    top cause (so on a template, rows the tool already put on that cause are confirmed).
    Returns the items and (line, reason) for rows that could not take the verdict.
    """
    position = {line: i for i, line in enumerate(lines)}
    key = frame_key(frame)
    items: list[tuple[CaseRecord, VerdictInput]] = []
    skipped: list[tuple[int, str]] = []
    for r in rows:
        result: dict[str, Any] = {str(k): v for k, v in results.iloc[r].to_dict().items()}
        line = int(result["line"])
        message = None
        pos = position.get(line)
        if pos is not None:
            cells = frame.iloc[pos]
            values = {f: cells[c] for f, c in mapping.columns.items() if c in cells.index}
            try:
                message = FailedMessage.from_dict(message_fields(values, mapping))
            except InputError:
                message = None
        try:
            case = case_from_result(
                result,
                message=message,
                id_column=mapping.id_column,
                keep_text=keep_text,
                source="triage",
                file_key=key,
            )
            kind, cause = judge(case.top_cause, answer)
        except ValueError as exc:
            skipped.append((line, str(exc)))
            continue
        verdict = VerdictInput(
            kind, cause, note=note, reference=reference, reviewer=reviewer, scope=scope
        )
        items.append((case, verdict))
    return items, skipped
