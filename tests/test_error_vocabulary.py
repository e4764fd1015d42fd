"""Plain-word causes and identifier-style names, read from providers' own wordings.

Each wording is copied from a provider's published error list or a public thread (the URL
beside it) and is not one of the frozen outside cases: they test that a *kind* of wording
is read (money run out, flooding, DND, a sender the account does not know, a trial
account, an identifier such as ``LOW_WALLET_BALANCE`` or ``TooManyRequestsException``),
not one message. None of these providers is in the table.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.cues import cause_phrases
from diagnose.errors.words import plain_words

C = Cause
KALEYRA = "https://developers.kaleyra.io/docs/sms-status-and-status-trace-codes"
ZIXFLOW = "https://docs.zixflow.com/api-reference/zixflow-ai/error-codes"
EIGHT_X_EIGHT = "https://developer.8x8.com/connect/docs/delivery-receipts-error-codes"
BUDGETSMS = "https://budgetsms.net/sms-http-api/error-code"
WEBIO = "https://knowledge.webio.com/portal/en/kb/articles/sms-outcomes"
JAVNA = "https://developers.javna.com/reference/failed-delivery-error-codes-and-messages"
EXOTEL = "https://developer.exotel.com/docs/sms-api/api-reference/status-codes"

WORDINGS: list[tuple[str, Cause, str]] = [
    # the account's money ran out
    ("NO-CREDITS Insufficient credits.", C.ACCOUNT_OR_CONFIGURATION, KALEYRA),
    (
        "Insufficient wallet balance to process the transaction",
        C.ACCOUNT_OR_CONFIGURATION,
        ZIXFLOW,
    ),
    ("Source credit insufficiency", C.ACCOUNT_OR_CONFIGURATION, EIGHT_X_EIGHT),
    # flooding and throttling
    (
        '{"code": 60, "message": "Anti-flooding error", "details": null}',
        C.RATE_OR_VOLUME_LIMIT,
        "https://docs.namirial.app/products/sms/enterprise-documentation/products-and-modules/"
        "sms-gateway/smsgw-anti-flooding",
    ),
    ("Throttling error", C.RATE_OR_VOLUME_LIMIT, EIGHT_X_EIGHT),
    (
        "rejected with an error code of 5020 (the flooding filter)",
        C.RATE_OR_VOLUME_LIMIT,
        "https://thesmsworks.co.uk/blog/sms-flooding-filter/",
    ),
    # do not disturb
    (
        "Message rejected due to user`s subscription to DND (Do Not Disturb) services",
        C.RECIPIENT_BLOCKED,
        JAVNA,
    ),
    ("CON-DND The Contact is marked as DND.", C.RECIPIENT_BLOCKED, KALEYRA),
    ("DND-NUMB DND registered number.", C.RECIPIENT_BLOCKED, KALEYRA),
    # the destination is not a number
    ("Destination is not numeric", C.INVALID_DESTINATION, BUDGETSMS),
    ("The recipient number is invalid.", C.INVALID_DESTINATION, ZIXFLOW),
    ("KLR-INV-NUMBER The recipient mobile number is invalid.", C.INVALID_DESTINATION, KALEYRA),
    # the sender, the credentials or the region are the account's to fix
    ("ESME EXTERNAL ERROR - Invalid source address", C.ACCOUNT_OR_CONFIGURATION, WEBIO),
    ("Invalid source address", C.ACCOUNT_OR_CONFIGURATION, EIGHT_X_EIGHT),
    (
        "Aborted - Unprovisioned region - SMSC rejected the message. The account has not been "
        "provisioned for this region.",
        C.ACCOUNT_OR_CONFIGURATION,
        WEBIO,
    ),
    ("Identification failed. Wrong credentials", C.ACCOUNT_OR_CONFIGURATION, BUDGETSMS),
    ("NOT-ALLOWED Country not enabled.", C.ACCOUNT_OR_CONFIGURATION, KALEYRA),
    (
        "Trial accounts can only send to verified numbers.",
        C.ACCOUNT_OR_CONFIGURATION,
        "https://www.telphiconsulting.com/blog/twilio-error-21219",
    ),
    # the recipient opted out, said in words
    ("OUTPUT-REJ Unsubscribed from the group.", C.OPTED_OUT_RECIPIENT, KALEYRA),
    (
        "OPT-OUT Message cannot be sent. Because the recipient has opted-out.",
        C.OPTED_OUT_RECIPIENT,
        KALEYRA,
    ),
]

# Identifiers: constants and classes whose words name the cause.
IDENTIFIERS: list[tuple[str, Cause, str]] = [
    ("LOW_WALLET_BALANCE", C.ACCOUNT_OR_CONFIGURATION, ZIXFLOW),
    ("INVALID_RECIPIENT_NUMBER", C.INVALID_DESTINATION, ZIXFLOW),
    ("FAILED_INVALID_NUMBER", C.INVALID_DESTINATION, EXOTEL),
    ("FAILED_SPAM", C.SPAM_LIKE_CONTENT, EXOTEL),
    (
        "PhoneNumberInvalid",
        C.INVALID_DESTINATION,
        "https://developer.ebay.com/devzone/merchant-data/CallRef/types/"
        "SMSSubscriptionErrorCodeCodeType.html",
    ),
    (
        "VoodooSMS::Error::NotEnoughCredit",
        C.ACCOUNT_OR_CONFIGURATION,
        "https://www.rubydoc.info/gems/voodoo_sms/VoodooSMS/Error/NotEnoughCredit",
    ),
]


@pytest.mark.parametrize(("text", "cause", "source"), WORDINGS + IDENTIFIERS)
def test_a_providers_wording_names_its_cause(text: str, cause: Cause, source: str) -> None:
    err = normalise_error(text)
    assert err.category is cause, (text, err.note, source)


def test_identifiers_are_split_into_their_words() -> None:
    assert plain_words("TooManyRequestsException") == "too many requests exception"
    assert plain_words("BAD_CALLER_ID invalid_dst") == "bad caller id invalid dst"
    assert plain_words("iPhone SMSMessageData") == "iphone sms message data"


@pytest.mark.parametrize(
    ("norm", "first"),
    [
        # money beats the generic "limit reached" a rate limit also says
        ("monthly spend limit reached", C.ACCOUNT_OR_CONFIGURATION),
        ("daily message limit reached", C.RATE_OR_VOLUME_LIMIT),
        # a prepaid line out of credit is the recipient's, not the sender's account
        ("sending to prepaid at t numbers out of credit", C.RECIPIENT_BLOCKED),
        ("account out of credit", C.ACCOUNT_OR_CONFIGURATION),
        # a missing brand name is the finding, whatever else the line says
        ("opt out missing brand name", C.MISSING_BRAND_IDENTIFICATION),
        ("missing opt out language", C.MISSING_OPT_OUT_LANGUAGE),
        # the sender's number unknown is the account's; the recipient's is the destination's
        ("phone number not found", C.ACCOUNT_OR_CONFIGURATION),
        ("destination phone number not found", C.INVALID_DESTINATION),
        ("invalid source address", C.ACCOUNT_OR_CONFIGURATION),
        ("invalid destination address", C.INVALID_DESTINATION),
    ],
)
def test_the_most_specific_cause_comes_first(norm: str, first: Cause) -> None:
    found = cause_phrases(norm)
    assert found and found[0].cause is first, [(c.cause.value, c.words) for c in found]
