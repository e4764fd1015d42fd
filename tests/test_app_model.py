"""AppTest of the Model page and of rules-only mode when the model is missing."""

from __future__ import annotations

import json
from pathlib import Path

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
        }
    },
}


def _run(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    if page != "app_pages/diagnose_message.py":
        at.switch_page(page).run()
    assert not at.exception
    return at


@pytest.fixture
def empty_model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    return tmp_path


def test_model_page_without_a_model_says_rules_only(empty_model_dir: Path) -> None:
    at = _run("app_pages/model.py")
    assert at.warning and "rules-only" in at.warning[0].value.lower()
    assert any("No model manifest" in i.value for i in at.info)


def test_diagnose_runs_rules_only_when_the_model_file_is_missing(empty_model_dir: Path) -> None:
    at = _run("app_pages/diagnose_message.py")
    at.button(key="dx_example_spam").click().run()
    assert not at.exception
    assert any("Rules-only diagnosis" in i.value for i in at.info)
    assert any("`spam_like_content`" in m.value for m in at.markdown)


def test_model_page_renders_metrics_from_the_manifest(empty_model_dir: Path) -> None:
    (empty_model_dir / "manifest.json").write_text(json.dumps(MANIFEST))
    at = _run("app_pages/model.py")
    assert {m.label for m in at.metric} >= {"Version", "Family"}
    assert {"Confusion matrix", "Per cause", "Reliability", "Data card"} <= {
        s.value for s in at.subheader
    }
    arms = at.dataframe[0].value
    assert arms["accuracy"].tolist() == [0.5, 0.6, 0.75]
    assert any("ECE 0.05" in c.value for c in at.caption)
