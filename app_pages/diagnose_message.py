"""Diagnose a message: the form, the example buttons and the rendered diagnosis."""

from __future__ import annotations

from zoneinfo import available_timezones

import streamlit as st

from app_pages.cached import load as get_model
from app_pages.feedback_widget import capture_verdict
from diagnose import (
    BASIS_LABELS,
    CAUSES,
    SHOWN_CAUSES,
    VERDICT_TITLES,
    Basis,
    Consent,
    Diagnosis,
    FailedMessage,
    InputError,
    Origin,
    Provider,
    RankedCause,
    SenderType,
    diagnose,
)
from diagnose.app_support import (
    EXAMPLES,
    EXAMPLES_BY_KEY,
    FORM_FIELDS,
    TRI_STATE,
    describe_input_error,
    escape_markdown,
    form_state,
    highlight_html,
    legend_html,
    marks_from_findings,
    marks_from_ucs2,
    md_literal,
    message_from_form,
    result_json,
    widget_key,
)
from diagnose.rules import RULES_BY_ID

K = widget_key
RESULT = "dx_result"
PENDING = "dx_pending"
PROBLEM = "dx_problem"


def _load(fields: dict[str, object]) -> None:
    """Button callback: put a message in the form and ask for a diagnosis."""
    st.session_state.update(form_state(FailedMessage.from_dict(fields)))
    st.session_state[PENDING] = True


def _load_example(key: str) -> None:
    _load(EXAMPLES_BY_KEY[key].fields)


def _recheck_rewrite() -> None:
    text = st.session_state.get("dx_rewrite_text")
    if isinstance(text, str):
        st.session_state[K("body")] = text
        st.session_state[PENDING] = True


def _submit() -> None:
    st.session_state[PENDING] = True


def _run() -> None:
    values = {name: st.session_state.get(K(name)) for name in FORM_FIELDS}
    try:
        message = message_from_form(values)
    except InputError as exc:
        st.session_state[PROBLEM] = describe_input_error(exc)
        st.session_state.pop(RESULT, None)
        return
    model, _ = get_model()
    try:
        result = diagnose(message, model=model)
    except Exception as exc:  # a bug must not show the customer's text in a traceback
        st.session_state[PROBLEM] = (
            f"The diagnosis failed with an internal error ({type(exc).__name__}). "
            "Please report it with the JSON of the message."
        )
        st.session_state.pop(RESULT, None)
        return
    st.session_state.pop(PROBLEM, None)
    st.session_state[RESULT] = (message, result)


# Defaults before the widgets exist, so buttons can overwrite them in callbacks.
for _name in FORM_FIELDS:
    st.session_state.setdefault(
        K(_name),
        "Unknown"
        if _name in ("first_message", "recipient_opted_out", "recipient_initiated")
        else "",
    )

st.title("Diagnose a failed message")
st.caption(
    "Paste the message and the error the platform showed; add whatever context you know. "
    "Unknown fields stay unknown: the diagnosis says which ones would help."
)

st.markdown("**Try an example** (loads the form and diagnoses it):")
with st.container(horizontal=True, key="dx_examples", gap="small"):
    for ex in EXAMPLES:
        st.button(
            ex.label,
            key=f"dx_example_{ex.key}",
            on_click=_load_example,
            args=(ex.key,),
            type="secondary",
        )

_model, _model_problem = get_model()


def _choice(label: str, field: str, values: list[str], help: str | None = None) -> None:
    """A select whose blank option means "unknown" (``None`` in the message)."""
    st.selectbox(
        label,
        ["", *values],
        key=K(field),
        format_func=lambda v: v or "Unknown",
        help=help,
    )


def _tri(label: str, field: str, help: str) -> None:
    st.selectbox(label, TRI_STATE, key=K(field), help=help)


