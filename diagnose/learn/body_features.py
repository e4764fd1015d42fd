"""The engineered body features: named values in [0, 1] with the body spans behind them.

``BODY_FEATURES`` defines each one per message (with spans, for explanations);
``body_feature_matrix`` computes the same values for a whole column at once (the model's
``body`` columns). Nothing here imports scikit-learn or scipy: the fitted pipeline
(``diagnose.learn.features.BodyFeatures``) and the inference bundle both call it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from diagnose.rules.links import SHORTENERS
from diagnose.rules.optout_text import (
    OPT_OUT_HINT_RE,
    nonstandard_opt_out,
    nonstandard_opt_out_lower,
    standard_opt_out,
    standard_opt_out_lower,
)
from diagnose.text.brand import appears_to_name_a_business
from diagnose.text.link_cache import links
from diagnose.text.links import (
    URL_HINT_PORTABLE,
    URL_HINT_RE,
    UrlMatch,
    find_urls,
    lower_keep_offsets,
)
from diagnose.text.segments import GSM7_CHARS, GSM7_EXTENSION, SegmentInfo, segment_info

Spans = tuple[tuple[int, int], ...]

# --- engineered body features -------------------------------------------------------------
# Each returns (value in [0, 1], spans in the body). Counts are squashed with 1 - 1/(1+n) or
# log scales so no feature needs a scaler and naive Bayes can use them (non-negative).
# ``body_feature_matrix`` computes the same values for a whole column at once; the per-message
# functions below stay the definition (and give the spans), and a test holds the two equal.
# The regexes are ASCII-only (re.ASCII) so RE2, which batch counting uses, reads them the same.

_A = re.ASCII
_AI = re.ASCII | re.IGNORECASE
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b", _A)
# STOP/HELP are the opt-out keywords carriers want in capitals, not shouting.
_CAPS_KEYWORD = re.compile(r"\b(?:STOP|HELP|START|OTP|USD)\b", _A)
_PUNCT_RUN = re.compile(r"[!?$]{2,}|(?:\.[ \t\n\r\f]?){4,}", _A)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u203c\u2049]")
_CURRENCY = re.compile(r"[$£€₹¥]|\b(?:usd|gbp|eur|rs\.?|inr)\b", _AI)
_LONG_DIGITS = re.compile(r"[0-9]{5,}", _A)
_PRIZE = re.compile(
    r"\b(?:win(?:ner|ning)?|won|prize|reward|claim|free|congrat\w*|selected|gift ?card|bonus)\b",
    _AI,
)
_URGENT = re.compile(
    r"\b(?:urgent|act now|today only|expires?|last chance|limited time|immediately|final "
    r"notice|hurry|now)\b",
    _AI,
)
_VERIFY = re.compile(
    r"\b(?:verify|confirm|suspend\w*|lock\w*|unusual|update your|login|log in|password|kyc)\b",
    _AI,
)
# Letters, then digits, then letters, in one word: "fr33", "v1agra" (any case).
_LEET = re.compile(r"\b[A-Za-z]+[0-9]+[A-Za-z]+\b", _A)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_LETTERS = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-Z]")
_NEAR = 60  # characters between a phishing verb and a link that still read as one request
# A necessary condition for ``find_urls`` (its own pre-check: a dot between two label
# characters, or a scheme); bodies without one skip the link regex.
_LINK_HINT = URL_HINT_PORTABLE
# Every opt-out instruction contains one of these (``diagnose.rules.optout_text``'s hints).
_OPT_OUT_HINT = "(?i)" + OPT_OUT_HINT_RE.pattern


# find_urls's own pre-check, used here to locate candidates.
_URL_HINT = URL_HINT_RE
# A link never contains whitespace, and its regex looks one character either side (which
# whitespace passes like a string boundary): find_urls on the whitespace-bounded stretch
# around a hint finds exactly the links of the body there.
_CUTS = (" ", "\n")  # any whitespace is a valid cut; these two are the common ones
_CUT = re.compile("[ \n]")
_SHORT = 160  # measured: below about one segment, scanning the whole body is cheaper


@lru_cache(maxsize=1024)
def _urls(body: str) -> tuple[UrlMatch, ...]:
    """``find_urls(body)``, scanning only the words that hold a hint (4 features ask).

    Linear in the body: the cut before a hint is looked for only back to the end of the
    previous stretch, and the cut after it by a search that stops at the first one (a
    ``find`` per cut character scanned to the end of the body for every hint when one of
    them did not occur: 83 s for an 8 MB body).
    """
    if len(body) <= _SHORT:
        return links(body)  # the link rules have usually found them already
    out: list[UrlMatch] = []
    done = 0  # where the previous stretch ended (a cut, or the end of the body)
    for m in _URL_HINT.finditer(body):
        at = m.start()
        if at < done:
            continue
        left = max(body.rfind(c, done, at) for c in _CUTS) + 1
        cut = _CUT.search(body, at)
        done = cut.start() if cut else len(body)
        out.extend(
            u._replace(start=u.start + left, end=u.end + left) for u in find_urls(body[left:done])
        )
    return tuple(out)


@lru_cache(maxsize=1024)
def _segments(body: str) -> SegmentInfo:
    return segment_info(body)


def _squash(n: int) -> float:
    return 1.0 - 1.0 / (1.0 + n)


def _spans(matches: Iterable[re.Match[str]], limit: int = 5) -> Spans:
    out = []
    for m in matches:
        out.append((m.start(), m.end()))
        if len(out) >= limit:
            break
    return tuple(out)


def f_links(body: str) -> tuple[float, Spans]:
    urls = _urls(body)
    return _squash(len(urls)), tuple((u.start, u.end) for u in urls)


def f_shortener(body: str) -> tuple[float, Spans]:
    hits = [
        u
        for u in _urls(body)
        if u.host in SHORTENERS or ".".join(u.host.split(".")[-2:]) in SHORTENERS
    ]
    return float(bool(hits)), tuple((u.start, u.end) for u in hits)


def f_ip_link(body: str) -> tuple[float, Spans]:
    hits = [u for u in _urls(body) if u.is_ip]
    return float(bool(hits)), tuple((u.start, u.end) for u in hits)


def f_caps_ratio(body: str) -> tuple[float, Spans]:
    letters = len(_LETTERS.findall(body))
    if letters < 8:
        return 0.0, ()
    return len(_UPPER.findall(body)) / letters, ()


def f_caps_words(body: str) -> tuple[float, Spans]:
    found = [m for m in _CAPS_WORD.finditer(body) if not _CAPS_KEYWORD.fullmatch(m.group(0))]
    return _squash(len(found)), _spans(found)


def f_punct_runs(body: str) -> tuple[float, Spans]:
    found = list(_PUNCT_RUN.finditer(body))
    return _squash(len(found)), _spans(found)


def f_emoji(body: str) -> tuple[float, Spans]:
    found = list(_EMOJI.finditer(body))
    return _squash(len(found)), _spans(found)


def f_digits(body: str) -> tuple[float, Spans]:
    if not body:
        return 0.0, ()
    return sum(ch.isdigit() for ch in body) / len(body), ()


def f_long_numbers(body: str) -> tuple[float, Spans]:
    found = list(_LONG_DIGITS.finditer(body))
    return _squash(len(found)), _spans(found)


def f_currency(body: str) -> tuple[float, Spans]:
    found = list(_CURRENCY.finditer(body))
    return _squash(len(found)), _spans(found)


def f_prize_words(body: str) -> tuple[float, Spans]:
    found = list(_PRIZE.finditer(body))
    return _squash(len(found)), _spans(found)


def f_urgency(body: str) -> tuple[float, Spans]:
    found = list(_URGENT.finditer(body))
    return _squash(len(found)), _spans(found)


def f_verify_near_link(body: str) -> tuple[float, Spans]:
    urls = _urls(body)
    if not urls:
        return 0.0, ()
    hits = [
        m
        for m in _VERIFY.finditer(body)
        if any(abs(m.start() - u.start) < _NEAR or abs(u.end - m.end()) < _NEAR for u in urls)
    ]
    return float(bool(hits)), _spans(hits)


def f_length(body: str) -> tuple[float, Spans]:
    return min(math.log1p(len(body)) / math.log1p(1600), 1.0), ()


def f_segments(body: str) -> tuple[float, Spans]:
    return min(_segments(body).segments / 10.0, 1.0), ()


def f_ucs2(body: str) -> tuple[float, Spans]:
    info = _segments(body)
    if info.encoding != "UCS-2":
        return 0.0, ()
    spans = [(o, o + len(ch)) for ch, offsets in info.ucs2_chars for o in offsets]
    return 1.0, tuple(sorted(spans)[:5])


def f_empty(body: str) -> tuple[float, Spans]:
    return float(not body.strip()), ()


def f_opt_out(body: str) -> tuple[float, Spans]:
    span = standard_opt_out(body)
    return (1.0, ((span.start, span.end),)) if span else (0.0, ())


def f_nonstandard_opt_out(body: str) -> tuple[float, Spans]:
    spans = nonstandard_opt_out(body)
    return float(bool(spans)), tuple((s.start, s.end) for s in spans)


def f_no_opt_out(body: str) -> tuple[float, Spans]:
    # An empty body lacks nothing: "no opt-out" there would teach the model that a short
    # text without one looks like an empty send (``empty`` says that).
    return float(bool(body.strip()) and standard_opt_out(body) is None), ()


def f_names_business(body: str) -> tuple[float, Spans]:
    return float(appears_to_name_a_business(body)), ()


def f_no_business_name(body: str) -> tuple[float, Spans]:
    return float(bool(body.strip()) and not appears_to_name_a_business(body)), ()


def f_obfuscation(body: str) -> tuple[float, Spans]:
    found = list(_LEET.finditer(body)) + list(_INVISIBLE.finditer(body))
    return float(bool(found)), _spans(found)


#: name -> (description for a support engineer, function)
BODY_FEATURES: dict[str, tuple[str, Callable[[str], tuple[float, Spans]]]] = {
    "links": ("links in the message", f_links),
    "shortener_link": ("link to a public URL shortener", f_shortener),
    "ip_link": ("link to a raw IP address", f_ip_link),
    "caps_ratio": ("a high share of capital letters", f_caps_ratio),
    "caps_words": ("all-caps words", f_caps_words),
    "punct_runs": ("runs of !, ? or $", f_punct_runs),
    "emoji": ("emoji", f_emoji),
    "digit_ratio": ("a high share of digits", f_digits),
    "long_numbers": ("long numbers (phone numbers, short codes)", f_long_numbers),
    "currency": ("money amounts or currency symbols", f_currency),
    "prize_words": ("prize or giveaway words ('free', 'winner', 'claim')", f_prize_words),
    "urgency": ("urgency words ('now', 'last chance', 'expires')", f_urgency),
    "verify_near_link": ("an account or 'verify' request near a link", f_verify_near_link),
    "length": ("message length", f_length),
    "segments": ("number of SMS segments", f_segments),
    "ucs2": ("characters outside GSM-7 (forces UCS-2 encoding)", f_ucs2),
    "empty": ("an empty body", f_empty),
    "opt_out": ("standard opt-out language ('Reply STOP')", f_opt_out),
    "nonstandard_opt_out": ("opt-out wording without a standard keyword", f_nonstandard_opt_out),
    "no_opt_out": ("no standard opt-out language", f_no_opt_out),
    "names_business": ("the message names a business", f_names_business),
    "no_business_name": ("no business name in the message", f_no_business_name),
    "obfuscation": ("obfuscated words (digits for letters, invisible characters)", f_obfuscation),
}


# --- the same body features for a whole column ----------------------------------------------


def _re2(pattern: re.Pattern[str]) -> str:
    """A Python pattern as RE2 reads it (flags inline; the pattern avoids look-arounds)."""
    return ("(?i)" if pattern.flags & re.IGNORECASE else "") + pattern.pattern


# Character classes as bits of one code-point table, so one lookup classifies every character.
_LETTER, _DIGIT, _SPACE, _NON_GSM, _GSM_EXT, _EMOJI_BIT, _INVISIBLE_BIT, _UPPER_BIT, _JOINS = (
    1 << k for k in range(9)
)


def _char_bits(ch: str) -> int:
    bits = _LETTER if _LETTERS.match(ch) else 0
    bits |= _DIGIT if ch.isdigit() else 0
    bits |= _SPACE if ch.isspace() else 0
    bits |= 0 if ch in GSM7_CHARS else _NON_GSM
    bits |= _GSM_EXT if ch in GSM7_EXTENSION else 0
    bits |= _EMOJI_BIT if _EMOJI.match(ch) else 0
    bits |= _INVISIBLE_BIT if ch in _INVISIBLE_CHARS else 0
    bits |= _UPPER_BIT if "A" <= ch <= "Z" else 0
    # Characters that may join a multi-code-point cluster in segment maths (marks, ZWJ/ZWNJ,
    # variation selectors), or are lone surrogates: such bodies go through segment_info.
    joins = unicodedata.category(ch) in ("Mn", "Me", "Mc", "Cs", "Cf")
    bits |= _JOINS if joins or 0xFE00 <= ord(ch) <= 0xFE0F else 0
    return bits


@cache
def _bmp_bits() -> NDArray[np.uint16]:
    """``_char_bits`` of every BMP code point (built once per process, ~0.1 s)."""
    return np.fromiter(map(_char_bits, map(chr, range(0x10000))), dtype=np.uint16, count=0x10000)


def build_tables() -> None:
    """Build the per-process lookup tables now (model load) rather than on the first
    prediction: batch workers forked after loading then share one copy."""
    _bmp_bits()


def _classify(codes: NDArray[np.uint32]) -> NDArray[np.uint16]:
    out = _bmp_bits()[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    if len(astral):
        out[astral] = [_char_bits(chr(c)) for c in codes[astral].tolist()]
    return out


def _squash_all(n: NDArray[Any]) -> NDArray[np.float64]:
    return 1.0 - 1.0 / (1.0 + n.astype(np.float64))


def body_feature_matrix(bodies: Sequence[str]) -> NDArray[np.float64]:
    """``BODY_FEATURES`` values for many bodies at once (rows in order; repeats computed once).

    Character classes come from code-point tables, regex counts from RE2 over the whole column
    (pyarrow); only links, opt-out wording and business names run Python per distinct body,
    and only where a cheap necessary condition holds.
    """
    index: dict[str, int] = {}
    slots = np.fromiter(
        (index.setdefault(b, len(index)) for b in bodies), dtype=np.int64, count=len(bodies)
    )
    return _body_columns(list(index))[slots]


def _body_columns(bodies: list[str]) -> NDArray[np.float64]:
    n = len(bodies)
    col = {name: j for j, name in enumerate(BODY_FEATURES)}
    out = np.zeros((n, len(col)), dtype=np.float64)
    if not n:
        return out
    try:
        arr = pa.array(bodies, type=pa.large_string())
    except (UnicodeEncodeError, pa.ArrowInvalid):  # lone surrogates: no UTF-8 for RE2
        arr = pa.array(
            [b.encode("utf-8", "replace").decode("utf-8") for b in bodies], type=pa.large_string()
        )

    def count(pattern: re.Pattern[str] | str) -> NDArray[np.int64]:
        p = pattern if isinstance(pattern, str) else _re2(pattern)
        return np.asarray(pc.count_substring_regex(arr, p), dtype=np.int64)

    def hits(pattern: str) -> list[int]:
        return np.flatnonzero(np.asarray(pc.match_substring_regex(arr, pattern))).tolist()

    # Character classes, one table lookup per code point.
    lengths = np.fromiter(map(len, bodies), dtype=np.int64, count=n)
    codes = np.frombuffer("".join(bodies).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = _classify(codes)
    ends = np.cumsum(lengths)
    starts = ends - lengths

    def per_doc_not(bit: int) -> NDArray[np.float64]:
        at = np.flatnonzero((bits & bit) == 0)
        return np.asarray(np.searchsorted(at, ends) - np.searchsorted(at, starts), dtype=np.float64)

    def per_doc(bit: int) -> NDArray[np.float64]:
        at = np.flatnonzero(bits & bit)
        return np.asarray(np.searchsorted(at, ends) - np.searchsorted(at, starts), dtype=np.float64)

    letters = lengths - per_doc_not(_LETTER)  # most characters are letters: count the rest
    upper = per_doc(_UPPER_BIT)
    out[:, col["caps_ratio"]] = np.where(letters >= 8, upper / np.maximum(letters, 1), 0.0)
    out[:, col["digit_ratio"]] = per_doc(_DIGIT) / np.maximum(lengths, 1)
    out[:, col["emoji"]] = _squash_all(per_doc(_EMOJI_BIT))
    out[:, col["length"]] = np.minimum(np.log1p(lengths) / math.log1p(1600), 1.0)
    out[:, col["empty"]] = per_doc(_SPACE) == lengths
    non_gsm = per_doc(_NON_GSM)
    out[:, col["ucs2"]] = non_gsm > 0
    invisible = per_doc(_INVISIBLE_BIT)

    # Regex counts (RE2 over the column).
    caps = count(_CAPS_WORD) - count(_CAPS_KEYWORD)
    out[:, col["caps_words"]] = _squash_all(caps)
    out[:, col["punct_runs"]] = _squash_all(count(_PUNCT_RUN))
    out[:, col["long_numbers"]] = _squash_all(count(_LONG_DIGITS))
    out[:, col["currency"]] = _squash_all(count(_CURRENCY))
    out[:, col["prize_words"]] = _squash_all(count(_PRIZE))
    out[:, col["urgency"]] = _squash_all(count(_URGENT))
    out[:, col["obfuscation"]] = (count(_LEET) + invisible) > 0

    # Segments: packing is simple arithmetic when every character is one unit: GSM-7 without
    # extension characters (160 in one segment, then 153 each) and UCS-2 without astral or
    # joining characters (70, then 67 each); the rest go through segment_info.
    ext = per_doc(_GSM_EXT)
    joins = per_doc(_JOINS)
    astral = np.asarray(
        np.searchsorted(np.flatnonzero(codes > 0xFFFF), ends)
        - np.searchsorted(np.flatnonzero(codes > 0xFFFF), starts),
        dtype=np.float64,
    )
    ucs2 = non_gsm > 0
    one, each = np.where(ucs2, 70, 160), np.where(ucs2, 67, 153)
    segs = np.where(lengths > one, np.ceil(lengths / each), (lengths > 0).astype(np.float64))
    simple = np.where(ucs2, (astral == 0) & (joins == 0), ext == 0)
    long = np.where(ucs2, lengths + astral > 70, lengths + ext > 160)
    for i in np.flatnonzero(~simple & long).tolist():
        segs[i] = _segments(bodies[i]).segments
    out[:, col["segments"]] = np.minimum(segs / 10.0, 1.0)

    # Python per body, behind necessary conditions.
    verify = set(hits(_re2(_VERIFY)))
    for i in hits(_LINK_HINT):
        row = out[i]
        row[col["links"]] = f_links(bodies[i])[0]
        if row[col["links"]]:
            row[col["shortener_link"]] = f_shortener(bodies[i])[0]
            row[col["ip_link"]] = f_ip_link(bodies[i])[0]
            if i in verify:
                row[col["verify_near_link"]] = f_verify_near_link(bodies[i])[0]
    out[:, col["no_opt_out"]] = 1.0
    for i in hits(_OPT_OUT_HINT):
        low = lower_keep_offsets(bodies[i])
        if standard_opt_out_lower(low) is not None:
            out[i, col["opt_out"]] = 1.0
            out[i, col["no_opt_out"]] = 0.0
        out[i, col["nonstandard_opt_out"]] = bool(nonstandard_opt_out_lower(low))
    named = np.fromiter(map(appears_to_name_a_business, bodies), dtype=np.bool_, count=n)
    out[:, col["names_business"]] = named
    # An empty body lacks nothing (see f_no_opt_out).
    blank = out[:, col["empty"]].astype(np.bool_)
    out[:, col["no_business_name"]] = ~named & ~blank
    out[blank, col["no_opt_out"]] = 0.0
    return out
