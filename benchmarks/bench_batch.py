"""Batch throughput: the pandas read+write floor vs ``sms-diagnose batch`` (rules-only, model).

    .venv/bin/python benchmarks/bench_batch.py [--rows 200000] [--jobs 2] [--recipients N]
                                               [--same-body]

Generates N rows of synthetic failure traffic (``diagnose.batch.synthetic``) as a CSV,
then runs each stage in its own process so peak RSS is per stage, and prints rows/s, the
ratio to the floor, CPU seconds (the stage's process and its workers: steadier than rows/s
on a shared machine) and the largest process's peak RSS. Nothing is asserted: the figures
are for the record.

``--same-body`` gives every row the first row's body: the body rules and the model's body
features then run once in all, so the figures are those of the per-row work alone (reading,
recipients, context and time rules, ranking, writing).

Last, the template miner (``diagnose.batch.templates``, Drain) is timed on its own: it runs
once per run, at the end, over the distinct masked bodies, so its cost is printed in seconds
and as a share of the model stage's time, on the benchmark's traffic and on as many rows of
personalised campaigns (``synthetic.personalised_rows``: names, cities, streets).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

_STAGE = r"""
import json, resource, sys, time
stage, src, out, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
t = time.perf_counter()
if stage == "floor":
    import pandas as pd
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    for _ in df["body"]:
        pass
    df[["id"]].assign(top_cause="x").to_csv(out, index=False)
    rows = len(df)
else:
    from diagnose.batch.run import run_batch
    model = stage == "model"
    if model:
        from diagnose.learn.loading import load_default_model
        m, problem = load_default_model()
        if m is None:
            print(json.dumps({"skipped": problem}))
            sys.exit(0)
    stats = run_batch(src, out, use_model=model, jobs=jobs, progress=False)
    rows = stats.rows_in
seconds = time.perf_counter() - t
me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
rss = max(me.ru_maxrss, kids.ru_maxrss) / 1024
print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "rss_mb": rss}))
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument(
        "--recipients",
        type=int,
        default=None,
        help="distinct recipient numbers (default rows/4; 0 = all distinct)",
    )
    p.add_argument(
        "--same-body",
        action="store_true",
        help="one body on every row: measures the per-row work without the per-body work",
    )
    p.add_argument("--keep", metavar="DIR", help="keep the generated files here")
    args = p.parse_args()
    recipients = args.rows // 4 if args.recipients is None else (args.recipients or None)

    from diagnose.batch.synthetic import generate_rows

    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_batch_"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "traffic.csv"
    t = time.perf_counter()
    cols = generate_rows(args.rows, seed=1, recipients=recipients)
    if args.same_body:
        cols["body"] = [cols["body"][0]] * args.rows
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows(zip(*cols.values(), strict=True))
    distinct = len(set(cols["body"]))
    print(
        f"generated {args.rows:,} rows ({src.stat().st_size / 1e6:.0f} MB, {distinct:,} "
        f"distinct bodies, {recipients or args.rows:,} recipients) in "
        f"{time.perf_counter() - t:.1f}s"
    )
    del cols

    results = {}
    seconds: dict[str, float] = {}
    stages = [("floor", 1), ("rules-only", 1), ("rules-only", args.jobs), ("model", args.jobs)]
    for stage, jobs in stages:
        out = work / f"out-{stage}-{jobs}.csv"
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                _STAGE,
                "model" if stage == "model" else stage,
                str(src),
                str(out),
                str(jobs),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        label = stage if stage == "floor" else f"{stage} --jobs {jobs}"
        if "skipped" in r:
            print(f"{label:<24} skipped: {r['skipped']}")
            continue
        rate = r["rows"] / r["seconds"]
        results[label] = rate
        floor = results.get("floor", rate)
        print(
            f"{label:<24} {rate:>10,.0f} rows/s  {floor / rate:6.1f}x floor  "
            f"{r['seconds']:7.1f}s  CPU {r['cpu']:6.1f}s  peak RSS {r['rss_mb']:,.0f} MB"
        )
        seconds[label] = r["seconds"]
    run = seconds.get(f"model --jobs {args.jobs}") or seconds.get(f"rules-only --jobs {args.jobs}")
    _mining(args.rows, recipients, run)


def _mining(rows: int, recipients: int | None, run_seconds: float | None) -> None:
    """Time the template miner alone, as ``SummaryBuilder.build`` runs it."""
    from diagnose.batch.mask import mask_template
    from diagnose.batch.synthetic import generate_rows, personalised_rows
    from diagnose.batch.templates import mine_templates

    for name, bodies in (
        ("benchmark traffic", generate_rows(rows, seed=1, recipients=recipients)["body"]),
        ("personalised campaigns", personalised_rows(rows, seed=1)[0]["body"]),
    ):
        counts = Counter(map(mask_template, bodies))
        t = time.perf_counter()
        mined = mine_templates(counts)
        took = time.perf_counter() - t
        share = f", {took / run_seconds:.1%} of the run" if run_seconds else ""
        print(
            f"template mining, {name}: {len(counts):,} distinct masked bodies -> "
            f"{len(set(mined.values())):,} templates in {took:.3f}s{share}"
        )


if __name__ == "__main__":
    main()
