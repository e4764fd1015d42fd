"""Find every reading of a pasted error in the table, score it, and rank them.

Each finder looks for one kind of evidence and says which rows it points at and how
strongly (a number in ``[0, 1]``):

=====================================  ========  =============================================
evidence                               strength  why that strong
=====================================  ========  =============================================
the paste is one of the row's texts    0.95      nothing else was pasted
a code in the provider's docs link     0.95      the link names the provider and the code
the row's identifier (``TEXT_SPAM``)   0.9       providers publish these as one token
a code after an error or status field  0.8       ``ErrorCode=30007``; the field may be another
                                                 provider's
the paste is nothing but the code      0.75      a bare ``9`` is the code, but whose?
the row's message or name, by words    0.9 x     found by its word trigrams; ``coverage`` is the
                                       coverage  share of them found
a 4-5 digit number in a sentence       0.6       usually a code, sometimes an id or a count
a row's one- or two-word name          0.5       only when it is most of what was pasted
a short number, an HTTP status         0.12      only counts with other evidence for the row
=====================================  ========  =============================================

A row's score is the noisy-or of its evidence (``1 - prod(1 - s)``), so a code and its name
together ("30 Spam Detected") outweigh either alone, then weighed by whose it is: rows of
the provider given (or named in the paste) are kept whole and the others discounted, and a
row that gives no specific reason (Infobip's ``UNDELIVERABLE`` group) yields to a row of the
same provider that does (its ``EC_ABSENT_SUBSCRIBER`` error). ``Reading.score`` keeps that
final figure and ``Reading.evidence`` what it came from.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from diagnose.causes import Cause
from diagnose.errors.align import align
from diagnose.errors.codes import ErrorCodeInfo, code_key, lookup
from diagnose.errors.cues import provider_mentions
from diagnose.errors.index import GAP, GAPPED_MAX_WORDS, PhraseIndex, table_index
from diagnose.errors.numbers import (
    HTTP_STATUS_KEYS,
    KEY_KINDS,
    NumberCue,
    find_links,
    find_numbers,
)
from diagnose.errors.words import Word, is_label, labels, normalise_text, plain_words, words
from diagnose.message import Provider

#: Providers whose screens relay other providers' errors: naming one says nothing about
#: whose code it is (Gladly shows Twilio's 30007).
RELAYS = frozenset(
    {
        Provider.GLADLY,
        Provider.ZENDESK,
        Provider.INTERCOM,
        Provider.HUBSPOT,
        Provider.SALESFORCE,
        Provider.TCR,
    }
)
#: Parties whose notices reach the sender through any provider: The Campaign Registry's
#: rejection reasons, a carrier's own notice. Naming the provider does not rule them out.
RELAYED = frozenset({Provider.TCR, Provider.CARRIER})
#: Readings below this score are not readings.
MIN_SCORE = 0.3
#: Namespaces whose codes are numbers any API also uses (Bandwidth's toll-free verification
#: denials, 500-1103, overlap HTTP statuses and counts): such a code is read only from its
#: own field (``denialStatusCode``) or beside its own text, never from the number alone.
#: MM7's status codes (1000-4xxx, Sinch's MMS errors) are every MM7 gateway's and look like
#: counts and years.
FIELD_ONLY_KINDS = frozenset({"tfv_denial", "mms_error", "v1_delivery"})
#: Readings within this ratio of the best are ties: the paste does not decide between them.
TIE = 0.85
#: Readings within this ratio of the best are kept (ranked) as the other readings.
KEEP = 0.5
MAX_READINGS = 50

_STRENGTH = {
    "link": 0.95,
    "keyed": 0.8,
    "status": 0.8,
    "whole": 0.75,
    "bare": 0.6,
    "short": 0.12,
    "http": 0.12,
    "quantity": 0.0,
}
_SOURCE_STRENGTH = {"code": 0.9, "name": 0.9, "message": 0.9, "alias": 0.85}
_SHORT_DOMINANT = 0.4
# A respelt identifier of at most this many words is words, not the provider's mark.
_WEAK_WORDS = 3
# Part of a text shorter than this many words says nothing about whose text it is.
_DISTINCT_WORDS = 6
# Trigrams in a row that make a partial match of a long text count on their own.
_LONG_RUN = 4
_PARTIAL = 0.85
_SHORT_MINOR = 0.1
_OTHER_PROVIDER = 0.5
_NOT_PREFERRED_KIND = 0.5
_GENERIC_YIELDS = 0.6
_RESPELT = 0.8
_ERROR_KIND = frozenset({"error"})
_NOT_AN_ERROR = 0.8
_NOT_WHOLE = 0.85
_INSIDE = 0.7
_MAX_EVIDENCE = 8
# Field labels that may stand between a code and its name ("7 / Description / Throttled").
_MAX_LABELS = 2
# The same number at more places than this adds nothing: later ones are not looked at.
_MAX_SAME_NUMBER = 16
# Field names a paste may start with before the error itself ("Reason: Carrier Rejected").
FIELD_WORDS = frozenset(
    {"reason", "status", "error", "errors", "err", "code", "state", "result", "response"}
    | {"description", "detail", "details"}
)
# Words that surround an error without saying which one it is.
# Words every SDK's exception classes and API error types are made of
# ("ValidationError", "BadRequestException", "InvalidParameter"): a label of these
# alone is nobody's own name.
GENERIC_LABEL_WORDS = frozenset(
    "validation error errors exception invalid request bad parameter parameters argument "  # noqa: SIM905
    "client server internal unknown failure failed api http generic general runtime value "
    "type input".split()
)


def _row_words(info: ErrorCodeInfo) -> str:
    return " ".join((info.name, info.message, *info.aliases)).casefold()


def _word_at(text: str, at: int) -> str:
    m = re.match(r"[\w']+", text[at:])
    return m.group(0).casefold() if m else ""


@lru_cache(maxsize=4096)
def _generic_label(text: str) -> bool:
    return GENERIC_LABEL_WORDS.issuperset(plain_words(text).split())


FILLER = frozenset(
    "error errors err code codes status reason message messages msg sms failed failure "  # noqa: SIM905
    "the a an is was with of for to and or in on by at this that it its your you we our "
    "has have had be been are were from as got get getting see".split()
)


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a pasted error: a table row, how sure, and what in the text says so.

    ``score`` is in [0, 1]; ``evidence`` says what was matched ("code 30007 after
    'errorcode'", "its documented message, 100% of it"); ``spans`` are ``[start, end)``
    offsets into the pasted text.
    """

    info: ErrorCodeInfo
    score: float
    evidence: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    #: True when only numbers point at the row (no name, message or identifier does)
    numeric_only: bool = False
    #: True when nothing but a number or a short name in passing points at the row (a
    #: respelt two-word identifier, part of a short name): words any API uses, so they do
    #: not say whose row it is (see ``diagnose.errors.normalise``)
    weak: bool = False
    #: True when a number (its code) is among the evidence
    coded: bool = False

    @property
    def partial(self) -> bool:
        """Whether only part of the row's text was found, and nothing else points at it (the
        missing words may be the very ones that say another cause: "maximum number of
        allowed requests" against "maximum number of characters allowed")."""
        return (
            not self.coded
            and bool(self.evidence)
            and all(_PART_OF_IT.search(e) for e in self.evidence)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.info.provider.value,
            "code": self.info.code,
            "kind": self.info.kind,
            "name": self.info.name,
            "category": self.info.category.value if self.info.category else None,
            "verdict": self.info.verdict.value,
            "score": round(self.score, 4),
            "evidence": list(self.evidence),
            "spans": [list(s) for s in self.spans],
        }


