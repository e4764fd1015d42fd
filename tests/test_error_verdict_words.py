"""The verdict of an error read from its words: rejected at the request, or undeliverable.

A number that fails a provider's validation ("not a valid mobile number", "non-numeric
characters"), or any cause the paste shows the API refusing (an HTTP 4xx status, "Bad
Request", an SDK's request exception), never reached a carrier: the verdict is "rejected",
not the carrier's "undeliverable" or "blocked". A delivery report's words keep the
carrier's verdict. The wordings are gateways' and issue threads' own, with their sources.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.normalise import refused_at_request
from diagnose.verdict import Verdict

# (text, cause, verdict, source)
WORDINGS = [
    (
        "9 | Recipient Invalid | The recipient you entered was not a valid mobile number.",
        Cause.INVALID_DESTINATION,
        Verdict.REJECTED,
        "http://www.esendex.co.uk/Developers/SDKs/ActiveX-SMS-SDK/Error-Codes",
    ),
    (
        "WARNING - Failed to send Voipms notification to 555111222: status: invalid_dst, "
        "message: This is not a valid DID",
        Cause.INVALID_DESTINATION,
        Verdict.REJECTED,
        "https://github.com/caronc/apprise/issues/1201",
    ),
    (
        "MessageBird\\Exceptions\\RequestException: Value is not a valid msisdn",
        Cause.INVALID_DESTINATION,
        Verdict.REJECTED,
        "https://github.com/messagebird/php-rest-api/issues/214",
    ),
    (
        "UNDELIVERED | INVALID-SUB | Number does not exist. Failed to locate the number in "
        "HLR database.",
        Cause.INVALID_DESTINATION,
        Verdict.UNDELIVERABLE,
        "https://developers.kaleyra.io/docs/sms-status-and-status-trace-codes",
    ),
    (
        "115 | StopFail – Landline Number",
        Cause.INVALID_DESTINATION,
        Verdict.UNDELIVERABLE,
        "https://solutionsbytext.com/api-documentation/status-codes-and-actions/",
    ),
    (
        "140 - Mobile number not covered | The phone number is out of the carrier's coverage area",
        Cause.INVALID_DESTINATION,
        Verdict.UNDELIVERABLE,
        "https://zenvia.movidesk.com/kb/en/article/472192/errores-en-el-envio-de-mensajes-en-"
        "zenvia-customer-cloud",
    ),
]


@pytest.mark.parametrize(("text", "cause", "verdict", "source"), WORDINGS)
def test_a_worded_error_has_the_verdict_its_words_support(
    text: str, cause: Cause, verdict: Verdict, source: str
) -> None:
    err = normalise_error(text)
    assert (err.code, err.category, err.verdict) == (None, cause, verdict), source


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Error: invalid phone numbers. status: 400, statusText: 'BAD REQUEST'", True),
        ('{"error": "Unknown sender id", "status": 409}', True),
        ("Failed to send SMS Bad HTTP Code 400", True),
        ("com.twilio.exception.ApiException: Authenticate", True),
        ("HTTP 200 OK but the SMS never arrives", False),
        ("Number is not reachable", False),
        ("503 Service Unavailable", False),
    ],
)
def test_a_refusal_at_the_request_is_read_from_the_status_or_the_exception(
    text: str, refused: bool
) -> None:
    assert refused_at_request(text) is refused


def test_a_sender_refused_by_the_api_is_rejected_not_blocked() -> None:
    err = normalise_error(
        '{"error": "Unknown sender id", "message": "Unknown sender id", "status": 409}'
    )
    assert err.category is Cause.SENDER_NOT_REGISTERED
    assert err.verdict is Verdict.REJECTED


@pytest.mark.parametrize(
    "text",
    [
        "30459",  # Twilio: Toll Free verification rejection - Disallowed: Cannabis/CBD
        "30887",  # Twilio: Campaign vetting rejection - Opt-out Error
        "Toll-free verification was rejected: opt-in not compliant",
        "SampleMessageMissingOptOutInstructions",
    ],
)
def test_a_rejected_registration_is_rejected_in_any_table_or_words(text: str) -> None:
    """A review that rejected a brand, campaign or toll-free registration refused it before
    any message went out, as The Campaign Registry's own rejections are: every provider's
    rejection row, and the words of one, read as "rejected"."""
    assert normalise_error(text).verdict is Verdict.REJECTED


def test_a_sender_blocked_for_being_unregistered_is_still_blocked() -> None:
    err = normalise_error("30034")  # Twilio: message from an unregistered number
    assert (err.category, err.verdict) == (Cause.SENDER_NOT_REGISTERED, Verdict.BLOCKED)
