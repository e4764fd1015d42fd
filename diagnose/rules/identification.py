"""Identification: the first message names the business (seed guide; compliance-rules.md C).

A message must say who sends it when it is a first or proactive message (seed guide), and
whenever it carries a link: a filter judges each message alone, and an unnamed sender with
a link is the shape of smishing (fake delivery and account notices).
"""

from __future__ import annotations

import re
from enum import StrEnum

from diagnose.causes import Cause
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity, rule
from diagnose.rules.context import RuleContext
from diagnose.rules.initial import needs_disclosures
from diagnose.rules.optout import says_how_to_opt_out
from diagnose.text.brand import appears_to_name_a_business, names_brand

_IDENTIFY_SOURCE = (
    "TW-FILT (https://support.twilio.com/hc/en-us/articles/1260803966670: messages should "
    "clearly identify who is sending them); https://help.bottle.com/t/g9yyjxr/"
    "sms-best-practices-and-things-to-avoid (carriers often filter messages that are not "
    "identifiable)"
)


class BusinessSent(StrEnum):
    """What in the body itself shows that a business sent it, and must say who it is."""

    #: It confirms an opt-out: carriers reject one that names no brand (TCR rejection 611:
    #: "Opt-out message must contain brand name"; TCR 5102; "STOP MT missing brand").
    OPT_OUT_CONFIRMATION = "opt_out_confirmation"
    #: It says how to opt out ("Reply STOP to stop receiving these messages"): only a
    #: business's campaign or first message carries that (seed guide).
    OPT_OUT_LANGUAGE = "opt_out_language"
    #: It reads as marketing ("50% off everything"): a campaign, which the seed guide's
    #: proactive messages are ("Having your company name on the message ...").
    MARKETING = "marketing"


def business_sent(ctx: RuleContext) -> BusinessSent | None:
    """What shows, in the body, that a business sent it (the strongest cue), if anything."""
    if ctx.opt_out_confirmation:
        return BusinessSent.OPT_OUT_CONFIRMATION
    if says_how_to_opt_out(ctx):
        return BusinessSent.OPT_OUT_LANGUAGE
    if ctx.promotional:
        return BusinessSent.MARKETING
    return None


_WHY = {
    BusinessSent.OPT_OUT_LANGUAGE: "carries opt-out language",
    BusinessSent.MARKETING: "reads as marketing",
}


def brand_evidence(ctx: RuleContext) -> tuple[bool, bool, BusinessSent | None]:
    """Whether the body names the message's brand and, when it does not, whether it has a
    link and what shows a business sent it: all BRD001 reads of the body (batch triage runs
    it once per distinct body and brand, ``diagnose.batch.column_forms``)."""
    brand = ctx.message.brand
    named = names_brand(ctx.body, brand, ctx.lower) if brand else False
    if named:
        return True, False, None
    return False, bool(ctx.urls), business_sent(ctx)


