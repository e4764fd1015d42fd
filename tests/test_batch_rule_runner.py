"""The batch rule runner memoises a rule that reads a property of the message through the
fields the property reads, and stays exact."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest

from diagnose.batch.vectorised import _FIELDS, RuleRunner
from diagnose.causes import Cause
from diagnose.message import FailedMessage, HistoryEntry
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules


def _inbound(self: FailedMessage) -> int:
    return sum(h.direction == "inbound" for h in self.history)


def _check(ctx: RuleContext) -> Iterator[Hit | NeedContext]:
    message = ctx.message
    if message.first_message is False and message.test_inbound_count:  # type: ignore[attr-defined]
        yield Hit(f"{message.test_inbound_count} inbound")  # type: ignore[attr-defined]


def _context_rule(rule_id: str, check: Callable[[RuleContext], CheckResult]) -> Rule:
    return Rule(
        id=rule_id,
        name=f"test-{rule_id.lower()}",
        cause=Cause.NO_CONSENT,
        severity=Severity.LIKELY,
        source="test",
        fix="none",
        scope=Scope.CONTEXT,
        check=check,
        doc="A test rule.",
    )


_RULE = _context_rule("TST001", _check)  # reads a derived property of the message


def test_a_rule_reading_a_message_property_is_memoised_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(FailedMessage, "test_inbound_count", property(_inbound), raising=False)
    rng = random.Random(2)
    histories = [
        (),
        (HistoryEntry("inbound", "hi"),),
        (HistoryEntry("outbound", "hello"),),
        (HistoryEntry("inbound", "a"), HistoryEntry("inbound", "b")),
    ]
    messages = [
        FailedMessage(
            body=rng.choice(["Hi", "Sale now", "ok"]),
            first_message=rng.choice([None, True, False]),
            history=rng.choice(histories),
        )
        for _ in range(400)
    ]
    cols = {a: [getattr(m, a) for m in messages] for a in _FIELDS}
    runner = RuleRunner([_RULE])
    per_row = runner.run(cols, messages.__getitem__)
    state = runner.states[0]
    assert not state.plain and not state.direct and state.size > 0
    assert runner.runs < len(messages) // 10  # memoised, not run per row
    for message, results in zip(messages, per_row, strict=True):
        expected, _ = run_rules([_RULE], RuleContext(message))
        assert [f for r in results for f in r.findings] == expected
    assert any(results for results in per_row)


def test_a_rule_calling_a_message_method_runs_on_every_row() -> None:
    def calls_a_method(ctx: RuleContext) -> Iterator[Hit | NeedContext]:
        if ctx.message.with_body("x").first_message:
            yield Hit("first")

    rule = _context_rule("TST002", calls_a_method)
    messages = [FailedMessage(body="Hi", first_message=i % 2 == 0) for i in range(20)]
    cols = {a: [getattr(m, a) for m in messages] for a in _FIELDS}
    runner = RuleRunner([rule])
    per_row = runner.run(cols, messages.__getitem__)
    assert runner.states[0].plain
    for message, results in zip(messages, per_row, strict=True):
        expected, _ = run_rules([rule], RuleContext(message))
        assert [f for r in results for f in r.findings] == expected
