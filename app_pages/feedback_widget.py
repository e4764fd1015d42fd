"""The "Was this the cause?" widget under a diagnosis and beside triage rows, and the one
cached feedback store. Not a page: the Diagnose and Triage pages each make one call here.

Nothing is written until the engineer presses Save; the body and the phone numbers are kept
only when they tick the box (otherwise a SHA-256 of the body and its masked template).
"""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from app_pages.cached import manifest, model_dir
from diagnose import CAUSES, Cause, Diagnosis, FailedMessage
from diagnose.feedback import (
    FeedbackStore,
    Scope,
    StoreError,
    VerdictInput,
    case_from_diagnosis,
    database_url,
    judge,
    open_store,
    row_templates,
    template_counts,
    triage_items,
)

CHOICES = {
    "confirm": "Yes, that was the cause",
    "wrong": "No, it was another cause",
    "not sure": "Not sure",
}
KEEP_HELP = (
    "Off: the database keeps a SHA-256 of the body and its masked template "
    "('Hi <name>, your code is <n>'), no phone numbers. On: the text and numbers as given."
)


@st.cache_resource(show_spinner=False)
def _open(url: str) -> FeedbackStore:
    return open_store(url)


def feedback_store() -> tuple[FeedbackStore | None, str | None]:
    """The shared store for ``SMS_DIAGNOSE_DB`` (or the default file), or None and why."""
    try:
        return _open(database_url()), None
    except StoreError as exc:
        return None, str(exc)


def _cause_title(value: str) -> str:
    return f"{CAUSES[Cause(value)].title} ({value})"


def _verdict_fields(prefix: str, exclude: str | None) -> dict[str, Any]:
    """The shared inputs of every verdict form; returns their values."""
    choice = st.radio(
        "Your verdict on the top cause",
        list(CHOICES),
        format_func=CHOICES.__getitem__,
        index=None,
        horizontal=True,
        key=f"{prefix}_choice",
    )
    cause = st.selectbox(
        "If it was another cause: the real one",
        [c.value for c in Cause if c.value != exclude],
        index=None,
        placeholder="Pick the real cause",
        format_func=_cause_title,
        key=f"{prefix}_cause",
    )
    c1, c2, c3 = st.columns(3)
    note = c1.text_input("Note (optional)", key=f"{prefix}_note")
    reference = c2.text_input(
        "Reference (optional)", key=f"{prefix}_reference", placeholder="ticket id"
    )
    reviewer = c3.text_input("Your name (optional)", key=f"{prefix}_reviewer")
    keep = st.checkbox(
        "Keep the message text and phone numbers with the verdict",
        key=f"{prefix}_keep_text",
        help=KEEP_HELP,
    )
    return {
        "choice": choice,
        "cause": cause,
        "note": note.strip() or None,
        "reference": reference.strip() or None,
        "reviewer": reviewer.strip() or None,
        "keep": keep,
    }


def _answer(values: dict[str, Any]) -> str | None:
    """The verdict as ``judge`` reads it, or None after saying what is missing."""
    if values["choice"] is None:
        st.warning("Pick a verdict first.", icon=":material/warning:")
        return None
    if values["choice"] == "wrong":
        if values["cause"] is None:
            st.warning("Pick the real cause from the list.", icon=":material/warning:")
            return None
        return str(values["cause"])
    return str(values["choice"])


