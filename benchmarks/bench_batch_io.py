"""Batch CSV reading and writing alone: the pyarrow fast paths against the csv module's.

    .venv/bin/python benchmarks/bench_batch_io.py [--rows 200000] [--repeats 3]

Generates the ``bench_batch.py`` traffic (``diagnose.batch.synthetic``, seed 1) as a CSV and
prints CPU seconds (the steadier figure on a shared machine; best of ``--repeats``):

- reading it with ``Reader`` (blocks through ``pyarrow.csv`` where exact) and with
  ``Reader(arrow=False)`` (every record through the ``csv`` module);
- writing the result rows of a rules-only diagnosis (the first 20,000 rows diagnosed, then
  repeated to ``--rows``) with ``arrow_write.csv_bytes`` and with ``SafeWriter`` as
  ``Writer`` used it, after checking that both give the same bytes.

Nothing is asserted but that equality: the figures are for the record.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _best(repeats: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeats):
        start = _cpu()
        out = work()
        times.append(_cpu() - start)
    return min(times), out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args()

    from diagnose.batch.arrow_write import csv_bytes
    from diagnose.batch.csv_safety import SafeWriter
    from diagnose.batch.formats import recognise
    from diagnose.batch.readers import Reader
    from diagnose.batch.run import TEXT_ERRORS, _neutralised
    from diagnose.batch.synthetic import generate_rows
    from diagnose.batch.vectorised import RESULT_COLUMNS, BatchDiagnoser

    src = Path(tempfile.mkdtemp(prefix="bench_batch_io_")) / "traffic.csv"
    cols = generate_rows(args.rows, seed=1, recipients=args.rows // 4)
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows(zip(*cols.values(), strict=True))
    print(f"{args.rows:,} rows, {src.stat().st_size / 1e6:.0f} MB")

    def read(arrow: bool) -> int:
        reader = Reader(str(src), arrow=arrow)
        rows = sum(len(chunk.lines) + len(chunk.bad) for chunk in reader)
        reader.close()
        return rows

    for label, arrow_on in (("pyarrow blocks", True), ("csv module", False)):
        seconds, rows = _best(args.repeats, partial(read, arrow_on))
        print(f"read  {label:<15} {rows:,} rows  CPU {seconds:.3f} s")

    reader = Reader(str(src))
    first = next(iter(reader))
    reader.close()
    result = BatchDiagnoser(recognise(reader.header)).run_chunk(first.columns, first.lines)
    times = -(-args.rows // len(first.lines))
    columns = [(result.columns[c] * times)[: args.rows] for c in RESULT_COLUMNS]
    chunks = [[c[i : i + 20_000] for c in columns] for i in range(0, args.rows, 20_000)]

    def plain() -> bytes:
        raw = io.BytesIO()
        text = io.TextIOWrapper(raw, encoding="utf-8", errors=TEXT_ERRORS, newline="")
        writer = SafeWriter(text)
        for chunk in chunks:
            writer.writecolumns([_neutralised(c) for c in chunk])
        text.flush()
        return raw.getvalue()

    def arrow() -> bytes:
        return b"".join(csv_bytes(chunk) or b"" for chunk in chunks)

    fast_s, fast = _best(args.repeats, arrow)
    plain_s, slow = _best(args.repeats, plain)
    if fast != slow:
        raise SystemExit("the two writers differ: a bug")
    rows = len(columns[0])
    print(f"write pyarrow columns  {rows:,} rows x {len(columns)}  CPU {fast_s:.3f} s")
    print(
        f"write csv module       {rows:,} rows x {len(columns)}  CPU {plain_s:.3f} s  (same bytes)"
    )


if __name__ == "__main__":
    main()
