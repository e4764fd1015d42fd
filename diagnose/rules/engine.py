"""Runs rules over a message and stamps each hit with its rule's identity."""

from __future__ import annotations

from collections.abc import Iterable

from diagnose.rules.base import Finding, Hit, NeedContext, Rule
from diagnose.rules.context import RuleContext


def run_rule(rule: Rule, ctx: RuleContext) -> tuple[list[Finding], list[NeedContext]]:
    """One rule's findings and the context it asked for."""
    findings: list[Finding] = []
    needs: list[NeedContext] = []
    if rule.requires and not any(getattr(ctx.message, f) for f in rule.requires):
        return findings, needs
    for item in rule.check(ctx):
        if isinstance(item, NeedContext):
            needs.append(item)
            continue
        findings.append(_stamp(rule, item))
    return findings, needs


def _stamp(rule: Rule, hit: Hit) -> Finding:
    return Finding(
        rule=rule.id,
        name=rule.name,
        cause=rule.cause,
        severity=hit.severity or rule.severity,
        message=hit.message,
        spans=tuple(sorted(hit.spans)),
        fix=rule.fix,
    )


def run_rules(rules: Iterable[Rule], ctx: RuleContext) -> tuple[list[Finding], list[NeedContext]]:
    """All findings, in rule order, and every piece of context a rule asked for."""
    # The hot path of every diagnosis: inlined rather than calling run_rule per rule.
    findings: list[Finding] = []
    needs: list[NeedContext] = []
    message = ctx.message
    for rule in rules:
        if rule.requires and not any(getattr(message, f) for f in rule.requires):
            continue
        for item in rule.check(ctx):
            if isinstance(item, NeedContext):
                needs.append(item)
            else:
                findings.append(_stamp(rule, item))
    return findings, needs
