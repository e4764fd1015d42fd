"""The model directory: its manifest, file hashes, and the checks every loader shares.

Free of scikit-learn, so the inference bundle (``diagnose.learn.bundle``) is found and
verified without it; the pickle's loader (``diagnose.learn.model``) uses the same checks.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parents[2] / "models"
MODEL_FILE = "cause_model.joblib"
BUNDLE_FILE = "cause_model.npz"
MANIFEST_FILE = "manifest.json"
#: Points every entry point (CLI, app, batch) at another model directory; unset, the
#: shipped ``models/`` is used. Tests set it to an empty directory to run rules-only.
MODEL_DIR_ENV = "SMS_DIAGNOSE_MODEL_DIR"


class ModelLoadError(RuntimeError):
    """The shipped model cannot be used; the message says why and what to do."""


def default_model_dir() -> Path:
    """The directory the default model is loaded from."""
    override = os.environ.get(MODEL_DIR_ENV)
    return Path(override) if override else MODEL_DIR


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(directory: Path = MODEL_DIR) -> dict[str, Any]:
    path = directory / MANIFEST_FILE
    if not path.is_file():
        raise ModelLoadError(f"no model manifest at {path}; run `sms-diagnose train`")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def artifact_path(directory: Path, name: object) -> Path:
    """A file the manifest names: a bare file name, of a file in ``directory`` itself."""
    if (
        not isinstance(name, str)
        or name in ("", ".", "..")
        or name != Path(name).name
        or "\\" in name
        or os.path.isabs(name)
    ):
        raise ModelLoadError(
            f"the manifest in {directory} names the artifact {name!r}: it must be a file name "
            "in that directory (no path); refusing to load it"
        )
    path = directory / name
    if path.resolve().parent != directory.resolve():
        raise ModelLoadError(
            f"model file {path} leads outside {directory} (a link?); refusing to load it"
        )
    return path
