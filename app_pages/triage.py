"""Triage an export: upload, recognise or map columns, diagnose every row, summarise.

Once a file is diagnosed the session keeps the results and the mapped columns, not the file
(a 99 MB upload held about 1 GB per session): a new mapping reads the file again.
"""

from __future__ import annotations

import json
from functools import partial

import streamlit as st

from app_pages.cached import load as get_model
from app_pages.feedback_widget import capture_triage_verdicts
from diagnose.app_support import (
    MAPPABLE_FIELDS,
    MAX_ROWS,
    PERCENT_COLUMNS,
    Upload,
    UploadError,
    count_bars,
    counts_frame,
    escape_markdown,
    form_state,
    mapping_for,
    md_literal,
    message_at,
    read_upload,
    results_csv,
    results_jsonl,
    row_table,
    run_triage,
    ticket_for,
    with_options,
)
from diagnose.batch import FORMATS, UNEXPLAINED, ColumnMapping, FormatError, rows_text

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
    for k in ("tr_upload_parsed", "tr_outcome", "tr_overrides", "tr_outcome_key", "tr_ticket"):
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

columns = up.columns
overrides: dict[str, str] = st.session_state.get("tr_overrides", {})
mapping: ColumnMapping | None
try:
    mapping = mapping_for(up, overrides)
    mapping_problem = None
except FormatError as exc:
    mapping, mapping_problem = None, str(exc).replace(" with --map body=COLUMN", " below")

if mapping_problem:
    st.error(
        f"Could not find the message body column. {md_literal(mapping_problem)}",
        icon=":material/table_view:",
    )
