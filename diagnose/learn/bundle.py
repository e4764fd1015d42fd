"""The inference bundle: the fitted model as plain arrays, predicted with numpy alone.

Importing scikit-learn costs about half of a process's start, and every batch worker pays
it. Prediction needs none of it: the model is a linear function of features this project
computes itself. So ``export_bundle`` writes what the fitted pipeline (``CauseModel``) holds
into one ``.npz`` (``np.load(allow_pickle=False)`` reads it: arrays only, no code), and
``BundleModel`` predicts from it with the project's own feature code (``inputs``,
``body_features``, ``ngrams``, ``terms``: the modules the pipeline's transformers inherit or
call, so there is no second copy to drift).

What it reproduces, step by step, with the same floating-point operations in the same order:

- the feature union: word and character n-gram tf-idf rows (``NgramTfidf.rows``), the body
  features (``body_feature_matrix``, entries where non-zero, by column), then the error,
  context and rule token columns (``token_rows``), each group's columns after the last;
- the cause head, a multinomial ``LogisticRegression``: per row ``X @ coef_.T`` as scipy's
  CSR product sums it (from zero, entry by entry, in row order: ``np.bincount`` sums each
  bin in input order), plus the intercept, then scikit-learn's ``softmax`` (max
  subtracted, ``exp``, divided by the row sum);
- the content head, a binary ``LogisticRegression`` over the body columns: the same sum,
  plus its intercept, then scipy's logistic function (``_expit``);
- the explanation: the row's repeated entries merged, each entry times the class-centred
  weights, the top five.

Bodies repeat in batches, so the body part of each score is computed once per distinct body
(as ``CauseModel._predict_split`` does). Small calls (``check``, the app) sum it with numpy;
large ones (batch chunks) with scipy's CSR product, imported then (~0.2 s), since one C pass
beats a numpy pass per class by ~14 times there: the same sums either way.
``tests/test_bundle.py`` holds probabilities, content risk and explanations to the
pipeline's on the held-out data, the corpora and batch traffic. Only the logistic-regression
family is exported (``BundleUnsupported`` otherwise): a model of another family keeps to its
pickle.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from diagnose.causes import Cause
from diagnose.diagnosis import FeatureContribution, ModelBlock
from diagnose.errors.normalise import NormalisedError, normalise_error
from diagnose.learn.body_features import BODY_FEATURES, body_feature_matrix, build_tables
from diagnose.learn.inputs import (
    EXTRACTORS,
    ModelInput,
    Rows,
    body_only_input,
    model_input,
    token_rows,
)
from diagnose.learn.ngrams import (
    CharNgramKeys,
    NgramTfidf,
    WordNgramKeys,
    pack_strings,
    unpack_strings,
)
from diagnose.learn.terms import describe, feature_spans
from diagnose.message import FailedMessage
from diagnose.rules.base import Finding
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.registry import RULES

#: Bumped when the arrays' meaning changes; a bundle of another format is refused.
FORMAT = 1
TOP_FEATURES = 5
#: The body groups, first in the union: the content head reads only these columns.
BODY_GROUPS = ("words", "chars", "body")
#: From this many body entries in one call (about 300 distinct SMS bodies) the body sums
#: are scipy's CSR product, which costs an import (see ``BundleModel._scipy_product``).
SCIPY_ENTRIES = 40_000
_NGRAMS: dict[str, type[NgramTfidf]] = {"words": WordNgramKeys, "chars": CharNgramKeys}


class BundleUnsupported(ValueError):
    """This fitted model cannot be written as a bundle (the message says why)."""


# --- export ---------------------------------------------------------------------------------


def export_bundle(model: Any, path: Path) -> None:
    """Write ``model`` (a fitted ``CauseModel``) to ``path`` as a pickle-free ``.npz``.

    The file's bytes depend only on the model (entries in a fixed order, a fixed timestamp),
    so exporting the same model again gives the same sha256.
    """
    arrays, meta = _model_arrays(model)
    arrays = {"meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8), **arrays}
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.asanyarray(array), allow_pickle=False)
    os.replace(tmp, path)


def _model_arrays(model: Any) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
    cause: Any = getattr(model, "cause_clf", None)
    content: Any = getattr(model, "content_clf", None)
    for head, clf, n_classes in (("cause", cause, 3), ("content", content, 2)):
        if type(clf).__name__ != "LogisticRegression" or not hasattr(clf, "coef_"):
            raise BundleUnsupported(
                f"the {head} head is a {type(clf).__name__}: only LogisticRegression is exported"
            )
        if (len(clf.classes_) >= 3) != (n_classes >= 3):
            raise BundleUnsupported(f"the {head} head has {len(clf.classes_)} classes")
    if model.features.transformer_weights is not None:
        raise BundleUnsupported("the feature union weighs its groups")
    groups, arrays = [], {}
    for name, part in model.features.transformer_list:
        names = [str(n) for n in part.get_feature_names_out()]
        kind = _kind(part, names)
        group: dict[str, Any] = {"name": name, "kind": kind, "width": len(names)}
        if kind in _NGRAMS:
            arrays.update({f"{name}.{k}": v for k, v in part.fitted_arrays().items()})
        elif kind == "tokens":
            group["extract"] = part.extract.__name__
        groups.append(group)
    if [g["name"] for g in groups[: len(BODY_GROUPS)]] != list(BODY_GROUPS):
        raise BundleUnsupported("the body groups do not come first in the union")
    coef = np.asarray(cause.coef_, dtype=np.float64)
    centred = getattr(model, "_centred", None)
    if centred is not None and not np.array_equal(_centre(coef), centred):
        # Centred from another memory order (the mean summed in another order): keep them.
        arrays["centred"] = np.asarray(centred, dtype=np.float64)
    blob, ends = pack_strings([str(n) for n in model.feature_names])
    arrays.update(
        {
            "feature_names": blob,
            "feature_name_ends": ends,
            # In its own memory order: the class-centring mean sums in that order.
            "cause_coef": coef,
            "cause_intercept": np.asarray(cause.intercept_, dtype=np.float64),
            "content_coef": np.asarray(content.coef_[0], dtype=np.float64),
            "content_intercept": np.asarray(content.intercept_, dtype=np.float64),
        }
    )
    meta = {
        "format": FORMAT,
        "version": model.version,
        "classes": [c.value for c in model.classes],
        "n_body_features": int(model.n_body_features),
        "content_threshold": float(model.content_threshold),
        "groups": groups,
    }
    return arrays, meta


def _kind(part: Any, names: list[str]) -> str:
    for kind, cls in _NGRAMS.items():
        if isinstance(part, cls):
            return kind
    if hasattr(part, "vocabulary_") and getattr(part, "extract", None) in EXTRACTORS.values():
        if list(part.vocabulary_) != names:
            raise BundleUnsupported(f"token group {names[:3]}... is not in column order")
        return "tokens"
    if names == list(BODY_FEATURES):
        return "body"
    raise BundleUnsupported(f"no bundle form for a {type(part).__name__}")


# --- inference ------------------------------------------------------------------------------


class _Tokens:
    """A token group: its vocabulary (column order) and the extractor it reads."""

    def __init__(self, vocabulary: Sequence[str], extract: str) -> None:
        self.vocabulary = {t: i for i, t in enumerate(vocabulary)}
        self.extract = EXTRACTORS[extract]

    def rows(self, X: Sequence[ModelInput]) -> Rows:
        return token_rows(self.vocabulary, self.extract, X)


def _body_rows(X: Sequence[ModelInput]) -> Rows:
    """The body features as sparse rows: the non-zero values, row by row, by column."""
    dense = body_feature_matrix([d.body for d in X])
    docs, cols = np.nonzero(dense)
    indptr = np.zeros(len(X) + 1, dtype=np.int64)
    np.cumsum(np.bincount(docs, minlength=len(X)), out=indptr[1:])
    return Rows(dense[docs, cols], cols, indptr, dense.shape[1])


class BundleModel:
    """The classifier from a bundle: ``Classifier`` for ``diagnose()`` and the batch path."""

    def __init__(self, arrays: Mapping[str, NDArray[Any]]) -> None:
        meta = json.loads(arrays["meta"].tobytes())
        if meta.get("format") != FORMAT:
            raise ValueError(f"bundle format {meta.get('format')!r}, expected {FORMAT}")
        self.version: str = meta["version"]
        self.classes = tuple(Cause(c) for c in meta["classes"])
        self.n_body_features: int = meta["n_body_features"]
        self.content_threshold: float = meta["content_threshold"]
        names = unpack_strings(arrays["feature_names"], arrays["feature_name_ends"])
        self.feature_names = names
        self._groups: list[tuple[str, Any, int]] = []
        first = 0
        for g in meta["groups"]:
            name, kind, width = g["name"], g["kind"], g["width"]
            # Names are "<group>__<name>" (FeatureUnion's prefix).
            own = [n.split("__", 1)[1] for n in names[first : first + width]]
            if kind in _NGRAMS:
                prefix = f"{name}."
                part: Any = _NGRAMS[kind].from_arrays(
                    {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}, own
                )
            elif kind == "tokens":
                part = _Tokens(own, g["extract"])
            elif kind == "body" and own == list(BODY_FEATURES):
                part = None
            else:
                raise ValueError(f"group {name!r}: the body features changed since the export")
            self._groups.append((name, part, first))
            first += width
        coef = arrays["cause_coef"]
        n_classes, n_features = coef.shape
        if n_features != first or first != len(names) or n_classes != len(self.classes):
            raise ValueError("the bundle's weights and its feature groups disagree")
        self._intercept = np.asarray(arrays["cause_intercept"], dtype=np.float64)
        self._content_intercept = float(arrays["content_intercept"][0])
        # Centred weights, as CauseModel computes them: a feature's push towards one class
        # relative to the others (explanations).
        self._centred = arrays["centred"] if "centred" in arrays else _centre(coef)
        # One row per class, and the content head's as the last (zero past the body
        # columns): each a contiguous row that a gather reads.
        weights = np.zeros((n_classes + 1, n_features), dtype=np.float64)
        weights[:n_classes] = coef
        weights[n_classes, : self.n_body_features] = arrays["content_coef"]
        self._weights = weights
        self._weights_t: NDArray[np.float64] | None = None  # (features, classes + 1), for scipy
        self._body_groups = [g for g in self._groups if g[0] in BODY_GROUPS]
        self._token_groups = [g for g in self._groups if g[0] not in BODY_GROUPS]
        build_tables()

    # The rows of a group, for any part kind.
    @staticmethod
    def _rows(part: Any, X: Sequence[ModelInput]) -> Rows:
        return _body_rows(X) if part is None else part.rows(X)

    def _body_scores(self, bodies: Sequence[ModelInput]) -> NDArray[np.float64]:
        """(distinct bodies, classes + 1) sums of entry x weight over the body columns.

        Summed as scipy's CSR product sums a row: from zero, each entry in row order (words,
        then characters, then body features), so the bits are the pipeline's.
        """
        n = len(bodies)
        docs, cols, vals = [], [], []
        for _, part, first in self._body_groups:
            r = self._rows(part, bodies)
            docs.append(np.repeat(np.arange(n), np.diff(r.indptr)))
            cols.append(np.asarray(r.indices, dtype=np.int64) + first)
            vals.append(r.data)
        doc, col, val = np.concatenate(docs), np.concatenate(cols), np.concatenate(vals)
        if len(doc) >= SCIPY_ENTRIES:
            return self._scipy_product(n, doc, col, val)
        out = np.empty((n, len(self._weights)), dtype=np.float64)
        for c, w in enumerate(self._weights):
            out[:, c] = np.bincount(doc, weights=val * w[col], minlength=n)
        return out

    def _scipy_product(
        self, n: int, doc: NDArray[np.int64], col: NDArray[np.int64], val: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """The same sums by scipy's CSR product (the pipeline's own), for large batches.

        One pass in C instead of one numpy pass per class: ~14 times faster on batch
        traffic, for an import of ~0.2 s CPU that a large batch repays and a single
        ``check`` never pays. The rows are put in CSR order (each row's entries in the
        union's order: a stable sort of the group-by-group concatenation).
        """
        import scipy.sparse as sp

        order = np.argsort(doc, kind="stable")
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(doc, minlength=n), out=indptr[1:])
        X = sp.csr_matrix((val[order], col[order], indptr), shape=(n, self._weights.shape[1]))
        if self._weights_t is None:
            self._weights_t = np.ascontiguousarray(self._weights.T)
        return np.asarray(X @ self._weights_t)

    def predict_inputs(
        self, inputs: Sequence[ModelInput]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(cause probabilities in ``classes`` order, content_risk) for each input."""
        index: dict[str, int] = {}
        slots = np.fromiter(
            (index.setdefault(d.body, len(index)) for d in inputs), np.int64, len(inputs)
        )
        body = self._body_scores([body_only_input(b) for b in index])
        k = len(self.classes)
        scores = body[slots, :k]
        # Then each row's tokens, entry by entry, in column order within each group.
        for _, part, first in self._token_groups:
            r = part.rows(inputs)
            starts, lengths = r.indptr[:-1], np.diff(r.indptr)
            for j in range(int(lengths.max(initial=0))):
                rows = np.flatnonzero(lengths > j)
                at = starts[rows] + j
                w = self._weights[:k, first + r.indices[at]].T
                scores[rows] += r.data[at, None] * w
        proba = _softmax(scores + self._intercept)
        risk = _expit(body[:, k] + self._content_intercept)  # once per distinct body
        return proba, risk[slots]

    def predict_many(
        self,
        messages: Sequence[FailedMessage],
        findings: Sequence[Sequence[Finding]] | None = None,
        errors: Sequence[NormalisedError] | None = None,
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Batch prediction; pass findings and errors when already computed (batch path)."""
        inputs = []
        for i, m in enumerate(messages):
            f = findings[i] if findings is not None else run_rules(RULES, RuleContext(m))[0]
            e = (
                errors[i]
                if errors is not None
                else normalise_error(m.error, m.provider, m.provider_name)
            )
            inputs.append(model_input(m, f, e))
        return self.predict_inputs(inputs)

    def explain_one(
        self, message: FailedMessage, findings: Sequence[Finding], error: NormalisedError
    ) -> ModelBlock:
        """Probabilities, content risk and the top features behind the most likely cause."""
        doc = model_input(message, findings, error)
        proba_all, risk_all = self.predict_inputs([doc])
        proba, risk = proba_all[0], float(risk_all[0])
        best = int(np.argmax(proba))
        # The row's entries, a term repeated in the body merged (summed) into one.
        cols, vals = [], []
        for _, part, first in self._groups:
            r = self._rows(part, [doc])
            cols.append(np.asarray(r.indices, dtype=np.int64) + first)
            vals.append(r.data)
        merged, where = np.unique(np.concatenate(cols), return_inverse=True)
        data = np.bincount(where, weights=np.concatenate(vals), minlength=len(merged))
        contrib = data * self._centred[best, merged]
        order = np.argsort(-contrib)[:TOP_FEATURES]
        top = []
        for j in order:
            if contrib[j] <= 0:
                break
            name = self.feature_names[merged[j]]
            top.append(
                FeatureContribution(
                    feature=name,
                    description=describe(name),
                    weight=float(contrib[j]),
                    spans=feature_spans(name, message.body or "", findings),
                )
            )
        return ModelBlock(
            version=self.version,
            probabilities={c: float(p) for c, p in zip(self.classes, proba, strict=True)},
            content_risk=risk,
            top_features=tuple(top),
        )


def _expit(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """scipy's ``expit``, ``1 / (1 + exp(-x))`` with the C library's ``exp``: numpy's own
    (vectorised) ``exp`` differs from it in the last bit for some inputs, ``math.exp`` not."""
    return np.fromiter(map(_expit_one, x.tolist()), dtype=np.float64, count=len(x))


def _expit_one(v: float) -> float:
    try:
        return 1.0 / (1.0 + math.exp(-v))
    except OverflowError:  # exp(-v) is inf: C gives 1 / inf
        return 0.0


def _centre(coef: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each weight minus its feature's mean over the classes (as ``CauseModel`` has them)."""
    return np.asfortranarray(coef - coef.mean(axis=0, keepdims=True))


def _softmax(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """scikit-learn's ``softmax`` (``sklearn.utils.extmath``), operation for operation."""
    X -= X.max(axis=1).reshape(-1, 1)
    np.exp(X, out=X)
    X /= X.sum(axis=1).reshape(-1, 1)
    return X


def agreement(pipeline: Any, bundle: BundleModel, inputs: Sequence[ModelInput]) -> dict[str, Any]:
    """How closely the bundle reproduces the pipeline on ``inputs``: the largest absolute
    difference of a cause probability and of content_risk, and whether every top cause is
    the same."""
    p_proba, p_risk = pipeline.predict_inputs(inputs)
    b_proba, b_risk = bundle.predict_inputs(inputs)
    return {
        "rows": len(inputs),
        "max_abs_diff_proba": float(np.max(np.abs(p_proba - b_proba), initial=0.0)),
        "max_abs_diff_risk": float(np.max(np.abs(p_risk - b_risk), initial=0.0)),
        "same_top_cause": bool(np.array_equal(p_proba.argmax(axis=1), b_proba.argmax(axis=1))),
    }


def read_bundle(path: Path) -> BundleModel:
    """The bundle at ``path`` (no hash check: see ``diagnose.learn.loading``)."""
    with np.load(path, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    return BundleModel(arrays)
