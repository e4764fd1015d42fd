"""The streaming batch run behind ``sms-diagnose batch``: read, diagnose, write, summarise.

One chunk at a time flows reader -> ``BatchDiagnoser`` (in this process, or split by
recipient across ``jobs`` worker processes, each with its own caches and model; see
``diagnose.batch.workers``) -> writer, so memory is bounded by
the chunk size and the caches' caps, not by the file. After each chunk a checkpoint file
says how far the run got; ``resume=True`` continues from it.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal

from diagnose.batch.csv_safety import neutralise
from diagnose.batch.formats import ColumnMapping, recognise
from diagnose.batch.readers import InputFormat, RawChunk, Reader
from diagnose.batch.summary import Summary, SummaryBuilder
from diagnose.batch.vectorised import RESULT_COLUMNS, BadRow, BatchDiagnoser
from diagnose.batch.workers import CyclePacer, Result, ShardedWorkers, diagnose_part

OutputFormat = Literal["csv", "jsonl", "parquet"]


@dataclass(frozen=True, slots=True)
class RunStats:
    """How a run went: the counts add up (``rows_in == rows_out + bad_rows``)."""

    rows_in: int
    rows_out: int
    bad_rows: int
    seconds: float
    mapping: ColumnMapping
    summary: Summary
    resumed_from: int = 0


# --- writers -----------------------------------------------------------------------------------


class Writer:
    """Writes result chunks as CSV (formula cells neutralised), JSON Lines or Parquet."""

    def __init__(self, path: str, fmt: OutputFormat, columns: Sequence[str], *, append: bool):
        self.fmt = fmt
        self.columns = list(columns)
        self._parquet: Any = None
        self.path = path
        if fmt == "parquet":
            if path == "-":
                raise ValueError("Parquet output needs a file: pass -o FILE.parquet")
            if append:
                # Parquet files cannot be appended to: continue in a numbered part file.
                stem = Path(path)
                n = 1
                while stem.with_suffix(f".part{n}.parquet").exists():
                    n += 1
                self.path = str(stem.with_suffix(f".part{n}.parquet"))
            self._file: IO[str] | None = None
            return
        self._file = (
            sys.stdout
            if path == "-"
            else open(path, "a" if append else "w", encoding="utf-8", newline="")  # noqa: SIM115
        )
        self._csv = csv.writer(self._file, lineterminator="\n")
        if fmt == "csv" and not append:
            self._csv.writerow(self.columns)

    def write(self, columns: dict[str, list[Any]]) -> None:
        cols = [columns[c] for c in self.columns]
        if self.fmt == "csv":
            self._csv.writerows(zip(*map(_neutralised, cols), strict=True))
        elif self.fmt == "jsonl":
            assert self._file is not None
            names = self.columns
            self._file.writelines(
                json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n"
                for row in zip(*cols, strict=True)
            )
        else:
            self._write_parquet(columns)

    def _write_parquet(self, columns: dict[str, list[Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = _arrow_types()
        table = pa.table(
            {
                c: pa.array(columns[c], type=types[c])
                if c in types
                else pa.array(_as_text(columns[c]), type=pa.string())
                for c in self.columns
            }
        )
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, table.schema)
        self._parquet.write_table(table)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._file is not None and self._file is not sys.stdout:
            self._file.close()


def _neutralised(column: list[Any]) -> list[Any]:
    """``neutralise`` over a column, looking at each distinct value once (most columns are
    a handful of causes and codes)."""
    if str not in set(map(type, column)):
        return column  # numbers, booleans, None: never a formula
    try:
        risky = {v for v in set(column) if neutralise(v) is not v}
    except TypeError:  # unhashable cells (JSON arrays carried with --keep)
        return [neutralise(v) for v in column]
    if not risky:
        return column
    return [neutralise(v) if v in risky else v for v in column]


def _as_text(column: list[Any]) -> list[Any]:
    """A text column for Parquet: carried JSON or Parquet cells may be numbers, booleans,
    arrays or objects (written as the CSV writer writes scalars, and as JSON otherwise)."""
    if set(map(type, column)) <= {str, type(None)}:
        return column
    return [
        v
        if v is None or isinstance(v, str)
        else str(v)
        if isinstance(v, int | float)
        else json.dumps(v, ensure_ascii=False, default=str)
        for v in column
    ]


@cache
def _arrow_types() -> dict[str, Any]:
    """Typed result columns in Parquet (every other column is text); pyarrow loads lazily."""
    import pyarrow as pa

    return {
        "line": pa.int64(),
        "confidence": pa.float64(),
        "second_confidence": pa.float64(),
        "content_risk": pa.float64(),
        "retryable": pa.bool_(),
    }


def remove_stale(path: str) -> None:
    """Delete an output file an earlier run left, before a fresh run that may not rewrite it
    (the errors file only appears when a row is bad): what is there afterwards is this run's."""
    if os.path.isfile(path):
        os.remove(path)


