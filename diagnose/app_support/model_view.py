"""Shape the model manifest (see ``diagnose.learn.training``) into frames for the Model page.

Every reader tolerates a missing or differently shaped block (returns None), so an older
or newer manifest degrades to "not recorded" instead of breaking the page. Each evaluation
set is shown apart with its provenance (``metrics.evaluation_sets``); content risk leads
with the test rows that are not near-duplicates of a training text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

#: Evaluation sets with a top-cause ablation, in the order the page lists them.
CAUSE_SETS = (
    "generated_test",
    "hand_written_first",
    "hand_written_independent",
    "generated_valid",
)
ARMS = ("rules_only", "model_only", "rules_plus_model")
#: content_risk's test-row sets, headline first.
CONTENT_SETS = {
    "deduplicated": "without near-duplicates of training texts (headline)",
    "full": "every test row",
    "strict": "also without cosine >= the strict threshold",
}


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def cause_sets(manifest: Mapping[str, Any]) -> list[str]:
    """The evaluation sets the manifest scores top causes on (each has an ablation)."""
    return [k for k in CAUSE_SETS if isinstance(_get(manifest, "metrics", k, "arms"), Mapping)]


def evaluation(
    manifest: Mapping[str, Any], name: str | None = None
) -> tuple[str, Mapping[str, Any]] | None:
    """``(name, block)`` of the named top-cause set, else of the first one recorded."""
    names = cause_sets(manifest)
    if name in names:
        names = [name]
    for key in names:
        block = _get(manifest, "metrics", key)
        if isinstance(block, Mapping):
            return key, block
    return None


def provenance(manifest: Mapping[str, Any], name: str) -> str | None:
    """Where an evaluation set came from, as the manifest records it."""
    value = _get(manifest, "metrics", "evaluation_sets", name, "provenance")
    return str(value) if value is not None else None


def content_risk_frame(manifest: Mapping[str, Any]) -> pd.DataFrame | None:
    """content_risk on each set of test rows: the deduplicated headline, all rows, strict."""
    risk = _get(manifest, "metrics", "content_risk")
    if not isinstance(risk, Mapping):
        return None
    strict = _get(risk, "near_duplicates", "strict_threshold")
    rows = []
    for key, label in CONTENT_SETS.items():
        if key == "strict" and strict is not None:
            label = f"also without cosine >= {strict}"
        m = risk.get(key)
        if not isinstance(m, Mapping):
            continue
        met = m.get("meets_targets", {})
        rows.append(
            {
                "test rows": label,
                "n": m.get("n"),
                "spam/smishing": m.get("positives"),
                "near-duplicates left out": m.get("left_out"),
                "ROC-AUC": m.get("roc_auc"),
                "recall at FPR ≤ 1%": m.get("recall_at_fpr_1pct_curve"),
                "targets met": "yes" if met and all(met.values()) else "no",
                "recall at train threshold": m.get("recall_at_train_threshold"),
                "ham FPR at train threshold": m.get("fpr_at_train_threshold"),
            }
        )
    return pd.DataFrame(rows) if rows else None


def content_risk_headline(manifest: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value, target) of the deduplicated headline, for ``st.metric`` cards."""
    risk = _get(manifest, "metrics", "content_risk")
    head = _get(risk, "deduplicated")
    if not isinstance(head, Mapping):
        return []
    targets = _get(risk, "targets") or {}
    met = head.get("meets_targets", {})
    out = []
    for label, key, target in (
        ("content_risk ROC-AUC", "roc_auc", "roc_auc"),
        ("content_risk recall at FPR ≤ 1%", "recall_at_fpr_1pct_curve", "recall_at_fpr_1pct"),
    ):
        if key in head:
            verdict = "met" if met.get(target) else "not met"
            out.append((label, f"{head[key]:.4f}", f"target {targets.get(target)}: {verdict}"))
    return out


def evaluation_sets_frame(manifest: Mapping[str, Any]) -> pd.DataFrame | None:
    """One row per top-cause evaluation set, apart: provenance, size and each arm's score.

    Ablated sets give macro-F1; the outside cases give the share whose top cause is the
    expected or an acceptable one.
    """
    metrics = _get(manifest, "metrics")
    if not isinstance(metrics, Mapping):
        return None
    rows = []
    for name in [*cause_sets(manifest), "outside_cases"]:
        block = metrics.get(name)
        if not isinstance(block, Mapping):
            continue
        row: dict[str, Any] = {"set": name, "provenance": provenance(manifest, name) or "—"}
        if name == "outside_cases":
            row["n"] = block.get("n")
            row["score"] = "top-1 or acceptable"
            for arm in ARMS:
                row[arm.replace("_", " ")] = _get(block, arm, "top1_or_acceptable")
        else:
            row["n"] = _get(block, "arms", "rules_only", "n")
            row["score"] = "macro-F1"
            for arm in ARMS:
                row[arm.replace("_", " ")] = _get(block, "arms", arm, "macro_f1")
        rows.append(row)
    return pd.DataFrame(rows) if rows else None


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
