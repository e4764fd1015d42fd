"""Per-body work is linear: the time for a 1 MB body over the time for a 100 kB one.

A linear pipeline gives about 10; the model's link feature, quadratic before, gave 1/2/4/8 MB
in 0.55/3.3/17.8/82.9 s (a ratio of some 100 at these sizes). Each body shape stresses one
kind of work: dense link hints with and without whitespace, many lines, plain prose, one
long word, astral characters. ``diagnose()`` cuts a body at ``MAX_BODY_CHARS`` (longer is
too long for any provider), so the uncut pipeline is measured with that limit lifted; the
figures with the limit show what a caller gets.

    python benchmarks/bench_linear.py            # every shape, 100 kB and 1 MB
    python benchmarks/bench_linear.py --shapes lines prose --small 50000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from unittest import mock

from diagnose import FailedMessage, diagnose
from diagnose.learn.loading import load_default_model


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


SHAPES: dict[str, Callable[[int], str]] = {
    "word-links": _repeat("x.co"),  # one word of link hints: no whitespace to cut at
    "spaced-links": _repeat("go a.co now "),  # link hints, spaces, no newline
    "lines": _repeat("Visit http://bit.ly/x FREE!!\n"),
    "prose": _repeat("Hello there, your order 12345 is ready. Reply STOP to opt out. "),
    "one-word": _repeat("a"),
    "astral": _repeat("😀é"),
}


def seconds(body: str, model: object, *, uncut: bool) -> float:
    message = FailedMessage(body=body, error="30007")
    with mock.patch("diagnose.engine.MAX_BODY_CHARS", len(body) + 1) if uncut else _nothing():
        start = time.perf_counter()
        diagnose(message, model=model)  # type: ignore[arg-type]
        return time.perf_counter() - start


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--small", type=int, default=100_000, help="characters (100 kB)")
    parser.add_argument("--factor", type=int, default=10, help="the large body is this x small")
    args = parser.parse_args()
    model, problem = load_default_model()
    print(f"model: {'loaded' if model else problem}")
    seconds("warm up: tables, caches and the model's first call", model, uncut=True)
    large = args.small * args.factor
    head = f"{'shape':14s} {'small s':>9s} {'large s':>9s} {'ratio':>7s}"
    print(f"{head}   cut at the limit: large s")
    for name in args.shapes:
        make = SHAPES[name]
        small_s = seconds(make(args.small), model, uncut=True)
        large_s = seconds(make(large), model, uncut=True)
        cut_s = seconds(make(large), model, uncut=False)
        print(
            f"{name:14s} {small_s:9.2f} {large_s:9.2f} {large_s / small_s:7.1f}   {cut_s:.3f}",
            flush=True,
        )
    print(f"(linear: a ratio near {args.factor}; the cut column stays flat whatever the size)")


if __name__ == "__main__":
    main()
