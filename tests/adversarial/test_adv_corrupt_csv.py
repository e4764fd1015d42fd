"""Rows in = rows out + rows in the errors file, for corrupt files too: no line is lost.

A broken quote makes a CSV parser read on, over the following lines, as one field: until a
quote closes it or the field reaches the size limit. Those lines were lost inside one bad
record (a broken quote on line 3 of 50,000 lines lost 18,585 rows). Here every physical
line of a file whose rows are one line each must come back as a row or an errors-file row
with its own line number, whatever one quote added or removed does to it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.batch import run_batch
from diagnose.batch.readers import MAX_FIELD_CHARS, Reader

bodies = st.text(alphabet=st.sampled_from(list('ab ,"x!')), min_size=1, max_size=12)


def _file(rows: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "error", "body"])
    writer.writerows([f"L{i}", "30007", body] for i, body in enumerate(rows, start=2))
    return buf.getvalue()


def _lines_seen(data: str) -> tuple[list[int], list[int]]:
    reader = Reader("in.csv", "csv", chunk_rows=7, stream=io.BytesIO(data.encode()))
    good: list[int] = []
    bad: list[int] = []
    for chunk in reader:
        good += chunk.lines
        bad += [b.line for b in chunk.bad]
    return good, bad


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(bodies, min_size=1, max_size=30), where=st.floats(0, 1), add=st.booleans())
def test_one_quote_more_or_less_loses_no_line(rows: list[str], where: float, add: bool) -> None:
    data = _file(rows)
    head = data.index("\n") + 1  # the header stays intact
    if add:
        at = head + int(where * (len(data) - head - 1))  # before the last line break
        data = data[:at] + '"' + data[at:]
    else:
        quotes = [i for i, ch in enumerate(data) if ch == '"' and i >= head]
        if quotes:
            at = quotes[int(where * (len(quotes) - 1))]
            data = data[:at] + data[at + 1 :]
    good, bad = _lines_seen(data)
    lines = data.split("\n")
    nonblank = [n for n, line in enumerate(lines, start=1) if line.strip() and n > 1]
    reported = sorted(good + bad)
    assert len(set(reported)) == len(reported) and set(reported) <= set(nonblank)
    # A line not reported on its own lies inside the row above it, and only where that row
    # is a well-formed record over several lines (a quoted field with a line break in it):
    # by the CSV grammar it is one record, and its text is in the row.
    for n in sorted(set(nonblank) - set(reported)):
        first = max(r for r in reported if r < n)
        assert first in good
        span = [
            x
            for x in nonblank
            if first <= x and (x < min([r for r in reported if r > first], default=10**9))
        ]
        record = "\n".join(lines[first - 1 : span[-1]]) + "\n"
        assert len(list(csv.reader(io.StringIO(record), strict=True))) == 1


def test_an_unterminated_quote_swallows_nothing(tmp_path: Path) -> None:
    """The adversarial pass's file: a broken quote on line 3, then 50,000 good lines (more
    than the field limit's worth): every one of them is diagnosed."""
    lines = ["id,error,body\n", "1,30007,hello\n", '2,30007,"broken quote here\n']
    lines += [
        f"{i},30007,good line {i} padded to pass the field limit sooner\n" for i in range(3, 50_003)
    ]
    assert sum(map(len, lines)) > MAX_FIELD_CHARS
    src = tmp_path / "in.csv"
    src.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out.csv"
    stats = run_batch(str(src), str(out), use_model=False, progress=False)
    assert (stats.rows_in, stats.rows_out, stats.bad_rows) == (50_002, 50_001, 1)
    errors = list(csv.DictReader((tmp_path / "out.csv.errors.csv").open(encoding="utf-8")))
    assert [e["line"] for e in errors] == ["3"]
    assert "not closed" in errors[0]["reason"]


def test_a_quote_open_at_the_end_of_the_file_is_reported(tmp_path: Path) -> None:
    """In the last column a runaway quote to the end of the file has the right width: it is
    still a bad row, and the lines it ran over are read."""
    data = 'id,error,body\n1,30007,hello\n2,30007,"never closed\n3,30007,fine\n4,30007,also fine\n'
    good, bad = _lines_seen(data)
    assert (good, bad) == ([2, 4, 5], [3])
    good, bad = _lines_seen('id,error,body\n1,30007,hello\n2,30007,"never closed\n')
    assert (good, bad) == ([2], [3])


def test_well_quoted_line_breaks_are_still_one_row() -> None:
    data = 'id,error,body\n1,30007,"two\nlines"\n2,30007,"a ""quoted""\r\nword"\n3,x,y\n'
    reader = Reader("in.csv", "csv", stream=io.BytesIO(data.encode()))
    chunk = next(iter(reader))
    assert chunk.lines == [2, 4, 6] and not chunk.bad
    assert chunk.columns["body"] == ["two\nlines", 'a "quoted"\r\nword', "y"]