class ErrorsFile:
    """``line,field,reason`` rows for records that could not be diagnosed."""

    def __init__(self, path: str, *, append: bool) -> None:
        self.path = path
        self._file: IO[str] | None = None
        self._append = append
        if not append:
            remove_stale(path)

    def write(self, bad: Sequence[BadRow]) -> None:
        if not bad:
            return
        if self._file is None:
            exists = self._append and os.path.exists(self.path)
            self._file = open(self.path, "a" if exists else "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._csv = csv.writer(self._file, lineterminator="\n")
            if not exists:
                self._csv.writerow(["line", "field", "reason"])
        self._csv.writerows([b.line, b.field or "", neutralise(b.reason)] for b in bad)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _load_model(*, report: bool = False) -> Any:
    """The default model, or None; ``report`` says on stderr why diagnosis goes rules-only."""
    try:
        from diagnose.model import load_default_model
    except ImportError:
        return None
    model, problem = load_default_model()
    if problem and report:
        print(f"sms-diagnose: {problem}; continuing rules-only", file=sys.stderr)
    return model


def _warn_repeated_columns(header: Sequence[str]) -> None:
    """Say which header names repeat: the reader keeps the first column of each name and the
    later ones are not read, which must not go unnoticed."""
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        names = ", ".join(repr(n) for n in repeated)
        print(
            f"sms-diagnose: repeated column names {names}: only the first of each is read",
            file=sys.stderr,
        )


# --- the run -----------------------------------------------------------------------------------


class Progress:
    """``rows  rows/s  ETA`` on a terminal's stderr, at most every half second; silent otherwise."""

    def __init__(self, reader: Reader, *, enabled: bool | None = None) -> None:
        self.reader = reader
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, rows: int, *, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not final and now - self._last < 0.5:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = rows / elapsed
        eta = ""
        pos, size = self.reader.position(), self.reader.size
        if pos and size and not final:
            remaining = elapsed * (size - pos) / pos
            eta = f"  ETA {int(remaining // 60)}:{int(remaining % 60):02d}"
        end = "\n" if final else ""
        print(f"\r{rows:>12,} rows  {rate:>9,.0f} rows/s{eta}   ", end=end, file=sys.stderr)


def checkpoint_path(output: str) -> str:
    return f"{output}.progress.json"


def run_batch(
    input_path: str,
    output: str = "-",
    *,
    input_format: InputFormat | None = None,
    output_format: OutputFormat = "csv",
    overrides: dict[str, str] | None = None,
    export_format: str | None = None,
    errors_path: str | None = None,
    use_model: bool = True,
    jobs: int = 1,
    keep: Sequence[str] = (),
    chunk_rows: int = 20_000,
    include_bodies: bool = False,
    resume: bool = False,
    progress: bool | None = None,
) -> RunStats:
    """Diagnose every row of ``input_path`` into ``output``; returns the counts and summary.

    Raises ``FormatError`` when the header cannot be mapped, ``OSError`` for unreadable files.
    """
    skip = 0
    ckpt = checkpoint_path(output) if output != "-" else None
    if resume and ckpt and os.path.exists(ckpt):
        with open(ckpt, encoding="utf-8") as f:
            state = json.load(f)
        if not state.get("complete"):
            skip = int(state["records_done"])
    reader = Reader(input_path, input_format, chunk_rows=chunk_rows, skip_records=skip)
    _warn_repeated_columns(reader.header)
    mapping = recognise(reader.header, overrides, format=export_format)
    carried = BatchDiagnoser(mapping, keep=keep).keep
    writer = Writer(output, output_format, [*carried, *RESULT_COLUMNS], append=skip > 0)
    if errors_path is None:
        errors_path = "batch-errors.csv" if output == "-" else f"{output}.errors.csv"
    errors = ErrorsFile(errors_path, append=skip > 0)
    builder = SummaryBuilder(keep_examples=include_bodies)
    bar = Progress(reader, enabled=progress)
    rows_out = bad_rows = 0
    started = time.perf_counter()
    model = _load_model(report=True) if use_model else None
    workers = None
    pacer = CyclePacer()
    try:
        results: Iterator[tuple[RawChunk, Result]]
        if jobs > 1:
            workers = ShardedWorkers(
                jobs,
                mapping,
                use_model=model is not None,
                keep=carried,
                include_bodies=include_bodies,
            )
            results = workers.run(iter(reader))
        else:
            local = BatchDiagnoser(mapping, model=model, keep=keep)
            results = (
                (raw, diagnose_part(local, raw.columns, raw.lines, include_bodies, pacer))
                for raw in reader
            )
        for raw, (columns, bad, part) in results:
            writer.write(columns)
            all_bad = sorted([*raw.bad, *bad], key=lambda b: b.line)
            errors.write(all_bad)
            builder.merge(part)
            builder.add_bad_rows(len(all_bad))
            rows_out += len(columns["line"])
            bad_rows += len(all_bad)
            writer.flush()
            if ckpt:
                _write_checkpoint(ckpt, input_path, skip, raw.records_done, False)
            bar.update(rows_out + bad_rows)
        if workers is not None:
            workers.close()
            workers = None
    finally:
        pacer.close()
        if workers is not None:
            workers.terminate()
        writer.close()
        errors.close()
        reader.close()
    if ckpt:
        _write_checkpoint(ckpt, input_path, skip, skip + rows_out + bad_rows, True)
    bar.update(rows_out + bad_rows, final=True)
    return RunStats(
        rows_in=rows_out + bad_rows,
        rows_out=rows_out,
        bad_rows=bad_rows,
        seconds=time.perf_counter() - started,
        mapping=mapping,
        summary=builder.build(),
        resumed_from=skip,
    )


def _write_checkpoint(path: str, source: str, skip: int, records: int, complete: bool) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"input": source, "records_done": max(records, skip), "complete": complete}, f)
    os.replace(tmp, path)


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds > 0 else math.inf
