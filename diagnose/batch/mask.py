"""Masking: turn personalised bodies into templates and phone numbers into safe labels.

``mask_template`` groups "Hi Sarah, your code is 482913" and "Hi Tom, your code is 100233"
as one template, "Hi <name>, your code is <n>", so a report can say which *template* fails
without carrying anyone's data (``diagnose.batch.templates`` then mines the words that still
vary, such as a city, into ``<*>``). Numbers are grouped by their full value (``phone_key``)
and masked only for display (``mask_phone``: country code and last four digits;
``mask_labels`` tells apart two numbers that mask alike). Shared with the Streamlit app; keep
signatures stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers

from diagnose.text.link_cache import links

# Emails before phones and digits; local part and domain labels are bounded runs with no
# overlapping alternation, so matching is linear.
_EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# A phone-looking run: optional +, then 7-15 digits possibly split by single space, dot,
# dash or parentheses (each separator consumed once per digit, so no nested ambiguity).
_PHONE_RE = re.compile(r"(?<![\w+])\+?\(?\d(?:[ .()-]{0,2}\d){6,14}(?!\w)")
# Money before plain numbers so "$1,299.00" becomes "$<n>" in one piece.
_NUMBER_RE = re.compile(r"\d+(?:[.,:/-]\d+)*")
# A name after a greeting: "Hi Sarah", "Dear Mr. Lee", "Hello Ana-Maria". One or two
# capitalised words; the greeting list is what SMS templates actually open with.
_NAME_RE = re.compile(
    r"\b((?:hi|hello|hey|dear|thanks|thank you|congrats|congratulations|welcome|good morning|"
    r"good afternoon|good evening)[ ,]+)((?:mr|mrs|ms|dr)\.? )?"
    r"([^\W\d_][\w'-]{0,30}(?: [^\W\d_][\w'-]{0,30})?)\b",
    re.IGNORECASE,
)
#: Each greeting ``_NAME_RE`` accepts starts with one of these. In ASCII text IGNORECASE
#: means ASCII case only, so a body whose lower-cased text holds none of them cannot match
#: (other text may match through Unicode case folding, "ı" for "i": it always runs).
_GREETING_STARTS = ("hi", "hello", "hey", "dear", "thank", "congrat", "welcome", "good")


def _name_sub(m: re.Match[str]) -> str:
    name = m.group(3)
    # IGNORECASE lets the greeting match any case; a name still has to start upper-case.
    if not name[0].isupper():
        return m.group(0)
    return f"{m.group(1)}<name>"


@lru_cache(maxsize=65536)
def mask_template(body: str) -> str:
    """The body with links, emails, phone numbers, names after greetings and digits masked.

    Whitespace is collapsed, so templates differing only in spacing group together.

    Example:
        >>> mask_template("Hi Sarah, your code is 482913. Call +1 (555) 123-4567 or visit https://x.co/a1")
        'Hi <name>, your code is <n>. Call <phone> or visit <link>'
    """
    text = mask_links(body)
    if "@" in text:
        text = _EMAIL_RE.sub("<email>", text)
    text = _PHONE_RE.sub("<phone>", text)
    if _may_greet(text):
        text = _NAME_RE.sub(_name_sub, text)
    text = _NUMBER_RE.sub("<n>", text)
    # What ``re.sub(r"\s+", " ", text).strip()`` gives: \s and str.split() both take
    # str.isspace() as whitespace, so this collapses the same runs and drops the same ends.
    return " ".join(text.split())


def mask_links(text: str) -> str:
    """``text`` with every link the rules see (``find_urls``) replaced by ``<link>``."""
    urls = links(text)  # the rules and the model have usually found them already
    if not urls:
        return text
    parts = []
    last = 0
    for u in urls:
        parts.append(text[last : u.start])
        parts.append("<link>")
        last = u.end
    parts.append(text[last:])
    return "".join(parts)


def _may_greet(text: str) -> bool:
    """False only when ``_NAME_RE`` cannot match ``text``."""
    if not text.isascii():
        return True
    low = text.lower()
    return any(g in low for g in _GREETING_STARTS)


_DIGITS_RE = re.compile(r"\d")
#: Digits shown at the end of a masked number: what support pages and carriers quote.
SHOWN_DIGITS = 4


@lru_cache(maxsize=65536)
def phone_key(number: str | None) -> str:
    """The value numbers are grouped by: a phone number as ``+`` and its digits (spacing and
    punctuation dropped), anything else (a short code, an alphanumeric sender) stripped.

    Example:
        >>> phone_key("+1 (415) 555-0100"), phone_key("+14155550100"), phone_key(" ACME ")
        ('+14155550100', '+14155550100', 'ACME')
    """
    if number is None:
        return ""
    text = number.strip()
    digits = "".join(_DIGITS_RE.findall(text))
    if len(digits) <= 6 or len(digits) * 2 < len(text.replace(" ", "")):
        return text  # a short code, or a sender id with a few digits in it
    return f"+{digits}" if text.startswith("+") else digits


def _country_code(digits: str) -> str:
    """The calling code an E.164 number starts with (``phonenumbers``' table; else a guess)."""
    for n in (1, 2, 3):
        if phonenumbers.region_code_for_country_code(int(digits[:n])) != "ZZ":
            return digits[:n]
    return digits[:2]


@lru_cache(maxsize=65536)
def mask_phone(number: str | None) -> str:
    """A phone number with all but its country code and last four digits hidden.

    Short codes (3-6 digits) and alphanumeric sender ids are public business identifiers
    and are kept as they are.

    Example:
        >>> mask_phone("+15551234567"), mask_phone("+447700900123"), mask_phone("88202")
        ('+1••••••4567', '+44••••••0123', '88202')
    """
    if number is None:
        return ""
    text = phone_key(number)
    digits = "".join(_DIGITS_RE.findall(text))
    if text != digits and not text.startswith("+"):
        return text
    if len(digits) <= 6:
        return text
    if text.startswith("+"):
        cc = _country_code(digits)
        hidden = max(len(digits) - len(cc) - SHOWN_DIGITS, 1)
        return f"+{cc}{'•' * hidden}{digits[-SHOWN_DIGITS:]}"
    return f"{'•' * (len(digits) - SHOWN_DIGITS)}{digits[-SHOWN_DIGITS:]}"


def mask_labels(keys: Iterable[str], *, mask: bool = True) -> dict[str, str]:
    """A display label per grouping key: masked, and numbered where two keys mask alike
    (``+1••••••0100``, ``+1••••••0100 #2``), so distinct numbers stay distinct bars.

    Numbered in the order given (pass the keys most frequent first).

    Example:
        >>> mask_labels(["+14155550100", "+16175550100", "88202"])
        {'+14155550100': '+1••••••0100', '+16175550100': '+1••••••0100 #2', '88202': '88202'}
    """
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for key in keys:
        if key in out:
            continue
        label = mask_phone(key) if mask and key and not key.startswith("(") else key
        n = seen[label] = seen.get(label, 0) + 1
        out[key] = label if n == 1 else f"{label} #{n}"
    return out
