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
