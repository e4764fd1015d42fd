"""``sms-diagnose code CODE [--provider P]``: look an error code or pasted error text up."""

from __future__ import annotations

import argparse
import json
from typing import Any

from diagnose import CAUSES, Provider
from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK, error
from diagnose.errors import normalise_error


def register(sub: Any) -> None:
    p = sub.add_parser("code", help="look up a provider error code or pasted error text")
    p.add_argument(
        "code", nargs="*", metavar="CODE", help="e.g. 30007, TEXT_SPAM, 'Delivery Failed'"
    )
    p.add_argument(
        "--evaluate",
        metavar="FILE",
        help="score the reader on a pasted-errors file (eval/outside_errors.jsonl) instead",
    )
    p.add_argument("--provider", choices=[p.value for p in Provider])
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.evaluate:
        return _evaluate(args.evaluate, args.format)
    if not args.code:
        error("give a CODE (or --evaluate FILE)")
        return EXIT_BAD_INPUT
    text = " ".join(args.code)
    err = normalise_error(text, Provider(args.provider) if args.provider else None)
    if args.format == "json":
        print(json.dumps(err.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"Input:     {text}")
        print(f"Status:    {err.status}")
        if err.provider:
            print(f"Provider:  {err.provider.value}")
        if err.code:
            print(f"Code:      {err.code}" + (f"  ({err.name})" if err.name else ""))
        if err.category is not None:
            info = CAUSES[err.category]
            print(f"Category:  {err.category.value} - {info.title}")
            retry = {True: "yes", False: "no", None: "unknown"}[err.retryable]
            print(f"Retryable: {retry}")
            print(f"Fix:       {info.fix}")
        for cand in err.candidates:
            print(f"  candidate: {cand.provider} {cand.code} {cand.name} -> {cand.category}")
        if err.source_url:
            print(f"Source:    {err.source_url}")
        if err.note:
            print(f"Note:      {err.note}")
    if err.status == "unknown":
        error("unknown code: not in the reference table")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _evaluate(path: str, fmt: str) -> int:
    from diagnose.errors import load_error_cases, score_errors

    try:
        result = score_errors(load_error_cases(path))
    except (OSError, ValueError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    if fmt == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{result['n']} pasted errors from {path}")
    for key in ("provider", "category", "provider_and_category"):
        print(f"  {key.replace('_', ' '):24s} {result[key]:.1%}")
    print(f"  numbers taken for codes  {len(result['number_taken_for_code'])}")
    print(
        "  by provider (right/all): "
        + ", ".join(f"{k} {v}" for k, v in result["by_provider"].items())
    )
    for miss in result["misses"]:
        print(f"  miss {miss['id']}: want {miss['want']}; got {miss['got']}")
    return EXIT_OK
