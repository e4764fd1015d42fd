"""Train and evaluate end to end on a small corpus, the near-duplicate split, and a guard that
no held-out row ever reaches a fit.

The corpus is written here (two small CSV files in the shared data's schema, with templated
spam whose copies differ only in numbers, some published on each side), so these tests run
on a fresh clone without ``../shared/data``.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from diagnose.cli import main
from diagnose.cli.common import EXIT_NO_DATA, EXIT_OK
from diagnose.learn import features, training
from diagnose.learn.corpus import load_corpora
from diagnose.learn.generator import generate, to_messages
from diagnose.learn.near_duplicates import groups, letters_key, nearest
from diagnose.learn.report import data_card_markdown, figures_markdown

SEED = 20240611
ROWS = 360

HAM = [
    "ok see you at {n} then",
    "can you pick up milk on the way home",
    "running late, be there in {n} min",
    "love you, call me when you land",
    "did you watch the match last night? unreal",
    "mum says dinner is at {n}, dont be late",
    "haha that is so funny, send me the pic",
    "where are you? we are at the usual place",
    "i will text you when i leave work",
    "happy birthday!! have a great day",
    "sorry missed your call, in a meeting till {n}",
    "can we move lunch to tomorrow",
    "thanks for the lift yesterday",
    "the wifi password is on the fridge",
    "bring a jacket it is cold out",
    "how did the interview go",
    "lol no way, who told you that",
    "going to the gym after work, want to come",
    "the train is delayed again",
    "remember to feed the cat",
]
SPAM = [
    "WINNER!! You have won a {n} pound prize. Call 0906{d} now to claim. T&C apply",
    "FREE entry to win a {n} holiday! Text WIN to 8{d} now. 18+ only",
    "PRIVATE! Your account statement shows {n} unredeemed points. Call 0871{d} code {d}",
    "Congratulations, you are selected for a free mobile upgrade. Call 0800{d} today",
    "You have 1 new voicemail. Please call 0906{d} to listen, 150p/min",
    "URGENT! Your mobile number has won {n} cash. To claim call 0906{d} before midnight",
]
SMISHING = [
    "Your parcel is held at the depot. Pay the {n} fee at http://parcel-{d}.top/pay",
    "Dear customer your KYC is pending, account will be blocked. Update at http://kyc{d}.in",
    "Your bank account is suspended. Verify now at http://secure-bank{d}.com/login",
    "Alert: unusual sign in. Confirm your identity at http://verify-{d}.net within 24h",
]


def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", html.unescape(text)).lower()
    return re.sub(r"\s+", " ", t).strip()


def _rows() -> list[tuple[str, str]]:
    """(text, label): each template several times with other numbers, as real spam is."""
    rng = random.Random(7)
    out: list[tuple[str, str]] = []
    for templates, label, copies in ((HAM, "ham", 9), (SPAM, "spam", 8), (SMISHING, "smishing", 8)):
        for template in templates:
            for _ in range(copies):
                n, d = rng.randint(2, 999), rng.randint(100000, 999999)
                out.append((template.format(n=n, d=d), label))
    return out


def write_corpus(directory: Path) -> Path:
    """The two corpus files, split as published: a fixed 20% of the distinct ids is test."""
    directory.mkdir(parents=True, exist_ok=True)
    seen: dict[str, tuple[str, str]] = {}
    for text, label in _rows():
        seen.setdefault(hashlib.sha1(_normalise(text).encode()).hexdigest(), (text, label))
    rows = [
        {"id": i, "text": t, "label": lab, "source_label": lab, "source_id": f"row{k}",
         "split": "test" if int(i[:6], 16) % 5 == 0 else "train"}
        for k, (i, (t, lab)) in enumerate(sorted(seen.items()))
    ]  # fmt: skip
    files = {"uci_sms_spam_collection.csv": [r for r in rows if r["label"] != "smishing"]}
    files["mendeley_sms_phishing.csv"] = rows
    for name, part in files.items():
        with (directory / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
    return directory


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


# --- near-duplicates and the split ------------------------------------------------------


def test_letters_key_drops_everything_but_letters() -> None:
    assert letters_key("WIN £500! Call 0906-123") == letters_key("win 20 call 0906123")
    assert letters_key("123 456") == ""


def test_groups_join_templates_and_chains_but_not_different_texts() -> None:
    texts = [
        "Call 0906123 to claim your 500 prize now",  # 0
        "call 0906999 to claim your 20 prize now!",  # 1: same letters as 0
        "see you at the station at 5",  # 2
        "Call 0906123 to claim your 500 prize now x",  # 3: one letter more, cosine 0.95 with 0
        "123",  # 4 and 5: no letters, so not joined by their (empty) keys
        "456",
    ]
    number = groups(texts)
    assert number[0] == number[1] == number[3]
    assert len({number[0], number[2], number[4], number[5]}) == 4


def test_nearest_measures_each_query_against_the_references() -> None:
    near = nearest(["claim your 900 prize", "see you soon", "zzz"], ["Claim your 5 prize!"])
    assert near.same_letters.tolist() == [True, False, False]
    assert near.cosine[0] > 0.5 and near.cosine[2] == 0.0
    assert near.near().tolist() == [True, False, False]


def test_a_near_duplicate_group_is_on_one_side_and_no_published_test_row_is_fitted(
    corpus_dir: Path,
) -> None:
    corpus = load_corpora(corpus_dir)
    assert (corpus.groupby("group")["split"].nunique() == 1).all()
    published_test = corpus["published_split"] == "test"
    assert (corpus.loc[published_test, "split"] == "test").all()
    moved = corpus[(corpus["published_split"] == "train") & (corpus["split"] == "test")]
    assert len(moved) > 0  # the templates straddled the published split
    # No training text is a near-duplicate of a test text any more.
    train, test = corpus[corpus["split"] == "train"], corpus[corpus["split"] == "test"]
    assert not nearest(test["text"].tolist(), train["text"].tolist()).same_letters.any()


# --- train, evaluate, and the leakage guard ---------------------------------------------


class Fits:
    """What reached a fit while training: every text a vocabulary was fitted on, and the
    generated and corpus rows handed to ``fit_model``."""

    def __init__(self) -> None:
        self.vocabulary: list[str] = []
        self.generated: list[str] = []
        self.labels: list[str] = []
        self.corpus: list[str] = []


@pytest.fixture(scope="module")
def trained(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, dict[str, Any], Fits]]:
    fits = Fits()
    real_fit, real_fit_model = features._NgramTfidf.fit, training.fit_model

    def spy_fit(self: Any, X: Any, y: Any = None) -> Any:
        fits.vocabulary.extend(d.body for d in X)
        return real_fit(self, X, y)

    def spy_fit_model(gen_inputs: Any, gen_labels: Any, gen_risky: Any, texts: Any, *a: Any,
                      **k: Any) -> Any:  # fmt: skip
        fits.generated.extend(d.body for d in gen_inputs)
        fits.labels.extend(gen_labels)
        fits.corpus.extend(texts)
        return real_fit_model(gen_inputs, gen_labels, gen_risky, texts, *a, **k)

    out = tmp_path_factory.mktemp("model")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(features._NgramTfidf, "fit", spy_fit)
        mp.setattr(training, "fit_model", spy_fit_model)
        _, manifest = training.train(seed=SEED, rows=ROWS, data_dir=corpus_dir, out_dir=out)
    yield out, manifest, fits


def test_no_held_out_row_reaches_a_fit(
    trained: tuple[Path, dict[str, Any], Fits], corpus_dir: Path
) -> None:
    _, _, fits = trained
    corpus = load_corpora(corpus_dir)
    gen = generate(ROWS, seed=SEED, corpus=corpus)
    train_rows = gen[gen["split"] == "train"]
    # The cause head saw exactly the generated train rows, with their labels.
    bodies = [m.body or "" for m in to_messages(train_rows)]
    assert Counter(fits.generated) == Counter(bodies)
    assert Counter(fits.labels) == Counter(train_rows["cause"])
    # The content head saw exactly the corpus train texts.
    assert sorted(fits.corpus) == sorted(corpus.loc[corpus["split"] == "train", "text"])
    # No corpus test text, nor any text with its letters, reached any vocabulary fit
    # (family comparison, content threshold, the final fit).
    test_texts = corpus.loc[corpus["split"] == "test", "text"]
    fitted = set(fits.vocabulary)
    assert fitted and not fitted & set(test_texts)
    fitted_letters = {letters_key(t) for t in fitted} - {""}
    assert not fitted_letters & {letters_key(t) for t in test_texts}
    held_out = [m.body for m in to_messages(gen[gen["split"] != "train"])]
    assert len(fits.vocabulary) > len(bodies) and Counter(fits.vocabulary) != Counter(held_out)


def test_the_manifest_headlines_deduplicated_content_risk_and_keeps_sets_apart(
    trained: tuple[Path, dict[str, Any], Fits],
) -> None:
    out, manifest, _ = trained
    risk = manifest["metrics"]["content_risk"]
    assert risk["headline"] == "deduplicated"
    full, dedup, strict = risk["full"], risk["deduplicated"], risk["strict"]
    assert full["n"] == dedup["n"] + dedup["left_out"] == strict["n"] + strict["left_out"]
    assert len(dedup["left_out_ids"]) == dedup["left_out"] <= strict["left_out"]
    for block in (full, dedup, strict):
        assert block["meets_targets"]["roc_auc"] == (block["roc_auc"] >= 0.99)
    sets = manifest["metrics"]["evaluation_sets"]
    assert {"content_risk", "generated_test", "hand_written_first",
            "hand_written_independent", "outside_cases"} <= set(sets)  # fmt: skip
    assert all(s["provenance"] and s["n"] > 0 for s in sets.values())
    first = manifest["metrics"]["hand_written_first"]["arms"]["rules_only"]["n"]
    independent = manifest["metrics"]["hand_written_independent"]["arms"]["rules_only"]["n"]
    assert (first, independent) == (sets["hand_written_first"]["n"], 90)
    assert "realistic" not in manifest["metrics"]  # no blended hand-written figure
    card = (out / "DATA_CARD.md").read_text()
    assert card == data_card_markdown(manifest)
    assert figures_markdown(manifest).rstrip() in card
    assert f"| published train rows moved to test | {_moved(manifest)} |" in card


def _moved(manifest: dict[str, Any]) -> int:
    return int(manifest["data_card"]["corpus_split"]["published_train_moved_to_test"])


def test_evaluate_reproduces_the_manifest_and_the_cli_prints_it(
    trained: tuple[Path, dict[str, Any], Fits],
    corpus_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, manifest, _ = trained
    assert training.reevaluate(model_dir=out, data_dir=corpus_dir, write=False) == json.loads(
        json.dumps(manifest["metrics"])
    )
    status = main(["evaluate", "--model-dir", str(out), "--data-dir", str(corpus_dir)])
    printed = capsys.readouterr().out
    assert status == EXIT_OK
    head = manifest["metrics"]["content_risk"]["deduplicated"]
    assert f"without near-duplicates of training texts (headline; n={head['n']}," in printed
    assert f"ROC-AUC {head['roc_auc']:.4f} (target 0.99: " in printed
    assert f"recall at FPR<=1% {head['recall_at_fpr_1pct_curve']:.3f} (target 0.95: " in printed
    for name in ("generated_test", "hand_written_first", "hand_written_independent"):
        f1 = manifest["metrics"][name]["ablation"]["rules_plus_model"]["macro_f1"]
        line = next(x for x in printed.splitlines() if x.strip().startswith(f"{name} (n="))
        assert "rules_plus_model: " in line and f"/ {f1:.3f}" in line.split("rules_plus_model")[1]
    assert json.loads((out / "manifest.json").read_text())["metrics"] == manifest["metrics"]


def test_evaluate_refuses_a_model_whose_training_rows_cannot_be_rebuilt(
    trained: tuple[Path, dict[str, Any], Fits],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, _, _ = trained
    changed = write_corpus(tmp_path / "corpus")
    corpus = load_corpora(changed)
    dropped = corpus.loc[corpus["split"] == "train", "text"].iloc[0]
    for path in changed.glob("*.csv"):  # one training text fewer, in both files
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(x for x in lines if dropped not in x) + "\n", encoding="utf-8")
    with pytest.raises(training.TrainingDataChanged, match="retrain"):
        training.reevaluate(model_dir=out, data_dir=changed, write=False)
    status = main(["evaluate", "--model-dir", str(out), "--data-dir", str(changed)])
    assert status == EXIT_NO_DATA
    assert "training_data_fingerprint differs" in capsys.readouterr().err


def test_cli_train_writes_a_model_and_prints_the_headline(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["train", "--data-dir", str(corpus_dir), "--model-dir", str(tmp_path)]
    status = main([*argv, "--rows", "180", "--no-compare"])
    printed = capsys.readouterr().out
    assert status == EXIT_OK
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    head = manifest["metrics"]["content_risk"]["deduplicated"]
    assert f"(headline; n={head['n']}, {head['positives']} spam/smishing" in printed
    assert (tmp_path / "DATA_CARD.md").is_file() and (tmp_path / "cause_model.joblib").is_file()
    assert manifest["rows"] == 180 and manifest["family_comparison_cv3_train"] == {}


def test_train_without_the_corpora_exits_4(tmp_path: Path) -> None:
    assert main(["train", "--data-dir", str(tmp_path), "--model-dir", str(tmp_path)]) == 4


def test_content_threshold_is_chosen_on_whole_groups(corpus_dir: Path) -> None:
    """Out-of-fold ham scores come from folds that never fitted the text's template."""
    corpus = load_corpora(corpus_dir)
    train = corpus[corpus["split"] == "train"]
    t = training.content_threshold(train["text"].tolist(), train["risky"].to_numpy(), SEED)
    assert 0.0 < t < 1.0
    assert np.isfinite(t)


def test_training_writes_the_inference_bundle(
    trained: tuple[Path, dict[str, Any], Fits],
) -> None:
    """``train`` (and so ``make train``) writes the bundle beside the pickle, names it and its
    sha256 in the manifest, and it predicts what the freshly fitted pipeline predicts."""
    from diagnose.learn.bundle import agreement
    from diagnose.learn.loading import load_bundle
    from diagnose.learn.manifest import BUNDLE_FILE, sha256_file
    from diagnose.learn.model import inputs_for, load_model

    out, manifest, _ = trained
    assert manifest["bundle"] == BUNDLE_FILE
    assert manifest["bundle_sha256"] == sha256_file(out / BUNDLE_FILE)
    inputs = inputs_for(to_messages(generate(300, seed=4)))
    found = agreement(load_model(out), load_bundle(out), inputs)
    assert max(found["max_abs_diff_proba"], found["max_abs_diff_risk"]) <= 1e-9, found
    assert found["same_top_cause"]
