"""Opt-out and opt-in keywords, and what a conversation's history says about consent.

Keyword lists are the union of what Twilio, Gladly, AWS End User Messaging and the FCC's
revocation rule name (compliance-rules.md "Keyword reference"); matching is case- and
space-insensitive on the whole inbound message, as carriers and platforms do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from diagnose.message import HistoryEntry

#: Single-message opt-out replies (compared with case, spaces, hyphens and punctuation removed).
OPT_OUT_KEYWORDS: frozenset[str] = frozenset(
    {
        "stop",  # Twilio, Gladly, AWS, FCC, CTIA
        "stopall",  # Twilio, Gladly ("STOP ALL" folds to this)
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "revoke",  # Gladly, FCC
        "optout",  # Gladly, AWS ("OPT-OUT", "opt out" fold to this)
        "remove",  # AWS
        "arret",  # AWS (French)
        "td",  # AWS
    }
)
#: Replies that re-subscribe after an opt-out (Twilio, Gladly; toll-free also UNSTOP).
OPT_IN_KEYWORDS: frozenset[str] = frozenset({"start", "unstop", "yes"})
#: The keywords a business may name in its own opt-out instructions (CTIA universal set).
INSTRUCTION_KEYWORDS: tuple[str, ...] = (
    "STOP",
    "STOPALL",
    "END",
    "CANCEL",
    "UNSUBSCRIBE",
    "QUIT",
    "OPTOUT",
    "REVOKE",
)

_FOLD_RE = re.compile(r"[\s\-_.,!?'\"()*]+")
_POLITE = r"(?:please|pls|plz|now|it|thanks|thank you|thx|asap|already)"
# Clear plain-language requests (FCC: any wording a reasonable person reads as "stop").
# Each alternative is anchored on a distinctive verb phrase, so "can I stop by?" is not one.
_NATURAL_RE = re.compile(
    r"\b(?:"
    rf"stop\s+(?:texting|messaging|sending|contacting|txting|msging|spamming)\b"
    r"|(?:don'?t|do not|never)\s+(?:text|message|contact|sms)\s+me\b"
    r"|(?:remove|take)\s+me\s+(?:from|off)\b"
    r"|(?:unsubscribe|opt)\s+me\b"
    r"|i\s+(?:want|would like|wish)\s+to\s+(?:opt\s*-?\s*out|unsubscribe)\b"
    r"|no\s+more\s+(?:texts|messages|sms)\b"
    r"|leave\s+me\s+alone\b"
    rf"|^\s*(?:{_POLITE}[\s,.!]*)?stop[\s,.!]*(?:{_POLITE}[\s,.!]*){{1,3}}$"
    rf"|^\s*{_POLITE}[\s,.!]+stop[\s,.!]*$"
    # A refusal then the keyword ("No stop", "Nope. STOP"): the reply says stop all the same.
    rf"|^\s*(?:no|nope|nah)[\s,.!]+stop[\s,.!]*(?:{_POLITE}[\s,.!]*){{0,3}}$"
    r")",
    re.IGNORECASE,
)


def fold_keyword(text: str) -> str:
    """Lower-case and drop spaces and punctuation: 'Stop All!' -> 'stopall'."""
    return _FOLD_RE.sub("", text).casefold()


def is_opt_out_keyword(text: str) -> bool:
    """True when the whole message is an opt-out keyword."""
    return len(text) <= 40 and fold_keyword(text) in OPT_OUT_KEYWORDS


def is_opt_in_keyword(text: str) -> bool:
    return len(text) <= 40 and fold_keyword(text) in OPT_IN_KEYWORDS


def is_natural_opt_out(text: str) -> bool:
    """A plain-language request to stop that platforms' keyword filters miss."""
    return len(text) <= 500 and bool(_NATURAL_RE.search(text))


class OptOutKind(StrEnum):
    KEYWORD = "keyword"
    NATURAL_LANGUAGE = "natural_language"


@dataclass(frozen=True, slots=True)
class OptOutState:
    """The opt-out in force at the end of the history, if any (``index`` into history)."""

    kind: OptOutKind
    index: int
    text: str


def opt_out_state(history: tuple[HistoryEntry, ...]) -> OptOutState | None:
    """The latest opt-out not followed by an opt-in keyword, scanning inbound messages."""
    state: OptOutState | None = None
    for i, entry in enumerate(history):
        if entry.direction != "inbound":
            continue
        if is_opt_out_keyword(entry.body):
            state = OptOutState(OptOutKind.KEYWORD, i, entry.body.strip())
        elif is_opt_in_keyword(entry.body):
            state = None
        elif is_natural_opt_out(entry.body):
            state = OptOutState(OptOutKind.NATURAL_LANGUAGE, i, entry.body.strip())
    return state
