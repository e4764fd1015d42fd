"""``sms-diagnose train`` and ``sms-diagnose evaluate``: rebuild and score the shipped model."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from diagnose.cli.common import EXIT_NO_DATA, EXIT_OK, error
from diagnose.learn import DATA_ENV, CorpusNotFound


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
    t.set_defaults(func=run_train)
    e = sub.add_parser(
        "evaluate", parents=[common], help="score the shipped model on held-out data"
    )
    e.add_argument("--no-write", action="store_true", help="do not update the manifest")
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.set_defaults(func=run_evaluate)


def run_train(args: argparse.Namespace) -> int:
    from diagnose.learn import DEFAULT_SEED, MODEL_DIR, train

    out = args.model_dir or MODEL_DIR
    try:
        _, manifest = train(
            seed=DEFAULT_SEED if args.seed is None else args.seed,
            rows=args.rows,
            data_dir=args.data_dir,
            out_dir=out,
            compare=not args.no_compare,
            log=lambda s: print(s, file=sys.stderr),
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
    from diagnose.learn import MODEL_DIR, ModelLoadError, reevaluate

    try:
        metrics = reevaluate(
            model_dir=args.model_dir or MODEL_DIR, data_dir=args.data_dir, write=not args.no_write
        )
    except (CorpusNotFound, ModelLoadError) as exc:
        error(str(exc))
        return EXIT_NO_DATA
    if args.format == "json":
        print(json.dumps(metrics, indent=2))
    else:
        _print_summary(metrics)
    return EXIT_OK


def _print_summary(metrics: dict[str, Any]) -> None:
    c = metrics["content_risk"]["corpus_test"]
    print(f"content_risk on corpus test rows (n={c['n']}, {c['positives']} spam/smishing):")
    print(
        f"  ROC-AUC {c['roc_auc']:.4f} (target 0.99)   "
        f"recall at FPR<=1% {c['recall_at_fpr_1pct_curve']:.3f} (target 0.95)"
    )
    print(
        f"  at the threshold chosen on train rows: recall {c['recall_at_train_threshold']:.3f}, "
        f"ham FPR {c['fpr_at_train_threshold']:.4f}"
    )
    for name in ("generated_valid", "generated_test", "realistic"):
        if name not in metrics:
            continue
        arms = metrics[name]["ablation"]
        cells = "  ".join(
            f"{k}: acc {v['accuracy']:.3f} macro-F1 {v['macro_f1']:.3f}" for k, v in arms.items()
        )
        print(f"{name:16s} {cells}")
    if "generated_test" in metrics:
        cal = metrics["generated_test"]["calibration"]
        print(f"calibration (generated test): ECE {cal['ece']:.4f}  Brier {cal['brier']:.4f}")
    tune = metrics.get("model_weight_tuning_valid")
    if tune:
        print(
            f"MODEL_WEIGHT on valid: best {tune['best']} (current {tune['current']}); "
            f"grid {tune['grid']}"
        )
