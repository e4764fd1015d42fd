"""A provider's long documented sentence found in a paste however it was laid out or cut.

Word trigrams (``diagnose.errors.index``) find a sentence pasted as written. People also
paste it from a table (pipes between its cells), with the request's value in it ("The From
phone number +852... is not a valid"), with a word changed ("160" for "1600") or cut off at
the end of a log line. Here a sentence is found as an ordered chain of its words in the
paste, each step skipping at most ``GAP`` words on either side, and scored by the share of
its weight the chain holds: each word weighs by how few of the table's texts use it, so
"the", "is" and "number" count little and "concatenated" or "shortcode" much. When the chain
reaches the end of the paste, the sentence's words beyond it were cut off, not contradicted:
they are left out of the share, up to half the sentence's words (and the chain must hold
``MIN_HELD`` of its weight whatever was cut). A paste that starts mid-sentence is not
forgiven its missing start: notices quote the ends of providers' sentences.

Only texts of ``MIN_WORDS`` words or more are aligned, and a chain counts only with
``MIN_MATCHED`` words and ``MIN_SHARE`` of the weight: a short generic text ("The phone
number is inactive") is never found in passing. Candidates come from an inverted index of
each text's uncommon words, so no paste is compared with the whole table; a paste is
aligned over its first ``MAX_WORDS`` words only (a long log is still read by trigrams).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from diagnose.errors.index import PhraseIndex

#: Texts shorter than this are found whole or by trigrams only.
MIN_WORDS = 6
#: Words a chain may skip, in the paste or in the text, between two of its words.
GAP = 3
#: A chain starts at most this many words into the text: the sentence is there from its
#: start (a notice that quotes the end of a provider's sentence is not the provider's).
MAX_HEAD = 1
#: A chain counts with at least this many words of the text...
MIN_MATCHED = 5
#: ... and this share of its weight (less what was cut off).
MIN_SHARE = 0.75
#: At most this share of a text's words may be forgiven as cut off...
MAX_CUT = 0.5
#: ... and the chain must hold this share of its weight whatever was cut off.
MIN_HELD = 0.35
#: Only the first this many words of a paste are aligned.
MAX_WORDS = 3000
#: Texts compared with a paste, the most promising first.
MAX_CANDIDATES = 32
#: A word in more than this share of the texts is not used to find candidates.
COMMON_SHARE = 0.05
_NUMBER = "\x00"
#: Digits weigh this little: the request's own numbers differ from the docs' ("160").
DIGIT_WEIGHT = 0.2


@dataclass(frozen=True, slots=True)
class Alignment:
    """A text found in a paste: its phrase, the share of its weight found, and where."""

    phrase: int
    share: float
    complete: bool  # every word found in order, nothing forgiven as cut off
    start: int  # index of the first and last pasted word of the chain
    end: int


@dataclass(frozen=True, slots=True)
class SentenceIndex:
    """Word weights and the uncommon-word index over the table's long texts."""

    weight: dict[str, float]
    by_word: dict[str, tuple[int, ...]]
    total: dict[int, float]


def build_sentences(index: PhraseIndex) -> SentenceIndex:
    """Weights (inverse document frequency over all texts) and the index of long texts."""
    df: dict[str, int] = {}
    for phrase in index.phrases:
        for w in set(phrase.words):
            df[w] = df.get(w, 0) + 1
    n = max(len(index.phrases), 1)
    weight = {w: DIGIT_WEIGHT if w.isdigit() else max(0.1, math.log(n / c)) for w, c in df.items()}
    common = max(2, int(n * COMMON_SHARE))
    by_word: dict[str, list[int]] = {}
    total: dict[int, float] = {}
    for p, phrase in enumerate(index.phrases):
        if phrase.identifier or len(phrase.words) < MIN_WORDS:
            continue
        total[p] = sum(weight[w] for w in phrase.words)
        for w in set(phrase.words):
            if df[w] <= common and not w.isdigit():
                by_word.setdefault(w, []).append(p)
    return SentenceIndex(weight, {k: tuple(v) for k, v in by_word.items()}, total)


# Uncommon words a candidate must share with the paste, as a share of its weight: what the
# least chain that counts (MIN_HELD) would hold of them, allowing for its common words.
_CANDIDATE = MIN_HELD / 3
_BUILT: dict[int, tuple[PhraseIndex, SentenceIndex]] = {}


