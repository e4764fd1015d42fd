"""The streaming batch run behind ``sms-diagnose batch``: read, diagnose, write, summarise.

One chunk at a time flows reader -> ``BatchDiagnoser`` (in this process, or split by
recipient across ``jobs`` worker processes, each with its own caches and model; see
``diagnose.batch.workers``) -> writer, so memory is bounded by
the chunk size and the caches' caps, not by the file. After each chunk a checkpoint file
says how far the run got; ``resume=True`` continues from it.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import IO, Any, Literal

from diagnose.batch.csv_safety import SafeWriter, neutralise
from diagnose.batch.formats import ColumnMapping, recognise
from diagnose.batch.readers import InputFormat, RawChunk, Reader
from diagnose.batch.summary import Summary, SummaryBuilder
from diagnose.batch.vectorised import RESULT_COLUMNS, BadRow, BatchDiagnoser
from diagnose.batch.workers import CyclePacer, Result, ShardedWorkers, diagnose_part

OutputFormat = Literal["csv", "jsonl", "parquet"]
#: How text files are written: a lone surrogate (a JSON input can hold one, ``"\ud800"``)
#: cannot be UTF-8, so it is written as its escape text (in JSON, the same escape again).
TEXT_ERRORS = "backslashreplace"


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
                raise ValueError("a Parquet file cannot be appended to")
            self._file: IO[str] | None = None
            return
        mode = "a" if append else "w"
        self._file = (
            sys.stdout
            if path == "-"
            else open(path, mode, encoding="utf-8", errors=TEXT_ERRORS, newline="")  # noqa: SIM115
        )
        self._csv = SafeWriter(self._file)
        if fmt == "csv" and not append:
            self._csv.writerow(self.columns)

    def write(self, columns: dict[str, list[Any]]) -> None:
        cols = [columns[c] for c in self.columns]
        if self.fmt == "csv":
            if self._file is not sys.stdout and len(cols) > 1:
                from diagnose.batch.arrow_write import csv_bytes

                data = csv_bytes(cols)  # the same bytes, built column-wise by pyarrow
                if data is not None:
                    assert self._file is not None
                    self._file.flush()  # the header, written as text, goes first
                    self._file.buffer.write(data)  # type: ignore[attr-defined]
                    return
            self._csv.writecolumns([_neutralised(c) for c in cols])
        elif self.fmt == "jsonl":
            assert self._file is not None
            names = self.columns
            self._file.writelines(
                json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=str)
                + "\n"
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
                c: pa.array(columns[c], type=types[c]) if c in types else _text_array(columns[c])
                for c in self.columns
            }
        )
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, table.schema)
        self._parquet.write_table(table)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def position(self) -> int | None:
        """Bytes written so far (after ``flush``), when writing a CSV or JSON Lines file."""
        if self._file is None or self._file is sys.stdout:
            return None
        return self._file.tell()

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


def _text_array(column: list[Any]) -> Any:
    """A Parquet text column; a lone surrogate (not UTF-8) is written as its escape text."""
    import pyarrow as pa

    column = _as_text(column)
    try:
        return pa.array(column, type=pa.string())
    except UnicodeEncodeError:
        return pa.array([_escaped(v) for v in column], type=pa.string())


def _escaped(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return value.encode("utf-8", TEXT_ERRORS).decode("utf-8")


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


def default_errors_path(output: str) -> str:
    """Where bad rows go without ``--errors``."""
    return "batch-errors.csv" if output == "-" else f"{output}.errors.csv"


def same_file(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name the same file; ``b`` need not exist yet (``-`` is never
    a file)."""
    if a == "-" or b == "-":
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def check_paths(inputs: Sequence[str], writes: Sequence[tuple[str, str | None]]) -> None:
    """Refuse, before anything is written, a run that would write over one of its inputs or
    write two outputs to one file. ``writes`` holds (what, path) pairs; None or ``-`` paths
    are skipped. Raises ``ValueError`` saying which paths clash."""
    named = [(what, path) for what, path in writes if path is not None and path != "-"]
    for what, path in named:
        for source in inputs:
            if same_file(source, path):
                raise ValueError(
                    f"{what} {path} is the input file {source}: it would be overwritten; "
                    "choose another path"
                )
    for i, (what, path) in enumerate(named):
        for other, path2 in named[i + 1 :]:
            if same_file(path, path2):
                raise ValueError(f"{what} and {other} are the same file ({path}): choose another")


