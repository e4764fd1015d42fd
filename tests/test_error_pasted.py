"""What engineers paste, read the way issue 14 asks: a table of examples and of real pastes.

The first table holds every example the issue names. The second holds errors as people
pasted them in public issue threads and as providers document them, each with its source,
so a reader change that breaks a real paste shows which one. Neither copies the outside
evaluation set (``eval/``), which stays a measure.
"""

from __future__ import annotations

import json

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.numbers import find_numbers
from diagnose.message import Provider
from diagnose.verdict import Verdict

P = Provider
C = Cause
K, U, A = "known", "unknown", "ambiguous"

# text, provider name given (FailedMessage.provider_name), status, provider, code, category
ISSUE_EXAMPLES: list[tuple[str, str | None, str, Provider | None, str | None, Cause]] = [
    # names after codes
    ("30 Spam Detected", None, K, P.PLIVO, "30", C.SPAM_LIKE_CONTENT),
    ("20 Network Error", None, K, P.PLIVO, "20", C.CARRIER_OR_NETWORK_FAILURE),
    ("450 destination country barred", None, K, P.PLIVO, "450", C.ACCOUNT_OR_CONFIGURATION),
    ("7 Number Barred", None, K, P.VONAGE, "7", C.RECIPIENT_BLOCKED),
    ("9 Partner Quota Violation", None, K, P.VONAGE, "9", C.ACCOUNT_OR_CONFIGURATION),
    # Twilio's sentences without their number
    (
        "The 'To' number +15555550123 is not a valid phone number.",
        None,
        K,
        P.TWILIO,
        "21211",
        C.INVALID_DESTINATION,
    ),
    (
        "The number +15555550123 is unverified. Trial accounts cannot send messages to "
        "unverified numbers; verify +15555550123 at twilio.com/user/account/phone-numbers/"
        "verified, or purchase a Twilio number to send messages to unverified numbers.",
        None,
        K,
        P.TWILIO,
        "21608",
        C.ACCOUNT_OR_CONFIGURATION,
    ),
    (
        "'To' number +15555550123 is not a valid mobile number",
        None,
        K,
        P.TWILIO,
        "21614",
        C.INVALID_DESTINATION,
    ),
    (
        "Attempt to send to unsubscribed recipient",
        None,
        K,
        P.TWILIO,
        "21610",
        C.OPTED_OUT_RECIPIENT,
    ),
    (
        "The concatenated message body exceeds the 1600 character limit",
        None,
        K,
        P.TWILIO,
        "21617",
        C.CONTENT_TOO_LONG_OR_ENCODING,
    ),
    ("Carrier violation", None, K, P.TWILIO, "30007", C.SPAM_LIKE_CONTENT),
    ("carrier violation", None, K, P.TWILIO, "30007", C.SPAM_LIKE_CONTENT),
    # numbers that are not codes, and a code inside a documentation link
    ("HTTP Code 400", None, A, None, None, C.ACCOUNT_OR_CONFIGURATION),
    ("StatusCode 200", None, U, None, None, C.UNKNOWN),
    ("1600 character limit", None, K, None, None, C.CONTENT_TOO_LONG_OR_ENCODING),
    (
        "See https://www.twilio.com/docs/errors/21610 for details",
        None,
        K,
        P.TWILIO,
        "21610",
        C.OPTED_OUT_RECIPIENT,
    ),
    # AWS SNS / End User Messaging providerResponse strings
    ("Blocked as spam by phone carrier", None, K, P.AWS, None, C.SPAM_LIKE_CONTENT),
    ("Phone carrier has blocked this message", None, K, P.AWS, None, C.SPAM_LIKE_CONTENT),
    ("Phone number is opted out", None, K, P.AWS, None, C.OPTED_OUT_RECIPIENT),
    ("This delivery would exceed max price", None, K, P.AWS, None, C.ACCOUNT_OR_CONFIGURATION),
    ("Unknown error attempting to reach phone", None, K, P.AWS, None, C.UNKNOWN),
    # Infobip status and error-group names
    ("UNDELIVERABLE", None, A, None, None, C.UNKNOWN),
    ("REJECTED_NETWORK", None, K, P.INFOBIP, "6", C.ACCOUNT_OR_CONFIGURATION),
    ("EC_ABSENT_SUBSCRIBER", None, K, P.INFOBIP, "27", C.UNREACHABLE_HANDSET),
    # help-desk and carrier notices
    ("SMS queue is full", None, K, None, None, C.RATE_OR_VOLUME_LIMIT),
    ("flagged as going against carrier guidelines", None, K, None, None, C.SPAM_LIKE_CONTENT),
    (
        "Free Msg: Unable to send message - Message Blocking is active",
        None,
        K,
        P.CARRIER,
        None,
        C.RECIPIENT_BLOCKED,
    ),
    # Africa's Talking is read as Africa's Talking, not as Sinch's 406 rate limit
    ("UserInBlacklist, statusCode: 406", None, K, P.AFRICAS_TALKING, "406", C.OPTED_OUT_RECIPIENT),
    # a provider the table does not cover: the words still name the cause, no owner is made up
    ("UserInBlacklist, statusCode: 406", "msg91", K, None, None, C.OPTED_OUT_RECIPIENT),
    ("Invalid phone number", "msg91", K, None, None, C.INVALID_DESTINATION),
    ("406", "msg91", U, None, "406", C.UNKNOWN),
    # "Delivery Failed" says nothing about Gladly; Bandwidth 4750 has a category
    ("Delivery Failed", None, A, None, "Delivery Failed", C.UNKNOWN),
    ("Bandwidth 4750", None, K, P.BANDWIDTH, "4750", C.RECIPIENT_BLOCKED),
    # TCR campaign rejection reasons
    ("Prohibited Content; Cannabis", None, K, P.TCR, "701", C.SENDER_NOT_REGISTERED),
    ("Missing opt-out language", None, K, P.TCR, None, C.SENDER_NOT_REGISTERED),
    # JSON and log fragments
    ('{"error_code": 30007}', None, K, P.TWILIO, "30007", C.SPAM_LIKE_CONTENT),
    ("errorCode=4770", None, K, P.BANDWIDTH, "4770", C.SPAM_LIKE_CONTENT),
    (
        "providerResponse: Phone is currently unreachable/unavailable",
        None,
        K,
        P.AWS,
        None,
        C.UNREACHABLE_HANDSET,
    ),
    # free text that names a cause, with no provider at all
    ("unreachable handset", None, K, None, None, C.UNREACHABLE_HANDSET),
]