# The evidence a partial match of a row's text leaves ("its message, 71% of it", "84% of its
# words in order"): any share short of all.
_PART_OF_IT = re.compile(r", (?:[0-9]|[1-9][0-9])% of it")


@dataclass
class _Tally:
    """One row's evidence: the best strength of each kind, and what it was (kept short)."""

    best_text: float = 0.0
    best_number: float = 0.0
    evidence: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    kinds: list[bool] = field(default_factory=list)  # per span: textual evidence or a number
    textual: bool = False
    strong: bool = False  # some textual evidence says whose row it is, not only its words
    whole: bool = False  # the paste is one of the row's texts, word for word
    weight: float = 1.0

    def add(
        self,
        strength: float,
        why: str,
        span: tuple[int, int],
        *,
        textual: bool,
        weak: bool = False,
    ) -> None:
        if textual:
            self.best_text = max(self.best_text, strength)
        else:
            self.best_number = max(self.best_number, strength)
        self.textual = self.textual or textual
        self.strong = self.strong or (textual and not weak)
        # A paste may repeat a code thousands of times; what it says is said by a few.
        if len(self.spans) < _MAX_EVIDENCE:
            self.evidence.append(why)
            self.spans.append(span)
            self.kinds.append(textual)

    def score(self) -> float:
        """Noisy-or of the best textual and the best numeric evidence, then the weight.

        Within a kind the best counts, not the sum: a row whose name and message are both
        found is read no more surely than one whose whole text is the paste.
        """
        return (1.0 - (1.0 - self.best_text) * (1.0 - self.best_number)) * self.weight


