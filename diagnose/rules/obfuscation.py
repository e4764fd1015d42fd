"""Obfuscation rules: text disguised so filters cannot read it.

Source: compliance-rules.md section H (filters read content; disguising it is itself the
signal) and CONTENT-PHISHING-DECEPTIVE (impersonation with look-alike letters).
"""

from __future__ import annotations

import re
import unicodedata

from diagnose.causes import Cause
from diagnose.rules.base import CheckResult, Hit, Rule, Severity, Span, rule
from diagnose.rules.context import RuleContext, has_non_ascii
from diagnose.rules.prefilters import LETTER, char_class

# ---------------------------------------------------------------------------------------
# OBF001: invisible characters. Zero-width (non-)joiners are legitimate in emoji sequences
# and in Arabic or Indic scripts, so they count only next to an ASCII letter or digit; a
# byte-order mark at the very start is an artefact of pasting from a file.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_JOINERS = frozenset("\u200c\u200d")
_NAMES = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u00ad": "soft hyphen",
}


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _hides_text(body: str, start: int, end: int) -> bool:
    """Whether an invisible run at [start, end) can disguise a word."""
    run = body[start:end]
    if start == 0 and run == "\ufeff":
        return False
    if set(run) <= _JOINERS:
        before = body[start - 1] if start else ""
        after = body[end] if end < len(body) else ""
        return _ascii_alnum(before) or _ascii_alnum(after)
    return True


@rule(
    id="OBF001",
    name="zero-width-characters",
    cause=Cause.SPAM_LIKE_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md SPAM-TRIGGER-PHRASES (evasion of word filters), "
    "ENC-UCS2-SWITCH; CTIA-MP (no filter evasion)",
    fix="Remove the invisible characters (retype the text, or paste it as plain text); "
    "they also force UCS-2 encoding.",
    prefilter=_INVISIBLE.pattern,
    gate=has_non_ascii,
)
def zero_width_characters(ctx: RuleContext) -> CheckResult:
    """The message contains invisible characters (zero-width spaces, soft hyphens).

    ## What it does
    Finds zero-width spaces, word joiners, zero-width no-break spaces (other than a
    leading byte-order mark), soft hyphens, and zero-width (non-)joiners next to Latin
    letters or digits. Joiners inside emoji sequences or Arabic and Indic words are
    normal and ignored.

    ## Why is this bad?
    Invisible characters split words so keyword filters cannot match them ("fr<U+200B>ee"),
    a known evasion technique that filters treat as a spam signal in itself. They also
    switch the message to UCS-2, halving the characters per segment.

    ## Example
        Claim your fr<U+200B>ee gift today (a zero-width space U+200B inside "free")

    ## Use instead
        Acme: your order has shipped.
    """
    body = ctx.body
    if body.isascii():
        return
    spans: list[Span] = []
    kinds: dict[str, None] = {}
    for m in _INVISIBLE.finditer(body):
        if _hides_text(body, m.start(), m.end()):
            spans.append(Span(m.start(), m.end()))
            kinds.update(dict.fromkeys(_NAMES[c] for c in m.group()))
    if spans:
        count = sum(s.end - s.start for s in spans)
        yield Hit(f"{count} invisible character(s): {', '.join(kinds)}.", tuple(spans))


# ---------------------------------------------------------------------------------------
# OBF002: homoglyphs. Only Cyrillic and Greek letters that look like Latin ones count,
# and only inside a word that also has Latin letters: "Аpple" with a Cyrillic А is a
# disguise, "Привет" or "5 μg" are not.
_LOOKALIKES = frozenset(
    "АВЕЅІЈКМНОРСТХУЬаеіјорсуххѕһԁԛԝӏ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαιονρτυκ"  # Greek
)
_WORD = re.compile(r"[^\W\d_]+")


def _is_latin(c: str) -> bool:
    if c.isascii():
        return c.isalpha()
    return unicodedata.name(c, "").startswith("LATIN ")


@rule(
    id="OBF002",
    name="homoglyph-letters",
    cause=Cause.SPAM_LIKE_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md CONTENT-PHISHING-DECEPTIVE (impersonation), "
    "SPAM-TRIGGER-PHRASES (evasion of word filters); TMO (phishing fine tier); "
    "TW-E 30884; VND",
    fix="Type the words with ordinary Latin letters; look-alike Cyrillic or Greek letters "
    "read as impersonation or filter evasion.",
    prefilter=char_class(_LOOKALIKES),
    gate=has_non_ascii,
)
def homoglyph_letters(ctx: RuleContext) -> CheckResult:
    """A word mixes Latin letters with Cyrillic or Greek look-alikes ("Аpple").

    ## What it does
    Finds words that contain both Latin letters and Cyrillic or Greek letters that look
    like Latin ones (Cyrillic "А", "е", "о", "р", Greek "Ο", "ν"...). Words and texts
    entirely in Cyrillic or Greek are left alone.

    ## Why is this bad?
    Swapping in look-alike letters defeats keyword filters and imitates brand names; it is
    a phishing technique, and filters that spot mixed scripts block the message.

    ## Example
        Your Аpple ID is locked (the first letter is Cyrillic)

    ## Use instead
        Your Apple ID is locked
    """
    body = ctx.body
    if body.isascii():
        return
    spans: list[Span] = []
    for m in _WORD.finditer(body):
        word = m.group()
        if word.isascii():
            continue
        if any(c in _LOOKALIKES for c in word) and any(_is_latin(c) for c in word):
            spans.append(Span(m.start(), m.end()))
    if spans:
        words = ", ".join(dict.fromkeys(f"'{body[s.start : s.end]}'" for s in spans[:4]))
        yield Hit(f"Words mixing Latin with Cyrillic/Greek look-alikes: {words}.", tuple(spans))