@pytest.mark.parametrize(
    ("text", "provider_name", "status", "provider", "code", "category"), ISSUE_EXAMPLES
)
def test_issue_examples(
    text: str,
    provider_name: str | None,
    status: str,
    provider: Provider | None,
    code: str | None,
    category: Cause,
) -> None:
    err = normalise_error(text, provider_name=provider_name)
    assert (err.status, err.provider, err.category) == (status, provider, category), err.note
    if code is not None:
        assert err.code == code, err.note
    assert err.note.endswith(".")


# text, provider given, provider name given, provider, category, code, source
PUBLIC_PASTES: list[
    tuple[str, Provider | None, str | None, Provider | None, Cause, str | None, str]
] = [
    (
        "<RestException><Code>21610</Code><Message>The message From/To pair violates a blacklist"
        " rule.</Message><MoreInfo>https://www.twilio.com/docs/errors/21610</MoreInfo>"
        "<Status>400</Status></RestException>",
        None,
        None,
        P.TWILIO,
        C.OPTED_OUT_RECIPIENT,
        "21610",
        "https://github.com/twilio/twilio-csharp/issues/231",
    ),
    (
        "Twilio::REST::RequestError - The message From/To pair violates a blacklist rule.",
        None,
        None,
        P.TWILIO,
        C.OPTED_OUT_RECIPIENT,
        "21610",
        "https://github.com/codeforamerica/balance/issues/266",
    ),
    (
        '{ $.delivery.providerResponse = "Blocked as spam by phone carrier" }',
        None,
        None,
        P.AWS,
        C.SPAM_LIKE_CONTENT,
        None,
        "https://github.com/cds-snc/notification-terraform/pull/241",
    ),
    (
        "Destination is blacklisted",
        P.AWS,
        None,
        P.AWS,
        C.RECIPIENT_BLOCKED,
        None,
        "https://github.com/aws/aws-sdk-js/issues/3133",
    ),
    (
        "('Phone number does not exist', 'The provider could not deliver the message because the "
        "phone number was wrong.')",
        None,
        "GOV.UK Notify",
        None,
        C.INVALID_DESTINATION,
        None,
        "https://github.com/alphagov/notifications-admin/pull/3471",
    ),
    (
        '{"message-count": "1", "messages": [{"to": "447700900000", "message-id": '
        '"0C000000217B7F02", "status": "0", "remaining-balance": "15.53590000", '
        '"message-price": "0.03330000", "network": "23410"}]}',
        None,
        None,
        P.VONAGE,
        C.UNKNOWN,  # status 0: accepted, not an error; if it did not arrive, nobody says why
        "0",
        "https://developer.vonage.com/messaging/sms/guides/troubleshooting-sms",
    ),
    (
        "63017: Rate limit exceeded. Your account or subaccounts are sending messages at a "
        "higher combined rate than 2000 messages-per-second.",
        None,
        None,
        P.TWILIO,
        C.RATE_OR_VOLUME_LIMIT,
        "63017",
        "https://www.twilio.com/docs/api/errors/63017",
    ),
    (
        "Error 806: Unable to verify CTA information - Description: The call-to-action (CTA) is "
        "inaccurate and does not specify where customers opt in",
        None,
        None,
        P.TCR,
        C.SENDER_NOT_REGISTERED,
        "806",
        "https://kb.phonespeak.com/article/why-is-my-10dlc-campaign-declinedrejected",
    ),
    # Bandwidth's toll-free verification webhook: the denial code in its own field, and the
    # denial table as the docs print it (a row of the Markdown table pasted whole).
    (
        '{"phoneNumber": "+18005550100", "status": "UNVERIFIED", "denialStatusCode": 548, '
        '"denialReasonDescription": "Opt-in - Not sufficient for campaign type - Express Consent '
        'Required - Eligible for Resubmission"}',
        None,
        None,
        P.BANDWIDTH,
        C.SENDER_NOT_REGISTERED,
        "548",
        "https://github.com/Bandwidth/api-docs/blob/main/site/docs/messaging/toll-free-verification/webhooks.mdx",
    ),
    (
        "|534                     | Disallowed Content - Cryptocurrency - Not Eligible for "
        "Resubmission |",
        None,
        None,
        P.BANDWIDTH,
        C.SENDER_NOT_REGISTERED,
        "534",
        "https://github.com/Bandwidth/api-docs/blob/main/site/docs/messaging/toll-free-verification/denials.mdx",
    ),
    (
        "1101 | Business Information Issues | Business Email Address Must Use an Official Domain"
        " | Eligible for Resubmission",
        None,
        None,
        P.BANDWIDTH,
        C.SENDER_NOT_REGISTERED,
        "1101",
        "https://www.bandwidth.com/support/en/articles/12823242-toll-free-verification-rejection-reasons",
    ),
    (
        # a 10DLC campaign finding relayed by a CRM the table does not cover: the registry's
        # finding, the CRM's error, and the finding names its cause (as it does when no
        # provider is named)
        "SAMPLE_NO_BRAND | Sample messages do not include your registered business name",
        None,
        "Swivel CRM",
        None,
        C.MISSING_BRAND_IDENTIFICATION,
        None,
        "https://help.swivelcrm.com/en/articles/9882792-text-campaign-troubleshooting",
    ),
]


