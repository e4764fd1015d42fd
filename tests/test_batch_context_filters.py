"""Each context filter keeps every row its rules fire on (window ends, zones, odd input)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType

from diagnose.batch.context_filters import FILTERS
from diagnose.message import FailedMessage
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rule
from diagnose.rules.registry import RULES_BY_ID

NUMBERS = [
    None,
    "+13055550134",  # Florida
    "+14055550134",  # Oklahoma
    "+12125550134",  # New York
    "+13105550134",  # California
    "+18085550134",  # Hawaii
    "+16715550134",  # Guam (UTC+10, a TCPA region)
    "+447911123456",  # UK: not checked
    "555-1234",  # invalid
]
ZONES = [None, "America/Chicago", "Pacific/Kiritimati", "Not/AZone"]
# Local wall-clock times around every window end, seconds and microseconds included.
CLOCK = [
    (0, 0, 0, 0),
    (7, 59, 59, 999999),
    (8, 0, 0, 0),
    (8, 0, 0, 1),
    (12, 0, 0, 0),
    (19, 59, 59, 999999),
    (20, 0, 0, 0),
    (20, 0, 0, 1),
    (20, 30, 0, 0),
    (21, 0, 0, 0),
    (21, 0, 0, 1),
    (23, 59, 59, 0),
]


def _send_times() -> list[datetime | None]:
    out: list[datetime | None] = [None, datetime(2024, 5, 1, 22, 0)]  # naive: asks for context
    for offset in range(-12, 15):  # every whole-hour offset: each local clock lands somewhere
        zone = timezone(timedelta(hours=offset))
        for h, m, s, us in CLOCK:
            out.append(datetime(2024, 3, 10, h, m, s, us, tzinfo=zone))  # US DST starts
            out.append(datetime(2024, 11, 3, h, m, s, us, tzinfo=zone))  # US DST ends
    out.append(datetime(1, 1, 1, 0, 0, tzinfo=UTC))  # the edge of the calendar
    return out


def _every_type_of_number() -> list[str | None]:
    """libphonenumber's example number of every type in a spread of regions, and odd input."""
    out: list[str | None] = []
    for region in ("US", "CA", "PR", "GU", "GB", "DE", "FR", "IT", "ES", "NL", "AU", "IN"):
        for kind in vars(PhoneNumberType).values():
            if isinstance(kind, int):
                number = phonenumbers.example_number_for_type(region, kind)
                if number is not None:
                    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                    out += [e164, e164[2:]]  # also without "+c": read as a US number
    return [*out, "", "0", "+", "+999 1234", "12345678901234567", "not a number"]


@pytest.mark.parametrize("rule_id", sorted(FILTERS))
def test_filter_keeps_every_row_the_rule_fires_on(rule_id: str) -> None:
    rule = RULES_BY_ID[rule_id]
    noon = [datetime(2024, 5, 1, 12, tzinfo=UTC), datetime(2024, 5, 1, 3, tzinfo=UTC)]
    rows = list(itertools.product(_send_times(), NUMBERS, ZONES))
    rows += itertools.product(noon, _every_type_of_number(), [None])
    cols = {
        "sent_at": [r[0] for r in rows],
        "to": [r[1] for r in rows],
        "recipient_timezone": [r[2] for r in rows],
    }
    kept = set(FILTERS[rule_id](cols, list(range(len(rows)))))
    fired = 0
    for i, (sent, to, zone) in enumerate(rows):
        message = FailedMessage(
            body="Acme: 20% off today!", to=to, sent_at=sent, recipient_timezone=zone
        )
        findings, _ = run_rule(rule, RuleContext(message))
        if findings:
            fired += 1
            assert i in kept, (sent, to, zone)
    assert fired >= 10  # the grid does reach the rule
    assert len(kept) < len(rows)  # and the filter does drop rows
