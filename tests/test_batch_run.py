"""The batch path: identical to row-by-row diagnose(), nothing dropped, resumable, private."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from diagnose.batch import triage_frame
from diagnose.batch.formats import recognise
from diagnose.batch.run import run_batch
from diagnose.batch.synthetic import generate_rows
from diagnose.batch.vectorised import RESULT_COLUMNS, BatchDiagnoser, message_fields, outcome_of
from diagnose.cli import main
from diagnose.cli.common import EXIT_COMPLETED_WITH_BAD_ROWS, EXIT_OK
from diagnose.engine import diagnose
from diagnose.learn.model import load_default_model
from diagnose.message import FailedMessage

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


def _write_csv(path: Path, cols: dict[str, list[str]], extra: str = "") -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows(zip(*cols.values(), strict=True))
        f.write(extra)


def _varied_rows(n: int) -> dict[str, list[str]]:
    """Traffic with the context varied harder than exports do: history, odd numbers, time
    zones, bodies that only the prefilters' Unicode corners reach."""
    cols = generate_rows(n, seed=7, recipients=400)
    history = '[{"direction": "inbound", "body": "STOP"}]'
    cols["history"] = [""] * n
    cols["recipient_timezone"] = [""] * n
    for i in range(0, n, 17):
        cols["to"][i] = "555-1234"
    for i in range(3, n, 23):
        cols["history"][i] = history if i % 2 else '[{"direction": "inbound", "body": "hi"}]'
    for i in range(11, n, 37):  # a STOP that came after the send: rules and model skip it
        cols["history"][i] = '[{"direction": "inbound", "body": "STOP", "at": "2099-01-01T00:00Z"}]'
    for i in range(5, n, 29):
        cols["recipient_timezone"][i] = "America/Chicago"
    for i in range(7, n, 31):
        cols["body"][i] = cols["body"][i].upper() + " Ｆree ΒΟΝUS v-i-a-g-r-a \u200b!! 🎉🎉🎉"
    return cols


def _assert_batch_equals_diagnose(
    cols: dict[str, list[str]], model: Any = None, chunk: int = 700
) -> BatchDiagnoser:
    n = len(cols["body"])
    mapping = recognise(list(cols))
    d = BatchDiagnoser(mapping, model=model)
    d.runner.direct_after = 300  # exercise rules switching to direct runs mid-file
    got: dict[int, tuple[object, ...]] = {}
    for start in range(0, n, chunk):  # several chunks: trees and caches carry over
        part = {k: v[start : start + chunk] for k, v in cols.items()}
        result = d.run_chunk(part, list(range(start, start + len(part["body"]))))
        assert not result.bad
        for j, line in enumerate(result.columns["line"]):
            got[line] = tuple(result.columns[c][j] for c in RESULT_COLUMNS[1:])
    for i in range(n):
        values = {k: cols[k][i] for k in cols}
        message = FailedMessage.from_dict(message_fields(values, mapping))
        expected = outcome_of(diagnose(message, model=model, rewrite=False)).as_tuple()
        assert got[i] == expected, (i, values["body"])
    return d


def test_fast_path_equals_row_by_row_diagnose() -> None:
    d = _assert_batch_equals_diagnose(_varied_rows(3000))
    assert any(s.direct for s in d.runner.states)


def test_fast_path_with_the_model_equals_row_by_row_diagnose() -> None:
    model, problem = load_default_model()
    assert model is not None, f"the shipped model must load in the test environment: {problem}"
    _assert_batch_equals_diagnose(_varied_rows(1500), model)


