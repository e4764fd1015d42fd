"""``--engine dask``: the local engine's reading and diagnosis, partitioned over a Dask cluster.

Why not ``dd.read_csv``: it cuts the file at newlines guessed from a byte offset, so a quoted
body with a line break or a broken quote fails its whole partition, and no partition knows
its line numbers. Any guess from an offset (newlines, quote parity) breaks on exactly the
malformed input that must be reported. So the client makes one sequential pass with the
same csv parser, decoding and line splitting the local ``Reader`` uses (no diagnosis; about
150 MB/s, overlapped with the workers) and cuts each input into byte ranges of about
``blocksize`` that end on record boundaries, noting each range's first line. A worker
re-reads its range with ``Reader`` itself (the CSV header bytes put in front), so records,
bad-row reasons and line numbers are the local engine's: a malformed record is one line of
the errors file, never a failed partition. JSON Lines are cut the same way, Parquet by row
group.

Each worker thread builds one ``BatchDiagnoser`` (the model is loaded once per process),
writes its part as ``OUTPUT/part-N.<ext>`` with the local engine's ``Writer`` (formula cells
neutralised) and returns its bad rows and summary counts; the client writes the errors file
in input order. INPUT, OUTPUT and the workers must share a filesystem. Needs the optional
extra: ``pip install 'sms-diagnose[dask]'``.
"""

from __future__ import annotations

import csv
import glob
import io
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from diagnose.batch import add_to_summary
from diagnose.batch import run as local_run
from diagnose.batch.csv_safety import neutralise
from diagnose.batch.formats import ColumnMapping, recognise
from diagnose.batch.readers import MAX_FIELD_CHARS, InputFormat, RawChunk, Reader
from diagnose.batch.summary import Summary, SummaryBuilder
from diagnose.batch.vectorised import RESULT_COLUMNS, BadRow, BatchDiagnoser


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
    """What every part shares: how to diagnose it and where its results go."""

    mapping: ColumnMapping
    use_model: bool
    keep: tuple[str, ...]
    output: str
    output_format: local_run.OutputFormat
    include_bodies: bool
    chunk_rows: int
    #: Several input files: results carry a ``file`` column so ``line`` stays unambiguous.
    with_file: bool


@dataclass(frozen=True, slots=True)
class PartResult:
    """A diagnosed part: rows written, bad rows in line order, summary counts."""

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
    """Cut ``path`` into parts of about ``blocksize`` bytes that end on record boundaries.

    Generated lazily, so parts can be diagnosed while the rest of the file is scanned.
    """
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


def read_part(part: Part, chunk_rows: int) -> Iterator[RawChunk]:
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


_LOCAL = threading.local()  # a diagnoser's caches are not thread-safe: one per worker thread
_MODEL_LOCK = threading.Lock()


def _diagnoser(job: Job) -> tuple[BatchDiagnoser, str | None]:
    """This thread's diagnoser for ``job`` (built once, reused for every part it runs)."""
    key = (repr(job.mapping), job.use_model, job.keep)  # the mapping holds a dict: unhashable
    cached: dict[Any, tuple[BatchDiagnoser, str | None]] = _LOCAL.__dict__.setdefault("d", {})
    if key not in cached:
        model, problem = None, None
        if job.use_model:
            from diagnose.model import load_default_model

            with _MODEL_LOCK:  # loaded once per process, shared by its threads
                model, problem = load_default_model()
        cached[key] = (BatchDiagnoser(job.mapping, model=model, keep=job.keep), problem)
    return cached[key]


def part_path(output: str, number: int, output_format: str) -> str:
    return os.path.join(output, f"part-{number}.{output_format}")


def diagnose_part(part: Part, job: Job) -> PartResult:
    """Diagnose one part on a worker: write its result file, return bad rows and counts."""
    d, problem = _diagnoser(job)
    if job.output_format == "parquet" and not local_run._ARROW_TYPES:
        local_run._ARROW_TYPES.update(local_run._arrow_types())  # run_batch sets it up lazily
    columns = [*(["file"] if job.with_file else []), *d.keep, *RESULT_COLUMNS]
    path = part_path(job.output, part.number, job.output_format)
    writer = local_run.Writer(path, job.output_format, columns, append=False)
    builder = SummaryBuilder(keep_examples=job.include_bodies)
    bad: list[BadRow] = []
    rows = 0
    try:
        for raw in read_part(part, job.chunk_rows):
            result = d.run_chunk(raw.columns, raw.lines)
            if job.with_file:
                result.columns["file"] = [part.path] * result.rows
            writer.write(result.columns)
            add_to_summary(builder, result)
            bad.extend(sorted([*raw.bad, *result.bad], key=lambda b: b.line))
            rows += result.rows
    finally:
        writer.close()
    builder.bad_rows = len(bad)
    return PartResult(part.number, rows, bad, builder, problem)


