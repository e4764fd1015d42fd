"""Diagnose a message: the form, the example buttons and the rendered diagnosis.

Before a diagnosis the form is open; after one it folds to a one-line summary (click it to
edit) so the answer (``app_pages/diagnosis_view.py``) starts at the top of the screen. The
form's fields sit in a wrapping row of fixed widths: at 1440 px they take two rows, at 900 px
four, and no label or select is ever squeezed below its text.
"""

from __future__ import annotations

from zoneinfo import available_timezones

import streamlit as st

from app_pages.cached import load as get_model
from app_pages.diagnosis_view import render
from app_pages.feedback_widget import capture_verdict
from diagnose import (
    Consent,
    FailedMessage,
    InputError,
    Origin,
    Provider,
    SenderType,
    diagnose,
)
from diagnose.app_support import (
    EXAMPLES,
    EXAMPLES_BY_KEY,
    FORM_FIELDS,
    TRI_STATE,
    describe_input_error,
    form_state,
    form_summary,
    md_literal,
    message_from_form,
    widget_key,
)

K = widget_key
RESULT = "dx_result"
PENDING = "dx_pending"
PROBLEM = "dx_problem"
#: The form's expander state (open before a diagnosis, folded after one).
FORM_OPEN = "dx_form_open"
#: Counts diagnoses, so the corrected message's fields belong to one diagnosis.
RUN = "dx_run"
_BOOLS = ("first_message", "recipient_opted_out", "recipient_initiated")


def _load(fields: dict[str, object]) -> None:
    """Button callback: put a message in the form and ask for a diagnosis."""
    st.session_state.update(form_state(FailedMessage.from_dict(fields)))
    st.session_state[PENDING] = True


def _load_example(key: str) -> None:
    _load(EXAMPLES_BY_KEY[key].fields)


def _load_text(text: str) -> None:
    """Button callback: the corrected message into the form as a new send (it has not
    failed yet, so no error), diagnosed with the same context."""
    st.session_state[K("body")] = text
    st.session_state[K("error")] = ""
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
    st.session_state[RUN] = st.session_state.get(RUN, 0) + 1


# Defaults before the widgets exist, so buttons can overwrite them in callbacks.
for _name in FORM_FIELDS:
    st.session_state.setdefault(K(_name), "Unknown" if _name in _BOOLS else "")

# The diagnosis runs before anything is drawn, so the form can fold in the same run.
if st.session_state.pop(PENDING, False):
    _run()
    st.session_state[FORM_OPEN] = RESULT not in st.session_state
st.session_state.setdefault(FORM_OPEN, True)
stored = st.session_state.get(RESULT)


def _examples() -> None:
    with st.popover("Try an example", icon=":material/lightbulb:", width="content"):
        st.caption("Loads the form and diagnoses it.")
        for ex in EXAMPLES:
            st.button(
                ex.label,
                key=f"dx_example_{ex.key}",
                on_click=_load_example,
                args=(ex.key,),
                type="tertiary",
            )


_model, _model_problem = get_model()


def _choice(label: str, field: str, values: list[str], width: int, help: str | None = None) -> None:
    """A select whose blank option means "unknown" (``None`` in the message)."""
    st.selectbox(
        label,
        ["", *values],
        key=K(field),
        format_func=lambda v: v or "Unknown",
        help=help,
        width=width,
    )


def _tri(label: str, field: str, help: str) -> None:
    st.selectbox(label, TRI_STATE, key=K(field), help=help, width=150)


def _form() -> None:
    """The form in an expander: open before a diagnosis, folded to its summary after."""
    # The summary quotes the message: a code span, where nothing in it is interpreted.
    label = f"Edit: {md_literal(form_summary(stored[0]))}" if stored else "Message and context"
    with (
        st.expander(label, key=FORM_OPEN, on_change="rerun", icon=":material/edit:"),
        st.form("dx_form", border=False, enter_to_submit=True),
    ):
        st.text_area(
            "Message body", key=K("body"), height=110, placeholder="The text that was not delivered"
        )
        with st.container(horizontal=True, wrap=True, gap="small", key="dx_fields"):
            st.text_input(
                "Error",
                key=K("error"),
                placeholder="30007, or the text shown",
                help="A code or the text the platform showed, e.g. 30007 or 'Carrier "
                "Violation error'",
                width=240,
            )
            _choice("Provider", "provider", [p.value for p in Provider], 190)
            _tri("First message", "first_message", "Is this the first message to this person?")
            _choice("Origin", "origin", [o.value for o in Origin], 170, "What sent it")
            st.text_input("Brand", key=K("brand"), placeholder="e.g. Acme Dental", width=190)
            _choice(
                "Consent",
                "consent",
                [c.value for c in Consent],
                190,
                "What the recipient agreed to",
            )
            _tri("Opted out", "recipient_opted_out", "Has the recipient opted out (STOP)?")
            _tri("Texted first", "recipient_initiated", "Did the customer text you first?")
            st.text_input("Destination", key=K("to"), placeholder="+15551234567", width=190)
            _choice("Sender type", "sender_type", [t.value for t in SenderType], 170)
            st.text_input(
                "Send time",
                key=K("sent_at"),
                placeholder="2025-03-07T21:30",
                help="ISO 8601, in the recipient's time zone unless it has an offset",
                width=190,
            )
            _choice(
                "Time zone",
                "recipient_timezone",
                sorted(available_timezones()),
                240,
                "The recipient's IANA time zone, for quiet-hours rules",
            )
        st.text_area(
            "Conversation history (optional)",
            key=K("history"),
            height=80,
            placeholder="> Hi, is my order ready?\n< Acme: Yes! Pick it up any time.",
            help="One message per line: '>' from the customer (inbound), '<' from you "
            "(outbound), oldest first.",
        )
        st.form_submit_button(
            "Diagnose", type="primary", key="dx_submit", on_click=_submit, icon=":material/search:"
        )


# Before a diagnosis: the title, then the open form. After one, the folded form (its
# summary) heads the page, and the answer starts right under it.
with st.container(horizontal=True, vertical_alignment="center", key="dx_head"):
    if stored is None:
        st.title("Diagnose a failed message", width="content")
    else:
        _form()
    _examples()
if stored is None:
    st.caption(
        "Paste the message and the error the platform showed; add whatever context you know. "
        "Unknown fields stay unknown: the diagnosis says which ones would help."
    )
    _form()

if problem := st.session_state.get(PROBLEM):
    st.error(md_literal(problem), icon=":material/error:")  # it may quote a field's value

if stored:
    render(
        *stored,
        run_id=st.session_state.get(RUN, 0),
        model=_model,
        model_problem=_model_problem,
        load_text=_load_text,
    )
    capture_verdict(*stored)
