"""The recipient's number: parsed and classified with ``phonenumbers``, never a regex.

Numbers without a ``+country`` prefix are read as US numbers (the tool's users send to the
US and Canada). Classifying a new number costs 10-25 µs, so results are cached per
(number, region). A number written nationally with a trunk prefix ("07700 900123") is no
US number at all; ``trunk_prefixed``, ``zone_regions`` and ``sender_region`` let a caller
find the country it was written in from the message's other fields.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import phonenumbers
from phonenumbers import PhoneNumberType, phonenumberutil, timezone
from phonenumbers.phonemetadata import PhoneMetadata
from phonenumbers.re_util import re_compile

DEFAULT_REGION = "US"

# NANP area codes of the two states with stricter telemarketing hours (FTSA, OTSA),
# from NANPA's area code assignments (nationalnanpa.com), overlays up to 2024 included;
# tests/test_destination.py checks each one against phonenumbers' geocoder.
# fmt: off
FLORIDA_AREA_CODES: frozenset[str] = frozenset({
    "239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689",
    "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954",
})
# fmt: on
OKLAHOMA_AREA_CODES: frozenset[str] = frozenset(["405", "539", "572", "580", "918"])

_TYPE_NAMES: dict[int, str] = {
    value: name.lower()
    for name, value in vars(PhoneNumberType).items()
    if name.isupper() and isinstance(value, int)
}


@dataclass(frozen=True, slots=True)
class Destination:
    """What ``phonenumbers`` says about a ``to`` number.

    ``number_type`` is the library's type in lower case (``mobile``, ``fixed_line``,
    ``fixed_line_or_mobile``, ``toll_free``, ...); ``error`` says why parsing failed.

    Example:
        >>> d = parse_destination("(305) 555-0134")
        >>> d.valid, d.e164, d.us_state, d.time_zone
        (True, '+13055550134', 'FL', 'America/New_York')
    """

    raw: str
    valid: bool
    e164: str | None = None
    region: str | None = None
    number_type: str = "unknown"
    time_zones: tuple[str, ...] = ()
    us_state: str | None = None
    error: str | None = None

    @property
    def time_zone(self) -> str | None:
        """The recipient's zone when the number maps to exactly one, else ``None``."""
        return self.time_zones[0] if len(self.time_zones) == 1 else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "valid": self.valid,
            "e164": self.e164,
            "region": self.region,
            "number_type": self.number_type,
            "time_zones": list(self.time_zones),
            "us_state": self.us_state,
            "error": self.error,
        }


# Batch triage sees the same recipients again and again across a file: keep ~64k numbers
# (a few tens of MB) so a large export parses each one once.
@lru_cache(maxsize=1 << 16)
def parse_destination(to: str, default_region: str = DEFAULT_REGION) -> Destination:
    """Parse and classify ``to``; never raises."""
    raw = to.strip()
    try:
        number = _parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        return Destination(raw, False, error=_parse_error(exc))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # number_type is UNKNOWN exactly when is_valid_number is False (both match the national
    # number against the region's type patterns; checked on 80k random numbers), so one call
    # does for both: phonenumbers costs ~10-15 µs per pattern pass.
    region, kind = _region_and_type(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        if not phonenumbers.is_possible_number(number):
            return Destination(raw, False, error="not a possible length for its country")
        national = phonenumbers.national_significant_number(number)
        if number.country_code == 1 and len(national) == 7:
            return Destination(raw, False, error="seven digits: the area code is missing")
        return Destination(raw, False, e164, region, error="not an assigned number range")
    zones = tuple(z for z in _time_zones(number, kind) if z != "Etc/Unknown")
    return Destination(
        raw,
        True,
        e164,
        region,
        _TYPE_NAMES.get(kind, "unknown"),
        zones,
        _us_state(number),
    )


#: ``+1`` and ten digits, the first 2-9: how providers write a NANP recipient. Plain ASCII
#: digits only (``[0-9]``, where ``\d`` would take any script's digits).
_NANP_E164_RE = re.compile(r"\+1[2-9][0-9]{9}")


def _parse(raw: str, default_region: str) -> phonenumbers.PhoneNumber:
    """``phonenumbers.parse(raw, default_region)``, without its text scanning for E.164 NANP.

    For such a string ``parse`` finds no extension, no national prefix (the US one is "1",
    and the number starts with 2-9) and no leading zero, and returns just the calling code
    and the national number. Skipping its scan halves what a new recipient costs (~22 to
    ~11 µs) in a batch, where most recipients are new. Validity, region, type and zones still
    come from the library; ``tests/test_destination.py`` holds this to ``parse`` on every
    area code.
    """
    if _NANP_E164_RE.fullmatch(raw):
        return phonenumbers.PhoneNumber(country_code=1, national_number=int(raw[2:]))
    return phonenumbers.parse(raw, default_region)


# ``number_type`` and ``time_zones_for_number`` each find the number's region again, and
# ``time_zones_for_number`` its type again: for a NANP number outside the US ranges that is
# the patterns of every NANP region, twice more. The two functions below are the library's
# own steps with the region and type passed on, so each is computed once (half the cost of
# a number); ``tests/test_destination.py`` holds them to the plain calls. The library keeps
# its compiled patterns (``enable_pattern_cache``) instead of asking ``re``'s bounded cache
# for each of them on every match.
if hasattr(phonenumbers, "enable_pattern_cache"):
    phonenumbers.enable_pattern_cache()
_TYPE_HELPER: Callable[[str, Any], int] | None = getattr(
    phonenumberutil, "_number_type_helper", None
)


@cache
def _shared_code_regions(
    code: int,
) -> tuple[tuple[str, Any, re.Pattern[str] | None, bool], ...]:
    """The regions sharing calling code ``code``, in the library's order, with their
    metadata and compiled leading-digits pattern (what ``region_code_for_number`` looks up
    and compiles again for every number), and whether ``number_type`` would read the same
    metadata for that region (so the type found on the way can be kept)."""
    out = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ()):
        metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is not None:
            leading = metadata.leading_digits
            same = metadata is PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            out.append((region, metadata, None if leading is None else re_compile(leading), same))
    return tuple(out)


