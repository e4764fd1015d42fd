"""Building ``Rule.prefilter`` regexes: necessary conditions batch triage runs column-wise.

A prefilter is matched against the *lower-cased* body (``lower_keep_offsets``) by Python's
``re`` in tests and by RE2 (``pyarrow.compute``) in batch triage, so it must be a necessary
condition under both. The two engines disagree outside ASCII: RE2's ``\\d``, ``\\w``, ``\\s``
and ``\\b`` are ASCII-only, Python's are Unicode. The helpers here therefore only ever
*widen*: ``superset`` turns a rule's own regex into one that matches at least wherever the
original does, in either engine, and ``lexicon_prefilter`` widens the very patterns a
``Lexicon`` scans with, so neither drifts from the rule it guards. tests/test_prefilters.py
proves necessity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diagnose.text.lexicon import Lexicon

# Every non-ASCII code point, as literal characters both engines read the same way.
_NON_ASCII = "\u0080-\U0010ffff"
# Supersets of Python's Unicode classes, for use inside a character class.
_DIGIT = "0-9" + _NON_ASCII
_WORD = "0-9A-Z_a-z" + _NON_ASCII
_SPACE = "\\t-\\r\\x1c-\\x20" + _NON_ASCII  # str.isspace() includes \x1c-\x1f
_CLASS_OF = {"\\d": _DIGIT, "\\w": _WORD, "\\s": _SPACE}

#: Every link ``diagnose.text.links.find_urls`` finds has a dot followed by a label character
#: (ASCII alphanumeric after lower-casing, or a Unicode digit or case-folding oddity such
#: as "ſ", hence all of non-ASCII); sentence full stops are followed by a space or nothing.
URL = f"\\.[0-9a-z{_NON_ASCII}]"


def min_length(n: int) -> str:
    """Bodies of at least ``n`` characters (code points)."""
    return f"[\\s\\S]{{{n}}}"


def at_least(n: int, chars: str) -> str:
    """Bodies with ``n`` or more characters of the class body ``chars`` (``"A-Z"``).

    Written as ``n`` runs of "anything else, then one of them": the two classes are disjoint,
    so Python's ``re`` never backtracks into them.
    """
    return f"(?:[^{chars}]*[{chars}]){{{n}}}"


def repeated(pattern: str, n: int) -> str:
    """``n`` matches of ``pattern``, one after another, anything between."""
    return "(?:" + pattern + ")" + "(?:[\\s\\S]*(?:" + pattern + ")){" + str(n - 1) + "}"


def domain_prefilter(domains: Iterable[str]) -> str:
    """Any of ``domains`` (lower-case, as written) where a link's host or one of its labels
    can begin: not right after a letter, digit, ``_`` or ``-`` (a host starts after a
    space, ``/`` or the start of the text; a label after a dot)."""
    alternatives = sorted({re.escape(d) for d in domains})
    if not alternatives:
        raise ValueError("no domains")
    return "(?:^|[^0-9_a-z-])(?:" + "|".join(alternatives) + ")"


def char_class(chars: Iterable[str]) -> str:
    """Any one of ``chars`` or of their lower-case forms (the prefilter sees lower-cased text)."""
    wanted = set()
    for c in chars:
        wanted.add(c)
        if len(c.lower()) == 1:
            wanted.add(c.lower())
    escaped = ("\\" + c if c in "\\]^-[" else c for c in sorted(wanted))
    return "[" + "".join(escaped) + "]"


def lexicon_prefilter(lexicon: Lexicon, categories: Iterable[str] | None = None) -> str:
    """Any term of ``categories`` (all by default), widened by ``superset``.

    Built from the compiled patterns ``Lexicon.scan`` runs, so it follows the term lists.
    A scan keeps only matches with no word character before them, hence the ``\\b``.
    """
    wanted = set(lexicon.categories if categories is None else categories)
    entries = lexicon.patterns()
    terms = sorted({_at_word_start(superset(p.pattern)) for c, p in entries if c in wanted})
    if not terms:
        raise ValueError("no terms in the given categories")
    return "|".join(terms)


def _at_word_start(term: str) -> str:
    # RE2's \b is ASCII-only, but before a required ASCII letter or digit it holds
    # wherever "no word character before" does.
    if term[:1].isascii() and term[:1].isalnum() and term[1:2] not in ("?", "*", "{"):
        return "\\b" + term
    return term


def superset(pattern: str) -> str:
    """``pattern`` widened to match, in Python ``re`` and in RE2, wherever it matched in ``re``.

    Look-arounds and ``\\b`` are dropped (dropping a condition only widens) and ``\\d``,
    ``\\w``, ``\\s`` become classes that include all of non-ASCII. Back-references cannot
    be widened this way and raise ``ValueError``.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = negated = False
    class_start = -1
    while i < n:
        c = pattern[i]
        if c == "\\":
            esc = pattern[i : i + 2]
            i += 2
            if esc in _CLASS_OF and in_class and negated:
                raise ValueError(f"cannot widen {esc!r} inside a negated class in {pattern!r}")
            if esc in _CLASS_OF:
                out.append(_CLASS_OF[esc] if in_class else f"[{_CLASS_OF[esc]}]")
            elif esc in ("\\b", "\\B") and not in_class:
                continue
            elif esc[1:].isdigit() or esc == "\\Z":
                raise ValueError(f"cannot widen {esc!r} in {pattern!r}")
            else:
                out.append(esc)
            continue
        if in_class:
            if c == "]" and i >= class_start:
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            j = i + 1
            negated = pattern[j : j + 1] == "^"
            if negated:
                j += 1
            class_start = j + 1  # a "]" right at the start is a literal
            out.append(pattern[i:j])
            i = j
            continue
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(pattern, i)
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _group_end(pattern: str, start: int) -> int:
    """The index just past the group opening at ``start``."""
    depth = 0
    i = start
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


#: One letter of the lower-cased body: ASCII lower-case or anything non-ASCII.
LETTER = f"[a-z{_NON_ASCII}]"
#: A body with no ASCII letter or digit at all (blank bodies, only punctuation or emoji).
NO_ASCII_ALNUM = "^[^0-9a-z]*$"
