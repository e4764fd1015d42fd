"""Finding opt-out instructions in an outbound body: standard, non-standard, or none."""

from __future__ import annotations

import re
from collections.abc import Iterable

from diagnose.text.keywords import INSTRUCTION_KEYWORDS
from diagnose.text.links import lower_keep_offsets
from diagnose.text.spans import Span

#: The words (as ``\\w+`` splits them) of which every standard instruction names one.
KEYWORD_WORDS = frozenset(
    {"stop", "stopall", "end", "cancel", "unsubscribe", "quit", "optout", "opt", "revoke"}
)
_KW = "|".join(k.lower() for k in (*INSTRUCTION_KEYWORDS, "STOP ALL", "OPT-OUT"))
# The keyword must stand alone: "stop2quit" or "STOP=END" are glued forms carriers ignore.
_ALONE_KW = rf"(?<![\w=/+-])[\"'“‘]?(?:{_KW})[\"'”’]?(?![\w=/+-])"
#: The verbs of an instruction in the other languages carriers see the STOP keyword in
#: (CTIA: STOP works in any language; Spanish, French, German, Portuguese and Italian
#: footers as providers document them: "Responde STOP para cancelar", "Répondez STOP").
FOREIGN_VERBS = frozenset(
    {
        "responde", "responda", "envía", "envia", "manda", "escribe",
        "répondez", "repondez", "réponds", "reponds", "envoyez", "envoie", "tapez",
        "antworte", "antworten", "sende", "senden",
        "envie", "mande",
        "rispondi", "invia", "scrivi",
    }
)  # fmt: skip
_VERBS = "|".join(
    sorted({"reply", "text", "txt", "send", "respond", "msg", "message"} | FOREIGN_VERBS)
)
_STANDARD_RE = re.compile(
    rf"\b(?:{_VERBS})(?:\s+(?:with|back|sie|con|avec|mit))?\s+"
    rf"(?:the\s+word\s+|la\s+palabra\s+|le\s+mot\s+)?"
    rf"{_ALONE_KW}"
    rf"|{_ALONE_KW}\s+(?:to|=)\s+(?:opt[\s-]?out|unsubscribe|end|cancel|stop|quit|optout)\b"
    # France's SMS+ footer: "STOP au 36111", "STOP SMS au 36111".
    rf"|{_ALONE_KW}(?:\s+sms)?\s+au\s+\d{{3,6}}\b"
    rf"|\bopt[\s-]?out\b[^.\n]{{0,30}}?\b(?:reply|text|txt|send)\s+{_ALONE_KW}",
)
# "Text 2 to stop", "reply N to unsubscribe", "reply NO THANKS if you no longer want texts",
# "stop2quit": instructions with no standard keyword. The reply is one to three words, none
# of them a keyword ("Reply Y or STOP to opt out" holds a standard one). "Cancel" counts only
# with a messaging object ("Reply C to cancel" is about the booking), and "stop", "end" and
# "quit" only with one or at the end of the clause ("Text Jo to stop by" is a visit).
_REPLY_WORD = (
    r"(?!(?:stop|stopall|end|cancel|unsubscribe|quit|optout|revoke|help|info|start|yes)\b)"
    r"[\w-]{1,12}"
)
# What the messages are called, after "stop receiving", "opt out of", "cancel", ...
_MESSAGES = (
    r"(?:\s+(?:receiving|getting))?(?:\s+(?:of|from))?"
    r"(?:\s+(?:these|those|this|our|all|future|further|the|your|any|more|marketing"
    r"|promotional|sms|text|mailing)){0,3}"
    r"\s+(?:texts|messages|msgs|alerts|notifications|updates|offers|reminders|promotions|sms"
    r"|list)"
    r"(?:\s+from\s+[\w&'’-]+)?"
)
# Where an instruction without an object ends: the clause, or another instruction.
_CLAUSE_END = r"(?=\s*(?:[.,;:!?()\[\]\"'”’—–-]|$)|\s+(?:or|and|reply|text|txt|send|respond)\b)"
_NONSTANDARD_RE = re.compile(
    r"\b(?:reply|text|txt|send|respond)\s+(?:with\s+)?(?:the\s+words?\s+)?[\"'“]?"
    rf"({_REPLY_WORD}(?:\s+{_REPLY_WORD}){{0,2}})[\"'”]?\s+"
    rf"(?:to\s+(?:(?:stop|end|quit)(?:{_MESSAGES}|{_CLAUSE_END})|cancel{_MESSAGES}"
    rf"|(?:opt[\s-]?out|unsubscribe|unsub|be\s+removed|remove|leave)\b(?:{_MESSAGES})?"
    rf"|(?:no\s+longer|not)\s+receive\b(?:{_MESSAGES})?)"
    rf"|if\s+you\s+(?:no\s+longer|don['’]?t|do\s+not)\s+want"
    rf"(?:\s+to\s+(?:receive|get|hear\s+from\s+us))?(?:{_MESSAGES})?)"
    r"|\b(?:stop|end|quit|cancel)(?:2|=)\w+",
)


