"""The Diagnose page's answer: one screen first, the details below.

What a support engineer needs to act sits in the first screen at 1440×900: the verdict,
the top cause with its evidence marked in the text, the fix, and the corrected message.
Every other cause, the findings, the error code, the segment count, the context that would
help, the model's terms and the JSON sit in tabs under it. Everything a user or a file
supplied is shown escaped (``escape_markdown``, ``md_literal``) or as inert HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from diagnose import (
    BASIS_LABELS,
    CAUSES,
    SHOWN_CAUSES,
    VERDICT_TITLES,
    Basis,
    Diagnosis,
    FailedMessage,
    RankedCause,
    Rewrite,
    recheck_rewrite,
    rewrite_status,
)
from diagnose.app_support import (
    escape_markdown,
    highlight_html,
    legend_html,
    marks_from_findings,
    marks_from_ucs2,
    md_literal,
    result_json,
)
from diagnose.rules import RULES_BY_ID, rule_sources

RECHECK = "dx_recheck_result"


def render(
    message: FailedMessage,
    d: Diagnosis,
    *,
    run_id: int,
    model: Any,
    model_problem: str | None,
    load_text: Callable[[str], None],
) -> None:
    """The whole answer. ``run_id`` keys the corrected message's fields to this diagnosis;
    ``load_text`` puts a text in the form as a new send and diagnoses it."""
    _verdict(d, model_problem)
    left, right = st.columns([7, 5], gap="medium")
    with left:
        st.markdown("##### Likely causes")
        _cause(1, d.top, headline=True)
        rest = d.causes[1:SHOWN_CAUSES]
        if rest:
            st.caption(
                "Also possible: "
                + " · ".join(f"{i}. {c.title} ({_conf(c)})" for i, c in enumerate(rest, 2))
                + (" · more under **All causes**" if len(d.causes) > SHOWN_CAUSES else "")
            )
        _evidence(message, d)
    with right:
        _corrected(message, d, run_id=run_id, model=model, load_text=load_text)
    _details(message, d)


def _conf(c: RankedCause) -> str:
    return f"{c.confidence:.0%}" if c.identified else "not identified"


def _verdict(d: Diagnosis, model_problem: str | None) -> None:
    e = d.error
    code = ""
    if e.code:
        who = f"{e.provider.value} " if e.provider else ""
        name = f" — {escape_markdown(e.name)}" if e.name else ""
        code = f" · {escape_markdown(who + e.code)}{name}"
    elif e.status == "none":
        code = " · no error given"
    with st.container(border=True, key="dx_verdict"):
        st.markdown(
            f":material/gavel: **Verdict:** {VERDICT_TITLES[d.verdict]} `{d.verdict.value}`{code}"
        )
        # The error's own note ("30007 is Twilio's generic filter code") belongs to the
        # error: it is shown once, under Error code. The others say what the answer rests on.
        notes = [n for n in d.notes if n != e.note and not n.startswith("Rules-only")]
        for note in notes:
            st.caption(escape_markdown(note))
        if d.mode == "rules-only":
            why = f" ({model_problem})" if model_problem else ""
            st.caption(f"Rules-only diagnosis: no trained model is loaded{escape_markdown(why)}.")


def _cause(i: int, c: RankedCause, *, headline: bool = False) -> None:
    """One cause: title, confidence (none for "no cause identified"), why and the fix."""
    with st.container(border=headline, key="dx_top" if headline else f"dx_cause_{i}"):
        st.markdown(f"**{i}. {c.title}** &nbsp; `{c.cause.value}`")
        if c.identified:
            st.progress(min(max(c.confidence, 0.0), 1.0), text=f"{c.confidence:.0%} confidence")
        else:
            st.markdown(
                ":material/help: **No cause identified**: nothing in the message or its "
                "context explains the verdict."
            )
        if headline:
            st.markdown(c.explanation)
        st.markdown(f"**Fix:** {c.fix}")
        who = ", ".join(a.value.replace("_", " ") for a in c.who_can_act) or "—"
        rules = ", ".join(c.rules) if c.rules else "none"
        code = f" · code {escape_markdown(c.error_code)}" if c.error_code else ""
        st.caption(
            f"Who can act: {who} · retry: {'yes, after fixing' if c.retryable else 'no'} · "
            f"ranked here because: {BASIS_LABELS[Basis(c.basis)]} · rules: {rules}{code}"
        )


def _evidence(message: FailedMessage, d: Diagnosis) -> None:
    if message.body is None:
        st.caption("No message text was given: the diagnosis comes from the error and context.")
        return
    marks = marks_from_findings(d.findings)
    if d.segments is not None and d.segments.ucs2_chars:
        marks += marks_from_ucs2(d.segments.ucs2_chars)
    if marks:
        st.markdown("##### The message, with the evidence")
    else:
        st.markdown("##### The message")
        if d.findings:  # OPT001, BRD001: what the text lacks has no place in it
            rules = ", ".join(dict.fromkeys(f.rule for f in d.findings))
            st.caption(f"What the rules found ({rules}) is missing from the text, not in it.")
    st.html((legend_html() if marks else "") + highlight_html(message.body, marks))


def _corrected(
    message: FailedMessage,
    d: Diagnosis,
    *,
    run_id: int,
    model: Any,
    load_text: Callable[[str], None],
) -> None:
    st.markdown("##### Corrected message")
    rw = d.rewrite
    if rw is None:
        if d.findings:
            st.caption("No edit to the text applies to what the rules found.")
        else:
            # Not a green light: a filter may still have refused it (see the verdict).
            st.info(
                "No rule fires on this text: there is no edit to suggest.", icon=":material/info:"
            )
        return
    if rw.text is None:
        if any(o.content for o in rw.obstacles):
            st.error("**No rewording makes this message sendable.**", icon=":material/block:")
        else:
            st.info(
                "**Rewording cannot fix this**: what failed is not in the text.",
                icon=":material/info:",
            )
        _obstacles(rw, "What must change instead:")
        return
    if not rw.placeholders:
        st.code(rw.text, language=None, wrap_lines=True)
        _status(d, rw)
        _changes(rw)
        st.button(
            "Diagnose the corrected message",
            key="dx_load_rewrite",
            on_click=load_text,
            args=(rw.text,),
            icon=":material/refresh:",
            help="Puts it in the form as a new send (no error yet) and diagnoses it.",
        )
        return
    # Placeholders: fields to fill, never text to score.
    st.code(rw.text, language=None, wrap_lines=True)
    st.caption(
        "Fill in what only you can write; the corrected message is checked once it is "
        "complete (a placeholder is never scored)."
    )
    values: dict[str, str] = {}
    for p in rw.placeholders:
        was = f" (replaces {escape_markdown(p.replaces)})" if p.replaces else ""  # markdown
        values[p.name] = (
            st.text_input(
                f"{p.token}{was}",
                key=f"dx_fill_{run_id}_{p.name}",
                placeholder=p.prompt,
                help=p.prompt,
            )
            or ""
        )
    missing = [p.token for p in rw.placeholders if not values[p.name].strip()]
    st.button(
        "Re-check the corrected message",
        key="dx_recheck",
        on_click=_recheck,
        args=(message, d, model, run_id),
        disabled=bool(missing),
        icon=":material/fact_check:",
        help="Fill in " + ", ".join(missing) if missing else "Rules and model, as a new send.",
    )
    done = st.session_state.get(RECHECK)
    if done and done[0] == run_id and done[1] == values:
        checked: Rewrite = done[2]
        assert checked.text is not None
        st.code(checked.text, language=None, wrap_lines=True)
        _status(d, checked)
        st.button(
            "Diagnose the corrected message",
            key="dx_load_rewrite",
            on_click=load_text,
            args=(checked.text,),
            icon=":material/refresh:",
            help="Puts it in the form as a new send (no error yet) and diagnoses it.",
        )
    elif missing:
        st.info(rewrite_status(d).capitalize() + ".", icon=":material/edit_note:")
    _changes(rw)


def _recheck(message: FailedMessage, d: Diagnosis, model: Any, run_id: int) -> None:
    """Button callback: the filled text, re-checked with the rules and the model. The fields
    are read now, not when the button was drawn: a value typed just before the click counts."""
    assert d.rewrite is not None
    values = {
        p.name: str(st.session_state.get(f"dx_fill_{run_id}_{p.name}") or "")
        for p in d.rewrite.placeholders
    }
    try:
        checked = recheck_rewrite(message, d, values, model=model)
    except KeyError:
        return  # a field emptied between the render and the click: the button says which
    st.session_state[RECHECK] = (run_id, dict(values), checked)


def _status(d: Diagnosis, rw: Rewrite) -> None:
    """The corrected message's label: the re-check's own result, nothing more."""
    check = rw.recheck
    how = (
        "Re-checked as a new send (rules"
        + (" and model" if check and check.mode == "rules+model" else "")
        + ")"
    )
    if rw.passes:
        risk = (
            f"; the model reads {check.content_risk:.0%} content risk"
            if check and check.content_risk is not None
            else ""
        )
        st.success(f"{how}: passes. No rule fires{risk}.", icon=":material/check:")
    elif check is not None and check.flagged:
        cause = CAUSES[check.top_cause].title
        rules = f" ({', '.join(check.rules)})" if check.rules else ""
        risk = f", content risk {check.content_risk:.0%}" if check.content_risk is not None else ""
        st.warning(f"{how}: still flagged as **{cause}**{rules}{risk}.", icon=":material/warning:")
    elif rw.remaining:
        st.warning(f"{how}: still flagged by {', '.join(rw.remaining)}.", icon=":material/warning:")
    if rw.obstacles:
        _obstacles(rw, "Rewording cannot fix:")


def _obstacles(rw: Rewrite, head: str) -> None:
    lines = [f"**{head}**"]
    for o in rw.obstacles:
        what = f"`{o.rule}` " if o.rule else ""
        lines.append(f"- {what}{CAUSES[o.cause].title}: {o.what_must_change}")
    st.markdown("\n".join(lines))


def _changes(rw: Rewrite) -> None:
    if rw.changes:
        with st.expander(f"What was changed ({len(rw.changes)})", key="dx_changes"):
            # The changes quote the removed wording (customer text): escaped.
            st.markdown("\n".join(f"- {escape_markdown(ch)}" for ch in rw.changes))


def _details(message: FailedMessage, d: Diagnosis) -> None:
    model_tab = "Model" if d.model is not None else "Model (not used)"
    tabs = st.tabs(
        [
            f"All causes ({len(d.causes)})",
            f"Findings ({len(d.findings)})",
            "Error code",
            "Length and encoding",
            f"What else would help ({len(d.needs_context)})",
            model_tab,
            "JSON",
        ],
        key="dx_tabs",
    )
    with tabs[0]:
        for i, c in enumerate(d.causes, start=1):
            _cause(i, c)
    with tabs[1]:
        _findings(d)
    with tabs[2]:
        _error(message, d)
    with tabs[3]:
        _segments(d)
    with tabs[4]:
        if not d.needs_context:
            st.caption("Nothing: the context given was enough.")
        for n in d.needs_context:
            reasons = "; ".join(escape_markdown(r) for r in n.reasons)
            st.markdown(f"- **{n.field.replace('_', ' ')}** — {reasons}")
    with tabs[5]:
        _model(d)
    with tabs[6]:
        payload = result_json(message, d)
        st.download_button(
            "Download JSON",
            payload,
            file_name="diagnosis.json",
            mime="application/json",
            key="dx_download",
            icon=":material/download:",
            on_click="ignore",
        )
        st.code(payload, language="json")


def _findings(d: Diagnosis) -> None:
    if not d.findings:
        st.caption("No rule fired on this message.")
    for f in d.findings:
        with st.expander(
            f"{f.rule} · {f.name} · {f.severity.value}", expanded=len(d.findings) <= 2
        ):
            st.markdown(escape_markdown(f.message))
            st.markdown(f"**Fix:** {escape_markdown(f.fix)}")
            rule = RULES_BY_ID.get(f.rule)
            if rule is None:
                continue
            links = rule_sources(rule)
            if links:
                st.markdown("**Sources:** " + " · ".join(link.markdown() for link in links))
            st.page_link(
                "app_pages/rules.py",
                label=f"Read the {f.rule} docs",
                icon=":material/menu_book:",
                query_params={"rule": f.rule},
            )


def _error(message: FailedMessage, d: Diagnosis) -> None:
    e = d.error
    if message.error is None:
        st.caption("No error given.")
        return
    st.markdown(
        f"**Status:** {e.status}" + (f" · **Provider:** {e.provider.value}" if e.provider else "")
    )
    if e.code:
        st.markdown(
            f"**Code:** {md_literal(e.code)}" + (f" — {escape_markdown(e.name)}" if e.name else "")
        )
    if e.category is not None:
        st.markdown(f"**Means:** {CAUSES[e.category].title} (`{e.category.value}`)")
    if e.source_url:
        st.markdown(f"[Provider documentation]({e.source_url})")
    for cand in e.candidates:
        st.caption(
            f"Candidate: {cand.provider} {escape_markdown(str(cand.code))} "
            f"{escape_markdown(str(cand.name))} → {cand.category}"
        )
    if e.note:
        st.caption(escape_markdown(e.note))


def _segments(d: Diagnosis) -> None:
    s = d.segments
    if s is None:
        st.caption("No message text was given.")
        return
    plural = "s" if s.segments != 1 else ""
    st.markdown(
        f"**{s.characters:,}** characters · **{s.encoding}** · **{s.segments}** segment{plural} "
        f"({s.per_segment} units per segment)"
    )
    if s.ucs2_chars:
        chars = ", ".join(
            f"{md_literal(ch)} U+{ord(ch[0]):04X} ×{len(offs)}" for ch, offs in s.ucs2_chars[:20]
        )
        st.markdown(f"**Forced UCS-2 by:** {chars}")


def _model(d: Diagnosis) -> None:
    m = d.model
    if m is None:
        st.caption("The model did not run on this diagnosis.")
        return
    st.markdown(f"**Content risk:** {m.content_risk:.0%} · model `{escape_markdown(m.version)}`")
    top = sorted(m.probabilities.items(), key=lambda kv: -kv[1])[:5]
    st.markdown(
        "**Cause probabilities:** " + " · ".join(f"{CAUSES[c].title} {p:.0%}" for c, p in top)
    )
    if m.top_features:
        st.markdown(
            "**What pushed it:**\n"
            + "\n".join(
                f"- {escape_markdown(f.description)} ({f.weight:+.2f})" for f in m.top_features
            )
        )
