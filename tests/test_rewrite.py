"""The corrected message is re-checked, not assumed to pass."""

from __future__ import annotations

from typing import Any

import pytest

from diagnose import Diagnosis, FailedMessage, Rewrite, diagnose, recheck_rewrite
from diagnose.rewrite import OPT_OUT_FOOTER

#: What a sender would type into the placeholders of these cases.
FILL = {"link": "https://acme.com/track/abc123", "brand": "Acme"}


def checked(message: FailedMessage, d: Diagnosis) -> Rewrite:
    """The rewrite as the app shows it once its placeholders are filled in."""
    assert d.rewrite is not None
    if not d.rewrite.placeholders:
        return d.rewrite
    assert d.rewrite.passes is None and d.rewrite.recheck is None  # never scored unfilled
    return recheck_rewrite(message, d, FILL)


FIXABLE = [
    {
        "body": "Thanks for contacting us. How can we help?",
        "brand": "Retalé",
        "first_message": True,
    },
    {"body": "Your order shipped: track at bit.ly/abc123", "brand": "Acme", "first_message": True},
    {
        "body": "Acme: we’re open “late” tonight — see you soon… Text 2 to stop.",
        "first_message": True,
    },
    {"body": "Acme: HUGE NEWS TODAY!!! Reply STOP to opt out.", "first_message": True},
    # the footer lifts a short shouting text over SPM001's 20-letter minimum
    {"body": "BIG SALE at WOW hi", "first_message": True},
    {"body": "Acme: great news！！ Price ＄＄. Reply STOP to opt out.", "first_message": True},
    {"body": "Acme: HUGE123 SALE456 TODAY789 for you. Reply STOP to opt out."},
    {"body": "Acme: your code is 1234\x00\x1b", "first_message": True},
    {"body": "Hi, text 2 to stop. Visit bit.ly/x", "brand": "Acme", "first_message": True},
    {"body": "How can we help?", "brand": "Acme!!!", "first_message": True},
]


@pytest.mark.parametrize("case", FIXABLE, ids=range(len(FIXABLE)))
def test_rewrite_passes_every_body_rule(case: dict[str, Any]) -> None:
    message = FailedMessage.from_dict(case)
    d = diagnose(message)
    assert d.rewrite is not None and d.rewrite.changes
    rw = checked(message, d)
    assert rw.passes, rw.remaining
    again = diagnose(FailedMessage.from_dict({**case, "body": rw.text}))
    assert again.rewrite is None or again.rewrite.passes


def test_rewrite_prefixes_brand_and_appends_footer() -> None:
    d = diagnose(FailedMessage(body="How can we help?", brand="Retalé", first_message=True))
    assert d.rewrite is not None
    assert d.rewrite.text == f"Retalé: How can we help? {OPT_OUT_FOOTER}"


def test_smart_quotes_folded_only_when_it_saves_segments() -> None:
    body = "Acme: “quoted” " + "x" * 60 + " Reply STOP to opt out."
    d = diagnose(FailedMessage(body=body, first_message=True))
    assert d.segments.encoding == "UCS-2" and d.segments.segments == 2
    assert d.rewrite is not None and '"quoted"' in d.rewrite.text


def test_clean_message_has_no_rewrite() -> None:
    d = diagnose(
        FailedMessage(body="Acme: see you at 3pm. Reply STOP to opt out.", first_message=True)
    )
    assert d.rewrite is None


