"""The trained classifier: cause probabilities and ``content_risk``, with explanations.

Two heads share one fitted ``FeatureUnion`` (see ``diagnose.learn.features``):

- the cause head, a linear classifier over text, engineered body features, the error
  category, context flags and rule hits, fitted on the generated training split;
- the content head, a logistic regression over the body columns only, fitted on the
  ``split=train`` rows of the real corpora plus generated bodies: the probability that the
  body alone reads as spam, phishing or prohibited content.

A model file is a pickle, and unpickling runs code: a model directory must be trusted like
the code itself. So the shipped ``models/cause_model.joblib`` is only unpickled when its
sha256 is the one pinned in the package (``diagnose/learn/pinned.py``, which ``train``
rewrites whenever it writes the shipped directory), not merely the one in the manifest beside
it, which anyone who can write the directory can also write. Another directory is read only
when the user names it (``SMS_DIAGNOSE_MODEL_DIR``, ``--model-dir``); its manifest's sha256
still guards against a damaged file, and its ``artifact`` must be a file in it. A load that
fails after unpickling says that the file's code may have run. Nothing is unpickled under
another scikit-learn version than the one it was trained with; otherwise
``load_default_model`` says why and diagnosis goes rules-only.
"""

from __future__ import annotations

import json
import platform
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy
import scipy.sparse as sp
import sklearn
from numpy.typing import NDArray
from scipy.special import expit
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.extmath import softmax

from diagnose.causes import Cause
from diagnose.diagnosis import FeatureContribution, ModelBlock
from diagnose.errors.normalise import NormalisedError, normalise_error
from diagnose.learn import pinned
from diagnose.learn.bundle import BundleUnsupported, export_bundle
from diagnose.learn.features import (
    ModelInput,
    build_tables,
    cause_features,
    describe,
    feature_spans,
    merge_repeats,
    model_input,
)
from diagnose.learn.inputs import body_only_input
from diagnose.learn.loading import load_default_model  # noqa: F401  (its old home)
from diagnose.learn.manifest import (  # noqa: F401  (MODEL_DIR_ENV, default_model_dir: old home)
    BUNDLE_FILE,
    MANIFEST_FILE,
    MODEL_DIR,
    MODEL_DIR_ENV,
    MODEL_FILE,
    ModelLoadError,
    artifact_path,
    default_model_dir,
    read_manifest,
    sha256_file,
)
from diagnose.message import FailedMessage
from diagnose.rules.base import Finding
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.registry import RULES

#: The generated module holding the shipped model file's sha256 (see ``write_pin``).
PIN_FILE = Path(__file__).with_name("pinned.py")
TOP_FEATURES = 5
#: Feature groups the content head reads: the body only.
BODY_GROUPS = ("words", "chars", "body")


