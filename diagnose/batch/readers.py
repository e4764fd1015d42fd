"""Streaming readers: CSV, JSON Lines and Parquet (or stdin) in chunks of rows.

Memory stays flat: one chunk of rows is held at a time. Every record the file contains is
either yielded as a row or reported as a ``BadRow`` with its line number (CSV, JSONL) or row
number (Parquet) and the reason, so rows in = rows out + bad rows. Blank lines are not rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Literal

from diagnose.batch.formats import FormatError
from diagnose.batch.vectorised import BadRow

if TYPE_CHECKING:
    from diagnose.batch.arrow_read import ByteLines

InputFormat = Literal["csv", "jsonl", "parquet"]
#: Columns an input may have: exports have a few dozen; a file of 200,001 columns is not an
#: export of messages, and reading its rows took minutes (issue 17 item 8).
MAX_COLUMNS = 1_000

# Undecodable bytes survive as lone surrogates (errors="surrogateescape").
_SURROGATE_RE = re.compile("[\udc80-\udcff]")
#: Why a JSON line nested deeper than the parser (or, later, the writers) can follow is bad.
TOO_DEEP = "invalid JSON: nested too deeply"
#: Why a JSON line holding an integer longer than Python converts (4,300 digits) is bad.
TOO_LONG_NUMBER = "invalid JSON (a number over 4,300 digits long)"
#: Deepest nesting of a JSON line that is read (a message with history is 3 deep): deeper
#: values would overflow the stack when pickled for a worker or written out as JSON.
MAX_JSON_DEPTH = 100
#: A field longer than this is an unterminated quote swallowing the file, not a message.
MAX_FIELD_CHARS = 1_000_000


@dataclass(slots=True)
class RawChunk:
    """Rows as column lists, each row's line number, and the records that could not be read."""

    columns: dict[str, list[Any]]
    lines: list[int]
    bad: list[BadRow] = field(default_factory=list)
    #: Records consumed from the input so far, good and bad (for resuming).
    records_done: int = 0


