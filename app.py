"""sms-diagnose in the browser: ``streamlit run app.py`` (or ``make run``).

The entry point only declares the pages; each page collects input and renders, and all the
logic lives in ``diagnose`` (see ``diagnose.app_support`` for the app-only helpers).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages.cached import load as load_model

st.set_page_config(
    page_title="sms-diagnose",
    # A shipped file: a ":material/...:" page icon makes every page load fetch the favicon
    # from a font CDN, and nothing about a session may leave this machine.
    page_icon=str(Path(__file__).with_name("app_pages") / "page_icon.png"),
    layout="wide",
    initial_sidebar_state="collapsed",
)

# The default page is served at "/" (Streamlit ignores a default page's url_path), so
# "/diagnose", the address people share, is a hidden page that opens it.
DIAGNOSE = st.Page(
    "app_pages/diagnose_message.py",
    title="Diagnose a message",
    icon=":material/troubleshoot:",
    default=True,
)


def _open_diagnose() -> None:
    st.switch_page(DIAGNOSE)


PAGES = [
    DIAGNOSE,
    st.Page(
        _open_diagnose,
        title="Diagnose a message",
        url_path="diagnose",
        visibility="hidden",
    ),
    st.Page(
        "app_pages/triage.py",
        title="Triage an export",
        icon=":material/table_view:",
        url_path="triage",
    ),
    st.Page("app_pages/rules.py", title="Rules", icon=":material/rule:", url_path="rules"),
    st.Page(
        "app_pages/error_codes.py",
        title="Error codes",
        icon=":material/pin:",
        url_path="error-codes",
    ),
    st.Page(
        "app_pages/model.py", title="Model", icon=":material/model_training:", url_path="model"
    ),
    st.Page(
        "app_pages/feedback.py",
        title="Feedback",
        icon=":material/insights:",
        url_path="feedback",
    ),
]

# Every page says so when the model is not in use, and why: a fresh install with the wrong
# scikit-learn would otherwise diagnose rules-only without anyone noticing.
_model, _problem = load_model()
if _model is None:
    st.warning(
        f"**Running rules-only** (no trained model): {_problem or 'the model did not load'}. "
        "Diagnoses use the rules and the error codes only. `make run` installs the pinned "
        "model runtime (`constraints.txt`); `sms-diagnose train` rebuilds the model.",
        icon=":material/warning:",
    )

# Navigation across the top: the whole width is the console's, at 900 px as at 1440 px.
st.navigation(PAGES, position="top").run()
