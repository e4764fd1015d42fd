"""Look up a provider error code or a pasted error message."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnose import CAUSES, Provider
from diagnose.app_support import code_rows, escape_markdown
from diagnose.errors import all_error_codes, normalise_error

st.title("Error codes")
st.caption(
    "Paste a code (30007, 4771, TEXT_SPAM) or the error text the platform showed. Codes are "
    "only unique per provider: pick one if you know it."
)

c1, c2 = st.columns([3, 1])
text = c1.text_input("Code or error text", key="codes_query", placeholder="e.g. 30007")
provider = c2.selectbox(
    "Provider",
    ["", *(p.value for p in Provider)],
    key="codes_provider",
    format_func=lambda v: v or "Any",
)

if text.strip():
    err = normalise_error(text[:2000], Provider(provider) if provider else None)
    with st.container(border=True, key="codes_result"):
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
        if err.candidates:
            st.markdown("**Candidates**")
            st.dataframe(
                pd.DataFrame(code_rows(err.candidates)),
                hide_index=True,
                column_config={"source": st.column_config.LinkColumn("source")},
                key="codes_candidates",
            )

with st.expander("The whole reference table"):
    table = pd.DataFrame(code_rows(all_error_codes()))
    st.dataframe(
        table,
        hide_index=True,
        column_config={"source": st.column_config.LinkColumn("source")},
        key="codes_table",
    )