@dataclass(frozen=True, slots=True)
class Found:
    """What a paste holds: ranked readings, and what was left over for the notes."""

    readings: tuple[Reading, ...]
    hints: tuple[Provider, ...]
    numbers: tuple[NumberCue, ...]
    #: rows a code matched that the provider given or named rules out
    elsewhere: tuple[ErrorCodeInfo, ...] = ()
    #: identifiers that look like a provider's (``TEXT_``, ``EC_``) but are not in the table
    unknown_labels: tuple[tuple[str, Provider], ...] = ()


_LABEL_PREFIXES = (("text", Provider.AWS), ("ec", Provider.INFOBIP))


def collect(text: str, provider: Provider | None = None, index: PhraseIndex | None = None) -> Found:
    """All readings of ``text`` (for ``provider``, when given), best first."""
    index = index or table_index(FILLER)
    ws = words(text)
    mentions = _mentions(text)
    content = [w for w in ws if w.text not in FILLER and not is_provider_word(w.text)]
    digit_words = [w for w in content if w.text.isdigit()]
    only_number = len(content) == 1 and len(digit_words) == 1
    numbers = find_numbers(text, only_number=only_number)
    word_at = {w.start: i for i, w in enumerate(ws)}
    tallies: dict[int, _Tally] = {}
    row_ids = _row_ids(index)

    def tally(info: ErrorCodeInfo) -> _Tally:
        return tallies.setdefault(row_ids[id(info)], _Tally())

    kind_prefs: dict[int, frozenset[str]] = {}
    named_cache: dict[NumberCue, dict[ErrorCodeInfo, tuple[int, int]]] = {}
    hints = (provider,) if provider else tuple(dict.fromkeys(p for _, p in mentions))
    seen_numbers: dict[tuple[str, str, str], int] = {}
    for n in numbers:
        repeat = (n.value, n.role, n.key)
        seen_numbers[repeat] = seen_numbers.get(repeat, 0) + 1
        if seen_numbers[repeat] > _MAX_SAME_NUMBER:
            continue
        rows = [r for r in lookup(n.value) if r.code.isdigit()]
        if n.role == "link" and n.provider is not None:
            rows = [r for r in rows if r.provider is n.provider]
        if n.role not in ("http", "whole"):
            rows = [r for r in rows if r.kind != "http"]
        if n.role == "quantity":
            rows = [
                r
                for r in rows
                if r in named_cache.setdefault(n, _named_beside(ws, word_at, n, rows))
            ]
        kinds = KEY_KINDS.get(n.key) if n.role in ("keyed", "status", "http") else None
        why = f"code {n.value}" + (f" after '{n.key}'" if n.key else "") + f" ({n.role})"
        named = named_cache.get(n) or _named_beside(ws, word_at, n, rows)
        rows = [
            r
            for r in rows
            if r.kind not in FIELD_ONLY_KINDS or r in named or (kinds and r.kind in kinds)
        ]
        for r in rows:
            strength = _STRENGTH[n.role]
            if n.role == "http" and (
                r.kind == "http"
                or ((kinds is not None or n.key in HTTP_STATUS_KEYS) and r.provider in hints)
            ):
                # An HTTP status is a code only in a table of HTTP statuses, or in the status
                # field of a provider whose statuses look like them (Telesign's 200).
                strength = _STRENGTH["keyed"]
            tally(r).add(strength, why, (n.start, n.end), textual=False)
            if r in named:
                # The name beside the number confirms both: the number is this row's code.
                start, end = named[r]
                tally(r).add(0.9, "its code and name together", (start, end), textual=True)
                tally(r).add(
                    0.9, f"code {n.value} beside its name", (n.start, n.end), textual=False
                )
            if kinds is not None:
                kind_prefs[row_ids[id(r)]] = kinds
            elif n.key in ("error", "errorcode"):
                kind_prefs.setdefault(row_ids[id(r)], _ERROR_KIND)

    unknown_labels: list[tuple[str, Provider]] = []
    for lab in labels(text):
        # "ERROR" or "FAILED" in capitals names no row, however a row happens to be named.
        hits = () if lab.text in FILLER else index.labels.get(lab.text, ())
        written = text[lab.start : lab.end].casefold()
        for p in hits:
            phrase = index.phrases[p]
            # As the provider writes it ("unknown-error"), or only the same letters.
            verbatim = phrase.text.casefold() == written
            tally(index.rows[phrase.row]).add(
                _SOURCE_STRENGTH[phrase.source] * (1.0 if verbatim else _RESPELT),
                f"its {phrase.source} {text[lab.start : lab.end]!r}",
                (lab.start, lab.end),
                textual=True,
                # "invalid_credentials" is any API's two words; "EC_CALL_BARRED" is Infobip's;
                # "ValidationError" is every SDK's exception, however a row is named.
                weak=(not verbatim and len(phrase.words) <= _WEAK_WORDS)
                or _generic_label(phrase.text),
            )
        if not hits:
            for prefix, owner in _LABEL_PREFIXES:
                if lab.text.startswith(prefix) and text[lab.start : lab.end][len(prefix)] in "_-":
                    unknown_labels.append((text[lab.start : lab.end], owner))

    _phrases(text, ws, content, index, tally)
    _codes_elsewhere(numbers, index, tallies)
    # A provider named inside a row's own text ("...criteria set by TCR") is part of that
    # text; inside a quoted run that only matched a row ("Invalid Twilio credentials" for
    # Vonage's "Invalid Credentials"), it is still the paste saying whose error it is.
    own_text = [
        (sp, _row_words(index.rows[i]))
        for i, t in tallies.items()
        for sp, k in zip(t.spans, t.kinds, strict=True)
        if k
    ]
    unquoted = [
        p
        for at, p in mentions
        if at < 0
        or not any(sp[0] <= at < sp[1] and _word_at(text, at) in words for sp, words in own_text)
    ]
    hints = (provider,) if provider else tuple(dict.fromkeys(unquoted))

    weighted = _weigh(tallies, index, hints, provider, kind_prefs)
    elsewhere = tuple(index.rows[i] for i, t in tallies.items() if t.weight == 0.0)
    ranked = sorted(
        (
            Reading(
                index.rows[i],
                min(1.0, score),
                tuple(dict.fromkeys(t.evidence)),
                tuple(sorted(set(t.spans))),
                not t.textual,
                not t.strong,
                t.best_number > 0.0,
            )
            for i, (t, score) in weighted.items()
            if score >= MIN_SCORE
        ),
        key=lambda r: -r.score,
    )
    if ranked:
        floor = ranked[0].score * KEEP
        ranked = [r for r in ranked if r.score >= floor][:MAX_READINGS]
    return Found(tuple(ranked), hints, tuple(numbers), elsewhere, tuple(unknown_labels))


