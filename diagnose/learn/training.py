"""``sms-diagnose train``: build the training table, compare model families, fit, evaluate, save.

Reproducible: the same seed gives the same table, the same model and the same metrics.
Model selection (family, content threshold, the MODEL_WEIGHT suggestion) only ever looks at
training or validation rows; test rows and the hand-written cases are scored once, at the end.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from diagnose.causes import Cause
from diagnose.errors.normalise import NormalisedError
from diagnose.learn.corpus import corpus_info, load_corpora, split_info
from diagnose.learn.evaluate import (
    EVALUATION_SETS,
    MAX_FPR,
    PUBLISHED_BASELINES,
    REALISTIC_CASES,
    ablation,
    brier_score,
    cause_metrics,
    content_risk_report,
    expected_calibration_error,
    hand_written_sets,
    prepared,
    reliability_curve,
    summary,
    threshold_at_fpr,
    tune_model_weight,
)
from diagnose.learn.features import (
    ModelInput,
    cause_features,
    content_features,
    merge_repeats,
    model_input,
)
from diagnose.learn.generator import (
    DEFAULT_SEED,
    GENERATOR_VERSION,
    data_card,
    generate,
    to_messages,
)
from diagnose.learn.inputs import body_only_input
from diagnose.learn.manifest import MANIFEST_FILE, MODEL_DIR, read_manifest
from diagnose.learn.model import (
    BODY_GROUPS,
    FAMILIES,
    CauseModel,
    content_classifier,
    fit_model,
    load_model,
    make_classifier,
    save_model,
)
from diagnose.learn.near_duplicates import groups as near_duplicate_groups
from diagnose.learn.outside import OUTSIDE_CASES, evaluate_cases, load_cases, outside_summary
from diagnose.learn.report import DATA_CARD_FILE, data_card_markdown
from diagnose.rules.base import Finding

DEFAULT_ROWS = 9000
#: Causes whose body reads as filterable content (the generated part of content_risk's target).
RISKY_CAUSES = frozenset({Cause.PROHIBITED_CONTENT.value, Cause.SPAM_LIKE_CONTENT.value})


def fingerprint(gen: pd.DataFrame, corpus: pd.DataFrame) -> str:
    """sha256 of exactly what was fitted on: generated train rows and corpus train ids."""
    h = hashlib.sha256()
    for row in gen[gen["split"] == "train"].itertuples():
        h.update(f"{row.message}\t{row.cause}\n".encode())
    for row in corpus[corpus["split"] == "train"].itertuples():
        h.update(f"{row.id}\t{row.label}\n".encode())
    return h.hexdigest()


def compare_families(
    inputs: list[ModelInput], labels: np.ndarray, seed: int, folds: int = 3
) -> dict[str, dict[str, float]]:
    """Cross-validated macro-F1, ECE and Brier per model family, on training rows only."""
    classes = sorted(set(labels))
    y_idx = np.array([classes.index(c) for c in labels])
    oof = {f: np.zeros((len(labels), len(classes))) for f in FAMILIES}
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for tr, te in cv.split(np.zeros(len(labels)), labels):
        feats = cause_features()
        Xtr = merge_repeats(feats.fit_transform([inputs[i] for i in tr]))
        Xte = feats.transform([inputs[i] for i in te])
        for family in FAMILIES:
            clf = make_classifier(family, seed).fit(Xtr, labels[tr])
            oof[family][te] = clf.predict_proba(Xte)
    out = {}
    for family, proba in oof.items():
        pred = [classes[i] for i in proba.argmax(axis=1)]
        out[family] = {
            "macro_f1": round(cause_metrics(list(labels), pred)["macro_f1"], 4),
            "ece": round(expected_calibration_error(proba, y_idx), 4),
            "brier": round(brier_score(proba, y_idx), 4),
        }
    return out


def pick_family(comparison: dict[str, dict[str, float]]) -> str:
    """Best macro-F1 less calibration error (a point of ECE costs a point of F1)."""
    return max(comparison, key=lambda f: comparison[f]["macro_f1"] - comparison[f]["ece"])


def content_threshold(texts: list[str], risky: np.ndarray, seed: int, folds: int = 3) -> float:
    """Score threshold at <= 1% ham FPR, from out-of-fold scores on corpus *train* rows.

    Folds keep each near-duplicate group whole (``near_duplicates.groups``), so a text is
    never scored by a fold that fitted its template: that would make ham look safer than it
    is and set the threshold too low.
    """
    scores = np.zeros(len(texts))
    cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    inputs = [body_only_input(t) for t in texts]
    groups = near_duplicate_groups(texts)
    for tr, te in cv.split(np.zeros(len(texts)), risky, groups):
        feats = content_features()
        Xtr = merge_repeats(feats.fit_transform([inputs[i] for i in tr]))
        clf = content_classifier(seed).fit(Xtr, risky[tr])
        scores[te] = clf.predict_proba(feats.transform([inputs[i] for i in te]))[:, 1]
    return threshold_at_fpr(scores, risky, MAX_FPR)


def train(
    *,
    seed: int = DEFAULT_SEED,
    rows: int = DEFAULT_ROWS,
    data_dir: Path | str | None = None,
    out_dir: Path | None = MODEL_DIR,
    compare: bool = True,
    realistic: Path | None = REALISTIC_CASES,
    log: Any = None,
    feedback: pd.DataFrame | None = None,
) -> tuple[CauseModel, dict[str, Any]]:
    """Fit and evaluate the model; write it and its manifest to ``out_dir`` unless None.

    ``feedback`` holds engineers' confirmed cases in ``generate``'s columns (see
    ``diagnose.feedback.training_frame``): they are added as training rows only, whatever
    their ``split`` said, so no validation or test metric ever scores them.
    """
    started = time.perf_counter()

    def say(text: str) -> None:
        if log is not None:
            log(f"[{time.perf_counter() - started:6.1f}s] {text}")

    corpus = load_corpora(data_dir)
    gen = generate(rows, seed=seed, corpus=corpus)
    n_feedback = 0 if feedback is None else len(feedback)
    if feedback is not None and n_feedback:
        gen = pd.concat([gen, feedback.assign(split="train")[gen.columns]], ignore_index=True)
    messages = to_messages(gen)
    findings, errors = prepared(messages)
    inputs = [model_input(m, f, e) for m, f, e in zip(messages, findings, errors, strict=True)]
    labels = gen["cause"].to_numpy()
    split = gen["split"].to_numpy()
    say(f"generated {len(gen) - n_feedback} rows (+{n_feedback} feedback), rules and errors done")

    tr = np.flatnonzero(split == "train")
    ctr = corpus[corpus["split"] == "train"]
    comparison = compare_families([inputs[i] for i in tr], labels[tr], seed) if compare else {}
    family = pick_family(comparison) if comparison else "logreg"
    say(f"compared families {comparison}; picked {family}")
    threshold = content_threshold(ctr["text"].tolist(), ctr["risky"].to_numpy(), seed)
    say(f"content threshold at <=1% train FPR: {threshold:.4f}")

    model = fit_model(
        [inputs[i] for i in tr],
        labels[tr].tolist(),
        [int(labels[i] in RISKY_CAUSES) for i in tr],
        ctr["text"].tolist(),
        ctr["risky"].tolist(),
        family=family,
        seed=seed,
        version=f"cause-model-{GENERATOR_VERSION}.{seed}",
        content_threshold=threshold,
    )
    say("fitted")

    metrics = evaluate_model(model, gen, corpus, findings, errors, inputs, realistic)
    say("evaluated")

    manifest: dict[str, Any] = {
        "version": model.version,
        "seed": seed,
        "rows": rows,
        "generator_version": GENERATOR_VERSION,
        "training_rows": {
            "generated_train": len(tr) - n_feedback,
            "corpus_train": len(ctr),
            "feedback_train": n_feedback,
        },
        "training_data_fingerprint": fingerprint(gen, corpus),
        "family": family,
        "family_comparison_cv3_train": comparison,
        "content_threshold": threshold,
        "features": _feature_summary(model),
        "data_card": {
            **data_card(gen),
            "corpora": corpus_info(corpus),
            "corpus_split": split_info(corpus),
        },
        "metrics": metrics,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    if out_dir is not None:
        save_model(model, manifest, out_dir)
        manifest = read_manifest(out_dir)  # now with the artifact's sha256, size, versions
        write_data_card(manifest, out_dir)
        say(f"saved to {out_dir}")
    return model, manifest


def evaluate_model(
    model: CauseModel,
    gen: pd.DataFrame,
    corpus: pd.DataFrame,
    findings: list[list[Finding]],
    errors: list[NormalisedError],
    inputs: list[ModelInput],
    realistic: Path | None = REALISTIC_CASES,
    outside: Path | None = OUTSIDE_CASES,
) -> dict[str, Any]:
    """Every held-out metric, one block per evaluation set (``EVALUATION_SETS``, with its
    provenance under ``evaluation_sets``): content risk on corpus test rows without and with
    near-duplicates of training texts; causes and the ablation on the generated valid/test
    splits, each hand-written set and the frozen outside cases; calibration; and the
    MODEL_WEIGHT suggestion (validation split only)."""
    labels = gen["cause"].to_numpy()
    split = gen["split"].to_numpy()
    threshold = model.content_threshold
    metrics: dict[str, Any] = {}
    # Content risk on the corpora's test rows, headlined without near-duplicates of any text
    # the content head was fitted on (corpus train texts and generated train bodies).
    cte = corpus[corpus["split"] == "test"]
    Xc = model.features.transform([body_only_input(t) for t in cte["text"]])
    risk = model.content_clf.predict_proba(Xc[:, : model.n_body_features])[:, 1]
    fitted = [
        *corpus.loc[corpus["split"] == "train", "text"],
        *(inputs[i].body for i in np.flatnonzero(split == "train")),
    ]
    metrics["content_risk"] = {
        **content_risk_report(
            risk,
            cte["risky"].to_numpy(),
            cte["text"].tolist(),
            fitted,
            threshold,
            ids=cte["id"].tolist(),
        ),
        "published_baselines": PUBLISHED_BASELINES,
    }
    sizes = {"content_risk": len(cte)}
    # Causes: generated valid (selection) and test (report).
    classes = model.classes
    for name in ("valid", "test"):
        idx = np.flatnonzero(split == name)
        proba, _ = model.predict_inputs([inputs[i] for i in idx])
        y = labels[idx].tolist()
        arms = ablation(y, [findings[i] for i in idx], [errors[i] for i in idx], proba, classes)
        y_idx = np.array([[c.value for c in classes].index(c) for c in y])
        metrics[f"generated_{name}"] = {
            "ablation": summary(arms),
            "calibration": {
                "ece": round(expected_calibration_error(proba, y_idx), 4),
                "brier": round(brier_score(proba, y_idx), 4),
                "reliability": reliability_curve(proba, y_idx),
            },
            "arms": arms,
        }
        if name == "valid":
            metrics["model_weight_tuning_valid"] = tune_model_weight(
                y, [findings[i] for i in idx], [errors[i] for i in idx], proba, classes
            )
    sizes["generated_valid"] = int((split == "valid").sum())
    sizes["generated_test"] = int((split == "test").sum())
    # Each hand-written set apart: the first was written with the tool at hand.
    if realistic is not None and realistic.is_file():
        for name, (msgs, y, _) in hand_written_sets(realistic).items():
            f, e = prepared(msgs)
            inp = [model_input(*t) for t in zip(msgs, f, e, strict=True)]
            proba, _ = model.predict_inputs(inp)
            arms = ablation(y, f, e, proba, classes)
            metrics[name] = {"ablation": summary(arms), "arms": arms}
            sizes[name] = len(y)
    if outside is not None and outside.is_file():
        metrics["outside_cases"] = outside_summary(evaluate_cases(load_cases(outside), model))
        sizes["outside_cases"] = int(metrics["outside_cases"]["n"])
    metrics["evaluation_sets"] = {
        name: {**EVALUATION_SETS[name], "n": n} for name, n in sizes.items()
    }
    return metrics


def _feature_summary(model: CauseModel) -> dict[str, Any]:
    names = [str(n) for n in model.feature_names]
    groups: dict[str, int] = {}
    for n in names:
        g = n.split("__", 1)[0]
        groups[g] = groups.get(g, 0) + 1
    named = [n for n in names if n.split("__", 1)[0] not in ("words", "chars")]
    return {
        "count": len(names),
        "by_group": groups,
        "named": named,
        "body_groups": list(BODY_GROUPS),
    }


class TrainingDataChanged(RuntimeError):
    """The model's training rows cannot be rebuilt, so which rows are held out is unknown."""


