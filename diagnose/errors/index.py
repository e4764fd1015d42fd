"""Indexes over the table's texts, built once: what a pasted error is matched against.

Every row contributes its texts: a code that is not a number (``TEXT_SPAM``, "Delivery
Failed"), its name, its aliases and its documented message (split at ``{placeholders}``,
where the request's own values go). A text is found in a paste by its word trigrams, so a
long message still matches when a number, a name or a line break sits in its placeholder,
or when only part of it was pasted; a text of one or two words is found by an exact look-up
of the paste's one- and two-word runs; an identifier (``EC_ABSENT_SUBSCRIBER``,
``UserInBlacklist``) by its compact form. No look-up scans the table: a paste of n words
costs O(n) dictionary look-ups, each returning a bounded list (trigrams shared by more
than ``MAX_TRIGRAM_ROWS`` rows say nothing about which row was meant and are not indexed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from diagnose.errors.codes import ErrorCodeInfo, all_error_codes
from diagnose.errors.words import PLACEHOLDER, compact, is_label, normalise_text

Source = Literal["code", "name", "alias", "message"]

#: A trigram found in more rows than this is too common to point at any of them.
MAX_TRIGRAM_ROWS = 12
#: Texts shorter than this many words are matched whole, never by trigrams.
TRIGRAM_MIN_WORDS = 3
#: Stands for a placeholder's value (one word) in ``PhraseIndex.gapped``.
GAP = "\x00"
#: Texts with a placeholder up to this many words are also matched whole with its value.
GAPPED_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class Phrase:
    """One text of one row, as words; ``segments`` are its runs between placeholders."""

    row: int
    source: Source
    text: str
    words: tuple[str, ...]
    segments: tuple[tuple[str, ...], ...]
    trigrams: int  # how many of its trigrams are indexed (0: matched whole only)
    identifier: bool = False  # written as one token (``EC_CALL_BARRED``), not as words
    #: every trigram of its segment runs, indexed or not, by position: how much of the text
    #: a paste holds is counted over all of them ("the phone number is inactive" is not all
    #: found when only its one uncommon trigram, "number is inactive", is)
    grams: tuple[tuple[int, tuple[str, str, str]], ...] = ()


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    """The table's texts and the look-ups over them (see the module docstring)."""

    rows: tuple[ErrorCodeInfo, ...]
    phrases: tuple[Phrase, ...]
    #: words of a whole text -> its phrases
    exact: dict[tuple[str, ...], tuple[int, ...]]
    #: word trigram -> (phrase, position of the trigram in its segment run)
    trigrams: dict[tuple[str, str, str], tuple[tuple[int, int], ...]]
    #: compact identifier -> phrases
    labels: dict[str, tuple[int, ...]]
    #: words of a short text with a placeholder, the placeholder as ``GAP`` -> its phrases
    gapped: dict[tuple[str, ...], tuple[int, ...]]
    #: a one- or two-word text found inside a paste -> its phrases (not identifiers, not
    #: one-letter codes, not words that say nothing: those count only pasted whole)
    short: dict[tuple[str, ...], tuple[int, ...]]


# A link inside a documented message ("Please see https://support.twilio.com/hc/...") is an
# address, not the message's words: a pasted link to the same help site is no reading of it.
_LINK = re.compile(r"https?://\S+")


def _segments(text: str) -> tuple[tuple[str, ...], ...]:
    """The text's words in runs between placeholders and links (else one run)."""
    parts = [
        tuple(normalise_text(p).split())
        for piece in _LINK.split(text)
        for p in PLACEHOLDER.split(piece)
    ]
    return tuple(p for p in parts if p)


def _texts(info: ErrorCodeInfo) -> list[tuple[Source, str]]:
    out: list[tuple[Source, str]] = []
    if not info.code.isdigit():
        out.append(("code", info.code))
    out.append(("name", info.name))
    out.extend(("alias", a) for a in info.aliases)
    if info.message:
        out.append(("message", info.message))
    return out


