"""A column form (``diagnose.batch.column_forms``) gives what its rule's check gives row by row.

Rows are generated from the fields the rules read (origin, first message, brand) and bodies
built to sit on both sides of each predicate: opt-out wording standard or not, the brand
named in another case or with accents, links or none. The runner keys its trees on the
predicates' values, so a check that read anything more of the body would show here.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.batch.column_forms import COLUMN_FORMS
from diagnose.batch.vectorised import _FIELDS, RuleRunner
from diagnose.message import FailedMessage, Origin
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rule
from diagnose.rules.registry import RULES_BY_ID

_RULES = [RULES_BY_ID[rule_id] for rule_id in COLUMN_FORMS]
_BRANDS = [None, "", "Acme", "Retalé", "Bluebird Bank", "Acme Dental"]
# Few values of each field, so that many bodies meet on each path of a rule's tree.
_ORIGINS = [None, Origin.PROACTIVE, Origin.AGENT_REPLY, Origin.IVR_TO_SMS]
_PIECES = [
    "Hi there",
    "Thanks for contacting",
    "Reply STOP to opt out.",
    "Text STOP to unsubscribe",
    "Text 2 to stop.",
    "reply N to quit",
    "stop2quit",
    "ACME:",
    "acme",
    "RETALE",
    "Retale",
    "Bluebird",
    "bank",
    "Acme-Dental",
    "bit.ly/x",
    "https://acme.com/a",
    "e.g.",
    "Your code is 1234",
    "é",
    "\n",
    # what shows a business sent it: an opt-out confirmation, marketing, a merge field
    "You have been unsubscribed.",
    "Ok, we stopped.",
    "50% off everything",
    "[First Name],",
]
# Few bodies, so that each meets many combinations of the other fields in one run.
_BODIES = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map(" ".join)
_POOLS = st.lists(_BODIES, min_size=1, max_size=12, unique=True)


def _messages(bodies: list[str]) -> st.SearchStrategy[list[FailedMessage]]:
    message = st.builds(
        FailedMessage,
        body=st.sampled_from(bodies),
        brand=st.sampled_from(_BRANDS),
        origin=st.sampled_from(_ORIGINS),
        first_message=st.sampled_from([None, True, False]),
    )
    return st.lists(message, min_size=1, max_size=200)


def _row_by_row(message: FailedMessage) -> list[tuple[str, str]]:
    out = []
    for rule in _RULES:
        findings, _ = run_rule(rule, RuleContext(message))
        out += [(f.rule, f.message) for f in findings]
    return out


@settings(max_examples=80, deadline=None)
@given(_POOLS.flatmap(_messages))
def test_column_forms_equal_the_rules_run_row_by_row(messages: list[FailedMessage]) -> None:
    runner = RuleRunner(_RULES)
    # Twice, the second time backwards: it walks the trees the first one grew.
    for rows in (messages, messages[::-1]):
        cols = {a: [getattr(m, a) for m in rows] for a in _FIELDS}
        per_row = runner.run(cols, rows.__getitem__)
        for message, results in zip(rows, per_row, strict=True):
            got = [(f.rule, f.message) for r in results for f in r.findings]
            assert got == _row_by_row(message), message


_SAMPLE_BODIES = [
    "Hi there",
    "Hi there bit.ly/x",
    "Acme: hi there",
    "Acme: hi there bit.ly/x Reply STOP to opt out.",
    "RETALE here. Text 2 to stop.",
    "Retalé: see https://retale.com/a",
    "Bluebird Bank: hi. Reply STOP to opt out.",
    "Your code is 1234. stop2quit",
    "Acme-Dental hi e.g. this",
    "Thanks for calling. An agent will text you. Reply STOP to opt out.",
    "Welcome to Zyx Club: see zyx.com/a",
    "   ",
    "Ok, we stopped.",
    "Acme: you have been unsubscribed and will receive no more messages.",
    "🔥 50% OFF EVERYTHING",
    "[Contact First Name], join us at [location]. Reply STOP to stop receiving these messages.",
]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_combination_of_fields_and_bodies(seed: int) -> None:
    messages = [
        FailedMessage(body=b, brand=brand, origin=o, first_message=f)
        for b, brand, o, f in itertools.product(
            _SAMPLE_BODIES, _BRANDS, [None, *Origin], [None, True, False]
        )
    ]
    random.Random(seed).shuffle(messages)
    cols = {a: [getattr(m, a) for m in messages] for a in _FIELDS}
    per_row = RuleRunner(_RULES).run(cols, messages.__getitem__)
    for message, results in zip(messages, per_row, strict=True):
        got = [(f.rule, f.message) for r in results for f in r.findings]
        assert got == _row_by_row(message), message


def test_the_tree_keys_on_the_predicate_not_the_body() -> None:
    # 300 distinct bodies, none with opt-out wording or the brand: a handful of runs.
    messages = [
        FailedMessage(body=f"Hi {n}", brand="Acme", origin=Origin.PROACTIVE, first_message=True)
        for n in range(300)
    ]
    cols = {a: [getattr(m, a) for m in messages] for a in _FIELDS}
    runner = RuleRunner(_RULES)
    per_row = runner.run(cols, messages.__getitem__)
    assert runner.runs <= 2 * len(_RULES)
    assert all([r.rule for r in results] == ["OPT001", "BRD001"] for results in per_row)
