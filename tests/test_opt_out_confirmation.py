"""The opt-out confirmation: the one reply a STOP allows, judged as such.

A STOP in the history is why a block or an opt-out verdict happened, not why the sender's
confirmation of that STOP failed; the confirmation itself must name the brand (TCR 611:
"Opt-out message must contain brand name and indicate that no further messages will be
sent"; TCR 5102 rejects "Ok, we stopped.").
"""

from __future__ import annotations

from typing import Any

import pytest

from diagnose import FailedMessage, diagnose
from diagnose.batch.formats import recognise
from diagnose.batch.vectorised import RESULT_COLUMNS, BatchDiagnoser, message_fields, outcome_of
from diagnose.causes import Cause
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.registry import RULES

# Confirmations as sources print them.
CONFIRMATIONS = [
    # Twilio's and Zendesk Text's default reply to STOP (docs/reference/error-codes/zendesk.csv)
    "You have successfully been unsubscribed. You will not receive any more messages from "
    "this number. Reply START to resubscribe.",
    # TCR 5102's non-compliant template (mytcrplus.com, fix-tcr-code-5102)
    "Ok, we stopped.",
    # opt-out wording examples (uslegalforms.com's "Company-Name: ...", a name filled in;
    # dmtext.com glossary)
    "Acme Dental: You have been opted out and will not receive any further messages",
    "You have been unsubscribed from Acme messages. You will not receive any more texts. "
    "Reply START to resubscribe.",
    "You’ve opted out of Bluebird Bank alerts. No more messages will be sent.",
]
NOT_CONFIRMATIONS = [
    "Reply STOP and you will no longer receive texts from Acme.",  # an instruction
    "If you unsubscribe, you will not receive our texts.",  # a condition
    "You will receive messages weekly. Reply STOP to opt out.",
    "We stopped by your house today but nobody was home.",
    "You will not receive a refund for this order.",
    "Hi Chip, your order is ready for pickup.",
]


def _ctx(body: str, **fields: Any) -> RuleContext:
    return RuleContext(FailedMessage(body=body, **fields))


@pytest.mark.parametrize("body", CONFIRMATIONS)
def test_confirmations_are_recognised(body: str) -> None:
    assert _ctx(body).opt_out_confirmation


@pytest.mark.parametrize("body", NOT_CONFIRMATIONS)
def test_instructions_conditions_and_other_texts_are_not_confirmations(body: str) -> None:
    assert not _ctx(body).opt_out_confirmation


def _rule_ids(message: FailedMessage) -> set[str]:
    findings, _ = run_rules(RULES, RuleContext(message))
    return {f.rule for f in findings}


_STOP = {"direction": "inbound", "body": "STOP"}


@pytest.mark.parametrize("body", CONFIRMATIONS)
@pytest.mark.parametrize(
    "context",
    [
        {"history": [_STOP]},
        {"history": [{"direction": "inbound", "body": "please stop texting me"}]},
        {"recipient_opted_out": True},
    ],
)
def test_the_confirmation_is_not_a_message_sent_after_the_opt_out(
    body: str, context: dict[str, Any]
) -> None:
    ids = _rule_ids(FailedMessage.from_dict({"body": body, **context}))
    assert not {"OPT003", "OPT004"} & ids


@pytest.mark.parametrize("body", CONFIRMATIONS[:2])
def test_a_second_confirmation_is(body: str) -> None:
    # The history shows a reply after the STOP already: the confirmation went.
    history = [_STOP, {"direction": "outbound", "body": CONFIRMATIONS[0]}]
    assert "OPT003" in _rule_ids(FailedMessage.from_dict({"body": body, "history": history}))


@pytest.mark.parametrize("body", NOT_CONFIRMATIONS)
def test_any_other_message_after_stop_is_still_flagged(body: str) -> None:
    assert "OPT003" in _rule_ids(FailedMessage.from_dict({"body": body, "history": [_STOP]}))


