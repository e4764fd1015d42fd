"""The app's one model loader, cached for the life of the server process."""

from __future__ import annotations

from typing import Any

import streamlit as st


@st.cache_resource(show_spinner="Loading the model…")
def get_model() -> tuple[Any | None, str | None]:
    """``(model, None)``, or ``(None, why)`` so the app runs rules-only and says why."""
    try:
        from diagnose.model import load_default_model
    except ImportError:
        return None, "the model module is not installed in this build"
    try:
        model, problem = load_default_model()
    except Exception as exc:  # a broken artifact must not take the app down
        return None, f"the model could not be loaded ({type(exc).__name__})"
    return model, problem