def test_prohibited_content_is_left_to_the_sender() -> None:
    """No wording of a cannabis offer can be sent: no corrected text, and what must change."""
    body = "Acme: CBD gummies 20% off this weekend"
    message = FailedMessage.from_dict(
        {"body": body, "consent": "express_written", "first_message": True}
    )
    d = diagnose(message)
    assert d.rewrite is not None
    assert d.rewrite.text is None and d.rewrite.passes is False
    (obstacle,) = d.rewrite.obstacles
    assert obstacle.rule == "CNT002" and "Remove the cannabis" in obstacle.what_must_change


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Hi, text 2 to stop. Visit us", "Hi, Reply STOP to opt out. Visit us"),
        ("Hi, text 2 to stop, or call", "Hi, Reply STOP to opt out, or call"),
        ("Hi (text 2 to stop)", "Hi (Reply STOP to opt out)"),
        ("Hi, text 2 to stop", "Hi, Reply STOP to opt out."),
    ],
)
def test_a_replaced_instruction_takes_the_punctuation_after_it(body: str, expected: str) -> None:
    d = diagnose(FailedMessage(body=body, first_message=True))
    assert d.rewrite is not None and d.rewrite.text is not None
    # No business is named in these first messages: the rewrite asks for its name first.
    assert d.rewrite.text.removeprefix("{brand}: ") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sale! Text 2 to stop. Or reply N to unsubscribe.", "Sale! Reply STOP to opt out."),
        ("Deals: text 9 to stop, stop2end", "Deals: Reply STOP to opt out."),
        ("Sale! text 2 to stop or text 3 to quit.", "Sale! Reply STOP to opt out."),
        ("Text 2 to stop. Big news. Reply N to end", "Reply STOP to opt out. Big news."),
        ("text 1 to stop text 2 to end text 3 to quit", "Reply STOP to opt out."),
        (
            "Hi (text 2 to stop), sale (text 3 to end) today.",
            "Hi (Reply STOP to opt out), sale today.",
        ),
        ("Text 2 to stop (or reply N to end).", "Reply STOP to opt out."),
    ],
)
def test_several_instructions_become_one_footer(body: str, expected: str) -> None:
    """Each non-standard instruction used to become its own footer ("... opt out. Or Reply
    STOP to opt out.")."""
    d = diagnose(FailedMessage(body=body, first_message=True))
    assert d.rewrite is not None and d.rewrite.text is not None
    # No business is named in these first messages: the rewrite asks for its name first.
    assert d.rewrite.text.removeprefix("{brand}: ") == expected
    assert {"OPT001", "OPT002"}.isdisjoint(d.rewrite.remaining)
    assert d.rewrite.text.count(OPT_OUT_FOOTER[:-1]) == 1


def test_a_rewrite_that_brings_in_a_new_finding_does_not_pass() -> None:
    """The footer takes a 1,590-character body over Twilio's 1,600: the rewrite says so."""
    message = FailedMessage.from_dict(
        {"body": "a " * 795, "first_message": True, "brand": "Acme", "provider": "twilio"}
    )
    d = diagnose(message)
    assert d.rewrite is not None and "LEN002" not in {f.rule for f in d.findings}
    assert "LEN002" in d.rewrite.remaining and not d.rewrite.passes


@pytest.mark.parametrize(
    "case",
    [
        # The link that made BRD002 fire is replaced: the rewrite names nobody still.
        {"body": "Thanks for reaching out to us! Your order #4512 has shipped: bit.ly/3xYz"},
        {"body": "Thanks for reaching out to us! Your order has shipped.", "first_message": True},
    ],
)
def test_a_rewrite_cannot_name_an_unknown_business(case: dict[str, Any]) -> None:
    """Only the sender knows its name: the rewrite asks for it instead of passing without."""
    message = FailedMessage.from_dict(case)
    d = diagnose(message)
    assert "BRD002" in {f.rule for f in d.findings}
    assert d.rewrite is not None and d.rewrite.text is not None
    assert d.rewrite.text.startswith("{brand}: ") and d.rewrite.passes is None
    filled = recheck_rewrite(message, d, FILL)
    assert filled.text is not None and filled.text.startswith("Acme: ")
    assert filled.passes and "BRD002" not in filled.remaining


def test_a_known_brand_is_named_by_the_rewrite() -> None:
    body = "Thanks for reaching out to us! Your order #4512 has shipped: bit.ly/3xYz"
    d = diagnose(FailedMessage.from_dict({"body": body, "brand": "Acme"}))
    assert "BRD001" in {f.rule for f in d.findings}
    assert d.rewrite is not None and d.rewrite.text.startswith("Acme: ")
    assert "BRD001" not in d.rewrite.remaining