with st.form("dx_form", border=True, enter_to_submit=True):
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.text_area(
            "Message body", key=K("body"), height=170, placeholder="The text that was not delivered"
        )
        c1, c2 = st.columns([3, 2])
        with c1:
            st.text_input(
                "Error",
                key=K("error"),
                placeholder="Code or text, e.g. 30007 or 'Carrier Violation error'",
            )
        with c2:
            _choice("Provider", "provider", [p.value for p in Provider])
        st.text_area(
            "Conversation history (optional)",
            key=K("history"),
            height=100,
            placeholder="> Hi, is my order ready?\n< Acme: Yes! Pick it up any time.",
            help="One message per line: '>' from the customer (inbound), '<' from you "
            "(outbound), oldest first.",
        )
    with right:
        rows = [st.columns(2) for _ in range(5)]
        with rows[0][0]:
            _tri("First message", "first_message", "Is this the first message to this person?")
        with rows[0][1]:
            _choice("Origin", "origin", [o.value for o in Origin], "What sent it")
        with rows[1][0]:
            st.text_input("Brand", key=K("brand"), placeholder="e.g. Acme Dental")
        with rows[1][1]:
            _choice(
                "Consent", "consent", [c.value for c in Consent], "What the recipient agreed to"
            )
        with rows[2][0]:
            _tri("Opted out", "recipient_opted_out", "Has the recipient opted out (STOP)?")
        with rows[2][1]:
            _tri("Texted first", "recipient_initiated", "Did the customer text you first?")
        with rows[3][0]:
            st.text_input("Destination", key=K("to"), placeholder="+15551234567")
        with rows[3][1]:
            _choice("Sender type", "sender_type", [t.value for t in SenderType])
        with rows[4][0]:
            st.text_input(
                "Send time",
                key=K("sent_at"),
                placeholder="2025-03-07T21:30",
                help="ISO 8601, in the recipient's time zone unless it has an offset",
            )
        with rows[4][1]:
            _choice(
                "Time zone",
                "recipient_timezone",
                sorted(available_timezones()),
                "The recipient's IANA time zone, for quiet-hours rules",
            )
    st.form_submit_button(
        "Diagnose", type="primary", key="dx_submit", on_click=_submit, icon=":material/search:"
    )

if st.session_state.pop(PENDING, False):
    _run()

if problem := st.session_state.get(PROBLEM):
    st.error(md_literal(problem), icon=":material/error:")  # it may quote a field's value


def _cause_card(i: int, c: RankedCause) -> None:
    with st.container(border=True, key=f"dx_cause_{i}"):
        h, bar = st.columns([3, 2], vertical_alignment="center")
        h.markdown(f"**{i}. {c.title}** &nbsp; `{c.cause.value}`")
        if c.identified:
            bar.progress(min(max(c.confidence, 0.0), 1.0), text=f"{c.confidence:.0%} confidence")
        else:
            bar.markdown("**No cause identified**")
        who = ", ".join(a.value.replace("_", " ") for a in c.who_can_act) or "—"
        st.markdown(
            f":material/person: **Who can act:** {who} &nbsp;·&nbsp; "
            f":material/replay: **Retry:** {'yes, after fixing' if c.retryable else 'no'}"
        )
        st.markdown(c.explanation)
        st.markdown(f"**Fix:** {c.fix}")
        t = c.terms
        parts = [
            f"error code {t.error_prior:.2f}" if t.error_prior is not None else None,
            f"rules {t.rule_evidence:.2f}" if t.rule_evidence is not None else None,
            f"model {t.model:.2f}" if t.model is not None else None,
        ]
        evidence = ", ".join(c.rules) if c.rules else "none"
        st.caption(
            f"Ranked here because: {BASIS_LABELS[Basis(c.basis)]} · score from: "
            + (", ".join(p for p in parts if p) or "no evidence")
            + f" · rules: {evidence}"
            + (f" · code {escape_markdown(c.error_code)}" if c.error_code else "")
        )


