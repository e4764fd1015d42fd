"""Does a body read as marketing? Promotional content needs express written consent.

The cues are the CTIA/TCPA notion of a "telephone solicitation": offers, discounts and calls
to buy. Service words ("your order", "appointment") are deliberately absent.
"""

from __future__ import annotations

import re

from diagnose.spans import Span
from diagnose.text import lower_keep_offsets

_CUES = re.compile(
    r"\b(?:"
    r"\d{1,2}\s?%\s?off|(?:flash|big|huge|holiday|clearance|summer|winter|spring|fall)\s+sale"
    r"|on\s+sale|sale\s+(?:ends|starts|now)|discount(?:s|ed)?|promo(?:tion(?:al)?)?\s*code"
    r"|coupons?|deals|offers|clearance|use\s+code\s+\w+|shop\s+(?:now|today|till)|buy\s+now|order\s+now"
    r"|limited[- ]time\s+(?:offer|only|deal)|exclusive\s+(?:offer|deal|access)s?"
    r"|special\s+(?:offer|deal|promotion)s?|free\s+shipping|amazing\s+deals?|hot\s+deals?"
    r"|bogo|buy\s+one,?\s+get\s+one|save\s+(?:up\s+to\s+)?\$\d+|save\s+\d{1,2}\s?%"
    r"|new\s+arrivals|don'?t\s+miss\s+(?:out|our)|black\s+friday|cyber\s+monday"
    r")",
)


#: The first letters (as ``lexicon.word_keys`` files them) of a word every cue contains,
#: unless the cue contains "%": a cheap necessary condition checked before the scan.
PROMO_WORD_KEYS = frozenset(
    [
        "sal",
        "dis",
        "pro",
        "cou",
        "dea",
        "off",
        "cle",
        "use",
        "sho",
        "buy",
        "ord",
        "lim",
        "exc",
        "spe",
        "fre",
        "ama",
        "hot",
        "bog",
        "sav",
        "new",
        "don",
        "bla",
        "cyb",
    ]
)


def promotional_spans(body: str) -> tuple[Span, ...]:
    """Where the body reads as marketing; empty when it does not."""
    return promotional_spans_lower(lower_keep_offsets(body))


def promotional_spans_lower(low: str) -> tuple[Span, ...]:
    """``promotional_spans`` of already lower-cased text."""
    return tuple(Span(m.start(), m.end()) for m in _CUES.finditer(low))


def is_promotional(body: str) -> bool:
    return bool(promotional_spans(body))
