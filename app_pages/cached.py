"""The app's one model loader, cached for the life of the server process.

``SMS_DIAGNOSE_MODEL_DIR`` points the app at another model directory (the app tests use an
empty one to check rules-only mode); unset, the shipped ``models/`` is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st


def model_dir() -> Path:
    """The directory holding ``manifest.json`` and the artifact (``SMS_DIAGNOSE_MODEL_DIR``)."""
    from diagnose.learn import default_model_dir

    return default_model_dir()


@st.cache_resource(show_spinner="Loading the model…")
def get_model(directory: str | None = None) -> tuple[Any | None, str | None]:
    """``(model, None)``, or ``(None, why)`` so the app runs rules-only and says why.

    The model is the inference bundle when the directory has one (no scikit-learn import,
    no unpickling: ``diagnose.learn.load_predictor``). ``directory`` only keys the cache
    (callers pass ``str(model_dir())``), so changing the environment variable in a test
    loads afresh.
    """
    from diagnose.learn import ModelLoadError, load_predictor

    path = Path(directory) if directory else model_dir()
    try:
        return load_predictor(path), None
    except ModelLoadError as exc:
        return None, str(exc)
    except Exception as exc:  # a broken artifact must not take the app down
        return None, f"the model could not be loaded ({type(exc).__name__})"


def load() -> tuple[Any | None, str | None]:
    """The cached model for the configured directory."""
    return get_model(str(model_dir()))


@st.cache_data(show_spinner=False)
def manifest(directory: str) -> dict[str, Any] | None:
    """The model's manifest (metrics, confusion matrix, data card), or None if absent."""
    from diagnose.learn import ModelLoadError, read_manifest

    try:
        return read_manifest(Path(directory))
    except (ModelLoadError, ValueError, OSError):
        return None
