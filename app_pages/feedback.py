"""Feedback: what engineers' verdicts say about the rules and the model."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.feedback_widget import feedback_store
from diagnose.feedback import MIN_FEEDBACK, Rate, build_report

st.title("Feedback")
st.caption(
    "From the verdicts engineers saved on the Diagnose and Triage pages (and "
    "`sms-diagnose feedback add`). Only verdicts that name the real cause count; rates show "
    "a 95% Wilson interval, and none below the minimum number of verdicts."
)

store, problem = feedback_store()
if store is None:
    st.error(f"The feedback database cannot be opened: {problem}", icon=":material/error:")
    st.stop()

c1, c2 = st.columns(2)
min_count = c1.number_input(
    "Verdicts needed before a rate is shown", 1, 1000, MIN_FEEDBACK, key="fbr_min"
)
period = c2.selectbox("Drift by", ["week", "month"], key="fbr_period")
report = build_report(store.judged(), min_count=int(min_count), period=period)
counts = store.counts()

m1, m2, m3, m4 = st.columns(4)
m1.metric("Verdicts", counts["verdicts"])
m2.metric("Confirmed", counts["confirmed"])
m3.metric("Corrected", counts["wrong"])
m4.metric("Not sure", counts["not_sure"])
st.caption(f"Database: `{store.where}` · {counts['pending']} cases still wait for a verdict.")


def _frame(rates: list[tuple[dict[str, str | None], Rate]]) -> pd.DataFrame:
    rows = []
    for extra, r in rates:
        ci = r.interval
        rows.append(
            {
                **extra,
                "right": r.hits,
                "verdicts": r.n,
                "rate": r.rate if r.enough else None,
                "95% low": ci[0] if ci and r.enough else None,
                "95% high": ci[1] if ci and r.enough else None,
                "status": "" if r.enough else "not enough feedback yet",
            }
        )
    return pd.DataFrame(rows)


PCT = {c: st.column_config.NumberColumn(format="percent") for c in ("rate", "95% low", "95% high")}

st.subheader("Top answer right")
if report.overall.enough:
    st.markdown(f"**{report.overall.text()}**")
else:
    st.info(report.overall.text(), icon=":material/hourglass_empty:")

st.subheader("Rule precision")
st.caption("How often a rule's cause was the confirmed one when the rule fired.")
if report.rules:
    st.dataframe(
        _frame(
            [
                ({"rule": r.rule, "name": r.name, "cause": r.cause}, r.precision)
                for r in report.rules
            ]
        ),
        hide_index=True,
        key="fbr_rules",
        column_config=PCT,
    )
else:
    st.caption("Not enough feedback yet: no rule fired on a judged case.")

st.subheader("Accuracy of the top answer, by real cause")
if report.causes:
    st.dataframe(
        _frame([({"cause": c.key}, c) for c in report.causes]),
        hide_index=True,
        key="fbr_causes",
        column_config=PCT,
    )
else:
    st.caption("Not enough feedback yet.")

st.subheader("Causes the tool misses most")
if report.misses:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "cause": m.cause,
                    "missed": m.missed,
                    "of": m.n,
                    "the tool said": ", ".join(f"{c} ×{k}" for c, k in m.instead),
                }
                for m in report.misses
            ]
        ),
        hide_index=True,
        key="fbr_misses",
    )
else:
    st.caption("None missed." if report.judged else "Not enough feedback yet.")

st.subheader(f"Drift: top answer right, by {period} diagnosed")
if report.drift:
    st.dataframe(
        _frame([({period: d.key}, d) for d in report.drift]),
        hide_index=True,
        key="fbr_drift",
        column_config=PCT,
    )
    st.caption("By model version:")
    st.dataframe(
        _frame([({"version": v.key}, v) for v in report.by_version]),
        hide_index=True,
        key="fbr_versions",
        column_config=PCT,
    )
else:
    st.caption("Not enough feedback yet.")

st.subheader("Latest verdicts")
recent = store.recent(20)
if recent:
    st.dataframe(pd.DataFrame(recent), hide_index=True, key="fbr_recent")
else:
    st.caption("No verdict yet: save one under a diagnosis.")
