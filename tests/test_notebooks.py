"""The notebooks run top to bottom (on a small sample) and print the manifest's figures.

Notebook 02 reads every evaluation figure from the model's manifest and recomputes the
content-risk headline from the model and the corpora; notebook 01 prints the corpus counts
the data card records. Each printed figure is checked here against the manifest itself, so
a notebook that computed, rounded or hard-coded its own figures, or a stale manifest, fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from diagnose.learn import default_model_dir, read_manifest
from diagnose.learn.corpus import default_data_dir

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ARMS = ("rules_only", "model_only", "rules_plus_model")
CAUSE_SETS = ("generated_test", "hand_written_first", "hand_written_independent", "generated_valid")

needs_corpora = pytest.mark.skipif(
    not default_data_dir().is_dir(), reason="real corpora not available"
)


def run(name: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Execute a notebook on a small sample; its printed lines, in order."""
    monkeypatch.setenv("SMS_DIAGNOSE_NB_ROWS", "540")
    path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    lines = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                lines += out["text"].splitlines()
    return lines


def printed(lines: list[str], pattern: str) -> list[re.Match[str]]:
    return [m for line in lines if (m := re.fullmatch(pattern, line))]


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return read_manifest(default_model_dir())


@pytest.mark.slow
@needs_corpora
def test_training_notebook_prints_the_manifests_figures(
    manifest: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = run("02_train_evaluate.ipynb", monkeypatch)
    metrics = manifest["metrics"]
    risk = printed(
        lines,
        r"content_risk (\w+) n=(\d+) positives=(\d+) left_out=(\d+) roc_auc=([\d.]+) "
        r"recall_at_fpr_1pct=([\d.]+) targets_met=(True|False)",
    )
    assert [m[1] for m in risk] == ["deduplicated", "full", "strict"]
    for m in risk:
        block = metrics["content_risk"][m[1]]
        assert m.groups()[1:] == (
            str(block["n"]),
            str(block["positives"]),
            str(block["left_out"]),
            f"{block['roc_auc']:.4f}",
            f"{block['recall_at_fpr_1pct_curve']:.4f}",
            str(all(block["meets_targets"].values())),
        )
    # The headline recomputed in the notebook from the model and the corpora.
    (again,) = printed(lines, r"recomputed content_risk deduplicated n=(\d+) roc_auc=([\d.]+)")
    head = metrics["content_risk"]["deduplicated"]
    assert again.groups() == (str(head["n"]), f"{head['roc_auc']:.4f}")
    sets = printed(
        lines, r"(\w+) n=(\d+) rules_only=([\d.]+) model_only=([\d.]+) rules_plus_model=([\d.]+)"
    )
    assert [m[1] for m in sets] == [*CAUSE_SETS, "outside_cases"]
    for m in sets:
        if m[1] == "outside_cases":
            block = metrics["outside_cases"]
            expected = [str(block["n"]), *(f"{block[a]['top1_or_acceptable']:.4f}" for a in ARMS)]
        else:
            arms = metrics[m[1]]["arms"]
            expected = [str(arms["rules_only"]["n"]), *(f"{arms[a]['macro_f1']:.4f}" for a in ARMS)]
        assert list(m.groups()[1:]) == expected, m[1]
    provenance = {
        metrics["evaluation_sets"][name]["provenance"] for name in [*CAUSE_SETS, "outside_cases"]
    }
    assert provenance <= {line.strip() for line in lines}
    assert not any("realistic" in line for line in lines)  # no blended hand-written figure


@pytest.mark.slow
@needs_corpora
def test_exploration_notebook_prints_the_data_cards_corpus_counts(
    manifest: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = run("01_data_exploration.ipynb", monkeypatch)
    counts = {m[1]: int(m[2]) for m in printed(lines, r"corpus (\w+/\w+) (\d+)")}
    assert counts == manifest["data_card"]["corpora"]
    (moved,) = printed(lines, r"corpus published train rows moved to test (\d+)")
    assert int(moved[1]) == manifest["data_card"]["corpus_split"]["published_train_moved_to_test"]


def test_committed_notebooks_hold_no_outputs() -> None:
    """Stored outputs would go stale at the next retrain; the figures live in the manifest."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs], path.name
