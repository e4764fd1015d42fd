"""A covered provider's code shown by a platform the table does not cover.

Help desks and texting platforms built on a provider pass its codes on unchanged: a CRM
sending through Twilio shows "Error 30032". A five-digit code that one provider alone lists,
for one error, says what went wrong even when the platform is not covered; whose error it
is stays unsaid. A code with a description of its own beside it is the platform's own.
"""

from __future__ import annotations

from diagnose.causes import Cause
from diagnose.errors import normalise_error


def test_a_relayed_five_digit_code_reads_as_its_row_without_claiming_the_provider() -> None:
    err = normalise_error("Error 30032", None, provider_name="a-crm")
    assert (err.provider, err.code, err.category) == (None, "30032", Cause.SENDER_NOT_REGISTERED)
    assert "pass on" in err.note


def test_a_code_described_in_the_platforms_own_words_is_its_own() -> None:
    err = normalise_error("63011 Unable to deliver message to carrier.", None, provider_name="sw")
    assert err.provider is None
    assert err.category is not Cause.ACCOUNT_OR_CONFIGURATION


def test_a_short_code_of_an_uncovered_platform_is_not_read_as_anyones() -> None:
    err = normalise_error("Error 1014", None, provider_name="tencent")
    assert (err.provider, err.category) == (None, Cause.UNKNOWN)


def test_another_providers_short_name_yields_to_the_reason_given() -> None:
    err = normalise_error("message blocked by SHAFT+ filter", None, provider_name="a-pos")
    assert (err.provider, err.category) == (None, Cause.PROHIBITED_CONTENT)


def test_a_short_status_name_of_another_provider_yields_to_the_reason_given() -> None:
    err = normalise_error(
        "Text message not sent: contact is Do Not Contact", None, provider_name="a-crm"
    )
    assert (err.provider, err.category) == (None, Cause.OPTED_OUT_RECIPIENT)


def test_another_providers_status_word_beside_a_reason_yields_for_the_provider_given() -> None:
    from diagnose.message import Provider

    err = normalise_error(
        '{"event": "UNDELIVERED", "errorMessage": "Memory capacity exceeded"}', Provider.BANDWIDTH
    )
    assert (err.provider, err.category) == (Provider.BANDWIDTH, Cause.UNREACHABLE_HANDSET)