# Workers get uneven shares, none at all, or chunks of bad rows only (chunk_rows=1).
@pytest.mark.parametrize(("jobs", "chunk_rows"), [(1, 16), (3, 16), (2, 1)])
def test_bad_rows_are_counted_with_line_numbers(tmp_path: Path, jobs: int, chunk_rows: int) -> None:
    cols = generate_rows(40, seed=2)
    cols["body"][5] = ""  # missing body: line 7 (header is line 1)
    cols["first_message"][9] = "perhaps"  # not a boolean: line 11
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    raw = src.read_bytes()
    # a row with bad UTF-8, then a row with broken quoting (swallows nothing after it)
    raw += b"x1,caf\xe9 ok,30007" + b"," * 12 + b"\n"
    raw += b'x2,"unterminated,30007\n'
    src.write_bytes(raw)
    out = tmp_path / "out.csv"
    stats = run_batch(
        str(src), str(out), use_model=False, chunk_rows=chunk_rows, jobs=jobs, progress=False
    )
    assert stats.rows_in == 42 and stats.rows_out == 38 and stats.bad_rows == 4
    errors = list(csv.DictReader((tmp_path / "out.csv.errors.csv").open()))
    assert [(e["line"], e["field"]) for e in errors] == [
        ("7", "body"),
        ("11", "first_message"),
        ("42", ""),
        ("43", ""),
    ]
    assert "UTF-8" in errors[2]["reason"] and "fields" in errors[3]["reason"]
    result = pd.read_csv(out)
    assert len(result) == 38 and result["line"].is_monotonic_increasing


def test_a_new_run_leaves_no_errors_file_of_an_earlier_run(tmp_path: Path) -> None:
    """The errors file only appears when a row is bad, so a fresh run removes an old one;
    a resumed run keeps the rows its first part reported."""
    cols = generate_rows(30, seed=3)
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    cols["body"][4] = ""  # line 6
    bad = tmp_path / "bad.csv"
    _write_csv(bad, cols)
    out, errors = tmp_path / "out.csv", tmp_path / "out.csv.errors.csv"
    assert run_batch(str(bad), str(out), use_model=False, progress=False).bad_rows == 1
    assert errors.exists()
    stats = run_batch(str(src), str(out), use_model=False, progress=False)
    assert stats.bad_rows == 0 and stats.rows_out == 30
    assert not errors.exists()

    run_batch(str(bad), str(out), use_model=False, progress=False)
    (tmp_path / "out.csv.progress.json").write_text(
        json.dumps({"input": str(bad), "records_done": 10, "complete": False})
    )
    out.write_text("\n".join(out.read_text().splitlines()[: 1 + 9]) + "\n")
    stats = run_batch(str(bad), str(out), use_model=False, resume=True, progress=False)
    assert stats.resumed_from == 10 and stats.bad_rows == 0
    assert [r["line"] for r in csv.DictReader(errors.open())] == ["6"]
    assert len(pd.read_csv(out)) == 29


