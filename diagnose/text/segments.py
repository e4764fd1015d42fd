"""GSM-7 / UCS-2 detection and SMS segment maths, matching Twilio's segment calculator.

One non-GSM character anywhere turns the whole message UCS-2 (70 instead of 160 units in
one segment, 67 instead of 153 once split), so a single curly apostrophe can double the
price of a message. ``segment_info`` reproduces Twilio's reference calculator
(github.com/TwilioDevEd/message-segment-calculator), checked against 126 frozen vectors in
``tests/data/segment-vectors.json``:

- GSM 03.38 basic characters cost one septet, extension characters (``^{}\\[]~|€`` and form
  feed) two: an escape and the character, never split across segments.
- UCS-2 counts UTF-16 code units; a character is never split across segments, nor is a
  user-perceived character made of several code points (a flag, an emoji ZWJ sequence, a
  letter with combining accents). Such a cluster, or a lone ``\\r``, ``\\n``, is one atom.
- A concatenated segment loses 6 octets to the user data header: 153 septets or 67 UCS-2
  units per segment. As in Twilio's calculator, segment 1 is filled first and, when the
  message overflows, trailing atoms move to segment 2 to make room for the header.

Grapheme clusters follow Unicode UAX #29 closely enough for SMS (combining marks, emoji
modifiers and ZWJ sequences, regional-indicator flags); conjoining Hangul jamo and
prepended concatenation marks, rare in SMS, count one per code point.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

Encoding = Literal["GSM-7", "UCS-2"]

#: GSM 03.38 default alphabet, one septet each (0x1B, the escape, is not a character).
GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: GSM 03.38 extension table: escape + character, two septets each.
GSM7_EXTENSION: frozenset[str] = frozenset("\f^{}\\[]~|€")
GSM7_CHARS: frozenset[str] = GSM7_BASIC | GSM7_EXTENSION

_NON_GSM_RE = re.compile("[^" + "".join(re.escape(c) for c in sorted(GSM7_CHARS)) + "]")
_EXT_CHARS = tuple(sorted(GSM7_EXTENSION))
_EXT_RE = re.compile("[" + "".join(re.escape(c) for c in _EXT_CHARS) + "]")
_GSM_BASIC_ASCII = bytes(c for c in range(128) if chr(c) in GSM7_BASIC)
_GSM_EXTENSION_ASCII = bytes(c for c in range(128) if chr(c) in GSM7_EXTENSION)

# Bits in one SMS (140 octets), the concatenation header (6 octets), and what one unit costs.
_SMS_BITS = 1120
_UDH_BITS = 48
_GSM_BITS = 7
_UCS2_BITS = 16
# What segment 1 keeps once it gets a header (Twilio strips atoms until free bits >= 0).
_FIRST_SEGMENT_BITS = _SMS_BITS - _UDH_BITS

SINGLE_CAPACITY: dict[Encoding, int] = {"GSM-7": 160, "UCS-2": 70}
MULTI_CAPACITY: dict[Encoding, int] = {"GSM-7": 153, "UCS-2": 67}


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """How a body is encoded and split, with the characters that forced UCS-2.

    ``characters`` is the user-perceived length (Twilio's calculator reports septets as
    "characters" for GSM-7; that number is ``code_units`` here). ``per_segment`` is the
    capacity of each segment in code units. ``ucs2_chars`` lists each character (or
    cluster) outside GSM-7 with its offsets in the body; ``segment_starts`` gives the body
    offset where each segment begins.

    Example:
        >>> info = segment_info("It’s 5 o’clock")
        >>> info.encoding, info.segments, info.ucs2_chars
        ('UCS-2', 1, (('’', (2, 8)),))
    """

    encoding: Encoding
    characters: int
    code_units: int
    segments: int
    per_segment: int
    ucs2_chars: tuple[tuple[str, tuple[int, ...]], ...] = ()
    segment_starts: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "characters": self.characters,
            "code_units": self.code_units,
            "segments": self.segments,
            "per_segment": self.per_segment,
            "ucs2_chars": [[c, list(offsets)] for c, offsets in self.ucs2_chars],
            "segment_starts": list(self.segment_starts),
        }


def is_gsm7(body: str) -> bool:
    """Whether every character of ``body`` is in the GSM-7 basic or extension table."""
    return _NON_GSM_RE.search(body) is None


def segment_info(body: str) -> SegmentInfo:
    """Encoding, length and segment count of ``body`` as Twilio computes them.

    An empty body has no segment. Never raises, whatever the string holds (lone surrogates
    count as one UTF-16 unit, as in JavaScript).

    Example:
        >>> segment_info("a" * 161).segments
        2
        >>> segment_info("€" * 80).code_units
        160
    """
    n = len(body)
    if n <= SINGLE_CAPACITY["GSM-7"] and body.isascii():
        # Most messages: short ASCII. Two byte deletions tell basic, extension (two
        # septets each) and other characters apart without a regex pass.
        extension = body.encode().translate(None, _GSM_BASIC_ASCII)
        if not extension.translate(None, _GSM_EXTENSION_ASCII):
            septets = n + len(extension)
            if septets <= SINGLE_CAPACITY["GSM-7"]:
                return _single_gsm7(n, septets)
    return _segment_info(body)


def _segment_info(body: str) -> SegmentInfo:
    """``segment_info`` without the short-ASCII shortcut."""
    n = len(body)
    if _NON_GSM_RE.search(body) is None:
        ext = sum(body.count(c) for c in _EXT_CHARS) if _EXT_RE.search(body) else 0
        septets = n + ext
        if septets <= SINGLE_CAPACITY["GSM-7"]:
            return _single_gsm7(n, septets)
        specials = [(m.start(), m.end(), 2 * _GSM_BITS) for m in _EXT_RE.finditer(body)]
        starts = _pack(n, specials, _GSM_BITS)
        return SegmentInfo("GSM-7", n, septets, len(starts), 153, (), starts)

    units = len(body.encode("utf-16-le", "surrogatepass")) // 2
    cluster_re, joiners = _cluster_tables()
    if not joiners.isdisjoint(body):
        clusters = [(m.start(), m.end()) for m in cluster_re.finditer(body)]
    elif units > n:
        clusters = [(m.start(), m.end()) for m in _ASTRAL_RE.finditer(body)]
    else:
        clusters = []
    characters = n - sum(e - s - 1 for s, e in clusters)
    ucs2 = _ucs2_chars(body, clusters)
    if units <= SINGLE_CAPACITY["UCS-2"]:
        return SegmentInfo("UCS-2", characters, units, 1, 70, ucs2, (0,))
    specials = [
        (s, e, 2 * _UCS2_BITS if e - s == 1 else _UCS2_BITS * _utf16_len(body[s:e]))
        for s, e in clusters
    ]
    starts = _pack(n, specials, _UCS2_BITS)
    return SegmentInfo("UCS-2", characters, units, len(starts), 67, ucs2, starts)


@cache
def _single_gsm7(characters: int, septets: int) -> SegmentInfo:
    """The answer for most messages, shared (it is immutable and depends on two small ints)."""
    return SegmentInfo(
        "GSM-7", characters, septets, 1 if characters else 0, 160, (), (0,) if characters else ()
    )


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _runs(
    n: int, specials: list[tuple[int, int, int]], unit_bits: int
) -> Iterator[tuple[int, int, int, int]]:
    """The body as atoms: ``(offset, count, bits each, code points each)``.

    Runs of ordinary one-unit characters come as one tuple, so packing a long message costs
    a few steps per segment rather than one per character.
    """
    pos = 0
    for start, end, bits in specials:
        if start > pos:
            yield pos, start - pos, unit_bits, 1
        yield start, 1, bits, end - start
        pos = end
    if pos < n:
        yield pos, n - pos, unit_bits, 1


def _pack(n: int, specials: list[tuple[int, int, int]], unit_bits: int) -> tuple[int, ...]:
    """Body offsets where each segment starts, for a body longer than one segment.

    Mirrors Twilio's calculator: fill segment 1, and on overflow add the header to it and
    move trailing atoms (plus the one that overflowed) to segment 2; then fill greedily.
    """
    starts = [0]
    cum = 0  # bits greedily placed in segment 1
    split_at: int | None = None  # first atom that no longer fits beside the header
    split_bits = 0
    used = -1  # bits used in the current segment once segment 1 has overflowed
    for start, count, bits, width in _runs(n, specials, unit_bits):
        if used < 0:
            if split_at is None:
                k = min(count, (_FIRST_SEGMENT_BITS - cum) // bits)
                if k < count:
                    split_at = start + k * width
                    split_bits = cum + k * bits
            fit = min(count, (_SMS_BITS - cum) // bits)
            if fit == count:
                cum += count * bits
                continue
            assert split_at is not None
            starts.append(split_at)
            used = _UDH_BITS + cum + (fit + 1) * bits - split_bits
            start += (fit + 1) * width
            count -= fit + 1
        while count > 0:
            free = _SMS_BITS - used
            if free < bits:
                starts.append(start)
                used = _UDH_BITS + bits
                start += width
                count -= 1
                continue
            k = min(count, free // bits)
            used += k * bits
            start += k * width
            count -= k
    return tuple(starts)


def _ucs2_chars(
    body: str, clusters: list[tuple[int, int]]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Each non-GSM character, or the cluster holding it, with its offsets."""
    found: dict[str, list[int]] = {}
    cluster_starts = [s for s, _ in clusters]
    last = -1
    for m in _NON_GSM_RE.finditer(body):
        pos = m.start()
        i = bisect_right(cluster_starts, pos) - 1
        if i >= 0 and pos < clusters[i][1]:
            start, end = clusters[i]
        else:
            start, end = pos, pos + 1
        if start == last:
            continue
        last = start
        found.setdefault(body[start:end], []).append(start)
    return tuple((c, tuple(offsets)) for c, offsets in found.items())


