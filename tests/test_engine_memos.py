"""The diagnosis's memos and its rule loop give exactly what the plain code gives.

``diagnose()`` keeps the ranking, the notes and the context advice per error object and per
findings signature, and ``run_rules`` asks each shared gate once. Each is checked against its
straightforward reference on generated messages covering every cause, every error shape and
every context field, called twice so that the second answer comes from the memo.
"""

from __future__ import annotations

from functools import cache

import pytest

from diagnose.engine import _context_needs, _group_needs, _rules_only_verdict, _verdict
from diagnose.errors.normalise import _normalise, normalise_error
from diagnose.explain import _rank, rank_causes
from diagnose.learn.generator import generate, to_messages
from diagnose.message import FailedMessage
from diagnose.rules.base import Rule
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rule, run_rules
from diagnose.rules.registry import RULES


@cache
def messages() -> list[FailedMessage]:
    return to_messages(generate(720, seed=5))


def _one_by_one(rules: list[Rule] | tuple[Rule, ...], message: FailedMessage) -> tuple:
    ctx = RuleContext(message)
    findings, needs = [], []
    for rule in rules:
        f, n = run_rule(rule, ctx)
        findings += f
        needs += n
    return findings, needs


@pytest.mark.parametrize(
    "rules",
    [RULES, list(RULES), RULES[::2], tuple(reversed(RULES))],
    ids=["registry", "as-list", "every-other", "reversed"],
)
def test_rule_loop_equals_running_each_rule(rules: list[Rule] | tuple[Rule, ...]) -> None:
    for message in messages():
        expected = _one_by_one(rules, message)
        assert run_rules(rules, RuleContext(message)) == (expected[0], expected[1])
        assert run_rules(rules, RuleContext(message)) == (expected[0], expected[1])


def test_memoised_ranking_equals_the_plain_ranking() -> None:
    ranked = 0
    for message in messages():
        error = normalise_error(message.error, message.provider)
        findings, _ = run_rules(RULES, RuleContext(message))
        expected = _rank(error, findings, None, None)
        for _ in range(2):
            assert rank_causes(error, findings) == expected
            assert rank_causes(error, findings, limit=2) == _rank(error, findings, None, 2)
        ranked += bool(findings)
    assert ranked > 100  # the memo was exercised with findings, not only without


def test_ranking_an_error_object_not_from_the_cache() -> None:
    """A fresh, equal error object must not be answered from another object's entry."""
    message = FailedMessage(body="FREE!!! claim your prize now", error="30007")
    findings, _ = run_rules(RULES, RuleContext(message))
    cached = rank_causes(normalise_error("30007"), findings)
    fresh = _normalise("30034", None)
    assert rank_causes(fresh, findings) == _rank(fresh, findings, None, None)
    assert rank_causes(fresh, findings) != cached


def test_memoised_context_advice_equals_the_plain_grouping() -> None:
    for message in messages():
        error = normalise_error(message.error, message.provider)
        _, needs = run_rules(RULES, RuleContext(message))
        expected = _group_needs(message.error is None, message.body is None, error, needs)
        assert _context_needs(message, error, needs) == expected
        assert _context_needs(message, error, needs) == expected


def test_memoised_verdict_equals_the_plain_one() -> None:
    """The rules-only verdict (ranking, notes, advice) kept per error and findings signature."""
    for message in messages():
        if message.body is None:
            continue
        error = normalise_error(message.error, message.provider)
        findings, needs = run_rules(RULES, RuleContext(message))
        expected = _verdict(message, error, findings, needs, None, None, len(message.body))
        assert _rules_only_verdict(message, error, findings, needs) == expected
        assert _rules_only_verdict(message, error, findings, needs) == expected


def test_a_missing_error_is_normalised_once() -> None:
    assert normalise_error(None) is normalise_error(None)
    assert normalise_error(None) == _normalise(None, None)
    # a blank string is not "no error field": the advice differs
    blank = FailedMessage(body="hi", error="  ")
    none = FailedMessage(body="hi")
    err_blank, err_none = normalise_error(blank.error), normalise_error(none.error)
    assert "error" not in {n.field for n in _context_needs(blank, err_blank, [])}
    assert "error" in {n.field for n in _context_needs(none, err_none, [])}


def test_identity_memo_answers_only_for_the_same_object_and_stays_bounded() -> None:
    from diagnose.identity_memo import IdentityMemo

    memo: IdentityMemo[str] = IdentityMemo(limit=3)
    a, b = [1], [1]  # equal, not the same object
    memo.put(a, "k", "for a")
    assert memo.get(a, "k") == "for a"
    assert memo.get(b, "k") is None and memo.get(a, "other") is None
    for i in range(10):
        memo.put(a, i, str(i))
    assert len(memo) <= 3 and memo.get(a, 9) == "9"