# Patterns are lower-case and run on lower-cased text. Every instruction above contains one
# of these hints; most bodies contain none and skip the scan.
OPT_OUT_HINT_RE = re.compile(r"stop|end|cancel|unsub|quit|opt|revoke|remove|leave|receiv|want")


def standard_opt_out(body: str) -> Span | None:
    """The first standard opt-out instruction, e.g. "Reply STOP to opt out"."""
    return standard_opt_out_lower(lower_keep_offsets(body))


def standard_opt_out_lower(low: str) -> Span | None:
    """``standard_opt_out`` of already lower-cased text."""
    if not OPT_OUT_HINT_RE.search(low):
        return None
    m = _STANDARD_RE.search(low)
    return Span(m.start(), m.end()) if m else None


#: The verbs that start an instruction ("Reply STOP ...", "Text 2 to stop"), as words.
_STANDARD_VERBS = frozenset({"reply", "text", "txt", "send", "respond", "msg", "message"}) | (
    FOREIGN_VERBS
)
_NONSTANDARD_VERBS = frozenset({"reply", "text", "txt", "send", "respond"})
#: A standard instruction starts at its verb, at "opt" ("Opt out? Reply STOP") or at the
#: keyword itself, or just before it at a quote ("'STOP' to opt out").
_STANDARD_STARTS = _STANDARD_VERBS | KEYWORD_WORDS
_GLUED = tuple(f"{w}{glue}" for w in ("stop", "end", "quit", "cancel") for glue in "2=")
#: The quotes ``_ALONE_KW`` lets stand before a keyword ("'STOP' to opt out").
_QUOTES = frozenset("\"'“‘")


def _occurrences(low: str, needles: Iterable[str]) -> list[int]:
    """Every offset at which one of ``needles`` occurs in ``low``, sorted."""
    found: set[int] = set()
    for needle in needles:
        i = low.find(needle)
        while i >= 0:
            found.add(i)
            i = low.find(needle, i + 1)
    return sorted(found)


def standard_opt_out_in(low: str, text_words: frozenset[str]) -> Span | None:
    """``standard_opt_out_lower`` of text whose ``words`` are known.

    The words rule the scan out for most texts: every instruction names a keyword and
    either a verb or "to"/"=" after the keyword. Otherwise the pattern is only tried where
    an instruction can start (at one of its possible first words, or a quote just before
    one), in order, so the first match is the one a search from the start would find; a
    search would try every position in between (the footer a rewrite appends sits at the
    end of the text).
    """
    if text_words.isdisjoint(KEYWORD_WORDS):
        return None
    if (
        text_words.isdisjoint(_STANDARD_VERBS)
        and "to" not in text_words
        and "au" not in text_words
        and "=" not in low
    ):
        return None
    match = _STANDARD_RE.match
    for at in _occurrences(low, _STANDARD_STARTS.intersection(text_words)):
        m = (at > 0 and low[at - 1] in _QUOTES and match(low, at - 1)) or match(low, at)
        if m:
            return Span(m.start(), m.end())
    return None


def nonstandard_opt_out_in(low: str, text_words: frozenset[str]) -> tuple[Span, ...]:
    """``nonstandard_opt_out_lower`` of text whose ``words`` are known: a verb and "to" (or
    "if"), or a glued form ("stop2quit", "end=x"), must be there, and the pattern is only
    tried where one of them occurs (each match starts at one), in order, as ``finditer``
    would."""
    purpose = "to" in text_words or "if" in text_words
    verbs = _NONSTANDARD_VERBS.intersection(text_words) if purpose else ()
    glued = _GLUED if "=" in low or "2" in low else ()
    if not verbs and not glued:
        return ()
    out: list[Span] = []
    end = 0
    match = _NONSTANDARD_RE.match
    for at in _occurrences(low, (*verbs, *glued)):
        if at >= end and (m := match(low, at)):
            end = m.end()
            out.append(Span(at, end))
    return tuple(out)


def nonstandard_opt_out(body: str) -> tuple[Span, ...]:
    """Opt-out instructions that name no standard keyword as its own word."""
    return nonstandard_opt_out_lower(lower_keep_offsets(body))


def nonstandard_opt_out_lower(low: str) -> tuple[Span, ...]:
    """``nonstandard_opt_out`` of already lower-cased text."""
    if not OPT_OUT_HINT_RE.search(low):
        return ()
    return tuple(Span(m.start(), m.end()) for m in _NONSTANDARD_RE.finditer(low))