# Extended_Pictographic, abridged from Unicode's emoji-data.txt: the blocks emoji live in.
_PICTOGRAPHIC = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u2388"
    "\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
    "\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f10f\U0001f12f\U0001f16c-\U0001f171"
    "\U0001f17e\U0001f17f\U0001f18e\U0001f191-\U0001f19a\U0001f1ad-\U0001f1e5"
    "\U0001f201-\U0001f20f\U0001f21a\U0001f22f\U0001f232-\U0001f23a\U0001f23c-\U0001f23f"
    "\U0001f249-\U0001f3fa\U0001f400-\U0001f53d\U0001f546-\U0001f64f\U0001f680-\U0001f6ff"
    "\U0001f774-\U0001f77f\U0001f7d5-\U0001f7ff\U0001f80c-\U0001f80f\U0001f848-\U0001f84f"
    "\U0001f85a-\U0001f85f\U0001f888-\U0001f88f\U0001f8ae-\U0001f8ff\U0001f90c-\U0001f93a"
    "\U0001f93c-\U0001f945\U0001f947-\U0001faff\U0001fc00-\U0001fffd"
)
_REGIONAL = "\U0001f1e6-\U0001f1ff"
_ZWJ = "\u200d"
# Grapheme extenders besides the marks found in unicodedata: ZWNJ, emoji skin-tone
# modifiers, tag characters (subdivision flags) and the variation selectors.
_EXTRA_EXTEND_RANGES = ((0x200C, 0x200C), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0xFE00, 0xFE0F))
_EXTRA_EXTEND = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _EXTRA_EXTEND_RANGES)
# Controls never take extenders (UAX #29 GB4/GB5).
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


