"""Registration and API errors read as their owners' (issue 14): real wordings, sources beside.

A registry's finding in words (the contact is not a person, the website does not match the
brand, the EIN does not match the IRS record) is The Campaign Registry's vetting whichever
provider relayed it; an identifier only one provider publishes (AWS's ``BRAND_MULTI_USE``,
Sinch's ``unknown_campaign``) is that provider's, with or without its words beside it.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors.normalise import normalise_error
from diagnose.message import Provider

P = Provider
C = Cause

RALLY = "https://help.rallycorp.com/en/articles/14039126-why-was-my-messaging-campaign-registration-denied"
GODADDY = "https://godaddy.com/help/common-business-registration-rejection-reasons-and-how-to-fix-them-42069"
KYRIOS = "https://help.kyriossystems.com/en/articles/13575071-a2p-registration-troubleshooting-and-rejections-sms"

# Brand and campaign vetting findings as the reviewers word them (no code anywhere).
WORDED_FINDINGS: list[tuple[str, str]] = [
    (
        'The contact name provided is "Helping Hands Nonprofit." This field must include the '
        "first and last name of an actual person representing the organization.",
        RALLY,
    ),
    ("The contact email provided does not match the business information for the campaign.", RALLY),
    ("The website URL could not be verified", GODADDY),
    ("Legal business name and/or EIN mismatch", GODADDY),
    ("Website terms of service and privacy policy are not present or is not acceptable", GODADDY),
    ("Website URL does not match your business or brand information", GODADDY),
    ("Your business does not qualify to register without an EIN", GODADDY),
    ("The Legal Business Name does not exactly match IRS Form CP 575.", KYRIOS),
    ("Address does not match tax records or is not a valid physical location.", KYRIOS),
    ("Incorrect EIN entered or unsupported ID type used.", KYRIOS),
    ("Business Profile information does not match carrier records.", KYRIOS),
    ("Campaign description does not align with sample messages or website content.", KYRIOS),
]


@pytest.mark.parametrize(
    ("text", "source"), WORDED_FINDINGS, ids=[t[:40] for t, _ in WORDED_FINDINGS]
)
@pytest.mark.parametrize("given", [None, P.AWS], ids=["no-provider", "via-aws"])
def test_a_vetting_finding_in_words_is_the_registrys(
    text: str, source: str, given: Provider | None
) -> None:
    # the registry's finding; a provider given relays it, and the error is that provider's
    # for the engineer who pasted it (as the outside sets' writers read such pastes)
    err = normalise_error(text, given)
    assert (err.provider, err.category) == (given or P.TCR, C.SENDER_NOT_REGISTERED), (
        f"{source}: {err.note}"
    )
    assert "Campaign Registry" in err.note


# Codes only their provider publishes, pasted as its docs or API show them.
CODED: list[tuple[str, Provider | None, Provider, str, Cause, str]] = [
    (
        "Brand multi-use BRAND_MULTI_USE The same Employer Identification Number (EIN) is used "
        "for multiple brands.",
        None,
        P.AWS,
        "BRAND_MULTI_USE",
        C.SENDER_NOT_REGISTERED,
        "https://docs.aws.amazon.com/sms-voice/latest/userguide/registration-help-rejection-troubleshooting.html",
    ),
    (
        "BRAND_EMAIL_PUBLIC_DOMAIN",
        P.AWS,
        P.AWS,
        "BRAND_EMAIL_PUBLIC_DOMAIN",
        C.SENDER_NOT_REGISTERED,
        "https://docs.aws.amazon.com/sms-voice/latest/userguide/registration-help-rejection-troubleshooting.html",
    ),
    (
        "| 403 | `unknown_campaign` | The campaign ID does not match the specified originator. |",
        None,
        P.SINCH,
        "unknown_campaign",
        C.SENDER_NOT_REGISTERED,
        "https://github.com/sinch/docs/blob/fe13a9bf7e5a3b2c2e2dd3d486e044162e75160d/docs/sms/sms-guide.md",
    ),
    (
        "Campaign not available from TCR. Check the campaignId provided and ensure Sinch has "
        "been selected as the Direct Connection Aggregator (DCA).",
        None,
        P.SINCH,
        "CAMPAIGN_NOT_AVAILABLE",
        C.SENDER_NOT_REGISTERED,
        "https://developers.sinch.com/docs/numbers/api-reference/error-codes/provisioning-errors",
    ),
    (
        "{ [Error: api error] errors: [ { code: 2, description: 'Request not allowed (incorrect "
        "access_key)', parameter: 'access_key' } ] }",
        None,
        P.BIRD,
        "2",
        C.ACCOUNT_OR_CONFIGURATION,
        "https://github.com/messagebird/messagebird-nodejs/blob/master/README.md",
    ),
    (
        "no (correct) recipients found. Note: during your test period you can only send "
        "messages to your own number (31612345678). (code: 9, parameter: recipient)",
        None,
        P.BIRD,
        "9",
        C.ACCOUNT_OR_CONFIGURATION,
        "https://github.com/messagebird/messagebird-nodejs/issues/104",
    ),
    (
        "no (correct) recipients found. Note: during your test period you can only send "
        "messages to yourself.",
        None,
        P.BIRD,
        "no (correct) recipients found (test period)",
        C.ACCOUNT_OR_CONFIGURATION,
        "https://github.com/messagebird/php-rest-api/issues/21",
    ),
]


@pytest.mark.parametrize(
    ("text", "given", "provider", "code", "category", "source"),
    CODED,
    ids=[c for _, _, _, c, _, _ in CODED],
)
def test_a_code_only_its_provider_publishes_is_that_providers(
    text: str, given: Provider | None, provider: Provider, code: str, category: Cause, source: str
) -> None:
    err = normalise_error(text, given)
    assert (err.provider, err.code, err.category) == (provider, code, category), (
        f"{source}: {err.note}"
    )


def test_a_toll_free_finding_in_the_same_words_is_not_the_registrys() -> None:
    # GoDaddy's 10DLC wording with a toll-free subject put before it: a review of a toll-free
    # number is the provider's verification, not The Campaign Registry's.
    err = normalise_error("Toll-free verification: The website URL could not be verified", P.AWS)
    assert err.category is C.SENDER_NOT_REGISTERED
    assert err.provider is not P.TCR