@pytest.mark.parametrize(
    ("text", "given", "name", "provider", "category", "code", "source"),
    PUBLIC_PASTES,
    ids=[s for *_, s in PUBLIC_PASTES],
)
def test_real_pastes(
    text: str,
    given: Provider | None,
    name: str | None,
    provider: Provider | None,
    category: Cause,
    code: str | None,
    source: str,
) -> None:
    err = normalise_error(text, given, provider_name=name)
    assert (err.provider, err.category) == (provider, category), f"{source}: {err.note}"
    if code is not None:
        assert err.code == code, err.note


@pytest.mark.parametrize(
    ("text", "not_codes"),
    [
        ("HTTP 400 error: Unable to create record", {"400"}),
        ("HTTP/1.1 429 Too Many Requests", {"429", "1"}),
        ("Status: 503 Service Unavailable", {"503"}),
        ("StatusCode: 200, but the text never arrived", {"200"}),
        ("The message exceeds the 1600 character limit", {"1600"}),
        ("Body is 480 characters, 4 segments", {"480", "4"}),
        ("Max price 0.0075 USD, cost $0.05", {"0", "0075", "05"}),
        ("Sent 1200 messages in 3 minutes, retried 5 times", {"1200", "3", "5"}),
        ("Failed on 2024-01-31 at 10:30 to +1 555 123 4567", {"2024", "01", "31", "10", "30"}),
        ("Campaign ID: 30946, Message SID: SM29cd94", {"30946"}),
        ("at com.twilio.rest.MessageCreator.create(MessageCreator.java:333)", {"333"}),
        ("limit of 500 daily, 1000 weekly, or 2,000 monthly", {"500", "1000", "2"}),
    ],
)
def test_numbers_that_are_not_codes_never_become_the_code(text: str, not_codes: set[str]) -> None:
    err = normalise_error(text)
    assert err.code not in not_codes, err.note
    taken = {n.value for n in find_numbers(text) if n.role in ("keyed", "bare", "whole", "link")}
    assert not taken & not_codes


