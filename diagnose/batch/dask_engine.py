"""``--engine dask``: the local engine's reading and diagnosis as a ``dask.dataframe`` pipeline.

How the work partitions, and why: ``dd.read_csv`` cuts files at newlines guessed from byte
offsets, so a quoted line break or a broken quote fails a whole partition and no partition
knows its line numbers. Instead the client makes one sequential pass with the parser,
decoding and line splitting of the local ``Reader`` (no diagnosis: ~150 MB/s, some hundred
times a worker's diagnosis rate) and cuts each input into ``Part``s: byte ranges of about
``blocksize`` ending on record boundaries, each knowing its first line (JSON Lines alike,
Parquet by row group). Then (``diagnose_frame``)::

    raw = dd.from_map(read_part, parts, job=job, meta=raw_meta(job))
    results = raw.map_partitions(diagnose_partition, job, meta=result_meta(job))

``read_part`` reads its range with ``Reader`` itself, so records, reasons and line numbers
are the local engine's: a malformed record is a row with its line, field and reason, never a
failed partition. ``diagnose_partition`` is the local per-chunk diagnosis, with one
``BatchDiagnoser`` per worker thread and the model loaded once per process. A delayed
``write_partition`` per partition writes ``OUTPUT/part-N.<ext>`` with the local ``Writer``
(formula cells neutralised) and returns only bad rows and summary counts, so bodies stay on
the workers. The client submits the graph once and writes the errors file in input order.
Cells stay Python objects (``object`` columns), so the files match the local engine's byte
for byte. INPUT, OUTPUT and the workers must share a filesystem. Needs the optional extra:
``pip install 'sms-diagnose[dask]'``.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import math
import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from diagnose.batch import run as local_run
from diagnose.batch.csv_safety import SafeWriter, neutralise
from diagnose.batch.formats import ColumnMapping, FormatError, recognise
from diagnose.batch.readers import MAX_FIELD_CHARS, InputFormat, RawChunk, Reader
from diagnose.batch.summary import Summary, SummaryBuilder
from diagnose.batch.vectorised import (
    RESULT_COLUMNS,
    SUMMARY_COLUMNS,
    BadRow,
    BatchDiagnoser,
    ChunkResult,
)

if TYPE_CHECKING:
    import dask.dataframe as dd
    from dask.delayed import Delayed
    from dask.distributed import Client


@dataclass(frozen=True, slots=True)
class DaskStats:
    """Counts of a Dask run (``rows_in == rows_out + bad_rows``)."""

    rows_in: int
    rows_out: int
    bad_rows: int
    partitions: int
    seconds: float
    mapping: ColumnMapping
    summary: Summary


@dataclass(frozen=True, slots=True)
class Part:
    """One partition: bytes ``[start, end)`` of ``path`` (Parquet: row groups) and where the
    range starts in the file, so the worker's line numbers are the file's."""

    number: int
    path: str
    format: InputFormat
    start: int
    end: int
    #: Line (Parquet: row) number of the range's first line in the whole file.
    first_line: int
    #: The CSV header record's bytes and line count, read in front of the range.
    head: bytes = b""
    head_lines: int = 0


@dataclass(frozen=True, slots=True)
class Job:
    """What every partition shares: how to read and diagnose it and where its results go."""

    mapping: ColumnMapping
    use_model: bool
    #: The carried columns (the id column, then ``--keep``), as ``BatchDiagnoser.keep``.
    keep: tuple[str, ...]
    #: The input columns a partition frame holds: every mapped column, then ``keep``.
    columns: tuple[str, ...]
    output: str
    output_format: local_run.OutputFormat
    include_bodies: bool
    chunk_rows: int
    #: Several input files: results carry a ``file`` column so ``line`` stays unambiguous.
    with_file: bool

    @property
    def output_columns(self) -> list[str]:
        """The columns of the part files, as the local engine writes them (``file`` first)."""
        return [*(["file"] if self.with_file else []), *self.keep, *RESULT_COLUMNS]


@dataclass(frozen=True, slots=True)
class PartResult:
    """A written partition: rows written, bad rows in line order, summary counts."""

    number: int
    rows_out: int
    bad: list[BadRow]
    summary: SummaryBuilder
    #: Why this worker ran rules-only although the model was asked for (None: it did not).
    model_problem: str | None


# --- the client's scan: byte ranges on record boundaries -----------------------------------------


class _CountedLines:
    """The text lines of a binary file as ``Reader`` splits them, counting lines and bytes.

    Undecodable bytes survive as lone surrogates, so re-encoding gives each line's exact size.
    """

    def __init__(self, binary: IO[bytes]) -> None:
        self._text = io.TextIOWrapper(
            binary, encoding="utf-8", errors="surrogateescape", newline=""
        )
        self.bytes = 0
        self.lines = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._text:
            self.bytes += (
                len(line) if line.isascii() else len(line.encode("utf-8", "surrogateescape"))
            )
            self.lines += 1
            yield line


def plan_parts(
    path: str, fmt: InputFormat, blocksize: int, first_number: int = 0
) -> Iterator[Part]:
    """Cut ``path`` into parts of about ``blocksize`` bytes that end on record boundaries."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        row = 0
        for group in range(meta.num_row_groups):
            yield Part(first_number + group, path, fmt, group, group + 1, row + 1)
            row += meta.row_group(group).num_rows
        return
    with open(path, "rb") as binary:
        lines = _CountedLines(binary)
        records: Iterator[Any]
        head, head_lines = b"", 0
        if fmt == "csv":
            csv.field_size_limit(MAX_FIELD_CHARS)
            records = csv.reader(lines)
            next(records, None)  # the header; Reader has already parsed it without error
            head_lines = lines.lines
            with open(path, "rb") as again:
                head = again.read(lines.bytes)
        else:
            records = iter(lines)  # JSON Lines: every line is a record
        number, start, first = first_number, lines.bytes, lines.lines + 1
        while True:
            try:
                next(records)
            except StopIteration:
                break
            except csv.Error:
                pass  # the record's lines are consumed; Reader reports it from its range
            if lines.bytes - start >= blocksize:
                yield Part(number, path, fmt, start, lines.bytes, first, head, head_lines)
                number, start, first = number + 1, lines.bytes, lines.lines + 1
        if lines.bytes > start:
            yield Part(number, path, fmt, start, lines.bytes, first, head, head_lines)


