"""Numbers an HTTP status, a log prefix or a changed count hold are not codes (set V1).

Each row is constructed for its class: a code written after an HTTP status in brackets is
still the code; "a 401" is a response; fields of a log line's bracketed prefix are a time, a
process and a thread; a count that changed ("14400 -> 14398 units") is a quantity both
sides. An HTTP status one provider's table lists is read for its meaning, not as that
provider's, unless the paste names the provider.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.numbers import find_numbers
from diagnose.message import Provider
from diagnose.verdict import Verdict


def _roles(text: str) -> dict[str, str]:
    return {n.value: n.role for n in find_numbers(text)}


def test_a_code_after_an_http_status_in_brackets_is_the_code() -> None:
    err = normalise_error("Twilio::REST::RestError: [HTTP 400] 21614 : Unable to create record")
    assert err.provider is Provider.TWILIO
    assert err.code == "21614"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("HTTP/1.1 429 Too Many Requests", "429"),
        ("http status code: 503", "503"),
        ("we keep getting a 401 from the gateway", "401"),
        ("the API answers with an 403 every time", "403"),
    ],
)
def test_http_statuses(text: str, number: str) -> None:
    assert _roles(text)[number] == "http"


def test_a_log_prefix_holds_no_code() -> None:
    text = "[2024-01-05 08:00:01,002][40417][2881][ERROR][sms.sender:88] could not send"
    assert "40417" not in _roles(text)
    assert "2881" not in _roles(text)
    assert normalise_error(text).code is None


def test_a_count_that_changed_is_a_quantity_on_both_sides() -> None:
    roles = _roles("credits debited (25000 -> 24990 units), balance now 24990")
    assert set(roles.values()) == {"quantity"}


def test_an_http_status_one_table_lists_names_no_provider() -> None:
    err = normalise_error("POST /messages -> HTTP 500")
    assert err.provider is None
    assert err.code is None
    assert err.category is Cause.CARRIER_OR_NETWORK_FAILURE


def test_an_http_status_under_a_tables_words_is_not_its_code() -> None:
    err = normalise_error("HTTP 500 Internal Server Error")
    assert err.code is None and err.provider is None


def test_a_named_provider_keeps_its_row() -> None:
    assert normalise_error("Azure SMS send: HTTP 500").provider is Provider.AZURE


def test_a_network_id_is_not_a_code() -> None:
    text = "id=ABC&status=Failed&phoneNumber=%2B2348035550123&networkCode=62130&retryCount=0"
    assert "62130" not in _roles(text)
    assert normalise_error(text).code is None


def test_a_receipts_err_field_is_read_in_the_receipt_namespaces() -> None:
    text = (
        "id:77 sub:001 dlvrd:000 submit date:2405011030 done date:2405011031 stat:UNDELIV err:004"
    )
    err = normalise_error(text, Provider.VONAGE)
    assert err.code is not None and err.code.lstrip("0") == "4"
    assert err.category is Cause.RECIPIENT_BLOCKED


def test_a_field_after_a_full_width_colon_is_keyed() -> None:
    assert _roles("Bot_id：2044 で送信できない") == {}


def test_a_code_repeating_the_http_status_is_that_status() -> None:
    # twilio-node's RestException with no error code of its own
    text = (
        "RestException [Error]: Invalid business country\n  status: 400,\n  code: 400,\n"
        "  moreInfo: 'https://www.twilio.com/docs/errors/400',"
    )
    err = normalise_error(text)
    assert err.code is None
    assert err.provider is Provider.TWILIO
    # a code that differs from the status is still the code
    err = normalise_error(
        "status: 400,\n  code: 21211,\n  moreInfo: 'https://www.twilio.com/docs/errors/21211'"
    )
    assert err.code == "21211"


def test_a_receipts_err_value_read_in_one_table_says_nobody_was_named() -> None:
    # "err:" points to the receipt tables; with no provider named, whose it is stays a
    # likelihood, and the note says which other tables list the value
    text = "id:1 sub:001 dlvrd:000 submit date:2401011200 done date:2401011200 stat:REJECTD err:019"
    err = normalise_error(text)
    assert err.provider is not None
    assert "No provider was named" in err.note
    assert "list it too" in err.note


def test_an_undeliverable_receipt_reads_its_state_when_nobody_is_named() -> None:
    # "stat:UNDELIV" is the SMSC's own word that the route failed; an "err" value four
    # tables list with four meanings does not outweigh it while nothing names a provider
    # (the receipt formats of GatewayAPI's and Vonage's SMPP docs, outside sets ZB3 and X2)
    text = "id:1 sub:001 dlvrd:000 submit date:2401011200 done date:2401011200 stat:UNDELIV err:019"
    err = normalise_error(text)
    assert err.category is Cause.CARRIER_OR_NETWORK_FAILURE
    assert err.verdict is Verdict.UNDELIVERABLE
    assert err.provider is None and err.code is None
    assert len(err.readings) > 1  # the tables that list 19 are still shown
    # a provider given: its own table's row for the number is the reading
    err = normalise_error("stat:UNDELIV err:153", Provider.SINCH)
    assert err.code == "153" and err.category is Cause.UNREACHABLE_HANDSET
    # an "err" value no table lists is no code: the state still reads
    assert normalise_error("stat:UNDELIV err:999").category is Cause.CARRIER_OR_NETWORK_FAILURE


@pytest.mark.parametrize(
    "text",
    [
        # an Android logcat line's process id
        "E/amplify:flutter:auth_cognito(30931): AuthException{message=Sign up failed}",
        # an operating system's error number, as Python's OSError prints it
        "NewConnectionError: Failed to establish a new connection: [Errno 111] Connection refused",
        # libcurl's own error number, beside a provider's host (PHP SDKs through Guzzle)
        "cURL error 6: Could not resolve host: rest.nexmo.com",
        "curl error 28: Operation timed out after 30001 milliseconds",
    ],
)
def test_process_ids_and_os_error_numbers_are_not_codes(text: str) -> None:
    assert normalise_error(text).code is None


def test_a_host_not_found_from_the_senders_server_is_the_connection() -> None:
    err = normalise_error("cURL error 6: Could not resolve host: rest.nexmo.com")
    assert err.category is Cause.CARRIER_OR_NETWORK_FAILURE
    assert normalise_error("Error: getaddrinfo ENOTFOUND api.twilio.com").code is None


def test_an_error_string_opening_with_its_status_is_an_http_status() -> None:
    # Supabase's "400: Error sending sms OTP": the response's status, not a provider's code 400
    err = normalise_error('{"error":"400: Error sending sms OTP: nil","level":"info"}')
    assert err.code is None


def test_an_xml_elements_name_is_the_numbers_key() -> None:
    # Bandwidth's campaign XML: a mobile operator's id is no code; an ErrorCode element is
    text = "<MnoStatus><MnoName>ATT</MnoName><MnoId>10017</MnoId><Status>REJECTED</Status>"
    assert normalise_error(text, Provider.BANDWIDTH).code is None
    err = normalise_error("<ErrorCode>4720</ErrorCode>", Provider.BANDWIDTH)
    assert (err.code, err.category) == ("4720", Cause.INVALID_DESTINATION)


@pytest.mark.parametrize(
    "text",
    [
        # the one-time code a message carries, quoted in an error about that message
        'Invalid content: use "Pin Code is: 4821" or "Verification Code: 1234"',
        "OTP 4821 not delivered to the customer",
        "فشل الإرسال: رمز التحقق: 1234",
        "验证码：4821 发送失败",
    ],
)
def test_a_one_time_code_is_not_an_error_code(text: str) -> None:
    assert normalise_error(text).code is None


def test_a_code_after_error_words_is_still_a_code() -> None:
    # "code is" names a one-time code only after a verification word
    assert normalise_error("error code is 30007").code == "30007"
    assert normalise_error("Authentication 20003").code == "20003"
