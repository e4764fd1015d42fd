"""The inference bundle predicts what the pickled pipeline predicts, without scikit-learn.

Issue 18: every batch worker paid scikit-learn's import (~0.85 s) only to multiply weights.
The bundle (``diagnose.learn.bundle``) is the fitted model as plain arrays, predicted with
numpy and the project's own feature code. These tests hold it to the pipeline on the
held-out data training uses (the generated ``test`` split, the corpora's ``test`` texts) and
on batch traffic: probabilities within 1e-9, the same top cause, the same explanations; and
check that loading and using it imports neither scikit-learn nor scipy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from diagnose.engine import diagnose
from diagnose.learn import pinned
from diagnose.learn.bundle import BundleModel, agreement, export_bundle
from diagnose.learn.corpus import CorpusNotFound, load_corpora
from diagnose.learn.features import ModelInput
from diagnose.learn.generator import DEFAULT_SEED, generate, to_messages
from diagnose.learn.loading import load_bundle, load_default_model, load_predictor
from diagnose.learn.manifest import (
    BUNDLE_FILE,
    MANIFEST_FILE,
    MODEL_DIR,
    MODEL_DIR_ENV,
    MODEL_FILE,
    ModelLoadError,
    sha256_file,
)
from diagnose.learn.model import CauseModel, inputs_for, load_model
from diagnose.message import FailedMessage, Provider

TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def pipeline() -> CauseModel:
    return load_model(MODEL_DIR)  # the shipped model must load here: a failure, not a skip


@pytest.fixture(scope="module")
def bundle() -> BundleModel:
    return load_bundle(MODEL_DIR)


def _held_out() -> tuple[list[ModelInput], list[str]]:
    """The generated test split (as training builds it) and the corpora's test texts."""
    try:
        corpus = load_corpora()
    except CorpusNotFound:
        corpus = None
    gen = generate(9000, seed=DEFAULT_SEED, corpus=corpus)
    inputs = inputs_for(to_messages(gen[gen["split"] == "test"]))
    texts = [] if corpus is None else corpus.loc[corpus["split"] == "test", "text"].tolist()
    return inputs, texts


