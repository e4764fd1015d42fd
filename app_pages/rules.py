"""The rule catalogue, generated from the rule docstrings; searchable."""

from __future__ import annotations

import streamlit as st

from diagnose import CAUSES
from diagnose.app_support import doc_sections, search_rules
from diagnose.rules import RULES, rule_sources

st.title("Rules")
st.caption(
    f"{len(RULES)} deterministic checks, documented from their source. Each finding in a "
    "diagnosis names the rule that produced it."
)

if "rules_query" not in st.session_state:
    st.session_state["rules_query"] = str(st.query_params.get("rule", ""))

q1, q2 = st.columns([3, 2])
query = q1.text_input(
    "Search rules",
    key="rules_query",
    placeholder="id, name or word: OPT001, shortener, cannabis",
)
causes = q2.multiselect(
    "Cause",
    sorted({r.cause for r in RULES}),
    format_func=lambda c: CAUSES[c].title,
    key="rules_causes",
)

found = [r for r in search_rules(query, RULES) if not causes or r.cause in causes]
st.caption(f"{len(found)} of {len(RULES)} rules")
if not found:
    st.info("No rule matches. Try fewer words, or clear the cause filter.")

for r in found:
    sec = doc_sections(r.doc)
    with st.expander(f"**{r.id}** · {r.name} — {r.summary}", expanded=len(found) <= 2):
        st.markdown(
            f"**Cause:** {CAUSES[r.cause].title} (`{r.cause.value}`) · "
            f"**Severity:** {r.severity.value} · **Reads:** {r.scope.value}"
        )
        for heading in ("What it does", "Why is this bad?"):
            if heading in sec:
                st.markdown(f"**{heading}**\n\n{sec[heading]}")
        ex, ok = st.columns(2)
        with ex:
            st.markdown(":red[**Example (fails)**]")
            st.code(sec.get("Example", ""), language=None, wrap_lines=True)
        with ok:
            st.markdown(":green[**Use instead (passes)**]")
            st.code(sec.get("Use instead", ""), language=None, wrap_lines=True)
        st.markdown(f"**Fix:** {r.fix}")
        st.markdown(
            "**Sources**\n\n" + "\n".join(f"- {link.markdown()}" for link in rule_sources(r))
        )
