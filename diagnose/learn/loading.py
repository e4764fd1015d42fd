"""Loading the model that predicts: the bundle when the directory has one, else the pickle.

Diagnosis only predicts, so it loads the inference bundle (``diagnose.learn.bundle``): no
scikit-learn import, no unpickling. A directory whose manifest names no bundle (one trained
before bundles, or of a family the bundle does not cover) still loads its pickle through
``diagnose.learn.model.load_model``. Training, evaluation and the notebooks use the pickled
pipeline directly.

The bundle is verified like the pickle: the shipped directory's bundle must have the sha256
pinned in the package (``diagnose/learn/pinned.py``), any bundle the one in its manifest.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from diagnose.learn import manifest as _dir
from diagnose.learn import pinned
from diagnose.learn.bundle import BundleModel, read_bundle
from diagnose.learn.manifest import (
    ModelLoadError,
    artifact_path,
    default_model_dir,
    read_manifest,
    sha256_file,
)


def load_bundle(directory: Path) -> BundleModel:
    """Verify the manifest's bundle against its sha256 (and the pin), then read it."""
    manifest = read_manifest(directory)
    name = manifest.get("bundle")
    if name is None:
        raise ModelLoadError(f"the manifest in {directory} names no inference bundle")
    path = artifact_path(directory, name)
    if not path.is_file():
        raise ModelLoadError(f"model bundle {path} is missing; run `sms-diagnose train`")
    digest = sha256_file(path)
    if _is_shipped(directory) and digest != pinned.SHIPPED_BUNDLE_SHA256:
        raise ModelLoadError(
            f"model bundle {path} is not the shipped one (sha256 {digest[:12]}..., pinned "
            f"{str(pinned.SHIPPED_BUNDLE_SHA256)[:12]}... in diagnose/learn/pinned.py). "
            "Rebuild it with `sms-diagnose train` (or `sms-diagnose export-bundle`)"
        )
    if digest != manifest.get("bundle_sha256"):
        raise ModelLoadError(
            f"model bundle {path} does not match its manifest (sha256 {digest[:12]}..., "
            f"expected {str(manifest.get('bundle_sha256'))[:12]}...). Rebuild it with "
            "`sms-diagnose export-bundle`"
        )
    try:
        return read_bundle(path)
    except Exception as exc:  # a damaged or foreign file: say which, never crash diagnosis
        raise ModelLoadError(f"{path} could not be read ({type(exc).__name__}: {exc})") from None


def _is_shipped(directory: Path) -> bool:
    return directory.resolve() == _dir.MODEL_DIR.resolve()


def load_predictor(directory: Path) -> Any:
    """The model that diagnoses: the bundle if the manifest names one, else the pickle."""
    if read_manifest(directory).get("bundle") is not None:
        return load_bundle(directory)
    from diagnose.learn.model import load_model  # scikit-learn: only for such a directory

    return load_model(directory)


@cache
def load_default_model() -> tuple[Any | None, str | None]:
    """The default model, loaded once per process: ``(model, None)`` or ``(None, why not)``."""
    try:
        return load_predictor(default_model_dir()), None
    except ModelLoadError as exc:
        return None, f"trained model not used: {exc}"
    except Exception as exc:  # a corrupt file must not break rules-only diagnosis
        return None, f"trained model not used: {type(exc).__name__}: {exc}"
