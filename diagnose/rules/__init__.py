"""The rule catalogue: one module per family, one explicit registry."""

from diagnose.rules.base import Finding, Hit, NeedContext, Rule, Scope, Severity, Span, rule
from diagnose.rules.context import RuleContext
from diagnose.rules.registry import RULES, RULES_BY_ID, get_rule
from diagnose.rules.sources import SourceLink, rule_sources

__all__ = [
    "RULES",
    "RULES_BY_ID",
    "Finding",
    "Hit",
    "NeedContext",
    "Rule",
    "RuleContext",
    "Scope",
    "Severity",
    "SourceLink",
    "Span",
    "get_rule",
    "rule",
    "rule_sources",
]
