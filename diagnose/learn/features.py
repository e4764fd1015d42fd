"""Model features of a failed message, each with a name a support engineer can read.

The model sees one ``ModelInput`` per message: the body, the normalised error, the context
flags and the ids of the rules that fired. Transformers here turn those into columns whose
names flow through ``get_feature_names_out()`` (``words__verify``, ``body__shortener_link``,
``rules__OPT001``) so a prediction can be explained in words with body spans.

Everything the pipeline references is module-level, so a fitted model pickles.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from itertools import chain, repeat
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import FeatureUnion

from diagnose.errors.normalise import NormalisedError, generic_filter
from diagnose.message import FailedMessage, HistoryEntry
from diagnose.rules.base import Finding
from diagnose.rules.links import SHORTENERS
from diagnose.rules.optout_text import (
    OPT_OUT_HINT_RE,
    nonstandard_opt_out,
    nonstandard_opt_out_lower,
    standard_opt_out,
    standard_opt_out_lower,
)
from diagnose.text.brand import appears_to_name_a_business
from diagnose.text.keywords import OptOutKind, opt_out_state
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


@dataclass(frozen=True, slots=True)
class ModelInput:
    """What the model reads about one failed message (built by ``model_input``)."""

    body: str
    error_tokens: tuple[str, ...]
    context: tuple[str, ...]
    rules: tuple[str, ...]


def model_input(
    message: FailedMessage, findings: Sequence[Finding], error: NormalisedError
) -> ModelInput:
    """The model's view of a message: body, error category tokens, context flags, rule ids."""
    m = message
    ctx = context_tokens_of(
        m.first_message,
        m.recipient_opted_out,
        m.recipient_initiated,
        m.origin,
        m.consent,
        m.sender_type,
        m.history_before_send,  # a STOP that came after the send did not block it
    ) + to_tokens(m.to)
    # An unknown body reads as no text at all: the error and the context still count.
    return ModelInput(message.body or "", error_tokens_of(error), ctx, rule_ids(findings))


def error_tokens_of(error: NormalisedError) -> tuple[str, ...]:
    """The error's tokens: its category, its status, and whether it is a generic filter."""
    err = [
        f"category={error.category.value if error.category else 'none'}",
        f"status={error.status}",
    ]
    if generic_filter(error):
        err.append("generic_filter")
    return tuple(err)


def context_tokens_of(
    first_message: bool | None,
    recipient_opted_out: bool | None,
    recipient_initiated: bool | None,
    origin: StrEnum | None,
    consent: StrEnum | None,
    sender_type: StrEnum | None,
    history: Sequence[HistoryEntry],
) -> tuple[str, ...]:
    """The context flags a message's fields give, ``to`` aside (see ``to_tokens``).

    Separate from ``model_input`` so batch triage computes them once per distinct
    combination of these fields rather than once per row.
    """
    ctx = []
    for name, flag in (
        ("first_message", first_message),
        ("recipient_opted_out", recipient_opted_out),
        ("recipient_initiated", recipient_initiated),
    ):
        if flag is not None:
            ctx.append(f"{name}={'true' if flag else 'false'}")
    for name, value in (("origin", origin), ("consent", consent), ("sender_type", sender_type)):
        if value is not None:
            ctx.append(f"{name}={value.value}")
    if history:
        ctx.append("has_history")
        # The rules' reading (OPT003): the latest opt-out, unless START or YES undid it.
        state = opt_out_state(tuple(history))
        if state is not None:
            keyword = state.kind is OptOutKind.KEYWORD
            ctx.append("history_stop_keyword" if keyword else "history_informal_opt_out")
    return tuple(ctx)


_ODD_TO = ("to_odd_length",)


def to_tokens(to: str | None) -> tuple[str, ...]:
    """``to_odd_length`` when the recipient number has fewer than 10 or more than 15 digits."""
    if to is not None:
        if to.isascii():  # the usual case: count the ten digits in C
            digits = sum(map(to.count, _ASCII_DIGITS))
        else:  # other scripts' digits count too (str.isdigit)
            digits = sum(ch.isdigit() for ch in to)
        if digits < 10 or digits > 15:
            return _ODD_TO
    return ()


_ASCII_DIGITS = "0123456789"


def rule_ids(findings: Iterable[Finding]) -> tuple[str, ...]:
    """The ids of the rules that fired, sorted, each once."""
    return tuple(sorted({f.rule for f in findings}))


