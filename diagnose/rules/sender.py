"""Sender rules: a sending identity the destination country does not accept as it is.

Source: compliance-rules.md REG-ALPHA-SENDER and the per-country table in
``diagnose/rules/data/alpha_sender_countries.tsv`` (each country's SMS guidelines page);
REG-INDIA-DLT for India's template registry.
These rules read ``sender_type`` and ``to``, not the body, so their hits mark no text.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from diagnose.causes import Cause
from diagnose.message import SenderType
from diagnose.rules.base import CheckResult, Hit, Rule, Scope, Severity, rule
from diagnose.rules.context import RuleContext
from diagnose.text.destination import parse_destination


@cache
def alpha_sender_status() -> dict[str, tuple[str, str]]:
    """Country -> (status, source URL) for alphanumeric sender IDs, from the data table."""
    text = (
        files("diagnose.rules")
        .joinpath("data", "alpha_sender_countries.tsv")
        .read_text(encoding="utf-8")
    )
    out: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            country, status, url = line.split("\t")
            out[country] = (status, url)
    return out


def _alpha_country(ctx: RuleContext) -> tuple[str, str] | None:
    """The destination country and its alphanumeric status, for an alphanumeric sender."""
    message = ctx.message
    if message.sender_type is not SenderType.ALPHANUMERIC or not message.to:
        return None
    region = parse_destination(message.to).region
    if region is None:
        return None
    known = alpha_sender_status().get(region)
    return (region, known[0]) if known else None


@rule(
    id="SND001",
    name="alphanumeric-sender-not-supported",
    cause=Cause.ACCOUNT_OR_CONFIGURATION,
    severity=Severity.BLOCKER,
    source="compliance-rules.md REG-ALPHA-SENDER; TW-ALPHA; TX-ALPHA; TW-E 21212",
    fix="Send from a number the destination accepts (a local long code, toll-free or short "
    "code where the country needs one); alphanumeric sender IDs do not work there.",
    scope=Scope.CONTEXT,
    requires=("sender_type",),
    reads_body=False,
)
def alphanumeric_sender_not_supported(ctx: RuleContext) -> CheckResult:
    """An alphanumeric sender ID sent to a country whose networks do not take one.

    ## What it does
    When the sender is an alphanumeric ID ("ACME") and the recipient's number is in a
    country whose networks do not support alphanumeric senders (the United States,
    Canada, China, South Korea, much of Latin America, ...), flags the message.

    ## Why is this bad?
    There the message is refused, or delivered from a random number the recipient cannot
    reply to and may not trust (Twilio 21212; each country's SMS guidelines).

    ## Example
        sender_type: alphanumeric, to: +1 415 555 0123

    ## Use instead
        sender_type: 10dlc (a registered US long code), to: +1 415 555 0123
    """
    found = _alpha_country(ctx)
    if found is not None and found[1] == "not_supported":
        yield Hit(f"Alphanumeric sender IDs are not supported for {found[0]} numbers.")


@rule(
    id="SND002",
    name="alphanumeric-sender-needs-registration",
    cause=Cause.SENDER_NOT_REGISTERED,
    severity=Severity.LIKELY,
    source="compliance-rules.md REG-ALPHA-SENDER; TW-ALPHA; TW-E 30018, 30041",
    fix="Register the sender ID for this country (through the provider) before sending, or "
    "send from a number; unregistered IDs are blocked or replaced there.",
    scope=Scope.CONTEXT,
    requires=("sender_type",),
    reads_body=False,
)
def alphanumeric_sender_needs_registration(ctx: RuleContext) -> CheckResult:
    """An alphanumeric sender ID sent to a country that requires it to be registered.

    ## What it does
    When the sender is an alphanumeric ID and the recipient's number is in a country that
    accepts only pre-registered sender IDs (the UAE, Saudi Arabia, India, Indonesia,
    Vietnam, Australia, Singapore, Turkey, ...), flags the message: it is likely, not
    certain, since the ID may be registered.

    ## Why is this bad?
    An unregistered sender ID is blocked, or replaced by a generic one, in these countries
    (Twilio 30018 "Destination carrier requires sender ID pre-registration").

    ## Example
        sender_type: alphanumeric, to: +971 50 555 0123 (UAE), ID not registered

    ## Use instead
        The same ID, registered for the UAE through the provider first
    """
    found = _alpha_country(ctx)
    if found is not None and found[1] == "registration_required":
        yield Hit(
            f"{found[0]} accepts only pre-registered alphanumeric sender IDs: "
            "an unregistered one is blocked or replaced."
        )


@rule(
    id="SND003",
    name="india-dlt-template",
    cause=Cause.SENDER_NOT_REGISTERED,
    severity=Severity.LIKELY,
    source="compliance-rules.md REG-INDIA-DLT; TW-IN; Infobip 4106, 4111, 4129",
    fix="Register the business, the sender header and this message's content template on a "
    "DLT platform (through the provider), send with the template's ID, and keep the "
    "template's exact wording: only its {#var#} values may change.",
    scope=Scope.CONTEXT,
    requires=("to",),
    # The finding is about the text: whether it matches its registered template.
    reads_body=True,
)
def india_dlt_template(ctx: RuleContext) -> CheckResult:
    """A message to an Indian number: it is delivered only if it matches a DLT template.

    ## What it does
    When the recipient's number is Indian (+91), flags the message: Indian operators scrub
    every business SMS against the DLT registry, whatever the sender type.

    ## Why is this bad?
    A message whose sender header or content template is not registered, or whose text
    differs from the registered template by a word, a punctuation mark or a variable that is
    too long, is rejected by the operator ("Message rejected by operator", Infobip
    EC_TEMPLATE_NOT_MATCHED). It is likely, not certain: the template may be registered and
    matched, and the failure have another cause.

    ## Example
        to: +91 95555 01234, body: a text whose wording was changed after registration

    ## Use instead
        The registered template's exact text, with only its {#var#} values filled in
    """
    if to_india(ctx.message.to):
        yield Hit(
            "Indian operators deliver a business SMS only if its sender header and content "
            "template are registered on DLT and the text matches the template exactly."
        )


def to_india(to: str | None) -> bool:
    """Whether ``to`` is an Indian number (SND003's condition; batch triage filters on it)."""
    # +91 or 0091 holds "91": most numbers are parsed for nothing otherwise.
    return to is not None and "91" in to and parse_destination(to).region == "IN"


RULES: tuple[Rule, ...] = (
    alphanumeric_sender_not_supported,
    alphanumeric_sender_needs_registration,
    india_dlt_template,
)
