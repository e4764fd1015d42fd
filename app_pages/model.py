"""The shipped model: metrics, confusion matrix, reliability curve and data card."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_pages.cached import manifest as read_manifest
from app_pages.cached import model_dir
from diagnose.app_support import (
    arms_frame,
    best_arm,
    cause_sets,
    confusion_long,
    content_risk_frame,
    content_risk_headline,
    evaluation,
    evaluation_sets_frame,
    headline,
    per_cause_frame,
    provenance,
    reliability_frame,
)

st.title("Model")
# Rules-only mode (and why) is announced on every page by app.py.
data = read_manifest(str(model_dir()))
if data is None:
    st.info("No model manifest was found, so there are no metrics to show.")
    st.stop()

facts = headline(data)
if facts:
    for col, (label, value) in zip(st.columns(len(facts)), facts, strict=True):
        col.metric(label, value)

risk = content_risk_frame(data)
if risk is not None:
    st.subheader("Content risk")
    st.caption(
        "How well `content_risk` tells spam and smishing from ham, on real texts never "
        "fitted. The headline leaves out test texts that are near-duplicates of a training "
        "text (templated spam differing only in numbers would otherwise count as unseen); "
        "the targets are judged on it."
    )
    cards = content_risk_headline(data)
    if cards:
        for col, (label, value, target) in zip(st.columns(len(cards)), cards, strict=True):
            col.metric(label, value, delta=target, delta_color="off")
    st.dataframe(risk, hide_index=True, key="model_content_risk")
    method = data["metrics"]["content_risk"].get("near_duplicates", {}).get("method")
    where = provenance(data, "content_risk")
    st.caption(" ".join(f"{t[0].upper()}{t[1:]}." for t in (where, method) if t))

sets = evaluation_sets_frame(data)
if sets is not None:
    st.subheader("Top cause, each evaluation set apart")
    st.caption(
        "Rules alone, the model alone, and both, on each set separately: the sets differ in "
        "who wrote them and how, so no blended figure is given."
    )
    st.dataframe(sets, hide_index=True, key="model_sets")

names = cause_sets(data)
if not names:
    st.info("The manifest records no evaluation.")
    ev = None
else:
    chosen = st.selectbox(
        "Evaluation set for the details below",
        names,
        key="model_set",
        format_func=lambda n: n.replace("_", " "),
    )
    ev = evaluation(data, chosen)
if ev is not None:
    name, block = ev
    st.subheader(f"Evaluation: {name.replace('_', ' ')}")
    if where := provenance(data, name):
        st.caption(f"{where[0].upper()}{where[1:]}.")
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
