"""Consent: proactive texts only to people who consented; proactive SMS is not marketing.

Source: the seed guide (Gladly) and compliance-rules.md section B.
"""

from __future__ import annotations

from diagnose.causes import Cause
from diagnose.message import Consent, FailedMessage, Origin
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity, rule
from diagnose.rules.context import RuleContext
from diagnose.rules.prefilters import superset
from diagnose.text.promotional import _CUES

_BUSINESS_INITIATED = frozenset({Origin.PROACTIVE, Origin.API, Origin.AUTOMATION})


def business_initiated(message: FailedMessage) -> bool | None:
    """True for proactive sends; None when the origin does not say."""
    if message.origin == Origin.PROACTIVE:
        return True
    if message.recipient_initiated is not None:
        return not message.recipient_initiated
    if _texted_before(message):
        return False
    if message.origin in _BUSINESS_INITIATED:
        return None
    if message.origin is not None:
        return False  # agent/auto replies and IVR transfers answer the customer
    return None


def has_relationship(message: FailedMessage) -> bool | None:
    """Opted in or texted first; None when nothing says either way."""
    if message.consent is not None:
        return message.consent is not Consent.NONE
    if message.recipient_initiated or _texted_before(message):
        return True
    return None


def _texted_before(message: FailedMessage) -> bool:
    """Whether the history before the send holds an inbound message."""
    # Most messages come without history: no scan is started for them.
    return bool(message.history) and any(
        h.direction == "inbound" for h in message.history_before_send
    )


@rule(
    id="CNS001",
    name="proactive-without-consent",
    cause=Cause.NO_CONSENT,
    severity=Severity.BLOCKER,
    source="Seed guide (GL-C: 'only proactively SMS Customers if they consented'); "
    "compliance-rules.md CONSENT-PROACTIVE-NO-RELATIONSHIP, GLADLY-PROACTIVE; CTIA-MP 5.1.2; TCPA",
    fix="Send proactive messages only to recipients who opted in or texted you first.",
    scope=Scope.CONTEXT,
    reads_body=False,
)
def proactive_without_consent(ctx: RuleContext) -> CheckResult:
    """Proactive messages go only to people with a relationship or opt-in.

    ## What it does
    For business-initiated sends (proactive campaigns, API or automation sends the
    recipient did not start), checks that the recipient gave consent or texted first.

    ## Why is this bad?
    Texting people who never opted in is the core TCPA and CTIA violation: carriers
    filter it and complaints get the sender blocked. Having texted once consents to that
    exchange only, not to later outreach for other reasons.

    ## Example
        (origin: proactive, consent: none)
        Retalé: your warranty expires soon. Reply STOP to opt out.

    ## Use instead
        (origin: proactive, consent: express)
        Retalé: your warranty expires soon. Reply STOP to opt out.
    """
    msg = ctx.message
    initiated = business_initiated(msg)
    if initiated is False:
        return
    relationship = has_relationship(msg)
    if relationship is True:
        return
    if initiated is None:
        if msg.consent is Consent.NONE:
            yield NeedContext("origin", "the recipient has no consent; a proactive send needs it")
        return
    if relationship is None:
        yield NeedContext("consent", "a proactive message needs the recipient's prior consent")
        return
    yield Hit("This proactive message went to a recipient with no recorded consent.")


@rule(
    id="CNS002",
    name="marketing-without-written-consent",
    cause=Cause.NO_CONSENT,
    severity=Severity.BLOCKER,
    source="compliance-rules.md CONSENT-MARKETING-WRITTEN, CONSENT-CONVERSATIONAL-SCOPE; "
    "TCPA (47 CFR 64.1200); TW-E 30831; GL-C",
    fix="Send promotions only to recipients with express written consent for marketing texts; "
    "keep service replies free of offers.",
    scope=Scope.CONTEXT,
    prefilter=superset(_CUES.pattern),
)
def marketing_without_written_consent(ctx: RuleContext) -> CheckResult:
    """Promotional content needs express written consent.

    ## What it does
    When the body reads as marketing (discounts, sales, promo codes, "shop now"), checks
    that the recorded consent is ``express_written``.

    ## Why is this bad?
    Under the TCPA, marketing texts need prior express written consent; texting first
    (conversational consent) or giving a number for service (express consent) does not
    cover offers. Carriers filter unsolicited promotions as spam.

    ## Example
        (consent: conversational) Thanks for your order! Use code SAVE20 for 20% off next time.

    ## Use instead
        (consent: conversational) Thanks for your order! It ships tomorrow.
    """
    spans = ctx.promotional
    if not spans:
        return
    consent = ctx.message.consent
    if consent is Consent.EXPRESS_WRITTEN:
        return
    if consent is None:
        yield NeedContext("consent", "the body reads as marketing, which needs written consent")
        return
    yield Hit(
        f"The body reads as marketing, but the recorded consent is '{consent.value}', "
        "not express written consent.",
        spans,
    )


@rule(
    id="CNS003",
    name="proactive-sms-used-for-marketing",
    cause=Cause.NO_CONSENT,
    severity=Severity.LIKELY,
    source="Seed guide (GL-C: 'Proactive Conversation features do not replace marketing tools'); "
    "compliance-rules.md CONSENT-PROACTIVE-NOT-MARKETING, GLADLY-PROACTIVE",
    fix="Use proactive SMS for service notices; send promotions from a marketing SMS tool with "
    "its own opt-in.",
    scope=Scope.CONTEXT,
    requires=("origin",),
    prefilter=superset(_CUES.pattern),
)
def proactive_sms_used_for_marketing(ctx: RuleContext) -> CheckResult:
    """Proactive SMS is for service messages, not marketing blasts.

    ## What it does
    Flags proactive (bulk) sends whose body reads as marketing.

    ## Why is this bad?
    The seed guide says proactive SMS "is not meant to replace mass, marketing-type
    outbound communication"; identical promotional blasts are what carrier spam filters
    are built to catch.

    ## Example
        (origin: proactive) Retalé: 30% off everything this weekend! Reply STOP to opt out.

    ## Use instead
        (origin: proactive) Retalé: your maintenance contract expires on 3/1. Reply STOP to opt out.
    """
    if ctx.message.origin != Origin.PROACTIVE:
        return
    spans = ctx.promotional
    if spans:
        yield Hit("A proactive (bulk) message is being used for marketing.", spans)


RULES: tuple[Rule, ...] = (
    proactive_without_consent,
    marketing_without_written_consent,
    proactive_sms_used_for_marketing,
)
