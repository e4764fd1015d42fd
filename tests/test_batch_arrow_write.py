"""The batch output's pyarrow fast path writes the bytes ``SafeWriter`` writes.

Columns are generated with every kind of cell the results carry (text with the characters
that break CSV and the formula triggers, lone surrogates, None, integers, floats, booleans,
carried JSON arrays), alone in a column or mixed, and written both ways: the plain way
(``_neutralised`` then ``SafeWriter`` over a file opened as ``Writer`` opens it) and by
``csv_bytes``. The files must be equal byte for byte.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnose.batch.arrow_write import csv_bytes
from diagnose.batch.csv_safety import SafeWriter
from diagnose.batch.run import TEXT_ERRORS, Writer, _neutralised
from diagnose.batch.vectorised import RESULT_COLUMNS

HOSTILE = "\r\n\",;\t\x00=+-@' ()|!A0123abcé\ud800\u0663"
texts = st.one_of(
    st.text(alphabet=st.sampled_from(list(HOSTILE)), max_size=10),
    st.sampled_from(["SM1\r=cmd|' /C calc'!A0", "+15551234567", "-3", "=1+2", "@x", "-", ""]),
)
scalars = st.one_of(
    st.none(), st.integers(-(10**20), 10**20), st.booleans(), st.floats(allow_nan=True)
)
cells = st.one_of(texts, scalars, st.lists(texts, max_size=2))
ints = st.integers(-(10**20), 10**20)  # past 64 bits too
column_of = st.sampled_from(
    [texts, st.one_of(texts, st.none()), scalars, cells, st.floats(0, 1), st.none()]
    + [st.one_of(kind, st.none()) for kind in (ints, st.integers(-5, 5), st.booleans())]
    + [st.floats(), ints]
)


def _plain(columns: list[list[Any]]) -> bytes:
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8", errors=TEXT_ERRORS, newline="")
    SafeWriter(text).writecolumns([_neutralised(c) for c in columns])
    text.flush()
    return raw.getvalue()


@settings(max_examples=400, deadline=None)
@given(data=st.data(), width=st.integers(2, 5), rows=st.integers(0, 8))
def test_csv_bytes_are_safe_writers_bytes(data: Any, width: int, rows: int) -> None:
    kinds = [data.draw(column_of) for _ in range(width)]
    columns = [[data.draw(kind) for _ in range(rows)] for kind in kinds]
    assert csv_bytes(columns) == _plain(columns)


def test_a_carriage_return_quotes_its_whole_row_only() -> None:
    columns = [["SM1\r=cmd", "SM2"], [None, None], [0.25, 1.0]]
    assert csv_bytes(columns) == b'"SM1\r=cmd","","0.25"\nSM2,,1.0\n' == _plain(columns)


def test_one_column_is_left_to_the_csv_module() -> None:
    with pytest.raises(ValueError, match="one column"):
        csv_bytes([[""]])


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), rows=st.integers(1, 6))
def test_the_output_file_is_the_plain_writers(tmp_path: Path, data: Any, rows: int) -> None:
    """Through ``Writer``: the header as text, then two chunks the fast way, appended too."""
    names = ["Sid", *RESULT_COLUMNS]
    chunks = [{c: [data.draw(cells) for _ in range(rows)] for c in names} for _ in range(2)]
    path = tmp_path / "out.csv"
    writer = Writer(str(path), "csv", names, append=False)
    writer.write(chunks[0])
    writer.flush()
    assert writer.position() == path.stat().st_size
    writer.close()
    writer = Writer(str(path), "csv", names, append=True)
    writer.write(chunks[1])
    writer.close()
    header = _plain([[n] for n in names])
    plain = b"".join(_plain([chunk[c] for c in names]) for chunk in chunks)
    assert path.read_bytes() == header + plain
