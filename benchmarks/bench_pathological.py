"""Hostile inputs stay linear: the error reader and the body rules on 10x longer input.

The tests feed these shapes to the reader and the rules to prove they return and read
right; how long they take is measured here, never asserted (a loaded CI machine would make
a time limit flaky, and a limit loose enough not to be says little). For each shape the
time at ``--small`` characters and at ``--factor`` times that is printed with the ratio:
near the factor is linear, near its square is quadratic.

    python benchmarks/bench_pathological.py
    python benchmarks/bench_pathological.py --small 50000 --factor 4
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from diagnose import FailedMessage
from diagnose.errors import normalise_error
from diagnose.errors.normalise import _normalise
from diagnose.rules import registry
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


#: Pasted error texts that once made a reader slow: long runs with no word boundary, runs
#: of code-like numbers, labels repeated thousands of times, a long log with the error last.
ERROR_SHAPES: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "error" + " " * n + "x",
    "letters": _repeat("a"),
    "kebab": _repeat("a-"),
    "snake": _repeat("A_"),
    "digits": _repeat("1"),
    "dashed-digits": _repeat("1-"),
    "keywords": _repeat("error: "),
    "phrase": _repeat("the destination number has "),
    "numbers": _repeat("30007 "),
    "code-labels": _repeat("Code: 9, "),
    "json-escape": lambda n: "a" * n + "\\u00e9",
    "escaped-labels": _repeat("\\u00e9x: "),
    "failure-labels": _repeat("Delivery Failed: "),
    "log": lambda n: (
        _repeat("2024-01-31 10:30:00 INFO sending to +15555550123 status=queued\n")(n)
        + "ERROR ErrorCode=30007 Message filtered\n"
    ),
}

#: Bodies that stress the rules' scans: caps runs, dots, spaced letters, mixed scripts,
#: zero-width characters, and everything at once.
BODY_SHAPES: dict[str, Callable[[int], str]] = {
    "caps-run": lambda n: "A" * n + "a",
    "dots": _repeat("a."),
    "spaced": _repeat("F "),
    "mixed-script": _repeat("aа "),
    "zero-width": _repeat("a\u200b"),
    "everything": _repeat("verify your account URGENT!! bit.ly/x 🔥 "),
}


def _read(text: str) -> float:
    start = time.perf_counter()
    _normalise(text, None, None)  # the reader itself, not its memo
    return time.perf_counter() - start


def _check(body: str) -> float:
    ctx = RuleContext(FailedMessage(body=body))
    start = time.perf_counter()
    run_rules(registry.RULES, ctx)
    return time.perf_counter() - start


def _row(name: str, small: float, large: float) -> str:
    return f"{name:16s} {small:9.3f} {large:9.3f} {large / max(small, 1e-9):7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=20_000, help="characters")
    parser.add_argument("--factor", type=int, default=10, help="the large input is this x small")
    args = parser.parse_args()
    large = args.small * args.factor
    normalise_error("30007")  # build the indexes once, outside the timings
    print(f"{'error text':16s} {'small s':>9s} {'large s':>9s} {'ratio':>7s}")
    for name, make in ERROR_SHAPES.items():
        print(_row(name, _read(make(args.small)), _read(make(large))), flush=True)
    print(f"\n{'body':16s} {'small s':>9s} {'large s':>9s} {'ratio':>7s}")
    for name, make in BODY_SHAPES.items():
        print(_row(name, _check(make(args.small)), _check(make(large))), flush=True)
    texts = [f"Error {30000 + i}: something went wrong with message {i}" for i in range(300)]
    per_call = sum(_read(t) for t in texts) / len(texts)
    print(f"\nuncached reading of a short error: {per_call * 1e3:.2f} ms per call")
    print(f"(linear: ratios near {args.factor}; quadratic: near {args.factor**2})")


if __name__ == "__main__":
    main()
