"""The shipped model: metrics, confusion matrix, reliability curve and data card."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_pages.cached import load as get_model
from app_pages.cached import manifest as read_manifest
from app_pages.cached import model_dir
from diagnose.app_support import (
    arms_frame,
    best_arm,
    confusion_long,
    evaluation,
    headline,
    per_cause_frame,
    reliability_frame,
)

st.title("Model")
model, problem = get_model()
data = read_manifest(str(model_dir()))

if model is None:
    st.warning(
        "Running rules-only: no trained model is loaded"
        + (f" ({problem})" if problem else "")
        + ". Diagnoses use the rules and error codes; run `make train` (or "
        "`sms-diagnose train`) to build the model.",
        icon=":material/info:",
    )
if data is None:
    st.info("No model manifest was found, so there are no metrics to show.")
    st.stop()

facts = headline(data)
if facts:
    for col, (label, value) in zip(st.columns(len(facts)), facts, strict=True):
        col.metric(label, value)

ev = evaluation(data)
if ev is None:
    st.info("The manifest records no evaluation.")
else:
    name, block = ev
    st.subheader(f"Evaluation: {name.replace('_', ' ')}")
    arms = arms_frame(block)
    if arms is not None:
        st.caption("Top-1 cause on held-out rows: rules alone, the model alone, and both.")
        st.dataframe(arms, hide_index=True, key="model_arms")
    best = best_arm(block)
    if best is not None:
        cm = confusion_long(best)
        if cm is not None:
            st.subheader("Confusion matrix")
            st.caption("Rows are the true cause; colour is the share of that cause's rows.")
            chart = (
                alt.Chart(cm)
                .mark_rect()
                .encode(
                    x=alt.X("predicted:N", sort=None, title="predicted"),
                    y=alt.Y("true:N", sort=None, title="true"),
                    color=alt.Color("share:Q", scale=alt.Scale(scheme="blues")),
                    tooltip=["true", "predicted", "count", alt.Tooltip("share:Q", format=".0%")],
                )
                .properties(height=480)
            )
            st.altair_chart(chart, width="stretch")
        per = per_cause_frame(best)
        if per is not None:
            st.subheader("Per cause")
            st.dataframe(per, hide_index=True, key="model_per_cause")
    rel = reliability_frame(block)
    if rel is not None:
        st.subheader("Reliability")
        st.caption("A calibrated model's points sit on the diagonal: 80% confident, 80% right.")
        diag = (
            alt.Chart(rel.assign(x=0.0, y=0.0))
            .mark_rule(strokeDash=[4, 4])
            .encode(x=alt.datum(0), y=alt.datum(0), x2=alt.datum(1), y2=alt.datum(1))
        )
        points = (
            alt.Chart(rel)
            .mark_line(point=True)
            .encode(
                x=alt.X("confidence:Q", scale=alt.Scale(domain=[0, 1])),
                y=alt.Y("accuracy:Q", scale=alt.Scale(domain=[0, 1])),
                tooltip=["confidence", "accuracy", "count"],
            )
        )
        st.altair_chart((diag + points).properties(height=360), width="stretch")
        cal = block.get("calibration", {})
        st.caption(f"ECE {cal.get('ece', '—')} · Brier {cal.get('brier', '—')}")

card = data.get("data_card")
if card:
    st.subheader("Data card")
    st.json(card, expanded=1)
with st.expander("The whole manifest"):
    st.json(data, expanded=False)
