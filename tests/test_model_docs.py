"""The README's model figures and the data card are the manifest's, word for word.

Both are rendered from ``models/manifest.json`` (``diagnose.learn.report``): ``sms-diagnose
train`` and ``evaluate`` write ``models/DATA_CARD.md``, ``scripts/model_figures.py`` (run by
``make train``) the README block. A figure typed by hand, or left behind by a retrain, fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from diagnose.learn import MODEL_DIR, read_manifest
from diagnose.learn.report import DATA_CARD_FILE, data_card_markdown, figures_markdown

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from model_figures import END, START, with_figures  # noqa: E402


def test_the_readme_shows_the_shipped_models_figures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(START, 1)[1].split(END, 1)[0]
    assert block == "\n" + figures_markdown(read_manifest(MODEL_DIR)), (
        "README model figures differ from models/manifest.json: python scripts/model_figures.py"
    )


def test_the_data_card_is_rendered_from_the_manifest() -> None:
    card = (MODEL_DIR / DATA_CARD_FILE).read_text(encoding="utf-8")
    assert card == data_card_markdown(read_manifest(MODEL_DIR)), "retrain: sms-diagnose train"


def test_with_figures_replaces_only_the_block() -> None:
    text = f"intro\n{START}\nold | 0.1\n{END}\nafter\n"
    assert with_figures(text, "new | 0.2\n") == f"intro\n{START}\nnew | 0.2\n{END}\nafter\n"
    with pytest.raises(ValueError, match="no"):
        with_figures("no markers", "x")
