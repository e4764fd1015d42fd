"""Triage an export: upload, recognise or map columns, diagnose every row, summarise."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from app_pages.cached import load as get_model
from app_pages.feedback_widget import capture_triage_verdicts
from diagnose import CAUSES, Cause
from diagnose.app_support import (
    MAPPABLE_FIELDS,
    MAX_ROWS,
    Upload,
    UploadError,
    counts_frame,
    form_state,
    mapping_for,
    message_at,
    read_upload,
    results_csv,
    results_jsonl,
    run_triage,
)
from diagnose.batch import FORMATS, ColumnMapping, FormatError

st.title("Triage an export")
st.caption(
    "Upload a CSV or JSONL export of failed messages. Recognised automatically: "
    + "; ".join(f.title for f in FORMATS)
    + f". Anything else can be mapped by hand. Up to {MAX_ROWS:,} rows in the browser."
)

uploaded = st.file_uploader(
    "Export file",
    type=["csv", "jsonl", "json", "txt"],
    key="tr_upload",
    help="Nothing leaves this machine; bodies are masked in the template summary.",
)
if uploaded is None:
    st.info(
        "Upload a file to start. Try `sms-diagnose batch` for files of any size.",
        icon=":material/upload_file:",
    )
    st.stop()

file_key = f"{uploaded.file_id}:{uploaded.name}:{uploaded.size}"
if st.session_state.get("tr_file_key") != file_key:
    st.session_state["tr_file_key"] = file_key
    for k in ("tr_upload_parsed", "tr_outcome", "tr_overrides", "tr_outcome_key"):
        st.session_state.pop(k, None)
    try:
        st.session_state["tr_upload_parsed"] = read_upload(uploaded.name, uploaded.getvalue())
        st.session_state.pop("tr_upload_error", None)
    except UploadError as exc:
        st.session_state["tr_upload_error"] = str(exc)

if err := st.session_state.get("tr_upload_error"):
    st.error(err, icon=":material/error:")
    st.stop()

up: Upload = st.session_state["tr_upload_parsed"]
for notice in up.notices:
    st.warning(notice, icon=":material/warning:")

columns = [str(c) for c in up.frame.columns]
overrides: dict[str, str] = st.session_state.get("tr_overrides", {})
mapping: ColumnMapping | None
try:
    mapping = mapping_for(up, overrides)
    mapping_problem = None
except FormatError as exc:
    mapping, mapping_problem = None, str(exc).replace(" with --map body=COLUMN", " below")

if mapping_problem:
    st.error(
        f"Could not find the message body column. {mapping_problem}",
        icon=":material/table_view:",
    )
else:
    assert mapping is not None
    st.caption(
        f"Format: **{mapping.format}** · {len(up.frame):,} rows read · columns used: "
        + ", ".join(f"{f} ← {c}" for f, c in mapping.columns.items())
    )

with (
    st.expander("Map columns by hand", expanded=bool(mapping_problem)),
    st.form("tr_map_form", border=False),
):
    current = dict(mapping.columns) if mapping else {}
    cols = st.columns(4)
    chosen: dict[str, str] = {}
    for i, name in enumerate(MAPPABLE_FIELDS):
        opts = ["", *columns]
        pre = current.get(name, "")
        chosen[name] = cols[i % 4].selectbox(
            name + (" (required)" if name == "body" else ""),
            opts,
            index=opts.index(pre) if pre in opts else 0,
            key=f"tr_map_{name}",
            format_func=lambda v: v or "—",
        )
    if st.form_submit_button("Use this mapping", key="tr_map_submit"):
        st.session_state["tr_overrides"] = {f: c for f, c in chosen.items() if c}
        st.rerun()

if mapping is None:
    st.stop()

outcome_key = (file_key, tuple(sorted(mapping.columns.items())))
if st.session_state.get("tr_outcome_key") != outcome_key:
    bar = st.progress(0.0, text=f"Diagnosing {len(up.frame):,} rows…")

    def _progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Diagnosed {done:,} of {total:,} rows…")

    model, _ = get_model()
    try:
        st.session_state["tr_outcome"] = run_triage(up, mapping, model=model, progress=_progress)
        st.session_state["tr_outcome_key"] = outcome_key
    except FormatError as exc:
        st.error(str(exc))
        st.stop()
    bar.empty()

out = st.session_state["tr_outcome"]
s = out.summary

m1, m2, m3, m4 = st.columns(4)
m1.metric("Rows diagnosed", f"{s.rows:,}")
m2.metric("Failed", f"{s.failed:,}")
m3.metric("Unreadable rows", f"{len(out.bad):,}")
top = s.by_cause[0] if s.by_cause else None
m4.metric("Top cause share", f"{top.share:.0%}" if top else "—")
if top:
    st.caption(f"Top cause: **{CAUSES[Cause(top.key)].title}** (`{top.key}`)")

if s.failed == 0:
    st.info("No row is marked failed (by status or error code), so there is nothing to chart.")
else:
    c1, c2 = st.columns(2, gap="large")
    c3, c4 = st.columns(2, gap="large")
    for column, title, counts, key in (
        (c1, "By cause", s.by_cause, "cause"),
        (c2, "By error code", s.by_code, "code"),
        (c3, "By sender", s.by_sender, "sender"),
    ):
        with column:
            st.subheader(title)
            st.bar_chart(
                counts_frame(counts[:12], key),
                x=key,
                y="rows",
                horizontal=True,
                sort="-rows",
                height=320,
            )
    with c4:
        st.subheader("By day")
        st.bar_chart(counts_frame(s.by_day, "day"), x="day", y="rows", height=320)
        if s.spike_days:
            st.caption("Spike days: " + ", ".join(f"{d.key} ({d.count})" for d in s.spike_days))

    if s.fix_first:
        st.subheader("What to fix first")
        for i, f in enumerate(s.fix_first[:5], 1):
            st.markdown(f"{i}. **{f.title}** — {f.rows:,} rows ({f.share:.0%}). {f.what}")

    st.subheader("Templates that fail most")
    st.caption("Numbers, names, links and phone numbers are masked.")
    st.dataframe(
        pd.DataFrame([t.to_dict() for t in s.templates[:50]]),
        hide_index=True,
        key="tr_templates",
        column_config={"share": st.column_config.NumberColumn(format="percent")},
    )

st.subheader("Every row")
res = out.results
f1, f2 = st.columns([3, 2])
causes = f1.multiselect(
    "Top cause", sorted(res["top_cause"].dropna().unique()), key="tr_filter_cause"
)
rule_q = f2.text_input("Rule id contains", key="tr_filter_rule", placeholder="e.g. LNK001")
view = res
if causes:
    view = view[view["top_cause"].isin(causes)]
if rule_q.strip():
    view = view[view["rules"].fillna("").str.contains(rule_q.strip(), case=False, regex=False)]
st.caption(f"{len(view):,} of {len(res):,} rows · select a row to open it in the Diagnose page")
event = st.dataframe(
    view,
    hide_index=True,
    key="tr_rows",
    on_select="rerun",
    selection_mode="single-row",
    height=360,
    column_config={"confidence": st.column_config.ProgressColumn(min_value=0, max_value=1)},
)
picked = event.selection.rows if event is not None else []
if picked:
    line = int(view.iloc[picked[0]]["line"])
    if st.button(
        f"Open line {line} in Diagnose",
        key="tr_open",
        type="primary",
        icon=":material/open_in_new:",
    ):
        st.session_state.update(form_state(message_at(up, out.mapping, line)))
        st.session_state["dx_pending"] = True
        st.switch_page("app_pages/diagnose_message.py")

capture_triage_verdicts(up, out)

st.subheader(f"Rows that could not be read ({len(out.bad):,})")
if len(out.bad):
    st.dataframe(out.bad, hide_index=True, key="tr_bad")
else:
    st.caption("None: every row was read.")

d1, d2, d3 = st.columns(3)
d1.download_button(
    "Results as CSV",
    results_csv(res),
    "triage.csv",
    "text/csv",
    key="tr_dl_csv",
    on_click="ignore",
    icon=":material/download:",
)
d2.download_button(
    "Results as JSONL",
    results_jsonl(res),
    "triage.jsonl",
    "application/jsonl",
    key="tr_dl_jsonl",
    on_click="ignore",
    icon=":material/download:",
)
d3.download_button(
    "Summary as JSON",
    json.dumps(s.to_dict(), indent=2, ensure_ascii=False),
    "summary.json",
    "application/json",
    key="tr_dl_summary",
    on_click="ignore",
    icon=":material/download:",
)
