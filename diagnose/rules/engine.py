"""Runs rules over a message and stamps each hit with its rule's identity."""

from __future__ import annotations

from collections.abc import Iterable

from diagnose.rules.base import Finding, Hit, NeedContext, Rule
from diagnose.rules.context import RuleContext


def run_rule(rule: Rule, ctx: RuleContext) -> tuple[list[Finding], list[NeedContext]]:
    """One rule's findings and the context it asked for."""
    findings: list[Finding] = []
    needs: list[NeedContext] = []
    for item in rule.check(ctx):
        if isinstance(item, NeedContext):
            needs.append(item)
            continue
        assert isinstance(item, Hit)
        findings.append(
            Finding(
                rule=rule.id,
                name=rule.name,
                cause=rule.cause,
                severity=item.severity or rule.severity,
                message=item.message,
                spans=tuple(sorted(item.spans)),
                fix=rule.fix,
            )
        )
    return findings, needs


def run_rules(rules: Iterable[Rule], ctx: RuleContext) -> tuple[list[Finding], list[NeedContext]]:
    """All findings, in rule order, and every piece of context a rule asked for."""
    findings: list[Finding] = []
    needs: list[NeedContext] = []
    for r in rules:
        f, n = run_rule(r, ctx)
        findings.extend(f)
        needs.extend(n)
    return findings, needs
