"""Status-aware rows: on every supported export, a row that did not fail (delivered, sent,
queued, ... with no error code) gets no failure cause and is counted as delivered; failed
rows keep exactly the output they had."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from diagnose.batch import triage_frame
from diagnose.batch.formats import FORMATS_BY_NAME, is_failed, recognise
from diagnose.batch.run import run_batch
from diagnose.batch.vectorised import FAILURE_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "batch"

#: (fixture, status column, error column) of each provider export shipped as a fixture.
EXPORTS = [
    ("twilio_message_log.csv", "Status", "ErrorCode"),
    ("bandwidth_mdr.csv", "messageStatus", "errorCode"),
    ("telnyx_mdr.csv", "status", "errors"),
]


def _our_schema(tmp_path: Path) -> Path:
    """This project's JSON schema with a status per line (the fixture has none)."""
    lines = (FIXTURES / "sms_diagnose.jsonl").read_text().splitlines()
    statuses = ["delivered", "sent", "failed", "undelivered", "queued", "rejected"]
    out = []
    for i, line in enumerate(lines):
        row = json.loads(line)
        row["status"] = statuses[i % len(statuses)]
        if row["status"] in ("delivered", "sent", "queued"):
            row.pop("error", None)
        out.append(json.dumps(row))
    path = tmp_path / "ours.jsonl"
    path.write_text("\n".join(out) + "\n")
    return path


def _expected_failed(rows: list[dict[str, str]], status: str, error: str, fmt: str) -> list[bool]:
    mapping = recognise(list(rows[0]), format=fmt)
    return [is_failed(mapping, r.get(status), r.get(error)) for r in rows]


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize(("name", "status", "error"), EXPORTS)
def test_delivered_rows_get_no_failure_cause(
    name: str, status: str, error: str, output_format: str, tmp_path: Path
) -> None:
    src = FIXTURES / name
    out = tmp_path / f"o.{output_format}"
    stats = run_batch(
        str(src), str(out), output_format=output_format, use_model=False, progress=False
    )
    got = pd.read_parquet(out) if output_format == "parquet" else None
    if output_format == "jsonl":
        got = pd.DataFrame([json.loads(x) for x in out.read_text().splitlines()])
    elif output_format == "csv":
        got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert got is not None
    with src.open(newline="") as f:
        rows = list(csv.DictReader(f))
    failed = _expected_failed(rows, status, error, stats.mapping.format)
    delivered = {r[status].lower() for r, f in zip(rows, failed, strict=True) if not f}
    assert delivered and delivered <= FORMATS_BY_NAME[stats.mapping.format].other_statuses
    for column in FAILURE_COLUMNS:
        for value, f in zip(got[column].tolist(), failed, strict=True):
            blank = value is None or value == "" or value != value  # None, "", NaN
            assert blank or f, (column, value)  # a delivered row: every one empty
            if column in ("top_cause", "confidence", "retryable"):
                assert not blank or not f, (column, value)  # a failed row: always set
    assert got["verdict"].notna().all() and (got["verdict"] != "").all()
    assert stats.summary.failed == sum(failed)
    assert stats.summary.delivered == len(rows) - sum(failed)


def test_our_schema_with_statuses(tmp_path: Path) -> None:
    src = _our_schema(tmp_path)
    out = tmp_path / "o.jsonl"
    stats = run_batch(str(src), str(out), output_format="jsonl", use_model=False, progress=False)
    got = [json.loads(x) for x in out.read_text().splitlines()]
    sent = [json.loads(x) for x in src.read_text().splitlines()]
    for row, message in zip(got, sent, strict=True):
        did_fail = message["status"] in ("failed", "undelivered", "rejected")
        assert bool(row["top_cause"]) == did_fail, message["status"]
    assert stats.summary.delivered == sum(
        1 for m in sent if m["status"] in ("delivered", "sent", "queued")
    )


def test_failed_rows_keep_the_output_they_had_without_a_status(tmp_path: Path) -> None:
    """Failed rows are diagnosed exactly as before: the same rows with and without the
    status column (no status: every row is a failure, so no cell is blanked and a column
    may keep a narrower dtype)."""
    df = pd.read_csv(FIXTURES / "twilio_message_log.csv", dtype=str, keep_default_na=False)
    with_status, _, _ = triage_frame(df)
    without, _, _ = triage_frame(df.drop(columns=["Status"]))
    failed = df["ErrorCode"] != ""
    pd.testing.assert_frame_equal(
        with_status[failed.to_numpy()].reset_index(drop=True),
        without[failed.to_numpy()].reset_index(drop=True),
        check_dtype=False,
    )
    assert without["top_cause"].notna().all()  # no status column: every row is diagnosed


@pytest.mark.parametrize(
    ("status", "error", "failed"),
    [
        ("DELIVERED", "", False),
        ("sent", None, False),
        ("queued", "", False),
        ("undelivered", "", True),
        ("FAILED", "", True),
        ("delivered", "30007", True),  # an error code is a failure whatever the status says
        ("delivery_failed", "", True),
        ("sending_failed", "", True),
        ("expired", "", True),
        ("", "", False),
    ],
)
def test_status_vocabulary(status: str, error: str | None, failed: bool) -> None:
    mapping = recognise(["body", "status", "error"])
    assert is_failed(mapping, status, error) is failed