def body_text(doc: ModelInput) -> str:
    """The vectorisers' preprocessor: the body, lower-cased, digit runs folded to '0'."""
    return _DIGITS.sub("0", doc.body.lower())


_DIGITS = re.compile(r"\d+")


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
    return float(standard_opt_out(body) is None), ()


def f_names_business(body: str) -> tuple[float, Spans]:
    return float(appears_to_name_a_business(body)), ()


def f_no_business_name(body: str) -> tuple[float, Spans]:
    return float(not appears_to_name_a_business(body)), ()


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
    out[:, col["no_business_name"]] = ~named
    return out


class BodyFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Named, engineered body features in [0, 1] (see ``BODY_FEATURES``)."""

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> BodyFeatures:
        self.n_features_out_ = len(BODY_FEATURES)
        return self

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        return sp.csr_matrix(body_feature_matrix([doc.body for doc in X]))

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(list(BODY_FEATURES), dtype=object)


def error_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.error_tokens


def context_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.context


def rule_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.rules


class TokenFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """One binary column per token seen in fit (error category, context flag, rule id).

    ``extract`` is a module-level function (picklable) returning a document's tokens; tokens
    unseen in fit (a rule added after training) are ignored.
    """

    def __init__(self, extract: Callable[[ModelInput], tuple[str, ...]] = rule_tokens) -> None:
        self.extract = extract

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> TokenFeatures:
        vocab = sorted({t for doc in X for t in self.extract(doc)})
        self.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        return self

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        found = list(map(self.extract, X))
        lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        flat = list(chain.from_iterable(found))
        cols = np.fromiter(map(self.vocabulary_.get, flat, repeat(-1)), np.int64, len(flat))
        rows = np.repeat(np.arange(len(found)), lengths)
        keep = cols >= 0
        data = np.ones(int(keep.sum()), dtype=np.float64)
        shape = (len(found), len(self.vocabulary_))
        return sp.csr_matrix((data, (rows[keep], cols[keep])), shape=shape)

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(list(self.vocabulary_), dtype=object)


# --- text n-grams, vectorised over the whole column -----------------------------------------
# scikit-learn's TfidfVectorizer counts n-grams one Python dict lookup at a time (~6k msgs/s
# for char n-grams). These transformers give the same kind of features (tf-idf, l2-scaled
# rows, a vocabulary picked by min_df and max_features, readable names) but encode every
# n-gram as an exact integer key and look the whole batch up at once in a numpy hash table.
# One difference: a term seen twice in a body is two entries of the CSR row (they add up
# in any product with weights), and the row scale is sqrt(sum of idf^2 over occurrences), so
# no sort is needed to merge repeats. ``merge_repeats`` merges them where a row is read
# entry by entry (explanations).

_TOKEN = re.compile(r"\w+")  # maximal runs: the same tokens as \b\w+\b, faster
#: Separates documents in one joined string; no document keeps one (see ``_fold_joined``).
_SEP = "\x00"
#: Between documents in the word tokeniser's input: digit runs fold to "0", so no body
#: yields the token "1".
_DOC_TOKEN = "1"
# Python's str.split() whitespace, for the char n-grams' word boundaries.
_SPACE_CODES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)
# Fibonacci hashing: the multiplier spreads keys over the high bits of the product.
_MULT = np.uint64(0x9E3779B97F4A7C15)

Triples = Iterable[tuple[int, NDArray[np.integer[Any]], NDArray[np.unsignedinteger[Any]]]]


def _fold_joined(docs: Sequence[ModelInput]) -> tuple[str, int]:
    """``body_text`` of every document, joined by ``_SEP``, in one lower/sub pass.

    The words and chars transformers of one ``FeatureUnion.transform`` call get the same
    rows: the last result is kept and reused for the very same (immutable) rows.
    """
    last = _LAST_FOLD[0]
    if last is not None and len(last[0]) == len(docs) and all(map(operator.is_, last[0], docs)):
        return last[1]
    bodies = [d.body for d in docs]
    joined = _SEP.join(bodies)
    if joined.count(_SEP) != len(bodies) - 1:
        joined = _SEP.join(b.replace(_SEP, " ") for b in bodies)
    result = _DIGITS.sub("0", joined.lower()), len(bodies)
    _LAST_FOLD[0] = (tuple(docs), result)
    return result


_LAST_FOLD: list[tuple[tuple[ModelInput, ...], tuple[str, int]] | None] = [None]


class _KeyTable:
    """Open-addressing hash table (linear probing) from uint64 keys to column numbers."""

    def __init__(self, keys: NDArray[np.uint64]) -> None:
        self.bits = max(4, int(len(keys) * 4).bit_length())  # load factor <= 1/4
        size = 1 << self.bits
        self.keys = np.zeros(size, dtype=np.uint64)
        self.cols = np.full(size, -1, dtype=np.int64)
        self.probes = 1
        mask = size - 1
        for col, (key, slot) in enumerate(
            zip(keys.tolist(), self._slots(keys).tolist(), strict=True)
        ):
            probes = 1
            while self.cols[slot] >= 0:
                slot = (slot + 1) & mask
                probes += 1
            self.keys[slot], self.cols[slot] = key, col
            self.probes = max(self.probes, probes)

    def _slots(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        return ((keys * _MULT) >> np.uint64(64 - self.bits)).astype(np.int64)

    def lookup(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        """Column of each key, -1 when it is not in the table."""
        out = np.full(len(keys), -1, dtype=np.int64)
        slots = self._slots(keys)
        todo = np.arange(len(keys))
        mask = len(self.cols) - 1
        for _ in range(self.probes):
            if not len(todo):
                break
            s = slots[todo]
            cols = self.cols[s]
            hit = (self.keys[s] == keys[todo]) & (cols >= 0)
            out[todo[hit]] = cols[hit]
            todo = todo[~hit & (cols >= 0)]
            slots[todo] = (slots[todo] + 1) & mask
        return out


class _DirectTable:
    """Key -> column through an array indexed by the key (keys below ``space``)."""

    def __init__(self, keys: NDArray[np.uint64], space: int) -> None:
        dtype = np.int16 if len(keys) < 1 << 15 else np.int32
        self.cols: NDArray[np.signedinteger[Any]] = np.full(space, -1, dtype=dtype)
        self.cols[keys.astype(np.int64)] = np.arange(len(keys), dtype=dtype)

    def lookup(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        """Column of each key, -1 when it is not in the table."""
        return self.cols[keys.astype(np.intp)].astype(np.int64)


def merge_repeats(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` with repeated entries of a row summed (a copy; for reading entries one by one)."""
    X = X.copy()
    X.sum_duplicates()
    return X


