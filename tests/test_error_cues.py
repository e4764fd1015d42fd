"""The trade's words for a cause, read from free text no table row matches.

These are phrasings many providers and gateways share (SMPP status words, sender-ID
regimes, content filters that speak of "sensitive words"); each names its cause alone.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error

C = Cause

WORDS = [
    ("Destination handset unknown", C.INVALID_DESTINATION),
    ("unknown MSISDN", C.INVALID_DESTINATION),
    ("submit failed: invalid destination address", C.INVALID_DESTINATION),
    ("DLR: memory capacity exceeded on handset", C.UNREACHABLE_HANDSET),
    ("stat:UNDELIV err:MemExcd", C.UNREACHABLE_HANDSET),
    ("rejected: sending limit reached for today", C.RATE_OR_VOLUME_LIMIT),
    ("request rejected due to API threshold", C.RATE_OR_VOLUME_LIMIT),
    ("failed: invalid sender ID for this route", C.SENDER_NOT_REGISTERED),
    ("the campaign has been marked dormant", C.SENDER_NOT_REGISTERED),
    ("DLT template not registered", C.SENDER_NOT_REGISTERED),
    ("message contains sensitive words", C.PROHIBITED_CONTENT),
    ("blocked keywords in message text", C.PROHIBITED_CONTENT),
    ("temporary failure at upstream SMSC", C.CARRIER_OR_NETWORK_FAILURE),
    # A bind is the client's login to the SMSC: refused, it is the account's, as SMPP's
    # own ESME_RBINDFAIL (diagnose/errors/smpp.py).
    ("ESME bind failed", C.ACCOUNT_OR_CONFIGURATION),
]


@pytest.mark.parametrize(("text", "cause"), WORDS)
def test_the_trades_words_name_their_cause(text: str, cause: Cause) -> None:
    assert normalise_error(text).category is cause


@pytest.mark.parametrize(
    "text", ["Twilio error 30003: Unreachable destination handset", "21610", "TEXT_SPAM"]
)
def test_a_table_row_still_wins_over_words(text: str) -> None:
    err = normalise_error(text)
    assert err.status == "known" and err.info is not None