def _region_and_type(number: phonenumbers.PhoneNumber) -> tuple[str | None, int]:
    """``(region_code_for_number(number), number_type(number))`` in one pass.

    For a calling code shared by several regions (+1: the US, Canada and 23 more), the
    library finds the region by trying each region in turn (its leading digits, else its
    type patterns), then ``number_type`` matches the number against the found region's
    patterns again. These are the library's own steps in its order, with each region's
    metadata and pattern looked up once per process and the type the search computed kept.
    """
    code = cast(int, number.country_code)
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code)
    if _TYPE_HELPER is None or regions is None or len(regions) == 1:
        region = phonenumbers.region_code_for_number(number)
        return region, _number_type(number, region)
    national = phonenumbers.national_significant_number(number)
    for region, metadata, leading, same in _shared_code_regions(code):
        if leading is not None:
            if leading.match(national):
                return region, _number_type(number, region)
        elif (kind := _TYPE_HELPER(national, metadata)) != PhoneNumberType.UNKNOWN:
            return region, kind if same else _number_type(number, region)
    return None, _number_type(number, None)


def _number_type(number: phonenumbers.PhoneNumber, region: str | None) -> int:
    """``phonenumbers.number_type(number)``, given ``region_code_for_number(number)``."""
    if _TYPE_HELPER is None:  # another phonenumbers: the public call
        return phonenumbers.number_type(number)  # type: ignore[no-any-return]
    # A parsed number has a country code; a region of None is what number_type passes too.
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(
        cast(int, number.country_code),
        region,  # type: ignore[arg-type]
    )
    if metadata is None:
        return PhoneNumberType.UNKNOWN
    return _TYPE_HELPER(phonenumbers.national_significant_number(number), metadata)


def _time_zones(number: phonenumbers.PhoneNumber, kind: int) -> Sequence[str]:
    """``timezone.time_zones_for_number(number)`` for a number of known, valid type ``kind``."""
    if phonenumbers.is_number_type_geographical(kind, cast(int, number.country_code)):
        return timezone.time_zones_for_geographical_number(number)
    return timezone.time_zones_for_number(number)


def recipient_time_zone(to: str) -> str | None:
    """The recipient's IANA zone from the number, when it is valid and unambiguous."""
    return parse_destination(to).time_zone


def _us_state(number: phonenumbers.PhoneNumber) -> str | None:
    """``FL`` or ``OK`` for a US number in those states' area codes; other states: None."""
    if number.country_code != 1:
        return None
    area = phonenumbers.national_significant_number(number)[:3]
    if area in FLORIDA_AREA_CODES:
        return "FL"
    if area in OKLAHOMA_AREA_CODES:
        return "OK"
    return None


def _parse_error(exc: phonenumbers.NumberParseException) -> str:
    return {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
        phonenumbers.NumberParseException.NOT_A_NUMBER: "not a phone number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
        phonenumbers.NumberParseException.TOO_LONG: "too long",
    }.get(exc.error_type, "not a phone number")


# --- the country of a number written nationally -------------------------------------------

