"""The canonical causes of a failed SMS: stable ids and what a support engineer should know.

The ids are an API (JSON output, saved reports, model labels); never rename one, add an alias.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Cause(StrEnum):
    """Stable id of one canonical cause."""

    OPTED_OUT_RECIPIENT = "opted_out_recipient"
    MISSING_OPT_OUT_LANGUAGE = "missing_opt_out_language"
    MISSING_BRAND_IDENTIFICATION = "missing_brand_identification"
    NO_CONSENT = "no_consent"
    PROHIBITED_CONTENT = "prohibited_content"
    URL_OR_LINK_FILTERING = "url_or_link_filtering"
    SPAM_LIKE_CONTENT = "spam_like_content"
    SENDER_NOT_REGISTERED = "sender_not_registered"
    SENDER_BLOCKED = "sender_blocked"
    RECIPIENT_BLOCKED = "recipient_blocked"
    RATE_OR_VOLUME_LIMIT = "rate_or_volume_limit"
    FRAUD_PROTECTION_BLOCK = "fraud_protection_block"
    INVALID_DESTINATION = "invalid_destination"
    UNREACHABLE_HANDSET = "unreachable_handset"
    CARRIER_OR_NETWORK_FAILURE = "carrier_or_network_failure"
    CONTENT_TOO_LONG_OR_ENCODING = "content_too_long_or_encoding"
    ACCOUNT_OR_CONFIGURATION = "account_or_configuration"
    UNKNOWN = "unknown"


#: Old or alternative names people (and the reference tables) use; resolved on input only.
CAUSE_ALIASES: dict[str, Cause] = {
    "proactive_without_relationship": Cause.NO_CONSENT,
}


class Actor(StrEnum):
    """Who can act on a cause."""

    SENDER = "sender"
    RECIPIENT = "recipient"
    CARRIER = "carrier"
    PROVIDER_SUPPORT = "provider_support"


#: Causes that are about the message or its consent, i.e. what a compliance review can fix.
COMPLIANCE_CAUSES: frozenset[Cause] = frozenset(
    {
        Cause.MISSING_OPT_OUT_LANGUAGE,
        Cause.MISSING_BRAND_IDENTIFICATION,
        Cause.NO_CONSENT,
        Cause.PROHIBITED_CONTENT,
        Cause.URL_OR_LINK_FILTERING,
        Cause.SPAM_LIKE_CONTENT,
    }
)


@dataclass(frozen=True, slots=True)
class CauseInfo:
    """What a support engineer needs to know about one cause."""

    cause: Cause
    title: str
    explanation: str
    who_can_act: tuple[Actor, ...]
    retryable: bool
    fix: str

    def to_dict(self) -> dict[str, object]:
        return {
            "cause": self.cause.value,
            "title": self.title,
            "explanation": self.explanation,
            "who_can_act": [a.value for a in self.who_can_act],
            "retryable": self.retryable,
            "fix": self.fix,
        }


def _info(
    cause: Cause,
    title: str,
    explanation: str,
    who: tuple[Actor, ...],
    retryable: bool,
    fix: str,
) -> CauseInfo:
    return CauseInfo(cause, title, explanation, who, retryable, fix)


S, R, C, P = Actor.SENDER, Actor.RECIPIENT, Actor.CARRIER, Actor.PROVIDER_SUPPORT

CAUSES: dict[Cause, CauseInfo] = {
    i.cause: i
    for i in (
        _info(
            Cause.OPTED_OUT_RECIPIENT,
            "Recipient opted out",
            "The recipient replied STOP (or another opt-out keyword, or asked in plain words) "
            "to this sender. Carriers and providers refuse further messages until the "
            "recipient opts back in from the same number.",
            (R,),
            False,
            "Stop sending to this number. Only the recipient can re-subscribe, by texting "
            "START (or UNSTOP / YES) to the same sender number.",
        ),
        _info(
            Cause.MISSING_OPT_OUT_LANGUAGE,
            "Missing opt-out language",
            "First, proactive, automated and IVR-to-SMS messages must tell the recipient how to "
            "opt out with a standard keyword such as STOP. Carrier filters and regulators look "
            "for it; messages without it are filtered more often.",
            (S,),
            True,
            "Add a standard opt-out instruction with the keyword as its own word, e.g. "
            "'Reply STOP to opt out.'",
        ),
        _info(
            Cause.MISSING_BRAND_IDENTIFICATION,
            "Business not identified",
            "The first message to a recipient must name the business or program sending it, "
            "so the recipient knows who they consented to. Anonymous messages look like spam.",
            (S,),
            True,
            "Start the message with the business name, e.g. 'Acme: ...' or 'Thanks for "
            "contacting Acme.'",
        ),
        _info(
            Cause.NO_CONSENT,
            "No consent for this message",
            "A business-initiated message went to someone who never opted in or texted first, "
            "or the consent they gave does not cover this kind of message (marketing needs "
            "express written consent; proactive SMS is not a marketing tool).",
            (S,),
            False,
            "Only send proactive messages to recipients with documented opt-in for this kind of "
            "message; move marketing to a tool and campaign with express written consent.",
        ),
        _info(
            Cause.PROHIBITED_CONTENT,
            "Prohibited content",
            "The content falls in a category US carriers forbid or restrict (SHAFT: sex, hate, "
            "alcohol, firearms, tobacco; cannabis/CBD; gambling; high-risk financial; lead "
            "generation; phishing). Filters block it regardless of consent.",
            (S,),
            False,
            "Remove the restricted content. Age-gated or regulated programs need their own "
            "registered campaign with the right attributes.",
        ),
        _info(
            Cause.URL_OR_LINK_FILTERING,
            "Link triggers carrier filters",
            "A link in the body is filtered: public URL shorteners (bit.ly, tinyurl, ...) are "
            "shared with spammers and blocked by carriers; raw IP addresses and look-alike "
            "domains read as phishing.",
            (S,),
            True,
            "Use full links on a domain you own that matches the brand named in the message "
            "(or a branded short domain).",
        ),
        _info(
            Cause.SPAM_LIKE_CONTENT,
            "Filtered as spam",
            "A carrier or provider content filter judged the message unwanted. Filters are "
            "opaque: the verdict rests on content style (caps, punctuation, prize language), "
            "sender reputation and volume, and small wording changes can flip it.",
            (S, P),
            True,
            "Remove spam-like style, make sure the message identifies the brand and carries "
            "opt-out language, and check consent and registration. If nothing stands out, "
            "open a ticket with the provider quoting the message id.",
        ),
        _info(
            Cause.SENDER_NOT_REGISTERED,
            "Sender not registered",
            "The sending number or ID lacks a required registration or verification "
            "(US A2P 10DLC brand and campaign, toll-free verification, short-code provisioning, "
            "alphanumeric sender ID registration), or it is pending, suspended or rejected.",
            (S, P),
            False,
            "Complete or fix the registration for this sender (10DLC campaign, toll-free "
            "verification) and wait for approval before sending.",
        ),
        _info(
            Cause.SENDER_BLOCKED,
            "Sender blocked",
            "The sending number, short code or sender ID is block-listed by a carrier or the "
            "provider, usually after spam complaints or non-compliant traffic.",
            (S, P, C),
            False,
            "Stop the traffic that caused the block, fix the content and consent, and appeal "
            "through the provider; a clean new sender may be needed.",
        ),
        _info(
            Cause.RECIPIENT_BLOCKED,
            "Recipient's line blocks this traffic",
            "The recipient's carrier or account bars this traffic (short-code block, "
            "do-not-disturb registry, prepaid out of credit, age restriction), not an opt-out "
            "to this sender.",
            (R, C),
            False,
            "Ask the recipient to check their carrier settings or plan; reach them by another "
            "channel meanwhile.",
        ),
        _info(
            Cause.RATE_OR_VOLUME_LIMIT,
            "Rate or volume limit",
            "Throughput, queue, daily-cap or flood limits were hit (e.g. T-Mobile's daily 10DLC "
            "cap), or the message expired waiting in a queue.",
            (S,),
            True,
            "Slow down and spread sends within the sender's throughput; retry after the window "
            "resets; raise limits through registration if volume is legitimate.",
        ),
        _info(
            Cause.FRAUD_PROTECTION_BLOCK,
            "Blocked by fraud protection",
            "The provider's anti-fraud system (SMS pumping / artificial traffic inflation) "
            "blocked the message or destination, usually for a limited time.",
            (S, P),
            True,
            "Check that the traffic to this destination is genuine (no OTP pumping); retry "
            "later or ask provider support to review the block.",
        ),
        _info(
            Cause.INVALID_DESTINATION,
            "Invalid destination number",
            "The 'to' number is malformed, not assigned, deactivated, a landline, or otherwise "
            "cannot receive SMS.",
            (S,),
            False,
            "Correct the number (E.164, right country code) or remove it from the list.",
        ),
        _info(
            Cause.UNREACHABLE_HANDSET,
            "Handset unreachable",
            "A valid mobile could not be reached now: switched off, out of coverage, roaming "
            "or with a full inbox.",
            (R,),
            True,
            "Retry later with back-off; if it keeps failing, confirm the number with the customer.",
        ),
        _info(
            Cause.CARRIER_OR_NETWORK_FAILURE,
            "Carrier or network failure",
            "A transient failure in the provider or a downstream carrier: congestion, timeouts, "
            "internal errors, no route.",
            (P, C),
            True,
            "Retry with back-off; if failures persist, open a ticket with the provider.",
        ),
        _info(
            Cause.CONTENT_TOO_LONG_OR_ENCODING,
            "Too long, empty or badly encoded",
            "The body is empty, over a provider's length or segment limit, or contains "
            "characters the route cannot carry.",
            (S,),
            False,
            "Shorten the message, replace characters outside GSM-7 (smart quotes, emoji) "
            "where possible, and never send an empty body.",
        ),
        _info(
            Cause.ACCOUNT_OR_CONFIGURATION,
            "Account or configuration problem",
            "Something in the sender's account or setup: suspended or out of credit, "
            "geo-permissions, trial restrictions, a sender not owned or not SMS-capable.",
            (S, P),
            False,
            "Check the account status, balance, geo-permissions and the sender's capabilities "
            "in the provider console.",
        ),
        _info(
            Cause.UNKNOWN,
            "Unknown",
            "The provider gave no specific reason. Generic failures such as Gladly's 'Delivery "
            "Failed' are often compliance-driven, so the body and context are checked.",
            (S, P),
            True,
            "Fix any finding below; if none, retry once and then ask provider support for the "
            "carrier's reason.",
        ),
    )
}


def parse_cause(value: str) -> Cause:
    """Resolve a cause id or a known alias; raises ValueError for anything else."""
    key = value.strip().lower()
    if key in CAUSE_ALIASES:
        return CAUSE_ALIASES[key]
    return Cause(key)