def build_index(rows: Sequence[ErrorCodeInfo], quiet: frozenset[str] = frozenset()) -> PhraseIndex:
    """Index ``rows`` (the whole table in use; tests pass a few rows of their own).

    ``quiet`` words name nothing on their own ("error", "failed"): a short text made only
    of them is found only when it is the whole paste.
    """
    phrases: list[Phrase] = []
    seen: set[tuple[int, str]] = set()
    for r, info in enumerate(rows):
        for source, text in _texts(info):
            segments = _segments(text)
            flat = tuple(w for s in segments for w in s)
            if not flat or (r, " ".join(flat)) in seen:
                continue
            seen.add((r, " ".join(flat)))
            phrases.append(Phrase(r, source, text, flat, segments, 0, is_label(text.strip())))
    grams: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for p, phrase in enumerate(phrases):
        if len(phrase.words) < TRIGRAM_MIN_WORDS:
            continue
        offset = 0
        for segment in phrase.segments:
            for i in range(len(segment) - 2):
                grams.setdefault((segment[i], segment[i + 1], segment[i + 2]), []).append(
                    (p, offset + i)
                )
            offset += len(segment)
    kept: dict[tuple[str, str, str], tuple[tuple[int, int], ...]] = {}
    for gram, found in grams.items():
        if len({phrases[p].row for p, _ in found}) <= MAX_TRIGRAM_ROWS:
            kept[gram] = tuple(found)
    counts = [0] * len(phrases)
    for hits in kept.values():
        for p, _ in hits:
            counts[p] += 1
    phrases = [
        Phrase(
            ph.row,
            ph.source,
            ph.text,
            ph.words,
            ph.segments,
            counts[i],
            ph.identifier,
            _all_grams(ph) if counts[i] else (),
        )
        for i, ph in enumerate(phrases)
    ]
    exact: dict[tuple[str, ...], list[int]] = {}
    labels: dict[str, list[int]] = {}
    gapped: dict[tuple[str, ...], list[int]] = {}
    short: dict[tuple[str, ...], list[int]] = {}
    for p, phrase in enumerate(phrases):
        exact.setdefault(phrase.words, []).append(p)
        if (
            len(phrase.words) <= 2
            and not phrase.identifier
            and len(phrase.text) >= 3
            and not all(w in quiet or w.isdigit() for w in phrase.words)
        ):
            short.setdefault(phrase.words, []).append(p)
        if len(phrase.segments) > 1 and len(phrase.words) < GAPPED_MAX_WORDS:
            gaps = tuple(w for s in phrase.segments for w in (*s, GAP))[:-1]
            gapped.setdefault(gaps, []).append(p)
        label = compact(phrase.text)
        if label and not label.isdigit() and len(phrase.words) <= 8:
            labels.setdefault(label, []).append(p)
    return PhraseIndex(
        rows=tuple(rows),
        phrases=tuple(phrases),
        exact={k: tuple(v) for k, v in exact.items()},
        trigrams=kept,
        labels={k: tuple(v) for k, v in labels.items()},
        gapped={k: tuple(v) for k, v in gapped.items()},
        short={k: tuple(v) for k, v in short.items()},
    )


def _all_grams(phrase: Phrase) -> tuple[tuple[int, tuple[str, str, str]], ...]:
    out: list[tuple[int, tuple[str, str, str]]] = []
    offset = 0
    for segment in phrase.segments:
        out.extend(
            (offset + i, (segment[i], segment[i + 1], segment[i + 2]))
            for i in range(len(segment) - 2)
        )
        offset += len(segment)
    return tuple(out)


@cache
def table_index(quiet: frozenset[str] = frozenset()) -> PhraseIndex:
    """The index over the packaged table (built once per process)."""
    return build_index(all_error_codes(), quiet)
