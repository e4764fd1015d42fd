"""Model features of a failed message, each with a name a support engineer can read.

The model sees one ``ModelInput`` per message: the body, the normalised error, the context
flags and the ids of the rules that fired. Transformers here turn those into columns whose
names flow through ``get_feature_names_out()`` (``words__verify``, ``body__shortener_link``,
``rules__OPT001``) so a prediction can be explained in words with body spans.

Everything the pipeline references is module-level, so a fitted model pickles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from diagnose.brand import appears_to_name_a_business
from diagnose.error_normalise import NormalisedError, generic_filter
from diagnose.keywords import is_natural_opt_out, is_opt_out_keyword
from diagnose.message import FailedMessage
from diagnose.rules.base import Finding
from diagnose.rules.links import SHORTENERS
from diagnose.rules.optout_text import nonstandard_opt_out, standard_opt_out
from diagnose.segments import SegmentInfo, segment_info
from diagnose.text import UrlMatch, find_urls

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class ModelInput:
    """What the model reads about one failed message (built by ``model_input``)."""

    body: str
    error_tokens: tuple[str, ...]
    context: tuple[str, ...]
    rules: tuple[str, ...]


def model_input(
    message: FailedMessage, findings: Sequence[Finding], error: NormalisedError
) -> ModelInput:
    """The model's view of a message: body, error category tokens, context flags, rule ids."""
    err = [
        f"category={error.category.value if error.category else 'none'}",
        f"status={error.status}",
    ]
    if generic_filter(error):
        err.append("generic_filter")
    ctx = []
    for name in ("first_message", "recipient_opted_out", "recipient_initiated"):
        value = getattr(message, name)
        if value is not None:
            ctx.append(f"{name}={'true' if value else 'false'}")
    for name in ("origin", "consent", "sender_type"):
        value = getattr(message, name)
        if value is not None:
            ctx.append(f"{name}={value.value}")
    if message.history:
        ctx.append("has_history")
        inbound = [h.body for h in message.history if h.direction == "inbound"]
        if any(is_opt_out_keyword(b) for b in inbound):
            ctx.append("history_stop_keyword")
        elif any(is_natural_opt_out(b) for b in inbound):
            ctx.append("history_informal_opt_out")
    if message.to is not None:
        digits = sum(ch.isdigit() for ch in message.to)
        if digits < 10 or digits > 15:
            ctx.append("to_odd_length")
    rules = tuple(sorted({f.rule for f in findings}))
    return ModelInput(message.body, tuple(err), tuple(ctx), rules)


def body_text(doc: ModelInput) -> str:
    """The vectorisers' preprocessor: the body, lower-cased, digit runs folded to '0'."""
    return _DIGITS.sub("0", doc.body.lower())


_DIGITS = re.compile(r"\d+")


# --- engineered body features -------------------------------------------------------------
# Each returns (value in [0, 1], spans in the body). Counts are squashed with 1 - 1/(1+n) or
# log scales so no feature needs a scaler and naive Bayes can use them (non-negative).

_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_PUNCT_RUN = re.compile(r"[!?$]{2,}|(?:\.\s?){4,}")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u203c\u2049]")
_CURRENCY = re.compile(r"[$£€₹¥]|\b(?:usd|gbp|eur|rs\.?|inr)\b", re.IGNORECASE)
_LONG_DIGITS = re.compile(r"\d{5,}")
_PRIZE = re.compile(
    r"\b(?:win(?:ner|ning)?|won|prize|reward|claim|free|congrat\w*|selected|gift ?card|bonus)\b",
    re.IGNORECASE,
)
_URGENT = re.compile(
    r"\b(?:urgent|act now|today only|expires?|last chance|limited time|immediately|final "
    r"notice|hurry|now)\b",
    re.IGNORECASE,
)
_VERIFY = re.compile(
    r"\b(?:verify|confirm|suspend\w*|lock\w*|unusual|update your|login|log in|password|kyc)\b",
    re.IGNORECASE,
)
_LEET = re.compile(r"\b(?=[a-z0-9]*[a-z])(?=[a-z0-9]*[0-9])[a-z]+[0-9]+[a-z]+\b", re.IGNORECASE)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LETTERS = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-Z]")
_NEAR = 60  # characters between a phishing verb and a link that still read as one request


@lru_cache(maxsize=1024)
def _urls(body: str) -> tuple[UrlMatch, ...]:
    """Links, shared by the link features of one body (four of them ask)."""
    return find_urls(body)


