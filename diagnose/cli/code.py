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
        "code", nargs="+", metavar="CODE", help="e.g. 30007, TEXT_SPAM, 'Delivery Failed'"
    )
    p.add_argument("--provider", choices=[p.value for p in Provider])
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
