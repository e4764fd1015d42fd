"""``sms-diagnose train``, ``evaluate`` and ``export-bundle``: rebuild, score and export the
shipped model."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_NO_DATA, EXIT_OK, error
from diagnose.learn import DATA_ENV, CorpusNotFound

#: The top-cause evaluation sets, in the order they are printed.
CAUSE_SETS = ("generated_valid", "generated_test", "hand_written_first", "hand_written_independent")


def register(sub: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help=f"folder with the real corpora (default: ${DATA_ENV} or <repo>/../shared/data)",
    )
    common.add_argument("--model-dir", type=Path, help="where the model lives (default: models/)")
    t = sub.add_parser("train", parents=[common], help="rebuild the shipped model (reproducible)")
    t.add_argument("--seed", type=int, help="generator seed (default: the shipped model's)")
    t.add_argument("--rows", type=int, default=9000, help="generated rows (all splits)")
    t.add_argument("--no-compare", action="store_true", help="skip the model-family comparison")
    t.add_argument(
        "--with-feedback",
        metavar="DB",
        help="add engineers' confirmed cases from this feedback database (URL or SQLite file) "
        "as training rows (never in a test split); the manifest records how many",
    )
    t.set_defaults(func=run_train)
    e = sub.add_parser(
        "evaluate", parents=[common], help="score the shipped model on held-out data"
    )
    e.add_argument("--no-write", action="store_true", help="do not update the manifest")
    e.add_argument(
        "--cases",
        metavar="FILE",
        help="score outside cases (eval/outside_cases.jsonl) instead: top-1, top-1 or "
        "acceptable, top-3, forbidden at the top, by source type, for each ablation arm",
    )
    e.add_argument("--rules-only", action="store_true", help="with --cases: no model")
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.set_defaults(func=run_evaluate)
    b = sub.add_parser(
        "export-bundle",
        help="write the model's inference bundle (numpy only) from its pickle, no retraining",
    )
    b.add_argument("--model-dir", type=Path, help="where the model lives (default: models/)")
    b.add_argument("--check-rows", type=int, default=2000, help="generated rows to compare on")
    b.set_defaults(func=run_export_bundle)


#: The largest difference of a probability between bundle and pipeline that is accepted.
BUNDLE_TOLERANCE = 1e-9


def run_export_bundle(args: argparse.Namespace) -> int:
    """Derive the bundle from the pickle, then hold it to the pipeline on generated rows."""
    from diagnose.learn import (
        MODEL_DIR,
        ModelLoadError,
        agreement,
        export_bundle_of,
        generate,
        inputs_for,
        load_bundle,
        to_messages,
    )

    directory = args.model_dir or MODEL_DIR
    try:
        model, entries = export_bundle_of(directory)
        if entries["bundle"] is None:
            error(f"{entries['bundle_note']}; diagnosis keeps to the pickle")
            return EXIT_NO_DATA
        bundle = load_bundle(directory)
    except ModelLoadError as exc:
        error(str(exc))
        return EXIT_NO_DATA
    print(f"wrote {directory / entries['bundle']} (sha256 {entries['bundle_sha256']})")
    found = agreement(model, bundle, inputs_for(to_messages(generate(args.check_rows, seed=7))))
    print(
        f"against the pipeline on {found['rows']} generated rows: max |diff| "
        f"{found['max_abs_diff_proba']:.3g} (probabilities), "
        f"{found['max_abs_diff_risk']:.3g} (content_risk); same top cause: "
        f"{found['same_top_cause']}"
    )
    worst = max(found["max_abs_diff_proba"], found["max_abs_diff_risk"])
    return EXIT_OK if worst <= BUNDLE_TOLERANCE and found["same_top_cause"] else EXIT_NO_DATA


def run_train(args: argparse.Namespace) -> int:
    from diagnose.learn import DEFAULT_SEED, MODEL_DIR, train

    out = args.model_dir or MODEL_DIR
    feedback = None
    if args.with_feedback:
        from diagnose.cli.feedback import feedback_training_rows

        feedback = feedback_training_rows(args.with_feedback)
        if feedback is None:
            return EXIT_NO_DATA
    try:
        _, manifest = train(
            seed=DEFAULT_SEED if args.seed is None else args.seed,
            rows=args.rows,
            data_dir=args.data_dir,
            out_dir=out,
            compare=not args.no_compare,
            log=lambda s: print(s, file=sys.stderr),
            feedback=feedback,
        )
    except CorpusNotFound as exc:
        error(str(exc))
        return EXIT_NO_DATA
    _print_summary(manifest["metrics"])
    print(
        f"wrote {out}/cause_model.joblib ({manifest['size_bytes'] / 1e6:.1f} MB), "
        f"sha256 {manifest['sha256'][:12]}..., in {manifest['train_seconds']} s"
    )
    return EXIT_OK


def run_evaluate(args: argparse.Namespace) -> int:
    from diagnose.learn import MODEL_DIR, ModelLoadError, TrainingDataChanged, reevaluate

    if args.cases:
        return _evaluate_cases(args)
    try:
        metrics = reevaluate(
            model_dir=args.model_dir or MODEL_DIR, data_dir=args.data_dir, write=not args.no_write
        )
    except (CorpusNotFound, ModelLoadError, TrainingDataChanged) as exc:
        error(str(exc))
        return EXIT_NO_DATA
    if args.format == "json":
        print(json.dumps(metrics, indent=2))
    else:
        _print_summary(metrics)
    return EXIT_OK


def _print_summary(metrics: dict[str, Any]) -> None:
    """The headline figures, each evaluation set apart (never blended), with provenance."""
    risk = metrics["content_risk"]
    targets = risk["targets"]
    head = risk["deduplicated"]
    sets = metrics.get("evaluation_sets", {})
    print(
        f"content_risk on corpus test rows without near-duplicates of training texts "
        f"(headline; n={head['n']}, {head['positives']} spam/smishing, "
        f"{head['left_out']} near-duplicates left out):"
    )
    if "content_risk" in sets:
        print(f"    {sets['content_risk']['provenance']}")
    print(
        f"  ROC-AUC {head['roc_auc']:.4f} (target {targets['roc_auc']}: "
        f"{_met(head['meets_targets']['roc_auc'])})   recall at FPR<=1% "
        f"{head['recall_at_fpr_1pct_curve']:.3f} (target {targets['recall_at_fpr_1pct']}: "
        f"{_met(head['meets_targets']['recall_at_fpr_1pct'])})"
    )
    print(
        f"  at the threshold chosen on train rows: recall {head['recall_at_train_threshold']:.3f}, "
        f"ham FPR {head['fpr_at_train_threshold']:.4f}"
    )
    near = risk["near_duplicates"]
    for name, label in (
        ("full", "every test row"),
        ("strict", f"also without cosine >= {near['strict_threshold']}"),
    ):
        c = risk[name]
        print(
            f"  {label + ':':34s} n={c['n']:<5d} ROC-AUC {c['roc_auc']:.4f}   "
            f"recall at FPR<=1% {c['recall_at_fpr_1pct_curve']:.3f}"
        )
    print("top cause, each evaluation set apart (accuracy / macro-F1):")
    for name in CAUSE_SETS:
        if name not in metrics:
            continue
        arms = metrics[name]["ablation"]
        n = metrics[name]["arms"]["rules_only"]["n"]
        cells = "  ".join(
            f"{k}: {v['accuracy']:.3f} / {v['macro_f1']:.3f}" for k, v in arms.items()
        )
        print(f"  {name} (n={n}): {cells}")
        if name in sets:
            print(f"    {sets[name]['provenance']}")
    if "generated_test" in metrics:
        cal = metrics["generated_test"]["calibration"]
        print(f"  calibration (generated test): ECE {cal['ece']:.4f}  Brier {cal['brier']:.4f}")
    outside = metrics.get("outside_cases")
    if outside:
        arms_ = [a for a in ("rules_only", "model_only", "rules_plus_model") if a in outside]
        cells = "  ".join(
            f"{a}: {outside[a]['top1_or_acceptable']:.1%} "
            f"(forbidden {outside[a]['forbidden_at_top']})"
            for a in arms_
        )
        print(f"  outside_cases (n={outside['n']}), top-1 or acceptable: {cells}")
        if "outside_cases" in sets:
            print(f"    {sets['outside_cases']['provenance']}")
    tune = metrics.get("model_weight_tuning_valid")
    if tune:
        print(
            f"MODEL_WEIGHT on valid: best {tune['best']} (current {tune['current']}); "
            f"grid {tune['grid']}"
        )


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _evaluate_cases(args: argparse.Namespace) -> int:
    from diagnose.learn import (
        ModelLoadError,
        default_model_dir,
        evaluate_cases,
        load_cases,
        load_model,
    )

    try:
        cases = load_cases(args.cases)
    except (OSError, ValueError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    model = None
    if not args.rules_only:
        try:
            model = load_model(args.model_dir or default_model_dir())
        except ModelLoadError as exc:
            error(str(exc))
            return EXIT_NO_DATA
    result = evaluate_cases(cases, model)
    if args.format == "json":
        print(json.dumps(result, indent=2))
        return EXIT_OK
    print(f"{result['n']} outside cases from {args.cases}; refused: {len(result['refused'])}")
    for arm in ("rules_only", "model_only", "rules_plus_model"):
        if arm not in result:
            continue
        a = result[arm]
        print(
            f"{arm:17s} top-1 {a['top1']:.1%}  top-1 or acceptable {a['top1_or_acceptable']:.1%}"
            f"  top-3 {a['top3']:.1%}  forbidden at top {a['forbidden_at_top']}"
        )
        by = ", ".join(
            f"{k} {v['top1_or_acceptable']:.0%} (n={v['n']})"
            for k, v in sorted(a["by_source_type"].items())
        )
        print(f"{'':17s} by source type, top-1 or acceptable: {by}")
    if "verdict" in result:
        print(f"verdict right: {result['verdict']['accuracy']:.1%} of {result['verdict']['n']}")
    final = "rules_plus_model" if "rules_plus_model" in result else "rules_only"
    for miss in result[final]["misses"]:
        flag = "  FORBIDDEN" if miss["forbidden"] else ""
        print(f"  miss {miss['id']}: expected {miss['expected']}, got {miss['got']}{flag}")
    return EXIT_OK
