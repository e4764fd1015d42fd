"""The one explicit list of rules the engine runs, in evaluation order.

Order follows compliance-rules.md "Suggested evaluation order": hard state, consent,
first-message hygiene, forbidden content, links, spam style, length, destination, timing.
Adding a rule: define it in its family module, add it to that module's ``RULES``.
"""

from __future__ import annotations

from diagnose.rules import (
    consent,
    content,
    destination,
    identification,
    length,
    links,
    obfuscation,
    optout,
    sender,
    spam,
    timing,
)
from diagnose.rules.base import Rule

FAMILIES = (
    optout,
    consent,
    identification,
    content,
    links,
    spam,
    obfuscation,
    length,
    destination,
    sender,
    timing,
)

RULES: tuple[Rule, ...] = tuple(r for family in FAMILIES for r in family.RULES)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
#: Retired or alternative ids (e.g. the reference table's names) that still resolve.
RULE_ALIASES: dict[str, str] = {}


def get_rule(rule_id: str) -> Rule:
    """Look a rule up by id, alias or kebab-case name (case-insensitive)."""
    key = rule_id.strip()
    upper = key.upper()
    if upper in RULES_BY_ID:
        return RULES_BY_ID[upper]
    if upper in RULE_ALIASES:
        return RULES_BY_ID[RULE_ALIASES[upper]]
    for r in RULES:
        if r.name == key.lower():
            return r
    raise KeyError(rule_id)