def write_data_card(manifest: dict[str, Any], directory: Path) -> Path:
    """``DATA_CARD.md`` beside the manifest, rendered from it (``report.data_card_markdown``)."""
    path = directory / DATA_CARD_FILE
    path.write_text(data_card_markdown(manifest))
    return path


def reevaluate(
    *,
    model_dir: Path = MODEL_DIR,
    data_dir: Path | str | None = None,
    realistic: Path | None = REALISTIC_CASES,
    write: bool = True,
) -> dict[str, Any]:
    """Recompute the shipped model's metrics from the manifest's seed; update the manifest
    and the data card.

    Raises ``TrainingDataChanged`` when the generator, the error table or the corpus split
    no longer rebuild the rows the model was fitted on (the fingerprint differs): the
    "held-out" rows would then be a guess, and some of them may have been fitted.
    """
    manifest = read_manifest(model_dir)
    model = load_model(model_dir)
    corpus = load_corpora(data_dir)
    gen = generate(int(manifest["rows"]), seed=int(manifest["seed"]), corpus=corpus)
    if fingerprint(gen, corpus) != manifest.get("training_data_fingerprint"):
        raise TrainingDataChanged(
            f"the model in {model_dir} was fitted on other training rows than the current "
            "generator, error table and corpus split produce (training_data_fingerprint "
            "differs), so its held-out rows are unknown; retrain it with `sms-diagnose train`"
        )
    messages = to_messages(gen)
    findings, errors = prepared(messages)
    inputs = [model_input(m, f, e) for m, f, e in zip(messages, findings, errors, strict=True)]
    metrics = evaluate_model(model, gen, corpus, findings, errors, inputs, realistic)
    if write:
        manifest["metrics"] = metrics
        path = model_dir / MANIFEST_FILE
        path.write_text(json.dumps(manifest, indent=2) + "\n")
        write_data_card(manifest, model_dir)
    return metrics
