"""A row's name quoted inside a longer paste ('Telnyx keeps answering "Unhealthy sender"').

A quoted run is what the screen showed, word for word: it is read as if pasted alone. One
quoted word, words any failure notice uses, a quoted identifier (read as an identifier) and
an HTTP reason phrase are not singled out this way.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.codes import ErrorCodeInfo, all_error_codes
from diagnose.errors.normalise import PROVIDER_LABELS
from diagnose.errors.reader import name_words
from diagnose.errors.words import is_label
from diagnose.message import Provider


@pytest.mark.parametrize(
    ("text", "provider", "cause"),
    [
        (
            'Telnyx keeps answering "Unhealthy sender" for every text',
            Provider.TELNYX,
            Cause.SENDER_BLOCKED,
        ),
        (
            "Telnyx: the send fails with “Profile disabled”",
            Provider.TELNYX,
            Cause.ACCOUNT_OR_CONFIGURATION,
        ),
        (
            "The Telnyx portal shows 'LOA required' next to the number",
            Provider.TELNYX,
            Cause.ACCOUNT_OR_CONFIGURATION,
        ),
    ],
)
def test_a_quoted_name_reads_as_its_row(text: str, provider: Provider, cause: Cause) -> None:
    err = normalise_error(text)
    assert (err.provider, err.category) == (provider, cause)


def test_a_reason_in_brackets_after_a_status_reads_as_its_row() -> None:
    err = normalise_error("Delivery report: undelivered (Unhealthy sender)", Provider.TELNYX)
    assert err.category is Cause.SENDER_BLOCKED
    err = normalise_error("DLR: failed [Missing whitelist]", Provider.TELNYX)
    assert err.category is Cause.ACCOUNT_OR_CONFIGURATION


def test_the_same_words_unquoted_in_passing_stay_weak() -> None:
    # the premise: two words of a sentence, unquoted, are not a name's evidence
    err = normalise_error("Telnyx keeps answering unhealthy sender for every text")
    assert err.category is not Cause.SENDER_BLOCKED or err.status != "known"


def test_quoted_field_names_and_one_word_are_not_names() -> None:
    # "'To'" is a field, not Twilio's or anyone's name; the sentence is Twilio's 21211
    err = normalise_error("message: \"The 'To' number 062XXXXXXX is not a valid phone number.\"")
    assert err.provider is Provider.TWILIO
    assert err.category is Cause.INVALID_DESTINATION


def test_a_quoted_identifier_is_read_as_that_identifier() -> None:
    err = normalise_error("a delivery callback of `'record_status': 'CARRIER_UNREACHABLE'`")
    assert err.code == "CARRIER_UNREACHABLE"


def test_a_quoted_http_reason_phrase_is_nobodys() -> None:
    err = normalise_error('{"errors": [{"title": "Bad Request", "detail": "Invalid request"}]}')
    assert err.provider is not Provider.AZURE


def _long_names() -> list[ErrorCodeInfo]:
    # A name that only spells out its identifier (AWS's "Invalid business connection" for
    # INVALID_BUSINESS_CONNECTION) is read as the identifier, pasted alone or as one.
    rows = [
        r
        for r in all_error_codes()
        if r.is_error
        and r.kind != "http"
        and r.name
        and not is_label(r.name)
        and 3 <= len(name_words(r.name)) <= 12
        and name_words(r.name) != name_words(r.code.replace("_", " "))
        and not set(r.name) & set("\"'`")
    ]
    return rows


def test_every_long_name_quoted_in_a_sentence_reads_back() -> None:
    rows = _long_names()
    assert len(rows) > 1000
    failed = []
    for r in rows:
        text = f'I\'m getting "{r.name}" from {PROVIDER_LABELS[r.provider]} when sending SMS'
        err = normalise_error(text)
        if err.status == "ambiguous":
            ok = any(c is r for c in err.candidates)
        else:
            ok = err.provider is r.provider and err.category in (r.category, *r.also_category)
        if not ok:
            failed.append((r.provider.value, r.code))
    assert not failed, failed


def test_a_sentence_in_brackets_longer_than_any_name_is_not_read_as_one() -> None:
    # Twilio 30042's name is 12 words; a bracketed run that opens with it and goes on is a
    # sentence, not the name quoted (its first words must not be taken for the whole run)
    name = "The Sender ID is blocked as generic or it contains special characters"
    text = f"note (Twilio {name} on drafts)"
    err = normalise_error(text)
    assert not any("quoted" in e for r in err.readings for e in r.evidence)
    err = normalise_error(f"note ({name})")
    assert any("quoted" in e for r in err.readings for e in r.evidence)