def _sentences(index: PhraseIndex) -> SentenceIndex:
    """The sentence index of ``index``, built once (the table's, or a test's own)."""
    built = _BUILT.get(id(index))
    if built is None or built[0] is not index:
        built = (index, build_sentences(index))
        _BUILT[id(index)] = built
    return built[1]


def align(index: PhraseIndex, pasted: Sequence[str]) -> list[Alignment]:
    """The table's long texts found in the pasted words (``words(text)`` forms), best first."""
    sentences = _sentences(index)
    pasted = pasted[:MAX_WORDS]
    shared: dict[int, float] = {}
    for w in set(pasted):
        for p in sentences.by_word.get(w, ()):
            shared[p] = shared.get(p, 0.0) + sentences.weight[w]
    ranked = sorted(
        (p for p, s in shared.items() if s >= sentences.total[p] * _CANDIDATE),
        key=lambda p: -shared[p],
    )[:MAX_CANDIDATES]
    out = []
    for p in ranked:
        found = _chain(index.phrases[p].words, pasted, sentences)
        if found is not None:
            share, complete, start, end = found
            out.append(Alignment(p, share, complete, start, end))
    return sorted(out, key=lambda a: -a.share)


def _chain(
    text: Sequence[str], pasted: Sequence[str], sentences: SentenceIndex
) -> tuple[float, bool, int, int] | None:
    """The best ordered chain of ``text``'s words in ``pasted``: share, complete, span."""
    weight = sentences.weight
    at: dict[str, list[int]] = {}
    for j, w in enumerate(text):
        at.setdefault(_NUMBER if w.isdigit() else w, []).append(j)
    # best[(i, j)]: weight, words, first pasted index, first text index of the best chain
    # ending with pasted word i matched to text word j
    best: dict[tuple[int, int], tuple[float, int, int, int]] = {}
    ends: dict[int, list[int]] = {}  # pasted index -> text indexes matched there
    top: tuple[float, int, int, int, int, int] | None = None
    numbers = at.get(_NUMBER, [])
    for i, w in enumerate(pasted):
        # a number stands for a number: the request's own ("160" where the docs say "1600")
        js = numbers if w.isdigit() else at.get(w)
        if not js:
            continue
        for j in js:
            gain = weight.get(text[j], 0.1)
            chain = (gain, 1, i, j)
            for pi in range(max(0, i - GAP - 1), i):
                for pj in ends.get(pi, ()):
                    if j - GAP - 1 <= pj < j:
                        prev = best[(pi, pj)]
                        if prev[0] + gain > chain[0]:
                            chain = (prev[0] + gain, prev[1] + 1, prev[2], prev[3])
            best[(i, j)] = chain
            ends.setdefault(i, []).append(j)
            if chain[1] >= MIN_MATCHED and (top is None or chain[0] > top[0]):
                top = (*chain, i, j)
    if top is None:
        return None
    got, _, first, first_j, last, last_j = top
    if first_j > MAX_HEAD:
        return None  # its start is not there: a quote of its end, which notices reuse
    total = sum(weight.get(w, 0.1) for w in text)
    if got < total * MIN_HELD:
        return None
    cut = 0.0
    cut_words = 0
    if last == len(pasted) - 1:
        # Cut off at the end of the paste (a log line's limit, a truncated copy). A paste
        # that starts mid-sentence is a quote of its words, which any notice may reuse.
        cut = sum(weight.get(w, 0.1) for w in text[last_j + 1 :])
        cut_words = len(text) - last_j - 1
    if cut_words > len(text) * MAX_CUT:
        cut = 0.0  # more than half of it missing is not a sentence cut short
    # Words pasted inside the chain that are not the text's stand against it ("The From
    # phone number" is not "The 'To' number"); a number in a placeholder weighs little.
    # So do the words pasted where its missing first or last words would stand ("The From
    # phone number" before "number is not a valid", where the text reads "'To' number").
    lo = max(0, first - first_j)
    hi = min(len(pasted), last + len(text) - last_j)
    extra = sum(weight.get(w, 0.1) for w in pasted[lo:hi]) - got
    share = got / (total - cut + max(0.0, extra))
    if share < MIN_SHARE:
        return None
    complete = math.isclose(got, total)
    return min(share, 1.0), complete, first, last