def wide_encoding(head: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when the first bytes of a text file say it is in that
    encoding (a byte-order mark, or a tenth or more of them NUL: BOM-less UTF-16 text, or a
    binary file); None otherwise (a NUL in a body does not count).

    Example:
        >>> wide_encoding("body".encode("utf-16")), wide_encoding(b"body,x,y"), wide_encoding(b"")
        ('UTF-16', None, None)
    """
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = head[:512]
    if len(sample) >= 8 and sample.count(0) * 10 >= len(sample):
        return "UTF-16"
    return None


def encoding_problem(name: str, head: bytes) -> str | None:
    """What to say when ``head`` is not UTF-8 text but UTF-16/32 (or binary with many NULs)."""
    wide = wide_encoding(head)
    if wide is None:
        return None
    name = "the input" if name == "-" else name
    bom = head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    what = f"is {wide} text" if bom else f"looks like {wide} text (or a binary file)"
    return (
        f"{name} {what}, not UTF-8: save or export it as UTF-8 (in Excel: 'CSV UTF-8') "
        "and try again"
    )


def guess_format(path: str, head: bytes = b"") -> InputFormat:
    """From the extension, else from the first bytes (``PAR1``, ``{``)."""
    low = path.lower()
    for ext, fmt in ((".parquet", "parquet"), (".pq", "parquet"), (".jsonl", "jsonl")):
        if low.endswith(ext):
            return fmt  # type: ignore[return-value]
    if low.endswith((".ndjson", ".json")):
        return "jsonl"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "csv"


class Reader:
    """Opens ``path`` (``-`` is stdin) and yields ``RawChunk``s of up to ``chunk_rows`` rows.

    ``stream`` reads already-open bytes instead (the app's uploads); ``path`` then only names
    the input and guesses its format.

    ``header`` is known right after opening (the CSV header, the Parquet schema, or the keys
    of the first JSON objects), so the format can be recognised before any row is diagnosed.
    ``skip_records`` skips records already processed by an interrupted run. CSV lines go
    through ``pyarrow.csv`` in blocks wherever it reads them exactly as the ``csv`` module
    does (``diagnose.batch.arrow_read``); ``arrow=False`` reads every record with the ``csv``
    module (the plain path the fast one is held equal to).
    """

    def __init__(
        self,
        path: str,
        fmt: InputFormat | None = None,
        *,
        chunk_rows: int = 20_000,
        skip_records: int = 0,
        stream: IO[bytes] | None = None,
        arrow: bool = True,
    ) -> None:
        self.path = path
        self.arrow = arrow
        self.chunk_rows = chunk_rows
        self.skip_records = skip_records
        self._owned = stream is None and path != "-"
        self._binary: IO[bytes]
        if stream is not None:
            self._binary = stream
        else:
            self._binary = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        head = self._binary.peek(512)[:512] if hasattr(self._binary, "peek") else b""
        if fmt is None:
            fmt = guess_format(path, head[:64])
        if fmt != "parquet" and (problem := encoding_problem(path, head)):
            self.close()
            raise FormatError(problem)
        self.format: InputFormat = fmt
        self.size: int | None = None
        if path != "-" or stream is not None:
            try:
                self.size = self._binary.seek(0, io.SEEK_END)
                self._binary.seek(0)
            except OSError:
                self.size = None
        self.header: list[str] = []
        self._iter: Iterator[RawChunk]
        if fmt == "csv":
            self._iter = self._csv()
        elif fmt == "jsonl":
            self._iter = self._jsonl()
        else:
            self._iter = self._parquet()
        if len(self.header) > MAX_COLUMNS:
            self.close()
            name = "the input" if path == "-" else path
            raise FormatError(
                f"{name} has {len(self.header):,} columns; at most {MAX_COLUMNS:,} are read. "
                "Keep the message columns (body, error, numbers, status, date) and try again"
            )

    def position(self) -> int | None:
        """Bytes consumed so far (for an ETA), when the input is a file."""
        try:
            return self._binary.tell()
        except (OSError, ValueError):
            return None

    def __iter__(self) -> Iterator[RawChunk]:
        return self._iter

    def close(self) -> None:
        if self._owned:
            self._binary.close()

    # --- CSV ---------------------------------------------------------------------------------

    def _csv(self) -> Iterator[RawChunk]:
        from diagnose.batch.arrow_read import ByteLines

        csv.field_size_limit(MAX_FIELD_CHARS)
        source = ByteLines(self._binary)
        reader = csv.reader(_HeldLines(source.lines()))
        try:
            header = next(reader)
        except StopIteration:
            header = []
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        self.header = header
        pieces = _csv_pieces(source, len(header), reader.line_num, arrow=self.arrow)
        return self._csv_rows(pieces, header)

    def _csv_rows(self, pieces: Iterator[_Record | _Rows], header: list[str]) -> Iterator[RawChunk]:
        chunk = self._empty(header)
        targets = _targets(chunk, header)
        records = 0
        for piece in pieces:
            if isinstance(piece, _Rows):
                table, n = piece.table, piece.table.num_rows
                at = min(n, max(0, self.skip_records - records))
                records += at
                while at < n:
                    take = min(n - at, self.chunk_rows - len(chunk.lines) - len(chunk.bad))
                    part = table.slice(at, take)
                    for i, values in enumerate(targets):
                        if values is chunk.columns[header[i]]:  # not a repeated name's
                            values.extend(part.column(i).to_pylist())
                    chunk.lines.extend(range(piece.first + at, piece.first + at + take))
                    at += take
                    records += take
                    if len(chunk.lines) + len(chunk.bad) >= self.chunk_rows:
                        chunk.records_done = records
                        yield chunk
                        chunk = self._empty(header)
                        targets = _targets(chunk, header)
                continue
            start, row, reason = piece
            records += 1
            if records <= self.skip_records:
                continue
            if row is None:
                chunk.bad.append(BadRow(start, reason or "unreadable CSV record"))
            elif _SURROGATE_RE.search("".join(row)):
                chunk.bad.append(BadRow(start, "bytes that are not valid UTF-8"))
            else:
                for values, v in zip(targets, row, strict=True):
                    values.append(v)
                chunk.lines.append(start)
            if len(chunk.lines) + len(chunk.bad) >= self.chunk_rows:
                chunk.records_done = records
                yield chunk
                chunk = self._empty(header)
                targets = _targets(chunk, header)
        chunk.records_done = records
        if chunk.lines or chunk.bad:
            yield chunk

    def _empty(self, header: list[str]) -> RawChunk:
        return RawChunk({h: [] for h in header}, [])

    # --- JSON Lines --------------------------------------------------------------------------

    def _jsonl(self) -> Iterator[RawChunk]:
        text = io.TextIOWrapper(self._binary, encoding="utf-8", errors="surrogateescape")
        # Recognition needs keys before rows: read ahead a little and replay it.
        ahead: list[str] = []
        keys: dict[str, None] = {}
        for line in text:
            ahead.append(line)
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError):
                obj = None
            if isinstance(obj, dict):
                keys.update(dict.fromkeys(obj))
            if len(ahead) >= 1000:
                break
        self.header = list(keys)
        return self._jsonl_rows(ahead, text)

    def _jsonl_rows(self, ahead: list[str], rest: IO[str]) -> Iterator[RawChunk]:
        chunk = RawChunk({}, [])
        records = 0
        number = 0
        for line in _chain(ahead, rest):
            number += 1
            if not line.strip():
                continue
            records += 1
            if records <= self.skip_records:
                continue
            if _SURROGATE_RE.search(line):
                chunk.bad.append(BadRow(number, "bytes that are not valid UTF-8"))
            else:
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    chunk.bad.append(BadRow(number, f"invalid JSON ({exc.msg})"))
                    obj = None
                except ValueError:  # an integer over Python's int-to-text digit limit
                    chunk.bad.append(BadRow(number, TOO_LONG_NUMBER))
                    obj = None
                except RecursionError:
                    chunk.bad.append(BadRow(number, TOO_DEEP))
                    obj = None
                if obj is not None and not isinstance(obj, dict):
                    chunk.bad.append(BadRow(number, "expected a JSON object"))
                elif obj is not None and _too_deep(line, obj):
                    chunk.bad.append(BadRow(number, TOO_DEEP))
                elif obj is not None:
                    n = len(chunk.lines)
                    for key, value in obj.items():
                        column = chunk.columns.get(key)
                        if column is None:
                            column = chunk.columns[key] = [None] * n
                        column.append(value)
                    chunk.lines.append(number)
                    for column in chunk.columns.values():
                        if len(column) == n:
                            column.append(None)
            if len(chunk.lines) + len(chunk.bad) >= self.chunk_rows:
                chunk.records_done = records
                yield chunk
                chunk = RawChunk({}, [])
        chunk.records_done = records
        if chunk.lines or chunk.bad:
            yield chunk

    # --- Parquet -----------------------------------------------------------------------------

    def _parquet(self) -> Iterator[RawChunk]:
        import pyarrow.parquet as pq

        source: Any = self._binary
        if self.path == "-" and not self._binary.seekable():
            source = io.BytesIO(self._binary.read())
        pf = pq.ParquetFile(source)
        self.header = list(pf.schema_arrow.names)
        return self._parquet_rows(pf)

    def _parquet_rows(self, pf: Any) -> Iterator[RawChunk]:
        row = 0
        for batch in pf.iter_batches(batch_size=self.chunk_rows):
            n = batch.num_rows
            first = row
            row += n
            if row <= self.skip_records:
                continue
            columns = batch.to_pydict()
            lines = list(range(first + 1, row + 1))
            if first < self.skip_records:
                cut = self.skip_records - first
                columns = {k: v[cut:] for k, v in columns.items()}
                lines = lines[cut:]
            yield RawChunk(columns, lines, records_done=row)


def _too_deep(line: str, obj: Any) -> bool:
    """Whether ``obj`` (parsed from ``line``) nests deeper than ``MAX_JSON_DEPTH``; only
    lines with that many brackets are walked."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return False
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, dict | list))
    return False


#: A CSV record: its first line, its cells (None when it is bad) and why it is bad.
_Record = tuple[int, list[str] | None, str | None]
#: Block sizes of the fast path: after a block the csv module had to read it starts small
#: and grows while blocks parse, so a bad row costs a small block read slowly, not a large
#: one. Past 1 MiB a block saves little CPU (0.29 s against 0.34 s on the 200k-row benchmark)
#: and costs resident memory (+85 MB against +40 MB over the csv module alone).
_SMALL_BLOCK = 1 << 16
_LARGE_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class _Rows:
    """Records pyarrow read (``diagnose.batch.arrow_read``), one a line from line ``first``."""

    first: int
    table: Any


def _csv_pieces(
    source: ByteLines, width: int, done: int, *, arrow: bool = True
) -> Iterator[_Record | _Rows]:
    """Every record after the header (which took ``done`` lines): blocks of lines that pyarrow
    reads exactly as the csv module would, as ``_Rows``; the others record by record, by
    ``_csv_records``, each such stretch read on to the end of the record it stops in."""
    from diagnose.batch.arrow_read import count_lines, parse_block

    if width < 2 or not arrow:  # one column: a blank line and a row of one empty cell look alike
        yield from _slow_records(source, width, done, None)
        return
    size = _SMALL_BLOCK
    misses = 0  # small blocks in a row pyarrow could not take
    wait = 0  # small blocks to give the csv module before trying pyarrow again
    while block := source.block(size):
        table = None if wait else parse_block(block, width, MAX_FIELD_CHARS)
        if table is not None:
            source.consume(len(block))
            yield _Rows(done + 1, table)
            done += table.num_rows
            size = min(size * 4, _LARGE_BLOCK)
            misses = 0
        elif size > _SMALL_BLOCK:
            size = _SMALL_BLOCK  # narrow down to the lines the fast path cannot take
        else:
            if wait:
                wait -= 1
            else:  # a file damaged all over: try pyarrow less and less often (at most 1 in 16)
                misses += 1
                wait = min(2 ** (misses - 1) - 1, 15)
            done = yield from _slow_records(source, width, done, count_lines(block))


def _slow_records(
    source: ByteLines, width: int, done: int, until: int | None
) -> Generator[_Record, None, int]:
    """``_csv_records`` from the source's position (after line ``done``) until a record ends
    on or after ``until`` lines of it (None: the end of the input); returns the last line read."""
    lines = _HeldLines(source.lines())
    reader = csv.reader(lines)
    for start, row, reason in _csv_records(reader, lines, width, until):
        yield start + done, row, reason
    return done + int(reader.line_num)


class _HeldLines:
    """The lines of a text file, keeping those of the record being parsed, so that a record
    a broken quote ran over can be read again line by line."""

    def __init__(self, text: Iterable[str]) -> None:
        self._text = text
        self.held: list[str] = []
        #: The line number of ``held[0]``.
        self.first = 1

    def __iter__(self) -> Iterator[str]:
        held = self.held
        for line in self._text:
            held.append(line)
            yield line

    def between(self, start: int, end: int) -> list[str]:
        """Lines ``start`` to ``end`` (inclusive), which must not have been released."""
        return self.held[start - self.first : end - self.first + 1]

    def release(self, end: int) -> None:
        """Forget lines up to ``end`` (in batches: a record is usually one line)."""
        if len(self.held) > 1024:
            del self.held[: end - self.first + 1]
            self.first = end + 1


def _csv_records(
    reader: Any, lines: _HeldLines, width: int, until: int | None = None
) -> Iterator[_Record]:
    """Every record of ``reader`` (over ``lines``), blank lines skipped; with ``until``, the
    records up to the first that ends on or after line ``until`` (it is read to its end).

    A broken quote makes the parser run on over the following lines, as one field, until a
    quote closes it or the field passes ``MAX_FIELD_CHARS``: those lines would be lost inside
    one bad record. So a record over several lines is taken only when it is well formed (the
    header's width, and quoted by the rules: a strict parser reads it the same); otherwise
    its first line is reported and each later line is read again on its own, as a record or
    a bad row with its own line number. Rows in = rows out + bad rows, and the work stays
    linear (each line is read at most twice).
    """
    last = reader.line_num
    while True:
        start = last + 1
        reason = None
        row: list[str] | None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row, reason = None, f"unreadable CSV record: {exc}"
        last = end = reader.line_num
        if row is not None and (not row or (len(row) == 1 and not row[0].strip())):
            lines.release(end)
            if until is not None and end >= until:
                return
            continue  # a blank or whitespace-only line is not a record
        if end > start and (
            row is None or len(row) != width or not _well_quoted(lines.between(start, end), row)
        ):
            more = end - start
            if row is None:
                why = f"it ran past {MAX_FIELD_CHARS:,} characters"
            elif len(row) != width:
                why = f"{len(row)} fields over {more + 1} lines, expected {width}"
            else:
                why = f"a quote inside it over {more + 1} lines"
            yield (
                start,
                None,
                f"a quoted field opened here is not closed properly ({why}); the {more} "
                f"line{'s' if more > 1 else ''} after it {'are' if more > 1 else 'is'} read "
                "again one by one",
            )
            for number, line in enumerate(lines.between(start + 1, end), start + 1):
                record = _one_line(line, width, number)
                if record is not None:
                    yield record
        elif row is None:
            yield start, None, reason
        elif len(row) != width:
            yield start, None, f"expected {width} fields, got {len(row)} (broken quoting?)"
        elif row[-1].endswith(("\n", "\r")):
            # A one-line record keeps its line's end only in a quote open at the end of file.
            yield start, None, "a quoted field opened here is not closed before the end of file"
        else:
            yield start, row, None
        lines.release(end)
        if until is not None and end >= until:
            return


def _well_quoted(record_lines: list[str], row: list[str]) -> bool:
    """Whether a strict parser reads ``record_lines`` as the one record ``row`` (a quote in a
    quoted field that does not close it, or one never closed, is not well quoted)."""
    try:
        return list(csv.reader(record_lines, strict=True)) == [row]
    except csv.Error:
        return False


def _one_line(line: str, width: int, number: int) -> _Record | None:
    """``line`` read as a record on its own; None for a blank line."""
    try:
        row = next(csv.reader([line]), [])
    except csv.Error as exc:
        return number, None, f"unreadable CSV record: {exc}"
    if not row or (len(row) == 1 and not row[0].strip()):
        return None
    if any("\n" in cell or "\r" in cell for cell in row):
        # Only an unclosed quote takes the line's own end into a cell.
        return number, None, "a quoted field opened here is not closed on its line"
    if len(row) != width:
        return number, None, f"expected {width} fields, got {len(row)} (broken quoting?)"
    return number, row, None


def _targets(chunk: RawChunk, header: list[str]) -> list[list[Any]]:
    """The list each header position's cells go to: a repeated header name keeps its first
    column (as pandas' ``name`` does); the later ones are read and dropped."""
    seen: set[str] = set()
    out = []
    for name in header:
        out.append(chunk.columns[name] if name not in seen else [])
        seen.add(name)
    return out


def _chain(first: list[str], rest: IO[str]) -> Iterator[str]:
    yield from first
    yield from rest