@pytest.mark.parametrize(
    ("body", "brand", "rule"),
    [
        ("Ok, we stopped.", None, "BRD002"),
        (CONFIRMATIONS[0], None, "BRD002"),
        (CONFIRMATIONS[0], "Acme", "BRD001"),
        ("Ok, we stopped.", "Retalé", "BRD001"),
    ],
)
def test_a_confirmation_must_name_the_brand_wherever_it_sits(
    body: str, brand: str | None, rule: str
) -> None:
    # Even as a later reply (first_message false): carriers vet the STOP reply itself.
    for first in (None, False):
        message = FailedMessage.from_dict(
            {"body": body, "brand": brand, "first_message": first, "history": [_STOP]}
        )
        findings, _ = run_rules(RULES, RuleContext(message))
        hit = [f for f in findings if f.rule == rule]
        assert hit and hit[0].severity == "likely", (first, findings)
        assert diagnose(message, rewrite=False).top.cause is Cause.MISSING_BRAND_IDENTIFICATION


@pytest.mark.parametrize("body", [CONFIRMATIONS[2], CONFIRMATIONS[3], CONFIRMATIONS[4]])
def test_a_confirmation_that_names_its_sender_is_clean(body: str) -> None:
    message = FailedMessage.from_dict({"body": body, "history": [_STOP]})
    assert not {"BRD001", "BRD002", "OPT003"} & _rule_ids(message)


def test_the_tcr_5102_rejection_is_not_read_as_the_stop() -> None:
    """oc-e-003's class: a registry's rejection of an opt-out reply, with the STOP that
    triggered the reply in the history. The model reads the STOP too; the rule finding
    about the reply comes first."""
    message = FailedMessage.from_dict(
        {
            "body": "Ok, we stopped.",
            "provider": "tcr",
            "error": "TCR 5102: Opt-out Missing Confirmation Text",
            "history": [_STOP],
        }
    )
    from diagnose.learn.model import load_default_model

    model, problem = load_default_model()
    assert model is not None, problem
    for m in (None, model):
        top = diagnose(message, model=m, rewrite=False).top
        assert top.cause is Cause.MISSING_BRAND_IDENTIFICATION, m


def test_a_block_of_a_plain_message_after_stop_is_still_the_opt_out() -> None:
    """The exemption is the confirmation's only: REFINES still reads a carrier block of any
    other message to a recipient who sent STOP as the opt-out."""
    from diagnose.explain import Basis

    for body in NOT_CONFIRMATIONS[3:]:
        d = diagnose(
            FailedMessage.from_dict({"body": body, "error": "21610", "history": [_STOP]}),
            rewrite=False,
        )
        assert d.top.cause is Cause.OPTED_OUT_RECIPIENT and d.top.basis == Basis.ERROR_CODE


def test_batch_agrees_with_diagnose_on_confirmations() -> None:
    """OPT003 reads the body now (only after a STOP): the batch trees key on it there."""
    bodies = CONFIRMATIONS + NOT_CONFIRMATIONS
    histories = [
        "",
        '[{"direction": "inbound", "body": "STOP"}]',
        '[{"direction": "inbound", "body": "stop texting me"}]',
        '[{"direction": "inbound", "body": "STOP"}, {"direction": "outbound", "body": "Bye"}]',
    ]
    rows = [(b, h, o) for b in bodies for h in histories for o in ("", "true")]
    cols = {
        "body": [b for b, _, _ in rows],
        "history": [h for _, h, _ in rows],
        "recipient_opted_out": [o for _, _, o in rows],
        "error": ["30007"] * len(rows),
    }
    mapping = recognise(list(cols))
    result = BatchDiagnoser(mapping).run_chunk(cols, list(range(len(rows))))
    assert not result.bad
    for j, line in enumerate(result.columns["line"]):
        values = {k: v[line] for k, v in cols.items()}
        message = FailedMessage.from_dict(message_fields(values, mapping))
        expected = outcome_of(diagnose(message, rewrite=False)).as_tuple()
        assert tuple(result.columns[c][j] for c in RESULT_COLUMNS[1:]) == expected, values
