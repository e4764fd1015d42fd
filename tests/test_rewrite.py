"""The corrected message is re-checked, not assumed to pass."""

from __future__ import annotations

from typing import Any

import pytest

from diagnose import FailedMessage, diagnose
from diagnose.rewrite import OPT_OUT_FOOTER

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
]


@pytest.mark.parametrize("case", FIXABLE, ids=range(len(FIXABLE)))
def test_rewrite_passes_every_body_rule(case: dict[str, Any]) -> None:
    message = FailedMessage.from_dict(case)
    d = diagnose(message)
    assert d.rewrite is not None and d.rewrite.changes
    assert d.rewrite.passes, d.rewrite.remaining
    again = diagnose(FailedMessage.from_dict({**case, "body": d.rewrite.text}))
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
    """The footer gets fixed; the cannabis offer cannot be reworded away, so it stays."""
    body = "Acme: CBD gummies 20% off this weekend"
    message = FailedMessage.from_dict(
        {"body": body, "consent": "express_written", "first_message": True}
    )
    d = diagnose(message)
    assert d.rewrite is not None
    assert d.rewrite.text.endswith(OPT_OUT_FOOTER)
    assert not d.rewrite.passes
    assert "CNT002" in d.rewrite.remaining and "OPT001" not in d.rewrite.remaining
