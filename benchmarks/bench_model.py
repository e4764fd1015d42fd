"""Benchmark the shipped model: single-message latency and batch throughput.

Run: .venv/bin/python benchmarks/bench_model.py [--rows N] [--repeat R]

On one generated corpus (``diagnose.learn.generator``, seed 99: long bodies, nearly all distinct),
in one process: ``diagnose()`` p50 rules-only and with the model, ``explain_one`` p50; then
throughput of the rules (the baseline: per-message rules + error normalisation, what every
batch pays anyway), of building ``ModelInput`` rows, of each feature group, of
``predict_inputs`` and of ``predict_many`` with findings given (as the batch command calls
it), each the best of ``--repeat`` runs, with the ratio to the baseline. The model is the
one diagnosis loads (the inference bundle); ``predict_inputs`` of the pickled pipeline is
printed beside it. Then the same
baseline and batch path on batch-style traffic (``diagnose.batch.synthetic``: shorter bodies,
templates repeated across recipients), ``--traffic`` rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from diagnose.batch.synthetic import generate_rows
from diagnose.engine import diagnose
from diagnose.learn.evaluate import prepared
from diagnose.learn.generator import generate, to_messages
from diagnose.learn.inputs import model_input
from diagnose.learn.loading import load_default_model
from diagnose.learn.manifest import default_model_dir
from diagnose.learn.model import load_model
from diagnose.message import FailedMessage

_NOT_MESSAGE_FIELDS = ("id", "status")


def best_rate(fn: Callable[[], Any], rows: int, repeat: int) -> float:
    """Rows per second of the fastest of ``repeat`` runs (less noise from other processes)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return rows / min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--traffic", type=int, default=20000)
    args = parser.parse_args()
    model, problem = load_default_model()
    if model is None:
        raise SystemExit(problem)
    messages = to_messages(generate(args.rows, seed=99))
    n = len(messages)
    print(f"{n} generated messages (seed 99), load average {os.getloadavg()[0]:.2f}")
    for m in messages[:50]:
        diagnose(m, model=model)  # warm caches and lazily built tables

    def p50(fn: Callable[[Any], Any], items: list[Any] = messages, sample: int = 1000) -> float:
        times = []
        for m in items[:sample]:
            t = time.perf_counter()
            fn(m)
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1e3

    print(f"diagnose() rules-only   p50 {p50(lambda m: diagnose(m)):.2f} ms")
    print(f"diagnose() with model   p50 {p50(lambda m: diagnose(m, model=model)):.2f} ms")
    findings, errors = prepared(messages)
    triples = list(zip(messages, findings, errors, strict=True))
    print(f"explain_one             p50 {p50(lambda t: model.explain_one(*t), triples):.2f} ms")

    rules = best_rate(lambda: prepared(messages), n, args.repeat)
    inputs = [model_input(*t) for t in triples]
    build = best_rate(lambda: [model_input(*t) for t in triples], n, args.repeat)
    predict = best_rate(lambda: model.predict_inputs(inputs), n, args.repeat)
    many = best_rate(lambda: model.predict_many(messages, findings, errors), n, args.repeat)
    print(f"baseline: rules + error normalisation, per message: {rules:>9,.0f} msgs/s")
    print(f"model_input rows:                                   {build:>9,.0f} msgs/s")
    pipeline = load_model(default_model_dir())
    for name, part in pipeline.features.transformer_list:
        rate = best_rate(partial(part.transform, inputs), n, args.repeat)
        print(f"  features[{name}]:{'':<{34 - len(name)}}{rate:>9,.0f} msgs/s")
    piped = best_rate(lambda: pipeline.predict_inputs(inputs), n, args.repeat)
    print(f"predict_inputs (both heads):                        {predict:>9,.0f} msgs/s")
    print(f"  the same, pickled pipeline:                       {piped:>9,.0f} msgs/s")
    print(f"predict_many, findings given (the batch path):      {many:>9,.0f} msgs/s")
    print(f"ratio model batch / rules baseline:                 {many / rules:>9.2f}x")
    print(
        "rules + model end to end:                           "
        f"{1 / (1 / rules + 1 / many):>9,.0f} msgs/s"
    )
    if args.traffic:
        batch_traffic(model, args.traffic, args.repeat)


def traffic_messages(n: int) -> list[FailedMessage]:
    """Rows of ``diagnose.batch.synthetic`` as messages (empty cells are unknown fields)."""
    cols = generate_rows(n)
    out = []
    for values in zip(*cols.values(), strict=True):
        row = {k: v for k, v in zip(cols, values, strict=True) if k not in _NOT_MESSAGE_FIELDS}
        data: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
        for k in ("first_message", "recipient_opted_out", "recipient_initiated"):
            if k in data:
                data[k] = data[k] == "true"
        out.append(FailedMessage.from_dict(data))
    return out


def batch_traffic(model: Any, n: int, repeat: int) -> None:
    messages = traffic_messages(n)
    bodies = len({m.body for m in messages})
    mean = sum(len(m.body or "") for m in messages) / n
    print(f"batch-style traffic: {n} rows, {bodies} distinct bodies, mean {mean:.0f} chars")
    findings, errors = prepared(messages)
    rules = best_rate(lambda: prepared(messages), n, repeat)
    many = best_rate(lambda: model.predict_many(messages, findings, errors), n, repeat)
    print(f"baseline: rules + error normalisation, per message: {rules:>9,.0f} msgs/s")
    print(f"predict_many, findings given (the batch path):      {many:>9,.0f} msgs/s")
    print(f"ratio model batch / rules baseline:                 {many / rules:>9.2f}x")


if __name__ == "__main__":
    main()