def _render(message: FailedMessage, d: Diagnosis) -> None:
    if d.mode == "rules-only":
        st.info(
            "Rules-only diagnosis: no trained model is loaded"
            + (f" ({_model_problem})." if _model_problem else "."),
            icon=":material/info:",
        )
    for note in d.notes:
        if not note.startswith("Rules-only"):
            st.caption(escape_markdown(note))

    st.markdown(f"**Verdict:** {VERDICT_TITLES[d.verdict]} &nbsp; `{d.verdict.value}`")
    st.subheader("Likely causes")
    for i, c in enumerate(d.causes[:SHOWN_CAUSES], start=1):
        _cause_card(i, c)
    if len(d.causes) > SHOWN_CAUSES:
        with st.expander(f"{len(d.causes) - SHOWN_CAUSES} less likely causes"):
            for i, c in enumerate(d.causes[SHOWN_CAUSES:], start=SHOWN_CAUSES + 1):
                _cause_card(i, c)

    body_col, side_col = st.columns([3, 2], gap="large")
    with body_col:
        st.subheader("The message, with the evidence")
        marks = marks_from_findings(d.findings)
        if d.segments is not None and d.segments.ucs2_chars:
            marks += marks_from_ucs2(d.segments.ucs2_chars)
        if message.body is None:
            st.caption("No message text was given: the diagnosis comes from the error and context.")
        else:
            st.html(legend_html() + highlight_html(message.body, marks))

        st.subheader(f"Findings ({len(d.findings)})")
        if not d.findings:
            st.caption("No rule fired on this message.")
        for f in d.findings:
            with st.expander(
                f"{f.rule} · {f.name} · {f.severity.value}", expanded=len(d.findings) <= 3
            ):
                st.markdown(escape_markdown(f.message))
                st.markdown(f"**Fix:** {escape_markdown(f.fix)}")
                if f.rule in RULES_BY_ID:
                    st.page_link(
                        "app_pages/rules.py",
                        label=f"Read the {f.rule} docs",
                        icon=":material/menu_book:",
                        query_params={"rule": f.rule},
                    )

    with side_col:
        st.subheader("Error code")
        e = d.error
        if message.error is None:
            st.caption("No error given.")
        else:
            st.markdown(
                f"**Status:** {e.status}"
                + (f" · **Provider:** {e.provider.value}" if e.provider else "")
            )
            if e.code:
                st.markdown(
                    f"**Code:** {escape_markdown(e.code)}"
                    + (f" — {escape_markdown(e.name)}" if e.name else "")
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

        st.subheader("Length and encoding")
        s = d.segments
        if s is None:
            st.caption("No message text was given.")
        else:
            m1, m2, m3 = st.columns(3)
            m1.metric("Characters", f"{s.characters:,}")
            m2.metric("Encoding", s.encoding)
            m3.metric("Segments", s.segments, help=f"{s.per_segment} units per segment")
        if s is not None and s.ucs2_chars:
            chars = ", ".join(
                f"“{escape_markdown(ch)}” U+{ord(ch[0]):04X} ×{len(offs)}"
                for ch, offs in s.ucs2_chars[:20]
            )
            st.markdown(f"**Forced UCS-2 by:** {chars}")

        st.subheader("What else would help")
        if not d.needs_context:
            st.caption("Nothing: the context given was enough.")
        for n in d.needs_context:
            reasons = "; ".join(escape_markdown(r) for r in n.reasons)
            st.markdown(f"- **{n.field.replace('_', ' ')}** — {reasons}")

    st.subheader("Corrected message")
    rw = d.rewrite
    if rw is None:
        if d.findings:
            st.caption("The text is not what failed here, so there is nothing to rewrite.")
        else:
            st.success("No rule fires on this text.", icon=":material/check:")
    else:
        st.session_state["dx_rewrite_text"] = rw.text
        st.code(rw.text, language=None, wrap_lines=True)
        if rw.changes:
            st.markdown("\n".join(f"- {escape_markdown(ch)}" for ch in rw.changes))
        if rw.passes:
            st.success("The corrected text passes every body rule.", icon=":material/check:")
        else:
            st.warning("Still flagged: " + ", ".join(rw.remaining), icon=":material/warning:")
        st.button(
            "Re-check the corrected message",
            key="dx_recheck",
            on_click=_recheck_rewrite,
            icon=":material/refresh:",
        )

    st.subheader("Result as JSON")
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
    with st.expander("Show JSON (copy button at the top right)"):
        st.code(payload, language="json")


if stored := st.session_state.get(RESULT):
    _render(*stored)
    capture_verdict(*stored)
