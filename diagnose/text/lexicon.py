"""Whole-word, case-blind term matching over message bodies, fast on short texts.

Shared by the content and spam rule families.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from operator import itemgetter
from types import MappingProxyType

from diagnose.text.links import lower_keep_offsets
from diagnose.text.spans import Span, merge_spans


class Lexicon:
    """Whole-word, case-insensitive term matching that stays fast on short texts.

    Terms are lower-case regex fragments (a space means any whitespace). One big
    alternation would try every term at every position; instead each term is filed under
    the first three letters of its first word (or that whole word, if shorter), and only
    terms whose key starts some word of the text are searched for. An everyday message
    shares few keys with a list of risky words, so most of it is never regex-matched.
    Terms without such a key ("e-?cig" might start "e" or "ecig") are always searched.

    Example:
        >>> lex = Lexicon({"drink": ("beers?", "gin")})
        >>> [tuple(s) for s in lex.scan("Login for 2 Beers")["drink"]]
        [(12, 17)]
    """

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
        self.categories = tuple(groups)
        #: (category, fragment) for every term, leading alternatives expanded.
        self.terms = tuple((c, e) for c, fs in groups.items() for f in fs for e in _expand(f))
        self._by_word: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self._by_key: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self._always: list[tuple[str, re.Pattern[str]]] = []
        for category, fragment in self.terms:
            if re.search(r" [?*+{]", fragment):
                raise ValueError(f"quantified space in {fragment!r}; write \\s? or \\s*")
            # No IGNORECASE: the text is lower-cased once instead, which keeps each
            # term's literal prefix usable by the regex engine's fast search.
            pattern = re.compile(fragment.replace(" ", r"\s+") + r"(?!\w)")
            word, key = required_word(fragment), _key(fragment)
            if word:
                self._by_word.setdefault(word, []).append((category, pattern))
            elif key:
                self._by_key.setdefault(key, []).append((category, pattern))
            else:
                self._always.append((category, pattern))
        self._words = frozenset(self._by_word)
        self._keys = frozenset(self._by_key)
        #: The result of every scan that finds nothing (this very object, so callers may
        #: test for it by identity).
        self.nothing: Mapping[str, tuple[Span, ...]] = MappingProxyType(
            dict.fromkeys(self.categories, ())
        )

    def patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """Every (category, compiled term) this lexicon searches with (prefilters use them)."""
        filed = (*self._by_word.values(), *self._by_key.values())
        return [*(e for es in filed for e in es), *self._always]

    def scan(self, text: str) -> Mapping[str, tuple[Span, ...]]:
        """Per category, the sorted, non-overlapping matches in ``text``."""
        return self.scan_lower(lower_keep_offsets(text))

    def scan_lower(
        self,
        low: str,
        text_words: frozenset[str] | None = None,
        keys: frozenset[str] | None = None,
    ) -> Mapping[str, tuple[Span, ...]]:
        """``scan`` of already lower-cased text, with its ``words`` and ``word_keys`` if known.

        The result is read-only (every category is present).
        """
        if text_words is None:
            text_words = words(low)
        if keys is None:
            keys = keys_of(text_words)
        if not self._always and self._words.isdisjoint(text_words) and self._keys.isdisjoint(keys):
            return self.nothing  # most texts: not one term is filed under their words
        candidates = list(self._always)
        for word in self._words.intersection(text_words):
            candidates += self._by_word[word]
        for key in self._keys.intersection(keys):
            candidates += self._by_key[key]
        hits: dict[str, list[Span]] = {}
        for category, pattern in candidates:
            # Most candidates do not match: one ``search`` costs a third of starting the
            # ``finditer`` scanner, which runs only for the few that do.
            if pattern.search(low) is None:
                continue
            for m in pattern.finditer(low):
                if not _word_char_before(low, m.start()):
                    hits.setdefault(category, []).append(Span(m.start(), m.end()))
        if not hits:
            return self.nothing
        found = dict(self.nothing)
        for category, spans in hits.items():
            found[category] = merge_spans(spans)
        return MappingProxyType(found)


_WORD = re.compile(r"\w+")
_KEY_LEN = 3  # a word's first three letters: selective, yet short enough for stems ("guns?")
_LEADING_LOOKBEHINDS = re.compile(r"^(?:\(\?<[!=](?:[^()\\]|\\.)*\))+")
_QUANTIFIERS = ("?", "*", "+", "{")


# ASCII bytes with every non-word character (``\\W`` in ASCII) turned into a space.
_ASCII_WORDS_ONLY = bytes(
    c if (chr(c).isascii() and (chr(c).isalnum() or chr(c) == "_")) else 32 for c in range(256)
)


def words(low: str) -> frozenset[str]:
    """The distinct words (``\\w+`` runs) of lower-cased text."""
    if low.isascii():
        # Same words as the regex (in ASCII, \w is [0-9A-Za-z_]) at half the cost: a C
        # byte translation and a split.
        return frozenset(low.encode().translate(_ASCII_WORDS_ONLY).decode().split())
    return frozenset(_WORD.findall(low))


_FIRST_LETTERS = itemgetter(slice(0, _KEY_LEN))


def keys_of(words: frozenset[str]) -> frozenset[str]:
    """The keys (first letters) of these words, as ``Lexicon`` files them."""
    return frozenset(map(_FIRST_LETTERS, words))


def word_keys(low: str) -> frozenset[str]:
    """The keys of every word of lower-cased text."""
    return keys_of(words(low))


def _word_char_before(text: str, i: int) -> bool:
    return i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")


#: Words too common to file a term under when it holds a rarer one.
_COMMON = frozenset(
    {"a", "an", "and", "are", "at", "be", "been", "by", "for", "from", "get", "have", "in"}
    | {"is", "it", "now", "of", "on", "or", "our", "out", "the", "this", "to", "up", "us"}
    | {"we", "with", "you", "your"}
)
_TOKEN = re.compile(r"[a-z0-9]+")


def required_word(fragment: str) -> str:
    """A word every match of ``fragment`` holds as a whole ``\\w+`` run, or "" if none.

    That is a plain lower-case word standing between top-level spaces (each becomes
    ``\\s+``) or the term's ends (a scan match has no word character before it and
    ``(?!\\w)`` after it); the rarest-looking one is chosen, so that a term like
    "you have won" is only searched for in texts holding "won".

    Example:
        >>> required_word("you(?:'|’)?ve been (?:selected|chosen)")
        'been'
        >>> required_word(r"\\$\\d+ gift cards?")
        'gift'
        >>> required_word("guns?")
        ''
    """
    body = _LEADING_LOOKBEHINDS.sub("", fragment)
    tokens, depth, start, i = [], 0, 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = body.index("]", i + 2) + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ""  # a top-level alternative: no word is required by both sides
        elif ch == " " and depth == 0:
            tokens.append(body[start:i])
            start = i + 1
        i += 1
    tokens.append(body[start:])
    plain = [t for t in tokens if _TOKEN.fullmatch(t)]
    if not plain:
        return ""
    return max(plain, key=lambda t: (t not in _COMMON, len(t)))


def _key(fragment: str) -> str:
    """The key a word must start with for ``fragment`` to match there, or "" if unknown:
    its first three literal letters, or a whole shorter first word ("we partner")."""
    body = _LEADING_LOOKBEHINDS.sub("", fragment)
    out: list[str] = []
    for i, ch in enumerate(body):
        if len(out) == _KEY_LEN:
            break
        nxt = body[i + 1 : i + 2]
        if not (ch.isalnum() or ch == "_"):
            # A literal non-word character ends a short first word; anything else
            # (a group, a class, an escape other than whitespace) leaves it unknown.
            if body[i : i + 2] == "\\s":
                ch, nxt = " ", body[i + 2 : i + 3]
            ends_word = ch in " -'’"
            return "".join(out) if out and ends_word and nxt not in _QUANTIFIERS else ""
        if nxt in _QUANTIFIERS:
            return ""  # "e-?cig": the word may be "e" or "ecig"
        out.append(ch)
    return "".join(out)


def _expand(fragment: str) -> list[str]:
    """Split a leading "(?:a|b) rest" group into "a rest", "b rest" so each gets a stem."""
    if not fragment.startswith("(?:"):
        return [fragment]
    depth, i, cut, alts = 0, 0, 3, []
    while i < len(fragment):
        ch = fragment[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = fragment.index("]", i + 2)
        elif ch == "(":
            depth += 1
        elif ch == "|" and depth == 1:
            alts.append(fragment[cut:i])
            cut = i + 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    rest = fragment[i + 1 :]
    if rest[:1] in _QUANTIFIERS:
        return [fragment]  # an optional group has no fixed first word
    alts.append(fragment[cut:i])
    return [e for alt in alts for e in _expand(alt + rest)]
