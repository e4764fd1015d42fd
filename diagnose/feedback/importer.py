"""Bulk verdicts: a results file of ``sms-diagnose batch`` with a column the engineer filled
in (the real cause, ``confirm`` or ``not sure``; blank: no verdict yet).

Each row becomes a case (once: the same file imported twice adds nothing) and, when its
cause cell is filled, a verdict. With the original export (``--input``) the case keeps the
row's input (as a hash and template unless bodies are kept); without it only the error code.
A row that cannot be read is reported with its line and the rest is imported.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diagnose.batch import RESULT_COLUMNS as BATCH_RESULT_COLUMNS
from diagnose.feedback.capture import case_from_result
from diagnose.feedback.records import CaseRecord, Scope, VerdictInput, judge
from diagnose.feedback.store import FeedbackStore
from diagnose.message import FailedMessage, InputError

#: Columns ``sms-diagnose batch`` writes itself (and Dask's ``file``), which are
#: never the row's id.
RESULT_COLUMNS = frozenset({*BATCH_RESULT_COLUMNS, "file"})


@dataclass
class ImportSummary:
    """What an import did; ``bad`` holds (line, reason) for every row left out."""

    rows: int = 0
    new_cases: int = 0
    new_verdicts: int = 0
    pending: int = 0
    unchanged: int = 0
    with_input: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)

    def text(self) -> str:
        return (
            f"{self.rows} rows read: {self.new_cases} new cases, {self.new_verdicts} new "
            f"verdicts, {self.unchanged} verdicts already recorded, {self.pending} rows without "
            f"a verdict yet, {len(self.bad)} rows left out"
            + (f"; {self.with_input} with their input from the export" if self.with_input else "")
        )


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line, row) from a CSV or JSON Lines results file; the line a spreadsheet shows.
    A line that is not a JSON object gives the reason instead of a row: it is left out,
    and the rest is read (a number over 4,300 digits made ``json.loads`` stop the import)."""
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield n, _json_row(line)
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            yield reader.line_num, dict(row)


def _json_row(line: str) -> dict[str, Any] | str:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg})"
    except ValueError:  # an integer longer than Python converts
        return "not JSON: it holds a number over 4,300 digits long"
    except RecursionError:
        return "not JSON: nested too deeply"
    return row if isinstance(row, dict) else "not a JSON object"


def _header(path: Path) -> list[str]:
    for _, row in _rows(path):
        if isinstance(row, dict):
            return list(row)
    return []


def _unquote(value: Any) -> Any:
    """Undo the batch writer's formula guard (a leading ``'`` before ``= + - @``)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def read_inputs(path: str, map_spec: str | None = None) -> dict[int, FailedMessage]:
    """The original export's messages by line, read as ``sms-diagnose batch`` reads them."""
    from diagnose.batch import parse_map, recognise
    from diagnose.batch.readers import Reader
    from diagnose.batch.vectorised import message_fields

    reader = Reader(path)
    try:
        mapping = recognise(reader.header, parse_map(map_spec))
        out: dict[int, FailedMessage] = {}
        for chunk in reader:
            for i, line in enumerate(chunk.lines):
                values = {
                    name: chunk.columns[col][i]
                    for name, col in mapping.columns.items()
                    if col in chunk.columns
                }
                try:
                    out[line] = FailedMessage.from_dict(message_fields(values, mapping))
                except InputError:
                    continue  # batch put this row in its errors file: it has no result
        return out
    finally:
        reader.close()


def import_results(
    store: FeedbackStore,
    results: str | Path,
    cause_column: str,
    *,
    input_path: str | None = None,
    map_spec: str | None = None,
    id_column: str | None = None,
    note_column: str | None = None,
    reference_column: str | None = None,
    reviewer: str | None = None,
    keep_text: bool = False,
) -> ImportSummary:
    """Record every row of ``results`` and the verdicts in ``cause_column``."""
    path = Path(results)
    header = _header(path)
    for name, col in (
        ("cause", cause_column),
        ("note", note_column),
        ("reference", reference_column),
        ("id", id_column),
    ):
        if col is not None and col not in header:
            raise ValueError(f"{path} has no {name} column {col!r} (columns: {', '.join(header)})")
    if "top_cause" not in header:
        raise ValueError(f"{path} is not a results file of `sms-diagnose batch` (no top_cause)")
    own = {cause_column, note_column, reference_column}
    if id_column is None:
        id_column = next((c for c in header if c not in RESULT_COLUMNS and c not in own), None)
    inputs = read_inputs(input_path, map_spec) if input_path else {}
    file_key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]

    summary = ImportSummary()
    items: list[tuple[CaseRecord, VerdictInput | None]] = []
    for line, raw in _rows(path):
        summary.rows += 1
        if isinstance(raw, str):
            summary.bad.append((line, raw))
            continue
        row: Mapping[str, Any] = {k: _unquote(v) for k, v in raw.items()}
        try:
            source_line = int(str(row.get("line") or "0").strip() or 0)
        except ValueError:
            summary.bad.append((line, f"line {row.get('line')!r} is not a number"))
            continue
        message = inputs.get(source_line)
        summary.with_input += message is not None
        try:
            case = case_from_result(
                row,
                message=message,
                id_column=id_column,
                keep_text=keep_text,
                source="import",
                file_key=file_key,
            )
        except ValueError as exc:
            summary.bad.append((line, f"top_cause: {exc}"))
            continue
        answer = str(row.get(cause_column) or "").strip()
        verdict = None
        if answer:
            try:
                kind, cause = judge(case.top_cause, answer)
            except ValueError as exc:
                summary.bad.append((line, f"{cause_column}: {exc}"))
                continue
            verdict = VerdictInput(
                kind,
                cause,
                note=str(row.get(note_column) or "").strip() or None if note_column else None,
                reference=(
                    str(row.get(reference_column) or "").strip() or None
                    if reference_column
                    else None
                ),
                reviewer=reviewer,
                scope=Scope.ROW,
            )
        else:
            summary.pending += 1
        items.append((case, verdict))
    for (_, verdict), rec in zip(items, store.record_many(items, skip_same=True), strict=True):
        summary.new_cases += rec.new_case
        summary.new_verdicts += rec.new_verdict
        summary.unchanged += verdict is not None and not rec.new_verdict
    return summary