# ---------------------------------------------------------------------------------------
# OBF003: spaced-out letters. Four or more single letters joined by one repeated
# separator ("F R E E", "c.a.s.h", "V-I-A-G-R-A"). The backreference keeps the separator
# the same; each repetition consumes a letter and a separator, so matching is linear.
# Dotted abbreviations of four letters (R.S.V.P.) are ordinary text.
_SPACED = re.compile(
    r"(?<![^\W\d_])(?<![^\W\d_][.\-_*/·•])"
    r"[^\W\d_]([ \t]{1,3}|[.\-_*/·•])(?:[^\W\d_]\1){2,}[^\W\d_](?![^\W\d_])"
)
# Cheap precondition: two single letters between three equal separators (" R E ").
_SPACED_HINT = re.compile(r"([ \t.\-_*/·•])[^\W\d_]\1[^\W\d_]\1")
# The hint without its back-reference (RE2 has none): separator, letter, separator, ...
_SPACED_SEP = r"[ \t.\-_*/·•]"
_ABBREVIATIONS = frozenset({"rsvp", "usps", "usmc", "usaf", "asap", "ymca", "ywca"})
# ASCII bytes with each letter turned into "L", each separator into "|" and the rest into
# "#": a text can hold the hint only if it then holds "|L|L|" (one C-level search for most
# bodies, instead of the hint's back-reference tried at every separator).
_SPACED_SHAPE = bytes(
    76 if chr(c).isascii() and chr(c).isalpha() else 124 if chr(c) in " \t.-_*/" else 35
    for c in range(256)
)


def _may_be_spaced(body: str) -> bool:
    """Whether ``body`` can hold ``_SPACED_HINT`` (False: it cannot; True: maybe)."""
    return not body.isascii() or b"|L|L|" in body.encode().translate(_SPACED_SHAPE)


# A word has a consonant: a row of vowels alone spells none (an alphabet test, a list of
# accents).
_SPELLS_A_WORD = re.compile(r"[^\W\daeiouyáéíóúàèìòùâêîôûäëïöüãõåæœ]", re.IGNORECASE)


@rule(
    id="OBF003",
    name="spaced-out-letters",
    cause=Cause.SPAM_LIKE_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md SPAM-TRIGGER-PHRASES (evasion of word filters); VND",
    fix="Write words normally; letters split by spaces or dots read as filter evasion.",
    prefilter=(_SPACED_SEP + LETTER) * 2 + _SPACED_SEP,
)
def spaced_out_letters(ctx: RuleContext) -> CheckResult:
    """A word is spelled out in separated letters ("F R E E", "c.a.s.h").

    ## What it does
    Finds four or more single letters separated by the same space, dot, hyphen,
    underscore, slash or asterisk ("F R E E", "c.a.s.h", "V-I-A-G-R-A"). Links and
    dotted abbreviations such as "R.S.V.P." are ignored.

    ## Why is this bad?
    Spelling a word out letter by letter is a classic way to slip trigger words past
    keyword filters; filters treat the disguise itself as spam.

    ## Example
        Get your F R E E gift now

    ## Use instead
        Get your welcome gift at your next visit
    """
    body = ctx.body
    if not _may_be_spaced(body) or not _SPACED_HINT.search(body):
        return
    spans: list[Span] = []
    for m in _SPACED.finditer(body):
        start, end = m.start(), m.end()
        if any(u.start <= start < u.end for u in ctx.urls):
            continue
        letters = body[start : end : len(m.group(1)) + 1]
        if letters.lower() in _ABBREVIATIONS or not _SPELLS_A_WORD.search(letters):
            continue  # "R.S.V.P.", or a row of vowels ("á é í ó ú"): a list, no word hidden
        spans.append(Span(start, end))
    if spans:
        words = ", ".join(dict.fromkeys(f"'{body[s.start : s.end]}'" for s in spans[:4]))
        yield Hit(f"Spaced-out letters: {words}.", tuple(spans))


RULES: tuple[Rule, ...] = (
    zero_width_characters,
    homoglyph_letters,
    spaced_out_letters,
)