def test_cli_exit_status_says_completed_with_bad_rows(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    src = FIXTURES / "twilio_message_log.csv"
    assert main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress"]) == EXIT_OK
    broken = tmp_path / "b.csv"
    broken.write_text(src.read_text() + '+1,+2,"never closed\n')
    code = main(["batch", str(broken), "-o", str(out), "--rules-only", "--no-progress"])
    assert code == EXIT_COMPLETED_WITH_BAD_ROWS


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_fixture_diagnoses_every_row(name: str, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    stats = run_batch(
        str(FIXTURES / name), str(out), output_format="jsonl", use_model=False, progress=False
    )
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert stats.bad_rows == 0 and len(rows) == stats.rows_in >= 30
    assert all(r["verdict"] for r in rows)  # every row diagnosed; delivered ones: no cause
    assert sum(1 for r in rows if r["top_cause"]) == stats.summary.failed > 0
    assert stats.summary.fix_first


def test_output_cells_are_formula_safe(tmp_path: Path) -> None:
    df = pd.DataFrame({"Body": ["hi"], "ErrorCode": ["30007"], "Sid": ["=cmd|'/c calc'!A1"]})
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    out = tmp_path / "o.csv"
    run_batch(str(src), str(out), use_model=False, progress=False)
    assert next(csv.DictReader(out.open()))["Sid"] == "'=cmd|'/c calc'!A1"


def test_jobs_and_formats_give_the_same_rows(tmp_path: Path) -> None:
    cols = generate_rows(1200, seed=4)
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    pd.DataFrame(cols).to_parquet(tmp_path / "in.parquet")
    one = tmp_path / "one.csv"
    run_batch(str(src), str(one), use_model=False, chunk_rows=300, progress=False)
    two = tmp_path / "two.csv"
    run_batch(str(src), str(two), use_model=False, chunk_rows=300, jobs=2, progress=False)
    pq_out = tmp_path / "pq.parquet"
    run_batch(
        str(tmp_path / "in.parquet"),
        str(pq_out),
        output_format="parquet",
        use_model=False,
        progress=False,
    )
    a, b = pd.read_csv(one), pd.read_csv(two)
    pd.testing.assert_frame_equal(a, b)
    c = pd.read_parquet(pq_out)
    assert (c["top_cause"].tolist(), c["rules"].fillna("").tolist()) == (
        a["top_cause"].tolist(),
        a["rules"].fillna("").tolist(),
    )


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    cols = generate_rows(1000, seed=5)
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    full = tmp_path / "full.csv"
    run_batch(str(src), str(full), use_model=False, progress=False)
    part = tmp_path / "part.csv"
    run_batch(str(src), str(part), use_model=False, progress=False)
    # Pretend the run died after 400 records: truncate output to them, mark incomplete.
    kept = part.read_text().splitlines()[: 1 + 400]
    part.write_text("\n".join(kept) + "\n")
    (tmp_path / "part.csv.progress.json").write_text(
        json.dumps({"input": str(src), "records_done": 400, "complete": False})
    )
    stats = run_batch(str(src), str(part), use_model=False, resume=True, progress=False)
    assert stats.resumed_from == 400 and stats.rows_in == 600
    assert part.read_text() == full.read_text()


def test_stdin_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "sms_diagnose.jsonl").read_bytes() + b"{not json\n[1]\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    out = tmp_path / "o.csv"
    stats = run_batch("-", str(out), use_model=False, progress=False)
    assert (stats.rows_out, stats.bad_rows) == (30, 2)


def test_report_is_self_contained_and_has_no_bodies(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    report = tmp_path / "r.html"
    src = FIXTURES / "twilio_message_log.csv"
    args = ["batch", str(src), "-o", str(out), "--rules-only", "--no-progress", "--report"]
    assert main([*args, str(report)]) == EXIT_OK
    html = report.read_text()
    assert "<svg" in html and "<script" not in html
    assert "src=" not in html and "href=" not in html  # nothing to fetch
    assert "Sarah" not in html and "+14155550100" not in html  # names, phone numbers masked
    assert main([*args, str(report), "--include-bodies"]) == EXIT_OK
    assert "e.g. " in report.read_text()


def test_triage_frame_for_the_app() -> None:
    df = pd.read_csv(FIXTURES / "bandwidth_mdr.csv", dtype=str, keep_default_na=False)
    seen: list[tuple[int, int]] = []
    results, bad, summary = triage_frame(df, progress=lambda d, t: seen.append((d, t)))
    assert len(results) + len(bad) == len(df) and seen[-1] == (len(df), len(df))
    assert list(results.columns) == ["messageId", *RESULT_COLUMNS]
    assert summary.failed == sum(df["messageStatus"] == "FAILED")


def test_without_a_valid_model_batch_says_it_runs_rules_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from diagnose.cli import main
    from diagnose.learn.model import MODEL_DIR_ENV

    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))  # an empty directory: no manifest
    load_default_model.cache_clear()
    try:
        out = tmp_path / "out.csv"
        status = main(["batch", str(FIXTURES / "telnyx_mdr.csv"), "-o", str(out), "--no-progress"])
    finally:
        load_default_model.cache_clear()
    assert status == 0
    assert "continuing rules-only" in capsys.readouterr().err
    with out.open(encoding="utf-8", newline="") as fh:
        assert all(row["content_risk"] == "" for row in csv.DictReader(fh))


@pytest.mark.skipif(sys.platform == "darwin", reason="spawned workers do not see the patch")
def test_a_worker_failure_stops_the_run_without_row_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diagnose.batch import workers

    def explode(*args: object) -> None:
        raise ValueError("secret body text")

    monkeypatch.setattr(workers, "diagnose_part", explode)  # forked workers inherit it
    src = tmp_path / "in.csv"
    _write_csv(src, generate_rows(50, seed=3))
    with pytest.raises(workers.WorkerError, match="ValueError") as caught:
        run_batch(str(src), str(tmp_path / "o.csv"), use_model=False, jobs=2, progress=False)
    assert "secret" not in str(caught.value)


