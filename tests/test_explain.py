"""The ranking: specific codes decide, generic filter codes defer to the body, honesty otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from diagnose import FailedMessage, diagnose
from diagnose.causes import COMPLIANCE_CAUSES, Cause
from diagnose.engine import OPAQUE_FILTER_NOTE

CLEAN = "Acme: your order #1234 has shipped and arrives Tuesday. Reply STOP to opt out."


def top(case: dict[str, Any]) -> str:
    return diagnose(FailedMessage.from_dict(case)).causes[0].cause.value


TABLE = [
    # A specific code decides even when the body has problems.
    ({"body": "hi", "error": "21610", "first_message": True}, "opted_out_recipient"),
    ({"body": CLEAN, "error": "Twilio error 30034: unregistered number"}, "sender_not_registered"),
    ({"body": CLEAN, "error": "30003"}, "unreachable_handset"),
    ({"body": CLEAN, "error": "TEXT_SPAM"}, "spam_like_content"),
    # A generic filter code defers to what the body shows.
    (
        {
            "body": "Thanks for contacting Acme. How can we help?",
            "error": "30007",
            "first_message": True,
        },
        "missing_opt_out_language",
    ),
    (
        {
            "body": "Acme: your order shipped, track it at bit.ly/3xYz. Reply STOP to opt out.",
            "error": "4770",
            "provider": "bandwidth",
        },
        "url_or_link_filtering",
    ),
    (
        {
            "body": "Acme: your contract expires soon. Reply STOP to opt out.",
            "error": "Delivery Failed",
            "origin": "proactive",
            "consent": "none",
        },
        "no_consent",
    ),
    # History can reveal an opt-out behind a generic failure.
    (
        {
            "body": CLEAN,
            "error": "An unknown error occurred",
            "history": [{"direction": "inbound", "body": "stop"}],
        },
        "opted_out_recipient",
    ),
]


@pytest.mark.parametrize(("case", "expected"), TABLE, ids=[t[1] for t in TABLE])
def test_top_cause(case: dict[str, Any], expected: str) -> None:
    assert top(case) == expected


def test_generic_filter_without_rule_hit_says_so_honestly() -> None:
    d = diagnose(FailedMessage(body=CLEAN, error="30007", first_message=True, brand="Acme"))
    assert d.causes[0].cause is Cause.SPAM_LIKE_CONTENT
    assert d.causes[0].confidence <= 0.6  # probable, never certain
    assert OPAQUE_FILTER_NOTE in d.notes
    assert not any(c.cause in COMPLIANCE_CAUSES - {Cause.SPAM_LIKE_CONTENT} for c in d.causes)


def test_no_error_and_no_finding_is_unknown() -> None:
    d = diagnose(FailedMessage(body=CLEAN, first_message=False))
    assert [c.cause for c in d.causes] == [Cause.UNKNOWN]
    assert any(n.field == "error" for n in d.needs_context)


def test_terms_are_kept_and_explain_the_confidence() -> None:
    d = diagnose(
        FailedMessage(body="Thanks for contacting Acme!", error="30007", first_message=True)
    )
    first = d.causes[0]
    assert first.cause is Cause.MISSING_OPT_OUT_LANGUAGE
    assert first.terms.rule_evidence and first.terms.rule_evidence > 0
    assert first.rules == ("OPT001",)
    spam = next(c for c in d.causes if c.cause is Cause.SPAM_LIKE_CONTENT)
    assert spam.terms.error_prior and spam.error_code == "30007"


def test_missing_context_is_asked_for_not_assumed() -> None:
    d = diagnose(FailedMessage(body="Thanks for reaching out!", error="30007"))
    assert "OPT001" not in [f.rule for f in d.findings]
    assert "first_message" in [n.field for n in d.needs_context]


def test_confidences_are_ranked_and_bounded() -> None:
    d = diagnose(FailedMessage(body="FREE CASH!!! bit.ly/x", error="30007", first_message=True))
    confs = [c.confidence for c in d.causes]
    assert confs == sorted(confs, reverse=True)
    assert all(0 < c < 1 for c in confs)


def test_ambiguous_code_offers_each_reading_and_asks_for_the_provider() -> None:
    d = diagnose(FailedMessage(body="Acme: hi", error="9", first_message=False))
    causes = {c.cause for c in d.causes}
    assert {Cause.OPTED_OUT_RECIPIENT, Cause.INVALID_DESTINATION} <= causes
    assert all(c.confidence < 0.5 for c in d.causes)
    assert "provider" in [n.field for n in d.needs_context]
    decided = diagnose(
        FailedMessage.from_dict({"body": "Acme: hi", "error": "9", "provider": "vonage"})
    )
    assert decided.causes[0].cause is Cause.OPTED_OUT_RECIPIENT


def test_a_status_word_providers_file_differently_yields_to_a_blocker_finding() -> None:
    # "Blocked" is Sinch's recipient block and AWS's account block: a verdict, not a cause.
    # The text's prohibited content (CBD) explains it; a number read two ways still ranks
    # its readings first.
    from diagnose import FailedMessage, diagnose

    worded = diagnose(FailedMessage(body="Buy CBD gummies now! Reply STOP to end", error="Blocked"))
    assert worded.error.status == "ambiguous" and worded.error.code is None
    assert worded.causes[0].cause is Cause.PROHIBITED_CONTENT
    numbered = diagnose(FailedMessage(body="Buy CBD gummies now! Reply STOP to end", error="2"))
    assert numbered.error.status == "ambiguous"
    assert numbered.causes[0].basis == "error_code"