#: Where a number may stand as the code of a row the paste also names in words.
_CODE_ROLES = frozenset({"link", "keyed", "status", "whole", "bare", "short"})


_ROW_IDS: list[tuple[PhraseIndex, dict[int, int]]] = []


def _row_ids(index: PhraseIndex) -> dict[int, int]:
    """Each row's position in the index, by identity: built once per index (every reading
    used to build it, 1,920 entries, most of a short paste's time). The index itself is
    kept beside it, so an id reused by another object can never match."""
    for held, ids in _ROW_IDS:
        if held is index:
            return ids
    ids = {id(info): i for i, info in enumerate(index.rows)}
    _ROW_IDS[:] = [*_ROW_IDS[-3:], (index, ids)]  # the table's index, and a test's or two
    return ids


def _codes_elsewhere(
    numbers: Sequence[NumberCue], index: PhraseIndex, tallies: dict[int, _Tally]
) -> None:
    """Credit a row named in words with its code written elsewhere in the same paste.

    A webhook or API body carries the code and its text in fields of their own
    (`"error_code": 6, "error_message": "REJECTED_NETWORK"`): the two are not side by side,
    yet together they say which row it is, more surely than the number alone says for the
    other tables listing it. A length or an HTTP status is no code (their roles say so).
    """
    keys = {code_key(n.value): n for n in numbers if n.role in _CODE_ROLES}
    if not keys:
        return
    for i, t in tallies.items():
        if not t.strong or t.best_number > 0.0:
            continue
        n = keys.get(code_key(index.rows[i].code))
        if n is not None:
            t.add(
                _STRENGTH["keyed"],
                f"its code {n.value} elsewhere in the paste",
                (n.start, n.end),
                textual=False,
            )


