"""Timing rules: texts sent at night in the recipient's time zone.

Timing explains legal exposure rather than a carrier code (compliance-rules.md section E),
so the rules support ``no_consent`` (Infobip 4138 INVALID_PROMO_TIME maps there) and are
advisory, raised to likely when the body reads promotional: quiet-hours laws cover
telephone solicitations. The recipient's zone is ``recipient_timezone`` or, failing that,
the one zone the ``to`` number maps to.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from diagnose.causes import Cause
from diagnose.rules.base import (
    CheckResult,
    Hit,
    NeedContext,
    Rule,
    Scope,
    Severity,
    Span,
    rule,
)
from diagnose.rules.context import RuleContext
from diagnose.text.destination import parse_destination

#: The local hours in which a send is allowed (ends included): TCPA, and Florida/Oklahoma.
TCPA_WINDOW = (time(8, 0), time(21, 0))
STRICT_WINDOW = (time(8, 0), time(20, 0))
_TCPA_START, _TCPA_END = TCPA_WINDOW
_STRICT_START, _STRICT_END = STRICT_WINDOW
STRICT_STATES = {"FL": "Florida (FTSA)", "OK": "Oklahoma (OTSA)"}
# The US and its territories on the NANP: where the TCPA applies.
TCPA_REGIONS = frozenset({"US", "PR", "GU", "VI", "AS", "MP"})


class _When(NamedTuple):
    """The send time in the recipient's zone, and the state whose law applies."""

    local: datetime
    zone: str
    state: str | None


def _resolve(ctx: RuleContext) -> _When | NeedContext | None:
    """The local send time, a request for missing context, or None when nothing to check."""
    sent = ctx.message.sent_at
    if sent is None:
        return None
    if sent.tzinfo is None or sent.utcoffset() is None:
        return NeedContext(
            "sent_at",
            "the send time has no UTC offset; give it as e.g. 2024-05-01T21:30:00-04:00",
        )
    to = ctx.message.to
    dest = parse_destination(to) if to is not None else None
    if dest is not None and dest.valid and dest.region not in TCPA_REGIONS:
        return None  # US law: other countries' windows are not checked here
    state = dest.us_state if dest is not None else None
    zone = ctx.message.recipient_timezone or (dest.time_zone if dest is not None else None)
    if zone is None:
        return NeedContext(
            "recipient_timezone",
            "the recipient's local time decides whether this was sent in quiet hours",
        )
    try:
        local = sent.astimezone(ZoneInfo(zone))
    except OverflowError:
        return None  # a send time at the edge of the calendar is no real send
    except (ZoneInfoNotFoundError, ValueError):
        return NeedContext("recipient_timezone", f"{zone!r} is not a known IANA time zone")
    return _When(local, zone, state)


def _promo_spans(ctx: RuleContext) -> tuple[Span, ...]:
    return ctx.promotional


def _outside(local: datetime, start: time, end: time) -> bool:
    t = local.time().replace(tzinfo=None)
    return not start <= t <= end


def _hit(ctx: RuleContext, when: _When, law: str) -> Hit:
    spans = _promo_spans(ctx)
    message = f"Sent at {when.local:%H:%M} recipient time ({when.zone}), outside {law}."
    if spans:
        cue = ctx.body[spans[0].start : spans[0].end]
        message += f" The body reads promotional ({cue!r}), which quiet-hours laws cover."
    return Hit(message, spans, severity=Severity.LIKELY if spans else None)