def _batch_traffic(n: int) -> list[ModelInput]:
    from diagnose.batch.synthetic import generate_rows

    rows = generate_rows(n, seed=8, recipients=n // 6)
    messages = [
        FailedMessage(body=b, error=e or None, provider=Provider(p), to=t, from_=f)
        for b, e, p, t, f in zip(
            rows["body"], rows["error"], rows["provider"], rows["to"], rows["from"], strict=True
        )
    ]
    return inputs_for(messages)


def _assert_agrees(pipeline: CauseModel, bundle: BundleModel, inputs: list[ModelInput]) -> None:
    found = agreement(pipeline, bundle, inputs)
    assert found["rows"] == len(inputs) > 0
    assert found["max_abs_diff_proba"] <= TOLERANCE, found
    assert found["max_abs_diff_risk"] <= TOLERANCE, found
    assert found["same_top_cause"], found


def test_the_bundle_holds_arrays_only() -> None:
    with np.load(MODEL_DIR / BUNDLE_FILE, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    assert all(a.dtype != object for a in arrays.values())
    meta = json.loads(arrays["meta"].tobytes())
    assert meta["version"] == json.loads((MODEL_DIR / MANIFEST_FILE).read_text())["version"]


def test_pin_manifest_and_file_agree() -> None:
    """``train`` / ``export-bundle`` write all three; this fails when one was not committed."""
    manifest = json.loads((MODEL_DIR / MANIFEST_FILE).read_text())
    digest = sha256_file(MODEL_DIR / BUNDLE_FILE)
    assert manifest["bundle"] == BUNDLE_FILE
    assert pinned.SHIPPED_BUNDLE_SHA256 == manifest["bundle_sha256"] == digest


def test_the_shipped_bundle_is_the_shipped_pickle_exported(
    pipeline: CauseModel, tmp_path: Path
) -> None:
    """Exporting the pinned pickle again gives the pinned bundle, byte for byte: the bundle
    is derived from the model, and the export is deterministic."""
    export_bundle(pipeline, tmp_path / "again.npz")
    assert sha256_file(tmp_path / "again.npz") == pinned.SHIPPED_BUNDLE_SHA256


def test_the_bundle_matches_the_pipeline_on_held_out_data(
    pipeline: CauseModel, bundle: BundleModel
) -> None:
    inputs, texts = _held_out()
    _assert_agrees(pipeline, bundle, inputs)
    if texts:  # the corpora's test texts, as the content head reads them and in a message
        _assert_agrees(pipeline, bundle, [ModelInput(t, (), (), ()) for t in texts])
        _assert_agrees(pipeline, bundle, inputs_for([FailedMessage(body=t) for t in texts]))


@pytest.mark.parametrize("scipy_from", [0, 10**12], ids=["scipy-product", "numpy-sums"])
def test_the_bundle_matches_the_pipeline_on_batch_traffic(
    pipeline: CauseModel, bundle: BundleModel, monkeypatch: pytest.MonkeyPatch, scipy_from: int
) -> None:
    """Both ways of summing the body columns (numpy for small calls, scipy's product for
    large ones) give the pipeline's numbers."""
    import diagnose.learn.bundle as bundle_module

    monkeypatch.setattr(bundle_module, "SCIPY_ENTRIES", scipy_from)
    inputs = _batch_traffic(3000)
    _assert_agrees(pipeline, bundle, inputs)
    # Repeated and unknown tokens, rows without any token, and one row alone.
    odd = [
        ModelInput(d.body, d.error_tokens * 2, (*d.context, "not_a_token"), d.rules)
        for d in inputs[:50]
    ]
    bare = [ModelInput(d.body, (), (), ()) for d in inputs[:50]]
    _assert_agrees(pipeline, bundle, odd + bare)
    _assert_agrees(pipeline, bundle, inputs[:1])
    _assert_agrees(pipeline, bundle, [ModelInput("", (), (), ())])


def test_explanations_are_the_pipelines(pipeline: CauseModel, bundle: BundleModel) -> None:
    messages = to_messages(generate(300, seed=5))
    for m in messages:
        assert diagnose(m, model=bundle) == diagnose(m, model=pipeline)


def test_loading_and_predicting_import_no_sklearn() -> None:
    code = (
        "import sys\n"
        "from diagnose import FailedMessage, diagnose\n"
        "from diagnose.learn import load_default_model\n"
        "model, problem = load_default_model()\n"
        "assert problem is None, problem\n"
        "d = diagnose(FailedMessage(body='WIN a prize now bit.ly/x', error='30007'), model=model)\n"
        "assert d.model is not None\n"
        "print(type(model).__name__, sorted(m for m in ('sklearn', 'scipy', 'joblib')"
        " if m in sys.modules))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != MODEL_DIR_ENV}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.split() == ["BundleModel", "[]"]


def test_the_default_model_is_the_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    load_default_model.cache_clear()
    try:
        model, problem = load_default_model()
        assert problem is None and isinstance(model, BundleModel), problem
    finally:
        load_default_model.cache_clear()


def _copy(tmp_path: Path) -> Path:
    directory = tmp_path / "model"
    directory.mkdir(parents=True)
    for name in (MODEL_FILE, BUNDLE_FILE, MANIFEST_FILE):
        shutil.copy(MODEL_DIR / name, directory / name)
    return directory


def test_a_changed_bundle_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    with (directory / BUNDLE_FILE).open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelLoadError, match="does not match its manifest"):
        load_bundle(directory)


def test_a_replaced_shipped_bundle_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever can write models/ can write a matching manifest: the pin still refuses."""
    import diagnose.learn.manifest as manifest_module

    directory = _copy(tmp_path)
    with zipfile.ZipFile(directory / BUNDLE_FILE, "a") as zf:
        zf.writestr("extra.npy", b"")
    manifest = json.loads((directory / MANIFEST_FILE).read_text())
    manifest["bundle_sha256"] = sha256_file(directory / BUNDLE_FILE)
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest))
    monkeypatch.setattr(manifest_module, "MODEL_DIR", directory)
    with pytest.raises(ModelLoadError, match="not the shipped one"):
        load_bundle(directory)


def test_a_directory_without_a_bundle_loads_its_pickle(tmp_path: Path) -> None:
    """A model trained before bundles (or of a family they do not cover) still diagnoses."""
    directory = _copy(tmp_path)
    manifest = json.loads((directory / MANIFEST_FILE).read_text())
    del manifest["bundle"], manifest["bundle_sha256"]
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest))
    (directory / BUNDLE_FILE).unlink()
    assert isinstance(load_predictor(directory), CauseModel)
    assert isinstance(load_predictor(_copy(tmp_path / "other")), BundleModel)
