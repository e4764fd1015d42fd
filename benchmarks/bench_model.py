"""Benchmark the shipped model: single-message diagnose() p50 and batch throughput.

Run: .venv/bin/python benchmarks/bench_model.py [--rows N]

Compares, on the same generated corpus: rules-only diagnose(), diagnose() with the model,
the model's batch path (``predict_many`` with findings/errors already computed, as the batch
command has them) and rules alone over the corpus.
"""

from __future__ import annotations

import argparse
import statistics
import time

from diagnose.engine import diagnose
from diagnose.evaluate import prepared
from diagnose.generator import generate, to_messages
from diagnose.model import load_default_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    model, problem = load_default_model()
    if model is None:
        raise SystemExit(problem)
    messages = to_messages(generate(args.rows, seed=99))
    for m in messages[:50]:
        diagnose(m, model=model)  # warm caches

    def p50(fn: object, sample: int = 1000) -> float:
        times = []
        for m in messages[:sample]:
            t = time.perf_counter()
            fn(m)  # type: ignore[operator]
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1e3

    print(f"diagnose() rules-only  p50 {p50(lambda m: diagnose(m)):.2f} ms")
    print(f"diagnose() with model  p50 {p50(lambda m: diagnose(m, model=model)):.2f} ms")

    t = time.perf_counter()
    findings, errors = prepared(messages)
    rules_s = time.perf_counter() - t
    print(
        f"rules + error normalisation over {len(messages)} rows: "
        f"{len(messages) / rules_s:,.0f} msgs/s"
    )
    t = time.perf_counter()
    model.predict_many(messages, findings, errors)
    model_s = time.perf_counter() - t
    print(f"model batch (findings given): {len(messages) / model_s:,.0f} msgs/s")
    print(f"rules + model batch end to end: {len(messages) / (rules_s + model_s):,.0f} msgs/s")


if __name__ == "__main__":
    main()