def capture_verdict(message: FailedMessage, diagnosis: Diagnosis) -> None:
    """Under the Diagnose page's result: was the top cause the real one?"""
    marker = f"{id(message)}:{id(diagnosis)}"
    if st.session_state.get("fb_case", ("", ""))[0] != marker:
        st.session_state["fb_case"] = (marker, str(uuid.uuid4()))
    uid = st.session_state["fb_case"][1]
    top = diagnosis.top.cause.value
    st.subheader("Was this the cause?")
    st.caption(
        f"The top answer was **{CAUSES[diagnosis.top.cause].title}** (`{top}`). When you "
        "learn the real cause (the provider's reply, a carrier notice, a resend that "
        "worked), say so here: the Feedback page measures the rules with it."
    )
    with st.form("fb_form", border=True):
        values = _verdict_fields("fb", exclude=top)
        submitted = st.form_submit_button(
            "Save verdict", key="fb_submit", icon=":material/rate_review:"
        )
    if submitted and (answer := _answer(values)) is not None:
        store, problem = feedback_store()
        if store is None:
            st.error(f"Not saved: {problem}", icon=":material/error:")
            return
        kind, cause = judge(top, answer)
        info = manifest(str(model_dir()))
        case = case_from_diagnosis(
            message,
            diagnosis,
            keep_text=values["keep"],
            source="app",
            model_sha256=info.get("sha256") if info else None,
            uid=uid,
        )
        verdict = VerdictInput(
            kind,
            cause,
            note=values["note"],
            reference=values["reference"],
            reviewer=values["reviewer"],
            scope=Scope.MESSAGE,
        )
        try:
            rec = store.record(case, verdict)
        except StoreError as exc:
            st.error(f"Not saved: {exc}", icon=":material/error:")
            return
        said = {"confirmed": "confirmed", "wrong": f"corrected to {cause}", "not_sure": "not sure"}
        st.session_state["fb_saved"] = (marker, f"Saved: {said[kind.value]} (case #{rec.case_id}).")
    saved = st.session_state.get("fb_saved")
    if saved and saved[0] == marker:
        st.success(saved[1], icon=":material/check:")
        st.page_link(
            "app_pages/feedback.py", label="See the feedback report", icon=":material/insights:"
        )


def capture_triage_verdicts(upload: Any, outcome: Any) -> None:
    """Beside the triage table: a verdict on one row, or on every row of a template."""
    results = outcome.results
    if not len(results):
        return
    st.subheader("Was this the cause?")
    st.caption(
        "Record what you learned for one row, or for a whole template (each of its rows "
        "gets the verdict, read against its own top cause)."
    )
    row_tab, template_tab = st.tabs(["One row", "A template"])
    with row_tab, st.form("fb_tr_row_form", border=True):
        labels = [
            f"line {int(line)} · {top or 'no cause'}"
            for line, top in zip(results["line"], results["top_cause"], strict=True)
        ]
        picked = st.selectbox(
            "Row", range(len(results)), format_func=labels.__getitem__, key="fb_tr_row"
        )
        row_values = _verdict_fields("fb_tr", exclude=None)
        row_submit = st.form_submit_button("Save verdict", key="fb_tr_row_submit")
    with template_tab:
        key = ("fb_tr_templates", id(outcome))
        if st.session_state.get("fb_tr_templates_key") != key:
            st.session_state["fb_tr_templates_key"] = key
            st.session_state["fb_tr_templates"] = row_templates(
                upload.frame, upload.lines, outcome.mapping, results
            )
        templates = st.session_state["fb_tr_templates"]
        counts = template_counts(templates)
        with st.form("fb_tp_form", border=True):
            template = st.selectbox(
                "Template",
                [t for t, _ in counts],
                format_func=lambda t: f"{dict(counts)[t]} rows · {t}",
                index=None,
                placeholder="Pick a template",
                key="fb_tp_template",
            )
            tp_values = _verdict_fields("fb_tp", exclude=None)
            tp_submit = st.form_submit_button("Save verdict for every row", key="fb_tp_submit")
    if row_submit and (answer := _answer(row_values)) is not None:
        _record_rows(upload, outcome, [int(picked)], answer, row_values, Scope.ROW)
    if tp_submit and (answer := _answer(tp_values)) is not None:
        if template is None:
            st.warning("Pick a template first.", icon=":material/warning:")
        else:
            rows = [i for i, t in enumerate(templates) if t == template]
            _record_rows(upload, outcome, rows, answer, tp_values, Scope.TEMPLATE)
    if saved := st.session_state.get("fb_tr_saved"):
        st.success(saved, icon=":material/check:")


def _record_rows(
    upload: Any, outcome: Any, rows: list[int], answer: str, values: dict[str, Any], scope: Scope
) -> None:
    store, problem = feedback_store()
    if store is None:
        st.error(f"Not saved: {problem}", icon=":material/error:")
        return
    items, skipped = triage_items(
        upload.frame,
        upload.lines,
        outcome.mapping,
        outcome.results,
        rows,
        answer,
        scope=scope,
        note=values["note"],
        reference=values["reference"],
        reviewer=values["reviewer"],
        keep_text=values["keep"],
    )
    try:
        done = store.record_many(items)
    except StoreError as exc:
        st.error(f"Not saved: {exc}", icon=":material/error:")
        return
    message = f"Saved {len(done)} verdicts."
    if skipped:
        message += f" {len(skipped)} rows left out (e.g. line {skipped[0][0]}: {skipped[0][1]})."
    st.session_state["fb_tr_saved"] = message
