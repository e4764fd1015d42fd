"""``sms-diagnose rules`` and ``sms-diagnose explain RULE_ID``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK, error
from diagnose.rules import RULES, get_rule


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rule catalogue")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=list_rules)
    e = sub.add_parser("explain", help="print one rule's documentation")
    e.add_argument(
        "rule_id", metavar="RULE_ID", help="id (OPT001) or name (missing-opt-out-language)"
    )
    e.set_defaults(func=explain_rule)


def list_rules(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in RULES], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in RULES:
        print(f"{r.id}  {r.name:<40} {r.severity.value:<9} {r.cause.value}")
    return EXIT_OK


def explain_rule(args: argparse.Namespace) -> int:
    try:
        r = get_rule(args.rule_id)
    except KeyError:
        error(f"no rule {args.rule_id!r}; `sms-diagnose rules` lists them")
        return EXIT_BAD_INPUT
    print(f"{r.id} {r.name}\n")
    print(r.doc)
    print(f"\nCause:    {r.cause.value}\nSeverity: {r.severity.value}\nFix:      {r.fix}")
    print(f"Source:   {r.source}")
    return EXIT_OK
