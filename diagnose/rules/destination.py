"""Destination rules: a ``to`` number that cannot take an SMS.

These rules read ``to``, not the body, so their hits mark no text. Parsing is done by
``diagnose.text.destination`` (``phonenumbers``, cached).
"""

from __future__ import annotations

import phonenumbers

from diagnose.causes import Cause
from diagnose.message import FailedMessage
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity, rule
from diagnose.rules.context import RuleContext
from diagnose.text.destination import (
    DEFAULT_REGION,
    after_international_prefix,
    parse_destination,
    redacted,
    sender_region,
    trunk_prefixed,
    without_plus,
    zone_regions,
)


def _context_regions(message: FailedMessage) -> list[tuple[str, int, str]]:
    """Where the recipient may be, from the message's other fields, best first:
    ``(region, calling code, what said so)``, one per calling code.

    The recipient's zone names its country (tz database); a sender number usually shares
    its country with the recipient (providers such as Twilio read a number without a
    country code in the sender's country). The provider says nothing: every provider here
    sends to many countries.
    """
    found: list[tuple[str, str]] = []
    zone = message.recipient_timezone
    if zone:
        found += [(r, f"recipient_timezone {zone!r}") for r in zone_regions(zone)]
    sender = message.from_
    if sender:
        region = sender_region(sender)
        if region is not None:
            found.append((region, f"the sender {sender.strip()!r}"))
    out: list[tuple[str, int, str]] = []
    seen: set[int] = set()
    for region, why in found:
        code = phonenumbers.country_code_for_region(region)
        if code and code not in seen:
            seen.add(code)
            out.append((region, code, why))
    return out


@rule(
    id="DST001",
    name="invalid-destination-number",
    cause=Cause.INVALID_DESTINATION,
    severity=Severity.BLOCKER,
    source="error-codes.md: Twilio 21211, 21614; Infobip 8, 52; Bandwidth 4720; Plivo 50; "
    "Twilio 13224 and 60703 (a national '0...' number where E.164 '+44...' is needed: "
    "https://www.twilio.com/docs/api/errors/13224, "
    "https://help.twilio.com/articles/223183008-Formatting-International-Phone-Numbers); "
    "tz database zone.tab/zone1970.tab (a zone's country)",
    fix="Correct the number: E.164 with the right country code (+1 for the US), no missing "
    "or extra digits; remove it from the list if it cannot be fixed.",
    scope=Scope.CONTEXT,
    reads_body=False,
)
def invalid_destination_number(ctx: RuleContext) -> CheckResult:
    """The recipient's number is malformed or not a real number.

    ## What it does
    Parses ``to`` with Google's libphonenumber metadata and flags one that cannot be
    parsed, has the wrong length for its country, or falls in a range no operator is
    assigned. Numbers without ``+`` are read as US numbers, unless the recipient's zone
    (``recipient_timezone``) or the sender's number (``from``) puts them in a country
    where they are valid. A number written nationally behind a trunk prefix 0 ("07700
    900123") is no US number: it is judged in the country the context gives, and without
    one it is unknown, not invalid, and the check asks for it in international form. So is
    a number with digits masked out ("+91XXXXXXXXXX"); a full international number written
    without its ``+`` ("977985550123") is valid as such.

    ## Why is this bad?
    Providers reject it before sending (Twilio 21211 "Invalid 'To' Phone Number", Infobip
    REJECTED_PREFIX_MISSING), or carriers bounce it. Retrying never helps. A national
    "0..." number is rejected where E.164 is required (Twilio 13224, 60703).

    ## Example
        to: 555-1234 (seven digits, no area code)
        to: 07700 900123, recipient_timezone: Europe/London (a range no UK operator has)

    ## Use instead
        to: +1 415 555 0132
        to: +44 7911 123456
    """
    to = ctx.message.to
    if to is None:
        yield NeedContext("to", "the recipient's number decides whether it can take an SMS")
        return
    if redacted(to):
        yield NeedContext(
            "to", f"{to.strip()!r} has digits masked out, so whether it is valid is unknown"
        )
        return
    dest = parse_destination(to)
    if dest.valid or without_plus(to) is not None:
        return
    regions = _context_regions(ctx.message) if not to.strip().startswith("+") else []
    for region, _, _ in regions:
        if region != DEFAULT_REGION and parse_destination(to, region).valid:
            return  # a national number of the recipient's (or sender's) country
    if not trunk_prefixed(to):
        yield Hit(f"The number {to.strip()!r} is invalid: {dest.error}.")
        return
    international = after_international_prefix(to)
    if international is not None and parse_destination(international).valid:
        return  # "0044 7911 123456": the country follows the international prefix 00
    if not regions:
        yield NeedContext(
            "to",
            f"{to.strip()!r} is written nationally (with a trunk 0) and names no country, so "
            "whether it is valid is unknown: give it in international form (+ and the country "
            "code), or the recipient_timezone, or a from number with its +country code",
        )
        return
    region, _, why = regions[0]
    codes = " or ".join(f"+{c}" for _, c, _ in regions)
    error = parse_destination(to, region).error
    yield Hit(
        f"The number {to.strip()!r} is not valid as a {codes} number (the country of {why}): "
        f"{error}.",
        severity=Severity.LIKELY,
    )