# --- the client ----------------------------------------------------------------------------------


class _ErrorsOut:
    """The local engine's ``line,field,reason`` errors file (``file`` first for several inputs);
    created only when there is a bad row."""

    def __init__(self, path: str, with_file: bool) -> None:
        self.path = path
        self.with_file = with_file
        self._file: IO[str] | None = None

    def write(self, source: str, bad: Sequence[BadRow]) -> None:
        if not bad:
            return
        if self._file is None:
            self._file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._csv = csv.writer(self._file, lineterminator="\n")
            self._csv.writerow([*(["file"] if self.with_file else []), "line", "field", "reason"])
        lead = [neutralise(source)] if self.with_file else []
        self._csv.writerows([*lead, b.line, b.field or "", neutralise(b.reason)] for b in bad)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def input_files(pattern: str) -> list[str]:
    """The files ``pattern`` names (a path or a glob), in sorted order."""
    if glob.has_magic(pattern):
        files = sorted(glob.glob(pattern))
        if not files:
            raise FileNotFoundError(f"no input file matches {pattern}")
        return files
    return [pattern]


def run_dask(
    input_path: str,
    output: str,
    *,
    overrides: dict[str, str] | None = None,
    export_format: str | None = None,
    scheduler: str | None = None,
    use_model: bool = True,
    keep: Sequence[str] = (),
    blocksize: str | int = "64MB",
    output_format: local_run.OutputFormat = "csv",
    errors_path: str | None = None,
    include_bodies: bool = False,
    chunk_rows: int = 20_000,
    n_workers: int = 2,
) -> DaskStats:
    """Diagnose ``input_path`` (a file or a glob) on the cluster at ``scheduler`` (or a new
    local one) into ``output/part-N.<format>``; bad rows go to ``errors_path`` (default
    ``output/errors.csv``). Raises ``FormatError`` when the header cannot be mapped."""
    from dask.distributed import Client, LocalCluster
    from dask.utils import parse_bytes

    if output == "-":
        raise ValueError("--engine dask writes a directory of part files: pass -o DIR")
    started = time.perf_counter()
    files = input_files(input_path)
    first = Reader(files[0])
    try:
        mapping = recognise(first.header, overrides, format=export_format)
    finally:
        first.close()
    size = parse_bytes(blocksize) if isinstance(blocksize, str) else blocksize
    job = Job(
        mapping=mapping,
        use_model=use_model,
        keep=tuple(BatchDiagnoser(mapping, keep=keep).keep),
        output=output,
        output_format=output_format,
        include_bodies=include_bodies,
        chunk_rows=chunk_rows,
        with_file=len(files) > 1,
    )
    os.makedirs(output, exist_ok=True)
    errors = _ErrorsOut(errors_path or os.path.join(output, "errors.csv"), job.with_file)
    summary = SummaryBuilder(keep_examples=include_bodies)
    rows_out = bad_rows = 0
    problems: set[str] = set()
    cluster = None
    if scheduler:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    else:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n_workers, threads_per_worker=1, processes=True
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        futures: list[tuple[str, Any]] = []
        for path in files:
            fmt = first.format if path == files[0] else _format_of(path)
            for part in plan_parts(path, fmt, size, len(futures)):
                futures.append((path, client.submit(diagnose_part, part, job, pure=False)))
        for path, future in futures:  # in input order, so the errors file is too
            result: PartResult = future.result()
            future.release()
            errors.write(path, result.bad)
            summary.merge(result.summary)
            rows_out += result.rows_out
            bad_rows += len(result.bad)
            if result.model_problem:
                problems.add(result.model_problem)
    finally:
        errors.close()
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
    for problem in sorted(problems):
        print(f"sms-diagnose: {problem}; continuing rules-only", file=sys.stderr)
    return DaskStats(
        rows_in=rows_out + bad_rows,
        rows_out=rows_out,
        bad_rows=bad_rows,
        partitions=len(futures),
        seconds=time.perf_counter() - started,
        mapping=mapping,
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
    "diagnose_part",
    "input_files",
    "plan_parts",
    "read_part",
    "run_dask",
]
