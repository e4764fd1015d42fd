"""An HTTP status pasted beside a provider's own error name yields to the name.

A REST API answers a refused request with an HTTP status and, in its body, its own error
("400 Bad Request" and ``syntax_invalid_json``; "403 Forbidden" and ``blocked_account``).
The status is how the API answered, the name what it answered: a row for the status (any
provider's ``http`` namespace) never outweighs the provider's row for the name.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.message import Provider


@pytest.mark.parametrize(
    ("text", "provider", "code", "cause"),
    [
        (
            'HTTP/1.1 400 Bad Request\n{"code": "syntax_invalid_json"}',
            Provider.SINCH,
            "syntax_invalid_json",
            Cause.ACCOUNT_OR_CONFIGURATION,
        ),
        (
            "403 Forbidden: blocked_account",
            Provider.SINCH,
            "blocked_account",
            Cause.ACCOUNT_OR_CONFIGURATION,
        ),
        (
            "400 - Bad Request\nsyntax_invalid_parameter_format",
            Provider.SINCH,
            "syntax_invalid_parameter_format",
            Cause.INVALID_DESTINATION,
        ),
    ],
)
def test_the_error_name_beside_a_status_decides(
    text: str, provider: Provider, code: str, cause: Cause
) -> None:
    err = normalise_error(text)
    assert (err.provider, err.code, err.category) == (provider, code, cause)


def test_a_status_alone_is_still_read_as_one() -> None:
    err = normalise_error("HTTP 403 Forbidden")
    assert err.category is Cause.ACCOUNT_OR_CONFIGURATION
    assert err.code is None or err.code == "403"


def test_a_code_beside_another_providers_words_for_the_same_finding_is_the_codes() -> None:
    """Toll-free verification findings share their vocabulary across aggregators: Bandwidth's
    name for a denial, written beside Twilio's code for the same finding, is Twilio's error
    (the words say what, the code whose)."""
    from diagnose.errors.codes import lookup

    bandwidth = next(r for r in lookup("550") if r.provider is Provider.BANDWIDTH)
    err = normalise_error(f"30446 {bandwidth.name}")
    assert (err.provider, err.code) == (Provider.TWILIO, "30446")
    assert err.category is Cause.SENDER_NOT_REGISTERED
    alone = normalise_error(bandwidth.name)
    assert (alone.provider, alone.code) == (Provider.BANDWIDTH, "550")
