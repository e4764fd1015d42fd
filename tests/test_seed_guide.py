"""The seed guide's example messages are the first test cases.

Compliant examples (with the context the guide gives them) must raise nothing that blames
compliance; each non-compliant variant must raise the rule that names its problem.
"""

from __future__ import annotations

from typing import Any

import pytest

from diagnose import FailedMessage, diagnose
from diagnose.causes import COMPLIANCE_CAUSES, Cause

BRAND = "Retalé"
INITIAL_REPLY = (
    "Thanks for contacting Retalé. How can we assist you today? By texting us, you are "
    "opting-in to receive future messages or a phone call from Retalé at this number. "
    "Message & Data rates may apply. Reply STOP at any time to opt-out."
)
AUTO_REPLY = (
    "Hello! Thanks for contacting Retale. We'll get back to you as soon as we can. By texting "
    "us, you consent to receive text messages from Retalé in the mobile number you used to "
    "text and you are opting-in to receive future messages or a phone call in the number you "
    "provided. Message & Data rates may apply. Reply STOP anytime to opt-out."
)
SHORT_INITIAL = (
    "Hello! Thanks for contacting Retalé. We'll get back to you as soon as we can. "
    "Message & Data rates may apply. Reply STOP to opt-out,"
)
AGENT_1 = (
    "Hello, Chip! Thanks for contacting Retalé. My name is Gerard, and I’m happy to confirm "
    "that your order is ready for pickup."
)
AGENT_2 = "Chip, I can confirm that your order is ready for pick up at the Union Square location."
AUTOMATION = (
    "Hello! Thanks for contacting Retalé. How can we help you? Message & Data rates may apply. "
    "Reply STOP to opt-out."
)
API_MEMBERS = (
    "Thanks for joining Retalé messaging for Platinum Members! Get ready to shop till you drop "
    "with amazing deals for our Platinum Members. Message & Data rates may apply Reply STOP to "
    "opt-out."
)
PROACTIVE = (
    "Your maintenance contract with Retalé is about to expire. If you'd like an extension, "
    "reply to this message so we can assist. Reply STOP to unsubscribe."
)
INBOUND = {"direction": "inbound", "body": "Hi, is my order ready?"}

COMPLIANT: list[dict[str, Any]] = [
    {
        "body": INITIAL_REPLY,
        "origin": "auto_reply",
        "first_message": True,
        "recipient_initiated": True,
    },
    {"body": INITIAL_REPLY, "origin": "ivr_to_sms", "first_message": True},
    {
        "body": AUTO_REPLY,
        "origin": "auto_reply",
        "first_message": True,
        "recipient_initiated": True,
    },
    {"body": SHORT_INITIAL, "origin": "agent_reply", "first_message": True, "history": [INBOUND]},
    {"body": AGENT_1, "origin": "agent_reply", "first_message": False, "history": [INBOUND]},
    {"body": AGENT_2, "origin": "agent_reply", "first_message": False, "recipient_initiated": True},
    {
        "body": AUTOMATION,
        "origin": "automation",
        "first_message": True,
        "recipient_initiated": True,
    },
    {"body": API_MEMBERS, "origin": "api", "first_message": True, "consent": "express_written"},
    {"body": PROACTIVE, "origin": "proactive", "consent": "express"},
]


@pytest.mark.parametrize("case", COMPLIANT, ids=lambda c: f"{c['origin']}-{c['body'][:24]}")
@pytest.mark.parametrize("error", [None, "30007", "Delivery Failed"])
def test_compliant_examples_are_not_blamed_on_compliance(
    case: dict[str, Any], error: str | None
) -> None:
    message = FailedMessage.from_dict({**case, "brand": BRAND, "error": error})
    d = diagnose(message)
    blamed = [f for f in d.findings if f.cause in COMPLIANCE_CAUSES | {Cause.OPTED_OUT_RECIPIENT}]
    assert blamed == []
    assert all(c.cause not in COMPLIANCE_CAUSES - {Cause.SPAM_LIKE_CONTENT} for c in d.causes)