@rule(
    id="TIM001",
    name="sent-during-quiet-hours",
    cause=Cause.NO_CONSENT,
    severity=Severity.ADVISORY,
    source="compliance-rules.md QUIET-HOURS-TCPA; TCPA-QH (47 CFR 64.1200(c)(1)); "
    "Infobip 4138 EC_INVALID_PROMO_TIME",
    fix="Schedule sends between 08:00 and 21:00 in the recipient's time zone (08:00-20:00 "
    "for Florida and Oklahoma numbers).",
    scope=Scope.CONTEXT,
    requires=("sent_at",),
    reads_body=False,
)
def sent_during_quiet_hours(ctx: RuleContext) -> CheckResult:
    """The text went out before 08:00 or after 21:00 at the recipient's location.

    ## What it does
    Converts ``sent_at`` to the recipient's time zone (``recipient_timezone``, or the
    zone the ``to`` number maps to when there is only one) and flags a send outside
    08:00-21:00. Numbers outside the US and its territories are not checked (the TCPA is
    US law). Promotional wording (sale, % off, promo code, shop now...) raises the
    finding to *likely* and is highlighted. Florida and Oklahoma numbers are left to
    TIM002, which applies those states' stricter window.

    ## Why is this bad?
    The TCPA forbids telephone solicitations to a residence before 8 a.m. or after 9 p.m.
    local time; suits over texts sent at night are common even when consent exists.
    Some providers enforce sending windows (Infobip 4138 for promotional traffic).

    ## Example
        sent_at: 2024-05-01T22:15:00-04:00, to: +1 212 234 5678
        Acme: 20% off everything tonight only! Shop now at acme.com. Reply STOP to opt out.

    ## Use instead
        sent_at: 2024-05-01T10:15:00-04:00, to: +1 212 234 5678
        Acme: 20% off everything today only! Shop now at acme.com. Reply STOP to opt out.
    """
    when = _resolve(ctx)
    if when is None:
        return
    if isinstance(when, NeedContext):
        yield when
        return
    if when.state in STRICT_STATES:
        return  # TIM002 owns Florida and Oklahoma
    if _outside(when.local, _TCPA_START, _TCPA_END):
        yield _hit(ctx, when, "the TCPA's 08:00-21:00 window")


@rule(
    id="TIM002",
    name="sent-outside-florida-oklahoma-hours",
    cause=Cause.NO_CONSENT,
    severity=Severity.ADVISORY,
    source="compliance-rules.md QUIET-HOURS-FLORIDA; FL (FTSA; OTSA)",
    fix="Send to Florida and Oklahoma numbers between 08:00 and 20:00 recipient time, and "
    "no more than three times in 24 hours on the same subject.",
    scope=Scope.CONTEXT,
    requires=("sent_at",),
    reads_body=False,
)
def sent_outside_florida_oklahoma_hours(ctx: RuleContext) -> CheckResult:
    """A text to a Florida or Oklahoma number went out before 08:00 or after 20:00.

    ## What it does
    For a ``to`` number in a Florida or Oklahoma area code (presumed to be in that state),
    converts ``sent_at`` to the recipient's time zone and flags a send outside
    08:00-20:00. Promotional wording raises the finding to *likely* and is highlighted.

    ## Why is this bad?
    Florida's Telephone Solicitation Act and Oklahoma's OTSA limit sales texts to
    08:00-20:00 recipient time (an hour shorter than the TCPA) and to three attempts per
    24 hours, with statutory damages per message.

    ## Example
        sent_at: 2024-05-01T20:30:00-04:00, to: +1 305 555 0134
        Acme: spring sale! 30% off all patio furniture. Reply STOP to opt out.

    ## Use instead
        sent_at: 2024-05-01T11:30:00-04:00, to: +1 305 555 0134
        Acme: spring sale! 30% off all patio furniture. Reply STOP to opt out.
    """
    if ctx.message.sent_at is None or ctx.message.to is None:
        return
    if parse_destination(ctx.message.to).us_state not in STRICT_STATES:
        return
    when = _resolve(ctx)
    if when is None or isinstance(when, NeedContext):
        return  # TIM001 asks for the missing context
    if when.state is not None and _outside(when.local, _STRICT_START, _STRICT_END):
        yield _hit(ctx, when, f"{STRICT_STATES[when.state]}'s 08:00-20:00 window")


RULES: tuple[Rule, ...] = (
    sent_during_quiet_hours,
    sent_outside_florida_oklahoma_hours,
)
