"""Registration rejections read as what they are: The Campaign Registry's codes (listed or
not), review findings about a program's opt-out messages (never an opted-out recipient),
reviewers' identifiers (``SAMPLE_NO_BRAND``), link findings, and no number on the account.

Each row is a wording from the page cited beside it.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.message import Provider
from diagnose.verdict import Verdict

MYTCR = "https://mytcrplus.com/fix-tcr-error/"
SWIVEL = "https://help.swivelcrm.com/en/articles/9882792-text-campaign-troubleshooting"

# A code given as TCR's, whether the table lists it or not: TCR's, a rejected registration.
TCR_CODES = [
    (
        "TCR Code 2126: Opt-in Form Missing STOP Instructions",
        None,
        "2126",
        MYTCR + "fix-tcr-code-2126-opt-in-form-missing-stop-instructions/",
    ),
    (
        "TCR Code 2129: Attachment Missing Opt-in Form",
        None,
        "2129",
        MYTCR + "fix-tcr-code-2129-attachment-missing-opt-in-form/",
    ),
    (
        "TCR Code 3011A: CTA URL Missing or Inaccessible",
        None,
        "3011A",
        MYTCR + "fix-tcr-code-3011a-cta-url-missing-or-inaccessible",
    ),
    (
        "TCR Code 3103: Direct Lending Content Mismatch",
        None,
        "3103",
        MYTCR + "fix-tcr-code-3103-direct-lending-content-mismatch/",
    ),
    ("2125", Provider.TCR, "2125", MYTCR + "fix-tcr-code-2125-webpage-missing-opt-in-form/"),
    (
        "TCR 6011: STOP Msg Missing Confirmation Text",
        Provider.BANDWIDTH,
        "6011",
        MYTCR + "fix-tcr-code-6011-stop-msg-missing-confirmation-text/",
    ),
]


@pytest.mark.parametrize(("text", "provider", "code", "source"), TCR_CODES)
def test_a_tcr_code_reads_as_a_rejected_registration(
    text: str, provider: Provider | None, code: str, source: str
) -> None:
    err = normalise_error(text, provider)
    assert err.provider is Provider.TCR, (source, err.note)
    assert err.code == code
    assert err.verdict is Verdict.REJECTED
    assert Cause.SENDER_NOT_REGISTERED in (err.category, *err.also_category), err.note


# The words of a TCR code's finding name its cause; the registration is what it holds up.
NAMED = [
    (
        "TCR Code 5100: Opt-out Missing Brand Name",
        Cause.MISSING_BRAND_IDENTIFICATION,
        MYTCR + "fix-tcr-code-5100-opt-out-missing-brand-name",
    ),
    (
        "TCR Code 6010: STOP Msg Missing Brand Name",
        Cause.MISSING_BRAND_IDENTIFICATION,
        MYTCR + "fix-tcr-code-6010-stop-msg-missing-brand-name/",
    ),
    (
        "TCR Code 6013: Public URL Shortener Detected",
        Cause.URL_OR_LINK_FILTERING,
        MYTCR + "fix-tcr-code-6013-public-url-shortener-detected/",
    ),
    (
        "TCR Code 2100: No Opt-in Method Found",
        Cause.NO_CONSENT,
        MYTCR + "fix-tcr-code-2100-no-opt-in-method-found/",
    ),
]


@pytest.mark.parametrize(("text", "cause", "source"), NAMED)
def test_a_tcr_finding_names_its_cause(text: str, cause: Cause, source: str) -> None:
    err = normalise_error(text)
    assert (err.provider, err.category, err.verdict) == (
        Provider.TCR,
        cause,
        Verdict.REJECTED,
    ), (source, err.note)
    assert err.also_category == (Cause.SENDER_NOT_REGISTERED,)


# A review of the program's STOP/opt-out messages: never a recipient who opted out.
OPT_OUT_FLOW = [
    (
        'Your Opt-out Confirmation Message (the automated reply to "STOP") does not clearly '
        "state who the user has just unsubscribed from.",
        MYTCR + "fix-tcr-code-6010-stop-msg-missing-brand-name/",
    ),
    (
        'The automated response message sent to users when they text "STOP" does not identify '
        "the brand name.",
        MYTCR + "fix-tcr-code-5100-opt-out-missing-brand-name",
    ),
    (
        "Opt-out message must contain brand name and indicate that no further messages will be "
        "sent.",
        "https://support.telnyx.com/en/articles/10547022-10dlc-carrier-error-codes-explanations",
    ),
    (
        'Your automated response to "STOP" is ambiguous. It must explicitly state that the user '
        "has been unsubscribed and that no further messages will be sent.",
        MYTCR + "fix-tcr-code-6011-stop-msg-missing-confirmation-text/",
    ),
]


@pytest.mark.parametrize(("text", "source"), OPT_OUT_FLOW)
def test_an_opt_out_flow_finding_is_no_opted_out_recipient(text: str, source: str) -> None:
    err = normalise_error(text)
    assert err.category is not Cause.OPTED_OUT_RECIPIENT, (source, err.note)
    assert err.verdict is not Verdict.OPTED_OUT
    assert (
        err.category
        in {
            Cause.SENDER_NOT_REGISTERED,
            Cause.MISSING_BRAND_IDENTIFICATION,
        }
        or Cause.SENDER_NOT_REGISTERED in err.also_category
    ), err.note


def test_a_recipient_who_opted_out_still_reads_so() -> None:
    # https://www.twilio.com/docs/api/errors/21610
    err = normalise_error("Attempt to send to unsubscribed recipient")
    assert err.category is Cause.OPTED_OUT_RECIPIENT


# A reviewer's identifiers, read as their words (Swivel CRM's TCR troubleshooting guide).
LABELS = [
    ("SAMPLE_NO_BRAND", Cause.MISSING_BRAND_IDENTIFICATION),
    ("SAMPLE_USE_CASE_MISMATCH", Cause.SENDER_NOT_REGISTERED),
    ("SAMPLE_ONLY_OPTIN", Cause.SENDER_NOT_REGISTERED),
    ("SAMPLE_GENERIC", Cause.SENDER_NOT_REGISTERED),
    ("DESC_VAGUE", Cause.SENDER_NOT_REGISTERED),
]


@pytest.mark.parametrize(("label", "cause"), LABELS)
def test_a_review_identifier_reads_as_its_words(label: str, cause: Cause) -> None:
    err = normalise_error(label)
    assert err.category is cause, (SWIVEL, err.note)
    assert Cause.SENDER_NOT_REGISTERED in (err.category, *err.also_category)
    assert err.provider is Provider.TCR


# A verification rejected for a link in the samples: the link is the cause.
LINKS = [
    (
        "Your Toll-Free number verification was rejected because the sample message content "
        "includes links from public URL shortening services.",
        "https://smsblast.io/2026/02/19/1020-toll-free-verification-rejection-public-url-shorteners-not-allowed/",
    ),
    (
        "Your sample message includes a non-secure URL.",
        "https://www.twilio.com/docs/api/errors/30449",
    ),
    (
        "Your sample message includes a shared public URL shortener instead of a branded domain "
        "your business owns.",
        "https://www.twilio.com/docs/api/errors/30449",
    ),
    (
        "543 High Risk - Public URL Shortener - correct to branded url domain",
        "https://github.com/Bandwidth/api-docs/blob/main/site/docs/messaging/toll-free-verification/denials.mdx",
    ),
]


@pytest.mark.parametrize(("text", "source"), LINKS)
def test_a_link_finding_reads_as_the_link(text: str, source: str) -> None:
    err = normalise_error(text)
    assert err.category is Cause.URL_OR_LINK_FILTERING, (source, err.note)


# No sending number on the account at all. No public page quotes these; they are the
# shapes of the class (a platform's "buy a number" prompt), checked against look-alikes.
@pytest.mark.parametrize(
    "text",
    [
        "No numbers available in your account. Purchase a number to send messages.",
        "You don't have any phone numbers in your account",
        "Buy a number to send SMS",
    ],
)
def test_no_sending_number_on_the_account(text: str) -> None:
    assert normalise_error(text).category is Cause.ACCOUNT_OR_CONFIGURATION


def test_no_such_number_is_still_the_destination() -> None:
    assert normalise_error("No such number").category is Cause.INVALID_DESTINATION


@pytest.mark.parametrize(
    "text",
    [
        "Message blocked: number not registered for 10DLC",
        "Outbound failed: brand not registered",
        "Text failed: the campaign for this number is not registered",
    ],
)
def test_an_unregistered_sender_is_no_registry_finding(text: str) -> None:
    """A sender blocked for being unregistered is the carrier's or provider's refusal, not a
    review The Campaign Registry made: the words name the cause, not whose notice it is."""
    err = normalise_error(text)
    assert (err.provider, err.category) == (None, Cause.SENDER_NOT_REGISTERED)


def test_a_review_finding_is_still_the_registrys() -> None:
    err = normalise_error("campaign rejected: call to action incomplete")
    assert (err.provider, err.category) == (Provider.TCR, Cause.SENDER_NOT_REGISTERED)


def test_the_registrys_own_sentence_is_the_registrys_even_in_a_providers_table() -> None:
    """Twilio copies The Campaign Registry's vetting sentences into its 308xx/309xx rows:
    pasted alone, the sentence is the registry's finding; Twilio's own title or code for
    it is Twilio's."""
    from diagnose.errors.codes import lookup

    row = next(r for r in lookup("30909") if r.provider is Provider.TWILIO)
    sentence = normalise_error(row.message)
    assert (sentence.provider, sentence.category) == (Provider.TCR, Cause.SENDER_NOT_REGISTERED)
    assert normalise_error(row.name).provider is Provider.TWILIO
    assert normalise_error("30909").provider is Provider.TWILIO
