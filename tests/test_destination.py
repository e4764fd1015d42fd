"""Destination parsing: validity, number types, time zones and the FL/OK area codes."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType, geocoder, timezone

from diagnose.text.destination import (
    _NANP_E164_RE,
    _TYPE_NAMES,
    DEFAULT_REGION,
    FLORIDA_AREA_CODES,
    OKLAHOMA_AREA_CODES,
    _parse,
    _region_and_type,
    parse_destination,
    recipient_time_zone,
)


@pytest.mark.parametrize(
    ("to", "e164", "number_type"),
    [
        ("(415) 555-0132", "+14155550132", "fixed_line_or_mobile"),
        ("1-415-555-0132", "+14155550132", "fixed_line_or_mobile"),
        ("+1 800 555 1234", "+18005551234", "toll_free"),
        ("+1 900 555 1234", "+19005551234", "premium_rate"),
        ("+44 20 7946 0000", "+442079460000", "fixed_line"),
        ("+44 7911 123456", "+447911123456", "mobile"),
        ("+33 6 12 34 56 78", "+33612345678", "mobile"),
    ],
)
def test_valid_numbers(to: str, e164: str, number_type: str) -> None:
    dest = parse_destination(to)
    assert dest.valid and dest.error is None
    assert (dest.e164, dest.number_type) == (e164, number_type)


@pytest.mark.parametrize(
    ("to", "error"),
    [
        ("hello", "not a phone number"),
        ("555-1234", "seven digits: the area code is missing"),
        ("+1 415 555 01", "not a possible length for its country"),
        ("+999 123 4567", "unknown country code"),
        ("+44 7700 900123", "not an assigned number range"),
        ("", "not a phone number"),
    ],
)
def test_invalid_numbers(to: str, error: str) -> None:
    dest = parse_destination(to)
    assert not dest.valid
    assert dest.error == error


def test_time_zone_only_when_unambiguous() -> None:
    assert recipient_time_zone("+1 212 234 5678") == "America/New_York"
    assert recipient_time_zone("+1 415 555 0132") == "America/Los_Angeles"
    assert recipient_time_zone("+33 6 12 34 56 78") == "Europe/Paris"
    assert recipient_time_zone("+44 7911 123456") is None  # UK mobile: also Jersey, Guernsey...
    assert recipient_time_zone("+1 800 555 1234") is None  # toll-free: the whole NANP
    assert recipient_time_zone("+61 491 570 006") is None  # Australian mobile: 8 zones
    assert recipient_time_zone("garbage") is None


@pytest.mark.parametrize(
    ("to", "state"),
    [
        ("+1 305 555 0134", "FL"),
        ("(813) 234-5678", "FL"),
        ("+1 918 234 5678", "OK"),
        ("+1 405 234 5678", "OK"),
        ("+1 212 234 5678", None),
        ("+44 7911 123456", None),
    ],
)
def test_us_state(to: str, state: str | None) -> None:
    assert parse_destination(to).us_state == state


@pytest.mark.parametrize("area", sorted(FLORIDA_AREA_CODES | OKLAHOMA_AREA_CODES))
def test_area_code_lists_agree_with_geocoder(area: str) -> None:
    number = phonenumbers.parse(f"+1{area}2345678")
    place = geocoder.description_for_number(number, "en")
    name, abbr = ("Florida", "FL") if area in FLORIDA_AREA_CODES else ("Oklahoma", "OK")
    assert place == name or place.endswith(f", {abbr}"), (area, place)


def test_parse_is_cached() -> None:
    assert parse_destination("+14155550132") is parse_destination("+14155550132")


def test_to_dict() -> None:
    d = parse_destination("+1 305 555 0134").to_dict()
    assert d["e164"] == "+13055550134" and d["us_state"] == "FL"
    assert d["time_zones"] == ["America/New_York"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_never_raises(to: str) -> None:
    dest = parse_destination(to)
    assert dest.valid == (dest.error is None)


def test_number_type_stands_in_for_is_valid_number() -> None:
    """parse_destination calls number_type only; it must agree with is_valid_number."""
    import random

    import phonenumbers

    from diagnose.text.destination import parse_destination

    rng = random.Random(3)
    for _ in range(3000):
        region = rng.choice(["US", "GB", "DE", "IN", "BR", "CA", "AU", "PR"])
        cc = phonenumbers.country_code_for_region(region)
        raw = f"+{cc}" + "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 12)))
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        assert parse_destination.__wrapped__(raw).valid == phonenumbers.is_valid_number(number)


def _numbers_of_every_kind() -> list[str]:
    """Every region's example number of every type, with its last digits varied; random
    NANP numbers (most are outside the US ranges, so every NANP region is tried); short,
    long, local and non-numbers."""
    import random

    rng = random.Random(11)
    out = [f"+1{rng.randint(2000000000, 9999999999)}" for _ in range(3000)]
    out += [f"{rng.randint(2000000, 9999999)}" for _ in range(100)]
    out += [f"({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"]
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    kinds = [v for k, v in vars(PhoneNumberType).items() if k.isupper() and isinstance(v, int)]
    for region in regions:
        for kind in kinds:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            out.append(e164)
            for _ in range(3):
                tail = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 4)))
                out.append(e164[: -len(tail)] + tail)
                out.append(e164 + tail[:1])
                out.append(e164[:-1])
    for cc in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        out.append(f"+{cc}" + "".join(rng.choice("0123456789") for _ in range(rng.randint(3, 12))))
    out += ["", "hello", "+", "555-1234", "+999 123 4567", "88202", "+800 1234 5678"]
    return out


def test_parse_destination_matches_the_plain_library_calls() -> None:
    """What ``parse_destination`` computes in one pass (region, type, zones) is what the
    public ``region_code_for_number``, ``number_type`` and ``time_zones_for_number`` say."""
    numbers = _numbers_of_every_kind()
    assert len(numbers) > 5000
    for to in numbers:
        got = parse_destination.__wrapped__(to)
        try:
            number = phonenumbers.parse(to.strip(), DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            assert not got.valid and got.error, to
            continue
        assert got.valid == phonenumbers.is_valid_number(number), to
        if not got.valid:
            continue
        kind = phonenumbers.number_type(number)
        zones = timezone.time_zones_for_number(number)
        assert got.region == phonenumbers.region_code_for_number(number), to
        assert got.number_type == _TYPE_NAMES.get(kind, "unknown"), to
        assert got.time_zones == tuple(z for z in zones if z != "Etc/Unknown"), to


def test_region_and_type_match_the_library_calls() -> None:
    """The one-pass region search keeps the library's order and answers."""
    for to in _numbers_of_every_kind():
        try:
            number = phonenumbers.parse(to.strip(), DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        expected = (phonenumbers.region_code_for_number(number), phonenumbers.number_type(number))
        assert _region_and_type(number) == expected, to


def _nanp_shaped() -> list[str]:
    """``+1`` and ten digits for every area code 000-999, with exchanges and line numbers
    at the edges (0, 1, 9 first digits, N11 codes) and random ones, plus near misses."""
    import random

    rng = random.Random(5)
    out = []
    for area in range(1000):
        for exchange in ("000", "100", "211", "555", "911", "999", f"{rng.randint(0, 999):03d}"):
            out.append(f"+1{area:03d}{exchange}{rng.randint(0, 9999):04d}")
    out += [
        "+1415555012",  # nine digits
        "+141555501234",  # eleven
        "+1 4155550123",
        "+14155550123 ext 5",
        "+1415555012\u0663",
        "+1\u0664155550123",  # non-ASCII digits: the library's scan
        "+2415555012",
    ]
    return out


@pytest.mark.parametrize("region", ["US", "CA", "GB"])
def test_fast_parse_is_the_library_parse(region: str) -> None:
    """The E.164 NANP shortcut gives what ``phonenumbers.parse`` gives, or raises as it does."""
    numbers = _nanp_shaped()
    assert sum(bool(_NANP_E164_RE.fullmatch(raw)) for raw in numbers) > 5000  # the shortcut
    for raw in numbers:
        try:
            expected = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException as exc:
            with pytest.raises(phonenumbers.NumberParseException) as got:
                _parse(raw, region)
            assert got.value.error_type == exc.error_type, raw
            continue
        assert _parse(raw, region) == expected, raw


def test_fast_parse_keeps_every_destination_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole results agree whichever way the number was parsed."""
    import diagnose.text.destination as destination

    numbers = _nanp_shaped()
    fast = [parse_destination.__wrapped__(raw) for raw in numbers]
    monkeypatch.setattr(destination, "_parse", phonenumbers.parse)
    slow = [parse_destination.__wrapped__(raw) for raw in numbers]
    assert fast == slow
    assert sum(d.valid for d in fast) > 1000  # the valid path is exercised, not just errors


# --- numbers written nationally: their country from the context --------------------------


@pytest.mark.parametrize(
    ("zone", "first", "also"),
    [
        ("Europe/London", "GB", {"JE", "GG", "IM"}),
        ("Europe/Jersey", "JE", {"GB"}),
        ("US/Eastern", "US", set()),  # a backward link
        ("Asia/Calcutta", "IN", set()),
        ("Iceland", "CI", {"IS"}),  # linked to Africa/Abidjan: every country of that zone
        ("America/Toronto", "CA", set()),
    ],
)
def test_zone_regions_come_from_the_tz_database(zone: str, first: str, also: set[str]) -> None:
    from diagnose.text.destination import zone_regions

    regions = zone_regions(zone)
    assert regions[0] == first and also <= set(regions)


def test_zone_regions_of_zones_without_a_country() -> None:
    from diagnose.text.destination import zone_regions

    assert zone_regions("UTC") == () and zone_regions("Etc/GMT+5") == ()
    assert zone_regions("Not/A_Zone") == ()


def test_every_country_zone_has_a_region_phonenumbers_knows() -> None:
    """zone.tab's zones all map to a region; nearly all of those have a calling code."""
    import zoneinfo

    from diagnose.text.destination import zone_regions

    zones = [z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/")]
    mapped = [z for z in zones if zone_regions(z)]
    assert len(mapped) > 0.9 * len(zones)
    coded = [z for z in mapped if phonenumbers.country_code_for_region(zone_regions(z)[0])]
    assert len(coded) > 0.95 * len(mapped)


@pytest.mark.parametrize(
    ("to", "trunk", "international"),
    [
        ("07700 900123", True, None),
        ("(0)7911 123456", True, None),
        ("06-12-34-56-78", True, None),
        ("0044 7911 123456", True, "+447911123456"),
        ("555-1234", False, None),
        ("(415) 555-0132", False, None),
        ("+44 7911 123456", False, None),
        ("0 on file", False, None),
    ],
)
def test_trunk_prefixed(to: str, trunk: bool, international: str | None) -> None:
    from diagnose.text.destination import after_international_prefix, trunk_prefixed

    assert trunk_prefixed(to) is trunk
    assert after_international_prefix(to) == international


@pytest.mark.parametrize(
    ("sender", "region"),
    [
        ("+14155550132", "US"),
        ("(415) 555-0132", "US"),
        ("+33 6 12 34 56 78", "FR"),
        ("+44 7700 900123", "GB"),  # not an assigned range, but the country code says GB
        ("Acme", None),
        ("88202", None),
        ("+999 123", None),
    ],
)
def test_sender_region(sender: str, region: str | None) -> None:
    from diagnose.text.destination import sender_region

    assert sender_region(sender) == region


def _dst001(fields: dict[str, object]) -> tuple[list[str], list[str]]:
    from diagnose.message import FailedMessage
    from diagnose.rules.context import RuleContext
    from diagnose.rules.destination import invalid_destination_number
    from diagnose.rules.engine import run_rule

    found, needs = run_rule(
        invalid_destination_number,
        RuleContext(FailedMessage.from_dict({"body": "Acme: hi", **fields})),
    )
    return [f.severity.value for f in found], [n.field for n in needs]


def test_a_national_number_without_a_country_is_unknown_not_invalid() -> None:
    assert _dst001({"to": "07700 900123"}) == ([], ["to"])
    assert _dst001({"to": "07700 900123", "recipient_timezone": "Europe/London"}) == (
        ["likely"],
        [],
    )
    assert _dst001({"to": "07911 123456", "recipient_timezone": "Europe/London"}) == ([], [])
    # A ten-digit number without + is still read as a US number (README), as a blocker.
    assert _dst001({"to": "9876543210"}) == (["blocker"], [])


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"\+?0?[0-9 ()-]{4,16}", fullmatch=True),
        st.sampled_from(["07700 900123", "07911 123456", "0044 7911 123456", "9876543210"]),
    ),
    st.sampled_from([None, "Europe/London", "Asia/Kolkata", "America/Chicago", "Iceland", "UTC"]),
    st.sampled_from([None, "+447911123456", "+14155550132", "Acme", "+91 98765 43210"]),
)
def test_dst001_only_fires_on_numbers_the_us_reading_finds_invalid(
    to: str, zone: str | None, sender: str | None
) -> None:
    """Batch triage runs DST001 only on rows whose ``to`` is invalid as read by default
    (``context_filters.invalid_numbers``): the context may clear a number, never condemn a
    valid one."""
    fields: dict[str, object] = {"to": to}
    if zone:
        fields["recipient_timezone"] = zone
    if sender:
        fields["from"] = sender
    severities, _ = _dst001(fields)
    if severities:
        assert not parse_destination(to).valid
