"""Is the business named in the body? Accent-, case- and punctuation-insensitive matching.

"Retalé", "RETALE" and "retale's" all name Retalé; "Acme Co." matches "ACME CO".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LEGAL_SUFFIX = re.compile(r"\b(?:inc|llc|ltd|co|corp|corporation|company|gmbh|plc)\b\.?$")


# ASCII letters lower-cased, digits kept, every other byte (UTF-8 lead and continuation
# bytes included) a space, so one C translation does what a regex substitution would.
_ALNUM_OR_SPACE = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256)
)
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return "" if unicodedata.combining(char) else char.casefold()


def _fold_match(m: re.Match[str]) -> str:
    return _fold_char(m.group())


def fold(text: str) -> str:
    """Strip accents, case-fold, and turn punctuation runs into single spaces.

    Decomposition, mark stripping and case folding all act character by character, so
    only the non-ASCII characters need Python-level work; the rest is one translation.

    Example:
        >>> fold("Retalé's CRÈME-Brûlée!")
        ' retale s creme brulee '
    """
    if not text.isascii():
        text = _NON_ASCII_CHAR.sub(_fold_match, unicodedata.normalize("NFKD", text))
    # surrogatepass: half an emoji (a lone surrogate) becomes bytes >= 0x80, so a space.
    raw = text.encode("utf-8", "surrogatepass")
    return " " + " ".join(raw.translate(_ALNUM_OR_SPACE).decode().split()) + " "


@lru_cache(maxsize=1024)
def _brand_pattern(brand: str) -> tuple[re.Pattern[str], str] | None:
    """The folded-body pattern naming ``brand``, and its first word."""
    folded = fold(brand).strip()
    without_suffix = _LEGAL_SUFFIX.sub("", folded).strip() or folded
    tokens = without_suffix.split()
    if not tokens:
        return None
    # Tokens may be written apart or together ("Retale Store" / "RetaleStore"), and the
    # last may take a possessive ("Retale's" folds to "retale s").
    return re.compile(r" " + r" ?".join(map(re.escape, tokens)) + r"(?: s)? "), tokens[0]


def names_brand(body: str, brand: str, low: str | None = None) -> bool:
    """True when ``body`` (lower-cased: ``low``, if known) names ``brand``."""
    known = _brand_pattern(brand)
    if known is None:
        return False
    pattern, first = known
    if low is not None and first not in low and body.isascii():
        # Folding an ASCII body only lower-cases it and blanks punctuation, so the
        # brand's first word would be in the lower-cased body already.
        return False
    return pattern.search(fold(body)) is not None


# A business named by the usual shapes of SMS sender identification. Each shape is its own
# regex behind a substring every match of it contains, so most bodies try only two.
_NAME = r"[A-Z0-9][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&'’.-]*){0,3}"
_PREFIXED = re.compile(rf"\s*\W{{0,3}}(?:\[{_NAME}\]|{_NAME}\s*:)")  # "Acme: ..." / "[Acme]"
_GATED_SHAPES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    ((), re.compile(rf"\b(?:from|at|with)\s+(?:the\s+)?{_NAME}")),  # "... from Acme"
    (
        ("hank",),
        re.compile(
            rf"\b(?:[Tt]hanks|[Tt]hank you)\s+for\s+(?:contacting|choosing|joining|calling|"
            rf"shopping\s+(?:with|at)|ordering\s+from|visiting|texting)\s+{_NAME}"
        ),
    ),
    (("elcome", "his"), re.compile(rf"\b(?:[Ww]elcome\s+to|[Tt]his\s+is)\s+{_NAME}")),
    (
        ("here", "eam", "upport", "lert"),
        re.compile(rf"\b{_NAME}\s+(?:here|[Tt]eam|[Ss]upport|[Aa]lerts?)\b"),
    ),
    (  # a signature at the end
        ("-", "—", "–", "~"),
        re.compile(rf"[-—–~]\s*(?:[Tt]he\s+)?{_NAME}\s*(?:[Tt]eam)?\s*$"),
    ),
)


def appears_to_name_a_business(body: str) -> bool:
    """Heuristic for when no brand is given: does the body identify some sender?"""
    text = body[:2000]
    if _PREFIXED.match(text):
        return True
    for needles, shape in _GATED_SHAPES:
        if (not needles or any(n in text for n in needles)) and shape.search(text):
            return True
    return False
