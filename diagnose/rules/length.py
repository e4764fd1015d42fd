"""Length and encoding rules: empty bodies, provider caps, segment counts, costly characters.

Source: compliance-rules.md section I (LEN-*, ENC-*) and error-codes.md rows for the
provider caps. Segment maths lives in ``diagnose.text.segments``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from diagnose.causes import Cause
from diagnose.message import Provider
from diagnose.rules.base import CheckResult, Hit, Rule, Scope, Severity, Span, rule
from diagnose.rules.context import RuleContext
from diagnose.rules.prefilters import NO_ASCII_ALNUM, char_class, min_length
from diagnose.text.segments import (
    GSM7_EXTENSION,
    LOOKALIKE_RE,
    LOOKALIKES,
    SegmentInfo,
    gsm7_fold,
    is_gsm7,
    segment_info,
)

# LEN002-LEN004 each need the segment count of the same body: compute it once.

# Invisible characters that make a body look non-empty to code but empty to a reader.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans(dict.fromkeys(_INVISIBLE_CHARS, ""))


@rule(
    id="LEN001",
    name="empty-body",
    cause=Cause.CONTENT_TOO_LONG_OR_ENCODING,
    severity=Severity.BLOCKER,
    source="compliance-rules.md LEN-EMPTY; TW-E 21602; TX-ERR 40316; Plivo 10",
    fix="Send the text you meant to send; an SMS needs a body (only MMS may carry media alone).",
    prefilter=NO_ASCII_ALNUM,
)
def empty_body(ctx: RuleContext) -> CheckResult:
    """The message body is empty or only whitespace.

    ## What it does
    Flags a body with no visible character: empty, spaces and line breaks only, or
    invisible characters such as zero-width spaces.

    ## Why is this bad?
    Providers refuse an SMS without text (Twilio 21602, Telnyx 40316, Plivo 10). An empty
    body usually means a template variable or an integration field came through blank.

    ## Example
        (an empty body, or "   ")

    ## Use instead
        Acme: your order #1234 has shipped.
    """
    body = ctx.body
    stripped = body.strip()
    if stripped and stripped[0] not in _INVISIBLE_CHARS:
        return  # cheap exit: strip() stops at the first visible character
    if stripped.translate(_INVISIBLE).strip():
        return
    if not body:
        yield Hit("The body is empty.")
    else:
        yield Hit(f"The body holds only whitespace or invisible characters ({len(body)}).")


class _Cap(NamedTuple):
    """A provider's hard length cap: ``limit`` in ``unit``, and the code it fails with."""

    limit: int
    unit: str
    error: str


# Each provider's cap and how it counts (compliance-rules.md LEN-PROVIDER-MAX).
# Twilio says 1,600 characters and that non-GSM characters "count as multiple characters":
# we count UTF-16 code units, so an emoji counts twice. Plivo caps 1,600 GSM-7 / 737 UCS-2
# characters (737 = 11 UCS-2 parts of 67). Infobip caps 25 parts or 4,000 bytes; 25 parts
# is always the smaller of the two.
_TWILIO_CAP = _Cap(1600, "characters", "Twilio 21617")
_CAPS: dict[Provider, Callable[[SegmentInfo], _Cap]] = {
    Provider.TWILIO: lambda info: _TWILIO_CAP,
    Provider.PLIVO: lambda info: (
        _Cap(1600, "GSM-7 characters", "Plivo 10/110")
        if info.encoding == "GSM-7"
        else _Cap(737, "UCS-2 characters", "Plivo 10/110")
    ),
    Provider.INFOBIP: lambda info: _Cap(25, "segments", "Infobip 25 REJECTED_MESSAGE_TOO_LONG"),
}
# Providers whose cap our references do not give: the common 1,600 cap, flagged as assumed.
_DEFAULT_CAP = _Cap(1600, "characters", "")
# The smallest cap that could apply at all: nothing shorter is checked further.
_MIN_CAP_UNITS = 737


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _measure(body: str, info: SegmentInfo, unit: str) -> int:
    if unit == "segments":
        return info.segments
    if unit == "characters":
        return _utf16_units(body)
    return info.code_units  # septets for GSM-7, UTF-16 units for UCS-2