def _named_beside(
    ws: Sequence[Word], word_at: dict[int, int], n: NumberCue, rows: Sequence[ErrorCodeInfo]
) -> dict[ErrorCodeInfo, tuple[int, int]]:
    """Rows whose name (or alias) is written right after or before the number n."""
    k = word_at.get(n.start)
    out: dict[ErrorCodeInfo, tuple[int, int]] = {}
    if k is None:
        return out
    # A field's label may stand between a code and its name, as a docs page lays them out
    # ("1 / Description / Throttled.", "Throttled (code 1)").
    skip_after = 0
    while skip_after < _MAX_LABELS and k + 1 + skip_after < len(ws):
        if ws[k + 1 + skip_after].text not in FIELD_WORDS:
            break
        skip_after += 1
    skip_before = 0
    while skip_before < _MAX_LABELS and k - 1 - skip_before >= 0:
        if ws[k - 1 - skip_before].text not in FIELD_WORDS:
            break
        skip_before += 1
    for r in rows:
        if r.kind == "http":
            continue  # "400 Bad Request" is every API's wording, not this row's
        for name in (r.name, *r.aliases):
            target = name_words(name)
            size = len(target)
            if not size or size > 12:
                continue
            found = None
            for skip in dict.fromkeys((0, skip_after)):
                after = tuple(w.text for w in ws[k + 1 + skip : k + 1 + skip + size])
                if _same_words(after, target):
                    found = (n.start, ws[k + skip + size].end)
                    break
            for skip in dict.fromkeys((0, skip_before)):
                if found is not None or k - skip - size < 0:
                    break
                before = tuple(w.text for w in ws[k - skip - size : k - skip])
                if _same_words(before, target):
                    found = (ws[k - skip - size].start, n.end)
            if found is not None:
                out[r] = found
                break
    return out


def _same_words(got: Sequence[str], want: Sequence[str]) -> bool:
    """Word for word, forgiving a typo at the end of a long word ("Unregisterd")."""
    if len(got) != len(want):
        return False
    return all(
        a == b or (min(len(a), len(b)) >= 6 and (a.startswith(b[:-2]) or b.startswith(a[:-2])))
        for a, b in zip(got, want, strict=True)
    )


def name_words(name: str) -> tuple[str, ...]:
    return tuple(normalise_text(name).split())


def ties(score: float, best: float) -> bool:
    """Whether a reading scoring ``score`` is as good as the best one, ``best``.

    Within ``TIE`` of it, and not twice as likely to be wrong: near certainty, 0.9 against
    0.99 is no tie though the ratio is close.
    """
    return score >= best * TIE and (1.0 - score) <= 2.0 * (1.0 - best) + 1e-9


def _mentions(text: str) -> list[tuple[int, Provider]]:
    """Where the text names or marks a provider, links to its site included."""
    found = provider_mentions(text)
    found += [(start, owner) for start, _, owner in find_links(text) if owner is not None]
    return found


_PROVIDER_WORDS = frozenset(
    "twilio bandwidth telnyx vonage nexmo plivo sinch infobip bird messagebird aws amazon "  # noqa: SIM905
    "sns pinpoint azure gladly commio textmagic clicksend telesign zendesk intercom hubspot "
    "salesforce tcr".split()
)


def is_provider_word(word: str) -> bool:
    """Whether ``word`` is a covered provider's name ("twilio", "sns"): whose, never why."""
    return word in _PROVIDER_WORDS