@rule(
    id="BRD001",
    name="missing-brand-name",
    cause=Cause.MISSING_BRAND_IDENTIFICATION,
    severity=Severity.LIKELY,
    source="Seed guide (GL-C: 'Always include your company name in the initial SMS reply'); "
    "compliance-rules.md BRAND-INITIAL, GLADLY-INITIAL-REPLY; CTIA-MP 5.1.1; " + _IDENTIFY_SOURCE,
    fix="Name the business at the start, e.g. 'Retalé: ...' or 'Thanks for contacting Retalé.'",
    scope=Scope.CONTEXT,
    requires=("brand",),
)
def missing_brand_name(ctx: RuleContext) -> CheckResult:
    """The first message, or one with a link, must name the business sending it.

    ## What it does
    When the brand is known, checks that it is named (accents, case and punctuation
    ignored: "RETALE" names Retalé) in a message that must carry the first-message
    disclosures, and in any message with a link unless it is known to be a later reply.
    An opt-out confirmation ("You have been unsubscribed ...") must name it whatever its
    place in the conversation: carriers reject campaigns whose STOP reply names no brand
    (TCR 5102, rejection 611). When it is not known whether the message is a first one, a
    body that carries opt-out language or reads as marketing is one a business started,
    and is checked too (advisory: the context would make it exact).

    ## Why is this bad?
    The recipient must know who they consented to; anonymous first messages look like
    spam to people and to carrier filters. Filters judge each message on its own, and a
    link from a sender who does not say who they are is what smishing looks like
    (Twilio: messages should clearly identify who is sending them).

    ## Example
        Hi! Your maintenance contract is about to expire. Reply STOP to unsubscribe.
        Your order #4512 has shipped: acme.com/t/4512

    ## Use instead
        Your maintenance contract with Retalé is about to expire. Reply STOP to unsubscribe.
        Acme: your order #4512 has shipped: acme.com/t/4512
    """
    brand = ctx.message.brand
    if not brand or not brand.strip():
        return
    required = needs_disclosures(ctx.message)
    named, linked, sent = brand_evidence(ctx)
    if named:
        return
    if sent is BusinessSent.OPT_OUT_CONFIRMATION:
        yield Hit(f"The business name '{brand}' does not appear in this opt-out confirmation.")
    elif required is False:
        return
    elif required:
        yield Hit(f"The business name '{brand}' does not appear in this first message.")
    elif linked:
        yield Hit(f"The business name '{brand}' does not appear in this message with a link.")
    else:
        yield NeedContext(
            "first_message", "the brand is not named, which matters in a first message"
        )
        if sent is not None:
            yield Hit(
                f"The business name '{brand}' does not appear in this message, which "
                f"{_WHY[sent]}: a message the business started.",
                severity=Severity.ADVISORY,
            )


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable lists."""
    return frozenset(text.split())


# The usual shapes of SMS sender identification, as ``appears_to_name_a_business`` finds
# them, with the name captured: a candidate counts only if the predicate below confirms it
# (Presidio style), so "Reminder:", "Thanks for contacting Us", "Customer Support here",
# "at 3PM" and "Your support team" name nobody.
_NAME = r"(?P<name>[A-Z0-9][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&'’.-]*){0,3})"
_SHAPES = (
    re.compile(rf"\s*\W{{0,3}}\[{_NAME}\]"),
    re.compile(rf"\s*\W{{0,3}}{_NAME}\s*:"),
    re.compile(rf"\b(?:from|at|with)\s+(?:the\s+)?{_NAME}"),
    re.compile(
        rf"\b(?:[Tt]hanks|[Tt]hank you)\s+for\s+(?:contacting|choosing|joining|calling|"
        rf"shopping\s+(?:with|at)|ordering\s+from|visiting|texting)\s+{_NAME}"
    ),
    re.compile(rf"\b(?:[Ww]elcome\s+to|[Tt]his\s+is)\s+{_NAME}"),
    re.compile(rf"\b{_NAME}\s+(?:here|[Tt]eam|[Ss]upport|[Aa]lerts?)\b"),
    re.compile(rf"[-—–~]\s*(?:[Tt]he\s+)?{_NAME}\s*(?:[Tt]eam)?\s*$"),
)
#: The two shapes anchored at the start of the body (a "Name:" or "[Name]" prefix).
_ANCHORED = frozenset({0, 1})
#: Words that name no one: pronouns and determiners, greetings, the labels messages start
#: with ("Reminder:", "Order update:"), roles ("Customer Support"), times and days.
_NOBODY = _words(
    """
    i me my we us our ours you your yours he she they them their it its this that these those
    the a an here there all hi hello hey dear greetings thanks thank welcome good morning
    afternoon evening night reminder reminders alert alerts notice notification notifications
    update updates important urgent attention info information fyi note notes confirmation
    confirmed verification security account order orders delivery shipping shipment package
    parcel appointment payment billing invoice receipt customer customers client support service
    services team help helpdesk desk staff care store shop office company business final new re
    fwd today tonight tomorrow now
    ok yes no stop reply text call click tap visit see sms msg message messages mobile
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec am pm est pst cst mst edt pdt
    """
) | _words(
    # A template's merge fields name the recipient or the occasion, not the sender:
    # "[Contact First Name], we have an upcoming event at [location]", "[First Name]:".
    """
    first last full name names firstname lastname fname lname nickname contact contacts
    recipient recipients subscriber member user username location address event date time
    """
)
_NUMBERISH = re.compile(r"\d+(?:am|pm|st|nd|rd|th|h|x)?")
_TOKEN = re.compile(r"[^\W_]+")


def _is_a_name(candidate: str) -> bool:
    """A candidate names someone unless every word is generic, a number or a time."""
    return any(
        t not in _NOBODY and not _NUMBERISH.fullmatch(t) and t != "s"  # "Acme's" -> acme, s
        for t in _TOKEN.findall(candidate.lower())
    )


def names_a_sender(body: str) -> bool:
    """Does ``body`` identify some sender, when no brand is given to look for?

    The shapes of ``appears_to_name_a_business``, each candidate name confirmed by
    ``_is_a_name``.

    Example:
        >>> names_a_sender("Acme Shipping: your package is out for delivery.")
        True
        >>> names_a_sender("Reminder: your appointment is at 3PM with Customer Support.")
        False
    """
    if not appears_to_name_a_business(body):
        return False  # every shape below is one of its shapes
    text = body[:2000]
    for i, shape in enumerate(_SHAPES):
        found = [shape.match(text)] if i in _ANCHORED else shape.finditer(text)
        for m in found:
            if m is not None and _is_a_name(m.group("name")):
                return True
    return False


def sender_evidence(ctx: RuleContext) -> tuple[bool, bool, BusinessSent | None]:
    """Whether the body names some sender (a blank one counts as naming: there is nothing to
    judge) and, when it does not, whether it has a link and what shows a business sent it:
    all BRD002 reads of the body."""
    if not ctx.body.strip() or names_a_sender(ctx.body):
        return True, False, None
    return False, bool(ctx.urls), business_sent(ctx)


@rule(
    id="BRD002",
    name="business-not-identified",
    cause=Cause.MISSING_BRAND_IDENTIFICATION,
    severity=Severity.ADVISORY,
    source="compliance-rules.md BRAND-INITIAL (heuristic when brand_names are unknown); GL-C; "
    + _IDENTIFY_SOURCE,
    fix="Start with the business name ('Acme: ...'); give the brand for an exact check.",
    scope=Scope.CONTEXT,
)
def business_not_identified(ctx: RuleContext) -> CheckResult:
    """Without a known brand, a first message, or one with a link, should still name a sender.

    ## What it does
    When no brand is given, looks for the usual shapes of sender identification: a
    "Name:" prefix, "from Name", "Thanks for contacting Name", "Name Team", a signature.
    Words that name nobody do not count ("Reminder:", "Thanks for reaching out to us",
    "Customer Support here", "at 3PM"). Fires on a first or proactive message, and on any
    message with a link unless it is known to be a later reply; advisory only, and it
    asks for the brand so the check can be exact. Like BRD001 it also fires on an opt-out
    confirmation (likely: carriers reject one that names no brand, TCR 5102 and rejection
    611) and, when the message's place is unknown, on a body that carries opt-out language
    or reads as marketing (a message the business started).

    ## Why is this bad?
    Same as BRD001: messages that do not say who is sending read as spam, and an
    anonymous link is the shape of smishing, so filters distrust it.

    ## Example
        Your package is out for delivery today. Reply STOP to opt out.
        Thanks for reaching out to us! Your order #4512 has shipped: bit.ly/3xYz

    ## Use instead
        Acme Shipping: your package is out for delivery today. Reply STOP to opt out.
        Acme: thanks for reaching out! Your order #4512 has shipped: acme.com/t/4512
    """
    if ctx.message.brand and ctx.message.brand.strip():
        return
    required = needs_disclosures(ctx.message)
    named, linked, sent = sender_evidence(ctx)
    if named:
        return
    if sent is BusinessSent.OPT_OUT_CONFIRMATION:
        yield NeedContext("brand", "the business name would let the identification check be exact")
        yield Hit(
            "No business or program name could be found in this opt-out confirmation.",
            severity=Severity.LIKELY,
        )
        return
    if required is False:
        return
    yield NeedContext("brand", "the business name would let the identification check be exact")
    if required:
        yield Hit("No business or program name could be found in this first message.")
    elif linked:
        yield Hit("No business or program name could be found in this message with a link.")
    elif sent is not None:
        yield Hit(
            f"No business or program name could be found in this message, which {_WHY[sent]}: "
            "a message the business started."
        )


RULES: tuple[Rule, ...] = (missing_brand_name, business_not_identified)