def _overflow_start(body: str, info: SegmentInfo, cap: _Cap) -> int:
    """Offset of the first character past the cap."""
    if cap.unit == "segments":
        return info.segment_starts[cap.limit]
    gsm = cap.unit == "GSM-7 characters"
    used = 0
    for i, ch in enumerate(body):
        if gsm:
            used += 2 if ch in GSM7_EXTENSION else 1
        else:
            used += 2 if ord(ch) > 0xFFFF else 1
        if used > cap.limit:
            return i
    return len(body)


@rule(
    id="LEN002",
    name="exceeds-provider-length-limit",
    cause=Cause.CONTENT_TOO_LONG_OR_ENCODING,
    severity=Severity.BLOCKER,
    source="compliance-rules.md LEN-PROVIDER-MAX; TW-E 21617; Plivo 10, 110; Infobip 25; "
    "Telnyx 40302; Sinch 411; Vonage status 12",
    fix="Shorten the message below the provider's cap (1,600 characters at Twilio), or send "
    "a link to the full text.",
    scope=Scope.CONTEXT,
    prefilter=min_length(_MIN_CAP_UNITS // 2 + 1),
)
def exceeds_provider_length_limit(ctx: RuleContext) -> CheckResult:
    """The body is longer than the provider accepts.

    ## What it does
    Compares the body with the sending provider's hard cap: Twilio 1,600 characters (emoji
    and other astral characters count twice), Plivo 1,600 GSM-7 or 737 UCS-2 characters,
    Infobip 25 segments. When the provider is not given, or its cap is not in our
    references (Vonage, Telnyx, Sinch...), the common 1,600-character cap is applied and
    the finding says the cap is assumed. The highlighted text is what lies past the cap.

    ## Why is this bad?
    The provider rejects the request outright (Twilio 21617, Plivo 110, Infobip
    REJECTED_MESSAGE_TOO_LONG); nothing is sent and retrying the same body fails again.

    ## Example
        (a 1,700-character newsletter pasted into one SMS)

    ## Use instead
        Acme: our spring newsletter is out. Read it at acme.com/news. Reply STOP to opt out.
    """
    body = ctx.body
    if len(body) <= _MIN_CAP_UNITS // 2:
        return  # even astral characters at two units each cannot reach the smallest cap
    info = ctx.segments
    provider = ctx.message.provider
    cap_of = _CAPS.get(provider) if provider is not None else None
    cap = cap_of(info) if cap_of is not None else _DEFAULT_CAP
    size = _measure(body, info, cap.unit)
    if size <= cap.limit:
        return
    span = (Span(_overflow_start(body, info, cap), len(body)),)
    if provider is not None and cap_of is not None:
        yield Hit(
            f"The body is {size:,} {cap.unit}; {provider.value.title()} accepts at most "
            f"{cap.limit:,} ({cap.error}).",
            span,
        )
        return
    who = (
        f"{provider.value.title()}'s cap is not in our references"
        if provider is not None
        else "the provider is not given"
    )
    yield Hit(
        f"The body is {size:,} characters, over the 1,600-character cap most providers "
        f"apply (Twilio 21617); {who}, so this cap is assumed.",
        span,
        severity=Severity.LIKELY,
    )


# Twilio recommends at most 320 characters (two GSM-7 segments); one vendor reports that
# messages over three segments are filtered more often (compliance-rules.md LEN-SEGMENTS).
_RECOMMENDED_SEGMENTS = 2
_FILTER_RISK_SEGMENTS = 3


@rule(
    id="LEN003",
    name="too-many-segments",
    cause=Cause.CONTENT_TOO_LONG_OR_ENCODING,
    severity=Severity.ADVISORY,
    source="compliance-rules.md LEN-SEGMENTS; TW-LEN (320 characters recommended); "
    "VND (whippy: over 3 segments)",
    fix="Cut the message to two segments (306 GSM-7 characters, or 134 with emoji or other "
    "Unicode), or move the details behind a link.",
    prefilter=min_length(135),
)
def too_many_segments(ctx: RuleContext) -> CheckResult:
    """The message splits into more than two segments.

    ## What it does
    Counts the SMS segments the body needs (GSM-7: 160 characters in one, 153 per segment
    once split; UCS-2: 70, then 67) and flags three or more. Above three segments the
    finding is raised to *likely*. The highlighted text is what falls beyond the second
    segment.

    ## Why is this bad?
    Each segment is billed, long messages arrive out of order on some handsets, and
    vendors report that carrier filters treat messages over three segments (~480
    characters) more harshly. Twilio recommends at most 320 characters.

    ## Example
        Acme: Dear valued customer, we are writing to let you know about ... (600 characters)

    ## Use instead
        Acme: your plan changes on 5/1. Details: acme.com/plan. Reply STOP to opt out.
    """
    body = ctx.body
    if len(body) <= 134:
        return  # two UCS-2 segments always hold 134 units
    info = ctx.segments
    if info.segments <= _RECOMMENDED_SEGMENTS:
        return
    risk = info.segments > _FILTER_RISK_SEGMENTS
    yield Hit(
        f"The body needs {info.segments} {info.encoding} segments ({info.code_units} "
        f"{'septets' if info.encoding == 'GSM-7' else 'UTF-16 units'})"
        + ("; over three segments, filtering is reported more often." if risk else "."),
        (Span(info.segment_starts[_RECOMMENDED_SEGMENTS], len(body)),),
        severity=Severity.LIKELY if risk else None,
    )


@rule(
    id="LEN004",
    name="ucs2-forced-by-lookalike-characters",
    cause=Cause.CONTENT_TOO_LONG_OR_ENCODING,
    severity=Severity.ADVISORY,
    source="compliance-rules.md ENC-UCS2-SWITCH; SEG; TW-E 21617",
    fix="Replace smart quotes, long dashes, the ellipsis character and odd spaces by plain "
    "' \" - ... and space (the suggested rewrite does it).",
    prefilter=char_class(LOOKALIKES),
)
def ucs2_forced_by_lookalike_characters(ctx: RuleContext) -> CheckResult:
    """Typographic look-alikes force UCS-2 and cost extra segments.

    ## What it does
    Finds characters that have a plain GSM-7 equivalent (curly quotes, en and em dashes,
    the ellipsis character, non-breaking and other odd spaces, full-width letters) in a
    message they alone turn UCS-2, when replacing them would save at least one segment.
    If other characters (emoji, other alphabets) need UCS-2 anyway, it stays quiet.

    ## Why is this bad?
    One such character switches the whole message to UCS-2, cutting a segment from 160 to
    70 characters: the message costs more segments and crosses length limits sooner.
    They usually arrive by pasting from a word processor or a phone's smart punctuation.

    ## Example
        Acme: We’re excited to announce our spring sale — up to 40% off
        everything in store and online this weekend only…

    ## Use instead
        Acme: We're excited to announce our spring sale - up to 40% off
        everything in store and online this weekend only...
    """
    body = ctx.body
    if len(body) <= 70 or is_gsm7(body):
        return  # fits one UCS-2 segment, or already GSM-7
    found = [Span(m.start(), m.end()) for m in LOOKALIKE_RE.finditer(body)]
    if not found:
        return
    folded = gsm7_fold(body)
    if not is_gsm7(folded):
        return
    before, after = ctx.segments.segments, segment_info(folded).segments
    if after >= before:
        return
    shown = " ".join(dict.fromkeys(repr(body[s.start])[1:-1] for s in found))
    yield Hit(
        f"{len(found)} look-alike character{'s' if len(found) > 1 else ''} ({shown}) force "
        f"UCS-2: {before} segments instead of {after} with plain GSM-7 punctuation.",
        tuple(found),
    )


# C0/C1 controls other than line feed, carriage return, tab and form feed (GSM-7 carries
# \n \r \f; tab is common and providers map it), UTF-16 surrogates left unpaired, and
# Unicode noncharacters: none can be encoded for a handset.
UNCARRIABLE_RE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# The same class for RE2, which reads UTF-8 and so never sees a lone surrogate (batch
# triage runs every rule on bodies that cannot be encoded).
_UNCARRIABLE_PREFILTER = "[\\x00-\\x08\\x0b\\x0e-\\x1f\\x7f-\\x9f\ufdd0-\ufdef\ufffe\uffff]"


@rule(
    id="LEN005",
    name="uncarriable-characters",
    cause=Cause.CONTENT_TOO_LONG_OR_ENCODING,
    severity=Severity.LIKELY,
    source="compliance-rules.md ENC-INVALID; BW-ERR 4301; TX-ERR 40009",
    fix="Remove the control characters or broken characters (usually left by a template "
    "or a copy from another system).",
    prefilter=_UNCARRIABLE_PREFILTER,
)
def uncarriable_characters(ctx: RuleContext) -> CheckResult:
    """The body holds characters no SMS encoding can carry.

    ## What it does
    Finds control characters (other than line breaks, tab and form feed), halves of
    emoji left without their other half (lone UTF-16 surrogates, usually from cutting a
    string at a fixed length), and Unicode noncharacters.

    ## Why is this bad?
    Carriers and providers reject bodies they cannot encode (Bandwidth 4301, Telnyx 40009)
    or deliver them garbled.

    ## Example
        Acme: your code is 1234\\x00\\x00

    ## Use instead
        Acme: your code is 1234
    """
    # Every uncarriable character is unprintable (a control, surrogate or noncharacter), so
    # a printable body (nearly every one without a line break) needs no scan at all.
    if ctx.body.isprintable() or UNCARRIABLE_RE.search(ctx.body) is None:
        return  # otherwise one C-level scan, no span machinery
    spans = tuple(Span(m.start(), m.end()) for m in UNCARRIABLE_RE.finditer(ctx.body))
    names = " ".join(dict.fromkeys(f"U+{ord(ctx.body[s.start]):04X}" for s in spans))
    yield Hit(
        f"{len(spans)} character{'s' if len(spans) > 1 else ''} no SMS encoding can carry "
        f"({names}).",
        spans,
    )


# GSM-7's escaped characters that a gateway or a modem can drop or mistranslate (the form
# feed is a page break no one types; line breaks are in the basic set).
_ESCAPED = "".join(sorted(GSM7_EXTENSION - {"\f"}))
_ESCAPED_RE = re.compile("[" + re.escape(_ESCAPED) + "]")


@rule(
    id="LEN006",
    name="unicode-through-a-gateway",
    cause=Cause.CONTENT_TOO_LONG_OR_ENCODING,
    severity=Severity.ADVISORY,
    source="compliance-rules.md ENC-UCS2-SWITCH, ENC-GSM-EXTENSION; SEG",
    fix="Have the gateway send the text as Unicode (UCS-2: SMPP data_coding 8, a modem's "
    'AT+CSCS="UCS2" in PDU mode, the API\'s unicode flag), or write it in the GSM alphabet.',
    scope=Scope.CONTEXT,
)
def unicode_through_a_gateway(ctx: RuleContext) -> CheckResult:
    """A text in another alphabet, or with escaped characters, sent through a gateway.

    ## What it does
    When no covered provider's API carries the message (an SMPP gateway, a GSM modem, a
    self-hosted or uncovered service), flags a body that needs UCS-2 for characters with
    no GSM-7 form (Greek, Cyrillic, Arabic, CJK, many accented letters, emoji, curly quotes
    and dashes a word processor puts in), or that
    holds GSM-7's escaped characters (``{ } [ ] ~ \\ | ^ €``). The providers the table
    covers choose the encoding themselves, so it stays quiet for them.

    ## Why is this bad?
    A gateway or a modem sends what it is told: text submitted as GSM-7 or Latin-1 that
    needs UCS-2 arrives as question marks, boxes or another script, or not at all, and
    escaped characters are dropped or turned into others on links that do not translate
    them. Either way the message costs more parts (70 characters in UCS-2).

    ## Example
        Ο κωδικός σας είναι 4821

    ## Use instead
        The same text submitted as UCS-2 (data_coding 8), or: Your code is 4821
    """
    message = ctx.message
    if message.provider is not None:
        return
    body = ctx.body
    if not body.isascii() and not is_gsm7(body):
        # Curly quotes and dashes too: a gateway sends what it is given, it does not fold.
        shown = "".join(dict.fromkeys(c for c in body if not is_gsm7(c)))
        yield Hit(
            f"The text needs Unicode (UCS-2) for {shown[:20]!r}: a gateway or modem that "
            "submits it as GSM-7 or Latin-1 delivers it garbled or not at all."
        )
        return
    escaped = tuple(Span(m.start(), m.end()) for m in _ESCAPED_RE.finditer(body))
    if escaped:
        shown = " ".join(dict.fromkeys(body[s.start] for s in escaped))
        yield Hit(
            f"GSM-7 escaped characters ({shown}): links that do not translate them drop or "
            "replace them.",
            escaped,
        )


RULES: tuple[Rule, ...] = (
    empty_body,
    exceeds_provider_length_limit,
    too_many_segments,
    ucs2_forced_by_lookalike_characters,
    uncarriable_characters,
    unicode_through_a_gateway,
)
