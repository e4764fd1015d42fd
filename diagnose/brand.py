"""Is the business named in the body? Accent-, case- and punctuation-insensitive matching.

"Retalé", "RETALE" and "retale's" all name Retalé; "Acme Co." matches "ACME CO".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LEGAL_SUFFIX = re.compile(r"\b(?:inc|llc|ltd|co|corp|corporation|company|gmbh|plc)\b\.?$")


def fold(text: str) -> str:
    """Strip accents, case-fold, and turn punctuation runs into single spaces."""
    if text.isascii():
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " " + _NON_ALNUM.sub(" ", stripped.casefold()).strip() + " "


@lru_cache(maxsize=1024)
def _brand_pattern(brand: str) -> re.Pattern[str] | None:
    folded = fold(brand).strip()
    without_suffix = _LEGAL_SUFFIX.sub("", folded).strip() or folded
    tokens = without_suffix.split()
    if not tokens:
        return None
    # Tokens may be written apart or together ("Retale Store" / "RetaleStore"), and the
    # last may take a possessive ("Retale's" folds to "retale s").
    return re.compile(r" " + r" ?".join(map(re.escape, tokens)) + r"(?: s)? ")


def names_brand(body: str, brand: str) -> bool:
    """True when ``body`` names ``brand``."""
    pattern = _brand_pattern(brand)
    return pattern is not None and pattern.search(fold(body)) is not None


# A business named by the usual shapes of SMS sender identification.
_NAME = r"[A-Z0-9][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&'’.-]*){0,3}"
_IDENT_RE = re.compile(
    rf"^\s*\W{{0,3}}(?:\[{_NAME}\]|{_NAME}\s*:)"  # "Acme: ..." / "[Acme] ..."
    rf"|\b(?:from|at|with)\s+(?:the\s+)?{_NAME}"  # "... from Acme"
    rf"|\b(?:[Tt]hanks|[Tt]hank you)\s+for\s+(?:contacting|choosing|joining|calling|"
    rf"shopping\s+(?:with|at)|ordering\s+from|visiting|texting)\s+{_NAME}"
    rf"|\b(?:[Ww]elcome\s+to|[Tt]his\s+is)\s+{_NAME}"
    rf"|\b{_NAME}\s+(?:here|[Tt]eam|[Ss]upport|[Aa]lerts?)\b"
    rf"|[-—–~]\s*(?:[Tt]he\s+)?{_NAME}\s*(?:[Tt]eam)?\s*$"  # signature at the end
)


def appears_to_name_a_business(body: str) -> bool:
    """Heuristic for when no brand is given: does the body identify some sender?"""
    return _IDENT_RE.search(body[:2000]) is not None