# Types that cannot receive SMS, or usually cannot. VOIP and pager numbers often can
# (Google Voice, Teams), and FIXED_LINE_OR_MOBILE (every US number) is undecidable, so
# neither fires. Toll-free numbers may be text-enabled, so they are only advisory.
_NON_MOBILE: dict[str, tuple[str, Severity]] = {
    "premium_rate": ("a premium-rate number; carriers do not route SMS to it", Severity.LIKELY),
    "shared_cost": ("a shared-cost number; carriers do not route SMS to it", Severity.LIKELY),
    "uan": ("a universal access (switchboard) number; it cannot take SMS", Severity.LIKELY),
    "voicemail": ("a voicemail access number; it cannot take SMS", Severity.LIKELY),
    "toll_free": (
        "a toll-free number; it takes texts only if its owner text-enabled it",
        Severity.ADVISORY,
    ),
}


@rule(
    id="DST002",
    name="landline-destination",
    cause=Cause.INVALID_DESTINATION,
    severity=Severity.LIKELY,
    source="error-codes.md: Twilio 30006, 21614; Telnyx 40001; Bandwidth 4720; Plivo 50",
    fix="Ask the customer for a mobile number; landlines cannot receive SMS unless the "
    "carrier offers text-to-landline.",
    scope=Scope.CONTEXT,
    requires=("to",),
    reads_body=False,
)
def landline_destination(ctx: RuleContext) -> CheckResult:
    """The recipient's number is a landline.

    ## What it does
    Flags a ``to`` number whose numbering range is fixed-line only. Many countries (the
    US and Canada among them) do not separate mobile and fixed ranges; such numbers are
    "fixed line or mobile" and are not flagged.

    ## Why is this bad?
    Landlines cannot receive SMS; carriers reject the message (Twilio 30006 "Landline or
    unreachable carrier", Telnyx 40001 "Not routable").

    ## Example
        to: +44 20 7946 0000 (a London fixed line)

    ## Use instead
        to: +44 7911 123456 (a UK mobile)
    """
    to = ctx.message.to
    if to is None:
        return
    dest = parse_destination(to)
    if dest.valid and dest.number_type == "fixed_line":
        yield Hit(f"{dest.e164} is a fixed-line number ({dest.region}); it cannot receive SMS.")


@rule(
    id="DST003",
    name="non-mobile-destination",
    cause=Cause.INVALID_DESTINATION,
    severity=Severity.LIKELY,
    source="error-codes.md: Bandwidth 4434, 4720; Twilio 21614, 30006",
    fix="Send to the customer's mobile number instead of a service number.",
    scope=Scope.CONTEXT,
    requires=("to",),
    reads_body=False,
)
def non_mobile_destination(ctx: RuleContext) -> CheckResult:
    """The recipient's number is a service number, not a phone a person texts on.

    ## What it does
    Flags premium-rate, shared-cost, universal-access and voicemail numbers (likely to
    fail), and toll-free numbers (advisory: some businesses text-enable them). VOIP and
    pager numbers are not flagged: many receive SMS.

    ## Why is this bad?
    These ranges are not routed for SMS by most carriers; the message is rejected as an
    invalid or non-SMS-capable destination (Bandwidth 4434 for toll-free recipients,
    4720; Twilio 21614 "not a valid mobile number").

    ## Example
        to: +1 900 555 1234 (a premium-rate line)

    ## Use instead
        to: the customer's own mobile number
    """
    to = ctx.message.to
    if to is None:
        return
    dest = parse_destination(to)
    if not dest.valid or dest.number_type not in _NON_MOBILE:
        return
    what, severity = _NON_MOBILE[dest.number_type]
    yield Hit(f"{dest.e164} is {what}.", severity=severity)


RULES: tuple[Rule, ...] = (
    invalid_destination_number,
    landline_destination,
    non_mobile_destination,
)
