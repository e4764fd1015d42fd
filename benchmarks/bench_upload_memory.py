"""What one Triage session holds after an upload: RSS and session state, per object.

    .venv/bin/python benchmarks/bench_upload_memory.py [--rows 200000] [--notes 0]

Builds a CSV of ``--rows`` generated failures (``--notes`` adds an unread column of that
many characters a row), uploads it to the Triage page with Streamlit's AppTest, and prints
the process RSS before and after the run (after a garbage collection) and every session
state value over 100 kB, measured by what its frames and arrays hold. The uploader's own
copy of the file (``tr_upload``) is listed apart: Streamlit keeps it while the file is
shown.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "adversarial"))

from test_adv_upload_memory import deep_size  # noqa: E402

from diagnose.batch.synthetic import generate_rows  # noqa: E402


def _rss_mb() -> float:
    gc.collect()
    return float(psutil.Process().memory_info().rss) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--notes", type=int, default=0, help="characters of an unread column")
    args = ap.parse_args()
    frame = pd.DataFrame(generate_rows(args.rows))
    if args.notes:
        frame["notes"] = ["n" * args.notes] * args.rows
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    data = buf.getvalue().encode()
    del buf, frame
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
    at.run()
    at.switch_page("app_pages/triage.py").run()
    before = _rss_mb()
    t = time.perf_counter()
    at.file_uploader(key="tr_upload").upload("export.csv", data, "text/csv")
    at.run()
    seconds = time.perf_counter() - t
    after = _rss_mb()
    if at.exception:
        print(at.exception, file=sys.stderr)
        return 1
    print(f"upload {len(data) / 1e6:.1f} MB, {args.rows:,} rows: triage run {seconds:.1f} s")
    print(f"RSS before {before:,.0f} MB, after {after:,.0f} MB (+{after - before:,.0f} MB)")
    sizes = {k: deep_size(v) for k, v in at.session_state.items()}
    total = sum(v for k, v in sizes.items() if k != "tr_upload")
    for key, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        if size > 100_000:
            print(f"  {key:28s} {size / 1e6:8.1f} MB")
    print(f"session state without the uploader's copy: {total / 1e6:.1f} MB")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
