"""The synthetic A2P generator: reproducible, every cause, honest label sources and splits."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from diagnose.causes import Cause
from diagnose.learn.generator import _OPT_OUT, SPLITS, data_card, generate, to_messages

CORPUS = pd.DataFrame(
    {
        "id": [f"{i:040x}" for i in range(12)],
        "text": [f"WINNER!! claim your prize {i} now call 0800{i:04d}" for i in range(12)],
        "label": ["spam"] * 12,
        "risky": [1] * 12,
        "split": ["train"] * 6 + ["test"] * 6,
        "sources": ["uci"] * 12,
    }
)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return generate(720, seed=7, corpus=CORPUS, corpus_share=0.2)


def test_same_seed_same_table(table: pd.DataFrame) -> None:
    again = generate(720, seed=7, corpus=CORPUS, corpus_share=0.2)
    pd.testing.assert_frame_equal(table, again)
    assert not generate(720, seed=8, corpus=CORPUS, corpus_share=0.2).equals(table)


def test_every_cause_in_every_split() -> None:
    # Splits are drawn per row (valid ~13%): at 720 rows a cause had ~5 valid rows and now
    # and then none; at 1,800 (~100 a cause) a missing cell is about one seed in 50,000.
    table = generate(1800, seed=7)
    for split in SPLITS:
        assert set(table.loc[table["split"] == split, "cause"]) == {c.value for c in Cause}


def test_rows_are_valid_messages(table: pd.DataFrame) -> None:
    messages = to_messages(table)
    assert len(messages) == len(table)
    assert all(m.error for m in messages)


def test_label_sources(table: pd.DataFrame) -> None:
    kinds = set(table["label_source"].str.split(":").str[0])
    assert kinds <= {"generator", "corpus", "rule"}
    assert {"generator", "corpus"} <= kinds
    gen = table[table["label_source"].str.startswith("generator:")]
    assert (gen["label_source"].str.removeprefix("generator:") == gen["cause"]).all()


def test_corpus_test_texts_only_in_test_split(table: pd.DataFrame) -> None:
    test_texts = set(CORPUS.loc[CORPUS["split"] == "test", "text"])
    footers = [""] + [" " + f for f in _OPT_OUT["en"]]  # a corpus send may get its footer
    for row in table.itertuples():
        body = json.loads(row.message)["body"]
        if any(body.endswith(f) and body[: len(body) - len(f)] in test_texts for f in footers):
            assert row.split == "test"
        elif row.label_source.startswith(("corpus", "rule")):
            assert row.split != "test"


def test_brands_do_not_cross_splits(table: pd.DataFrame) -> None:
    brands: dict[str, set[str]] = {}
    for row in table.itertuples():
        brand = json.loads(row.message).get("brand")
        if brand:
            brands.setdefault(brand, set()).add(row.split)
    assert all(len(s) == 1 for s in brands.values())


def test_hard_cases_and_clean_negatives(table: pd.DataFrame) -> None:
    assert table["hard"].sum() > 0
    unknown = to_messages(table[table["cause"] == Cause.UNKNOWN.value])
    assert unknown and all("STOP" in m.body or not m.first_message for m in unknown[:20])


def test_data_card_counts(table: pd.DataFrame) -> None:
    card = data_card(table)
    assert card["rows"] == 720
    assert sum(card["by_cause"].values()) == 720
    assert card["known_biases"]


def test_every_generated_error_is_read() -> None:
    # A bare code the reader cannot place (Bandwidth's toll-free denials, MM7 numbers) taught
    # the model that an unread error means the row's cause; no generated error is unread.
    from diagnose.errors.normalise import normalise_error

    table = generate(1800, seed=3)
    for message in to_messages(table):
        assert normalise_error(message.error).status != "unknown", message.error


def test_an_empty_body_lacks_nothing_and_both_paths_agree() -> None:
    from diagnose.learn.body_features import BODY_FEATURES, body_feature_matrix

    names = list(BODY_FEATURES)
    bodies = ["", "   ", "hi there", "Acme: your order shipped. Reply STOP to opt out"]
    matrix = body_feature_matrix(bodies)
    for row, body in zip(matrix, bodies, strict=True):
        for name in ("empty", "no_opt_out", "no_business_name"):
            assert row[names.index(name)] == BODY_FEATURES[name][1](body)[0], (body, name)
    assert [matrix[i][names.index("no_opt_out")] for i in range(4)] == [0.0, 0.0, 1.0, 0.0]
    assert [matrix[i][names.index("empty")] for i in range(4)] == [1.0, 1.0, 0.0, 0.0]
