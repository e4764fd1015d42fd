"""Markdown written from a model manifest: the data card and the README's figures.

Both are rendered from ``models/manifest.json`` and nothing else, so a retrain that rewrites
the manifest rewrites them too (``train`` and ``reevaluate`` write ``DATA_CARD.md``;
``scripts/model_figures.py`` puts ``figures_markdown`` into the README), and every figure
names the command that produced it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DATA_CARD_FILE = "DATA_CARD.md"
ARMS = ("rules_only", "model_only", "rules_plus_model")
#: Top-cause sets, in the order the figures list them (selection set last).
CAUSE_SETS = (
    "generated_test",
    "hand_written_first",
    "hand_written_independent",
    "generated_valid",
)


def _is_number(cell: Any) -> bool:
    try:
        float(str(cell))
    except ValueError:
        return False
    return True


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    """A Markdown table; columns of numbers are right-aligned."""
    numeric = [bool(rows) and all(_is_number(r[i]) for r in rows) for i in range(len(header))]
    align = ["---:" if n else "---" for n in numeric]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def content_risk_rows(metrics: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """(test rows, n, positives, left out, ROC-AUC, recall at FPR <= 1%, targets met)."""
    risk = metrics["content_risk"]
    strict = risk["near_duplicates"]["strict_threshold"]
    labels = {
        "deduplicated": "**without near-duplicates of training texts (headline)**",
        "full": "every test row",
        "strict": f"also without cosine >= {strict}",
    }
    rows = []
    for key, label in labels.items():
        m = risk[key]
        met = "yes" if all(m["meets_targets"].values()) else "**no**"
        rows.append(
            (
                label,
                m["n"],
                m["positives"],
                m["left_out"],
                f"{m['roc_auc']:.4f}",
                f"{m['recall_at_fpr_1pct_curve']:.3f}",
                met,
            )
        )
    return rows


def cause_rows(metrics: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """(set, provenance, n, score, rules only, model only, rules + model), one per set."""
    sets = metrics.get("evaluation_sets", {})
    rows: list[tuple[Any, ...]] = []
    for name in CAUSE_SETS:
        if name not in metrics:
            continue
        arms = metrics[name]["arms"]
        rows.append(
            (
                f"`{name}`",
                sets.get(name, {}).get("provenance", ""),
                arms["rules_only"]["n"],
                "macro-F1",
                *(f"{arms[a]['macro_f1']:.3f}" for a in ARMS),
            )
        )
    outside = metrics.get("outside_cases")
    if outside:
        rows.append(
            (
                "`outside_cases`",
                sets.get("outside_cases", {}).get("provenance", ""),
                outside["n"],
                "top-1 or acceptable",
                *(f"{outside[a]['top1_or_acceptable']:.3f}" if a in outside else "—" for a in ARMS),
            )
        )
    return rows


def figures_markdown(manifest: Mapping[str, Any]) -> str:
    """The README's model figures: content risk three ways, then each evaluation set apart."""
    metrics = manifest["metrics"]
    risk = metrics["content_risk"]
    targets = risk["targets"]
    near = risk["near_duplicates"]
    lines = [
        f"Model `{manifest['version']}`, measured by `sms-diagnose evaluate` (which `sms-diagnose "
        "train` also runs) and read from `models/manifest.json`.",
        "",
        f"`content_risk` on the corpora's test rows (targets: ROC-AUC >= {targets['roc_auc']}, "
        f"recall >= {targets['recall_at_fpr_1pct']} at a ham false-positive rate <= 1%, judged "
        f"on the headline row). {near['method'][0].upper()}{near['method'][1:]}.",
        "",
        *_table(
            (
                "test rows",
                "n",
                "spam/smishing",
                "near-duplicates left out",
                "ROC-AUC",
                "recall at FPR <= 1%",
                "targets met",
            ),
            content_risk_rows(metrics),
        ),
        "",
        "Top cause on each evaluation set, apart (no blended figure): rules alone, the model "
        "alone, and both as `diagnose()` ranks them.",
        "",
        *_table(
            ("set", "provenance", "n", "score", "rules only", "model only", "rules + model"),
            cause_rows(metrics),
        ),
    ]
    return "\n".join(lines) + "\n"


def data_card_markdown(manifest: Mapping[str, Any]) -> str:
    """``models/DATA_CARD.md``: sources, the split, counts, the figures and known biases."""
    card = manifest["data_card"]
    split = card.get("corpus_split", {})
    lines = [
        f"# Data card: {manifest.get('artifact', 'cause_model.joblib')}",
        "",
        f"Model `{manifest['version']}` (family `{manifest['family']}`), seed {manifest['seed']}, "
        f"generator v{card['generator_version']}, {card['rows']} generated rows. Written by "
        "`sms-diagnose train` (and rewritten by `sms-diagnose evaluate`) from `manifest.json`, "
        "which holds every number below.",
        "",
        "## Sources",
        "",
        "- Generated A2P failures (`diagnose.learn.generator`): synthetic business messages "
        "with real provider codes from `diagnose/errors/data/error_codes.csv`. Split "
        "train/valid/test 70/15/15, brands disjoint across splits.",
        "- Real text for `content_risk`: UCI SMS Spam Collection (Almeida et al. 2011) and "
        "Mishra & Soni SMS phishing (Mendeley, CC BY 4.0), from `../shared/data`, "
        "deduplicated on `id`.",
        "",
        "## The corpus split",
        "",
        "`../shared/data` publishes a `split` column: `test` is a fixed 20% sample of the "
        "distinct `id`s of each file and label, and its terms are that `test` rows are never "
        "fitted, tuned or used to pick thresholds. An `id` is a hash of the whole normalised "
        "text, so templated spam that differs only in its numbers has many ids, some on each "
        "side. The loader (`diagnose.learn.corpus`) therefore makes the split "
        "near-duplicate aware, within those terms: "
        + (split.get("rule", "") + "." if split else "")
        + " A published `test` row is never moved to train; a published `train` row that is "
        "a near-duplicate of a test row is held out as test too.",
        "",
    ]
    if split:
        lines += _table(
            ("near-duplicate groups", "count"),
            [
                ("groups", split["groups"]),
                ("groups of more than one text", split["groups_with_more_than_one_text"]),
                ("largest group (texts)", split["largest_group"]),
                ("published train rows moved to test", split["published_train_moved_to_test"]),
                *(
                    (f"... of them {label}", n)
                    for label, n in split.get("moved_by_label", {}).items()
                ),
                ("published test rows moved to train", split["published_test_moved_to_train"]),
            ],
        )
        lines.append("")
    lines += ["## Counts", ""]
    lines += _table(("split", "rows"), list(card["by_split"].items()))
    lines.append("")
    lines += _table(("cause", "rows"), list(card["by_cause"].items()))
    lines.append("")
    lines += _table(("label source", "rows"), list(card["by_label_source"].items()))
    lines += ["", f"Hard cases: {card['hard']}.", ""]
    lines += _table(("corpus label/split (distinct texts)", "rows"), list(card["corpora"].items()))
    if (
        "content_risk" in manifest.get("metrics", {})
        and "deduplicated" in (manifest["metrics"]["content_risk"])
    ):
        lines += ["", "## Evaluation", "", figures_markdown(manifest).rstrip("\n")]
    lines += ["", "## Known biases", ""]
    lines += [f"- {b}" for b in card["known_biases"]]
    return "\n".join(lines) + "\n"