class ColumnSlice(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Keep the first ``n`` columns (the body features come first in the union)."""

    def __init__(self, n: int = 0) -> None:
        self.n = n

    def fit(self, X: Any, y: Any = None) -> ColumnSlice:
        return self

    def transform(self, X: sp.csr_matrix) -> sp.csr_matrix:
        return X[:, : self.n]


def make_classifier(family: str, seed: int) -> Any:
    """The candidate model families compared in cross-validation."""
    if family == "logreg":
        return LogisticRegression(C=4.0, max_iter=500, tol=1e-3, random_state=seed)
    if family == "linear_svm_calibrated":
        return CalibratedClassifierCV(LinearSVC(C=0.5, random_state=seed), cv=3, method="sigmoid")
    if family == "complement_nb":
        return ComplementNB(alpha=0.3)
    raise ValueError(f"unknown model family {family!r}")


def content_classifier(seed: int) -> LogisticRegression:
    """The content head: balanced classes, since spam is about 16% of the corpus rows."""
    return LogisticRegression(C=20.0, max_iter=2000, class_weight="balanced", random_state=seed)


FAMILIES = ("logreg", "linear_svm_calibrated", "complement_nb")


def class_weights(clf: Any) -> NDArray[np.float64]:
    """(n_classes, n_features) weights whose product with a row is each class's score."""
    if hasattr(clf, "coef_"):
        return np.asarray(clf.coef_, dtype=np.float64)
    if hasattr(clf, "calibrated_classifiers_"):
        stack = [np.asarray(c.estimator.coef_) for c in clf.calibrated_classifiers_]
        return np.asarray(np.mean(stack, axis=0), dtype=np.float64)
    if hasattr(clf, "feature_log_prob_"):
        return np.asarray(clf.feature_log_prob_, dtype=np.float64)
    raise TypeError(f"cannot explain a {type(clf).__name__}")


@dataclass
class CauseModel:
    """The fitted model: ``Classifier`` for ``diagnose(..., model=...)`` and a batch path."""

    version: str
    features: FeatureUnion
    cause_clf: Any
    content_clf: Any
    classes: tuple[Cause, ...]
    n_body_features: int
    content_threshold: float
    feature_names: NDArray[np.object_] = field(repr=False)

    def __post_init__(self) -> None:
        self._prepare()

    def _prepare(self) -> None:
        build_tables()
        # Centred weights: a feature's push towards one class relative to the others.
        w = class_weights(self.cause_clf)
        self._centred = np.asfortranarray(w - w.mean(axis=0, keepdims=True))
        for clf in (self.cause_clf, self.content_clf):
            if hasattr(clf, "coef_"):
                # Column-major weights avoid a copy on every single-row call (perf notes).
                clf.coef_ = np.asfortranarray(clf.coef_)
        # The content head's weights padded to the full feature width: scoring the whole
        # matrix skips slicing out the body columns (a copy of most of the matrix).
        self._content_w: NDArray[np.float64] | None = None
        clf = self.content_clf
        if isinstance(clf, LogisticRegression) and clf.coef_.shape[0] == 1:
            w = np.zeros(len(self.feature_names), dtype=np.float64)
            w[: self.n_body_features] = clf.coef_[0]
            self._content_w = w
        # ``_predict_split`` reproduces predict_proba of a multinomial LogisticRegression
        # (softmax of X @ coef_.T + intercept_) with the body columns first in the union.
        groups = [name for name, _ in self.features.transformer_list]
        body_first = groups[: len(BODY_GROUPS)] == list(BODY_GROUPS)
        cause = self.cause_clf
        self._split = (
            type(cause) is LogisticRegression
            and len(cause.classes_) > 2
            and self._content_w is not None
            and body_first
            and self.features.transformer_weights is None
        )

    def _content_risk(self, X: sp.csr_matrix) -> NDArray[np.float64]:
        """The content head's spam probability for each row of the full feature matrix."""
        if self._content_w is None:
            proba = self.content_clf.predict_proba(X[:, : self.n_body_features])
            return np.asarray(proba[:, 1], dtype=np.float64)
        return np.asarray(expit(X @ self._content_w + self.content_clf.intercept_[0]))

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._prepare()

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    @property
    def cause_pipeline(self) -> Pipeline:
        """The cause head as a scikit-learn ``Pipeline`` over ``ModelInput`` rows."""
        return Pipeline([("features", self.features), ("clf", self.cause_clf)])

    @property
    def content_pipeline(self) -> Pipeline:
        """The content head as a ``Pipeline``: features, body columns, classifier."""
        return Pipeline(
            [
                ("features", self.features),
                ("body", ColumnSlice(self.n_body_features)),
                ("clf", self.content_clf),
            ]
        )

    def predict_inputs(
        self, inputs: Sequence[ModelInput]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(cause probabilities in ``classes`` order, content_risk) for each input."""
        if self._split and inputs:
            split = self._predict_split(inputs)
            if split is not None:
                return split
        X = self._transform(inputs)
        return self.cause_clf.predict_proba(X), self._content_risk(X)

    def _predict_split(
        self, inputs: Sequence[ModelInput]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
        """``predict_inputs`` without building the feature matrix of every row, bit for bit.

        A row's score for a class is a sum over its matrix entries in order (scipy's CSR
        product starts at zero and adds ``value * weight`` entry by entry): first the body
        columns, then the error, context and rule tokens. So the body part is computed once
        per distinct body by that same product, and each row then adds its token weights
        (tokens have value 1.0, so ``1.0 * w`` is ``w`` and the additions are the same
        IEEE operations) in the same order. The content head only weighs body columns: its
        score is the body part (adding a token's zero weight changes no sum). Returns None
        (the caller takes the plain way) when the matrix is not as this assumes.
        ``tests/test_model.py`` holds it to ``predict_proba`` on the full matrix.
        """
        index: dict[str, int] = {}
        slots = np.fromiter(
            (index.setdefault(d.body, len(index)) for d in inputs), np.int64, len(inputs)
        )
        bodies = [body_only_input(b) for b in index]
        body_blocks, token_blocks = [], []
        for name, part in self.features.transformer_list:
            if name in BODY_GROUPS:
                body_blocks.append(part.transform(bodies))
            else:
                token_blocks.append(sp.csr_matrix(part.transform(inputs)))
        Xb = sp.hstack(body_blocks, format="csr")
        n_body = Xb.shape[1]
        if n_body != self.n_body_features or any(not np.all(b.data == 1.0) for b in token_blocks):
            return None
        assert self._content_w is not None
        weights = self.cause_clf.coef_.T  # (features, classes), C order: what X @ coef_.T reads
        scores = np.asarray(Xb @ weights[:n_body])[slots]
        first = n_body
        for block in token_blocks:
            starts, cols = block.indptr, block.indices
            lengths = np.diff(starts)
            for k in range(int(lengths.max(initial=0))):
                rows = np.flatnonzero(lengths > k)
                scores[rows] += weights[first + cols[starts[rows] + k]]
            first += block.shape[1]
        if first != weights.shape[0]:
            return None
        proba = softmax(scores + self.cause_clf.intercept_, copy=False)
        content = np.asarray(Xb @ self._content_w[:n_body])[slots]
        risk = np.asarray(expit(content + self.content_clf.intercept_[0]))
        return proba, risk

    def _transform(self, inputs: Sequence[ModelInput]) -> sp.csr_matrix:
        """``features.transform(inputs)``, with the body columns computed once per body.

        Batches repeat bodies (one template, many recipients or error codes): the text and
        body features are a function of the body alone, so they are computed for the
        distinct bodies and their rows repeated.
        """
        index: dict[str, int] = {}
        slots = np.fromiter(
            (index.setdefault(d.body, len(index)) for d in inputs), np.int64, len(inputs)
        )
        if len(index) == len(inputs):
            return self.features.transform(inputs)
        bodies = [body_only_input(b) for b in index]
        blocks = [
            part.transform(bodies)[slots] if name in BODY_GROUPS else part.transform(inputs)
            for name, part in self.features.transformer_list
        ]
        return sp.hstack(blocks, format="csr")

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
        X = self.features.transform([model_input(message, findings, error)])
        proba = self.cause_clf.predict_proba(X)[0]
        risk = float(self._content_risk(X)[0])
        best = int(np.argmax(proba))
        # A term repeated in the body is several entries of the row; merge them to rank terms.
        row = merge_repeats(sp.csr_matrix(X[0]))
        contrib = row.data * self._centred[best, row.indices]
        order = np.argsort(-contrib)[:TOP_FEATURES]
        top = []
        for k in order:
            if contrib[k] <= 0:
                break
            name = str(self.feature_names[row.indices[k]])
            top.append(
                FeatureContribution(
                    feature=name,
                    description=describe(name),
                    weight=float(contrib[k]),
                    spans=feature_spans(name, message.body or "", findings),
                )
            )
        return ModelBlock(
            version=self.version,
            probabilities={c: float(p) for c, p in zip(self.classes, proba, strict=True)},
            content_risk=risk,
            top_features=tuple(top),
        )


def inputs_for(messages: Sequence[FailedMessage]) -> list[ModelInput]:
    """Run the rules and normalise the error for each message: the model's view of them."""
    out = []
    for m in messages:
        findings, _ = run_rules(RULES, RuleContext(m))
        out.append(model_input(m, findings, normalise_error(m.error, m.provider, m.provider_name)))
    return out


def fit_model(
    gen_inputs: Sequence[ModelInput],
    gen_labels: Sequence[str],
    gen_risky: Sequence[int],
    corpus_texts: Sequence[str],
    corpus_risky: Sequence[int],
    *,
    family: str = "logreg",
    seed: int,
    version: str,
    content_threshold: float = 0.5,
) -> CauseModel:
    """Fit the shared features and both heads (training rows only, by the caller's split)."""
    features = cause_features()
    corpus_inputs = [body_only_input(t) for t in corpus_texts]
    features.fit([*gen_inputs, *corpus_inputs])
    names = features.get_feature_names_out()
    n_body = sum(1 for n in names if str(n).split("__", 1)[0] in BODY_GROUPS)
    # Solvers get canonical matrices (liblinear's per-row x.x is wrong with repeated entries).
    Xg = merge_repeats(features.transform(gen_inputs))
    classes = tuple(Cause(c) for c in sorted(set(gen_labels)))
    cause_clf = make_classifier(family, seed)
    cause_clf.fit(Xg, np.asarray(gen_labels))
    Xc = merge_repeats(features.transform(corpus_inputs))
    Xb = sp.vstack([Xc[:, :n_body], Xg[:, :n_body]]).tocsr()
    yb = np.concatenate([np.asarray(corpus_risky), np.asarray(gen_risky)])
    content_clf = content_classifier(seed)
    content_clf.fit(Xb, yb)
    assert tuple(str(c) for c in cause_clf.classes_) == tuple(c.value for c in classes)
    return CauseModel(
        version=version,
        features=features,
        cause_clf=cause_clf,
        content_clf=content_clf,
        classes=classes,
        n_body_features=n_body,
        content_threshold=content_threshold,
        feature_names=names,
    )


def clone_unfitted(model: CauseModel) -> Any:
    return clone(model.cause_clf)


# --- artifact -----------------------------------------------------------------------------


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }


def save_model(model: CauseModel, manifest: dict[str, Any], directory: Path = MODEL_DIR) -> Path:
    """Write the artifact, its inference bundle and the manifest (with both sha256s); writing
    the shipped directory also pins the new hashes in the package (``write_pin``)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    joblib.dump(model, path, compress=3)
    digest = sha256_file(path)
    manifest = {
        **manifest,
        "artifact": MODEL_FILE,
        "sha256": digest,
        "size_bytes": path.stat().st_size,
        "versions": library_versions(),
        **write_bundle(model, directory),
    }
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    if _is_shipped(directory):
        write_pin(digest, bundle=manifest["bundle_sha256"])
    return path


def write_bundle(model: CauseModel, directory: Path) -> dict[str, Any]:
    """Export ``model``'s inference bundle beside its pickle; the manifest entries naming it.

    A model the bundle cannot hold (another family) gets none, and the manifest says why:
    diagnosis then loads the pickle.
    """
    path = directory / BUNDLE_FILE
    try:
        export_bundle(model, path)
    except (BundleUnsupported, AttributeError) as exc:
        path.unlink(missing_ok=True)
        return {"bundle": None, "bundle_sha256": None, "bundle_note": f"no bundle: {exc}"}
    return {"bundle": BUNDLE_FILE, "bundle_sha256": sha256_file(path)}


def _is_shipped(directory: Path) -> bool:
    return directory.resolve() == MODEL_DIR.resolve()


def write_pin(digest: str, path: Path | None = None, *, bundle: str | None = None) -> None:
    """Pin ``digest`` as the shipped model's sha256 and ``bundle`` as its inference bundle's:
    rewrite ``pinned.py`` (commit it with the model) and the values this process checks."""
    (path or PIN_FILE).write_text(
        '"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle\n'
        "models/cause_model.npz: a model file is code, and only this file is unpickled from\n"
        "the shipped directory; only this bundle is read from it. Written by `sms-diagnose\n"
        'train` (diagnose.learn.model.write_pin); do not edit by hand."""\n\n'
        f'SHIPPED_MODEL_SHA256 = "{digest}"\n'
        "SHIPPED_BUNDLE_SHA256: str | None = " + (f'(\n    "{bundle}"\n)\n' if bundle else "None\n")
    )
    pinned.SHIPPED_MODEL_SHA256 = digest
    pinned.SHIPPED_BUNDLE_SHA256 = bundle


