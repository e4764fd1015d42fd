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
from typing import Any, NamedTuple

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
    Frame,
    fallback_prior,
    frame_of,
    rule_basis,
    rule_evidence,
    strongest,
    suspicion_allowed,
)
from diagnose.rules.base import Finding, Severity

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


class _ErrorRows(NamedTuple):
    """The parts of a pair's rows that depend on the error alone: its frame, the priors and
    compatibilities, and each cause's tier and liftability when no finding backs it."""

    error: NormalisedError  # keeps the id the rows are filed under alive
    frame: Frame
    prior: NDArray[np.float64]
    has_prior: NDArray[np.bool_]
    compat: NDArray[np.float64]
    tier: NDArray[np.int64]
    liftable: NDArray[np.bool_]


class _SigRows(NamedTuple):
    """The parts that depend on the findings alone: the strongest severity per cause and
    the rule evidence."""

    severities: dict[Cause, Severity]
    evidence: NDArray[np.float64]
    has_evidence: NDArray[np.bool_]


class _Pairs:
    """Per distinct (error, findings signature): priors, compatibilities, the table's rows
    and which causes a strong model probability may lift, as matrix rows.

    A chunk holds thousands of pairs but a few dozen errors and a few hundred signatures:
    what depends on one side alone is worked out once per error or signature (the decision
    table's row of every cause no finding backs, above all), and a pair only patches in the
    causes its findings back, with the same functions on the same values.
    """

    def __init__(self, findings: Sequence[Sequence[Finding]], scale: float) -> None:
        self.findings = findings
        self.scale = scale
        self.index: dict[tuple[int, int], int] = {}
        self.prior: list[NDArray[np.float64]] = []
        self.candidate: list[NDArray[np.bool_]] = []
        self.compat: list[NDArray[np.float64]] = []
        self.evidence: list[NDArray[np.float64]] = []
        self.tier: list[NDArray[np.int64]] = []
        self.liftable: list[NDArray[np.bool_]] = []
        self._errors: dict[int, _ErrorRows] = {}
        self._sigs: dict[int, _SigRows] = {}

    def _error_rows(self, error: NormalisedError) -> _ErrorRows:
        rows = self._errors.get(id(error))
        if rows is None:
            frame = frame_of(error)
            prior, has = _vector(frame.priors)
            tier = np.empty(len(CAUSE_ORDER), dtype=np.int64)
            liftable = np.zeros(len(CAUSE_ORDER), dtype=np.bool_)
            for j, cause in enumerate(CAUSE_ORDER):
                basis = rule_basis(frame, cause, None)
                tier[j] = TIER[basis]
                liftable[j] = suspicion_allowed(frame, cause, basis)
            compat = np.array([frame.compat[c] for c in CAUSE_ORDER], dtype=np.float64)
            rows = _ErrorRows(error, frame, prior, has, compat, tier, liftable)
            self._errors[id(error)] = rows
        return rows

    def _sig_rows(self, sig: int) -> _SigRows:
        rows = self._sigs.get(sig)
        if rows is None:
            found = self.findings[sig]
            evidence, has_ev = _vector(rule_evidence(found, self.scale)[0])
            rows = self._sigs[sig] = _SigRows(strongest(found), evidence, has_ev)
        return rows

    def row(self, error: NormalisedError, sig: int) -> int:
        key = (id(error), sig)
        k = self.index.get(key)
        if k is not None:
            return k
        base = self._error_rows(error)
        frame = base.frame
        severities, evidence, has_ev = self._sig_rows(sig)
        prior = base.prior
        candidate = base.has_prior | has_ev
        fallback = fallback_prior(frame, severities)
        if frame.fallback is not None:
            j = _COLUMN[frame.fallback]
            candidate[j] = True
            if fallback is not None:
                prior = prior.copy()
                prior[j] = fallback
        tier, liftable = base.tier, base.liftable
        if severities:
            tier, liftable = tier.copy(), liftable.copy()
            for cause, severity in severities.items():
                j = _COLUMN[cause]
                basis = rule_basis(frame, cause, severity)
                tier[j] = TIER[basis]
                liftable[j] = suspicion_allowed(frame, cause, basis)
        self.index[key] = k = len(self.prior)
        self.prior.append(prior)
        self.candidate.append(candidate)
        self.compat.append(base.compat)
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
    # Each distinct (error, signature) once; then one C-level look-up per row.
    keys = list(zip(map(id, errors), signatures, strict=True))
    firsts = dict(zip(keys, range(n), strict=True))  # a key's last row: any will do
    slots = {key: pairs.row(errors[i], key[1]) for key, i in firsts.items()}
    pidx = np.fromiter(map(slots.__getitem__, keys), dtype=np.int64, count=n)
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
