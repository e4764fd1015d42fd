"""A paste that names an SMS provider the table does not cover (issue 14, class 3).

Textlocal, OVHcloud, Brevo (Sendinblue), MessageMedia, LINK Mobility... have numbers of
their own: named in the paste (by name or by their API's site) with no covered provider
named, the reading names no provider, says the provider is not covered, and takes its
category from the words or the response's HTTP status, never from a covered provider's row
for the same number. Each paste is a real one, with its source.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.cues import UNCOVERED_PROVIDERS, uncovered_named
from diagnose.message import Provider, parse_provider

# text, source, the uncovered provider it names
NAMED: list[tuple[str, str, str]] = [
    (
        "sms-xxxxxxxx-1PHP Fatal error: Uncaught GuzzleHttp\\Exception\\ClientException: Client "
        "error: POST https://api.ovh.com/1.0/sms/sms-xxxxxx-1/jobs/ resulted in a `400 Bad "
        "Request` response",
        "https://github.com/ovh/php-ovh/issues/156",
        "OVHcloud",
    ),
    (
        "ETHON: performed EASY effective_url=https://api.sendinblue.com/v3/transactionalSMS/sms "
        "response_code=400 return_code=ok total_time=0.174188",
        "https://github.com/sendinblue/APIv3-ruby-library/issues/55",
        "Brevo",
    ),
    (
        '{"errors":[{"code":4,"message":"Invalid number"}],"status":"failure"} from Textlocal',
        "https://api.textlocal.in/docs/sendsms",
        "Textlocal",
    ),
    (
        "Clickatell error 105: Invalid destination address",
        "https://docs.clickatell.com/channels/sms-channels/sms-api-reference/",
        "Clickatell",
    ),
    (
        "LINK Mobility responseCode 1013: Could not route message",
        "https://www.linkmobility.com/developers",
        "LINK Mobility",
    ),
    # A gateway's own code beside its name (probe of gateways' documentation, 2026-12-07).
    (
        "Hubtel response 4004: The message is not routable on Hubtel gateway",
        "https://hubtel.readme.io/reference/response-code",
        "Hubtel",
    ),
    (
        "Messente ERROR 111: Sender parameter from is invalid",
        "https://messente.com/documentation/faq/error-codes",
        "Messente",
    ),
    (
        "kannel: SMSC returned error code 0x0000000b",
        "https://www.kannel.org/download/1.4.5/userguide-1.4.5/userguide.html",
        "Kannel",
    ),
]


@pytest.mark.parametrize(("text", "source", "name"), NAMED, ids=[n[2] for n in NAMED])
def test_an_uncovered_provider_named_in_the_paste_is_not_a_covered_ones(
    text: str, source: str, name: str
) -> None:
    assert uncovered_named(text) == name, source
    err = normalise_error(text)
    assert err.provider is None, (source, err.note)
    assert err.info is None, (source, err.note)
    assert "not a provider the reference table covers" in err.note, source


def test_its_http_status_still_says_the_request_was_refused() -> None:
    err = normalise_error(NAMED[1][0])
    assert err.category is Cause.ACCOUNT_OR_CONFIGURATION and err.code is None


def test_a_covered_provider_named_too_keeps_the_covered_reading() -> None:
    # Moving from Textlocal to Twilio: the code is Twilio's.
    err = normalise_error("Since we moved from Textlocal to Twilio we get error 30007")
    assert err.provider is Provider.TWILIO and err.code == "30007"


def test_ordinary_words_are_not_provider_names() -> None:
    for text in (
        "The total size of MMS message media exceeded the max file size",
        "acquire a semaphore before sending",
        "an 8x8 grid of link mobility options",
    ):
        assert uncovered_named(text) is None, text


def test_the_list_holds_no_covered_provider() -> None:
    for label, names, _ in UNCOVERED_PROVIDERS:
        for name in (label, *names):
            assert parse_provider(name) is None, name


def test_a_name_in_a_dotted_module_path_is_named() -> None:
    # a logger's module path names the integration, and so the gateway behind it
    text = "ERROR [homeassistant.components.clickatell.notify] Error: Invalid FROM number."
    assert uncovered_named(text) == "Clickatell"
    assert normalise_error(text).provider is None
