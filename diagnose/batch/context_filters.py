"""Column-wise necessary conditions for context rules that read a per-row value.

The rule engine memoises a rule on the fields it reads, which does nothing for a rule that
reads a value new on nearly every row: the send time (TIM001, TIM002) or, in a long
export, the recipient (DST001-003); such rules ran on every row. Most sends fall inside
every quiet-hours window and most numbers are ordinary, where these rules cannot fire; a
filter here finds those rows column-wise (with the same time-zone conversion and the same
cached ``parse_destination`` the rules use) and the rules run only on the rest.

A filter must keep every row its rule can yield a finding on; it may keep more.
``tests/test_batch_context_filters.py`` runs the rules on window boundaries, zones, numbers
of every type and naive times to hold it to that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from diagnose.rules.destination import (
    invalid_destination_number,
    landline_destination,
    non_mobile_destination,
)
from diagnose.rules.sender import india_dlt_template, to_india
from diagnose.rules.timing import (
    STRICT_STATES,
    STRICT_WINDOW,
    TCPA_REGIONS,
    TCPA_WINDOW,
    sent_during_quiet_hours,
    sent_outside_florida_oklahoma_hours,
)
from diagnose.text.destination import parse_destination

RowFilter = Callable[[Mapping[str, Sequence[Any]], list[int]], list[int]]


def night_sends(cols: Mapping[str, Sequence[Any]], rows: list[int]) -> list[int]:
    """TIM001's rows: sent, or maybe sent, outside ``TCPA_WINDOW`` in the recipient's zone, to a
    number of neither strict state (TIM002 owns Florida and Oklahoma)."""
    return _night_sends(cols, rows, TCPA_WINDOW, strict=False)


def strict_state_night_sends(cols: Mapping[str, Sequence[Any]], rows: list[int]) -> list[int]:
    """TIM002's rows: to a Florida or Oklahoma number, sent, or maybe sent, outside
    ``STRICT_WINDOW`` in the recipient's zone."""
    return _night_sends(cols, rows, STRICT_WINDOW, strict=True)


def _night_sends(
    cols: Mapping[str, Sequence[Any]],
    rows: list[int],
    day: tuple[time, time],
    *,
    strict: bool,
) -> list[int]:
    """The rows whose send time is, or may be, outside ``day`` in the recipient's zone, and
    whose number is (``strict``) or is not in a strict-hours state.

    The number and zone are found the way the timing rules find them (``parse_destination``;
    ``recipient_timezone``, else the one zone of the ``to`` number); rows with no zone or a
    naive send time cannot get a finding (the rules ask for context instead), nor can a
    valid number outside the TCPA's regions; anything that fails to convert is kept.
    """
    sent_at, to, tz = cols["sent_at"], cols["to"], cols["recipient_timezone"]
    start, end = day
    zones: dict[str, ZoneInfo | None] = {}
    kept: list[int] = []
    for i in rows:
        sent: datetime | None = sent_at[i]
        if sent is None or sent.tzinfo is None:
            continue
        number = to[i]
        dest = parse_destination(number) if number is not None else None
        if dest is not None and dest.valid and dest.region not in TCPA_REGIONS:
            continue
        if (dest is not None and dest.us_state in STRICT_STATES) is not strict:
            continue
        name = tz[i] or (dest.time_zone if dest is not None else None)
        if name is None:
            continue
        if name in zones:
            zone = zones[name]
        else:
            try:
                zone = ZoneInfo(name)
            except Exception:  # not a zone: keep the row, the rule says what it makes of it
                zone = None
            zones[name] = zone
        if zone is None:
            kept.append(i)
            continue
        try:
            local = sent.astimezone(zone).time()
        except (OverflowError, ValueError):
            kept.append(i)
            continue
        if not start <= local <= end:
            kept.append(i)
    return kept


def invalid_numbers(cols: Mapping[str, Sequence[Any]], rows: list[int]) -> list[int]:
    """The rows whose ``to`` number is set and does not parse as a valid number."""
    to = cols["to"]
    return [i for i in rows if to[i] is not None and not parse_destination(to[i]).valid]


#: Number types no destination rule flags: phones people text on, and the US/Canada
#: ranges that do not tell fixed from mobile.
ORDINARY = frozenset({"mobile", "fixed_line_or_mobile"})


def unusual_numbers(cols: Mapping[str, Sequence[Any]], rows: list[int]) -> list[int]:
    """The rows whose ``to`` number is valid and of a type other than ``ORDINARY``."""
    to = cols["to"]
    kept = []
    for i in rows:
        number = to[i]
        if number is not None:
            dest = parse_destination(number)
            if dest.valid and dest.number_type not in ORDINARY:
                kept.append(i)
    return kept


def indian_numbers(cols: Mapping[str, Sequence[Any]], rows: list[int]) -> list[int]:
    """SND003's rows: the ``to`` number is Indian (the rule's own test, ``to_india``)."""
    to = cols["to"]
    return [i for i in rows if to_india(to[i])]


#: Rule id -> its filter. Rules sharing a filter share one evaluation per chunk.
FILTERS: dict[str, RowFilter] = {
    india_dlt_template.id: indian_numbers,
    sent_during_quiet_hours.id: night_sends,
    sent_outside_florida_oklahoma_hours.id: strict_state_night_sends,
    invalid_destination_number.id: invalid_numbers,
    landline_destination.id: unusual_numbers,
    non_mobile_destination.id: unusual_numbers,
}