class _NgramTfidf(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Shared fit/transform; subclasses turn folded texts into (n, doc, key) triples."""

    def __init__(
        self, *, ngram_range: tuple[int, int] = (1, 2), min_df: int = 2, max_features: int = 10000
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def _keys(self, joined: str, n_docs: int) -> Triples:
        raise NotImplementedError

    def _names(self, features: list[tuple[int, int]]) -> list[str]:
        raise NotImplementedError

    def _prepare_fit(self, joined: str) -> None:
        """Hook: state the key encoding needs before ``_keys`` runs in fit."""

    def _key_space(self, n: int) -> int:
        """How many distinct keys n-grams of length n can have (small: a direct table)."""
        return 1 << 64

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> _NgramTfidf:
        joined, n_docs = _fold_joined(X)
        self._prepare_fit(joined)
        found: list[tuple[int, int, int, int]] = []  # (-count, n, key, df)
        for n, docs, keys in self._keys(joined, n_docs):
            uniq, counts = np.unique(keys, return_counts=True)
            pairs = np.unique(np.stack([keys, docs.astype(np.uint64)]), axis=1)
            k_df, df = np.unique(pairs[0], return_counts=True)
            keep = df >= self.min_df
            count_of = dict(zip(uniq.tolist(), counts.tolist(), strict=True))
            for key, d in zip(k_df[keep].tolist(), df[keep].tolist(), strict=True):
                found.append((-count_of[key], n, key, d))
        # Most frequent first (ties by n, then key: deterministic), like max_features.
        found.sort()
        chosen = sorted(found[: self.max_features], key=lambda t: (t[1], t[2]))
        self.tables_: dict[int, tuple[_KeyTable | _DirectTable, int]] = {}
        for n in range(self.ngram_range[0], self.ngram_range[1] + 1):
            cols = [j for j, t in enumerate(chosen) if t[1] == n]  # contiguous, by key
            keys = np.array([chosen[j][2] for j in cols], dtype=np.uint64)
            space = self._key_space(n)
            table = _DirectTable(keys, space) if space <= 1 << 22 else _KeyTable(keys)
            self.tables_[n] = (table, cols[0] if cols else 0)
        df_all = np.array([t[3] for t in chosen], dtype=np.float64)
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + df_all)) + 1.0
        self.names_ = np.asarray(self._names([(t[1], t[2]) for t in chosen]), dtype=object)
        return self

    def _entries(self, joined: str, n_docs: int) -> tuple[NDArray[np.integer], NDArray[np.integer]]:
        """(doc, column) of every vocabulary n-gram occurrence, ordered by doc."""
        rows, cols = [], []
        for n, docs, keys in self._keys(joined, n_docs):
            table, first = self.tables_[n]
            col = table.lookup(keys)
            hit = col >= 0
            rows.append(docs[hit])
            cols.append(col[hit] + first)
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        doc = np.concatenate(rows)
        order = np.argsort(doc, kind="stable")  # a few sorted runs: a cheap merge
        return doc[order], np.concatenate(cols)[order]

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        joined, n_docs = _fold_joined(X)
        doc, col = self._entries(joined, n_docs)
        val = self.idf_[col]
        per_doc = np.bincount(doc, minlength=n_docs)
        scale = np.sqrt(np.bincount(doc, weights=val * val, minlength=n_docs))
        val /= np.repeat(np.where(scale > 0, scale, 1.0), per_doc)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(per_doc, out=indptr[1:])
        return sp.csr_matrix((val, col, indptr), shape=(n_docs, len(self.idf_)))

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(self.names_, dtype=object)


class WordNgrams(_NgramTfidf):
    """Word 1-2 grams (``\\b\\w+\\b`` tokens) of the folded body; a key is two token ids."""

    def _prepare_fit(self, joined: str) -> None:
        if self.ngram_range[1] > 2:
            raise ValueError("WordNgrams encodes at most two tokens per key")
        tokens = sorted(set(_TOKEN.findall(joined.replace(_SEP, " "))))
        self.tokens_ = {t: i for i, t in enumerate(tokens)}
        self.tokens_[_DOC_TOKEN] = -2  # never a body token (see _DOC_TOKEN)

    def _keys(self, joined: str, n_docs: int) -> Triples:
        found = _TOKEN.findall(joined.replace(_SEP, f" {_DOC_TOKEN} "))
        ids = np.fromiter(map(self.tokens_.get, found, repeat(-1)), np.int64, count=len(found))
        is_sep = ids == -2
        docs = np.cumsum(is_sep)
        known = ids >= 0
        uids = ids.astype(np.uint64)
        if self.ngram_range[0] <= 1:
            yield 1, docs[known], uids[known]
        if self.ngram_range[1] >= 2 and len(ids) > 1:
            ok = known[:-1] & known[1:]
            yield 2, docs[:-1][ok], (uids[:-1][ok] << np.uint64(32)) | uids[1:][ok]

    def _key_space(self, n: int) -> int:
        return len(self.tokens_) if n == 1 else 1 << 64

    def _names(self, features: list[tuple[int, int]]) -> list[str]:
        by_id = {i: t for t, i in self.tokens_.items() if i >= 0}
        return [
            by_id[key] if n == 1 else f"{by_id[key >> 32]} {by_id[key & 0xFFFFFFFF]}"
            for n, key in features
        ]


class CharNgrams(_NgramTfidf):
    """Character n-grams (up to 3) inside words (each word padded by a space), like ``char_wb``.

    Characters are numbered in a 7-bit alphabet fitted on the training text (space, then the
    126 most frequent characters; the rest share one "other" code, shown as U+FFFD in names),
    so a 3-gram key is 21 bits and the vocabulary is a direct-address table.
    """

    _BITS = 7

    def _prepare_fit(self, joined: str) -> None:
        if self.ngram_range[1] > 3:
            raise ValueError("CharNgrams encodes at most three characters per key")
        raw = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        raw = raw[(raw <= 0xFFFF) & ~np.isin(raw, _SPACE_CODES) & (raw != 0)]
        chars, counts = np.unique(raw, return_counts=True)
        top = chars[np.lexsort((chars, -counts))][: (1 << self._BITS) - 2]
        alphabet = np.zeros(0x10000, dtype=np.uint8)  # 0: other
        alphabet[_SPACE_CODES] = 1
        alphabet[top] = np.arange(2, len(top) + 2, dtype=np.uint8)
        self.alphabet_ = alphabet

    def _key_space(self, n: int) -> int:
        return 1 << (self._BITS * n)

    def _keys(self, joined: str, n_docs: int, aligned: bool = False) -> Triples:
        """Per length: (n, doc, key); ``aligned``: one slot per position, -1-free offsets
        into the combined table with misses pointing at an empty slot."""
        if not n_docs:
            return
        # Each text as " text ", then the separator (a space of the next doc): no n-gram
        # crosses it, since an n-gram holds a space only at its ends.
        padded = " " + joined.replace(_SEP, f" {_SEP} ") + " "
        raw = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        sep = raw == 0
        docs = np.cumsum(sep, dtype=np.int32)
        codes = self.alphabet_[np.minimum(raw, 0xFFFF)].astype(np.uint32)
        codes[raw > 0xFFFF] = 0
        codes[sep] = 1
        space = codes == 1
        lo, hi = self.ngram_range
        size = len(codes)
        for n in range(lo, hi + 1):
            m = size - n + 1
            if m <= 0:
                continue
            # No space inside the n-gram (only at its ends), not all spaces, one doc.
            ok = docs[:m] == docs[n - 1 :]
            for k in range(1, n - 1):
                ok &= ~space[k : k + m]
            if n <= 2:
                ok &= ~(space[:m] & space[n - 1 :])
            key = codes[:m].copy()
            for k in range(1, n):
                key = (key << np.uint32(self._BITS)) | codes[k : k + m]
            if not aligned:
                yield n, docs[:m][ok], key[ok]
                continue
            # Every length gets ``size`` slots; invalid ones point at the combined table's
            # last slot, which is always empty.
            full = np.full(size, self._offset(hi + 1), dtype=np.uint32)
            full[:m] = np.where(ok, key + np.uint32(self._offset(n)), full[:m])
            yield n, docs, full

    def _entries(self, joined: str, n_docs: int) -> tuple[NDArray[np.integer], NDArray[np.integer]]:
        # All lengths at once, interleaved by position, so the entries come out in doc order
        # without a sort: key spaces of each length are stacked in one direct table.
        if not hasattr(self, "_by_key"):
            self._by_key = self._combined_table()
        parts = list(self._keys(joined, n_docs, aligned=True))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        docs = parts[0][1]
        keys = np.stack([k for _, _, k in parts], axis=1).ravel()
        col = self._by_key[keys]
        hit = np.flatnonzero(col >= 0)
        return docs[hit // len(parts)], col[hit]

    def _combined_table(self) -> NDArray[np.int32]:
        lo, hi = self.ngram_range
        out = np.full(self._offset(hi + 1) + 1, -1, dtype=np.int32)  # + the empty slot
        for n in range(lo, hi + 1):
            table, first = self.tables_[n]
            assert isinstance(table, _DirectTable)
            live = table.cols >= 0
            out[self._offset(n) : self._offset(n + 1)][live] = table.cols[live] + first
        return out

    def _offset(self, n: int) -> int:
        """Where length-n keys start in the combined table (1- and 2-grams first)."""
        return sum(self._key_space(k) for k in range(self.ngram_range[0], n))

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_by_key", None)  # rebuilt on first use; keeps the pickle small
        return state

    def _names(self, features: list[tuple[int, int]]) -> list[str]:
        char_of = {int(i): chr(c) for c, i in enumerate(self.alphabet_.tolist()) if i > 1}
        char_of[1] = " "
        mask = (1 << self._BITS) - 1
        out = []
        for n, key in features:
            ids = [(key >> (self._BITS * (n - 1 - k))) & mask for k in range(n)]
            out.append("".join(char_of.get(i, "\ufffd") for i in ids))
        return out


def text_union(*, max_words: int = 12000, max_chars: int = 12000) -> list[tuple[str, Any]]:
    """Word 1-2 grams and character 2-3 grams (within word boundaries) of the body."""
    return [
        ("words", WordNgrams(ngram_range=(1, 2), min_df=2, max_features=max_words)),
        ("chars", CharNgrams(ngram_range=(2, 3), min_df=3, max_features=max_chars)),
        ("body", BodyFeatures()),
    ]


def cause_features(**kwargs: int) -> FeatureUnion:
    """Everything: text, engineered body features, error category, context flags, rule hits."""
    return FeatureUnion(
        [
            *text_union(**kwargs),
            ("error", TokenFeatures(error_tokens)),
            ("context", TokenFeatures(context_tokens)),
            ("rules", TokenFeatures(rule_tokens)),
        ]
    )


def content_features(**kwargs: int) -> FeatureUnion:
    """The body alone: what a carrier's content filter sees."""
    return FeatureUnion(text_union(**kwargs))


# --- explanations -------------------------------------------------------------------------

_CONTEXT_WORDS = {
    "first_message=true": "first message to this recipient",
    "first_message=false": "not the first message to this recipient",
    "recipient_opted_out=true": "the recipient is marked opted out",
    "recipient_initiated=true": "the recipient texted first",
    "recipient_initiated=false": "the business texted first",
    "has_history": "there is earlier conversation",
    "history_stop_keyword": "the recipient texted STOP earlier and has not opted back in",
    "history_informal_opt_out": "the recipient asked in plain words to stop, and has not "
    "opted back in",
    "to_odd_length": "the 'to' number has an unusual length",
}


def describe(feature: str) -> str:
    """A feature name from ``get_feature_names_out`` in words a support engineer reads."""
    group, _, name = feature.partition("__")
    if group == "words":
        return f"the word{'s' if ' ' in name else ''} '{name}'"
    if group == "chars":
        return f"the text fragment '{name.strip()}'"
    if group == "body":
        return BODY_FEATURES[name][0] if name in BODY_FEATURES else name
    if group == "error":
        key, _, value = name.partition("=")
        if key == "category":
            return f"the provider error maps to '{value}'"
        if key == "status":
            return f"the error code is {value}"
        return "the error is an opaque filter verdict or gives no reason"
    if group == "context":
        if name in _CONTEXT_WORDS:
            return _CONTEXT_WORDS[name]
        key, _, value = name.partition("=")
        return f"{key.replace('_', ' ')} is {value}"
    if group == "rules":
        from diagnose.rules.registry import RULES_BY_ID

        r = RULES_BY_ID.get(name)
        return f"rule {name} ({r.name}) fired" if r else f"rule {name} fired"
    return feature


def feature_spans(
    feature: str, body: str, findings: Sequence[Finding] = (), limit: int = 5
) -> Spans:
    """Where in ``body`` a feature applies (empty when it is about context, not text)."""
    group, _, name = feature.partition("__")
    if group == "body" and name in BODY_FEATURES:
        return BODY_FEATURES[name][1](body)[1][:limit]
    if group == "rules":
        return tuple((s.start, s.end) for f in findings if f.rule == name for s in f.spans)[:limit]
    if group in ("words", "chars") and name.strip():
        if len(body.lower()) != len(body):
            return ()
        needle = name.strip()
        if group == "words":
            parts = [re.escape(p).replace("0", r"0+") for p in needle.split()]
            pattern = re.compile(r"\b" + r"\W+".join(parts) + r"\b")
        else:
            pattern = re.compile(re.escape(needle).replace("0", r"0+"))
        # Spans refer to the folded text; map back through the digit folding.
        return _map_folded(body, pattern, limit)
    return ()


def _map_folded(body: str, pattern: re.Pattern[str], limit: int) -> Spans:
    """Match ``pattern`` on the digit-folded, lower-cased body; spans in original offsets."""
    folded_chars: list[str] = []
    origin: list[int] = []
    i = 0
    low = body.lower()
    while i < len(low):
        if low[i].isdigit():
            j = i
            while j < len(low) and low[j].isdigit():
                j += 1
            folded_chars.append("0")
            origin.append(i)
            i = j
            continue
        folded_chars.append(low[i])
        origin.append(i)
        i += 1
    origin.append(len(body))
    folded = "".join(folded_chars)
    out = []
    for m in pattern.finditer(folded):
        end = origin[m.end()] if m.end() < len(origin) else len(body)
        if m.end() > 0 and folded[m.end() - 1] == "0":
            # A folded digit run ends where the original digits end.
            k = origin[m.end() - 1]
            while k < len(body) and body[k].isdigit():
                k += 1
            end = k
        out.append((origin[m.start()], end))
        if len(out) >= limit:
            break
    return tuple(out)