# A nationally written number: digits and the usual separators, nothing else. NANP numbers
# never start with 0 (area codes and exchanges start with 2-9, the trunk prefix is 1), while
# most other countries dial a trunk prefix 0 before the national number ("07911 123456" in
# the UK, "06 12 34 56 78" in France) or the international prefix 00 ("0044 ...").
_TRUNK_NATIONAL_RE = re.compile(r"\s*\(?0[0-9\s().\-/]*")


def trunk_prefixed(to: str) -> bool:
    """Whether ``to`` is written nationally behind a trunk prefix 0 (or the international
    prefix 00): a form no US number takes, whose country is not in the number."""
    return _TRUNK_NATIONAL_RE.fullmatch(to) is not None


def after_international_prefix(to: str) -> str | None:
    """``to`` in E.164 form when it starts with the international prefix 00 ("0044 7911
    123456" -> "+447911123456"), the ITU-T recommended prefix most countries dial."""
    digits = phonenumbers.normalize_digits_only(to)
    if trunk_prefixed(to) and digits.startswith("00") and len(digits) > 4:
        return "+" + digits[2:]
    return None


# Two or more mask characters where digits belong: "+91XXXXXXXXXX", "+421*********",
# "555-xxx-1234", "+1 415 ••• 0132". A lone x is an extension ("x204"), not a mask.
_REDACTED_RE = re.compile(r"[0-9+\s().-]*(?:[xX*\u2022#]{2,}|[xX*\u2022#][\s.-]?[xX*\u2022#])")


def redacted(to: str) -> bool:
    """Whether ``to`` has digits masked out (as people paste numbers into tickets): such a
    number is unknown, not invalid."""
    return _REDACTED_RE.match(to) is not None


def without_plus(to: str) -> str | None:
    """``to`` in E.164 form when it is a full international number written without its
    ``+`` ("977985550123", "44 7911 123456"): valid that way and not as a US number.
    Many APIs (MessageBird, Vonage, Infobip) take numbers in this form."""
    stripped = to.strip()
    if stripped.startswith(("+", "0")):
        return None
    digits = phonenumbers.normalize_digits_only(stripped)
    if len(digits) < 11 or len(digits) > 15 or digits.startswith("1"):
        return None
    candidate = "+" + digits
    return candidate if parse_destination(candidate).valid else None


def sender_region(sender: str) -> str | None:
    """The region of a sender number: where it is valid, or the main region of its ``+``
    country code; ``None`` for alphanumeric senders, short codes and non-numbers."""
    dest = parse_destination(sender)
    if dest.valid:
        return dest.region
    raw = sender.strip()
    if not raw.startswith("+"):
        return None
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_country_code(cast(int, number.country_code))
    return None if region == phonenumbers.UNKNOWN_REGION else region


def _tz_file(name: str) -> str:
    """The text of the tz database's ``name`` file: the ``tzdata`` package's copy (what
    ``zoneinfo`` falls back to), else the system's (``zoneinfo.TZPATH``); "" if neither."""
    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ImportError, OSError):
        pass
    for directory in zoneinfo.TZPATH:
        try:
            return (Path(directory) / name).read_text(encoding="utf-8")
        except OSError:
            continue
    return ""


@cache
def _zone_countries() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, str]]:
    """From the tz database: zone.tab (zone -> its country), zone1970.tab (zone -> the
    countries it serves) and the links of tzdata.zi (alias -> zone)."""
    one: dict[str, str] = {}
    for line in _tz_file("zone.tab").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                one[fields[2]] = fields[0]
    many: dict[str, tuple[str, ...]] = {}
    for line in _tz_file("zone1970.tab").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                many[fields[2]] = tuple(fields[0].split(","))
    links: dict[str, str] = {}
    for line in _tz_file("tzdata.zi").splitlines():
        if line.startswith("L "):
            fields = line.split()
            if len(fields) == 3:
                links[fields[2]] = fields[1]
    return one, many, links


@lru_cache(maxsize=1024)
def zone_regions(zone: str) -> tuple[str, ...]:
    """The countries (ISO 3166 codes) an IANA zone is used in, its own country first.

    From the tz database's zone.tab and zone1970.tab, following a backward link ("US/Eastern",
    "Asia/Calcutta") to its zone. A zone merged into another country's ("Iceland" is a link
    to Africa/Abidjan) yields every country of the merged zone, so the right one is among
    them. Empty for "UTC", unknown names, or when no tz database is installed.

    Example:
        >>> zone_regions("Europe/London")
        ('GB', 'GG', 'IM', 'JE')
        >>> zone_regions("US/Eastern")
        ('US',)
    """
    one, many, links = _zone_countries()
    target = zone
    for _ in range(4):  # links point at zones, but allow a short chain
        if target not in links:
            break
        target = links[target]
    found = [one.get(zone), one.get(target), *many.get(target, ())]
    return tuple(dict.fromkeys(r for r in found if r))
