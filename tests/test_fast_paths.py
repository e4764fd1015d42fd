"""The single-message hot path's shortcuts give exactly what the plain code they replace gives.

Each shortcut (a cheap gate before a scan, a C-level rewrite of a regex pass, a term filed
under a rarer word) is checked against a straightforward reference on generated texts built
from the very words the scans look for, and on the real corpora when they are present.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from diagnose.learn.corpus import CorpusNotFound, load_corpora
from diagnose.message import FailedMessage
from diagnose.rules.content import _LEXICON
from diagnose.rules.context import RuleContext
from diagnose.rules.length import UNCARRIABLE_RE
from diagnose.rules.obfuscation import _SPACED_HINT, _may_be_spaced
from diagnose.rules.optout_text import (
    _NONSTANDARD_RE,
    _STANDARD_RE,
    nonstandard_opt_out_in,
    standard_opt_out_in,
)
from diagnose.rules.spam import _PRIZE_TERMS, _shouting, all_caps_shouting
from diagnose.text.brand import _NAME, appears_to_name_a_business, fold, names_brand
from diagnose.text.lexicon import Lexicon, keys_of, required_word, words
from diagnose.text.links import (
    URL_HINT_PORTABLE,
    URL_HINT_RE,
    find_urls,
    lower_keep_offsets,
    urls_from,
)
from diagnose.text.promotional import _CUES, may_be_promotional
from diagnose.text.segments import _segment_info, segment_info
from diagnose.text.spans import Span, merge_spans

LEXICONS = {"content": _LEXICON, "prize": _PRIZE_TERMS}


@cache
def corpus_bodies() -> list[str]:
    try:
        return list(load_corpora()["text"])
    except CorpusNotFound:
        return []


def _vocabulary() -> list[str]:
    """Every literal word the scans and gates look for, plus near misses."""
    vocab: set[str] = set()
    for lex in LEXICONS.values():
        for _, fragment in lex.terms:
            vocab.update(re.findall(r"[a-z0-9%$']+", fragment))
    for pattern in (_STANDARD_RE, _NONSTANDARD_RE, _CUES):
        vocab.update(re.findall(r"[a-z0-9%$']+", pattern.pattern))
    vocab.update(["salesman", "discountable", "promocode", "dealsx", "offersome", "bogof"])
    vocab.update(["bit.ly/x", "http://1.2.3.4/x", "www.a.com", "x@y.com", "a.b.c", "50%", "٣%"])
    vocab.update(["a.b", "\u0130.\u212a", "\u017f.x", "x.\u0131", "://", "1.2", "-.a", "é.a"])
    vocab.update(["acme", "retale", "retalé", "store", "retalestore", "7", "eleven", "co"])
    vocab.update(["stop2quit", "end=x", "opt-out", "we're", "you’ve", "İstanbul", "ß", "Ⅻ"])
    vocab.update(["usps", "atm", "help", "a1b", "12stop", "ÀTM", "ÉTÉ", "ДА", "ΩX", "£5", "x_y"])
    return sorted(vocab)


VOCAB = _vocabulary()
BRANDS = ["Acme", "Retalé", "Acme Co.", "RETALE Store", "7-Eleven", "Ⅻ Labs"]
SEPARATORS = [" ", "  ", "\n", "'", "’", "-", ".", ",", "=", "2", "_", "é", "\u0301", "!", ""]
texts = st.lists(
    st.tuples(
        st.sampled_from(VOCAB),
        st.sampled_from(SEPARATORS),
        st.sampled_from([str, str.upper, str.title]),
    ),
    max_size=14,
).map(lambda parts: "".join(case(w) + sep for w, sep, case in parts))
any_text = st.one_of(texts, st.text(max_size=200))


def _reference_words(low: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", low))


def _reference_scan(lex: Lexicon, low: str) -> dict[str, tuple[Span, ...]]:
    """Every term searched everywhere, no filing by word or key."""
    hits: dict[str, list[Span]] = {c: [] for c in lex.categories}
    for category, pattern in lex.patterns():
        for m in pattern.finditer(low):
            if not (m.start() > 0 and (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_")):
                hits[category].append(Span(m.start(), m.end()))
    return {c: merge_spans(s) for c, s in hits.items()}


def _reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " " + re.sub(r"[^0-9a-z]+", " ", stripped.casefold()).strip() + " "


_IDENT_REFERENCE = re.compile(
    rf"^\s*\W{{0,3}}(?:\[{_NAME}\]|{_NAME}\s*:)"
    rf"|\b(?:from|at|with)\s+(?:the\s+)?{_NAME}"
    rf"|\b(?:[Tt]hanks|[Tt]hank you)\s+for\s+(?:contacting|choosing|joining|calling|"
    rf"shopping\s+(?:with|at)|ordering\s+from|visiting|texting)\s+{_NAME}"
    rf"|\b(?:[Ww]elcome\s+to|[Tt]his\s+is)\s+{_NAME}"
    rf"|\b{_NAME}\s+(?:here|[Tt]eam|[Ss]upport|[Aa]lerts?)\b"
    rf"|[-—–~]\s*(?:[Tt]he\s+)?{_NAME}\s*(?:[Tt]eam)?\s*$"
)


_URL_HINT_REFERENCE = re.compile(r"[a-z0-9-]\.[a-z0-9]|://", re.IGNORECASE)


_CUES_REFERENCE = re.compile(_CUES.pattern.replace("(?=[\\da-z])", "", 1))


def _check_all(text: str) -> None:
    assert find_urls(text) == urls_from(text, 0)
    assert segment_info(text) == _segment_info(text)
    hinted = _URL_HINT_REFERENCE.search(text) is not None
    assert (URL_HINT_RE.search(text) is not None) == hinted
    assert (re.search(URL_HINT_PORTABLE, text) is not None) == hinted
    low = lower_keep_offsets(text)
    text_words = words(low)
    assert text_words == _reference_words(low)
    keys = keys_of(text_words)
    for lex in LEXICONS.values():
        assert dict(lex.scan_lower(low, text_words, keys)) == _reference_scan(lex, low)
    standard = _STANDARD_RE.search(low)
    assert standard_opt_out_in(low, text_words) == (Span(*standard.span()) if standard else None)
    nonstandard = tuple(Span(*m.span()) for m in _NONSTANDARD_RE.finditer(low))
    assert nonstandard_opt_out_in(low, text_words) == nonstandard
    cues = [m.span() for m in _CUES.finditer(low)]
    assert cues == [m.span() for m in _CUES_REFERENCE.finditer(low)]
    if cues:
        assert may_be_promotional(low, text_words, keys)
    assert fold(text) == _reference_fold(text)
    shouting = list(all_caps_shouting.check(RuleContext(FailedMessage(body=text))))
    assert shouting == list(_shouting(text))
    assert appears_to_name_a_business(text) == bool(_IDENT_REFERENCE.search(text[:2000]))
    for brand in BRANDS:
        assert names_brand(text, brand, low) == names_brand(text, brand)
    if _SPACED_HINT.search(text):
        assert _may_be_spaced(text)


@settings(max_examples=600, deadline=None)
@given(any_text)
# an all-caps word joined by an apostrophe ("H'ENVOIE") counts all its letters
@example("action ads auto H'ENVOIE ")
@example("action ads auto H’ENVOIE ")
def test_shortcuts_match_their_references(text: str) -> None:
    _check_all(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_ascii_words_match_the_regex(text: str) -> None:
    assert words(text) == _reference_words(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=170))
def test_short_ascii_segments_match_the_general_count(text: str) -> None:
    assert segment_info(text) == _segment_info(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t.-_*/·•\naZé9#", max_size=40))
def test_spaced_letters_precheck_never_rules_out_the_hint(text: str) -> None:
    if _SPACED_HINT.search(text):
        assert _may_be_spaced(text)


def test_shortcuts_on_real_corpora() -> None:
    bodies = corpus_bodies()
    if not bodies:
        pytest.skip("corpora not found (see diagnose.learn.corpus.default_data_dir)")
    for body in bodies:
        _check_all(body)


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_terms_are_filed_under_a_word_they_contain(name: str) -> None:
    """A term filed under a word only matches texts holding that word."""
    lex = LEXICONS[name]
    for _, fragment in lex.terms:
        word = required_word(fragment)
        if word:
            assert re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", fragment), fragment


def test_required_word_skips_optional_and_alternative_parts() -> None:
    assert required_word("(?:yyyy zzzz)? v") == "v"
    assert required_word("alpha|beta gamma") == ""
    assert required_word("(?<!no )cbd oil") == "cbd"
    assert required_word("you have won") == "won"


def test_every_uncarriable_character_is_unprintable() -> None:
    """LEN005 skips its scan on printable bodies."""
    for code in range(0x110000):
        char = chr(code)
        if UNCARRIABLE_RE.match(char):
            assert not char.isprintable(), hex(code)


def test_url_hint_spells_out_what_ignorecase_matches() -> None:
    label = re.compile(r"[a-z0-9-]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if label.fullmatch(char):
            assert URL_HINT_RE.search(f"{char}.a")
            assert URL_HINT_RE.search(f"a.{char}") or char == "-"
        else:
            assert not URL_HINT_RE.search(f"{char}.{char}"), hex(code)
