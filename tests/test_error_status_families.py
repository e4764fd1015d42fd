"""Provider families completed as classes (issue 14): each documented wording reads as its row.

Every paste below is written as the provider's own page writes it (source URL beside each
family); none comes from the outside sets. ClickSend's help article lays its statuses out
as a table whose first column is a row number, not a code: that number is never read.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.message import Provider

# https://help.clicksend.com/en/articles/42318-sms-error-codes
CLICKSEND = [
    (
        "6 | CancelledAfterReview | – | The message was canceled by ClickSend staff as its "
        "content did not comply with guidelines |",
        Cause.SPAM_LIKE_CONTENT,
    ),
    ("CancelledAfterReview", Cause.SPAM_LIKE_CONTENT),
    (
        "| 9 | Failed | 301 | Unknown subscriber; number is inactive or invalid |",
        Cause.INVALID_DESTINATION,
    ),
    (
        "| 14 | Failed | 301 | Memory capacity exceeded; recipient's device lacks space for SMS |",
        Cause.UNREACHABLE_HANDSET,
    ),
    (
        "Failed 301 Absent subscriber; phone out of range or off for 12+ hours",
        Cause.UNREACHABLE_HANDSET,
    ),
]


@pytest.mark.parametrize(("text", "cause"), CLICKSEND)
def test_clicksend_status_names_and_descriptions(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert (err.provider, err.category) == (Provider.CLICKSEND, cause), err.note
    # the table's row number and "12+ hours" are not codes
    assert err.code not in {"6", "9", "12", "13", "14"}


def test_clicksend_wait_approval_is_not_an_error() -> None:
    err = normalise_error("WaitApproval")
    assert err.provider is Provider.CLICKSEND
    assert err.info is not None and not err.info.is_error


# https://support.plivo.com/hc/en-us/articles/360041794331 and the country-wise section
@pytest.mark.parametrize(
    ("text", "cause"),
    [
        (
            'Why am I getting the error "This caller ID is not allowed for outbound message"?',
            Cause.ACCOUNT_OR_CONFIGURATION,
        ),
        ("this caller id is not allowed for outbound message", Cause.ACCOUNT_OR_CONFIGURATION),
        (
            "Carriers will block SMS messages: 1. When more than 200 SMS messages are sent per "
            "day per long code number.",
            Cause.RATE_OR_VOLUME_LIMIT,
        ),
        (
            "When the same message is sent to the same user within 5 to 10 seconds of the "
            "first message.",
            Cause.SPAM_LIKE_CONTENT,
        ),
    ],
)
def test_plivo_help_desk_wordings(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert (err.provider, err.category) == (Provider.PLIVO, cause), err.note
    assert err.code not in {"1", "200", "5", "10"}


# https://support.zendesk.com/hc/en-us/articles/4408885601178
@pytest.mark.parametrize(
    ("text", "cause"),
    [
        (
            "A text message (including expanded placeholders) cannot exceed 1,600 characters. "
            "If your text message goes over this limit, you'll receive a delivery failure.",
            Cause.CONTENT_TOO_LONG_OR_ENCODING,
        ),
        (
            "You'll be limited to approximately 250 notifications a day before a carrier's "
            "spam detectors might block your number",
            Cause.RATE_OR_VOLUME_LIMIT,
        ),
    ],
)
def test_zendesk_text_trigger_limits(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert (err.provider, err.category) == (Provider.ZENDESK, cause), err.note
    assert err.code not in {"1,600", "1600", "250"}


# https://learn.microsoft.com/en-us/azure/communication-services/concepts/sms/sms-faq
def test_azure_opt_out_delivery_status_message() -> None:
    err = normalise_error('deliveryStatusDetails: "Sender blocked for given recipient."')
    assert (err.provider, err.category) == (Provider.AZURE, Cause.OPTED_OUT_RECIPIENT)


# https://support.twilio.com/hc/en-us/articles/223181868
@pytest.mark.parametrize(
    ("text", "code", "cause"),
    [
        (
            'Error 21606: You are attempting to use a "From" number which is not capable of '
            'sending SMS messages to your "To" number.',
            "21606",
            Cause.ACCOUNT_OR_CONFIGURATION,
        ),
        (
            "Error 21408: You need to enable SMS permissions for this country on the Global "
            "SMS Permissions page.",
            "21408",
            Cause.ACCOUNT_OR_CONFIGURATION,
        ),
    ],
)
def test_twilio_support_article_wordings_name_twilio(text: str, code: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert (err.provider, err.code, err.category) == (Provider.TWILIO, code, cause), err.note


def test_a_named_signalwire_copy_of_twilios_wording_is_not_twilios() -> None:
    err = normalise_error(
        'SignalWire error 21606: You are attempting to use a "From" number which is not '
        'capable of sending SMS messages to your "To" number.'
    )
    assert err.provider is None


# Reader rule: two codes of one provider, and words that name one code's cause.
@pytest.mark.parametrize(
    ("text", "code", "cause"),
    [
        (
            "21610 / 21408 - the recipient has opted out. Do not retry.",
            "21610",
            Cause.OPTED_OUT_RECIPIENT,
        ),
        ("30003 / 30005 - the handset is switched off", "30003", Cause.UNREACHABLE_HANDSET),
    ],
)
def test_the_words_pick_one_of_a_providers_codes(text: str, code: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert (err.provider, err.code, err.category) == (Provider.TWILIO, code, cause), err.note


def test_codes_of_several_providers_are_not_picked_by_the_words() -> None:
    # 60 is Plivo's and Sinch's: the words name the cause, no provider is claimed
    err = normalise_error('"code": 60, "message": "Anti-flooding error"')
    assert err.provider is None and err.code is None


# Azure's SMS SDKs: "sending from a number you don't own" is refused (HTTP 401); the SDK's
# live test (github.com/Azure/azure-sdk-for-js, sdk/communication/communication-sms) names it.
@pytest.mark.parametrize(
    "text",
    [
        "@azure/communication-sms: throws an exception when sending from a number you don't own",
        "Azure.Communication.Sms.SmsClient.Send failed: sender number not owned by the resource",
    ],
)
def test_azure_sms_sdk_marks_and_sender_not_owned(text: str) -> None:
    err = normalise_error(text)
    assert (err.provider, err.category) == (Provider.AZURE, Cause.ACCOUNT_OR_CONFIGURATION)