def test_a_repeated_header_name_reads_its_first_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "dup.csv"
    src.write_text("body,error,body\n=hi there,21610,second\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    stats = run_batch(str(src), str(out), use_model=False, keep=["body"], progress=False)
    assert "repeated column names 'body'" in capsys.readouterr().err
    assert stats.rows_out == 1
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["body"] == "'=hi there" and row["top_cause"] == "opted_out_recipient"


def test_kept_json_arrays_are_written_as_they_are(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"body": "hi", "tags": ["=a", "b"]}\n', encoding="utf-8")
    out = tmp_path / "o.csv"
    run_batch(str(src), str(out), use_model=False, keep=["tags"], progress=False)
    assert next(csv.DictReader(out.open(encoding="utf-8")))["tags"] == "['=a', 'b']"


def test_a_json_key_missing_from_a_whole_chunk_leaves_its_cells_empty(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"body": f"hello {i}", "error": "30007"} for i in range(5)]
    rows += [{"id": f"x{i}", "body": f"hello {i}", "error": "30007"} for i in range(5)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "o.csv"
    stats = run_batch(str(src), str(out), use_model=False, chunk_rows=5, progress=False)
    assert (stats.rows_in, stats.rows_out, stats.bad_rows) == (10, 10, 0)
    ids = [r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))]
    assert ids == [""] * 5 + [f"x{i}" for i in range(5)]


def test_parquet_output_takes_non_text_ids(tmp_path: Path) -> None:
    """JSON numbers, booleans and arrays in carried columns become text, as in CSV output."""
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": 1, "body": "Hi", "error": 30007, "tags": ["a", 2]}\n'
        '{"id": 2.5, "body": "Yo", "error": null, "tags": true}\n',
        encoding="utf-8",
    )
    out = tmp_path / "o.parquet"
    run_batch(
        str(src), str(out), use_model=False, keep=["tags"], output_format="parquet", progress=False
    )
    rows = pq.read_table(out).to_pylist()
    assert [(r["id"], r["tags"], r["error_code"]) for r in rows] == [
        ("1", '["a", 2]', "30007"),
        ("2.5", "True", None),
    ]


# --- outputs that would overwrite an input; files checked before the run --------------------


def test_an_output_that_is_the_input_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "big.csv"
    _write_csv(src, generate_rows(60, seed=2))
    before = src.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(src)
    base = [str(src), "--rules-only", "--no-progress", "--chunk-rows", "10"]
    for extra in (
        ["-o", str(src)],
        ["-o", str(link)],
        ["-o", str(tmp_path / "o.csv"), "--errors", str(tmp_path / "." / "big.csv")],
        ["-o", str(tmp_path / "o.csv"), "--report", str(src)],
        ["-o", str(tmp_path / "o.csv"), "--summary-json", str(link)],
        ["-o", str(tmp_path / "o.csv"), "--summary-json", str(tmp_path / "o.csv")],
    ):
        assert main(["batch", *base, *extra]) == 2, extra
        err = capsys.readouterr().err
        assert "choose another" in err and "Traceback" not in err
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "link.csv"]
    with pytest.raises(ValueError, match="is the input file"):
        run_batch(str(src), str(link), use_model=False, progress=False)
    assert src.read_bytes() == before


def test_dask_part_files_that_are_inputs_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results"
    out.mkdir()
    part = out / "part-0.csv"
    _write_csv(part, generate_rows(5, seed=2))
    before = part.read_bytes()
    args = ["batch", str(out / "*.csv"), "-o", str(out), "--engine", "dask", "--rules-only"]
    assert main(args) == 2
    assert "part file" in capsys.readouterr().err
    assert part.read_bytes() == before