@cache
def _cluster_tables() -> tuple[re.Pattern[str], frozenset[str]]:
    """A regex for the atoms that cost more than one unit, and the characters that join.

    The regex finds multi-code-point clusters and astral characters; it only runs when the
    body holds a joining character (the frozenset), as it costs ~10 µs per 60 characters.
    Built on first use: listing the combining marks from ``unicodedata`` takes ~25 ms.
    The extender class excludes ZWJ, so ``E*`` and ``(?:ZWJ P E*)`` cannot trade characters
    and matching stays linear.
    """
    marks: list[str] = []
    joiners: set[str] = set()
    start: int | None = None
    scan = (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0), 0x110000)
    for cp in scan:
        is_mark = cp < 0x110000 and unicodedata.category(chr(cp)) in ("Mn", "Me", "Mc")
        if is_mark:
            joiners.add(chr(cp))
            if start is None:
                start = cp
        elif start is not None:
            marks.append(f"{chr(start)}-{chr(cp - 1)}")
            start = None
    for lo, hi in (*_EXTRA_EXTEND_RANGES, (0x200D, 0x200D), (0x1F1E6, 0x1F1FF)):
        joiners.update(chr(cp) for cp in range(lo, hi + 1))
    extend = "".join(marks) + _EXTRA_EXTEND
    e, p, z = f"[{extend}]", f"[{_PICTOGRAPHIC}]", _ZWJ
    pattern = re.compile(
        f"[{_REGIONAL}]{{2}}{e}*"
        f"|{p}{e}*(?:{z}{p}{e}*)+[{extend}{z}]*"
        f"|[^{_CONTROL}][{extend}{z}]+"
        f"|[\U00010000-\U0010ffff]"
    )
    return pattern, frozenset(joiners)


# Look-alikes a word processor or phone keyboard inserts, and the GSM-7 text that reads
# the same. Only punctuation, spaces and invisible characters: letters are never changed.
_FOLD: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′‵ʹʻʼʽˈ´`", "'"),
    **dict.fromkeys("“”„‟″‶«»ʺ˝", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃﹣", "-"),
    **dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u202f\u205f\u3000\u2028\u2029\t",
        " ",
    ),
    **dict.fromkeys("\u200b\u2060\ufeff\u00ad", ""),
    "…": "...",
    "‹": "<",
    "›": ">",
    "•": "-",
    "·": ".",
    "⁄": "/",
    "∕": "/",
    "÷": "/",
    "×": "x",
    "™": "TM",
    "©": "(C)",
    "®": "(R)",
    "‼": "!!",
    "、": ",",
    "。": ".",
    # Full-width ASCII (U+FF01..FF5E) maps to ASCII by a fixed offset.
    **{chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)},
}
_FOLD = {k: v for k, v in _FOLD.items() if all(c in GSM7_CHARS for c in v)}
#: Characters ``gsm7_fold`` replaces: each has a GSM-7 spelling.
LOOKALIKES: frozenset[str] = frozenset(_FOLD)
_FOLD_TABLE = str.maketrans(_FOLD)
LOOKALIKE_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(LOOKALIKES)) + "]")


def gsm7_fold(body: str) -> str:
    """Replace typographic look-alikes (smart quotes, dashes, ellipsis, odd spaces) by GSM-7.

    Letters are left alone, so the result may still need UCS-2.

    Example:
        >>> gsm7_fold("It’s “done” — see you…")
        'It\\'s "done" - see you...'
    """
    if LOOKALIKE_RE.search(body) is None:
        return body
    return body.translate(_FOLD_TABLE)
