"""Whose error a paste is, when only a number or a short common name points at a row, and a
provider's long documented sentence pasted in another layout (issue 14).

Real wordings from providers' own pages (source URL beside each group), none from ``eval/``.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.align import align
from diagnose.errors.index import table_index
from diagnose.errors.reader import FILLER
from diagnose.errors.words import words
from diagnose.message import Provider

C = Cause
P = Provider

# Another provider's code that only a covered provider's table lists, beside words of its
# own that name a different cause: the words decide and no provider is claimed.
NOBODYS: list[tuple[str, Cause]] = [
    # Exotel SMS status codes: https://developer.exotel.com/docs/sms-api/api-reference/status-codes
    ("| 23015 | FAILED_SPAM | Message flagged as spam by the operator |", C.SPAM_LIKE_CONTENT),
    (
        "| 23072 | FAILED_INVALID_SENDER | Sender ID is not approved or registered |",
        C.SENDER_NOT_REGISTERED,
    ),
    # A short name in any API's words is not a provider's mark either (Exotel, as above)
    (
        "| 23010 | FAILED_INVALID_NUMBER | Phone number is invalid or does not exist |",
        C.INVALID_DESTINATION,
    ),
    # 8x8 delivery receipt codes: https://developer.8x8.com/connect/docs/delivery-receipts-error-codes
    ("| 42 | Source credit insufficiency |", C.ACCOUNT_OR_CONFIGURATION),
    ("| 46 | Subscriber not reachable |", C.UNREACHABLE_HANDSET),
    ("| 50 | Throttling error |", C.RATE_OR_VOLUME_LIMIT),
]


@pytest.mark.parametrize(("text", "cause"), NOBODYS)
def test_a_code_beside_other_words_is_nobodys(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert (err.provider, err.category) == (None, cause), err.note


def test_a_code_in_another_providers_style_is_not_the_matching_rows_provider() -> None:
    # RingCentral's delivery error codes (prefix, number):
    # https://developers.ringcentral.com/guide/messaging/sms/sms-errors
    err = normalise_error('"messageStatus": "SendingFailed", "deliveryErrorCode": "SMS-RC-500"')
    assert err.provider is None
    assert "SMS-RC-500" in err.note


def test_words_that_disagree_with_the_only_table_listing_the_code_decide() -> None:
    # Twilio lists 23005 (a redaction setting); Exotel's 23005 is a DND failure.
    err = normalise_error("23005 FAILED_DND: recipient is on the Do Not Disturb list")
    assert (err.provider, err.category) == (None, C.RECIPIENT_BLOCKED)
    assert "Twilio" in err.note  # the possibility is said, not claimed


@pytest.mark.parametrize(
    ("text", "provider", "code"),
    [
        ("30007", P.TWILIO, "30007"),  # nothing else pasted: its only table, and the note says so
        ('{"error_code": 30007, "status": "failed"}', P.TWILIO, "30007"),
        ("Twilio 21610", P.TWILIO, "21610"),
        ("ErrorCode=30034&SmsSid=SM0123", P.TWILIO, "30034"),
    ],
)
def test_a_code_with_nothing_against_it_keeps_its_table(
    text: str, provider: Provider, code: str
) -> None:
    err = normalise_error(text)
    assert (err.provider, err.code) == (provider, code), err.note


def test_a_given_provider_keeps_its_code() -> None:
    err = normalise_error("error 30007", P.TWILIO)
    assert (err.provider, err.category) == (P.TWILIO, C.SPAM_LIKE_CONTENT)


# Vonage's SMS API error page lays each code out as the code, "Description", then its name
# and sentence: https://developer.vonage.com/en/api-errors/sms
VONAGE_PAGE: list[tuple[str, str, Cause]] = [
    (
        "2\n\nDescription\n\nMissing Parameters. Your request is missing one of the required "
        "parameters from, to, api_key, api_secret or text.\n\nResolution\n\nCheck your "
        "parameters and try again.",
        "2",
        C.ACCOUNT_OR_CONFIGURATION,
    ),
    (
        "12\n\nDescription\n\nMessage Too Long. The message length exceeds the maximum allowed.",
        "12",
        C.CONTENT_TOO_LONG_OR_ENCODING,
    ),
    (
        "9 | Description Partner Quota Violation. You do not have sufficient credit to send the "
        "message. Resolution Top-up and retry. |",
        "9",
        C.ACCOUNT_OR_CONFIGURATION,
    ),
]


@pytest.mark.parametrize(("text", "code", "cause"), VONAGE_PAGE)
def test_a_code_then_a_field_label_then_its_name_is_that_row(
    text: str, code: str, cause: Cause
) -> None:
    err = normalise_error(text)
    assert (err.provider, err.code, err.category) == (P.VONAGE, code, cause), err.note


# Twilio's documented sentences (https://www.twilio.com/docs/api/errors/21211 and /21617),
# cut off at the end or with the request's own number in them.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The 'To' number +15555550123 is not a valid phone", "21211"),
        ("Error: The concatenated message body exceeds the 1600 char", "21617"),
        ("Error: The message body exceeds the 160 character limit.", "21617"),
    ],
)
def test_a_long_sentence_cut_short_or_changed_a_little_is_its_row(text: str, code: str) -> None:
    err = normalise_error(text)
    assert (err.provider, err.code) == (P.TWILIO, code), err.note


def test_alignment_keeps_its_share_and_refuses_short_or_generic_texts() -> None:
    index = table_index(FILLER)
    cut = align(index, [w.text for w in words("The 'To' number +15555550123 is not a valid phone")])
    assert cut and 0.75 <= cut[0].share <= 1.0 and not cut[0].complete
    # five common words are no documented sentence, found in passing or pasted alone
    assert align(index, [w.text for w in words("the phone number is inactive")]) == []
    # the end of a sentence quoted by a help desk is not the provider's sentence
    quoted = "flagged as going against carrier guidelines"
    assert align(index, [w.text for w in words(quoted)]) == []