@lru_cache(maxsize=1024)
def _segments(body: str) -> SegmentInfo:
    return segment_info(body)


def _squash(n: int) -> float:
    return 1.0 - 1.0 / (1.0 + n)


def _spans(matches: Iterable[re.Match[str]], limit: int = 5) -> Spans:
    out = []
    for m in matches:
        out.append((m.start(), m.end()))
        if len(out) >= limit:
            break
    return tuple(out)


def f_links(body: str) -> tuple[float, Spans]:
    urls = _urls(body)
    return _squash(len(urls)), tuple((u.start, u.end) for u in urls)


def f_shortener(body: str) -> tuple[float, Spans]:
    hits = [
        u
        for u in _urls(body)
        if u.host in SHORTENERS or ".".join(u.host.split(".")[-2:]) in SHORTENERS
    ]
    return float(bool(hits)), tuple((u.start, u.end) for u in hits)


def f_ip_link(body: str) -> tuple[float, Spans]:
    hits = [u for u in _urls(body) if u.is_ip]
    return float(bool(hits)), tuple((u.start, u.end) for u in hits)


def f_caps_ratio(body: str) -> tuple[float, Spans]:
    letters = len(_LETTERS.findall(body))
    if letters < 8:
        return 0.0, ()
    return len(_UPPER.findall(body)) / letters, ()


def f_caps_words(body: str) -> tuple[float, Spans]:
    found = list(_CAPS_WORD.finditer(body))
    # STOP/HELP are the opt-out keywords carriers want in capitals, not shouting.
    found = [m for m in found if m.group(0) not in ("STOP", "HELP", "START", "OTP", "USD")]
    return _squash(len(found)), _spans(found)


def f_punct_runs(body: str) -> tuple[float, Spans]:
    found = list(_PUNCT_RUN.finditer(body))
    return _squash(len(found)), _spans(found)


def f_emoji(body: str) -> tuple[float, Spans]:
    found = list(_EMOJI.finditer(body))
    return _squash(len(found)), _spans(found)


def f_digits(body: str) -> tuple[float, Spans]:
    if not body:
        return 0.0, ()
    return sum(ch.isdigit() for ch in body) / len(body), ()


def f_long_numbers(body: str) -> tuple[float, Spans]:
    found = list(_LONG_DIGITS.finditer(body))
    return _squash(len(found)), _spans(found)


def f_currency(body: str) -> tuple[float, Spans]:
    found = list(_CURRENCY.finditer(body))
    return _squash(len(found)), _spans(found)


def f_prize_words(body: str) -> tuple[float, Spans]:
    found = list(_PRIZE.finditer(body))
    return _squash(len(found)), _spans(found)


def f_urgency(body: str) -> tuple[float, Spans]:
    found = list(_URGENT.finditer(body))
    return _squash(len(found)), _spans(found)


def f_verify_near_link(body: str) -> tuple[float, Spans]:
    urls = _urls(body)
    if not urls:
        return 0.0, ()
    hits = [
        m
        for m in _VERIFY.finditer(body)
        if any(abs(m.start() - u.start) < _NEAR or abs(u.end - m.end()) < _NEAR for u in urls)
    ]
    return float(bool(hits)), _spans(hits)


def f_length(body: str) -> tuple[float, Spans]:
    return min(math.log1p(len(body)) / math.log1p(1600), 1.0), ()


def f_segments(body: str) -> tuple[float, Spans]:
    return min(_segments(body).segments / 10.0, 1.0), ()


def f_ucs2(body: str) -> tuple[float, Spans]:
    info = _segments(body)
    if info.encoding != "UCS-2":
        return 0.0, ()
    spans = [(o, o + len(ch)) for ch, offsets in info.ucs2_chars for o in offsets]
    return 1.0, tuple(sorted(spans)[:5])


def f_empty(body: str) -> tuple[float, Spans]:
    return float(not body.strip()), ()


def f_opt_out(body: str) -> tuple[float, Spans]:
    span = standard_opt_out(body)
    return (1.0, ((span.start, span.end),)) if span else (0.0, ())


def f_nonstandard_opt_out(body: str) -> tuple[float, Spans]:
    spans = nonstandard_opt_out(body)
    return float(bool(spans)), tuple((s.start, s.end) for s in spans)


def f_no_opt_out(body: str) -> tuple[float, Spans]:
    return float(standard_opt_out(body) is None), ()


