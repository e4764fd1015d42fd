"""The top two causes of every row of a chunk at once, equal to ``rank_causes(..., limit=2)``.

With the model every row has its own probabilities, so ranking row by row (objects, dicts,
a sort per row) cost more than predicting. Here the error priors and rule evidence come from
``diagnose.explain`` (``error_priors``, ``rule_evidence``) once per distinct error and
finding signature, and only the final noisy-OR, the cut-offs and the tie-breaks are done
column-wise, with the same float operations in the same order, so every confidence is
bit-identical (tests compare against ``rank_causes`` and ``diagnose``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from diagnose.causes import CAUSES, Cause
from diagnose.errors.normalise import NormalisedError
from diagnose.explain import (
    MIN_CONFIDENCE,
    MODEL_WEIGHT,
    RULE_SCALE_WITH_MODEL,
    error_priors,
    rule_evidence,
)
from diagnose.rules.base import Finding

#: Columns of the score matrices: ``Cause`` declaration order, which is ``rank_causes``'s
#: tie-break (equal scores: the earlier cause first), so ``argmax`` breaks ties the same way.
CAUSE_ORDER: tuple[Cause, ...] = tuple(Cause)
_COLUMN = {c: j for j, c in enumerate(CAUSE_ORDER)}
_UNKNOWN = _COLUMN[Cause.UNKNOWN]
_RETRYABLE = np.array([CAUSES[c].retryable for c in CAUSE_ORDER], dtype=np.bool_)
_NOT_A_CANDIDATE = -1.0  # below every real score, which lies in [0, 0.99]


@dataclass(frozen=True, slots=True)
class Ranked:
    """Per row: top cause, its confidence, the second cause and confidence, retryable
    (confidences unrounded, exactly as ``rank_causes`` gives them)."""

    top: list[str]
    confidence: list[float]
    second: list[str | None]
    second_confidence: list[float | None]
    retryable: list[bool]


def _vector(values: Any) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """A ``{Cause: float}`` map as (values, present) rows over ``CAUSE_ORDER``."""
    out = np.zeros(len(CAUSE_ORDER), dtype=np.float64)
    present = np.zeros(len(CAUSE_ORDER), dtype=np.bool_)
    for cause, value in values.items():
        out[_COLUMN[cause]] = value
        present[_COLUMN[cause]] = True
    return out, present


class _ErrorTable:
    """Priors, compatibilities and retryability per distinct error, as matrix rows."""

    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.errors: list[NormalisedError] = []  # keeps the ids in ``index`` alive
        self.prior: list[NDArray[np.float64]] = []
        self.has_prior: list[NDArray[np.bool_]] = []
        self.compat: list[NDArray[np.float64]] = []
        self.category: list[int] = []  # column of the error's category, or -1
        self.retryable: list[int] = []  # the error's own retryable: 1, 0, or -1 for none

    def row(self, error: NormalisedError) -> int:
        k = self.index.get(id(error))
        if k is None:
            priors, compat = error_priors(error)
            prior, has = _vector(priors)
            self.index[id(error)] = k = len(self.errors)
            self.errors.append(error)
            self.prior.append(prior)
            self.has_prior.append(has)
            self.compat.append(np.array([compat[c] for c in CAUSE_ORDER], dtype=np.float64))
            self.category.append(_COLUMN[error.category] if error.category is not None else -1)
            self.retryable.append(-1 if error.retryable is None else int(error.retryable))
        return k


def rank_rows(
    errors: Sequence[NormalisedError],
    findings: Sequence[Sequence[Finding]],
    signatures: Sequence[int],
    probabilities: NDArray[np.float64] | None = None,
) -> Ranked:
    """Rank each row: its error, its findings and, with a model, its probabilities.

    ``signatures[i]`` numbers row i's findings as far as ranking goes (equal numbers: equal
    ``(rule, cause, severity)`` lists; ``findings`` is indexed by that number).
    ``probabilities`` has one row per row and one column per ``CAUSE_ORDER`` cause (zero for
    causes the model does not know, which ``rank_causes`` treats the same as absent).
    """
    n = len(errors)
    if not n:
        return Ranked([], [], [], [], [])
    scale = RULE_SCALE_WITH_MODEL if probabilities is not None else 1.0
    table = _ErrorTable()
    eidx = np.fromiter(map(table.row, errors), dtype=np.int64, count=n)
    ev_rows = [_vector(rule_evidence(f, scale)[0]) for f in findings]
    width = len(CAUSE_ORDER)
    ev = np.array([v for v, _ in ev_rows]).reshape(-1, width)
    has_ev = np.array([h for _, h in ev_rows], dtype=np.bool_).reshape(-1, width)
    sidx = np.asarray(signatures, dtype=np.int64)
    compat = np.array(table.compat)[eidx]
    # The same operations, in the same order, as rank_causes: IEEE results are identical.
    miss = (1.0 - np.array(table.prior)[eidx]) * (1.0 - compat * ev[sidx])
    candidate = np.array(table.has_prior)[eidx] | has_ev[sidx]
    if probabilities is not None:
        miss *= 1.0 - compat * MODEL_WEIGHT * probabilities
        candidate |= probabilities > 0.0
    score = np.minimum(1.0 - miss, 0.99)
    score[~candidate] = _NOT_A_CANDIDATE
    rows = np.arange(n)
    top = score.argmax(axis=1)
    top_score = score[rows, top]
    score[rows, top] = _NOT_A_CANDIDATE
    second = score.argmax(axis=1)
    second_score = score[rows, second]
    nothing = top_score < MIN_CONFIDENCE  # nothing points anywhere: "unknown"
    top[nothing] = _UNKNOWN
    top_score[nothing] = 0.0
    has_second = ~nothing & (second_score >= MIN_CONFIDENCE)
    # retryable: the cause's own, unless it is the error's category and the error says.
    own = np.array(table.retryable, dtype=np.int64)[eidx]
    same = (np.array(table.category, dtype=np.int64)[eidx] == top) & (own >= 0)
    retry = np.where(same, own == 1, _RETRYABLE[top])
    names = [c.value for c in CAUSE_ORDER]
    return Ranked(
        top=[names[k] for k in top.tolist()],
        confidence=top_score.tolist(),
        second=[
            names[k] if h else None
            for k, h in zip(second.tolist(), has_second.tolist(), strict=True)
        ],
        second_confidence=[
            x if h else None
            for x, h in zip(second_score.tolist(), has_second.tolist(), strict=True)
        ],
        retryable=retry.tolist(),
    )


def probability_columns(classes: Sequence[Cause]) -> NDArray[np.int64]:
    """Where each of a model's classes goes among the ``CAUSE_ORDER`` columns."""
    return np.array([_COLUMN[c] for c in classes], dtype=np.int64)
