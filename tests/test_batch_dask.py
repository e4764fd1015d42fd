"""--engine dask gives the single-process engine's rows, errors file, model results and report."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from html import escape
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

import dask.dataframe as dd
import pyarrow as pa
import pyarrow.parquet as pq
from dask.distributed import Client, LocalCluster
from dask.utils import key_split

from diagnose.batch.dask_engine import (
    diagnose_frame,
    diagnose_partition,
    make_job,
    plan,
    plan_parts,
    raw_meta,
    read_chunks,
    read_part,
    result_meta,
    run_dask,
)
from diagnose.batch.formats import FormatError
from diagnose.batch.mask import mask_template
from diagnose.batch.readers import RawChunk, Reader
from diagnose.batch.run import run_batch
from diagnose.batch.synthetic import generate_rows
from diagnose.cli import main
from diagnose.cli.common import EXIT_COMPLETED_WITH_BAD_ROWS, EXIT_OK
from diagnose.learn.model import load_default_model

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A 2-worker in-process cluster shared by the tests below (starts in well under 1 s)."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _write_csv(path: Path, cols: dict[str, list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows(zip(*cols.values(), strict=True))


def _parts(out: Path) -> pd.DataFrame:
    frames = [pd.read_csv(p) for p in out.glob("part-*.csv")]
    return pd.concat(frames, ignore_index=True).sort_values("line", ignore_index=True)


def _part_files(out: Path, ext: str) -> list[Path]:
    """``part-N.<ext>`` in partition (= input) order."""
    return sorted(out.glob(f"part-*.{ext}"), key=lambda p: int(p.stem.split("-")[1]))


def _records(chunks: Iterable[RawChunk]) -> list[tuple[int, object]]:
    """Every record as (line, fields) and every bad row as (line, reason), in line order."""
    out: list[tuple[int, object]] = []
    for c in chunks:
        cells = [
            {k: v[i] for k, v in c.columns.items() if v[i] is not None} for i in range(len(c.lines))
        ]
        out += list(zip(c.lines, cells, strict=True))
        out += [(b.line, b.reason) for b in c.bad]
    return sorted(out, key=lambda r: r[0])


def _frame_records(frame: pd.DataFrame, columns: Iterable[str]) -> list[tuple[int, object]]:
    """``_records`` of a partition frame, whose bad records are rows with a reason."""
    return [
        (r["_line"], {c: r[c] for c in columns if r[c] is not None})
        if r["_bad_reason"] is None
        else (r["_line"], r["_bad_reason"])
        for r in frame.to_dict("records")
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "in.csv",
            b'\xef\xbb\xbfid,body\r\n1,plain\r\n2,"two\r\nlines"\r\n\r\n3,caf\xe9\n'
            b'4,"a ""quoted"" word"\r5,one,too many\n6,"x"y\n\n7,"never closed\n8,z',
        ),
        (  # fields over the csv module's limit: the parser gives up mid-record
            "long.csv",
            b'id,body\n0,a\n1,"'
            + b"x" * 1_000_001
            + b'\n2,ok\n3,"'
            + b"y" * 600_000
            + b"\n"
            + b"y" * 600_000
            + b'"\n4,fine\n',
        ),
        ("in.jsonl", b'{"body": "a"}\r\n\n{bad\n{"body": "caf\xe9"}\r[1]\n{"body": "b"}'),
    ],
)
def test_parts_read_exactly_what_the_reader_reads(tmp_path: Path, name: str, data: bytes) -> None:
    """Cut after every record (blocksize 1) or not at all, the parts hold the whole file's
    records, bad rows and line numbers: quoted line breaks, CR/CRLF, BOM and all. The
    partition frames ``dd.from_map`` makes of them hold the same, bad records as rows."""
    src = tmp_path / name
    src.write_bytes(data)
    whole = Reader(str(src))
    expected = _records(whole)
    whole.close()
    assert len(expected) >= 5
    job = replace(make_job([str(src)], str(tmp_path), chunk_rows=2), columns=tuple(whole.header))
    for blocksize in (1, 16, 10**9):
        parts = list(plan_parts(str(src), whole.format, blocksize))
        assert [p.number for p in parts] == list(range(len(parts)))
        assert _records(c for p in parts for c in read_chunks(p, chunk_rows=2)) == expected
        frames = [read_part(p, job) for p in parts]
        assert [r for f in frames for r in _frame_records(f, whole.header)] == expected


@pytest.mark.slow
def test_local_cluster_output_equals_single_process(tmp_path: Path) -> None:
    cols = generate_rows(2000, seed=11)
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    single = tmp_path / "single.csv"
    expected = run_batch(str(src), str(single), use_model=False, progress=False)
    out = tmp_path / "dask"
    stats = run_dask(str(src), str(out), use_model=False, blocksize="100KB", n_workers=2)
    assert stats.partitions > 1 and stats.rows_out == 2000 and stats.bad_rows == 0
    pd.testing.assert_frame_equal(_parts(out), pd.read_csv(single))
    assert stats.summary == expected.summary
    assert not (out / "errors.csv").exists()


def test_malformed_rows_go_to_the_errors_file_with_their_line_numbers(
    tmp_path: Path, scheduler: str
) -> None:
    cols = generate_rows(1500, seed=12)
    width = len(cols)
    cols["body"][99] = ""  # missing body: line 101 (header is line 1)
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    lines = src.read_bytes().split(b"\r\n")
    lines[300] = b"x1,caf\xe9 ok,30007" + b"," * (width - 3)  # bad UTF-8: line 301
    lines[700] += b",one too many"  # line 701
    # a valid body with a line break: a record on lines 901-902, every later line shifts by 1
    lines[900] = b'x2,"two\r\nlines",30007' + b"," * (width - 3)
    lines[1200] = b'x3,"broken "quote", here",30007' + b"," * (width - 3)  # line 1202
    lines[-1] = b'x4,"never closed,30007\r\n'  # the last line, 1503
    src.write_bytes(b"\r\n".join(lines))

    out = tmp_path / "dask"
    stats = run_dask(str(src), str(out), use_model=False, blocksize="16KB", scheduler=scheduler)
    single = tmp_path / "single.csv"
    local = run_batch(str(src), str(single), use_model=False, progress=False)

    errors = list(csv.DictReader((out / "errors.csv").open(encoding="utf-8")))
    assert [(int(e["line"]), e["field"]) for e in errors] == [
        (101, "body"),
        (301, ""),
        (701, ""),
        (1202, ""),
        (1503, ""),
    ]
    assert "UTF-8" in errors[1]["reason"] and f"got {width + 1}" in errors[2]["reason"]
    assert stats.partitions > 10  # bad rows land inside and at the edges of many partitions
    assert stats.rows_in == 1501 == stats.rows_out + len(errors) and stats.bad_rows == 5
    assert (out / "errors.csv").read_bytes() == Path(f"{single}.errors.csv").read_bytes()
    got = _parts(out)
    pd.testing.assert_frame_equal(got, pd.read_csv(single))
    assert got.loc[got["id"] == "x2", "line"].item() == 901
    assert stats.summary == local.summary


def test_a_rerun_into_the_same_directory_leaves_only_its_own_files(
    tmp_path: Path, scheduler: str
) -> None:
    cols = generate_rows(600, seed=14)
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    cols["body"][10] = ""
    bad = tmp_path / "bad.csv"
    _write_csv(bad, cols)
    out = tmp_path / "dask"
    first = run_dask(str(bad), str(out), use_model=False, blocksize="8KB", scheduler=scheduler)
    assert first.partitions > 3 and (out / "errors.csv").exists()
    (out / "notes.txt").write_text("not ours")

    again = run_dask(str(src), str(out), use_model=False, blocksize="1MB", scheduler=scheduler)
    assert again.partitions == 1 and again.bad_rows == 0
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "part-0.csv"]
    single = tmp_path / "single.csv"
    run_batch(str(src), str(single), use_model=False, progress=False)
    pd.testing.assert_frame_equal(_parts(out), pd.read_csv(single))


def test_jsonl_bad_lines_and_several_input_files(tmp_path: Path, scheduler: str) -> None:
    good = (FIXTURES / "sms_diagnose.jsonl").read_bytes()
    (tmp_path / "a.jsonl").write_bytes(good + b"{not json\n\n[1]\n")
    (tmp_path / "b.jsonl").write_bytes(b'{"id": "z", "body": "caf\xe9"}\n' + good)
    out = tmp_path / "dask"
    pattern = str(tmp_path / "*.jsonl")
    stats = run_dask(pattern, str(out), use_model=False, blocksize=2000, scheduler=scheduler)
    assert (stats.rows_in, stats.rows_out, stats.bad_rows) == (63, 60, 3)
    errors = pd.read_csv(out / "errors.csv")
    assert list(errors.columns) == ["file", "line", "field", "reason"]
    assert [(Path(f).name, n) for f, n in zip(errors["file"], errors["line"], strict=True)] == [
        ("a.jsonl", 31),
        ("a.jsonl", 33),
        ("b.jsonl", 1),
    ]
    got = _parts(out)
    local = tmp_path / "single.csv"
    run_batch(str(tmp_path / "a.jsonl"), str(local), use_model=False, progress=False)
    from_a = got[got["file"].str.endswith("a.jsonl")].drop(columns="file")
    pd.testing.assert_frame_equal(from_a.reset_index(drop=True), pd.read_csv(local))
    assert sorted(got.loc[got["file"].str.endswith("b.jsonl"), "line"]) == list(range(2, 32))


def test_model_output_equals_single_process(tmp_path: Path, scheduler: str) -> None:
    model, problem = load_default_model()
    assert model is not None, problem
    cols = generate_rows(1500, seed=13)
    src = tmp_path / "in.csv"
    _write_csv(src, cols)
    single = tmp_path / "single.csv"
    local = run_batch(str(src), str(single), use_model=True, progress=False)
    out = tmp_path / "dask"
    stats = run_dask(str(src), str(out), use_model=True, blocksize="64KB", scheduler=scheduler)
    assert stats.partitions > 2 and stats.rows_out == 1500 and stats.bad_rows == 0
    got = _parts(out)
    assert got["content_risk"].notna().all()  # the workers used the model
    pd.testing.assert_frame_equal(got, pd.read_csv(single))
    assert stats.summary == local.summary


def test_report_has_bodies_only_when_asked(tmp_path: Path, scheduler: str) -> None:
    src = FIXTURES / "twilio_message_log.csv"
    bodies = pd.read_csv(src, dtype=str)["Body"].dropna()
    # bodies whose template masks something: the report may show them only when asked
    private = [escape(b) for b in bodies if mask_template(b) != b]
    report = tmp_path / "r.html"
    args = ["batch", str(src), "-o", str(tmp_path / "out"), "--engine", "dask"]
    args += ["--scheduler", scheduler, "--rules-only", "--partition-size", "2KB"]
    assert main([*args, "--report", str(report)]) == EXIT_OK
    html = report.read_text(encoding="utf-8")
    assert "no message bodies" in html and not any(b in html for b in private)
    assert main([*args, "--report", str(report), "--include-bodies"]) == EXIT_OK
    html = report.read_text(encoding="utf-8")
    assert "e.g. " in html and any(b in html for b in private)
    assert "+14155550100" not in html  # phone numbers stay masked either way


def test_cli_exit_status_and_errors_option(tmp_path: Path, scheduler: str) -> None:
    broken = tmp_path / "b.csv"
    broken.write_text((FIXTURES / "twilio_message_log.csv").read_text() + '+1,+2,"never closed\n')
    errors = tmp_path / "bad.csv"
    args = ["batch", str(broken), "-o", str(tmp_path / "out"), "--engine", "dask"]
    args += ["--scheduler", scheduler, "--rules-only", "--errors", str(errors)]
    assert main(args) == EXIT_COMPLETED_WITH_BAD_ROWS
    assert [r["line"] for r in csv.DictReader(errors.open())] == ["38"]
    summary = tmp_path / "s.json"
    assert main([*args, "--summary-json", str(summary)]) == EXIT_COMPLETED_WITH_BAD_ROWS
    assert json.loads(summary.read_text())["bad_rows"] == 1


def test_the_pipeline_is_map_partitions_with_an_explicit_meta(
    tmp_path: Path, scheduler: str
) -> None:
    """``dd.from_map`` makes one partition per part and ``map_partitions`` runs
    ``diagnose_partition`` on each under an explicit meta: the function itself, given the
    empty raw meta, returns exactly that meta, and computed partitions have its dtypes."""
    src = tmp_path / "in.csv"
    _write_csv(src, generate_rows(600, seed=14))
    lines = src.read_bytes().split(b"\r\n")
    lines[50] += b",one too many"  # line 51
    src.write_bytes(b"\r\n".join(lines))
    job = make_job([str(src)], str(tmp_path / "out"), use_model=False)
    parts = plan([str(src)], 8_000)
    results = diagnose_frame(parts, job)
    assert isinstance(results, dd.DataFrame)
    assert results.npartitions == len(parts) > 2
    assert {key_split(k) for k in results.__dask_keys__()} == {"diagnose_partition"}
    meta = result_meta(job)
    pd.testing.assert_frame_equal(diagnose_partition(raw_meta(job), job), meta)
    assert results.dtypes.equals(meta.dtypes) and list(results.columns) == list(meta.columns)
    assert meta.dtypes["line"] == "int64" and meta.dtypes["confidence"] == "float64"
    assert meta.dtypes["id"] == "object"  # cells stay Python values, never re-typed by dask

    with Client(scheduler):
        frame = results.compute()
    assert frame.dtypes.equals(meta.dtypes)
    assert frame["line"].tolist() == list(range(2, 602))  # every record once, in input order
    bad = frame[frame["_bad_reason"].notna()]
    assert bad["line"].tolist() == [51] and "got" in bad["_bad_reason"].item()
    stats = run_dask(str(src), job.output, use_model=False, blocksize=8_000, scheduler=scheduler)
    assert stats.partitions == len(parts) == len(_part_files(Path(job.output), "csv"))


def test_json_values_reach_the_output_unchanged(tmp_path: Path, scheduler: str) -> None:
    """Numbers, booleans and nulls in JSON cells stay themselves through the partition frames
    (dask would turn ``object`` columns into strings): the parts are the local file's bytes."""
    rows = [json.loads(line) for line in (FIXTURES / "sms_diagnose.jsonl").open()]
    for i, row in enumerate(rows):
        row["id"] = i if i % 5 else None
        if str(row.get("error", "")).isdigit():
            row["error"] = int(row["error"])
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    single = tmp_path / "single.jsonl"
    local = run_batch(str(src), str(single), output_format="jsonl", use_model=False, progress=False)
    out = tmp_path / "dask"
    stats = run_dask(
        str(src),
        str(out),
        output_format="jsonl",
        use_model=False,
        blocksize=1500,
        scheduler=scheduler,
    )
    assert stats.partitions > 2 and (stats.rows_out, stats.bad_rows) == (30, 0)
    assert b"".join(p.read_bytes() for p in _part_files(out, "jsonl")) == single.read_bytes()
    assert stats.summary == local.summary