def _ids(case: dict[str, Any]) -> list[str]:
    return [f.rule for f in diagnose(FailedMessage.from_dict({"brand": BRAND, **case})).findings]


VIOLATIONS = [
    # The initial reply without opt-out language.
    (
        {
            "body": "Thanks for contacting Retalé. How can we assist you today?",
            "origin": "auto_reply",
            "first_message": True,
        },
        "OPT001",
    ),
    # The initial reply without the company name.
    (
        {
            "body": "Thanks for contacting us. How can we assist you today? Reply STOP to opt-out.",
            "origin": "agent_reply",
            "first_message": True,
        },
        "BRD001",
    ),
    # The proactive message without its opt-out keyword.
    (
        {
            "body": PROACTIVE.replace(" Reply STOP to unsubscribe.", ""),
            "origin": "proactive",
            "consent": "express",
        },
        "OPT001",
    ),
    # The proactive message sent to someone with no relationship.
    ({"body": PROACTIVE, "origin": "proactive", "consent": "none"}, "CNS001"),
    # Proactive SMS used as a marketing tool.
    ({"body": API_MEMBERS, "origin": "proactive", "consent": "express"}, "CNS003"),
    # Marketing on conversational consent only.
    (
        {
            "body": API_MEMBERS,
            "origin": "agent_reply",
            "first_message": False,
            "consent": "conversational",
        },
        "CNS002",
    ),
    # IVR-to-SMS without opt-out language.
    (
        {
            "body": "Thanks for contacting Retalé. How can we assist you today?",
            "origin": "ivr_to_sms",
        },
        "OPT005",
    ),
    # STOP means stop.
    (
        {
            "body": AGENT_2,
            "origin": "agent_reply",
            "first_message": False,
            "history": [{"direction": "inbound", "body": "STOP"}],
        },
        "OPT003",
    ),
    (
        {
            "body": AGENT_2,
            "origin": "agent_reply",
            "first_message": False,
            "recipient_opted_out": True,
        },
        "OPT003",
    ),
    # The automation partner's first reply with a non-standard opt-out.
    (
        {
            "body": AUTOMATION.replace("Reply STOP to opt-out.", "Text 0 to opt out."),
            "origin": "automation",
            "first_message": True,
        },
        "OPT002",
    ),
]


@pytest.mark.parametrize(("case", "rule_id"), VIOLATIONS, ids=[v[1] for v in VIOLATIONS])
def test_non_compliant_variants_raise_the_right_rule(case: dict[str, Any], rule_id: str) -> None:
    assert rule_id in _ids(case)


def test_subsequent_replies_need_no_opt_out_language() -> None:
    case = {"body": AGENT_2, "origin": "agent_reply", "first_message": False}
    assert "OPT001" not in _ids(case)


FILTER_NOTICE = (
    "We detected the contents of this message may violate carrier acceptable use policies"
)


@pytest.mark.parametrize("with_model", [False, True], ids=["rules", "rules+model"])
@pytest.mark.parametrize("error", [None, FILTER_NOTICE, "Delivery Failed", "Twilio error 30007"])
@pytest.mark.parametrize(("case", "rule_id"), VIOLATIONS, ids=[v[1] for v in VIOLATIONS])
def test_each_variant_gets_the_guides_cause_on_top(
    case: dict[str, Any], rule_id: str, error: str | None, with_model: bool
) -> None:
    """The guide's own cause comes first, with or without the platform's filter notice: a
    generic verdict never outranks the rule that explains it, and neither does the model."""
    from diagnose import get_rule
    from diagnose.learn import load_default_model

    model, _ = load_default_model() if with_model else (None, None)
    if with_model:
        assert model is not None, "the shipped model must load in the test environment"
    message = FailedMessage.from_dict({"brand": BRAND, **case, "error": error})
    d = diagnose(message, model=model)
    assert d.top.cause is get_rule(rule_id).cause
    assert d.top.identified
