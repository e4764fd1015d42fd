"""Rules-only diagnosis speed: single-message latency (p50/p99) and messages per second.

Run: ``.venv/bin/python benchmarks/bench_rules.py [--n 20000] [--data-dir ../shared/data]``

The corpus mixes real SMS bodies (UCI + Mendeley, when present) with business messages and
context. The baseline is a bare loop over the same corpus that only builds the message
values, so the ratio shows what the diagnosis itself costs. Two timings: the diagnosis
(``rewrite=False``, what batch triage runs) and the default call, which also builds the
corrected message and re-runs every rule on it to prove it passes (about twice the work).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from pathlib import Path

from diagnose import FailedMessage, diagnose
from diagnose.message import Origin

BUSINESS = [
    "Acme: your order #{n} has shipped. Track it at https://acme.com/t/{n}. Reply STOP to opt out.",
    "Thanks for contacting Retalé. How can we help today?",
    "Your verification code is {n}. Do not share it.",
    "FLASH SALE!!! 50% off everything today only, shop now at bit.ly/{n}",
    "Reminder: your appointment with Dr. Lee is tomorrow at 3pm. Reply C to confirm.",
    "URGENT: your account is locked. Verify your details at http://10.2.3.{m}/login",
    "Hi Chip, your order is ready for pickup at Union Square.",
    "Get CBD gummies delivered — 20% off with code GREEN{n}",
]
ERRORS = [None, "30007", "21610", "4770", "Delivery Failed", "TEXT_SPAM", "30034", "40002"]


def corpus(n: int, data_dir: Path, seed: int = 7) -> list[FailedMessage]:
    rng = random.Random(seed)
    real: list[str] = []
    for name in ("uci_sms_spam_collection.csv", "mendeley_sms_phishing.csv"):
        path = data_dir / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                real += [row["text"] for row in csv.DictReader(fh)]
    out = []
    for i in range(n):
        if real and i % 2:
            body = rng.choice(real)
        else:
            body = rng.choice(BUSINESS).format(n=rng.randint(1000, 999999), m=rng.randint(1, 254))
        out.append(
            FailedMessage(
                body=body,
                error=rng.choice(ERRORS),
                first_message=rng.choice([True, False, None]),
                origin=rng.choice([None, *Origin]),
                brand=rng.choice([None, "Acme", "Retalé"]),
                to=rng.choice([None, "+14155550123", "+12025550199"]),
            )
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--data-dir", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    args = ap.parse_args()
    messages = corpus(args.n, args.data_dir)
    for m in messages[:500]:  # warm caches and regexes
        diagnose(m)

    t0 = time.perf_counter()
    for m in messages:
        FailedMessage(body=m.body, error=m.error, first_message=m.first_message)
    bare = time.perf_counter() - t0

    print(f"messages:                {len(messages):,}")
    print(f"bare loop:               {len(messages) / bare:,.0f} msgs/s")
    runs = (
        ("diagnosis (findings, ranked causes, fixes; rewrite=False)", False, "target p50 < 50 µs"),
        (
            "diagnosis + corrected message, re-checked (the default)",
            True,
            "runs every rule again, on the corrected text",
        ),
    )
    for label, with_rewrite, note in runs:
        lat = []
        t0 = time.perf_counter()
        for m in messages:
            s = time.perf_counter_ns()
            diagnose(m, rewrite=with_rewrite)
            lat.append(time.perf_counter_ns() - s)
        total = time.perf_counter() - t0
        lat.sort()
        p50 = statistics.median(lat) / 1000
        p99 = lat[int(len(lat) * 0.99)] / 1000
        print(f"rules-only {label}:")
        print(f"  throughput:            {len(messages) / total:,.0f} msgs/s")
        print(f"  latency p50 / p99:     {p50:,.1f} µs / {p99:,.1f} µs  ({note})")
        print(f"  ratio to bare loop:    {total / bare:,.1f}x slower")


if __name__ == "__main__":
    main()