@pytest.mark.parametrize("option", ["--report", "--summary-json"])
def test_an_unwritable_report_or_summary_path_fails_before_the_run(
    tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.csv"
    src = str(FIXTURES / "twilio_message_log.csv")
    for bad in (tmp_path / "missing" / "r.html", tmp_path):
        code = main(["batch", src, "-o", str(out), option, str(bad), "--rules-only"])
        assert code == 2
        err = capsys.readouterr().err
        assert option in err and "Traceback" not in err
        assert not out.exists()  # refused before the run


# --- resuming --------------------------------------------------------------------------------


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, chunks: int) -> None:
    """The next local run dies (as if killed) when it reaches chunk ``chunks + 1``."""
    from diagnose.batch import run as run_module

    calls = {"n": 0}

    class Dying(BatchDiagnoser):
        def run_chunk(self, chunk: Any, lines: Any) -> Any:
            calls["n"] += 1
            if calls["n"] > chunks:
                raise KeyboardInterrupt
            return super().run_chunk(chunk, lines)

    monkeypatch.setattr(run_module, "BatchDiagnoser", Dying)


def test_an_interrupted_parquet_run_resumes_from_the_start_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    _write_csv(src, generate_rows(100, seed=4))
    out = tmp_path / "k.parquet"
    with monkeypatch.context() as m:
        _interrupt_after(m, 3)
        with pytest.raises(KeyboardInterrupt):
            run_batch(str(src), str(out), output_format="parquet", use_model=False,
                      chunk_rows=10, progress=False)  # fmt: skip
    stats = run_batch(str(src), str(out), output_format="parquet", use_model=False,
                      chunk_rows=10, resume=True, progress=False)  # fmt: skip
    assert "starting again from the first row" in capsys.readouterr().err
    assert stats.resumed_from == 0 and stats.rows_in == 100
    assert pq.read_table(out).column("line").to_pylist() == list(range(2, 102))
    # A completed run leaves no checkpoint behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "k.parquet"]


def test_a_resumed_run_drops_what_was_written_after_the_last_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cols = generate_rows(100, seed=6)
    cols["body"][15] = ""  # line 17: one bad row before the interruption
    cols["body"][75] = ""  # line 77: and one after
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    full = tmp_path / "full.csv"
    run_batch(str(src), str(full), use_model=False, chunk_rows=10, progress=False)
    out = tmp_path / "o.csv"
    with monkeypatch.context() as m:
        _interrupt_after(m, 4)
        with pytest.raises(KeyboardInterrupt):
            run_batch(str(src), str(out), use_model=False, chunk_rows=10, progress=False)
    # A kill can land between a chunk's write and its checkpoint: half a row, one bad row.
    with out.open("a", encoding="utf-8") as f:
        f.write("half a ro")
    with (tmp_path / "o.csv.errors.csv").open("a", encoding="utf-8") as f:
        f.write("99,body,is missing or empty\n")
    stats = run_batch(str(src), str(out), use_model=False, chunk_rows=10, resume=True,
                      progress=False)  # fmt: skip
    assert stats.resumed_from == 40
    assert out.read_text() == full.read_text()
    errors = (tmp_path / "o.csv.errors.csv").read_text()
    assert errors == (tmp_path / "full.csv.errors.csv").read_text()
    assert [r["line"] for r in csv.DictReader(io.StringIO(errors))] == ["17", "77"]


def test_resume_refuses_a_checkpoint_of_another_or_a_changed_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, other = tmp_path / "a.csv", tmp_path / "b.csv"
    _write_csv(first, generate_rows(50, seed=1))
    _write_csv(other, generate_rows(50, seed=2))
    out = tmp_path / "o.csv"
    with monkeypatch.context() as m:
        _interrupt_after(m, 2)
        with pytest.raises(KeyboardInterrupt):
            run_batch(str(first), str(out), use_model=False, chunk_rows=10, progress=False)
    written = out.read_bytes()
    args = ["batch", "-o", str(out), "--rules-only", "--no-progress", "--resume"]
    assert main([*args, str(other)]) == 2
    assert "belongs to a run over" in capsys.readouterr().err
    with first.open("a", encoding="utf-8") as f:
        f.write("one more,30007\n")
    assert main([*args, str(first)]) == 2
    assert "has changed since" in capsys.readouterr().err
    assert out.read_bytes() == written
    state = json.loads((tmp_path / "o.csv.progress.json").read_text())
    assert state["records_done"] == 20 and not state["complete"]


