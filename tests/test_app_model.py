"""AppTest of the Model page and of rules-only mode when the model is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from diagnose.learn.model import MODEL_DIR_ENV

APP = str(Path(__file__).resolve().parents[1] / "app.py")

MANIFEST = {
    "version": "cause-model-test.0",
    "family": "logreg",
    "seed": 0,
    "data_card": {"rows": 100, "causes": {"spam_like_content": 50, "no_consent": 50}},
    "metrics": {
        "content_risk": {
            "headline": "deduplicated",
            "targets": {"roc_auc": 0.99, "recall_at_fpr_1pct": 0.95},
            **{
                name: {
                    "n": n,
                    "positives": 30,
                    "left_out": 1000 - n,
                    "roc_auc": auc,
                    "recall_at_fpr_1pct_curve": recall,
                    "recall_at_train_threshold": recall,
                    "fpr_at_train_threshold": 0.02,
                    "meets_targets": {"roc_auc": auc >= 0.99, "recall_at_fpr_1pct": recall >= 0.95},
                }
                for name, n, auc, recall in (
                    ("deduplicated", 900, 0.9912, 0.9412),
                    ("full", 1000, 0.9977, 0.9633),
                    ("strict", 800, 0.9871, 0.9134),
                )
            },
            "near_duplicates": {"method": "letters-only match or cosine >= 0.9"},
        },
        "evaluation_sets": {
            "content_risk": {"provenance": "real corpora, test split", "n": 1000},
            "generated_test": {"provenance": "generated from templates", "n": 4},
            "hand_written_independent": {"provenance": "written without the tool", "n": 2},
            "outside_cases": {"provenance": "public reports", "n": 3},
        },
        "hand_written_independent": {
            "arms": {
                arm: {"n": 2, "accuracy": f1, "macro_f1": f1}
                for arm, f1 in (
                    ("rules_only", 0.8123),
                    ("model_only", 0.7),
                    ("rules_plus_model", 0.9),
                )
            }
        },
        "outside_cases": {
            "n": 3,
            **{
                arm: {"top1_or_acceptable": share}
                for arm, share in (
                    ("rules_only", 0.6667),
                    ("model_only", 0.3333),
                    ("rules_plus_model", 1.0),
                )
            },
        },
        "generated_test": {
            "arms": {
                arm: {
                    "n": 4,
                    "accuracy": acc,
                    "macro_f1": acc,
                    "labels": ["no_consent", "spam_like_content"],
                    "confusion": [[2, 0], [1, 1]],
                    "per_cause": {
                        "no_consent": {"precision": 0.67, "recall": 1.0, "f1": 0.8, "support": 2},
                        "spam_like_content": {
                            "precision": 1.0,
                            "recall": 0.5,
                            "f1": 0.67,
                            "support": 2,
                        },
                    },
                }
                for arm, acc in (
                    ("rules_only", 0.5),
                    ("model_only", 0.6),
                    ("rules_plus_model", 0.75),
                )
            },
            "calibration": {
                "ece": 0.05,
                "brier": 0.2,
                "reliability": [
                    {"confidence": 0.55, "accuracy": 0.5, "count": 2},
                    {"confidence": 0.9, "accuracy": 1.0, "count": 2},
                ],
            },
        },
    },
}


def _run(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    if page != "app_pages/diagnose_message.py":
        at.switch_page(page).run()
    assert not at.exception
    return at


def _frame(at: AppTest, first_column: str) -> pd.DataFrame:
    """The page's table whose first column is ``first_column`` (AppTest keeps no table keys)."""
    (frame,) = [d.value for d in at.dataframe if d.value.columns[0] == first_column]
    return frame


@pytest.fixture
def empty_model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    return tmp_path


def test_model_page_without_a_model_says_rules_only(empty_model_dir: Path) -> None:
    at = _run("app_pages/model.py")
    assert at.warning and "rules-only" in at.warning[0].value.lower()
    assert any("No model manifest" in i.value for i in at.info)


PAGES = [
    "app_pages/diagnose_message.py",
    "app_pages/triage.py",
    "app_pages/rules.py",
    "app_pages/error_codes.py",
    "app_pages/model.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_rules_only_and_why(empty_model_dir: Path, page: str) -> None:
    at = _run(page)
    warning = at.warning[0].value
    assert "Running rules-only" in warning
    assert f"no model manifest at {empty_model_dir}" in warning  # the reason, not just the fact


@pytest.mark.parametrize("page", PAGES)
def test_no_rules_only_warning_with_the_shipped_model(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    at = _run(page)
    assert not [w for w in at.warning if "rules-only" in w.value]


def test_diagnose_runs_rules_only_when_the_model_file_is_missing(empty_model_dir: Path) -> None:
    at = _run("app_pages/diagnose_message.py")
    at.button(key="dx_example_spam").click().run()
    assert not at.exception
    assert any("Rules-only diagnosis" in c.value for c in at.caption)
    assert any("`spam_like_content`" in m.value for m in at.markdown)


def test_model_page_renders_metrics_from_the_manifest(empty_model_dir: Path) -> None:
    (empty_model_dir / "manifest.json").write_text(json.dumps(MANIFEST))
    at = _run("app_pages/model.py")
    facts = [c.value for c in at.caption if c.value.startswith("Version:")]
    assert facts and "Family: **" in facts[0]  # as text: a card cut the version string
    assert {"Content risk", "Confusion matrix", "Per cause", "Reliability", "Data card"} <= {
        s.value for s in at.subheader
    }
    arms = _frame(at, "arm")
    assert arms["accuracy"].tolist() == [0.5, 0.6, 0.75]
    assert any("ECE 0.05" in c.value for c in at.caption)


def test_content_risk_headline_is_the_deduplicated_figure(empty_model_dir: Path) -> None:
    (empty_model_dir / "manifest.json").write_text(json.dumps(MANIFEST))
    at = _run("app_pages/model.py")
    cards = {m.label: m for m in at.metric}
    recall = cards["content_risk recall at FPR ≤ 1%"]
    assert recall.value == "0.9412" and "not met" in recall.delta
    assert cards["content_risk ROC-AUC"].value == "0.9912"
    frame = _frame(at, "test rows")
    assert frame["recall at FPR ≤ 1%"].tolist() == [0.9412, 0.9633, 0.9134]
    assert "(headline)" in frame["test rows"].iloc[0]


def test_each_evaluation_set_is_shown_apart_with_its_provenance(empty_model_dir: Path) -> None:
    (empty_model_dir / "manifest.json").write_text(json.dumps(MANIFEST))
    at = _run("app_pages/model.py")
    sets = _frame(at, "set").set_index("set")
    assert sets.loc["hand_written_independent", "rules only"] == 0.8123
    assert sets.loc["hand_written_independent", "provenance"] == "written without the tool"
    assert sets.loc["outside_cases", "rules plus model"] == 1.0
    assert sets.loc["outside_cases", "score"] == "top-1 or acceptable"
    assert list(sets.index) == ["generated_test", "hand_written_independent", "outside_cases"]
    at.selectbox(key="model_set").set_value("hand_written_independent").run()
    assert _frame(at, "arm")["macro F1"].tolist() == [0.8123, 0.7, 0.9]
