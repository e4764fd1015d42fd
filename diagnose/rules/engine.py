"""Runs rules over a message and stamps each hit with its rule's identity."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from diagnose.rules.base import CheckFn, Finding, Hit, NeedContext, Rule
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
    return Finding(
        rule.id, rule.name, rule.cause, hit.severity or rule.severity, hit.message, spans, rule.fix
    )


_UNASKED = object()

#: A run of consecutive rules sharing a gate: (gate, ((requires, check, rule), ...)).
_Step = tuple[
    Callable[[RuleContext], object] | None, tuple[tuple[tuple[str, ...], CheckFn, Rule], ...]
]
_PLANS: dict[int, tuple[tuple[Rule, ...], tuple[_Step, ...]]] = {}


def _plan(rules: Iterable[Rule]) -> tuple[_Step, ...]:
    """The rules as runs sharing a gate, with what the loop reads of each unpacked: a closed
    gate skips its whole run at once. Kept per rule tuple (the registry's, usually)."""
    if type(rules) is tuple:
        known = _PLANS.get(id(rules))
        if known is not None and known[0] is rules:
            return known[1]
    steps: list[
        tuple[Callable[[RuleContext], object] | None, list[tuple[tuple[str, ...], CheckFn, Rule]]]
    ] = []
    for rule in rules:
        if not steps or steps[-1][0] is not rule.gate:
            steps.append((rule.gate, []))
        steps[-1][1].append((rule.requires, rule.check, rule))
    plan = tuple((gate, tuple(members)) for gate, members in steps)
    if type(rules) is tuple:
        if len(_PLANS) > 32:
            _PLANS.clear()
        _PLANS[id(rules)] = (rules, plan)
    return plan


def run_rules(rules: Iterable[Rule], ctx: RuleContext) -> tuple[list[Finding], list[NeedContext]]:
    """All findings, in rule order, and every piece of context a rule asked for."""
    # The hot path of every diagnosis: inlined rather than calling run_rule per rule.
    findings: list[Finding] = []
    needs: list[NeedContext] = []
    message = ctx.message
    # A gate is shared by a family (seven content rules ask whether the term scan found
    # anything): each is asked once per message.
    opened: dict[Callable[[RuleContext], object], object] = {}
    for gate, members in _plan(rules):
        if gate is not None:
            open_ = opened.get(gate, _UNASKED)
            if open_ is _UNASKED:
                open_ = opened[gate] = gate(ctx)
            if not open_:
                continue
        for requires, check, rule in members:
            if requires:
                for field in requires:
                    if getattr(message, field):
                        break
                else:
                    continue  # none of the fields it needs is known
            for item in check(ctx):
                if isinstance(item, NeedContext):
                    needs.append(item)
                else:
                    findings.append(_stamp(rule, item))
    return findings, needs