def f_names_business(body: str) -> tuple[float, Spans]:
    return float(appears_to_name_a_business(body)), ()


def f_no_business_name(body: str) -> tuple[float, Spans]:
    return float(not appears_to_name_a_business(body)), ()


def f_obfuscation(body: str) -> tuple[float, Spans]:
    found = list(_LEET.finditer(body)) + list(_INVISIBLE.finditer(body))
    return float(bool(found)), _spans(found)


#: name -> (description for a support engineer, function)
BODY_FEATURES: dict[str, tuple[str, Callable[[str], tuple[float, Spans]]]] = {
    "links": ("links in the message", f_links),
    "shortener_link": ("link to a public URL shortener", f_shortener),
    "ip_link": ("link to a raw IP address", f_ip_link),
    "caps_ratio": ("a high share of capital letters", f_caps_ratio),
    "caps_words": ("all-caps words", f_caps_words),
    "punct_runs": ("runs of !, ? or $", f_punct_runs),
    "emoji": ("emoji", f_emoji),
    "digit_ratio": ("a high share of digits", f_digits),
    "long_numbers": ("long numbers (phone numbers, short codes)", f_long_numbers),
    "currency": ("money amounts or currency symbols", f_currency),
    "prize_words": ("prize or giveaway words ('free', 'winner', 'claim')", f_prize_words),
    "urgency": ("urgency words ('now', 'last chance', 'expires')", f_urgency),
    "verify_near_link": ("an account or 'verify' request near a link", f_verify_near_link),
    "length": ("message length", f_length),
    "segments": ("number of SMS segments", f_segments),
    "ucs2": ("characters outside GSM-7 (forces UCS-2 encoding)", f_ucs2),
    "empty": ("an empty body", f_empty),
    "opt_out": ("standard opt-out language ('Reply STOP')", f_opt_out),
    "nonstandard_opt_out": ("opt-out wording without a standard keyword", f_nonstandard_opt_out),
    "no_opt_out": ("no standard opt-out language", f_no_opt_out),
    "names_business": ("the message names a business", f_names_business),
    "no_business_name": ("no business name in the message", f_no_business_name),
    "obfuscation": ("obfuscated words (digits for letters, invisible characters)", f_obfuscation),
}


class BodyFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Named, engineered body features in [0, 1] (see ``BODY_FEATURES``)."""

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> BodyFeatures:
        self.n_features_out_ = len(BODY_FEATURES)
        return self

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        funcs = [f for _, f in BODY_FEATURES.values()]
        out = np.zeros((len(X), len(funcs)), dtype=np.float64)
        for i, doc in enumerate(X):
            for j, f in enumerate(funcs):
                out[i, j] = f(doc.body)[0]
        return sp.csr_matrix(out)

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(list(BODY_FEATURES), dtype=object)


def error_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.error_tokens


def context_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.context


def rule_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.rules


class TokenFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """One binary column per token seen in fit (error category, context flag, rule id).

    ``extract`` is a module-level function (picklable) returning a document's tokens; tokens
    unseen in fit (a rule added after training) are ignored.
    """

    def __init__(self, extract: Callable[[ModelInput], tuple[str, ...]] = rule_tokens) -> None:
        self.extract = extract

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> TokenFeatures:
        vocab = sorted({t for doc in X for t in self.extract(doc)})
        self.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        return self

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        rows, cols = [], []
        for i, doc in enumerate(X):
            for t in self.extract(doc):
                j = self.vocabulary_.get(t)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        data = np.ones(len(rows), dtype=np.float64)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(X), len(self.vocabulary_)))

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(list(self.vocabulary_), dtype=object)


def text_union(*, max_words: int = 12000, max_chars: int = 12000) -> list[tuple[str, Any]]:
    """Word 1-2 grams and character 2-4 grams (within word boundaries) of the body."""
    return [
        (
            "words",
            TfidfVectorizer(
                preprocessor=body_text,
                ngram_range=(1, 2),
                min_df=2,
                max_features=max_words,
                sublinear_tf=True,
                token_pattern=r"(?u)\b\w+\b",
                dtype=np.float64,
            ),
        ),
        (
            "chars",
            TfidfVectorizer(
                preprocessor=body_text,
                analyzer="char_wb",
                ngram_range=(2, 4),
                min_df=3,
                max_features=max_chars,
                sublinear_tf=True,
                dtype=np.float64,
            ),
        ),
        ("body", BodyFeatures()),
    ]


def cause_features(**kwargs: int) -> FeatureUnion:
    """Everything: text, engineered body features, error category, context flags, rule hits."""
    return FeatureUnion(
        [
            *text_union(**kwargs),
            ("error", TokenFeatures(error_tokens)),
            ("context", TokenFeatures(context_tokens)),
            ("rules", TokenFeatures(rule_tokens)),
        ]
    )


def content_features(**kwargs: int) -> FeatureUnion:
    """The body alone: what a carrier's content filter sees."""
    return FeatureUnion(text_union(**kwargs))


