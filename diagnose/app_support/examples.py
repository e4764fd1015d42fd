"""Realistic "try an example" cases for the Diagnose page, one per major cause.

Each example is the JSON form of a ``FailedMessage`` plus the cause a diagnosis must rank
first; the app tests load every example and check that cause, so an example can never
silently stop illustrating what its button says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from diagnose.causes import Cause


@dataclass(frozen=True, slots=True)
class Example:
    """One button: a short label, the message as JSON fields, and the expected top cause."""

    key: str
    label: str
    fields: dict[str, Any]
    expected: Cause


EXAMPLES: tuple[Example, ...] = (
    Example(
        "opted_out",
        "Recipient replied STOP",
        {
            "body": "Hi Sam, your order #4471 has shipped and will arrive Thursday.",
            "error": "21610",
            "provider": "twilio",
            "history": [
                {"direction": "outbound", "body": "Northwind: thanks for your order!"},
                {"direction": "inbound", "body": "STOP"},
            ],
        },
        Cause.OPTED_OUT_RECIPIENT,
    ),
    Example(
        "no_opt_out",
        "First message without STOP",
        {
            "body": "Acme Dental: Hi Maria, it's time for your 6-month cleaning. "
            "Book online at https://acmedental.com/book",
            "error": "30007",
            "provider": "twilio",
            "first_message": True,
            "origin": "proactive",
            "brand": "Acme Dental",
            "consent": "express",
        },
        Cause.MISSING_OPT_OUT_LANGUAGE,
    ),
    Example(
        "no_brand",
        "Auto-reply without the business name",
        {
            "body": "Thanks for reaching out! An agent will text you back shortly. "
            "Reply STOP to opt out.",
            "error": "30007",
            "provider": "twilio",
            "first_message": True,
            "origin": "auto_reply",
            "brand": "Northwind Outfitters",
            "recipient_initiated": True,
        },
        Cause.MISSING_BRAND_IDENTIFICATION,
    ),
    Example(
        "shortener",
        "Public link shortener",
        {
            "body": "Northwind: your return label is ready: https://bit.ly/3xYz9Qa "
            "Reply STOP to opt out.",
            "error": "4771",
            "provider": "bandwidth",
        },
        Cause.URL_OR_LINK_FILTERING,
    ),
    Example(
        "spam",
        "Spammy promotion",
        {
            "body": "Northwind: FREE GIFT!!! You've been SELECTED to WIN $500 cash!!! "
            "Claim NOW before it's gone!!! Reply STOP to opt out.",
            "error": "30007",
            "provider": "twilio",
        },
        Cause.SPAM_LIKE_CONTENT,
    ),
    Example(
        "prohibited",
        "Cannabis offer",
        {
            "body": "GreenLeaf: 20% off all CBD gummies and THC vapes this weekend only! "
            "Reply STOP to opt out.",
            "error": "30007",
            "provider": "twilio",
        },
        Cause.PROHIBITED_CONTENT,
    ),
    Example(
        "no_consent",
        "Cold outreach, no opt-in",
        {
            "body": "Acme Insurance: Hi, we noticed you may be overpaying for car insurance. "
            "Get a free quote today. Reply STOP to opt out.",
            "first_message": True,
            "origin": "proactive",
            "consent": "none",
            "recipient_initiated": False,
            "brand": "Acme Insurance",
        },
        Cause.NO_CONSENT,
    ),
    Example(
        "unregistered",
        "Unregistered 10DLC number",
        {
            "body": "Acme Dental: your appointment is tomorrow at 9:00. Reply STOP to opt out.",
            "error": "30034",
            "provider": "twilio",
            "sender_type": "10dlc",
        },
        Cause.SENDER_NOT_REGISTERED,
    ),
    Example(
        "too_long",
        "Too long, curly quotes",
        {
            "body": (
                "Acme Clinic: “Your appointment is confirmed” — please arrive 15 minutes "
                "early and bring your insurance card. "
            )
            * 15
            + "Reply STOP to opt out.",
            "error": "21617",
            "provider": "twilio",
        },
        Cause.CONTENT_TOO_LONG_OR_ENCODING,
    ),
)

EXAMPLES_BY_KEY: dict[str, Example] = {e.key: e for e in EXAMPLES}
