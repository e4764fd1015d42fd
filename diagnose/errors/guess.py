"""A guess at an error's cause from its words alone, when nothing in the table or vocabulary fits.

The table reads the providers it covers and ``cues.cause_phrases`` the trade's common
wordings; an error from a provider neither knows ("Destination address blocked. Message
discarded.", "You have reached the end of your message credits") used to stay unknown.
This is the fallback: a class-balanced logistic regression over word unigrams and bigrams
(identifiers split, ``words.plain_words``; digits dropped: a code says nothing across
providers) and the character 4-grams of each word, fitted on the table's own documented
texts (every row's code label, name, aliases and message, with its category; lifecycle
rows and generic failures as ``unknown``) by ``scripts/build_error_guess.py``.

Only the fitted vocabulary, idf and weights ship (``data/error_guess.json``, no pickle);
inference is plain Python and NumPy here, held equal to scikit-learn's pipeline by a test,
so reading an error never imports scikit-learn. A guess names a category only: never a
provider or a code, and only at or above the shipped ``threshold``, which the build chose by
cross-validation grouped by provider (each provider's texts predicted by a model that never
saw that provider), never on the outside sets.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from diagnose.causes import CAUSES, Cause
from diagnose.errors.cues import ruled_out
from diagnose.errors.reader import (
    COMMON_WORDS,
    FIELD_WORDS,
    GENERIC_LABEL_WORDS,
    is_provider_word,
)
from diagnose.errors.words import PLACEHOLDER, plain_words
from diagnose.verdict import verdict_for

if TYPE_CHECKING:
    from diagnose.errors.normalise import NormalisedError

#: The shipped model, and the sha256 of its bytes (checked on load; the build writes both).
DATA_FILE = "error_guess.json"
#: Feature format; the build and this reader agree on it.
FORMAT = 1
# Character 4-grams of each word, padded: "blacklisted" shares "blac", "lack" with
# "blacklist" (3- to 5-grams did no better in the grouped cross-validation, at twice the size).
_CHAR_MIN, _CHAR_MAX = 4, 4
# Words this long or longer are not split into character n-grams (ids, hashes).
_CHAR_MAX_WORD = 24


def features(text: str) -> list[str]:
    """The features of one text: words, word pairs and the words' character n-grams.

    Placeholders of documented messages (``{number}``) and numbers are left out: a code
    or a count says nothing about the cause at another provider.

    Example:
        >>> [f for f in features("HEADER_BLACKLISTED 622") if not f.startswith("c:")]
        ['w:header', 'w:blacklisted', 'b:header blacklisted']
    """
    words = [w for w in plain_words(PLACEHOLDER.sub(" ", text)).split() if not w.isdigit()]
    out = [f"w:{w}" for w in words]
    out += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    for w in words:
        if len(w) >= _CHAR_MAX_WORD:
            continue
        padded = f" {w} "
        for n in range(_CHAR_MIN, _CHAR_MAX + 1):
            out += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    return out


class Guess(NamedTuple):
    """The most likely category of a text, its probability and the runner-up."""

    cause: Cause
    probability: float
    second: Cause
    second_probability: float


@dataclass(frozen=True)
class GuessModel:
    """The shipped vocabulary, idf, weights and threshold (see the module docstring)."""

    classes: tuple[Cause, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray  # (features,)
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    threshold: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GuessModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"error guess model: format {data.get('format')!r}, want {FORMAT}")
        vocab = list(data["vocabulary"])
        coef = np.asarray(data["coef"], dtype=np.float64)
        idf = np.asarray(data["idf"], dtype=np.float64)
        classes = tuple(Cause(c) for c in data["classes"])
        if coef.shape != (len(classes), len(vocab)) or idf.shape != (len(vocab),):
            raise ValueError("error guess model: shapes of coef, idf and vocabulary disagree")
        return cls(
            classes=classes,
            vocabulary={f: i for i, f in enumerate(vocab)},
            idf=idf,
            coef=coef,
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            threshold=float(data["threshold"]),
        )

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of the text's tf-idf row (sublinear tf, l2-normalised)."""
        counts = Counter(f for f in features(text) if f in self.vocabulary)
        cols = np.fromiter((self.vocabulary[f] for f in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(
            (1.0 + math.log(c) for c in counts.values()), dtype=np.float64, count=len(counts)
        )
        values = tf * self.idf[cols]
        norm = math.sqrt(float(values @ values))
        return cols, values / norm if norm > 0.0 else values

    def probabilities(self, text: str) -> np.ndarray:
        """The probability of each of ``classes`` (softmax of the linear scores)."""
        cols, values = self.vector(text)
        scores = self.coef[:, cols] @ values + self.intercept
        scores = scores - scores.max()
        exp = np.exp(scores)
        result: np.ndarray = exp / exp.sum()
        return result

    def guess(self, text: str) -> Guess:
        p = self.probabilities(text)
        first, second = (int(i) for i in np.argsort(-p, kind="stable")[:2])
        return Guess(self.classes[first], float(p[first]), self.classes[second], float(p[second]))


def file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@lru_cache(maxsize=1)
def shipped_model() -> GuessModel:
    """The model in ``data/error_guess.json``; its recorded sha256 must match its content."""
    data_dir = resources.files("diagnose.errors") / "data"
    raw = (data_dir / DATA_FILE).read_bytes()
    recorded = (data_dir / (DATA_FILE + ".sha256")).read_text(encoding="utf-8").split()[0]
    if file_digest(raw) != recorded:
        raise ValueError(f"{DATA_FILE}: sha256 differs from the recorded one; rebuild it")
    return GuessModel.from_dict(json.loads(raw))


def guess_cause(text: str) -> Guess | None:
    """The category the words suggest, when the model is sure enough; else None.

    ``unknown`` is a class of its own ("An unknown error occurred", "Delivery Failed"),
    so a text that says nothing is guessed as nothing (None).

    Example:
        >>> guess_cause("Destination handset memory full").cause.value
        'unreachable_handset'
        >>> guess_cause("An unknown error occurred") is None
        True
    """
    model = shipped_model()
    g = model.guess(text[:_GUESSED])
    if g.cause is Cause.UNKNOWN or g.probability < model.threshold:
        return None
    return g


# A label ends at a colon, a spaced dash or a line break ("Delivery Failed: ...",
# "Message failed - ...", "Status: Failed\n...").
_LABEL_END = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s|\n)\s*")


def after_labels(text: str) -> str:
    """``text`` without the leading labels of a generic failure or a field's name
    ("Delivery Failed: ", "Message failed - ", "Error: "); the whole text when every part is
    such a label.

    Example:
        >>> after_labels("Delivery Failed: NO_QUOTA_LEFT_ON_ACCOUNT")
        'NO_QUOTA_LEFT_ON_ACCOUNT'
        >>> after_labels("Number blocked: spam")
        'Number blocked: spam'
        >>> after_labels("Status: Failed\\nReason: handset memory full")
        'handset memory full'
        >>> after_labels("Error: too many requests")
        'too many requests'
    """
    rest = text[:_GUESSED]
    for _ in range(_MAX_LABELS):
        m = _LABEL_END.search(rest, 0, _LABEL_LENGTH)
        if m is None or m.start() == 0:
            break
        label, after = rest[: m.start()], rest[m.end() :]
        if not (_field_name(label) or _failure_label(label)) or not says_something(after):
            break
        rest = after
    return text if rest == text[:_GUESSED] else rest


# What of a paste the guess reads; how many labels, each at most how long, may lead it.
_GUESSED = 2000
_MAX_LABELS = 4
_LABEL_LENGTH = 60


# A key=value pair of a form body or a log line; its value runs to the next "&", line or pair.
_PAIR = re.compile(r"(?<![\w.\-])([A-Za-z_][\w.\-]{0,40})=([^&=\n]{1,200})(?=&|\n|$|\s+[\w.\-]+=)")
# Keys whose value is an error's reason, not an id, a number or a time.
_REASON_KEY = re.compile(r"err|reason|message|msg|desc|detail|description|cause|response", re.I)
# ...unless the key names an id, a code, a count or a time ("ErrorCode", "MessageSid").
_ID_KEY = re.compile(r"(?:id|sid|code|count|time|date)$", re.I)


def reason_values(text: str) -> list[str]:
    """The values of a paste's error fields, when it is written as key=value pairs.

    Example:
        >>> reason_values("MessageStatus=failed&ErrorMessage=Max parts exceeded&To=+1555")
        ['Max parts exceeded']
    """
    return [
        value.strip()
        for key, value in _PAIR.findall(text[:_GUESSED])
        if _REASON_KEY.search(key) and not _ID_KEY.search(key) and says_something(value)
    ][:_MAX_LABELS]


def _field_name(label: str) -> bool:
    """A field's name ("Error", "Status") or an exception class of every API's words
    ("SmsSendException", "ApiError")."""
    words = plain_words(label).split()
    return bool(words) and all(
        w in FIELD_WORDS or w in GENERIC_LABEL_WORDS or w in COMMON_WORDS for w in words
    )


def _failure_label(label: str) -> bool:
    """A label the model reads as a generic failure ("Delivery Failed", "Text Not
    Delivered")."""
    if not plain_words(label).strip():
        return False
    return not says_something(label) or shipped_model().guess(label[:200]).cause is Cause.UNKNOWN


def says_something(text: str) -> bool:
    """Whether ``text`` has a word beyond a provider's name and the words of any failure.

    "twilio" or "Message not sent" name nobody's cause: a row whose text they are (Google
    Voice's "Message not sent") would only lend the model its category, which the reader
    has already declined to read into words that common.

    Example:
        >>> says_something("Twilio"), says_something("Message not sent")
        (False, False)
        >>> says_something("Destination address blocked")
        True
    """
    return any(
        not w.isdigit() and w not in COMMON_WORDS and not is_provider_word(w)
        for w in plain_words(text).split()
    )


def with_guess(err: NormalisedError) -> NormalisedError:
    """``err`` with the words' guessed category when nothing else gave one, else ``err``.

    Only a reading with no category from any row or phrase is guessed for: status
    "unknown" (nothing fits, or a code the table does not hold), or a cause read as
    ``unknown`` from words no row of its own stands behind. A table row that says "unknown"
    (Twilio 30008), an ambiguous code whose rows disagree, and no error at all stay as they
    are. The guess has status "words": it names a category, with no code (an unlisted code
    is not the guess's), and keeps only the provider the reading already had.
    """
    if err.raw is None or err.category is not Cause.UNKNOWN or err.info is not None:
        return err
    if err.status not in ("unknown", "known") or not says_something(err.raw):
        return err
    g = guess_cause(err.raw)
    if g is None:
        # "Delivery Failed: NO_QUOTA_LEFT_ON_ACCOUNT": a label any failure carries, before the
        # reason, pulls the words toward "unknown"; the reason alone says more.
        reason = after_labels(err.raw)
        g = guess_cause(reason) if reason != err.raw else None
    if g is None and "=" in err.raw:
        # A webhook's form or a log's key=value pairs: the reason is in the error fields'
        # values ("MessageStatus=failed&ErrorMessage=Max message parts exceeded").
        values = reason_values(err.raw)
        g = guess_cause(" ".join(values)) if values else None
    if g is None or g.cause in ruled_out(plain_words(err.raw)):
        return err  # the words rule that cause out ("opt-out rate" is no recipient's opt-out)
    note = (
        f"{err.note} A guess from the words alone (no table row or known phrase fits): "
        f"{g.cause.value}, probability {g.probability:.2f} by a classifier trained on the "
        f"providers' documented error texts; next {g.second.value} ({g.second_probability:.2f})."
    )
    return replace(
        err,
        code=None,
        category=g.cause,
        also_category=(),
        retryable=None,
        who_can_act=CAUSES[g.cause].who_can_act,
        status="words",
        note=note.strip(),
        verdict=verdict_for(g.cause),
    )
