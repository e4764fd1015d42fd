"""The common causes in the words of other languages, read like the trade's English ones.

Gateways, operators and local platforms report a failure in their own language ("numero
non valido", "абонент недоступен", "余额不足"), and engineers paste it as shown. The phrases
live in ``data/cause_words.tsv`` (cause, language, phrase), one row per phrase, so a new
language is a data change, not a regex edit. Each phrase is written as people write it and
normalised here exactly as a paste is (``plain_words``), so scripts whose vowel signs split
words (Thai, Devanagari) and case folding (Greek's final sigma) match the same way.
Latin and Greek phrases also match without their accents: gateways often drop them
("numero invalido", "bledny numer").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from diagnose.causes import Cause
from diagnose.errors.words import plain_words

DATA_FILE = "cause_words.tsv"

# Letters NFD does not decompose that a keyboard without them replaces by a plain one.
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae"})


class CauseWord(NamedTuple):
    """One phrase of ``data/cause_words.tsv``: the cause it names, in one language."""

    cause: Cause
    language: str
    phrase: str


@cache
def cause_words() -> tuple[CauseWord, ...]:
    """Every row of the phrase table, in file order."""
    text = resources.files("diagnose.errors").joinpath("data", DATA_FILE).read_text("utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(CauseWord(Cause(r["cause"]), r["language"], r["phrase"]) for r in rows)


def spellings(phrase: str) -> Iterator[str]:
    """The normalised forms a phrase is matched in: as written and, for Latin and Greek
    script, without accents.

    Example:
        >>> list(spellings("Błędny numer"))
        ['błędny numer', 'bledny numer']
        >>> list(spellings("空号"))
        ['空号']
    """
    norm = plain_words(phrase)
    yield norm
    if all(ord(c) < 0x0400 for c in norm):  # Latin and Greek: accents are marks
        bare = "".join(
            c for c in unicodedata.normalize("NFD", norm) if not unicodedata.combining(c)
        )
        bare = unicodedata.normalize("NFC", bare.translate(_PLAIN_LETTERS))
        if bare != norm:
            yield bare


@cache
def language_patterns() -> dict[Cause, str]:
    """Per cause, one pattern matching any of its phrases in every language.

    The phrases are folded into a character trie ("numero non valido" and "numero errato"
    share "numero "), so the regex engine tries a few branches at each position of a paste,
    not every phrase; where one phrase is a prefix of another, the longer is tried first.
    """
    forms: dict[Cause, set[str]] = {}
    for row in cause_words():
        # Korean is spaced as the writer pleases ("발신번호 사전등록", "발신 번호 사전 등록"):
        # its phrases are kept unspaced, and the pattern lets a space fall between any two
        # syllables (see ``_node_pattern``).
        found = (_HANGUL_SPACE.sub("", f) for f in spellings(row.phrase))
        forms.setdefault(row.cause, set()).update(found)
    return {cause: trie_pattern(found) for cause, found in forms.items()}


_HANGUL = "\uac00-\ud7a3"
_HANGUL_SPACE = re.compile(f"(?<=[{_HANGUL}]) (?=[{_HANGUL}])")


def trie_pattern(phrases: set[str]) -> str:
    """A regex matching exactly the given phrases, factored by their common prefixes.

    Example:
        >>> trie_pattern({"spam", "spams", "span"})
        'spa(?:m(?:s)?|n)'
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}  # the end of a phrase
    return _node_pattern(trie)


def _node_pattern(node: dict[str, Any], after_hangul: bool = False) -> str:
    ends = "" in node
    branches = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        hangul = "\uac00" <= ch <= "\ud7a3"
        space = " ?" if hangul and after_hangul else ""  # Korean's optional spacing
        branches.append(space + re.escape(ch) + _node_pattern(child, hangul))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a phrase ends here and longer ones go on: the longer first, then nothing
        body = f"(?:{body})?" if len(branches) == 1 else body[:-1] + ")?"
    return body