def test_parquet_row_groups_in_parquet_parts_out(tmp_path: Path, scheduler: str) -> None:
    frame = pd.read_json(FIXTURES / "sms_diagnose.jsonl", lines=True, dtype={"error": "Int64"})
    frame["sent_at"] = pd.to_datetime(frame["sent_at"])
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), src, row_group_size=7)
    single = tmp_path / "single.parquet"
    local = run_batch(
        str(src), str(single), output_format="parquet", use_model=False, progress=False
    )
    out = tmp_path / "dask"
    stats = run_dask(
        str(src), str(out), output_format="parquet", use_model=False, scheduler=scheduler
    )
    assert stats.partitions == 5  # one per row group
    got = pa.concat_tables(pq.read_table(p) for p in _part_files(out, "parquet"))
    expected = pq.read_table(single)
    assert got.schema == expected.schema and got.to_pylist() == expected.to_pylist()
    assert stats.summary == local.summary


def test_header_only_input_and_reserved_column_names(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,body,_line\n")
    stats = run_dask(str(src), str(tmp_path / "out"), use_model=False)  # no partitions: no cluster
    assert (stats.rows_in, stats.partitions) == (0, 0)
    with pytest.raises(FormatError, match="_line"):
        make_job([str(src)], str(tmp_path / "out"), keep=["_line"])
