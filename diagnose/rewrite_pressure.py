"""Taking the prize and pressure language out of a message, not only its punctuation.

A filter that reads "You WON a $1000 gift card!!! Claim now" does not stop reading it as
spam when the "!!!" becomes "!": the claim and the push are the signal (SPM003, and
vendors' filtering guidance). So a sentence that claims a prize goes whole, a pressure
phrase ("act now", "limited time", "before it's gone") goes from its sentence, and a
sentence left with nothing to say goes too. What the offer really is only the sender knows:
when nothing of substance is left, the corrected message gets an ``{offer}`` placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from diagnose.rules.base import Span

#: Pressure and hype phrases, removed from their sentence: SPM003's pressure terms plus the
#: calls to act that usually come with them (the rule does not need them to fire; a
#: rewrite that removes the rest and keeps "Claim NOW before it's gone" has not helped).
PRESSURE = re.compile(
    r"\b(?:act (?:now|fast|today)|limited[- ]time(?: offer| only)?|last chance|final notice"
    r"|don(?:'|’)?t miss (?:out|it)|buy now|order now|claim (?:it |yours |this )?(?:now|today)"
    r"|hurry(?: up)?|before it(?:'|’)?s gone|while (?:it|they|supplies) lasts?|today only"
    r"|(?:expires|ends) (?:today|tonight|soon|in \d+ (?:hours?|hrs?|minutes?|mins?))"
    r"|urgent|100% free|(?:absolutely|totally|completely) free|guaranteed|no risk"
    r"|risk-?\s?free|sign up free|congratulations|congrats)"
    r"\b",
    re.IGNORECASE,
)
#: A prize claim: the sentence holding it goes whole ("You WON a $1000 gift card").
PRIZE = re.compile(
    r"\b(?:you(?:'|’)?ve won|you have won|you (?:just )?won|winners?|win\b|cash prizes?"
    r"|prizes?|claim (?:your|a|the) (?:free )?(?:prize|reward|gift|cash|money|winnings|bonus)"
    r"|you(?:'|’)?ve been (?:selected|chosen)|you have been (?:selected|chosen)"
    r"|free (?:money|cash|gifts?|iphone)|\$\d[\d,]*(?:\.\d\d)? gift cards?|free gift cards?"
    r"|gift cards? worth)",
    re.IGNORECASE,
)
#: A sentence: up to and including its end marks, and the space after them. A mark with no
#: space after it ("win-prize.xyz", "3.5") is inside the sentence.
_SENTENCE = re.compile(r"(?:[^.!?！？\n]|[.!?！？](?=[^\s.!?！？]))*(?:[.!?！？]+|\n|\Z)[ \t]*")
#: A sender prefix ("Northwind:", "[ACME]") is identification, never the offer.
_PREFIX = re.compile(r"\s*\[?[^\s:\[\]][^:\n\[\]]{0,38}\]?:[ \t]*")
#: An opt-out or help instruction: kept, and not counted as something to say.
_INSTRUCTION = re.compile(r"\b(?:stop|unsubscribe|opt[- ]?out|help)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")

OFFER_PROMPT = (
    "What the offer is, plainly, and when it ends (e.g. 'our spring sale ends Sunday: "
    "20% off everything in store')"
)


def sentence_spans(text: str) -> list[Span]:
    """The sentences of ``text`` after any sender prefix, each with its end marks."""
    prefix = _PREFIX.match(text)
    start = prefix.end() if prefix else 0
    spans = []
    for m in _SENTENCE.finditer(text, start):
        if m.end() > m.start():
            spans.append(Span(m.start(), m.end()))
    return spans


def pressure_edits(
    text: str, links: Sequence[Span]
) -> tuple[list[tuple[Span, str]], list[str], Span | None]:
    """Span edits that drop prize claims and pressure phrases from ``text``.

    Returns the edits, the removed wording (for the list of changes), and where an
    ``{offer}`` placeholder belongs when no sentence with something to say is left (None
    when one is). ``links`` are spans the caller replaces: they are not words of the offer.
    """
    edits: list[tuple[Span, str]] = []
    removed: list[str] = []
    kept_content = False
    first_dropped: Span | None = None
    for sentence in sentence_spans(text):
        chunk = text[sentence.start : sentence.end]
        if not chunk.strip():
            continue
        instruction = _INSTRUCTION.search(chunk) is not None
        if PRIZE.search(chunk):
            edits.append((sentence, ""))  # an opt-out inside goes too: the caller re-adds it
            removed.append(chunk.strip())
            first_dropped = first_dropped or sentence
            continue
        phrases = [
            Span(sentence.start + m.start(), sentence.start + m.end())
            for m in PRESSURE.finditer(chunk)
        ]
        rest = _without(text, sentence, [*phrases, *links])
        if phrases and not instruction and len(_WORD.findall(rest)) < 2:
            edits.append((sentence, ""))  # nothing left to say once the push is gone
            removed.append(chunk.strip())
            first_dropped = first_dropped or sentence
            continue
        edits += _phrase_edits(text, phrases, sentence)
        removed += [text[span.start : span.end].strip() for span in phrases]
        if not instruction:
            kept_content = kept_content or bool(_WORD.search(rest))
    offer_at = None if kept_content else first_dropped
    return edits, removed, offer_at


def _without(text: str, sentence: Span, cut: Sequence[Span]) -> str:
    """The sentence's text with the ``cut`` spans inside it removed."""
    out, last = [], sentence.start
    for span in sorted(s for s in cut if sentence.start <= s.start < sentence.end):
        out.append(text[last : span.start])
        last = max(last, span.end)
    out.append(text[last : sentence.end])
    return "".join(out)


def _phrase_edits(text: str, phrases: Sequence[Span], sentence: Span) -> list[tuple[Span, str]]:
    """Edits that cut ``phrases`` with the separators joining them to the words before them
    (cuts that touch are one cut), and start the sentence with a capital if one opened it."""
    cuts: list[list[int]] = []
    for span in sorted(phrases):
        start, end = span
        while start > sentence.start and text[start - 1] in _JOINERS:
            start -= 1
        if start == sentence.start:  # opening the sentence: take the separators after it
            while end < sentence.end and text[end] in _JOINERS:
                end += 1
        if cuts and start <= cuts[-1][1]:
            cuts[-1][1] = max(cuts[-1][1], end)
        else:
            cuts.append([start, end])
    edits: list[tuple[Span, str]] = []
    for start, end in cuts:
        if start == sentence.start:
            while end < sentence.end and text[end] in _JOINERS:
                end += 1
            if end < sentence.end and _LOWER_WORD.match(text, end):
                edits.append((Span(start, end + 1), text[end].upper()))
                continue
        edits.append((Span(start, end), ""))
    return edits


_JOINERS = " ,;:-"
#: A lower-case word to capitalise, not a link ("https://...") or an address.
_LOWER_WORD = re.compile(r"[^\W\d_A-Z]+(?=[\s,;!?]|\.(?!\S)|\Z)")
