"""The top two causes of every row of a chunk at once, equal to ``rank_causes(..., limit=2)``.

With the model every row has its own probabilities, so ranking row by row (objects, dicts,
a sort per row) cost more than predicting. Here the decision table's rows, priors and rule
evidence come from ``diagnose.explain`` (``frame_of``, ``rule_basis``, ``fallback_prior``,
``rule_evidence``) once per distinct error and finding signature, and only the model's
lift, the final noisy-OR, the cut-offs and the tie-breaks are done column-wise, with the
same float operations in the same order, so every confidence is bit-identical (tests
compare against ``rank_causes`` and ``diagnose``).
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
    SUSPICION,
    TIER,
    Basis,
    fallback_prior,
    frame_of,
    rule_basis,
    rule_evidence,
    strongest,
    suspicion_allowed,
)
from diagnose.rules.base import Finding

#: Columns of the score matrices: ``Cause`` declaration order, which is ``rank_causes``'s
#: tie-break (equal scores: the earlier cause first), so ``argmax`` breaks ties the same way.
CAUSE_ORDER: tuple[Cause, ...] = tuple(Cause)
_COLUMN = {c: j for j, c in enumerate(CAUSE_ORDER)}
_UNKNOWN = _COLUMN[Cause.UNKNOWN]
_RETRYABLE = np.array([CAUSES[c].retryable for c in CAUSE_ORDER], dtype=np.bool_)
_NOT_A_CANDIDATE = -1.0  # below every real score, which lies in [0, 0.99]
_BASES = {t: b.value for b, t in TIER.items()}


@dataclass(frozen=True, slots=True)
class Ranked:
    """Per row: top cause, its confidence, the second cause and confidence, retryable
    (confidences unrounded, exactly as ``rank_causes`` gives them), and the decision
    table's row (``Basis`` value) that placed the top cause (for the summary: whether a
    cause was identified)."""

    top: list[str]
    confidence: list[float]
    second: list[str | None]
    second_confidence: list[float | None]
    retryable: list[bool]
    basis: list[str]


def _vector(values: Any) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """A ``{Cause: float}`` map as (values, present) rows over ``CAUSE_ORDER``."""
    out = np.zeros(len(CAUSE_ORDER), dtype=np.float64)
    present = np.zeros(len(CAUSE_ORDER), dtype=np.bool_)
    for cause, value in values.items():
        out[_COLUMN[cause]] = value
        present[_COLUMN[cause]] = True
    return out, present


class _Pairs:
    """Per distinct (error, findings signature): priors, compatibilities, the table's rows
    and which causes a strong model probability may lift, as matrix rows."""

    def __init__(self, findings: Sequence[Sequence[Finding]], scale: float) -> None:
        self.findings = findings
        self.scale = scale
        self.index: dict[tuple[int, int], int] = {}
        self.errors: list[NormalisedError] = []  # keeps the ids in ``index`` alive
        self.prior: list[NDArray[np.float64]] = []
        self.candidate: list[NDArray[np.bool_]] = []
        self.compat: list[NDArray[np.float64]] = []
        self.evidence: list[NDArray[np.float64]] = []
        self.tier: list[NDArray[np.int64]] = []
        self.liftable: list[NDArray[np.bool_]] = []

    def row(self, error: NormalisedError, sig: int) -> int:
        key = (id(error), sig)
        k = self.index.get(key)
        if k is not None:
            return k
        frame = frame_of(error)
        found = self.findings[sig]
        severities = strongest(found)
        priors = dict(frame.priors)
        fallback = fallback_prior(frame, severities)
        if frame.fallback is not None and fallback is not None:
            priors[frame.fallback] = fallback
        prior, has = _vector(priors)
        evidence, has_ev = _vector(rule_evidence(found, self.scale)[0])
        candidate = has | has_ev
        tier = np.empty(len(CAUSE_ORDER), dtype=np.int64)
        liftable = np.zeros(len(CAUSE_ORDER), dtype=np.bool_)
        for j, cause in enumerate(CAUSE_ORDER):
            basis = rule_basis(frame, cause, severities.get(cause))
            tier[j] = TIER[basis]
            liftable[j] = suspicion_allowed(frame, cause, basis)
        if frame.fallback is not None:
            candidate[_COLUMN[frame.fallback]] = True
        self.index[key] = k = len(self.errors)
        self.errors.append(error)
        self.prior.append(prior)
        self.candidate.append(candidate)
        self.compat.append(np.array([frame.compat[c] for c in CAUSE_ORDER], dtype=np.float64))
        self.evidence.append(evidence)
        self.tier.append(tier)
        self.liftable.append(liftable)
        return k


def _best(tier: NDArray[np.int64], score: NDArray[np.float64], ok: NDArray[np.bool_]) -> Any:
    """Per row, the column ``rank_causes`` would list first among ``ok``: the lowest tier,
    then the highest score, then the earliest cause (argmax keeps the first maximum)."""
    big = np.iinfo(np.int64).max
    t = np.where(ok, tier, big)
    best_tier = t.min(axis=1, keepdims=True)
    masked = np.where(ok & (t == best_tier), score, _NOT_A_CANDIDATE)
    return masked.argmax(axis=1), best_tier[:, 0] != big


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
        return Ranked([], [], [], [], [], [])
    scale = RULE_SCALE_WITH_MODEL if probabilities is not None else 1.0
    pairs = _Pairs(findings, scale)
    pidx = np.fromiter(
        (pairs.row(e, s) for e, s in zip(errors, signatures, strict=True)),
        dtype=np.int64,
        count=n,
    )
    compat = np.array(pairs.compat)[pidx]
    # The same operations, in the same order, as rank_causes: IEEE results are identical.
    miss = (1.0 - np.array(pairs.prior)[pidx]) * (1.0 - compat * np.array(pairs.evidence)[pidx])
    candidate = np.array(pairs.candidate)[pidx]
    tier = np.array(pairs.tier)[pidx]
    if probabilities is not None:
        miss *= 1.0 - compat * MODEL_WEIGHT * probabilities
        candidate |= probabilities > 0.0
        lift = np.array(pairs.liftable)[pidx] & (probabilities >= SUSPICION)
        tier = np.where(lift, TIER[Basis.MODEL_SUSPICION], tier)
    score = np.minimum(1.0 - miss, 0.99)
    rows = np.arange(n)
    top, has_top = _best(tier, score, candidate)
    top[~has_top] = _UNKNOWN  # nothing is a candidate: "unknown" (rank_causes does the same)
    top_score = np.where(has_top, score[rows, top], 0.0)
    rest = candidate & (score >= MIN_CONFIDENCE)
    rest[rows, top] = False
    second, has_second = _best(tier, score, rest)
    second_score = np.minimum(score[rows, second], top_score)
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
        retryable=_RETRYABLE[top].tolist(),
        basis=[
            _BASES[t] if h else Basis.UNEXPLAINED_VERDICT.value
            for t, h in zip(tier[rows, top].tolist(), has_top.tolist(), strict=True)
        ],
    )


def probability_columns(classes: Sequence[Cause]) -> NDArray[np.int64]:
    """Where each of a model's classes goes among the ``CAUSE_ORDER`` columns."""
    return np.array([_COLUMN[c] for c in classes], dtype=np.int64)