# --- explanations -------------------------------------------------------------------------

_CONTEXT_WORDS = {
    "first_message=true": "first message to this recipient",
    "first_message=false": "not the first message to this recipient",
    "recipient_opted_out=true": "the recipient is marked opted out",
    "recipient_initiated=true": "the recipient texted first",
    "recipient_initiated=false": "the business texted first",
    "has_history": "there is earlier conversation",
    "history_stop_keyword": "the recipient sent STOP earlier in the conversation",
    "history_informal_opt_out": "the recipient asked in plain words to stop",
    "to_odd_length": "the 'to' number has an unusual length",
}


def describe(feature: str) -> str:
    """A feature name from ``get_feature_names_out`` in words a support engineer reads."""
    group, _, name = feature.partition("__")
    if group == "words":
        return f"the word{'s' if ' ' in name else ''} '{name}'"
    if group == "chars":
        return f"the text fragment '{name.strip()}'"
    if group == "body":
        return BODY_FEATURES[name][0] if name in BODY_FEATURES else name
    if group == "error":
        key, _, value = name.partition("=")
        if key == "category":
            return f"the provider error maps to '{value}'"
        if key == "status":
            return f"the error code is {value}"
        return "the error is an opaque filter verdict or gives no reason"
    if group == "context":
        if name in _CONTEXT_WORDS:
            return _CONTEXT_WORDS[name]
        key, _, value = name.partition("=")
        return f"{key.replace('_', ' ')} is {value}"
    if group == "rules":
        from diagnose.rules.registry import RULES_BY_ID

        r = RULES_BY_ID.get(name)
        return f"rule {name} ({r.name}) fired" if r else f"rule {name} fired"
    return feature


def feature_spans(
    feature: str, body: str, findings: Sequence[Finding] = (), limit: int = 5
) -> Spans:
    """Where in ``body`` a feature applies (empty when it is about context, not text)."""
    group, _, name = feature.partition("__")
    if group == "body" and name in BODY_FEATURES:
        return BODY_FEATURES[name][1](body)[1][:limit]
    if group == "rules":
        return tuple((s.start, s.end) for f in findings if f.rule == name for s in f.spans)[:limit]
    if group in ("words", "chars") and name.strip():
        if len(body.lower()) != len(body):
            return ()
        needle = name.strip()
        if group == "words":
            parts = [re.escape(p).replace("0", r"0+") for p in needle.split()]
            pattern = re.compile(r"\b" + r"\W+".join(parts) + r"\b")
        else:
            pattern = re.compile(re.escape(needle).replace("0", r"0+"))
        # Spans refer to the folded text; map back through the digit folding.
        return _map_folded(body, pattern, limit)
    return ()


def _map_folded(body: str, pattern: re.Pattern[str], limit: int) -> Spans:
    """Match ``pattern`` on the digit-folded, lower-cased body; spans in original offsets."""
    folded_chars: list[str] = []
    origin: list[int] = []
    i = 0
    low = body.lower()
    while i < len(low):
        if low[i].isdigit():
            j = i
            while j < len(low) and low[j].isdigit():
                j += 1
            folded_chars.append("0")
            origin.append(i)
            i = j
            continue
        folded_chars.append(low[i])
        origin.append(i)
        i += 1
    origin.append(len(body))
    folded = "".join(folded_chars)
    out = []
    for m in pattern.finditer(folded):
        end = origin[m.end()] if m.end() < len(origin) else len(body)
        if m.end() > 0 and folded[m.end() - 1] == "0":
            # A folded digit run ends where the original digits end.
            k = origin[m.end() - 1]
            while k < len(body) and body[k].isdigit():
                k += 1
            end = k
        out.append((origin[m.start()], end))
        if len(out) >= limit:
            break
    return tuple(out)
