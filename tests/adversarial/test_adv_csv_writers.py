"""Every CSV the project writes reads back to the same rows with the same cells.

Cells come from customer data (ids, kept columns, file names, reasons that quote a value),
so they are generated with the characters that break CSV: CR and LF alone and together,
quotes, delimiters, NUL, tabs and the formula triggers. A cell that comes back split, or as
a new record, is how ``SM1\\r=cmd|' /C calc'!A0`` used to reach a spreadsheet as a formula.
Each writer is read back by Python's ``csv`` module and by pandas (two independent parsers).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnose.app_support import results_csv
from diagnose.batch import run_batch
from diagnose.batch.csv_safety import SafeWriter, neutralise
from diagnose.batch.run import ErrorsFile, Writer
from diagnose.batch.vectorised import RESULT_COLUMNS, BadRow

HOSTILE = "\r\n\",;\t\x00=+-@' |!A0abc"
cells = st.one_of(
    st.text(alphabet=st.sampled_from(list(HOSTILE)), max_size=12),
    st.text(max_size=12),
    st.sampled_from(["SM1\r=cmd|' /C calc'!A0", "\r", "\r\n", "\n", '"', "=1+2", "-3", "+1555"]),
)
# Scalars the writers are given besides text (results carry numbers, booleans and None).
values = st.one_of(cells, st.none(), st.integers(-5, 10**6), st.booleans(), st.floats(0, 1))
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _as_written(value: Any) -> str:
    """What a cell reads back as: its neutralised text (None is empty)."""
    value = neutralise(value)
    return "" if value is None else str(value)


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # no newline translation: the bytes as written


def _read_python(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data, newline="")))


def _read_pandas(data: str) -> list[list[str]]:
    frame = pd.read_csv(
        io.StringIO(data), dtype=str, keep_default_na=False, header=None, engine="python"
    )
    return frame.to_numpy().tolist()  # type: ignore[no-any-return]


def _assert_round_trip(data: str, expected: list[list[str]]) -> None:
    assert _read_python(data) == expected
    if "\x00" not in data:  # pandas' parsers stop a cell at NUL
        assert _read_pandas(data) == expected


@SETTINGS
@given(rows=st.lists(st.lists(values, min_size=3, max_size=3), min_size=1, max_size=6))
def test_safe_writer_round_trips(rows: list[list[Any]]) -> None:
    buf = io.StringIO(newline="")
    SafeWriter(buf).writerows([[neutralise(v) for v in row] for row in rows])
    _assert_round_trip(buf.getvalue(), [[_as_written(v) for v in row] for row in rows])


@SETTINGS
@given(ids=st.lists(cells, min_size=1, max_size=8), data=st.data())
def test_batch_output_writer_round_trips(tmp_path: Path, ids: list[str], data: Any) -> None:
    columns = ["Sid", *RESULT_COLUMNS]
    chunk = {c: [data.draw(values) for _ in ids] for c in RESULT_COLUMNS} | {"Sid": ids}
    path = tmp_path / "out.csv"
    writer = Writer(str(path), "csv", columns, append=False)
    writer.write(chunk)
    writer.close()
    expected = [columns] + [[_as_written(chunk[c][i]) for c in columns] for i in range(len(ids))]
    _assert_round_trip(_text(path), expected)


@SETTINGS
@given(bad=st.lists(st.tuples(st.integers(1, 10**6), cells, cells), min_size=1, max_size=6))
def test_errors_file_round_trips(tmp_path: Path, bad: list[tuple[int, str, str]]) -> None:
    path = tmp_path / "out.errors.csv"
    errors = ErrorsFile(str(path), append=False)
    errors.write([BadRow(line, reason, field or None) for line, field, reason in bad])
    errors.close()
    expected = [["line", "field", "reason"]] + [
        [str(line), field, _as_written(reason)] for line, field, reason in bad
    ]
    _assert_round_trip(_text(path), expected)


@SETTINGS
@given(source=cells, bad=st.lists(st.tuples(st.integers(1, 99), cells), min_size=1, max_size=4))
def test_dask_errors_file_round_trips(
    tmp_path: Path, source: str, bad: list[tuple[int, str]]
) -> None:
    pytest.importorskip("dask")
    from diagnose.batch.dask_engine import _ErrorsOut

    path = tmp_path / "errors.csv"
    errors = _ErrorsOut(str(path), with_file=True)
    errors.write(source, [BadRow(line, reason) for line, reason in bad])
    errors.close()
    expected = [["file", "line", "field", "reason"]] + [
        [_as_written(source), str(line), "", _as_written(reason)] for line, reason in bad
    ]
    _assert_round_trip(_text(path), expected)


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=6))
def test_app_download_round_trips(rows: list[list[str]]) -> None:
    frame = pd.DataFrame(rows, columns=["id", "=top_cause"], dtype=object)
    data = results_csv(frame).decode("utf-8")
    expected = [["id", "'=top_cause"]] + [[_as_written(v) for v in row] for row in rows]
    _assert_round_trip(data, expected)


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=5))
def test_ticket_csv_round_trips(rows: list[list[str]]) -> None:
    from diagnose.batch.ticket import TICKET_COLUMNS, Ticket

    columns = [c for c in TICKET_COLUMNS if c != "key"]
    frame = pd.DataFrame(
        [
            {c: f"{a}{c}{b}" for c in TICKET_COLUMNS}
            | {"id": a, "body": b, "from": "+15550001111", "to": "+15552223333"}
            for a, b, _ in rows
        ],
        dtype=object,
    )
    ticket = Ticket("cause", "x", frame, unmask=True, include_bodies=True)
    expected = [columns] + [[_as_written(r[c]) for c in columns] for r in frame.to_dict("records")]
    _assert_round_trip(ticket.rows_csv(), expected)


def test_a_carriage_return_in_an_id_stays_in_its_cell_end_to_end(tmp_path: Path) -> None:
    """The adversarial pass's case, through ``run_batch`` (JSON Lines in, CSV out): the id
    comes back as one cell of its own row, and no record starts with ``=cmd``."""
    hostile = "SM1\r=cmd|' /C calc'!A0"
    rows = [
        {"id": hostile, "body": "Hi", "error": "30007"},
        {"id": "SM2", "body": "Hello\r=1+1", "error": "\r@SUM(1)"},
        {"id": "SM3\r\n-2+3", "body": "x"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.csv"
    stats = run_batch(str(src), str(out), use_model=False, progress=False, keep=["error"])
    assert stats.rows_out == 3
    read = _read_python(_text(out))
    assert [r[0] for r in read[1:]] == [hostile, "SM2", "SM3\r\n-2+3"]
    assert [r[1] for r in read[1:]] == ["30007", "'\r@SUM(1)", ""]
    assert not any(cell.startswith(("=", "@", "+", "-")) for r in read for cell in r[:2])
    assert len(pd.read_csv(out, dtype=str, keep_default_na=False)) == 3
