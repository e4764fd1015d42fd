"""A code written into an identifier or a quoted value, and a code beside its provider's words.

- A code glued into an identifier (``failed_status_and_error_code_30007``, a file named
  ``TWILIO_ERROR_21211_FIX.md``) or closed by a quote (`errorCode = "21211"` in a query) is as
  strong as the code pasted alone: where a bare "30007" is read as Twilio's (only Twilio
  lists it, and the note says no provider was named), so are these, whatever sentence goes
  on after them. A quoted code followed by a separator and words ("`21610` - ...") still has
  those words read as its own description.
- A help-desk table that gives the code and then the provider's own sentence ("21612 | The
  combination of To and From ... cannot be connected by Twilio at this time", "30007 | The
  message was blocked by Twilio or the carrier ...") is read as that provider's row: the
  code's row, not a row whose short name shares a few words with the sentence, nor another
  of the provider's codes documented in the same words.

The table wordings are copied from public pages (URL beside each), none of them a frozen
outside case.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.message import Provider

C = Cause
P = Provider

# Twilio codes only Twilio lists, each with its row's category.
TWILIO_ONLY = [
    ("21211", C.INVALID_DESTINATION),
    ("21610", C.OPTED_OUT_RECIPIENT),
    ("30003", C.UNREACHABLE_HANDSET),
    ("30005", C.INVALID_DESTINATION),
    ("30007", C.SPAM_LIKE_CONTENT),
    ("30034", C.SENDER_NOT_REGISTERED),
]
# How code and logs write a code without a space before it: a test's name, a constant, a
# consent source, a query's condition (each shape seen in public code; the sentence after
# it is the code's surroundings, not a description of the code).
ENCLOSING = [
    "failed_status_and_error_code_{code} translated to notification status: permanent-failure",
    "source: 'error_{code}'",
    "options[lookup_error_{code}]",
    'To find the rows, use `errorCode = "{code}"` in the query.',
    "WHERE error_code = '{code}' AND status = 'undelivered'",
]


@pytest.mark.parametrize("shape", ENCLOSING)
@pytest.mark.parametrize(("code", "category"), TWILIO_ONLY)
def test_an_enclosed_code_reads_as_the_bare_code(shape: str, code: str, category: Cause) -> None:
    bare = normalise_error(code)
    err = normalise_error(shape.format(code=code))
    assert (bare.provider, bare.code, bare.category) == (P.TWILIO, code, category)
    assert (err.status, err.provider, err.code, err.category) == (
        "known",
        bare.provider,
        bare.code,
        bare.category,
    ), err.note
    assert "No provider was named" in err.note


def test_a_file_named_after_the_code() -> None:
    # https://github.com/foundry360/ollie/blob/HEAD/TWILIO_ERROR_21211_FIX.md
    err = normalise_error("TWILIO_ERROR_21211_FIX.md")
    assert (err.provider, err.code, err.category) == (P.TWILIO, "21211", C.INVALID_DESTINATION)


def test_a_code_with_a_description_of_its_own_is_still_not_claimed() -> None:
    # The words after a number (not glued, not quoted) describe it: not Twilio's words, so
    # not Twilio's code; the same after a closing quote and a separator.
    for text in ("30007 translated to status: permanent-failure", '"1001" - Not enough credits'):
        err = normalise_error(text)
        assert err.provider is None, err.note


SLEEKFLOW = "https://help.sleekflow.io/en_US/sms/troubleshooting-your-twilio-sms-channel"
WAYTOHEALTH = (
    "https://waytohealth.atlassian.net/wiki/spaces/WTHST/pages/140804097/"
    "Twilio+Message+Failure+Incidents"
)


@pytest.mark.parametrize(
    ("text", "code", "categories", "source"),
    [
        (
            "21610 |\nThe person you are trying to message has opted out of receiving messages "
            "from your Twilio phone number, Channels sender, or Messaging Service. |",
            "21610",
            {C.OPTED_OUT_RECIPIENT},
            SLEEKFLOW,
        ),
        (
            "30007 | The message was blocked by Twilio or the carrier because the content seems "
            "like spam, fraud, or abuse. |",
            "30007",
            {C.SPAM_LIKE_CONTENT},
            WAYTOHEALTH,
        ),
        (
            "30003 | The phone number is unavailable or unreachable | Confirm the following "
            "with the participant:",
            "30003",
            {C.UNREACHABLE_HANDSET},
            WAYTOHEALTH,
        ),
        (
            "30006 | The phone number is a landline or the destination carrier is unreachable | "
            "Contact participant.",
            "30006",
            {C.INVALID_DESTINATION},
            WAYTOHEALTH,
        ),
        (
            # Twilio's page for 21612: the sender cannot reach this destination
            '21612 | Message cannot be sent with the current combination of "To" and/or "From" '
            "parameters.",
            "21612",
            {C.INVALID_DESTINATION, C.ACCOUNT_OR_CONFIGURATION},
            "https://www.twilio.com/docs/api/errors/21612",
        ),
    ],
)
def test_a_table_row_with_the_providers_sentence(
    text: str, code: str, categories: set[Cause], source: str
) -> None:
    err = normalise_error(text)
    assert (err.status, err.provider, err.code) == ("known", P.TWILIO, code), (source, err.note)
    assert err.category in categories, (source, err.note)


def test_the_words_alone_still_read_as_their_row() -> None:
    # Without a code, the sentence is the row that documents it (30630), as before.
    err = normalise_error(
        "The person you are trying to message has opted out of receiving messages from your "
        "Twilio phone number, Channels sender, or Messaging Service."
    )
    assert (err.provider, err.category) == (P.TWILIO, C.OPTED_OUT_RECIPIENT)
    assert err.code == "30630"
