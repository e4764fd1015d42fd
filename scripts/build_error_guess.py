"""Fit the error-category fallback (``diagnose.errors.guess``) on the error table's own texts.

Training texts are every row's documented words in ``diagnose/errors/data/error_codes.csv``:
its text code (``TEXT_SPAM``; numbers are not words), name, aliases and message, each a
text labelled with the row's category. Lifecycle rows (delivered, queued) and generic
failures are ``unknown``: a text that says nothing must be guessed as nothing. No file
under ``eval/`` is read: the outside sets only measure.

The pipeline is scikit-learn's ``TfidfVectorizer`` (the features of ``guess.features``,
sublinear tf, l2) and a class-balanced multinomial ``LogisticRegression`` fitted to a tight
tolerance (its optimum is unique, so the weights do not depend on the machine's arithmetic
beyond the rounding below). Only the vocabulary, idf, weights and ``THRESHOLD`` ship, as
JSON, with the file's sha256 beside it.

``--cv`` measures it by cross-validation grouped by provider (leave one provider out: each
provider's texts are predicted by a model that never saw its wording) and prints, per
threshold, the share of texts a guess is made for and how many of those guesses are right;
``THRESHOLD`` is the one chosen from that table.

Usage::

    python scripts/build_error_guess.py            # rewrite data/error_guess.json(.sha256)
    python scripts/build_error_guess.py --check    # exit 1 if fitted on other texts than today's
    python scripts/build_error_guess.py --cv       # grouped cross-validation figures
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from diagnose.errors.guess import DATA_FILE, FORMAT, features, file_digest  # noqa: E402

TABLE = ROOT / "diagnose" / "errors" / "data" / "error_codes.csv"
OUT = ROOT / "diagnose" / "errors" / "data" / DATA_FILE

#: Inverse regularisation strength.
C = 10.0
#: Features seen in fewer texts than this are left out (they cannot carry to a new provider).
MIN_DF = 2
#: The least probability a guess needs: the lowest of ``--cv``'s thresholds whose guesses
#: were right at least ``PRECISION`` of the time for providers the model had not seen.
THRESHOLD = 0.7
PRECISION = 0.85
#: Significant digits kept of each weight: far above the solver's tolerance, so a rebuild on
#: another machine writes the same bytes, and far below what moves a probability by 1e-9.
DIGITS = 10
_TOL = 1e-10
_MAX_ITER = 10_000
_LIFECYCLE = ("success", "status")


class Text(NamedTuple):
    """One training text: the words, its category, whose row and which field."""

    text: str
    category: str
    provider: str
    field: str


def training_texts(table: Path = TABLE) -> list[Text]:
    """Every row's documented texts with its category, deduplicated, in a fixed order."""
    out: set[Text] = set()
    with table.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            category = "unknown" if row["category"] in _LIFECYCLE else row["category"]
            fields = [("name", row["name"]), ("message", row["message"])]
            fields += [("alias", a) for a in row["aliases"].split(";")]
            if not row["code"].isdigit():
                fields.append(("code", row["code"]))
            for field, text in fields:
                text = " ".join(text.split())
                if any(f.startswith("w:") for f in features(text)):
                    out.add(Text(text, category, row["provider"], field))
    return sorted(out)


