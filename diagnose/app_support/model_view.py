"""Shape the model manifest (see ``diagnose.learn.training``) into frames for the Model page.

Every reader tolerates a missing or differently shaped block (returns None), so an older
or newer manifest degrades to "not recorded" instead of breaking the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

#: Which evaluation the page headlines, best first (held-out generated test set).
_TEST_KEYS = ("generated_test", "realistic", "generated_valid")
ARMS = ("rules_only", "model_only", "rules_plus_model")


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def evaluation(manifest: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    """``(name, block)`` of the first evaluation the manifest records."""
    for key in _TEST_KEYS:
        block = _get(manifest, "metrics", key)
        if isinstance(block, Mapping):
            return key, block
    return None


def arms_frame(block: Mapping[str, Any]) -> pd.DataFrame | None:
    """Accuracy and macro-F1 of rules only, model only and both (the ablation)."""
    arms = _get(block, "arms")
    if not isinstance(arms, Mapping):
        return None
    rows = [
        {
            "arm": a.replace("_", " "),
            "accuracy": arms[a].get("accuracy"),
            "macro F1": arms[a].get("macro_f1"),
            "n": arms[a].get("n"),
        }
        for a in ARMS
        if isinstance(arms.get(a), Mapping)
    ]
    return pd.DataFrame(rows) if rows else None


def best_arm(block: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The metrics of what the app actually runs: rules + model, else the model alone."""
    for path in (("arms", "rules_plus_model"), ("model",), ("arms", "model_only")):
        m = _get(block, *path)
        if isinstance(m, Mapping) and "confusion" in m:
            return m
    return None


def per_cause_frame(metrics: Mapping[str, Any]) -> pd.DataFrame | None:
    per = metrics.get("per_cause")
    if not isinstance(per, Mapping):
        return None
    return pd.DataFrame(
        [{"cause": c, **{k: v for k, v in m.items()}} for c, m in per.items()]
    ).sort_values("support", ascending=False)


def confusion_long(metrics: Mapping[str, Any]) -> pd.DataFrame | None:
    """The confusion matrix as (true, predicted, count, share of the true row) rows."""
    labels, matrix = metrics.get("labels"), metrics.get("confusion")
    if not isinstance(labels, list) or not isinstance(matrix, list):
        return None
    rows = []
    for i, t in enumerate(labels):
        total = sum(matrix[i]) or 1
        for j, p in enumerate(labels):
            rows.append(
                {"true": t, "predicted": p, "count": matrix[i][j], "share": matrix[i][j] / total}
            )
    return pd.DataFrame(rows)


def reliability_frame(block: Mapping[str, Any]) -> pd.DataFrame | None:
    points = _get(block, "calibration", "reliability")
    if not isinstance(points, list) or not points:
        return None
    return pd.DataFrame(points)


def headline(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A few facts for the top of the page, as label/value strings."""
    out = []
    for label, path in (
        ("Version", ("version",)),
        ("Family", ("family",)),
        ("Seed", ("seed",)),
        ("Trained", ("trained_at",)),
        ("Train time (s)", ("train_seconds",)),
    ):
        value = _get(manifest, *path)
        if value is not None:
            out.append((label, str(value)))
    return out
