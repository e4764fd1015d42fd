"""The CSV reader's pyarrow fast path reads exactly what the csv module reads.

Files are built from the pieces that break CSV (quotes where they open, close and do
neither, CR and LF alone and together, blank and whitespace lines, NUL, bad UTF-8, a
byte-order mark, too many and too few fields) and read twice: by the reader as shipped and
with ``arrow=False`` (every record through the csv module). Rows, cells, line numbers, bad
rows with their reasons and the resume counts must be the same, with blocks small enough
that records and stretches of bad lines cross their edges.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.batch import readers
from diagnose.batch.arrow_read import ByteLines, count_lines, parse_block
from diagnose.batch.readers import Reader

PIECES = [b"a", b"b c", b",", b",", b'"', b'""', b"\n", b"\r\n", b"\r", b"\x00", b" "]
PIECES += [b"\xc3\xa9", b"\xe9", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"=1+2", b"x,y"]
lines = st.lists(st.sampled_from(PIECES), max_size=8).map(lambda p: b"".join(p) + b"\n")
cells = st.sampled_from([b"a", b"b", b'"x,y"', b'"q""q"', b"", b"\xc3\xa9", b'"a\rb"'])
good_lines = st.lists(cells)


def _read(data: bytes, **kwargs: Any) -> list[Any]:
    reader = Reader("in.csv", "csv", stream=io.BytesIO(data), **kwargs)
    out: list[Any] = [reader.header]
    for chunk in reader:
        out.append((chunk.columns, chunk.lines, chunk.bad, chunk.records_done))
    return out


@settings(max_examples=400, deadline=None)
@given(
    width=st.integers(1, 4),
    body=st.lists(st.one_of(lines, good_lines.map(lambda c: b",".join(c) + b"\n")), max_size=25),
    chunk_rows=st.integers(1, 9),
    skip=st.integers(0, 12),
    end=st.sampled_from([b"", b"x", b'"open', b"\r"]),
    small=st.integers(1, 40),
)
def test_fast_path_reads_what_the_csv_module_reads(
    width: int, body: list[bytes], chunk_rows: int, skip: int, end: bytes, small: int
) -> None:
    header = b",".join(b"h%d" % i for i in range(width)) + b"\r\n"
    data = header + b"".join(body) + end
    kwargs = {"chunk_rows": chunk_rows, "skip_records": skip}
    with pytest.MonkeyPatch.context() as patch:  # blocks of a few lines: records and bad
        patch.setattr(readers, "_SMALL_BLOCK", small)  # stretches cross their edges
        patch.setattr(readers, "_LARGE_BLOCK", small * 16)
        assert _read(data, **kwargs) == _read(data, arrow=False, **kwargs)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(cells.filter(lambda c: b"\r" not in c), min_size=3, max_size=3)))
def test_regular_files_go_the_fast_way(rows: list[list[bytes]]) -> None:
    """Files with nothing odd are read by pyarrow alone, and still equal."""
    data = b"a,b,c\n" + b"".join(b",".join(row) + b"\n" for row in rows)
    block = data[6:]
    table = parse_block(block, 3, 10**6)
    assert (table is None) == (not block)
    assert _read(data) == _read(data, arrow=False)


@pytest.mark.parametrize(
    ("block", "why"),
    [
        (b"a,b\n\nc,d\n", "a blank line"),
        (b"a,b\n  \nc,d\n", "a whitespace line"),
        (b'a,"b\nc"\n', "a record over two lines"),
        (b'a,"open\n', "a quote left open by the last line"),
        (b"a,caf\xe9\n", "invalid UTF-8"),
        (b"a,b,c\n", "too many fields"),
        (b"\xef\xbb\xbfa,b\n", "a byte-order mark (pyarrow would drop it)"),
    ],
)
def test_blocks_the_fast_path_refuses(block: bytes, why: str) -> None:
    assert parse_block(block, 2, 10**6) is None, why


def test_a_field_at_the_limit_is_left_to_the_csv_module() -> None:
    assert parse_block(b"a," + b"x" * 20 + b"\n", 2, 20) is None
    assert parse_block(b"a," + b"x" * 19 + b"\n", 2, 20) is not None


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(st.sampled_from([b"a", b"\r", b"\n", b"\r\n", b"\xe9", b"\xc3"])).map(b"".join),
    read_size=st.integers(1, 7),
    take=st.integers(0, 5),
)
def test_lines_split_and_decode_as_text_io_does(data: bytes, read_size: int, take: int) -> None:
    """The csv module's lines are the ones ``open(newline="")`` gives, however the stream is
    read; a block taken after some lines starts where they end."""
    expected = list(io.TextIOWrapper(io.BytesIO(data), "utf-8", "surrogateescape", newline=""))
    source = ByteLines(io.BytesIO(data), read_size=read_size)
    got = []
    for line in source.lines():
        got.append(line)
        if len(got) == take:
            break
    assert got == expected[:take] or (take == 0 and got == expected)
    if take and len(got) == take:
        rest = b"".join(line.encode("utf-8", "surrogateescape") for line in expected[take:])
        blocks = []
        while block := source.block(read_size):
            blocks.append(block)
            source.consume(len(block))
        assert b"".join(blocks) == rest
        assert all(b.endswith(b"\n") for b in blocks[:-1])


def test_count_lines_counts_universal_newlines() -> None:
    assert count_lines(b"a\r\nb\rc\nd") == 4
    assert count_lines(b"\n\r\n\r") == 3
