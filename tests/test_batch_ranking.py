"""Column-wise ranking equals ``rank_causes`` exactly, ties and cut-offs included."""

from __future__ import annotations

import random

import numpy as np
import pytest

from diagnose.batch.ranking import CAUSE_ORDER, rank_rows
from diagnose.causes import Cause
from diagnose.errors.normalise import normalise_error
from diagnose.explain import rank_causes
from diagnose.rules.base import Finding, Severity
from diagnose.rules.registry import RULES

ERRORS = [None, "30007", "21610", "30034", "4770", "40002", "Delivery Failed", "30008", "9999x"]


def _finding(rng: random.Random) -> Finding:
    rule = rng.choice(RULES)
    severity = rng.choice(list(Severity))
    return Finding(rule.id, rule.name, rule.cause, severity, "", (), "")


def _probabilities(rng: random.Random, classes: list[Cause]) -> dict[Cause, float]:
    kind = rng.random()
    if kind < 0.2:  # exact ties and zeros
        return {c: rng.choice([0.0, 0.25, 0.5]) for c in classes}
    if kind < 0.3:  # one cause certain: scores clip at 0.99
        top = rng.choice(classes)
        return {c: 1.0 if c is top else 0.0 for c in classes}
    raw = [rng.random() ** 3 for _ in classes]
    total = sum(raw)
    return {c: p / total for c, p in zip(classes, raw, strict=True)}


@pytest.mark.parametrize("with_model", [False, True])
def test_rank_rows_equals_rank_causes(with_model: bool) -> None:
    rng = random.Random(11)
    classes = [c for c in CAUSE_ORDER if c is not Cause.UNKNOWN]
    errors = [normalise_error(e) for e in ERRORS]
    sig_findings = [[_finding(rng) for _ in range(rng.randrange(4))] for _ in range(40)]
    n = 3000
    row_errors = [rng.choice(errors) for _ in range(n)]
    row_sig = [rng.randrange(len(sig_findings)) for _ in range(n)]
    probs = [_probabilities(rng, classes) for _ in range(n)] if with_model else None
    matrix = None
    if probs is not None:
        column = {c: j for j, c in enumerate(CAUSE_ORDER)}
        matrix = np.zeros((n, len(CAUSE_ORDER)))
        for i, p in enumerate(probs):
            for c, v in p.items():
                matrix[i, column[c]] = v
    got = rank_rows(row_errors, sig_findings, row_sig, matrix)
    for i in range(n):
        ranked = rank_causes(
            row_errors[i], sig_findings[row_sig[i]], probs[i] if probs else None, limit=2
        )
        second = ranked[1] if len(ranked) > 1 else None
        expected = (
            ranked[0].cause.value,
            ranked[0].confidence,
            second.cause.value if second else None,
            second.confidence if second else None,
            ranked[0].retryable,
            ranked[0].basis,
        )
        row = (
            got.top[i],
            got.confidence[i],
            got.second[i],
            got.second_confidence[i],
            got.retryable[i],
            got.basis[i],
        )
        assert row == expected, i


def test_rank_rows_of_nothing() -> None:
    assert rank_rows([], [], []).top == []