# --- the partition frames --------------------------------------------------------------------

# Where a record was and why it is bad, next to its cells (bad rows are rows, cells None).
_FILE, _LINE, _FIELD, _REASON = "_file", "_line", "_bad_field", "_bad_reason"
# Typed columns. Every other column is ``object``, so a cell stays the Python value the local
# engine reads and writes (an int stays an int, None stays None, a string is not re-typed).
_RAW_TYPES = {_LINE: "int64"}
_RESULT_TYPES = {
    "line": "int64",
    "confidence": "float64",
    "second_confidence": "float64",
    "content_risk": "float64",
}


def _frame(columns: Mapping[str, Sequence[Any]], types: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(v, dtype=types.get(c, object)) for c, v in columns.items()})


def _raw_columns(job: Job) -> list[str]:
    return [*job.columns, _FILE, _LINE, _FIELD, _REASON]


def _result_columns(job: Job) -> list[str]:
    return list(dict.fromkeys([*job.output_columns, *SUMMARY_COLUMNS, _FIELD, _REASON]))


def raw_meta(job: Job) -> pd.DataFrame:
    """The explicit ``meta`` of ``read_part``: the input columns (``object``), then the
    record's file, line and, for a bad record, field and reason."""
    return _frame({c: [] for c in _raw_columns(job)}, _RAW_TYPES)


def result_meta(job: Job) -> pd.DataFrame:
    """The explicit ``meta`` of ``diagnose_partition``: the part files' columns, the summary's
    per-row inputs, and a bad row's field and reason."""
    return _frame({c: [] for c in _result_columns(job)}, _RESULT_TYPES)


