"""Input validation: a clear error naming the field, never a traceback."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pytest

from diagnose import FailedMessage, InputError
from diagnose.message import Consent, Origin, Provider

#: Every field set, none to its default.
FULL: dict[str, Any] = {
    "body": "Hi",
    "error": "30007",
    "provider": "twilio",
    "to": "+14155550123",
    "from": "+14155550100",
    "sender_type": "10dlc",
    "brand": "Acme",
    "origin": "proactive",
    "first_message": True,
    "recipient_opted_out": False,
    "recipient_initiated": False,
    "consent": "express",
    "sent_at": "2026-11-27T10:00:00-05:00",
    "recipient_timezone": "America/New_York",
    "history": [{"direction": "inbound", "body": "hello", "at": "2026-11-26T10:00:00Z"}],
}


def test_full_round_trip() -> None:
    m = FailedMessage.from_dict(FULL)
    assert m.provider is Provider.TWILIO and m.origin is Origin.PROACTIVE
    assert m.consent is Consent.EXPRESS and m.from_ == "+14155550100"
    assert FailedMessage.from_dict(m.to_dict()) == m


def test_missing_context_is_none_not_false() -> None:
    m = FailedMessage.from_dict({"body": "Hi"})
    assert m.first_message is None and m.recipient_opted_out is None and m.consent is None


def test_numeric_codes_and_numbers_are_accepted_as_text() -> None:
    m = FailedMessage.from_dict({"body": "Hi", "error": 30007, "to": 14155550123})
    assert m.error == "30007" and m.to == "14155550123"


BAD: list[tuple[Any, str | None, str]] = [
    ([], None, "expected a JSON object"),
    ({"body": 5}, "body", "must be a string"),
    ({"body": ["hi"]}, "body", "must be a string"),
    ({"body": 5}, "body", "must be a string"),
    ({"body": "x", "colour": "red"}, "colour", "unknown field"),
    ({"body": "x", "provider": 42}, "provider", "must be a string"),
    ({"body": "x", "first_message": "yes"}, "first_message", "true, false or null"),
    ({"body": "x", "sent_at": "yesterday"}, "sent_at", "ISO 8601"),
    ({"body": "x", "recipient_timezone": "Mars/Olympus"}, "recipient_timezone", "unknown IANA"),
    ({"body": "x", "history": "STOP"}, "history", "must be an array"),
    (
        {"body": "x", "history": [{"direction": "sideways", "body": "x"}]},
        "history[0].direction",
        "",
    ),
    ({"body": "x", "history": [{"direction": "inbound"}]}, "history[0].body", "must be a string"),
    ({"body": "x", "history": [{"direction": "inbound", "body": "x", "y": 1}]}, "history[0].y", ""),
    ({"body": "x", "error": ["30007"]}, "error", "must be a string"),
    ({"body": "x", "consent": True}, "consent", "must be a string"),
]


@pytest.mark.parametrize(("data", "field", "reason"), BAD)
def test_bad_input_names_the_field(data: Any, field: str | None, reason: str) -> None:
    with pytest.raises(InputError) as info:
        FailedMessage.from_dict(data)
    assert info.value.field == field
    assert reason in info.value.reason


def test_with_body_keeps_every_other_field() -> None:
    """``with_body`` lists the fields by hand for speed: it must not drop a new one."""
    message = replace(FailedMessage.from_dict(FULL), provider_name="acme")
    unset = [f.name for f in fields(FailedMessage) if getattr(message, f.name) in (None, ())]
    assert unset == []
    assert message.with_body("Bye") == replace(message, body="Bye")


@pytest.mark.parametrize(
    ("given", "provider", "name"),
    [
        ("twilio", Provider.TWILIO, None),
        ("Nexmo", Provider.VONAGE, None),
        ("Africa's Talking", Provider.AFRICAS_TALKING, None),
        ("other:textmagic", Provider.TEXTMAGIC, None),
        ("msg91", None, "msg91"),
        ("other:msg91", None, "other:msg91"),
    ],
)
def test_any_provider_is_taken_and_an_uncovered_one_kept_by_name(
    given: str, provider: Provider | None, name: str | None
) -> None:
    """A provider the table does not cover still failed a message: keep its name, refuse nothing."""
    m = FailedMessage.from_dict({"body": "x", "provider": given})
    assert (m.provider, m.provider_name) == (provider, name)
    assert m.to_dict()["provider"] == (provider.value if provider else name)


@pytest.mark.parametrize("data", [{}, {"body": None}, {"error": "21610"}])
def test_a_missing_body_is_unknown_not_empty(data: dict[str, object]) -> None:
    m = FailedMessage.from_dict(data)
    assert m.body is None
    assert "body" not in m.to_dict()
    assert FailedMessage.from_dict({"body": ""}).body == ""


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("automated", Origin.AUTOMATION),
        ("agent_initiated", Origin.PROACTIVE),
        ("Business_Initiated", Origin.PROACTIVE),
    ],
)
def test_other_names_for_an_origin_are_read(value: str, origin: Origin) -> None:
    assert FailedMessage.from_dict({"body": "x", "origin": value}).origin is origin


def test_the_from_attributes_own_name_is_the_from_field() -> None:
    m = FailedMessage.from_dict({"body": "x", "from_": "+14155550100"})
    assert m.from_ == "+14155550100"
    assert m.to_dict()["from"] == "+14155550100"
    # an alias never hides a typo: other unknown fields are still refused
    with pytest.raises(InputError, match="unknown field"):
        FailedMessage.from_dict({"body": "x", "frm": "+14155550100"})