def export_bundle_of(directory: Path = MODEL_DIR) -> tuple[CauseModel, dict[str, Any]]:
    """Derive the inference bundle from the pickle already in ``directory`` (no retraining):
    write it, name it and its sha256 in the manifest, and re-pin it for the shipped
    directory. Returns the pipeline and the manifest's new bundle entries."""
    model = load_model(directory)
    entries = write_bundle(model, directory)
    manifest: dict[str, Any] = {}
    for key, value in read_manifest(directory).items():
        if key in ("bundle", "bundle_sha256", "bundle_note"):
            continue
        manifest[key] = value
        if key == "versions":  # where save_model puts them
            manifest.update(entries)
    manifest.update(entries)
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    if _is_shipped(directory):
        write_pin(manifest["sha256"], bundle=entries["bundle_sha256"])
    return model, entries


#: Said whenever a load fails after the file was unpickled.
FOREIGN_CODE = (
    "WARNING: the file was unpickled, and unpickling runs any code the file holds. If you "
    "did not build it yourself, code from it may have run on this machine: treat it as you "
    "would an untrusted program"
)


def load_model(directory: Path = MODEL_DIR) -> CauseModel:
    """Verify the artifact against its manifest, then unpickle it; ``ModelLoadError`` if not."""
    manifest = read_manifest(directory)
    path = artifact_path(directory, manifest.get("artifact", MODEL_FILE))
    if not path.is_file():
        raise ModelLoadError(f"model file {path} is missing; run `sms-diagnose train`")
    digest = sha256_file(path)
    if _is_shipped(directory) and digest != pinned.SHIPPED_MODEL_SHA256:
        raise ModelLoadError(
            f"model file {path} is not the shipped model (sha256 {digest[:12]}..., pinned "
            f"{pinned.SHIPPED_MODEL_SHA256[:12]}... in diagnose/learn/pinned.py); refusing to "
            "unpickle it: a model file is code. Rebuild it with `sms-diagnose train`, or put "
            "a model you trust in another directory and name it (SMS_DIAGNOSE_MODEL_DIR)"
        )
    if digest != manifest.get("sha256"):
        raise ModelLoadError(
            f"model file {path} does not match its manifest (sha256 {digest[:12]}..., "
            f"expected {str(manifest.get('sha256'))[:12]}...); refusing to unpickle it. "
            "Rebuild it with `sms-diagnose train`"
        )
    trained = manifest.get("versions", {}).get("scikit-learn")
    if trained != sklearn.__version__:
        raise ModelLoadError(
            f"model was trained with scikit-learn {trained}, but {sklearn.__version__} is "
            "installed; pickles are not portable across versions. Retrain with "
            "`sms-diagnose train` or install the matching version"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", sklearn.exceptions.InconsistentVersionWarning)
            model = joblib.load(path)
    except Exception as exc:
        raise ModelLoadError(
            f"{path} could not be loaded ({type(exc).__name__}). {FOREIGN_CODE}"
        ) from None
    if not isinstance(model, CauseModel):
        raise ModelLoadError(
            f"{path} does not hold a CauseModel (it holds a {type(model).__name__}). {FOREIGN_CODE}"
        )
    return model