def _phrases(
    text: str,
    ws: Sequence[Word],
    content: Sequence[Word],
    index: PhraseIndex,
    tally: Any,
) -> None:
    """Evidence from the rows' texts: the whole paste, their trigrams, short names."""
    full = tuple(w.text for w in ws)
    core_words = [w for w in ws if not is_provider_word(w.text)]
    core = tuple(w.text for w in core_words)
    # An identifier pasted alone ("unknown-error") is that identifier before it is words.
    as_label = len(full) > 1 and is_label(text.strip())
    # The paste less a field name or filler before it ("Reason: Carrier Rejected").
    lead = 0
    while lead < len(core_words) - 1 and core_words[lead].text in FIELD_WORDS:
        lead += 1
    bare_words = core_words[lead:]
    bare = tuple(w.text for w in bare_words)
    tried: set[tuple[str, ...]] = set()
    for key, words_, strength in (
        (full, ws, 0.95),
        (core, core_words, 0.9),
        (bare, bare_words, 0.9),
    ):
        if not words_ or key in tried:
            continue
        tried.add(key)
        span = (words_[0].start, words_[-1].end)
        for p in index.exact.get(key, ()):
            phrase = index.phrases[p]
            same_shape = not as_label or is_label(phrase.text)
            t = tally(index.rows[phrase.row])
            t.add(
                strength if same_shape else 0.75,
                f"the paste is its {phrase.source}",
                span,
                textual=True,
            )
            t.whole = t.whole or same_shape
    _quoted(text, ws, index, tally, tried)
    span = (ws[0].start, ws[-1].end) if ws else (0, 0)
    if len(core) <= GAPPED_MAX_WORDS:
        for j in range(1, len(core) - 1):
            for p in index.gapped.get((*core[:j], GAP, *core[j + 1 :]), ()):
                phrase = index.phrases[p]
                tally(index.rows[phrase.row]).add(
                    0.95, f"the paste is its {phrase.source}, filled in", span, textual=True
                )
    texts = [w.text for w in ws]
    hits: dict[int, tuple[set[int], int, int]] = {}
    get_trigram = index.trigrams.get
    for i, gram in enumerate(zip(texts, texts[1:], texts[2:], strict=False)):
        found_at = get_trigram(gram)
        if not found_at:
            continue
        w_start, w_end = ws[i].start, ws[i + 2].end
        for p, pos in found_at:
            found, start, end = hits.get(p, (set(), w_start, w_end))
            found.add(pos)
            hits[p] = (found, min(start, w_start), max(end, w_end))
    matches: list[tuple[int, float, float, int, int]] = []  # phrase, weight, coverage, span
    pasted_grams: set[tuple[str, str, str]] | None = None
    for p, (found, start, end) in hits.items():
        phrase = index.phrases[p]
        if phrase.identifier:
            continue  # an identifier is found whole (above, and by its compact form)
        if len(phrase.grams) > phrase.trigrams:
            # Its common trigrams count too: found when the paste holds them, else missing.
            if pasted_grams is None:
                pasted_grams = set(zip(texts, texts[1:], texts[2:], strict=False))
            found = found | {
                pos for pos, gram in phrase.grams if pos not in found and gram in pasted_grams
            }
        coverage = len(found) / max(len(phrase.grams), phrase.trigrams)
        if coverage < 1.0 and len(found) < _LONG_RUN and (coverage < 0.5 or len(found) < 2):
            continue
        # A long run of a long text tells nearly as much as all of a short one, but never as
        # much as all of the text.
        weight = 1.0 if coverage == 1.0 else min(_PARTIAL, max(coverage, len(found) / 8))
        matches.append((p, weight, coverage, start, end))
    # All of a longer text found around a shorter one ("Message failed to deliver since
    # Destination/To number doesn't exist" around "Message failed to deliver"): the shorter
    # is part of the longer, not a reading of its own.
    whole = [(s_, e_, len(index.phrases[p].words)) for p, _, c, s_, e_ in matches if c == 1.0]
    for p, weight, coverage, start, end in matches:
        size = len(index.phrases[p].words)
        inside = any(s_ <= start and end <= e_ and n > size for s_, e_, n in whole)
        phrase = index.phrases[p]
        tally(index.rows[phrase.row]).add(
            _SOURCE_STRENGTH[phrase.source] * weight * (_INSIDE if inside else 1.0),
            f"its {phrase.source}, {coverage:.0%} of it",
            (start, end),
            textual=True,
            # part of a short text ("The Sender ID is" of "The Sender ID is invalid") is
            # words any provider writes, not that provider's sentence
            weak=coverage < 1.0 and len(phrase.words) < _DISTINCT_WORDS,
        )
    # A long sentence laid out otherwise: cells, its request value, cut off, a word changed.
    for a in align(index, texts):
        phrase = index.phrases[a.phrase]
        tally(index.rows[phrase.row]).add(
            _SOURCE_STRENGTH[phrase.source] * (1.0 if a.complete else min(_PARTIAL, a.share)),
            f"its {phrase.source}, {a.share:.0%} of its words in order",
            (ws[a.start].start, ws[a.end].end),
            textual=True,
        )
    n_content = len(content) or 1
    short = index.short
    pairs = list(itertools.pairwise(texts))
    bigram_at = {j for i, pair in enumerate(pairs) if pair in short for j in (i, i + 1)}
    for i, word in enumerate(texts):
        # a word inside a two-word name is that name's, not its own
        candidates: list[tuple[tuple[str, ...], int, int]] = (
            [] if i in bigram_at else [((word,), i, i)]
        )
        if i < len(pairs):
            candidates.append((pairs[i], i, i + 1))
        for key, first, last in candidates:
            for p in short.get(key, ()):
                phrase = index.phrases[p]
                dominant = len(key) / n_content >= 0.5
                tally(index.rows[phrase.row]).add(
                    _SHORT_DOMINANT if dominant else _SHORT_MINOR,
                    f"its {phrase.source} {phrase.text!r}",
                    (ws[first].start, ws[last].end),
                    textual=True,
                    weak=True,
                )


