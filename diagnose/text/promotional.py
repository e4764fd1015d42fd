"""Does a body read as marketing? Promotional content needs express written consent.

The cues are the CTIA/TCPA notion of a "telephone solicitation": offers, discounts and calls
to buy. Service words ("your order", "appointment") are deliberately absent.
"""

from __future__ import annotations

import re

from diagnose.text.links import lower_keep_offsets
from diagnose.text.spans import Span

# Every cue starts with a digit or an ASCII letter: the look-ahead lets the regex engine
# skip other positions fast (a leading \b alone does not).
_CUES = re.compile(
    r"(?=[\da-z])\b(?:"
    r"\d{1,2}\s?%\s?off|(?:flash|big|huge|holiday|clearance|summer|winter|spring|fall)\s+sale"
    r"|on\s+sale|sale\s+(?:ends|starts|now)|discount(?:s|ed)?|promo(?:tion(?:al)?)?\s*code"
    r"|coupons?|deals|offers|clearance|use\s+code\s+\w+|shop\s+(?:now|today|till)|buy\s+now|order\s+now"
    r"|limited[- ]time\s+(?:offer|only|deal)|exclusive\s+(?:offer|deal|access)s?"
    r"|special\s+(?:offer|deal|promotion)s?|free\s+shipping|amazing\s+deals?|hot\s+deals?"
    r"|bogo|buy\s+one,?\s+get\s+one|save\s+(?:up\s+to\s+)?\$\d+|save\s+\d{1,2}\s?%"
    r"|new\s+arrivals|don'?t\s+miss\s+(?:out|our)|black\s+friday|cyber\s+monday"
    r")",
)


# Cheap necessary conditions checked before the scan (tests/test_fast_paths.py proves them).
# A cue is a prefix (a word starting "sale", "discount", ...: no boundary after them in the
# pattern), "%" with "off" or "save", or a whole first word followed by a partner word, of
# which the pattern fixes the first letters (the ``lexicon.word_keys`` of the text).
PROMO_PREFIXES = ("sale", "discount", "promo", "coupon", "deals", "offers", "clearance", "bogo")
#: The ``lexicon.word_keys`` of the prefixes, so most bodies skip the prefix test.
PROMO_PREFIX_KEYS = frozenset(p[:3] for p in PROMO_PREFIXES)
_PARTNER_KEYS: dict[str, frozenset[str]] = {
    "use": frozenset({"cod"}),
    "shop": frozenset({"now", "tod", "til"}),
    "buy": frozenset({"now", "one"}),
    "order": frozenset({"now"}),
    "limited": frozenset({"tim"}),
    "exclusive": frozenset({"off", "dea", "acc"}),
    "special": frozenset({"off", "dea", "pro"}),
    "free": frozenset({"shi"}),
    "amazing": frozenset({"dea"}),
    "hot": frozenset({"dea"}),
    "new": frozenset({"arr"}),
    "don": frozenset({"mis"}),
    "dont": frozenset({"mis"}),
    "black": frozenset({"fri"}),
    "cyber": frozenset({"mon"}),
}
PROMO_WORDS = frozenset(_PARTNER_KEYS)


def may_be_promotional(low: str, words: frozenset[str], keys: frozenset[str]) -> bool:
    """False when no cue can match lower-cased ``low`` (its ``words`` and their keys)."""
    if "%" in low and ("off" in keys or "save" in words):
        return True
    if "save" in words and ("$" in low or "%" in low):
        return True
    if not words.isdisjoint(PROMO_WORDS):
        for word in PROMO_WORDS.intersection(words):
            if not keys.isdisjoint(_PARTNER_KEYS[word]):
                return True
    if keys.isdisjoint(PROMO_PREFIX_KEYS):
        return False
    return any(w.startswith(PROMO_PREFIXES) for w in words)


def promotional_spans(body: str) -> tuple[Span, ...]:
    """Where the body reads as marketing; empty when it does not."""
    return promotional_spans_lower(lower_keep_offsets(body))


def promotional_spans_lower(low: str) -> tuple[Span, ...]:
    """``promotional_spans`` of already lower-cased text."""
    return tuple(Span(m.start(), m.end()) for m in _CUES.finditer(low))


def is_promotional(body: str) -> bool:
    return bool(promotional_spans(body))
