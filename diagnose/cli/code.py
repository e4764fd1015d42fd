"""``sms-diagnose code``: read a pasted error, list a provider's codes, or show coverage.

::

    sms-diagnose code 30007                       # a code or any pasted error text
    sms-diagnose code "Phone number is opted out" --provider aws
    sms-diagnose code --coverage                  # providers, codes and texts covered
    sms-diagnose code --list --provider plivo     # one provider's table
    sms-diagnose code --evaluate eval/outside_errors.jsonl
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from diagnose import CAUSES, VERDICT_TITLES, Cause, Provider
from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK, error
from diagnose.errors import (
    PROVIDER_LABELS,
    normalise_error,
    parse_provider,
    provider_coverage,
    provider_rows,
    totals,
)

#: A code that names no cause: the lookup has no findings to point at (the cause's own fix
#: says "fix any finding below", which reads as a promise here).
UNKNOWN_CODE_FIX = (
    "The error names no cause. Diagnose the message itself (sms-diagnose check, or the "
    "app's Diagnose page) to see what its text and context show; if nothing, retry once, "
    "then ask provider support for the carrier's reason."
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "code",
        help="read a provider error code or pasted error text; list what the table covers",
    )
    p.add_argument(
        "code", nargs="*", metavar="CODE", help="e.g. 30007, TEXT_SPAM, 'Delivery Failed'"
    )
    p.add_argument(
        "--provider",
        metavar="P",
        help="the provider the error came from (any name: twilio, Nexmo, msg91, ...)",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--coverage", action="store_true", help="list the providers, codes and texts covered"
    )
    what.add_argument("--list", action="store_true", help="print --provider's table")
    what.add_argument(
        "--evaluate",
        metavar="FILE",
        help="score the reader on a pasted-errors file (eval/outside_errors.jsonl) instead",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.evaluate:
        return _evaluate(args.evaluate, args.format)
    if args.coverage:
        return _coverage(args.format)
    if args.list:
        return _list(args.provider, args.format)
    if not args.code:
        error("give a CODE or error text (or --coverage, --list --provider P, --evaluate FILE)")
        return EXIT_BAD_INPUT
    return _read(" ".join(args.code), args.provider, args.format)


def _read(text: str, provider_arg: str | None, fmt: str) -> int:
    provider = parse_provider(provider_arg) if provider_arg else None
    uncovered = provider_arg if provider_arg and provider is None else None
    err = normalise_error(text, provider, provider_name=uncovered)
    if fmt == "json":
        print(json.dumps(err.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"Input:     {text}")
        if uncovered:
            print(f"Provider:  {uncovered} (not covered by the reference table)")
        print(f"Status:    {err.status}")
        if err.provider:
            print(f"Provider:  {err.provider.value}")
        if err.code:
            print(f"Code:      {err.code}" + (f"  ({err.name})" if err.name else ""))
        elif err.name:
            print(f"Name:      {err.name}")
        if err.info is not None and err.info.message:
            print(f"Message:   {err.info.message}")
        print(f"Verdict:   {err.verdict.value} - {VERDICT_TITLES[err.verdict]}")
        if err.category is not None:
            info = CAUSES[err.category]
            print(f"Category:  {err.category.value} - {info.title}")
            retry = {True: "yes", False: "no", None: "unknown"}[err.retryable]
            print(f"Retryable: {retry}")
            # The cause's own fix points at "findings below": a code lookup has none.
            print(f"Fix:       {UNKNOWN_CODE_FIX if err.category is Cause.UNKNOWN else info.fix}")
        if len(err.readings) > 1:
            print("Readings (best first):")
            for r in err.readings[:10]:
                cat = r.info.category.value if r.info.category else "not an error"
                print(
                    f"  {r.score:.2f}  {r.info.provider.value} {r.info.kind} {r.info.code}"
                    f" ({r.info.name}) -> {cat}"
                )
        if err.source_url:
            print(f"Source:    {err.source_url}")
        if err.note:
            print(f"Note:      {err.note}")
    if err.status == "unknown":
        error("unknown code: not in the reference table")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _coverage(fmt: str) -> int:
    cover = provider_coverage()
    total = totals(cover)
    if fmt == "json":
        print(json.dumps([c.to_dict() for c in cover], indent=2))
        return EXIT_OK
    print(f"{'provider':<20} {'id':<16} {'rows':>5} {'codes':>5} {'texts':>5}  namespaces")
    for c in cover:
        label = PROVIDER_LABELS[c.provider].removeprefix("the ")
        print(
            f"{label[:20]:<20} {c.provider.value:<16} {c.rows:>5} {c.codes:>5} {c.texts:>5}"
            f"  {', '.join(c.kinds)}"
        )
    if total is not None:
        print(f"{'total':<37} {total.rows:>5} {total.codes:>5} {total.texts:>5}")
    print(
        f"{len(cover)} providers are covered. Any other provider is not covered: its errors are "
        "read by their words only, and another provider's code is never taken for its own."
    )
    return EXIT_OK


def _list(provider_arg: str | None, fmt: str) -> int:
    if not provider_arg:
        error("--list needs --provider P (see --coverage for the providers covered)")
        return EXIT_BAD_INPUT
    provider, rows = provider_rows(provider_arg)
    if provider is None:
        covered = ", ".join(p.value for p in Provider)
        error(f"{provider_arg} is not covered by the reference table (covered: {covered})")
        return EXIT_BAD_INPUT
    if fmt == "json":
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{PROVIDER_LABELS[provider]}: {len(rows)} rows")
    for r in rows:
        cat = r.category.value if r.category else f"({r.outcome})"
        print(f"{r.kind:<18} {r.code[:40]:<40} {cat:<28} {r.verdict.value:<13} {r.name}")
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
