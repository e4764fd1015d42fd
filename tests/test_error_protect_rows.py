"""AWS End User Messaging SMS Protect's event is a fraud guard's block (issue 14, class 4).

``TEXT_PROTECT_BLOCKED`` is sent when a protect configuration stops a message: its country
rules or its artificially inflated traffic (AIT) filter, the provider's guard against SMS
pumping. Real wordings, with their sources.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.message import Provider

PASTES = [
    (
        '{"eventType": "TEXT_PROTECT_BLOCKED", "eventVersion": "1.0", "isFinal": true}',
        "https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-types.html",
    ),
    (
        "PROTECT_BLOCKED",
        "https://docs.aws.amazon.com/sms-voice/latest/userguide/protect-configuration.html",
    ),
    (
        "TEXT_PROTECT_BLOCKED",
        "https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-types.html",
    ),
]


@pytest.mark.parametrize(("text", "source"), PASTES, ids=[p[0][:30] for p in PASTES])
def test_protect_blocked_is_a_fraud_guard(text: str, source: str) -> None:
    err = normalise_error(text)
    assert err.provider is Provider.AWS, (source, err.note)
    assert err.category is Cause.FRAUD_PROTECTION_BLOCK, (source, err.note)
    assert Cause.ACCOUNT_OR_CONFIGURATION in err.also_category
