"""``sms-diagnose rules`` and ``sms-diagnose explain RULE_ID``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK, error
from diagnose.rules import RULES, get_rule, rule_sources


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rule catalogue")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=list_rules)
    e = sub.add_parser("explain", help="print one rule's documentation")
    e.add_argument(
        "rule_id", metavar="RULE_ID", help="id (OPT001) or name (missing-opt-out-language)"
    )
    e.set_defaults(func=explain_rule)


_ROW = "{:<7} {:<40} {:<9} {}"


def list_rules(args: argparse.Namespace) -> int:
    if args.format == "json":
        rows = [{**r.to_dict(), "sources": [s.to_dict() for s in rule_sources(r)]} for r in RULES]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(_ROW.format("ID", "NAME", "SEVERITY", "CAUSE"))
    for r in RULES:
        print(_ROW.format(r.id, r.name, r.severity.value, r.cause.value))
    print(f"\n{len(RULES)} rules. `sms-diagnose explain ID` prints one rule's docs and sources.")
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
    print("\nSources:")
    for s in rule_sources(r):
        print(f"  - {s.title}" + (f" ({s.detail})" if s.detail else ""))
        print(f"    {s.url}")
    return EXIT_OK
