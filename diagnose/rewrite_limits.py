"""What no rewording fixes, and what must change instead.

A corrected message is only honest where the words were the problem. Cannabis, phishing
or a payday-loan offer is not filtered for how it is phrased but for what it is: every
wording of it fails, so the answer names what must change (the campaign it is registered
under, or removing the offer). The same goes for what is not in the text at all: an
opt-out, missing consent, a wrong number, an unregistered sender.

Sources: Twilio's forbidden message categories (TW-FORB) and the 10DLC campaign types
(TCR use cases: age-gated, sweepstakes), as cited by each rule in ``diagnose.rules``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from diagnose.causes import CAUSES, Cause
from diagnose.diagnosis import Obstacle
from diagnose.rules.base import Finding

#: Content rules whose subject, not its wording, is forbidden or needs its own campaign.
CONTENT_OBSTACLES: dict[str, str] = {
    "CNT001": (
        "Alcohol, firearms and tobacco need a campaign registered as age-gated (with age "
        "verification at opt-in) and approved for that content; sex and hate content cannot "
        "be sent at all. Otherwise remove the content."
    ),
    "CNT002": (
        "Remove the cannabis/CBD offer: US carriers refuse it under every campaign type, "
        "even where state law allows the product. No wording of it can be sent."
    ),
    "CNT003": (
        "Gambling and betting cannot be sent on 10DLC or toll-free; a sweepstakes needs its "
        "own campaign (a short code approved for sweepstakes). Otherwise remove the offer."
    ),
    "CNT004": (
        "Remove the loan, debt-relief, credit-repair or crypto offer: it is a forbidden "
        "category. A lender may still text its own customers about their own account, under "
        "a campaign registered for account notifications."
    ),
    "CNT005": (
        "Remove the third-party or affiliate offer: lead generation is a forbidden category. "
        "Text only about your own products, to people who opted in to your brand."
    ),
    "CNT006": (
        "Remove the request for passwords, codes or card details and the threat or "
        "deadline: carriers block these as phishing whatever the wording. Send customers to "
        "your app or your own website, from a registered sender."
    ),
    "CNT008": (
        "Remove the work-from-home, MLM or easy-money offer: it is not an allowed use case "
        "under any campaign type."
    ),
}

#: Causes a rewording may fix; any other cause a finding or a specific code names is an
#: obstacle (it is about the recipient, the sender or the consent, not the words).
TEXT_CAUSES = frozenset(
    {
        Cause.MISSING_OPT_OUT_LANGUAGE,
        Cause.MISSING_BRAND_IDENTIFICATION,
        Cause.URL_OR_LINK_FILTERING,
        Cause.SPAM_LIKE_CONTENT,
        Cause.CONTENT_TOO_LONG_OR_ENCODING,
        Cause.PROHIBITED_CONTENT,  # per rule: CONTENT_OBSTACLES says which cannot be
        Cause.UNKNOWN,
    }
)


def obstacles(
    findings: Sequence[Finding], fixable_ids: Iterable[str], error_cause: Cause | None
) -> tuple[Obstacle, ...]:
    """What stands between this message and delivery that no rewording removes.

    ``error_cause`` is the cause a specific, known error code names (21610: opted out), or
    None; ``fixable_ids`` are the rules a text edit clears.
    """
    fixable = frozenset(fixable_ids)
    found: dict[tuple[Cause, str | None], Obstacle] = {}
    for f in findings:
        if f.rule in CONTENT_OBSTACLES:
            found[(f.cause, f.rule)] = Obstacle(
                f.cause, f.rule, CONTENT_OBSTACLES[f.rule], content=True
            )
        elif f.rule not in fixable and f.cause not in TEXT_CAUSES:
            found.setdefault((f.cause, f.rule), Obstacle(f.cause, f.rule, f.fix))
    named = any(cause is error_cause for cause, _ in found)
    if error_cause is not None and error_cause not in TEXT_CAUSES and not named:
        found[(error_cause, None)] = Obstacle(error_cause, None, CAUSES[error_cause].fix)
    return tuple(found.values())


def content_blocked(found: Iterable[Obstacle]) -> bool:
    """True when the content itself is the obstacle: then no corrected text is offered."""
    return any(o.content for o in found)
