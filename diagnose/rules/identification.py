"""Identification: the first message names the business (seed guide; compliance-rules.md C)."""

from __future__ import annotations

from diagnose.causes import Cause
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity, rule
from diagnose.rules.context import RuleContext
from diagnose.rules.initial import needs_disclosures
from diagnose.text.brand import appears_to_name_a_business, names_brand


@rule(
    id="BRD001",
    name="missing-brand-name",
    cause=Cause.MISSING_BRAND_IDENTIFICATION,
    severity=Severity.LIKELY,
    source="Seed guide (GL-C: 'Always include your company name in the initial SMS reply'); "
    "compliance-rules.md BRAND-INITIAL, GLADLY-INITIAL-REPLY; TW-FILT; CTIA-MP 5.1.1",
    fix="Name the business at the start, e.g. 'Retalé: ...' or 'Thanks for contacting Retalé.'",
    scope=Scope.CONTEXT,
    requires=("brand",),
)
def missing_brand_name(ctx: RuleContext) -> CheckResult:
    """The first message must name the business sending it.

    ## What it does
    When the brand is known, checks that a message which must carry the first-message
    disclosures names it (accents, case and punctuation ignored: "RETALE" names Retalé).

    ## Why is this bad?
    The recipient must know who they consented to; anonymous first messages look like
    spam to people and to carrier filters.

    ## Example
        Hi! Your maintenance contract is about to expire. Reply STOP to unsubscribe.

    ## Use instead
        Your maintenance contract with Retalé is about to expire. Reply STOP to unsubscribe.
    """
    brand = ctx.message.brand
    if not brand or not brand.strip():
        return
    required = needs_disclosures(ctx.message)
    if required is False or names_brand(ctx.body, brand, ctx.lower):
        return
    if required is None:
        yield NeedContext(
            "first_message", "the brand is not named, which matters in a first message"
        )
    elif required:
        yield Hit(f"The business name '{brand}' does not appear in this first message.")


@rule(
    id="BRD002",
    name="business-not-identified",
    cause=Cause.MISSING_BRAND_IDENTIFICATION,
    severity=Severity.ADVISORY,
    source="compliance-rules.md BRAND-INITIAL (heuristic when brand_names are unknown); GL-C",
    fix="Start with the business name ('Acme: ...'); give the brand for an exact check.",
    scope=Scope.CONTEXT,
)
def business_not_identified(ctx: RuleContext) -> CheckResult:
    """Without a known brand, a first message should still visibly name a sender.

    ## What it does
    When no brand is given, looks for the usual shapes of sender identification: a
    "Name:" prefix, "from Name", "Thanks for contacting Name", "Name Team", a signature.
    Advisory only, and it asks for the brand so the check can be exact.

    ## Why is this bad?
    Same as BRD001: first messages that do not say who is sending read as spam.

    ## Example
        Your package is out for delivery today. Reply STOP to opt out.

    ## Use instead
        Acme Shipping: your package is out for delivery today. Reply STOP to opt out.
    """
    if ctx.message.brand and ctx.message.brand.strip():
        return
    required = needs_disclosures(ctx.message)
    if required is False or not ctx.body.strip() or appears_to_name_a_business(ctx.body):
        return
    yield NeedContext("brand", "the business name would let the identification check be exact")
    if required:
        yield Hit("No business or program name could be found in this first message.")


RULES: tuple[Rule, ...] = (missing_brand_name, business_not_identified)
