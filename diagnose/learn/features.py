"""The fitted pipeline's feature transformers: scikit-learn's API over the project's features.

The model sees one ``ModelInput`` per message (``diagnose.learn.inputs``): the body, the
normalised error, the context flags and the ids of the rules that fired. Transformers here
turn those into columns whose names flow through ``get_feature_names_out()``
(``words__verify``, ``body__shortener_link``, ``rules__OPT001``) so a prediction can be
explained in words with body spans (``diagnose.learn.terms``).

The feature logic itself lives in modules that import neither scikit-learn nor scipy
(``inputs``, ``body_features``, ``ngrams``, ``terms``), so the inference bundle
(``diagnose.learn.bundle``) runs the very same code without them; these classes add the
estimator API and scipy matrices. The names below stay importable from here: a pickled model
refers to them by this module (``features.WordNgrams``, ``features._KeyTable``,
``features.error_tokens``).

Everything the pipeline references is module-level, so a fitted model pickles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import FeatureUnion

from diagnose.learn.body_features import (
    BODY_FEATURES,
    Spans,
    _urls,
    body_feature_matrix,
    build_tables,
)
from diagnose.learn.inputs import (
    EXTRACTORS,
    ModelInput,
    Rows,
    body_text,
    context_tokens,
    context_tokens_of,
    error_tokens,
    error_tokens_of,
    model_input,
    rule_ids,
    rule_tokens,
    to_tokens,
    token_rows,
)
from diagnose.learn.ngrams import (
    _SEP,
    CharNgramKeys,
    NgramTfidf,
    WordNgramKeys,
    _DirectTable,
    _fold_joined,
    _KeyTable,
)
from diagnose.learn.terms import _map_folded, describe, feature_spans

__all__ = [
    "BODY_FEATURES",
    "EXTRACTORS",
    "_SEP",
    "BodyFeatures",
    "CharNgramKeys",
    "CharNgrams",
    "ModelInput",
    "NgramTfidf",
    "Rows",
    "Spans",
    "TokenFeatures",
    "WordNgramKeys",
    "WordNgrams",
    "_DirectTable",
    "_KeyTable",
    "_NgramTfidf",
    "_fold_joined",
    "_map_folded",
    "_urls",
    "as_csr",
    "body_feature_matrix",
    "body_text",
    "build_tables",
    "cause_features",
    "content_features",
    "context_tokens",
    "context_tokens_of",
    "describe",
    "error_tokens",
    "error_tokens_of",
    "feature_spans",
    "merge_repeats",
    "model_input",
    "rule_ids",
    "rule_tokens",
    "text_union",
    "to_tokens",
    "token_rows",
]


def as_csr(rows: Rows) -> sp.csr_matrix:
    """``Rows`` as the scipy matrix the pipeline's union stacks."""
    return sp.csr_matrix(
        (rows.data, rows.indices, rows.indptr), shape=(len(rows.indptr) - 1, rows.n_cols)
    )


class BodyFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Named, engineered body features in [0, 1] (see ``BODY_FEATURES``)."""

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> BodyFeatures:
        self.n_features_out_ = len(BODY_FEATURES)
        return self

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        return sp.csr_matrix(body_feature_matrix([doc.body for doc in X]))

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(list(BODY_FEATURES), dtype=object)


class TokenFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """One binary column per token seen in fit (error category, context flag, rule id).

    ``extract`` is a module-level function (picklable) returning a document's tokens; tokens
    unseen in fit (a rule added after training) are ignored (``token_rows``).
    """

    def __init__(self, extract: Callable[[ModelInput], tuple[str, ...]] = rule_tokens) -> None:
        self.extract = extract

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> TokenFeatures:
        vocab = sorted({t for doc in X for t in self.extract(doc)})
        self.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        return self

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        return as_csr(token_rows(self.vocabulary_, self.extract, X))

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(list(self.vocabulary_), dtype=object)


def merge_repeats(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` with repeated entries of a row summed (a copy; for reading entries one by one)."""
    X = X.copy()
    X.sum_duplicates()
    return X


class _NgramTfidf(NgramTfidf, TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """The n-gram tf-idf columns (``diagnose.learn.ngrams``) as a scikit-learn transformer."""

    def transform(self, X: Sequence[ModelInput]) -> sp.csr_matrix:
        return as_csr(self.rows(X))


class WordNgrams(WordNgramKeys, _NgramTfidf):
    """Word 1-2 grams (``\\b\\w+\\b`` tokens) of the folded body (``WordNgramKeys``)."""


class CharNgrams(CharNgramKeys, _NgramTfidf):
    """Character n-grams (up to 3) inside words, like ``char_wb`` (``CharNgramKeys``)."""


def text_union(*, max_words: int = 12000, max_chars: int = 12000) -> list[tuple[str, Any]]:
    """Word 1-2 grams and character 2-3 grams (within word boundaries) of the body."""
    return [
        ("words", WordNgrams(ngram_range=(1, 2), min_df=2, max_features=max_words)),
        ("chars", CharNgrams(ngram_range=(2, 3), min_df=3, max_features=max_chars)),
        ("body", BodyFeatures()),
    ]


def cause_features(**kwargs: int) -> FeatureUnion:
    """Everything: text, engineered body features, error category, context flags, rule hits."""
    return FeatureUnion(
        [
            *text_union(**kwargs),
            ("error", TokenFeatures(error_tokens)),
            ("context", TokenFeatures(context_tokens)),
            ("rules", TokenFeatures(rule_tokens)),
        ]
    )


def content_features(**kwargs: int) -> FeatureUnion:
    """The body alone: what a carrier's content filter sees."""
    return FeatureUnion(text_union(**kwargs))