def test_parquet_timestamp_columns_are_send_times(tmp_path: Path) -> None:
    import pyarrow as pa

    at = datetime(2024, 5, 2, 2, tzinfo=UTC)
    src = tmp_path / "p.parquet"
    pq.write_table(
        pa.table(
            {
                "body": ["hi", "there", "again"],
                "sent_at": pa.array([at, None, at], type=pa.timestamp("us", tz="UTC")),
                "naive": pa.array([at.replace(tzinfo=None)] * 3, type=pa.timestamp("ns")),
            }
        ),
        src,
    )
    out = tmp_path / "o.jsonl"
    for column in ("sent_at", "naive"):
        overrides = {"sent_at": column}
        stats = run_batch(str(src), str(out), overrides=overrides, keep=["naive"], output_format="jsonl",
                          use_model=False, progress=False)  # fmt: skip
        assert stats.bad_rows == 0 and stats.rows_out == 3
        assert [d.key for d in stats.summary.by_day] == ["2024-05-02"]
    assert json.loads(out.read_text().splitlines()[0])["naive"] == "2024-05-02 02:00:00"


@pytest.mark.parametrize(
    ("encoding", "said"),
    [("utf-16", "is UTF-16"), ("utf-16-le", "looks like UTF-16"), ("utf-32", "is UTF-32")],
)
def test_a_utf16_input_is_named_as_such(
    tmp_path: Path, encoding: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "u.csv"
    src.write_bytes("body,error\nhello,30007\n".encode(encoding))
    out = tmp_path / "o.csv"
    assert main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert said in err and "UTF-8" in err and "body column" not in err


def test_one_nul_byte_in_a_body_is_not_an_encoding_problem(tmp_path: Path) -> None:
    src = tmp_path / "nul.csv"
    src.write_bytes(b"body,error\nhel\x00lo,30007\nsecond,21610\n")
    stats = run_batch(str(src), str(tmp_path / "o.csv"), use_model=False, progress=False)
    assert stats.rows_out == 2 and stats.bad_rows == 0


@pytest.mark.parametrize("jobs", [1, 2])
def test_deeply_nested_json_lines_go_to_the_errors_file(tmp_path: Path, jobs: int) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    nested = "[" * 500 + "]" * 500  # parses, but would overflow pickling for a worker
    src = tmp_path / "deep.jsonl"
    src.write_text(
        "\n".join(
            [
                deep,
                '{"body": "second", "error": "21610"}',
                '{"body": "hi", "history": ' + deep + "}",
                '{"body": "hi", "extra": ' + nested + "}",
                '{"body": "last", "history": [{"direction": "inbound", "body": "STOP"}]}',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "d.jsonl"
    code = main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress",
                 "--jobs", str(jobs), "--keep", "extra"])  # fmt: skip
    assert code == EXIT_COMPLETED_WITH_BAD_ROWS
    assert [json.loads(x)["line"] for x in out.read_text().splitlines()] == [2, 5]
    errors = list(csv.DictReader((tmp_path / "d.jsonl.errors.csv").open(encoding="utf-8")))
    assert [(r["line"], r["reason"]) for r in errors] == [
        (str(n), "invalid JSON: nested too deeply") for n in (1, 3, 4)
    ]


def test_a_deeply_nested_history_cell_in_a_csv_is_a_bad_row(tmp_path: Path) -> None:
    src = tmp_path / "h.csv"
    _write_csv(src, {"body": ["hi", "there"], "history": ["[" * 100_000 + "]" * 100_000, ""]})
    stats = run_batch(str(src), str(tmp_path / "o.csv"), use_model=False, progress=False)
    assert stats.rows_out == 1 and stats.bad_rows == 1
    assert "history,is nested too deeply" in (tmp_path / "o.csv.errors.csv").read_text()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_lone_surrogates_are_written_as_escapes_everywhere(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        {"id": "a\ud800", "body": "Hi \ud800 there", "error": "\udfff", "note": "\ud800"},
        {"id": "b", "body": "\ud800", "error": "21610", "note": ["\ud800"]},
        {"id": "c", "body": "x", "sent_at": "\ud800"},
        {"id": "d", "body": "x", "history": [{"direction": "inbound", "\ud800": "?"}]},
    ]
    src = tmp_path / "s.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")
    out = tmp_path / f"o.{fmt}"
    report, summary = tmp_path / "r.html", tmp_path / "s.json"
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # the CLI's own streams: not tested here
    code = main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress",
                 "--keep", "note", "--report", str(report), "--summary-json", str(summary),
                 "--include-bodies"])  # fmt: skip
    assert code == EXIT_COMPLETED_WITH_BAD_ROWS
    if fmt == "parquet":
        ids = pq.read_table(out).column("id").to_pylist()
    elif fmt == "jsonl":
        ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
        assert ids[0] == "a\ud800"  # the escape again: the JSON means what the input meant
    else:
        ids = [r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))]
    assert ids[0] in ("a\\ud800", "a\ud800") and ids[1] == "b"
    assert "\\ud800" in report.read_text(encoding="utf-8")
    assert json.loads(summary.read_text(encoding="utf-8"))["rows"] == 2
    errors = (tmp_path / f"o.{fmt}.errors.csv").read_text(encoding="utf-8")
    assert errors.splitlines()[1:] == [
        "3,sent_at,'\\ud800' is not an ISO 8601 date-time",
        "4,history[0].\\ud800,unknown field",
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_time_zone_that_is_a_tzdata_directory_or_too_long_is_a_bad_row(
    tmp_path: Path, jobs: int
) -> None:
    src = tmp_path / "tz.csv"
    zones = ["America", "A" * 300, "America/Chicago", "", "Etc", "../../etc"]
    _write_csv(src, {"body": [f"hi {i}" for i in range(6)], "recipient_timezone": zones})
    out = tmp_path / "o.csv"
    code = main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress",
                 "--jobs", str(jobs), "--chunk-rows", "2"])  # fmt: skip
    assert code == EXIT_COMPLETED_WITH_BAD_ROWS
    assert [r["line"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["4", "5"]
    errors = list(csv.DictReader((tmp_path / "o.csv.errors.csv").open(encoding="utf-8")))
    assert [(r["line"], r["field"]) for r in errors] == [
        (str(n), "recipient_timezone") for n in (2, 3, 6, 7)
    ]


@pytest.mark.skipif(sys.platform == "darwin", reason="spawned workers do not see the patch")
def test_a_worker_failure_leaves_no_thread_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent closed the pipes while its reader threads were still in recv_bytes: about
    one run in two printed "TypeError: 'NoneType' object cannot be interpreted as an
    integer" from workers._drain."""
    import threading

    from diagnose.batch import workers

    def explode(*args: object) -> None:
        raise ValueError("secret body text")

    monkeypatch.setattr(workers, "diagnose_part", explode)
    seen: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(args.exc_value))
    src = tmp_path / "in.csv"
    _write_csv(src, generate_rows(200, seed=3))
    for _ in range(8):
        with pytest.raises(workers.WorkerError):
            run_batch(str(src), str(tmp_path / "o.csv"), use_model=False, jobs=2,
                      chunk_rows=20, progress=False)  # fmt: skip
    assert not seen


def test_jobs_split_rows_the_same_way_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Python salts str hashes per process; the split across workers (and with it which
    example body the summary shows for a template) must not depend on that."""
    import os
    import subprocess

    src = tmp_path / "in.csv"
    _write_csv(src, generate_rows(600, seed=21))
    summaries = []
    for seed in ("1", "2"):
        out = tmp_path / f"o{seed}.csv"
        summary = tmp_path / f"s{seed}.json"
        cli = "import sys; from diagnose.cli import main; sys.exit(main())"
        argv = [sys.executable, "-c", cli, "batch", str(src), "-o", str(out)]
        argv += ["--jobs", "2", "--rules-only", "--include-bodies", "--no-progress"]
        argv += ["--chunk-rows", "100", "--summary-json", str(summary)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(argv, check=True, env=env, capture_output=True)
        summaries.append(summary.read_text(encoding="utf-8"))
    assert summaries[0] == summaries[1]
    assert (tmp_path / "o1.csv").read_bytes() == (tmp_path / "o2.csv").read_bytes()
