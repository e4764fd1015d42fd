"""The words' guess at an error's category: shipped as it was fitted, and used only as a fallback.

``diagnose.errors.guess`` ships a logistic regression fitted by ``scripts/build_error_guess.py``
on the error table's own texts. These tests hold the plain-Python inference equal to
scikit-learn's on the same weights, the shipped file equal to a rebuild, generic failures
unknown, and the guess out of every reading a table row or a phrase already gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.guess import DATA_FILE, features, file_digest, guess_cause, shipped_model

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "diagnose" / "errors" / "data"
sys.path.insert(0, str(ROOT / "scripts"))

import build_error_guess  # noqa: E402


@pytest.fixture(scope="module")
def texts() -> list[build_error_guess.Text]:
    found: list[build_error_guess.Text] = build_error_guess.training_texts()
    return found


@pytest.fixture(scope="module")
def fitted(texts: list[build_error_guess.Text]) -> Any:
    """The build's scikit-learn pipeline, fitted afresh on the table's texts."""
    return build_error_guess.fit([t.text for t in texts], [t.category for t in texts])


def _sklearn_pipeline(data: dict[str, Any], texts: list[str]) -> Any:
    """scikit-learn's own vectorizer and classifier, holding the shipped numbers."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=features, vocabulary=data["vocabulary"], sublinear_tf=True, lowercase=False
    )
    vectorizer.fit(texts)
    vectorizer.idf_ = np.asarray(data["idf"])
    model = LogisticRegression()
    model.classes_ = np.asarray(data["classes"])
    model.coef_ = np.asarray(data["coef"])
    model.intercept_ = np.asarray(data["intercept"])
    model.n_features_in_ = len(data["vocabulary"])
    return vectorizer, model


def test_the_shipped_inference_is_sklearns_on_the_training_texts(
    texts: list[build_error_guess.Text], fitted: Any
) -> None:
    words = [t.text for t in texts]
    shipped = shipped_model()
    got = np.vstack([shipped.probabilities(t) for t in words])
    assert [c.value for c in shipped.classes] == list(fitted.classes_)
    # scikit-learn's own arithmetic on the shipped numbers: the same to the last bits
    vectorizer, model = _sklearn_pipeline(json.loads((DATA / DATA_FILE).read_bytes()), words)
    assert np.abs(got - model.predict_proba(vectorizer.transform(words))).max() <= 1e-9
    # a fit made now, on this machine: the same optimum, up to another CPU's last digits
    assert np.abs(got - fitted.predict_proba(words)).max() <= 1e-6


def test_the_shipped_file_is_fitted_on_the_packaged_table(
    texts: list[build_error_guess.Text],
) -> None:
    """Fitted on exactly the packaged table's texts (after a table change: make error-codes),
    and the recorded sha256 is the file's: nothing hand-edited."""
    raw = (DATA / DATA_FILE).read_bytes()
    recorded = (DATA / f"{DATA_FILE}.sha256").read_text(encoding="utf-8").split()[0]
    assert file_digest(raw) == recorded
    assert json.loads(raw)["texts_sha256"] == build_error_guess.texts_digest(texts), (
        "the error table changed since the guess was fitted: run make error-codes"
    )


def test_the_training_texts_are_the_tables_and_nothing_else(
    texts: list[build_error_guess.Text], tmp_path: Path
) -> None:
    assert len(texts) > 2500
    # generic failures and lifecycle statuses are texts of their own class: "unknown"
    assert {"unknown", "recipient_blocked", "account_or_configuration"} <= {
        t.category for t in texts
    }
    table = tmp_path / "error_codes.csv"
    lines = (DATA / "error_codes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(lines[:1]), encoding="utf-8")
    assert build_error_guess.training_texts(table) == []  # no other source (eval/ least of all)
    row = (
        "plivo,20,api,Blocked Recipient,Recipient on block list,Message to {to} blocked,m,"
        "recipient_blocked,,blocked,no,sender,no,no,,P,https://example.com\n"
    )
    table.write_text(lines[0] + row, encoding="utf-8")
    assert [(t.text, t.category) for t in build_error_guess.training_texts(table)] == [
        ("Blocked Recipient", "recipient_blocked"),
        ("Message to {to} blocked", "recipient_blocked"),
        ("Recipient on block list", "recipient_blocked"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "An unknown error occurred",
        "Delivery Failed",
        "failed",
        "Message failed",
        "Error",
        "Undelivered",
        "Something went wrong",
        "status: queued",
    ],
)
def test_texts_that_say_nothing_stay_unknown(text: str) -> None:
    assert guess_cause(text) is None
    err = normalise_error(text)
    assert err.status != "words" and err.category in (Cause.UNKNOWN, None)


# Wordings no table row or vocabulary phrase holds, from providers the table does not cover
# (none of them in eval/): the guess reads the cause from words near the table's.
GUESSED = [
    ("Message rejected: recipient number is on the operator block list", Cause.RECIPIENT_BLOCKED),
    ("Request exceeded allowed sends per hour", Cause.RATE_OR_VOLUME_LIMIT),
    ("Message text contains disallowed characters", Cause.CONTENT_TOO_LONG_OR_ENCODING),
]


@pytest.mark.parametrize(("text", "cause"), GUESSED)
def test_words_no_row_holds_are_guessed(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert err.status == "words"
    assert err.category is cause
    assert err.code is None and err.info is None and err.provider is None
    assert "guess from the words" in err.note


@pytest.mark.parametrize("text", ["30007", "TEXT_SPAM", "21610", "Twilio 30008", "9"])
def test_a_row_or_an_ambiguous_code_is_never_guessed_over(text: str) -> None:
    assert normalise_error(text).status != "words"


def test_reading_an_error_does_not_import_sklearn() -> None:
    code = (
        "import sys; from diagnose.errors import normalise_error; "
        "e = normalise_error('Request exceeded allowed sends per hour'); "
        "print(e.status, 'sklearn' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["words", "False"]
