"""Read a provider error code or a pasted error message; show what the table covers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnose import CAUSES, VERDICT_TITLES, Provider
from diagnose.app_support import code_rows, coverage_rows, escape_markdown, reading_rows
from diagnose.errors import all_error_codes, normalise_error

_OTHER = "other"
#: The reference table's columns: the meaning (the longest text) gets the room, and says
#: that a cell opens in full (a grid cell cuts what does not fit).
_COLUMNS = {
    "meaning": st.column_config.TextColumn(
        "meaning", width="large", help="Double-click a cell to read it in full."
    ),
    "message": st.column_config.TextColumn("message", width="medium"),
    "source": st.column_config.LinkColumn("source"),
}

st.title("Error codes")
st.caption(
    "Paste a code (30007, 4771, TEXT_SPAM), the error text the platform showed, a log line "
    "or a webhook fragment. Codes are only unique per provider: pick one if you know it."
)

c1, c2 = st.columns([3, 1])
text = c1.text_input(
    "Code or error text", key="codes_query", placeholder="e.g. 30007 or Carrier violation"
)
provider = c2.selectbox(
    "Provider",
    ["", *(p.value for p in Provider), _OTHER],
    key="codes_provider",
    format_func=lambda v: {"": "Any", _OTHER: "Another provider…"}.get(v, v),
)
other_name = ""
if provider == _OTHER:
    other_name = c2.text_input("Provider name", key="codes_provider_name", placeholder="msg91")

if text.strip():
    given = Provider(provider) if provider and provider != _OTHER else None
    err = normalise_error(text[:2000], given, provider_name=other_name.strip() or None)
    with st.container(border=True, key="codes_result"):
        if other_name.strip() and given is None:
            st.info(
                f"{escape_markdown(other_name.strip())} is not covered by the reference table: "
                "its error is read by its words only.",
                icon=":material/info:",
            )
        if err.status == "unknown":
            st.warning(
                "Not in the reference table. Check the provider, or paste the full error text.",
                icon=":material/help:",
            )
        head = f"**Status:** {err.status}"
        if err.provider:
            head += f" · **Provider:** {err.provider.value}"
        if err.code:
            head += f" · **Code:** {escape_markdown(err.code)}"
        if err.name:
            head += f" — {escape_markdown(err.name)}"
        st.markdown(head)
        st.markdown(f"**Verdict:** {VERDICT_TITLES[err.verdict]}")
        if err.info is not None and err.info.message:
            st.caption(escape_markdown(err.info.message))
        if err.category is not None and err.status != "unknown":
            info = CAUSES[err.category]
            st.markdown(f"### {info.title}\n`{info.cause.value}`")
            st.markdown(info.explanation)
            who = ", ".join(a.value.replace("_", " ") for a in err.who_can_act or info.who_can_act)
            retry = {True: "yes", False: "no", None: "maybe"}[err.retryable]
            st.markdown(f"**Who can act:** {who} · **Retry:** {retry}")
            st.markdown(f"**Fix:** {info.fix}")
        if err.also_category:
            st.caption("Also consider: " + ", ".join(CAUSES[c].title for c in err.also_category))
        if err.note:
            st.caption(escape_markdown(err.note))
        if err.source_url:
            st.markdown(f"[Provider documentation]({err.source_url})")
        if len(err.readings) > 1:
            st.markdown("**Readings** (best first)")
            st.dataframe(
                pd.DataFrame(reading_rows(err.readings)),
                hide_index=True,
                key="codes_readings",
            )
        elif err.candidates:
            st.markdown("**Candidates**")
            st.dataframe(
                pd.DataFrame(code_rows(err.candidates)),
                hide_index=True,
                column_config=_COLUMNS,
                key="codes_candidates",
            )

with st.expander("Coverage by provider"):
    st.dataframe(pd.DataFrame(coverage_rows()), hide_index=True, key="codes_coverage")
    st.caption(
        "Texts are the names, aliases and documented messages a paste is matched against. "
        "A provider not listed here is not covered: its errors are read by their words "
        "only, and another provider's code is never taken for its own."
    )

with st.expander("The whole reference table"):
    table = pd.DataFrame(code_rows(all_error_codes()))
    st.dataframe(table, hide_index=True, column_config=_COLUMNS, key="codes_table")
