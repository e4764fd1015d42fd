"""Android's SmsManager send results, as apps that text from a phone pass them on."""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.android import ANDROID_RESULTS, UNEXPLAINED


@pytest.mark.parametrize(("name", "cause"), sorted(ANDROID_RESULTS.items()))
def test_every_result_reads_as_its_cause_and_nobodys(name: str, cause: Cause) -> None:
    for prefix in ("RESULT_ERROR_", "RESULT_RIL_", "SmsManager.RESULT_"):
        err = normalise_error(f"send failed: {prefix}{name}")
        assert err.category is cause, (prefix, name, err.note)
        assert err.provider is None


def test_a_cancelled_send_names_no_cause() -> None:
    for name in UNEXPLAINED:
        assert normalise_error(f"RESULT_{name}").category is Cause.UNKNOWN


def test_the_result_code_number_is_not_another_providers_code() -> None:
    # resultCode 4 is RESULT_ERROR_NO_SERVICE; Vonage, Sinch and others list a code 4
    err = normalise_error("SMS not sent, resultCode=4 (RESULT_ERROR_NO_SERVICE)")
    assert err.category is Cause.CARRIER_OR_NETWORK_FAILURE
    assert err.provider is None


def test_dotnet_names_read_too() -> None:
    assert normalise_error("SmsResultError.RadioOff").category is Cause.ACCOUNT_OR_CONFIGURATION


def test_words_beside_a_generic_result_name_the_cause() -> None:
    # GENERIC_FAILURE says only that the network refused; the words say what was refused
    err = normalise_error("RESULT_ERROR_GENERIC_FAILURE, but only for long messages")
    assert err.category is Cause.CONTENT_TOO_LONG_OR_ENCODING
    # the network's own words add nothing to it
    err = normalise_error("RESULT_ERROR_GENERIC_FAILURE after connecting to the SMSC")
    assert err.category is Cause.CARRIER_OR_NETWORK_FAILURE