# --- the workers ---------------------------------------------------------------------------------


class _Range(io.RawIOBase):
    """``head``, then bytes ``[start, end)`` of ``f``: one part read as if it were a file."""

    def __init__(self, head: bytes, f: IO[bytes], start: int, end: int) -> None:
        self._head = memoryview(head)
        self._f = f
        self._left = end - start
        f.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        out = memoryview(buffer).cast("B")
        if len(self._head):
            n = min(len(out), len(self._head))
            out[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._f.read(min(len(out), self._left))
        out[: len(data)] = data
        self._left -= len(data)
        return len(data)


def read_chunks(part: Part, chunk_rows: int) -> Iterator[RawChunk]:
    """The part's records as the local engine's ``Reader`` reads them, with the file's lines."""
    if part.format == "parquet":
        import pyarrow.parquet as pq

        row = part.first_line
        groups = list(range(part.start, part.end))
        for batch in pq.ParquetFile(part.path).iter_batches(chunk_rows, row_groups=groups):
            yield RawChunk(batch.to_pydict(), list(range(row, row + batch.num_rows)))
            row += batch.num_rows
        return
    shift = part.first_line - part.head_lines - 1
    with open(part.path, "rb") as f:
        stream = io.BufferedReader(_Range(part.head, f, part.start, part.end))
        reader = Reader(part.path, part.format, chunk_rows=chunk_rows, stream=stream)
        for raw in reader:
            raw.lines = [line + shift for line in raw.lines]
            raw.bad = [BadRow(b.line + shift, b.reason, b.field) for b in raw.bad]
            yield raw


def read_part(part: Part, job: Job) -> pd.DataFrame:
    """One partition frame (``raw_meta``): a row per record, good or bad, in line order."""
    cells: dict[str, list[Any]] = {c: [] for c in job.columns}
    lines: list[int] = []
    fields: list[str | None] = []
    reasons: list[str | None] = []
    for raw in read_chunks(part, job.chunk_rows):
        n, bad = len(raw.lines), raw.bad
        for c, values in cells.items():
            column = raw.columns.get(c)  # JSON Lines: a key no record of this chunk has
            values += [None] * n if column is None else column
            values += [None] * len(bad)
        lines += raw.lines
        lines += [b.line for b in bad]
        fields += [None] * n
        fields += [b.field for b in bad]
        reasons += [None] * n
        reasons += [b.reason for b in bad]
    frame = _frame(
        {**cells, _FILE: [part.path] * len(lines), _LINE: lines, _FIELD: fields, _REASON: reasons},
        _RAW_TYPES,
    )
    if any(r is not None for r in reasons):  # a chunk's bad records follow its good ones
        frame = frame.sort_values(_LINE, kind="stable", ignore_index=True)
    return frame


_LOCAL = threading.local()  # a diagnoser's caches are not thread-safe: one per worker thread
_MODEL_LOCK = threading.Lock()


def _model() -> tuple[Any, str | None]:
    """The default model (or None and why not), loaded once per worker process."""
    from diagnose.learn.loading import load_default_model

    with _MODEL_LOCK:  # load_default_model caches, but two threads could both miss
        return load_default_model()


def _diagnoser(job: Job) -> BatchDiagnoser:
    """This thread's diagnoser for ``job`` (built once, reused for every partition it runs)."""
    key = (repr(job.mapping), job.use_model, job.keep)  # the mapping holds a dict: unhashable
    cached: dict[Any, BatchDiagnoser] = _LOCAL.__dict__.setdefault("d", {})
    if key not in cached:
        model = _model()[0] if job.use_model else None
        cached[key] = BatchDiagnoser(job.mapping, model=model, keep=job.keep)
    return cached[key]


def diagnose_partition(raw: pd.DataFrame, job: Job) -> pd.DataFrame:
    """Diagnose one partition frame as the local engine does, ``job.chunk_rows`` rows at a
    time: result rows and bad rows (``_bad_reason`` set) in line order, as ``result_meta``."""
    diagnoser = _diagnoser(job)
    is_bad = raw[_REASON].notna()
    good, bad = raw[~is_bad], raw[is_bad]
    cells = {c: good[c].tolist() for c in job.columns}
    lines = good[_LINE].tolist()
    chunks: list[ChunkResult] = []
    for start in range(0, len(lines), job.chunk_rows):
        stop = start + job.chunk_rows
        chunk = {c: v[start:stop] for c, v in cells.items()}
        chunks.append(diagnoser.run_chunk(chunk, lines[start:stop]))
    failed = [
        *(
            BadRow(line, reason, field)
            for line, field, reason in zip(
                bad[_LINE].tolist(), bad[_FIELD].tolist(), bad[_REASON].tolist(), strict=True
            )
        ),
        *(b for r in chunks for b in r.bad),
    ]
    rows = sum(r.rows for r in chunks)
    path = raw[_FILE].iloc[0] if len(raw) else ""
    out: dict[str, list[Any]] = {}
    for c in _result_columns(job):
        if c in SUMMARY_COLUMNS:
            values = [v for r in chunks for v in r.summary_rows[c]]
        elif c in (_FIELD, _REASON):
            values = [None] * rows
        elif c == "file" and job.with_file:
            values = [path] * rows
        else:
            values = [v for r in chunks for v in r.columns[c]]
        out[c] = values + [None] * len(failed)
    out["line"][rows:] = [b.line for b in failed]
    out[_FIELD][rows:] = [b.field for b in failed]
    out[_REASON][rows:] = [b.reason for b in failed]
    frame = _frame(out, _RESULT_TYPES)
    return frame.sort_values("line", kind="stable", ignore_index=True) if failed else frame


def _cells(column: pd.Series[Any]) -> list[Any]:
    """A result column as the Python values the local engine writes (NaN back to None)."""
    values = column.tolist()
    if column.dtype.kind == "f":
        return [None if math.isnan(v) else v for v in values]
    return values


def part_path(output: str, number: int, output_format: str) -> str:
    return os.path.join(output, f"part-{number}.{output_format}")


def write_partition(results: pd.DataFrame, part: Part, job: Job) -> PartResult:
    """Write one diagnosed partition as ``OUTPUT/part-N.<ext>`` with the local engine's
    ``Writer``; return its bad rows and summary counts (bodies stay on the worker)."""
    is_bad = results[_REASON].notna()
    bad = results[is_bad]
    failed = [
        BadRow(line, reason, field)
        for line, field, reason in zip(
            bad["line"].tolist(), bad[_FIELD].tolist(), bad[_REASON].tolist(), strict=True
        )
    ]
    good = results[~is_bad]
    names = job.output_columns
    cells = {c: _cells(good[c]) for c in dict.fromkeys([*names, *SUMMARY_COLUMNS])}
    writer = local_run.Writer(
        part_path(job.output, part.number, job.output_format),
        job.output_format,
        names,
        append=False,
    )
    builder = SummaryBuilder(keep_examples=job.include_bodies)
    try:
        # in chunks, as the local engine writes and counts (at least once: every part has a file)
        for start in range(0, max(len(good), 1), job.chunk_rows):
            c = {name: v[start : start + job.chunk_rows] for name, v in cells.items()}
            writer.write(c)
            builder.add_columns(c, c)  # one frame holds both
    finally:
        writer.close()
    builder.bad_rows = len(failed)
    problem = _model()[1] if job.use_model else None
    return PartResult(part.number, len(good), failed, builder, problem)


# --- the pipeline --------------------------------------------------------------------------------


def _objects_stay() -> Any:
    """dask turns ``object`` columns into strings by default; cells must stay the values
    ``Reader`` gives (a JSON number stays a number, None stays None)."""
    import dask

    return dask.config.set({"dataframe.convert-string": False})


def diagnose_frame(parts: Sequence[Part], job: Job) -> dd.DataFrame:
    """The run's results as a dask DataFrame: one partition per part, read and diagnosed on
    the workers, with an explicit ``meta`` at each step (nothing runs on the client)."""
    import dask.dataframe as dd

    with _objects_stay():
        raw = dd.from_map(  # type: ignore[no-untyped-call]
            read_part, parts, job=job, meta=raw_meta(job), label="read-part", enforce_metadata=True
        )
        results: dd.DataFrame = raw.map_partitions(diagnose_partition, job, meta=result_meta(job))
    return results


def write_tasks(results: dd.DataFrame, parts: Sequence[Part], job: Job) -> list[Delayed]:
    """One ``write_partition`` task per partition of ``results``, in part order."""
    from dask.delayed import delayed

    write = delayed(write_partition)
    with _objects_stay():
        frames = results.to_delayed()  # type: ignore[no-untyped-call]
    return [write(frame, part, job) for frame, part in zip(frames, parts, strict=True)]


# --- the client ----------------------------------------------------------------------------------


class _ErrorsOut:
    """The local engine's ``line,field,reason`` errors file (``file`` first for several inputs);
    created only when there is a bad row."""

    def __init__(self, path: str, with_file: bool) -> None:
        self.path = path
        self.with_file = with_file
        self._file: IO[str] | None = None
        local_run.remove_stale(path)

    def write(self, source: str, bad: Sequence[BadRow]) -> None:
        if not bad:
            return
        if self._file is None:
            self._file = open(  # noqa: SIM115
                self.path, "w", encoding="utf-8", errors=local_run.TEXT_ERRORS, newline=""
            )
            self._csv = SafeWriter(self._file)
            self._csv.writerow([*(["file"] if self.with_file else []), "line", "field", "reason"])
        lead = [neutralise(source)] if self.with_file else []
        self._csv.writerows([*lead, b.line, b.field or "", neutralise(b.reason)] for b in bad)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


_PART_FILE = re.compile(r"part-\d+\.(?:csv|jsonl|parquet)")


def part_files(output: str) -> list[str]:
    """The part files in ``output`` (an earlier run's, until this one writes its own)."""
    if not os.path.isdir(output):
        return []
    return [os.path.join(output, n) for n in sorted(os.listdir(output)) if _PART_FILE.fullmatch(n)]


def _remove_stale_parts(output: str) -> None:
    """Delete the part files of an earlier run: a smaller input writes fewer parts, and a
    reader of ``output/part-*`` must not pick up old results beside the new ones."""
    for path in part_files(output):
        local_run.remove_stale(path)


def input_files(pattern: str) -> list[str]:
    """The files ``pattern`` names (a path or a glob), in sorted order."""
    if glob.has_magic(pattern):
        files = sorted(glob.glob(pattern))
        if not files:
            raise FileNotFoundError(f"no input file matches {pattern}")
        return files
    return [pattern]


def make_job(
    files: Sequence[str],
    output: str,
    *,
    overrides: dict[str, str] | None = None,
    export_format: str | None = None,
    use_model: bool = True,
    keep: Sequence[str] = (),
    output_format: local_run.OutputFormat = "csv",
    include_bodies: bool = False,
    chunk_rows: int = 20_000,
) -> Job:
    """Recognise the first input's header (as the local engine does) and fix the columns every
    partition frame holds. Raises ``FormatError`` when the header cannot be mapped."""
    first = Reader(files[0])
    try:
        mapping = recognise(first.header, overrides, format=export_format)
    finally:
        first.close()
    carried = tuple(BatchDiagnoser(mapping, keep=keep).keep)
    columns = tuple(dict.fromkeys([*mapping.columns.values(), *carried]))
    with_file = len(files) > 1
    reserved = {_FILE, _LINE, _FIELD, _REASON, *SUMMARY_COLUMNS}
    clash = sorted({*(reserved & set(columns)), *({"file"} & set(carried) if with_file else ())})
    if clash:
        raise FormatError(f"--engine dask uses the column name(s) {', '.join(clash)}: rename them")
    return Job(
        mapping=mapping,
        use_model=use_model,
        keep=carried,
        columns=columns,
        output=output,
        output_format=output_format,
        include_bodies=include_bodies,
        chunk_rows=chunk_rows,
        with_file=with_file,
    )


def plan(files: Sequence[str], blocksize: int) -> list[Part]:
    """Every input's parts, numbered across the files in input order."""
    parts: list[Part] = []
    for path in files:
        parts += plan_parts(path, _format_of(path), blocksize, len(parts))
    return parts


@contextlib.contextmanager
def _connect(scheduler: str | None, n_workers: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local one closed afterwards."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n_workers, threads_per_worker=1, processes=True
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def run_dask(
    input_path: str,
    output: str,
    *,
    overrides: dict[str, str] | None = None,
    export_format: str | None = None,
    scheduler: str | None = None,
    use_model: bool = True,
    keep: Sequence[str] = (),
    blocksize: str | int = "16MB",
    output_format: local_run.OutputFormat = "csv",
    errors_path: str | None = None,
    include_bodies: bool = False,
    chunk_rows: int = 20_000,
    n_workers: int = 2,
) -> DaskStats:
    """Diagnose ``input_path`` (a file or a glob) on the cluster at ``scheduler`` (or a new
    local one) into ``output/part-N.<format>``; bad rows go to ``errors_path`` (default
    ``output/errors.csv``). Raises ``FormatError`` when the header cannot be mapped."""
    from dask.utils import parse_bytes

    if output == "-":
        raise ValueError("--engine dask writes a directory of part files: pass -o DIR")
    started = time.perf_counter()
    files = input_files(input_path)
    errors_path = errors_path or os.path.join(output, "errors.csv")
    local_run.check_paths(
        files,
        [("the errors file", errors_path)]
        + [("an earlier run's part file", p) for p in part_files(output)],
    )
    job = make_job(
        files,
        output,
        overrides=overrides,
        export_format=export_format,
        use_model=use_model,
        keep=keep,
        output_format=output_format,
        include_bodies=include_bodies,
        chunk_rows=chunk_rows,
    )
    parts = plan(files, parse_bytes(blocksize) if isinstance(blocksize, str) else blocksize)
    os.makedirs(output, exist_ok=True)
    _remove_stale_parts(output)
    errors = _ErrorsOut(errors_path, job.with_file)
    summary = SummaryBuilder(keep_examples=include_bodies)
    rows_out = bad_rows = 0
    problems: set[str] = set()
    partitions = 0
    try:
        if parts:  # dask cannot map over nothing: a header-only input has no partitions
            results = diagnose_frame(parts, job)
            partitions = results.npartitions
            with _connect(scheduler, n_workers) as client:
                # one graph: each partition is read, diagnosed and written once
                futures = client.compute(  # type: ignore[no-untyped-call]
                    write_tasks(results, parts, job)
                )
                for part, future in zip(parts, futures, strict=True):  # input order
                    result: PartResult = future.result()
                    future.release()
                    errors.write(part.path, result.bad)
                    summary.merge(result.summary)
                    rows_out += result.rows_out
                    bad_rows += len(result.bad)
                    if result.model_problem:
                        problems.add(result.model_problem)
    finally:
        errors.close()
    for problem in sorted(problems):
        print(f"sms-diagnose: {problem}; continuing rules-only", file=sys.stderr)
    return DaskStats(
        rows_in=rows_out + bad_rows,
        rows_out=rows_out,
        bad_rows=bad_rows,
        partitions=partitions,
        seconds=time.perf_counter() - started,
        mapping=job.mapping,
        summary=summary.build(),
    )


def _format_of(path: str) -> InputFormat:
    reader = Reader(path)
    try:
        return reader.format
    finally:
        reader.close()


__all__ = [
    "DaskStats",
    "Job",
    "Part",
    "PartResult",
    "diagnose_frame",
    "diagnose_partition",
    "input_files",
    "make_job",
    "plan",
    "plan_parts",
    "raw_meta",
    "read_chunks",
    "read_part",
    "result_meta",
    "run_dask",
    "write_partition",
    "write_tasks",
]