def test_several_readings_are_kept_ranked() -> None:
    err = normalise_error("9")
    assert err.status == "ambiguous" and len(err.readings) >= 5
    scores = [r.score for r in err.readings]
    assert scores == sorted(scores, reverse=True)
    assert all(r.evidence for r in err.readings)
    err = normalise_error("Error 30007: Message filtered")
    assert err.readings[0].info is err.info and err.readings[0].spans


def test_verdicts() -> None:
    assert normalise_error("30007").verdict is Verdict.FILTERED
    assert normalise_error("21610").verdict is Verdict.OPTED_OUT
    assert normalise_error("HTTP 429").verdict is Verdict.REJECTED
    assert normalise_error("Delivery Failed").verdict is Verdict.UNKNOWN
    assert normalise_error("TEXT_DELIVERED").verdict is Verdict.NONE
    assert normalise_error("").verdict is Verdict.NONE


def test_a_given_provider_decides_whose_code_it_is() -> None:
    assert normalise_error("406", P.AFRICAS_TALKING).category is C.OPTED_OUT_RECIPIENT
    assert normalise_error("406", P.SINCH).category is C.RATE_OR_VOLUME_LIMIT
    # another provider's wording still names the cause, for the provider given
    err = normalise_error("Phone number is opted out", P.TWILIO)
    assert (err.provider, err.category, err.code) == (P.TWILIO, C.OPTED_OUT_RECIPIENT, None)
    # a registry's notice relayed through the provider given: that provider's, the registry
    # named in the note
    err = normalise_error("Prohibited Content; Cannabis", P.BANDWIDTH)
    assert err.provider is P.BANDWIDTH and "Campaign Registry" in err.note


# A phone app's or a carrier's own notice: whose it is when it is named (or marked), and
# nobody's when its words are every app's.
NOTICES: list[tuple[str, Provider | None, Provider | None, Cause, str]] = [
    (
        "Message not sent",
        P.GOOGLE_VOICE,
        P.GOOGLE_VOICE,
        C.RATE_OR_VOLUME_LIMIT,
        "https://github.com/Brismuth-Apps-LLC/bulk-texter-lite/issues/31",
    ),
    (
        "Message not sent",
        None,
        None,
        C.UNKNOWN,
        "https://github.com/Brismuth-Apps-LLC/bulk-texter-lite/issues/31",
    ),
    (
        "Google Voice bulk texter v1.3.2:\nText failed. You can find support resources by opening"
        ' the Google Voice Bulk Texter popup and clicking "Get Help" at the bottom.\n\nError: '
        '"confirmSent" failed.',
        None,
        P.GOOGLE_VOICE,
        C.RATE_OR_VOLUME_LIMIT,
        "https://github.com/Brismuth-Apps-LLC/bulk-texter-lite/issues/127",
    ),
    (
        "You've reached the limit for sending messages",
        P.GOOGLE_VOICE,
        P.GOOGLE_VOICE,
        C.RATE_OR_VOLUME_LIMIT,
        "https://support.google.com/voice/answer/115116",
    ),
    (
        "Free Message: unable to send a message - message blocking is active.",
        None,
        P.CARRIER,
        C.RECIPIENT_BLOCKED,
        "https://appuals.com/how-to-fix-free-message-unable-to-send-message-message-blocking-is-active-error-while-messaging",
    ),
    (
        "Service access denied",
        None,
        P.CARRIER,
        C.RECIPIENT_BLOCKED,
        "https://www.hssd.net/cms/One.aspx?portalId=365629&pageId=3031269",
    ),
]


@pytest.mark.parametrize(
    ("text", "given", "provider", "category", "source"),
    NOTICES,
    ids=[f"{g}-{s}" for _, g, _, _, s in NOTICES],
)
def test_an_apps_or_carriers_notice(
    text: str, given: Provider | None, provider: Provider | None, category: Cause, source: str
) -> None:
    err = normalise_error(text, given)
    assert (err.provider, err.category) == (provider, category), f"{source}: {err.note}"


