"""Metrics, the ablation and the hand-written evaluation set."""

from __future__ import annotations

import numpy as np
import pytest

import diagnose.explain as explain
from diagnose.causes import Cause
from diagnose.learn.evaluate import (
    ablation,
    brier_score,
    cause_metrics,
    content_metrics,
    content_risk_report,
    expected_calibration_error,
    load_realistic_cases,
    model_weight,
    prepared,
    reliability_curve,
    threshold_at_fpr,
)
from diagnose.message import FailedMessage


def test_perfect_confident_predictions_are_calibrated() -> None:
    proba = np.eye(3)[[0, 1, 2, 1]]
    y = np.array([0, 1, 2, 1])
    assert expected_calibration_error(proba, y) == pytest.approx(0.0)
    assert brier_score(proba, y) == pytest.approx(0.0)


def test_overconfident_predictions_have_ece() -> None:
    proba = np.array([[0.9, 0.1]] * 10)
    y = np.array([0] * 5 + [1] * 5)
    assert expected_calibration_error(proba, y) == pytest.approx(0.4)
    assert brier_score(proba, y) == pytest.approx((0.01 + 0.01) * 0.5 + (0.81 + 0.81) * 0.5)
    curve = reliability_curve(proba, y)
    assert curve == [{"confidence": pytest.approx(0.9), "accuracy": 0.5, "count": 10}]


def test_threshold_keeps_fpr_under_limit() -> None:
    rng = np.random.default_rng(0)
    scores = np.concatenate([rng.random(1000) * 0.8, 0.5 + rng.random(100) * 0.5])
    y = np.array([0] * 1000 + [1] * 100)
    t = threshold_at_fpr(scores, y, 0.01)
    assert (scores[y == 0] >= t).mean() <= 0.01
    m = content_metrics(scores, y, t)
    assert m["fpr_at_train_threshold"] <= 0.01
    assert 0.5 < m["roc_auc"] <= 1.0
    assert m["recall_at_fpr_1pct_curve"] >= m["recall_at_train_threshold"] - 1e-9


def test_cause_metrics() -> None:
    m = cause_metrics(["a", "a", "b", "c"], ["a", "b", "b", "c"])
    assert m["accuracy"] == 0.75
    assert m["per_cause"]["a"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
        "support": 2,
    }
    assert m["confusion"] == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert m["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


def test_ablation_arms() -> None:
    msgs = [FailedMessage(body="Hi", error="21610"), FailedMessage(body="Hi", error="30003")]
    y = [Cause.OPTED_OUT_RECIPIENT.value, Cause.UNREACHABLE_HANDSET.value]
    findings, errors = prepared(msgs)
    classes = list(Cause)
    proba = np.zeros((2, len(classes)))
    proba[0, classes.index(Cause.OPTED_OUT_RECIPIENT)] = 1.0
    proba[1, classes.index(Cause.UNKNOWN)] = 1.0
    arms = ablation(y, findings, errors, proba, classes)
    assert set(arms) == {"rules_only", "model_only", "rules_plus_model"}
    assert arms["rules_only"]["accuracy"] == 1.0
    assert arms["model_only"]["accuracy"] == 0.5


def test_model_weight_is_restored() -> None:
    before = explain.MODEL_WEIGHT
    with model_weight(0.123):
        assert explain.MODEL_WEIGHT == 0.123
    assert before == explain.MODEL_WEIGHT


def test_realistic_cases_cover_every_cause() -> None:
    messages, labels, ids = load_realistic_cases()
    assert len(messages) >= 60
    assert len(set(ids)) == len(ids)
    assert {Cause(c) for c in labels} == set(Cause)


def test_content_risk_report_headlines_the_rows_without_near_duplicates() -> None:
    training = ["WIN a 500 pound prize! Call 0906111222 now", "see you at the station at 5"]
    texts = [
        "win a 20 pound prize, call 0906999888 now",  # same letters as a training text
        "WIN a 500 pound prize! Call 0906111222 now x",  # one letter more: cosine >= 0.9
        "your bank account is locked, verify at secure-bank.example/login",
        "lunch tomorrow? the usual place",
        "running late, sorry",
        "URGENT your parcel is held, pay the fee at parcel-fee.example",
    ]
    y = np.array([1, 1, 1, 0, 0, 1])
    scores = np.array([0.99, 0.98, 0.7, 0.1, 0.2, 0.6])
    report = content_risk_report(scores, y, texts, training, 0.5, ids=list("abcdef"))
    assert report["headline"] == "deduplicated"
    assert report["full"]["n"] == 6 and report["full"]["left_out"] == 0
    dedup = report["deduplicated"]
    assert dedup["n"] == 4 and dedup["left_out_ids"] == ["a", "b"]
    assert dedup["positives"] == 2 and dedup["left_out_positives"] == 2
    assert report["strict"]["n"] <= dedup["n"]
    assert report["near_duplicates"]["same_letters"] == 1
    assert dedup["meets_targets"] == {"roc_auc": True, "recall_at_fpr_1pct": True}