else:
    assert mapping is not None
    st.caption(
        f"Format: **{mapping.format}** · {len(up.frame):,} rows read · columns used: "
        + ", ".join(f"{f} ← {md_literal(c)}" for f, c in mapping.columns.items())
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
    st.session_state["tr_upload_parsed"] = up.only(())  # no cells until a mapping is chosen
    st.stop()

outcome_key = (file_key, tuple(sorted(mapping.columns.items())))
if st.session_state.get("tr_outcome_key") != outcome_key:
    if not up.complete:  # another mapping: the cells let go after the last run are needed
        up = read_upload(uploaded.name, uploaded.getvalue())
    bar = st.progress(0.0, text=f"Diagnosing {len(up.frame):,} rows…")

    def _progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Diagnosed {done:,} of {total:,} rows…")

    model, _ = get_model()
    try:
        st.session_state["tr_outcome"] = run_triage(up, mapping, model=model, progress=_progress)
        st.session_state["tr_outcome_key"] = outcome_key
    except FormatError as exc:
        st.error(md_literal(str(exc)))
        st.stop()
    bar.empty()
    # Keep what the page reads from the file: the mapped columns, not the whole export.
    up = up.only(mapping.columns.values())
    st.session_state["tr_upload_parsed"] = up
    st.session_state.pop("tr_ticket", None)

out = st.session_state["tr_outcome"]
s = out.summary


def _close_ticket() -> None:
    st.session_state.pop("tr_ticket", None)
    st.session_state.pop("tr_ticket_built", None)


def _ask_ticket(kind: str, value: str) -> None:
    st.session_state["tr_ticket"] = (kind, value)
    st.session_state.pop("tr_ticket_built", None)
    st.toast("The ticket is below, under **Ticket to send**.", icon=":material/support_agent:")


m1, m2, m3, m4, m5 = st.columns(5)
m1.metric("Rows diagnosed", f"{s.rows:,}")
m2.metric("Failed", f"{s.failed:,}")
m3.metric("Delivered", f"{s.delivered:,}")
m4.metric("Delivered, at risk", f"{s.at_risk:,}")
m5.metric("Unreadable rows", f"{len(out.bad):,}")

if s.failed == 0:
    st.info("No row is marked failed (by status or error code), so there is nothing to chart.")
else:
    st.subheader("What to fix first")
    st.caption(
        "Each fix counts the failed rows whose diagnosed cause it addresses: the same number "
        "as its bar under By cause. A finding on a row that failed for another reason does "
        "not count."
    )
    for i, f in enumerate(s.fix_first[:8], 1):
        text, button = st.columns([5, 1], vertical_alignment="center")
        where = []
        if f.senders:
            where.append("senders " + ", ".join(f"{x.key} ({x.count})" for x in f.senders))
        if f.templates:
            where.append("templates " + ", ".join(f"`{x.key}` ({x.count})" for x in f.templates))
        if f.example:
            where.append(f"e.g. line {f.example['line']}")
        if f.rules:
            where.append("found by " + ", ".join(f"{r} ({n})" for r, n in f.rules))
        text.markdown(
            f"{i}. **{f.title}** — {rows_text(f.rows, 'failed row')} ({f.share:.0%}). "
            f"{escape_markdown(f.what)}  \n:gray[{' · '.join(where)}]"
        )
        button.button(
            "Ticket",
            key=f"tr_ticket_cause_{f.cause}",
            icon=":material/support_agent:",
            on_click=_ask_ticket,
            args=("cause", f.cause),
            help=f"The packet to send the provider's support about {f.title.lower()}",
        )
    if s.unexplained:
        text, button = st.columns([5, 1], vertical_alignment="center")
        by = ", ".join(f"{c.key} {c.count}" for c in s.unexplained)
        text.markdown(
            f"**Not explained** — {rows_text(s.unexplained_rows, 'failed row')} ({by}) "
            "that nothing in "
            "the messages or their context explains: ask the provider."
        )
        button.button(
            "Ticket",
            key=f"tr_ticket_cause_{UNEXPLAINED}",
            icon=":material/support_agent:",
            on_click=_ask_ticket,
            args=("cause", UNEXPLAINED),
        )
    if s.at_risk:
        found = ", ".join(f"{f.title} ({f.rows})" for f in s.at_risk_findings[:4])
        st.warning(
            f"**Delivered, at risk:** {s.at_risk:,} delivered rows carry a finding carriers "
            f"filter on: {found}",
            icon=":material/warning:",
        )

    c1, c2 = st.columns(2, gap="large")
    c3, c4 = st.columns(2, gap="large")
    for column, title, counts, key in (
        (c1, "By verdict", s.by_verdict, "verdict"),
        (c2, "By cause", s.by_cause, "cause"),
        (c3, "By error code", s.by_code, "error code"),
        (c4, "By sender", s.by_sender, "sender"),
    ):
        with column:
            st.subheader(title)
            # Every category label in full (st.bar_chart cut "opted_out_recipi…").
            st.vega_lite_chart(
                counts_frame(counts[:12], key),
                count_bars(key, value_title="failed rows"),
                width="stretch",
            )
    st.subheader("By day")
    st.bar_chart(
        counts_frame(s.by_day, "day"),
        x="day",
        y="rows",
        x_label="day sent",
        y_label="failed rows",
        height=260,
    )
    if s.spike_days:
        st.caption("Spike days: " + ", ".join(f"{d.key} ({d.count})" for d in s.spike_days))
    with st.popover("Ticket for a sender", icon=":material/support_agent:"):
        for i, c in enumerate(s.by_sender[:10]):
            st.button(
                f"{c.key} ({c.count:,} failed)",
                key=f"tr_ticket_sender_{i}",
                on_click=_ask_ticket,
                args=("sender", c.key),
            )

    st.subheader("Templates that fail most")
    hidden = (
        f" {s.hidden_template_rows:,} failed rows in messages to fewer than three recipients "
        "are not shown."
        if s.hidden_template_rows
        else ""
    )
    st.caption(
        "Numbers, names, links and phone numbers are masked; words that vary within a "
        "campaign (names, places) show as <*>." + hidden
    )
    for t in s.templates[:10]:
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(
            f"`{t.id}` **{t.count:,}** ({t.share:.0%}) · {t.top_cause}  \n{md_literal(t.template)}"
        )
        button.button(
            "Ticket",
            key=f"tr_ticket_template_{t.id}",
            icon=":material/support_agent:",
            on_click=_ask_ticket,
            args=("template", t.id),
        )

if ask := st.session_state.get("tr_ticket"):
    kind, value = ask
    st.subheader("Ticket to send")
    o1, o2 = st.columns(2)
    unmask = o1.toggle("Show full phone numbers", key="tr_ticket_unmask")
    bodies = o2.toggle("Include message bodies", key="tr_ticket_bodies")
    # The ticket's rows only, built once per selection (the join of every row it is picked
    # from is let go: it held as much as the results again).
    if st.session_state.get("tr_ticket_built", (None,))[0] != ask:
        st.session_state["tr_ticket_built"] = (ask, ticket_for(out, up, kind, value))
    ticket = with_options(
        st.session_state["tr_ticket_built"][1], unmask=unmask, include_bodies=bodies
    )
    markdown = ticket.to_markdown()
    st.caption(
        f"{len(ticket.rows):,} messages ({kind} {value}). Paste the Markdown into the "
        "provider's support form; attach the CSV."
    )
    st.code(markdown, language="markdown", wrap_lines=True)
    t1, t2, t3 = st.columns(3)
    t1.download_button(
        "Ticket as Markdown",
        markdown,
        "ticket.md",
        "text/markdown",
        key="tr_ticket_md",
        on_click="ignore",
        icon=":material/download:",
    )
    t2.download_button(
        "Its rows as CSV",
        ticket.rows_csv,  # made when clicked
        "ticket.csv",
        "text/csv",
        key="tr_ticket_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    t3.button(
        "Close the ticket",
        key="tr_ticket_close",
        on_click=_close_ticket,
    )

st.subheader("Every row")
res = out.results
table = row_table(out, up)
f1, f2 = st.columns([3, 2])
causes = f1.multiselect(
    "Top cause", sorted(c for c in res["top_cause"].dropna().unique() if c), key="tr_filter_cause"
)
rule_q = f2.text_input("Rule id contains", key="tr_filter_rule", placeholder="e.g. LNK001")
view = table
if causes:
    view = view[view["top_cause"].isin(causes)]
if rule_q.strip():
    view = view[view["rules"].astype(str).str.contains(rule_q.strip(), case=False, regex=False)]
st.caption(
    f"{len(view):,} of {len(res):,} rows · delivered rows have no cause · select a row to open "
    "it in the Diagnose page"
)
event = st.dataframe(
    view,
    hide_index=True,
    key="tr_rows",
    on_select="rerun",
    selection_mode="single-row",
    height=360,
    column_config={
        **{name: st.column_config.TextColumn(name.replace("_", " ")) for name in PERCENT_COLUMNS},
        "body_preview": st.column_config.TextColumn("body", width="large"),
        "error_code": st.column_config.TextColumn("error code"),
        "top_cause": st.column_config.TextColumn("top cause"),
    },
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
    partial(results_csv, res),  # made when clicked, not held with the page
    "triage.csv",
    "text/csv",
    key="tr_dl_csv",
    on_click="ignore",
    icon=":material/download:",
)
d2.download_button(
    "Results as JSONL",
    partial(results_jsonl, res),
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