# A 10DLC vetting finding, pasted where the sender registered (AWS, a CRM, a reseller): the
# finding is The Campaign Registry's, which the provider given relays (whose error it is for
# the engineer, the registry named in the note); with nobody given, the registry's own. A
# toll-free verification finding is not the registry's.
VETTING_FINDINGS: list[tuple[str, Provider | None, str | None, Provider | None, str]] = [
    (
        "The campaign has been rejected twice with Opt-in process not compliant or opt-in is "
        "not explicit, Opt-out details are unclear, Campaign subscriber HELP issues.",
        P.AWS,
        None,
        P.AWS,
        "https://www.repost.aws/es/questions/QUF0cbo63kTQmm_VExIWnupg/guidelines-for-registering-10dlc-campaign",
    ),
    # AWS's own ENUM is AWS's mark: the code row is AWS's, whoever vetted the brand.
    (
        "BRAND_EMAIL_PUBLIC_DOMAIN",
        P.AWS,
        None,
        P.AWS,
        "https://docs.aws.amazon.com/sms-voice/latest/userguide/registration-help-rejection-troubleshooting.html",
    ),
    (
        "Campaign vetting rejection - Opt-in Error",
        P.AWS,
        None,
        P.AWS,
        "https://www.twilio.com/docs/api/errors/30896",
    ),
    (
        "Rejection Reason: Insufficient opt-in method description; Implied/shared consent "
        "(must be 1:1)",
        None,
        "LinkedIP",
        None,
        "https://support.linkedip.com/hc/en-us/articles/35601693000845-Campaign-Rejections",
    ),
    (
        "Your Toll-Free number verification was rejected because the opt-in language or consent "
        "method does not align with the messaging use case submitted for review.",
        P.AWS,
        None,
        P.AWS,
        "https://smsblast.io/?p=1137",
    ),
]


@pytest.mark.parametrize(
    ("text", "given", "name", "provider", "source"),
    VETTING_FINDINGS,
    ids=[s for *_, s in VETTING_FINDINGS],
)
def test_a_vetting_finding_is_the_registrys_whoever_relayed_it(
    text: str, given: Provider | None, name: str | None, provider: Provider | None, source: str
) -> None:
    err = normalise_error(text, given, provider_name=name)
    assert (err.provider, err.category) == (provider, C.SENDER_NOT_REGISTERED), (
        f"{source}: {err.note}"
    )


@pytest.mark.parametrize(
    "text", ["500", "Error 500", "status 503", "HTTP 502 Bad Gateway", "error 511", "code 1001"]
)
def test_a_denial_code_is_read_only_from_its_own_field_or_beside_its_text(text: str) -> None:
    # Bandwidth's toll-free verification denials (500-1103) share their numbers with HTTP
    # statuses and other providers' codes: the number alone is never one of them.
    err = normalise_error(text, P.BANDWIDTH)
    assert err.info is None or err.info.kind != "tfv_denial", err.note


def test_uncached_readings_of_many_codes_each_find_their_own_code() -> None:
    # Per-call cost (no scan of every row's texts) is measured in
    # benchmarks/bench_pathological.py, not asserted here.
    from diagnose.errors.normalise import _normalise

    texts = [f"Error {30000 + i}: something went wrong with message {i}" for i in range(300)]
    for i, text in enumerate(texts):
        err = _normalise(text, None, None)
        assert err.code in (None, str(30000 + i)), (text, err.code)


def test_json_without_spaces_and_field_names_before_the_error() -> None:
    err = normalise_error('{"status":"Failed","code":402}')
    assert err.code == "402" and {c.provider for c in err.candidates} >= {P.SINCH}
    assert normalise_error('{"status":"Failed","code":402}', P.SINCH).category is (
        C.INVALID_DESTINATION
    )
    assert normalise_error("Reason: Carrier Rejected").provider is P.BIRD


def test_common_words_name_no_provider() -> None:
    err = normalise_error("the delivery failed again today")
    assert (err.provider, err.category, err.code) == (None, C.UNKNOWN, None)
    err = normalise_error("Message blocked by carrier")
    assert (err.provider, err.category) == (None, C.RECIPIENT_BLOCKED)


def test_a_long_log_is_read_at_both_ends() -> None:
    # Linear time on long logs is measured in benchmarks/bench_pathological.py.
    line = "2024-01-31 10:30:00 INFO sending to +15555550123 status=queued id=SMabc123\n"
    log = line * 2000 + "ERROR ErrorCode=30007 Message filtered\n"
    err = normalise_error(log)
    assert (err.code, err.category) == ("30007", C.SPAM_LIKE_CONTENT)
    for text in ("1 " * 100_000, "30007 " * 30_000, "Code: 9, " * 20_000):
        json.dumps(normalise_error(text).to_dict())