def fit(texts: Sequence[str], labels: Sequence[str], c: float = C) -> Any:
    """The scikit-learn pipeline, fitted (imported here: reading errors never needs it)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from threadpoolctl import threadpool_limits

    pipeline = make_pipeline(
        TfidfVectorizer(
            analyzer=features, sublinear_tf=True, lowercase=False, min_df=MIN_DF, dtype=np.float64
        ),
        LogisticRegression(
            C=c, class_weight="balanced", tol=_TOL, max_iter=_MAX_ITER, solver="lbfgs"
        ),
    )
    # One thread: the problem is small, and threads only wait on each other (ten times the
    # CPU on a busy machine); one order of summation also keeps the weights the same.
    with threadpool_limits(1):
        pipeline.fit(list(texts), list(labels))
    return pipeline


def _round(x: float) -> float:
    return float(f"{x:.{DIGITS}g}")


def texts_digest(texts: Sequence[Text]) -> str:
    """sha256 of the (text, category) pairs fitted on: exact on any machine, unlike the
    weights' last digits, so a stale file is told apart from another CPU's arithmetic."""
    pairs = sorted({(t.text, t.category) for t in texts})
    return file_digest(json.dumps(pairs, ensure_ascii=False).encode())


def to_dict(
    pipeline: Any, threshold: float = THRESHOLD, *, texts: Sequence[Text] = ()
) -> dict[str, Any]:
    """What ships: classes, vocabulary (column order), idf, weights, threshold, and the
    digest of the texts it was fitted on."""
    vectorizer, model = pipeline[0], pipeline[-1]
    vocab = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {
        "format": FORMAT,
        "trained_on": "diagnose/errors/data/error_codes.csv: code labels, names, aliases, "
        "messages; lifecycle rows as unknown",
        "texts_sha256": texts_digest(texts),
        "c": C,
        "min_df": MIN_DF,
        "threshold": threshold,
        "classes": [str(c) for c in model.classes_],
        "vocabulary": vocab,
        "idf": [_round(x) for x in vectorizer.idf_],
        "intercept": [_round(x) for x in model.intercept_],
        "coef": [[_round(x) for x in row] for row in model.coef_],
    }


def render(data: dict[str, Any]) -> bytes:
    # One line per class's weights keeps diffs readable; floats as Python writes them.
    head = {k: v for k, v in data.items() if k != "coef"}
    lines = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    rows = ",\n".join(json.dumps(r, separators=(",", ":")) for r in data["coef"])
    return f'{lines},\n"coef":[\n{rows}\n]}}\n'.encode()


def build(table: Path = TABLE) -> bytes:
    texts = training_texts(table)
    pipeline = fit([t.text for t in texts], [t.category for t in texts])
    return render(to_dict(pipeline, texts=texts))


def grouped_cv(texts: Sequence[Text], c: float = C) -> tuple[list[str], np.ndarray, list[str]]:
    """Leave one provider out: each provider's texts, probabilities from a model without it."""
    providers = sorted({t.provider for t in texts})
    classes = sorted({t.category for t in texts})
    probs = np.zeros((len(texts), len(classes)))
    for held in providers:
        train = [t for t in texts if t.provider != held]
        pipeline = fit([t.text for t in train], [t.category for t in train], c)
        at = [i for i, t in enumerate(texts) if t.provider == held]
        p = pipeline.predict_proba([texts[i].text for i in at])
        cols = [classes.index(k) for k in pipeline[-1].classes_]
        probs[np.ix_(at, cols)] = p
    return classes, probs, [t.category for t in texts]


def cv_report(c: float = C) -> str:
    from sklearn.metrics import accuracy_score, f1_score

    texts = training_texts()
    classes, probs, truth = grouped_cv(texts, c)
    pred = [classes[i] for i in probs.argmax(1)]
    top = probs.max(1)
    lines = [
        f"grouped CV (leave one provider out), C={c}, {len(texts)} texts, "
        f"{len({t.provider for t in texts})} providers",
        f"accuracy {accuracy_score(truth, pred):.3f}  macro-F1 "
        f"{f1_score(truth, pred, average='macro'):.3f}",
        "threshold  guessed  right-of-guessed  unknown-texts-guessed-as-a-cause",
    ]
    chosen = None
    unknown = np.array([t == "unknown" for t in truth])
    for threshold in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        made = np.array([p != "unknown" for p in pred]) & (top >= threshold)
        right = made & np.array([p == t for p, t in zip(pred, truth, strict=True)])
        share = right.sum() / max(made.sum(), 1)
        if chosen is None and share >= PRECISION:
            chosen = threshold
        lines.append(
            f"{threshold:9.2f}  {made.mean():7.1%}  {right.sum() / max(made.sum(), 1):16.1%}  "
            f"{(made & unknown).sum()}/{unknown.sum()}"
        )
    lines.append(f"lowest threshold right >= {PRECISION:.0%} of the time: {chosen}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    parser.add_argument("--cv", action="store_true", help="print grouped CV figures")
    parser.add_argument("--c", type=float, default=C, help="with --cv: another C")
    args = parser.parse_args(argv)
    if args.cv:
        print(cv_report(args.c))
        return 0
    sha = args.out.with_name(args.out.name + ".sha256")
    if args.check:  # stale when fitted on other texts (weights' last digits vary by CPU)
        current = args.out.read_bytes() if args.out.exists() else b""
        recorded = sha.read_text(encoding="utf-8") if sha.exists() else ""
        fitted_on = json.loads(current).get("texts_sha256") if current else None
        if fitted_on != texts_digest(training_texts()) or recorded != (
            f"{file_digest(current)}  {DATA_FILE}\n"
        ):
            print(f"{args.out} is out of date; run scripts/build_error_guess.py", file=sys.stderr)
            return 1
        return 0
    raw = build()
    digest = f"{file_digest(raw)}  {DATA_FILE}\n"
    args.out.write_bytes(raw)
    sha.write_text(digest, encoding="utf-8")
    print(f"wrote {args.out} ({len(raw)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