# A run a sentence quotes: straight, typographic or code quotes, guillemets, corner brackets.
_QUOTED = re.compile(
    r"(?<![\w])[\"'`](?P<a>[^\"'`\n]{1,120})[\"'`](?![\w])"
    r"|“(?P<b>[^”\n]{1,120})”|‘(?P<c>[^’\n]{1,120})’|«(?P<d>[^»\n]{1,120})»|「(?P<e>[^」\n]{1,120})」"
    # A status line's reason in brackets: "undelivered (Unhealthy sender)".
    r"|\((?P<f>[^()\n]{1,120})\)|\[(?P<g>[^\[\]\n]{1,120})\]"
)
_QUOTED_STRENGTH = 0.9
_MAX_QUOTED = 400
_MAX_NAME_WORDS = 12


def _quoted(
    text: str,
    ws: Sequence[Word],
    index: PhraseIndex,
    tally: Any,
    tried: set[tuple[str, ...]],
) -> None:
    """Evidence from a row's whole name or text quoted (or bracketed) inside a longer paste.

    'Telnyx keeps answering "Unhealthy sender"', "undelivered (Unhealthy sender)": a quoted
    or bracketed run is what the screen showed, word for word, so it is read as if pasted
    alone. One word ("Blocked") or words any failure notice uses are no name; two words are
    still weak: whose they are is left to the provider named.
    """
    if len(ws) < 2 or not any(q in text for q in "\"'`“‘«「(["):
        return
    starts = [w.start for w in ws]
    for n, m in enumerate(_QUOTED.finditer(text)):
        if n == _MAX_QUOTED:
            break  # a log of thousands of quoted values names its error in the first few
        group = next(g for g in "abcdefg" if m.group(g) is not None)
        start, end = m.span(group)
        if end - start < 3 or is_label(text[start:end].strip()):
            continue  # an identifier quoted ('CARRIER_UNREACHABLE') is read as one (``labels``)
        first = bisect_left(starts, start)
        inside = [w for w in ws[first : first + _MAX_NAME_WORDS + 2] if w.end <= end]
        if len(inside) > _MAX_NAME_WORDS + 1:
            continue  # longer than any name: a sentence in brackets, not a label
        key = tuple(w.text for w in inside if not is_provider_word(w.text))
        if (
            len(key) < 2
            or len(key) > _MAX_NAME_WORDS
            or key in tried
            or text[end + 1 : end + 2] == ":"
        ):
            continue  # one word is any API's; a quoted key ("status":) names a field
        if all(w in COMMON_WORDS or w in FIELD_WORDS for w in key):
            continue
        tried.add(key)
        for p in index.exact.get(key, ()):
            phrase = index.phrases[p]
            row = index.rows[phrase.row]
            if phrase.identifier or row.kind == "http":
                continue  # an identifier is read whole (``labels``); "Bad Request" is any API's
            tally(row).add(
                _QUOTED_STRENGTH,
                f"its {phrase.source}, quoted",
                (inside[0].start, inside[-1].end),
                textual=True,
                weak=len(key) <= 2,
            )


