"""The batch rule runner memoises a rule that reads a property of the message through the
fields the property reads, and stays exact."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

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


def test_only_a_rule_reading_a_per_row_field_goes_direct() -> None:
    """A tree keyed on a send time (new on every row) never pays: the rule runs directly.
    A tree keyed on a recipient pays once recipients recur, even when most rows of one chunk
    hold a new one: the rule stays memoised. Both stay exact."""

    def night(ctx: RuleContext) -> Iterator[Hit | NeedContext]:
        sent = ctx.message.sent_at
        if sent is not None and sent.hour >= 21:
            yield Hit(f"sent at {sent:%H:%M:%S}")

    def short_number(ctx: RuleContext) -> Iterator[Hit | NeedContext]:
        to = ctx.message.to
        if to is not None and len(to) < 12:
            yield Hit(f"{to} is short")

    rules = [_context_rule("TST003", night), _context_rule("TST004", short_number)]
    rng = random.Random(5)
    start = datetime(2024, 5, 1, tzinfo=UTC)
    recipients = [f"+155{k:07d}" if k % 2 else f"+1555{k:07d}" for k in range(1500)]
    runner = RuleRunner(rules, direct_after=300)
    for chunk in range(4):  # 500 rows a chunk over 1500 recipients: ~85% new in the first
        messages = [
            FailedMessage(
                body="Hi",
                to=rng.choice(recipients),
                sent_at=start + timedelta(seconds=rng.randint(0, 10**7), microseconds=k),
            )
            for k in range(500)
        ]
        cols = {a: [getattr(m, a) for m in messages] for a in _FIELDS}
        per_row = runner.run(cols, messages.__getitem__)
        for message, results in zip(messages, per_row, strict=True):
            expected, _ = run_rules(rules, RuleContext(message))
            assert [f for r in results for f in r.findings] == expected, chunk
    night_state, number_state = runner.states
    assert night_state.direct
    assert not number_state.direct and number_state.misses < 0.7 * number_state.rows
