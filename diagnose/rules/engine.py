"""Runs rules over a message and stamps each hit with its rule's identity."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from diagnose.rules.base import Finding, Hit, NeedContext, Rule
from diagnose.rules.context import RuleContext


def run_rule(rule: Rule, ctx: RuleContext) -> tuple[list[Finding], list[NeedContext]]:
    """One rule's findings and the context it asked for."""
    findings: list[Finding] = []
    needs: list[NeedContext] = []
    if rule.requires and not any(getattr(ctx.message, f) for f in rule.requires):
        return findings, needs
    if rule.gate is not None and not rule.gate(ctx):
        return findings, needs
    for item in rule.check(ctx):
        if isinstance(item, NeedContext):
            needs.append(item)
            continue
        findings.append(_stamp(rule, item))
    return findings, needs


def _stamp(rule: Rule, hit: Hit) -> Finding:
    spans = hit.spans
    if len(spans) > 1 or type(spans) is not tuple:  # most hits carry one span, or none
        spans = tuple(sorted(spans))
    # Every finding of every diagnosis is made here: ``_make`` takes the fields as one tuple,
    # a third cheaper than the named tuple's ``__new__`` binding seven arguments.
    return _make_finding(
        (
            rule.id,
            rule.name,
            rule.cause,
            hit.severity or rule.severity,
            hit.message,
            spans,
            rule.fix,
        )
    )


_make_finding = Finding._make


_UNASKED = object()


def run_rules(rules: Iterable[Rule], ctx: RuleContext) -> tuple[list[Finding], list[NeedContext]]:
    """All findings, in rule order, and every piece of context a rule asked for."""
    # The hot path of every diagnosis: inlined rather than calling run_rule per rule.
    findings: list[Finding] = []
    needs: list[NeedContext] = []
    message = ctx.message
    # A gate is shared by a family (seven content rules ask whether the term scan found
    # anything): each is asked once per message.
    opened: dict[Callable[[RuleContext], object], object] = {}
    for rule in rules:
        if rule.requires:
            for field in rule.requires:
                if getattr(message, field):
                    break
            else:
                continue  # none of the fields it needs is known
        gate = rule.gate
        if gate is not None:
            open_ = opened.get(gate, _UNASKED)
            if open_ is _UNASKED:
                open_ = opened[gate] = gate(ctx)
            if not open_:
                continue
        for item in rule.check(ctx):
            if isinstance(item, NeedContext):
                needs.append(item)
            else:
                findings.append(_stamp(rule, item))
    return findings, needs