def check_writable(what: str, path: str | None) -> None:
    """Refuse up front a file the run could only fail to write at the end (a missing
    directory, a directory, no permission). Raises ``ValueError``."""
    if path is None or path == "-":
        return
    if os.path.isdir(path):
        raise ValueError(f"{what} {path} is a directory")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise ValueError(f"{what} {path}: directory {parent} does not exist")
    target = path if os.path.exists(path) else parent
    if not os.access(target, os.W_OK):
        raise ValueError(f"{what} {path} cannot be written (permission denied)")


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
            self._file = open(  # noqa: SIM115
                self.path, "a" if exists else "w", encoding="utf-8", errors=TEXT_ERRORS, newline=""
            )
            self._csv = SafeWriter(self._file)
            if not exists:
                self._csv.writerow(["line", "field", "reason"])
        self._csv.writerows([b.line, b.field or "", neutralise(b.reason)] for b in bad)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def position(self) -> int:
        """The file's size so far (after ``flush``); 0 while there is none."""
        if self._file is not None:
            return self._file.tell()
        return os.path.getsize(self.path) if self._append and os.path.isfile(self.path) else 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _load_model(*, report: bool = False) -> Any:
    """The default model, or None; ``report`` says on stderr why diagnosis goes rules-only."""
    try:
        from diagnose.learn.loading import load_default_model
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
    ckpt = checkpoint_path(output) if output != "-" else None
    if errors_path is None:
        errors_path = default_errors_path(output)
    check_paths(
        [input_path],
        [("the output", output), ("the errors file", errors_path), ("the checkpoint", ckpt)],
    )
    check_writable("the errors file", errors_path)
    skip, output_bytes, errors_bytes = 0, None, None
    if resume and ckpt and os.path.exists(ckpt):
        with open(ckpt, encoding="utf-8") as f:
            state = json.load(f)
        if not state.get("complete"):
            _check_same_input(state, input_path, ckpt)
            if output_format == "parquet":
                _say_parquet_restarts()
            else:
                skip = int(state["records_done"])
                output_bytes, errors_bytes = state.get("output_bytes"), state.get("errors_bytes")
    elif resume and output_format == "parquet":
        _say_parquet_restarts()
    if skip:
        _check_outputs_intact(output, output_bytes, errors_path, errors_bytes, ckpt)
        # Drop what an interrupted run wrote after its last checkpoint (a part of a chunk).
        _truncate(output, output_bytes)
        _truncate(errors_path, errors_bytes)
    source = _input_identity(input_path)
    reader = Reader(input_path, input_format, chunk_rows=chunk_rows, skip_records=skip)
    _warn_repeated_columns(reader.header)
    mapping = recognise(reader.header, overrides, format=export_format)
    carried = BatchDiagnoser(mapping, keep=keep).keep
    writer = Writer(output, output_format, [*carried, *RESULT_COLUMNS], append=skip > 0)
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
            errors.flush()
            if ckpt and output_format != "parquet":
                # A Parquet file is only readable once closed (its footer is written last):
                # its run checkpoints on completion only, so nothing counts as done before.
                state = {
                    **source,
                    "records_done": max(raw.records_done, skip),
                    "complete": False,
                    "output_bytes": writer.position(),
                    "errors_bytes": errors.position(),
                }
                _write_checkpoint(ckpt, state)
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
    if ckpt and os.path.exists(ckpt):
        os.remove(ckpt)  # a completed run has nothing to resume: it leaves no checkpoint
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


def _write_checkpoint(path: str, state: dict[str, Any]) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f)
    os.replace(tmp, path)


def _input_identity(input_path: str) -> dict[str, Any]:
    """What a checkpoint records of its input, to refuse resuming with another file: the
    absolute path, size and modification time (stdin: none of them)."""
    if input_path == "-":
        return {"input": "-"}
    st = os.stat(input_path)
    return {"input": os.path.abspath(input_path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _check_same_input(state: dict[str, Any], input_path: str, ckpt: str) -> None:
    """Raise ``ValueError`` when the checkpoint's run read another input (or this one has
    changed since): skipping its records would silently skip rows of this one."""
    if input_path == "-" or state.get("input") in (None, "-"):
        return  # stdin: nothing to compare
    now = _input_identity(input_path)
    if os.path.abspath(str(state["input"])) != now["input"]:
        raise ValueError(
            f"--resume: {ckpt} belongs to a run over {state['input']}, not {input_path}; "
            "run without --resume to start over"
        )
    if "size" in state and (state["size"], state.get("mtime_ns")) != (
        now["size"],
        now["mtime_ns"],
    ):
        raise ValueError(
            f"--resume: {input_path} has changed since the interrupted run ({ckpt}); "
            "run without --resume to start over"
        )


def _check_outputs_intact(
    output: str,
    output_bytes: int | None,
    errors_path: str,
    errors_bytes: int | None,
    ckpt: str | None,
) -> None:
    """Raise ``ValueError`` when the output or errors file an interrupted run wrote is gone
    or shorter than its checkpoint says: appending to it would make a file without its
    header or its first rows, and exit 0."""
    for what, path, size in (
        ("the output", output, output_bytes),
        ("the errors file", errors_path, errors_bytes),
    ):
        if not size:
            continue  # nothing written yet (or stdout): nothing to lose
        have = os.path.getsize(path) if os.path.isfile(path) else None
        if have is None or have < size:
            state = "is gone" if have is None else f"has {have:,} bytes, not {size:,}"
            raise ValueError(
                f"--resume: {what} {path} {state} since the interrupted run ({ckpt}); "
                "run without --resume to start over"
            )


def _say_parquet_restarts() -> None:
    print(
        "sms-diagnose: --resume: a Parquet file is only readable once its run completes, so "
        "an interrupted Parquet run cannot be continued; starting again from the first row",
        file=sys.stderr,
    )


def _truncate(path: str, size: int | None) -> None:
    """Cut ``path`` back to ``size`` bytes (a file of 0 bytes is removed: it had no header)."""
    if size is None or not os.path.isfile(path):
        return
    if size == 0:
        os.remove(path)
        return
    with open(path, "r+b") as f:
        f.truncate(size)


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds > 0 else math.inf