def _weigh(
    tallies: dict[int, _Tally],
    index: PhraseIndex,
    hints: tuple[Provider, ...],
    given: Provider | None,
    kind_prefs: dict[int, frozenset[str]],
) -> dict[int, tuple[_Tally, float]]:
    """Each row's final score: its evidence, weighed by provider, namespace and specificity."""
    rows = index.rows
    owners = {i: rows[i].provider for i in tallies}
    code_hints = tuple(p for p in hints if p not in RELAYS)
    if given is not None and given not in RELAYS:
        for i, t in tallies.items():
            if owners[i] is not given and not (t.textual and owners[i] in RELAYED):
                t.weight = _OTHER_PROVIDER if t.textual else 0.0
    elif code_hints:
        for i, t in tallies.items():
            if owners[i] not in code_hints and not (t.textual and owners[i] in RELAYED):
                t.weight = _OTHER_PROVIDER if t.textual else 0.0
    elif given is not None or any(p in RELAYS for p in hints):
        # A relay's own rows first; if it has none, the code is the carrier's it relays.
        relays = {given, *hints} & RELAYS
        if any(owners[i] in relays for i in tallies):
            for i, t in tallies.items():
                if owners[i] not in relays:
                    t.weight *= _OTHER_PROVIDER
    # A row worded only in words every app uses ("Message not sent") names its cause only as
    # that provider's notice: with the provider neither given nor named, it is no reading of
    # its own (the common-words reading, whose provider is nobody, takes it).
    common = _common_rows(index)
    for i, t in tallies.items():
        if i in common and owners[i] is not given and owners[i] not in hints:
            t.weight *= _COMMON_WORDS
    # A namespace the field selects ("err-code" -> Vonage's DLR codes, "SMPP" -> SMPP codes).
    # "error" only decides among one provider's namespaces: any provider's codes are errors.
    for i, kinds in kind_prefs.items():
        if tallies[i].strong:
            continue  # its own name is there too: the row, whatever the field's namespace
        same = [j for j in tallies if code_key(rows[j].code) == code_key(rows[i].code)]
        if kinds == _ERROR_KIND:
            same = [j for j in same if owners[j] is owners[i]]
        if rows[i].kind not in kinds and any(rows[j].kind in kinds for j in same):
            tallies[i].weight *= _NOT_PREFERRED_KIND
    # The paste is word for word one row's text: a part of it read as another row's yields.
    if any(t.whole for t in tallies.values()):
        for t in tallies.values():
            if not t.whole:
                t.weight *= _NOT_WHOLE
    # What was pasted is an error: a lifecycle status yields to an error read the same way.
    if any(rows[i].is_error for i in tallies):
        for i, t in tallies.items():
            if not rows[i].is_error and not t.textual:
                t.weight *= _NOT_AN_ERROR
    scores = {i: t.score() for i, t in tallies.items()}
    # A row with no specific reason yields to a specific row of the same provider.
    best_specific: dict[Provider, float] = {}
    for i, s in scores.items():
        if _specific(rows[i]):
            best_specific[owners[i]] = max(best_specific.get(owners[i], 0.0), s)
    specific_spans: dict[Provider, list[tuple[int, int]]] = {}
    for i in scores:
        if _specific(rows[i]):
            specific_spans.setdefault(owners[i], []).extend(tallies[i].spans)
    for i, s in scores.items():
        if _specific(rows[i]) or best_specific.get(owners[i], 0.0) < s * 0.5:
            continue
        others = specific_spans.get(owners[i], [])
        if any(a < d and c < b for a, b in tallies[i].spans for c, d in others):
            continue  # the same words read two ways: a tie, not a reason and its frame
        scores[i] = s * _GENERIC_YIELDS
    return {i: (tallies[i], scores[i]) for i in tallies}


#: Words that say a message failed without saying why or whose it is.
COMMON_WORDS = FILLER | frozenset(
    "not sent send sending delivered deliver undelivered text texts unable could cannot "  # noqa: SIM905
    "can t try again later".split()
)
_COMMON_WORDS = 0.4
_COMMON_ROWS: dict[int, frozenset[int]] = {}


def _common_rows(index: PhraseIndex) -> frozenset[int]:
    """Rows with a specific cause whose every text is made of ``COMMON_WORDS`` only."""
    key = id(index)
    if key not in _COMMON_ROWS:
        plain: dict[int, bool] = {}
        for phrase in index.phrases:
            common = not phrase.identifier and all(w in COMMON_WORDS for w in phrase.words)
            plain[phrase.row] = plain.get(phrase.row, True) and common
        _COMMON_ROWS[key] = frozenset(
            r for r, common in plain.items() if common and _specific(index.rows[r])
        )
    return _COMMON_ROWS[key]


def common_worded(info: ErrorCodeInfo, index: PhraseIndex | None = None) -> bool:
    """Whether the row's cause rests only on whose notice it is (see ``_common_rows``)."""
    index = index or table_index(FILLER)
    return any(index.rows[r] is info for r in _common_rows(index))


def _specific(info: ErrorCodeInfo) -> bool:
    return info.is_error and info.category is not Cause.UNKNOWN


def rows_of(readings: Iterable[Reading]) -> tuple[ErrorCodeInfo, ...]:
    return tuple(r.info for r in readings)


def code_of(info: ErrorCodeInfo) -> str:
    return code_key(info.code)
