"""What the model reads about a failed message, and its token columns.

``ModelInput`` is the model's view of one message: the body, the normalised error's tokens,
the context flags and the ids of the rules that fired. The token columns (error, context,
rules) are built here by ``token_rows``, which the scikit-learn transformer
(``diagnose.learn.features.TokenFeatures``) and the inference bundle
(``diagnose.learn.bundle``) both call: one definition, so the two cannot drift. Nothing here
imports scikit-learn or scipy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain, repeat
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from diagnose.errors.normalise import NormalisedError, generic_filter
from diagnose.message import FailedMessage, HistoryEntry
from diagnose.rules.base import Finding
from diagnose.text.keywords import OptOutKind, opt_out_state


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
    m = message
    ctx = context_tokens_of(
        m.first_message,
        m.recipient_opted_out,
        m.recipient_initiated,
        m.origin,
        m.consent,
        m.sender_type,
        m.history_before_send,  # a STOP that came after the send did not block it
    ) + to_tokens(m.to)
    # An unknown body reads as no text at all: the error and the context still count.
    return ModelInput(message.body or "", error_tokens_of(error), ctx, rule_ids(findings))


def body_only_input(text: str) -> ModelInput:
    """A corpus text as model input: no error, no context, no rule hits (content head only)."""
    return ModelInput(text, (), (), ())


def error_tokens_of(error: NormalisedError) -> tuple[str, ...]:
    """The error's tokens: its category, its status, and whether it is a generic filter."""
    err = [
        f"category={error.category.value if error.category else 'none'}",
        f"status={error.status}",
    ]
    if generic_filter(error):
        err.append("generic_filter")
    return tuple(err)


def context_tokens_of(
    first_message: bool | None,
    recipient_opted_out: bool | None,
    recipient_initiated: bool | None,
    origin: StrEnum | None,
    consent: StrEnum | None,
    sender_type: StrEnum | None,
    history: Sequence[HistoryEntry],
) -> tuple[str, ...]:
    """The context flags a message's fields give, ``to`` aside (see ``to_tokens``).

    Separate from ``model_input`` so batch triage computes them once per distinct
    combination of these fields rather than once per row.
    """
    ctx = []
    for name, flag in (
        ("first_message", first_message),
        ("recipient_opted_out", recipient_opted_out),
        ("recipient_initiated", recipient_initiated),
    ):
        if flag is not None:
            ctx.append(f"{name}={'true' if flag else 'false'}")
    for name, value in (("origin", origin), ("consent", consent), ("sender_type", sender_type)):
        if value is not None:
            ctx.append(f"{name}={value.value}")
    if history:
        ctx.append("has_history")
        # The rules' reading (OPT003): the latest opt-out, unless START or YES undid it.
        state = opt_out_state(tuple(history))
        if state is not None:
            keyword = state.kind is OptOutKind.KEYWORD
            ctx.append("history_stop_keyword" if keyword else "history_informal_opt_out")
    return tuple(ctx)


_ODD_TO = ("to_odd_length",)


def to_tokens(to: str | None) -> tuple[str, ...]:
    """``to_odd_length`` when the recipient number has fewer than 10 or more than 15 digits."""
    if to is not None:
        if to.isascii():  # the usual case: count the ten digits in C
            digits = sum(map(to.count, _ASCII_DIGITS))
        else:  # other scripts' digits count too (str.isdigit)
            digits = sum(ch.isdigit() for ch in to)
        if digits < 10 or digits > 15:
            return _ODD_TO
    return ()


_ASCII_DIGITS = "0123456789"


def rule_ids(findings: Iterable[Finding]) -> tuple[str, ...]:
    """The ids of the rules that fired, sorted, each once."""
    return tuple(sorted({f.rule for f in findings}))


def body_text(doc: ModelInput) -> str:
    """The vectorisers' preprocessor: the body, lower-cased, digit runs folded to '0'."""
    return _DIGITS.sub("0", doc.body.lower())


_DIGITS = re.compile(r"\d+")


def error_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.error_tokens


def context_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.context


def rule_tokens(doc: ModelInput) -> tuple[str, ...]:
    return doc.rules


#: The token extractors by name: a fitted ``TokenFeatures`` holds one (pickled by
#: reference), and the bundle names it.
EXTRACTORS: dict[str, Callable[[ModelInput], tuple[str, ...]]] = {
    f.__name__: f for f in (error_tokens, context_tokens, rule_tokens)
}


class Rows(NamedTuple):
    """Sparse rows in CSR layout (what ``scipy.sparse.csr_matrix`` takes), without scipy."""

    data: NDArray[np.float64]
    indices: NDArray[np.integer[Any]]
    indptr: NDArray[np.int64]
    n_cols: int


def token_rows(
    vocabulary: Mapping[str, int],
    extract: Callable[[ModelInput], tuple[str, ...]],
    X: Sequence[ModelInput],
) -> Rows:
    """One column per known token; each row's entries sorted by column, repeats summed.

    That is the canonical CSR form scipy gave the COO matrix this used to build, so the
    entries (and the order a product adds them in) are the same. Unknown tokens (a rule
    added after training) are ignored.
    """
    found = list(map(extract, X))
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    flat = list(chain.from_iterable(found))
    cols = np.fromiter(map(vocabulary.get, flat, repeat(-1)), np.int64, len(flat))
    rows = np.repeat(np.arange(len(found), dtype=np.int64), lengths)
    keep = cols >= 0
    rows, cols = rows[keep], cols[keep]
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    starts = np.flatnonzero(first)
    data = np.diff(np.append(starts, len(rows))).astype(np.float64)  # 1.0 per occurrence
    indptr = np.zeros(len(found) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[starts], minlength=len(found)), out=indptr[1:])
    return Rows(data, cols[starts], indptr, len(vocabulary))
