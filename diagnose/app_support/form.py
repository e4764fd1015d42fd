"""Turn the Diagnose form's raw widget values into a validated ``FailedMessage``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diagnose.message import Direction, FailedMessage, HistoryEntry, InputError

#: Longest body the form accepts. The longest SMS any provider sends is 1,600 characters
#: (Twilio's concatenation limit, ten segments); 20,000 leaves room for a mis-sized
#: template while refusing a pasted log file, whose highlighting would stall the browser.
MAX_BODY_CHARS = 20_000
#: Same reasoning for the conversation history box: a long thread, not a transcript dump.
MAX_HISTORY_CHARS = 50_000

UNKNOWN = "Unknown"
YES = "Yes"
NO = "No"
TRI_STATE: tuple[str, ...] = (UNKNOWN, YES, NO)
_TRI = {UNKNOWN: None, YES: True, NO: False, "": None, None: None}


def tri_state(value: bool | None) -> str:
    """The select label for a known/unknown boolean (the inverse of the form mapping)."""
    return UNKNOWN if value is None else YES if value else NO


def parse_history(text: str) -> tuple[HistoryEntry, ...]:
    """One message per line: ``>`` inbound (from the customer), ``<`` outbound (from us).

    Blank lines are skipped; a line without a marker continues the previous message, so a
    pasted multi-line message keeps its line breaks.

    Example:
        >>> [(h.direction, h.body) for h in parse_history("> STOP\\n< You are unsubscribed")]
        [('inbound', 'STOP'), ('outbound', 'You are unsubscribed')]
    """
    if len(text) > MAX_HISTORY_CHARS:
        raise InputError(
            "history",
            f"is {len(text):,} characters; paste at most {MAX_HISTORY_CHARS:,} "
            "(the last few messages are what matter)",
        )
    entries: list[HistoryEntry] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        marker = line[0]
        if marker in "<>":
            direction: Direction = "inbound" if marker == ">" else "outbound"
            entries.append(HistoryEntry(direction, line[1:].strip()))
        elif entries:
            last = entries[-1]
            entries[-1] = HistoryEntry(last.direction, f"{last.body}\n{line}", last.at)
        else:
            raise InputError(
                "history",
                f"line {lineno} starts without '>' (inbound) or '<' (outbound)",
            )
    return tuple(entries)


def format_history(entries: tuple[HistoryEntry, ...]) -> str:
    """The inverse of ``parse_history``, for loading a saved message into the form."""
    return "\n".join(("> " if h.direction == "inbound" else "< ") + h.body for h in entries)


def message_from_form(values: Mapping[str, Any]) -> FailedMessage:
    """Validate the form; raises ``InputError`` naming the field a person must correct.

    ``values`` holds the JSON field names (``body``, ``error``, ``provider``...) with the
    widget values: ``""`` or ``None`` for unknown, tri-state labels for booleans, and
    ``history`` as the raw text of the conversation box.

    Example:
        >>> m = message_from_form({"body": "Hi", "first_message": "Yes", "provider": ""})
        >>> m.first_message, m.provider
        (True, None)
    """
    body = values.get("body") or ""
    if not isinstance(body, str):
        raise InputError("body", "must be text")
    if not body.strip():
        raise InputError("body", "is empty: paste the text of the message that failed")
    if len(body) > MAX_BODY_CHARS:
        raise InputError(
            "body",
            f"is {len(body):,} characters. An SMS is at most 1,600 characters (ten "
            f"segments), so this looks like a log or a document; paste only the message "
            f"body (limit {MAX_BODY_CHARS:,}).",
        )
    data: dict[str, Any] = {"body": body}
    for name in ("error", "to", "brand", "provider", "origin", "consent", "sender_type"):
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            data[name] = value.strip()
    for name in ("first_message", "recipient_opted_out", "recipient_initiated"):
        data[name] = _TRI.get(values.get(name))
    sent_at = values.get("sent_at")
    if isinstance(sent_at, str) and sent_at.strip():
        data["sent_at"] = sent_at.strip()
    tz = values.get("recipient_timezone")
    if isinstance(tz, str) and tz.strip():
        data["recipient_timezone"] = tz.strip()
    message = FailedMessage.from_dict(data)
    history = values.get("history")
    if isinstance(history, str) and history.strip():
        entries = parse_history(history)
        message = FailedMessage.from_dict(
            {**message.to_dict(), "history": [e.to_dict() for e in entries]}
        )
    return message


#: The form's fields, in display order; each widget's key is ``"dx_" + field``.
FORM_FIELDS: tuple[str, ...] = (
    "body",
    "error",
    "provider",
    "first_message",
    "origin",
    "brand",
    "recipient_opted_out",
    "recipient_initiated",
    "consent",
    "to",
    "sender_type",
    "sent_at",
    "recipient_timezone",
    "history",
)
_BOOL_FIELDS = frozenset({"first_message", "recipient_opted_out", "recipient_initiated"})


def widget_key(field: str) -> str:
    """The Streamlit widget key of a form field (stable: the app tests use them)."""
    return f"dx_{field}"


def form_state(message: FailedMessage) -> dict[str, str]:
    """Widget values (by widget key) that show ``message`` in the form: examples, triage rows."""
    data = message.to_dict()
    state: dict[str, str] = {}
    for name in FORM_FIELDS:
        if name in _BOOL_FIELDS:
            state[widget_key(name)] = tri_state(getattr(message, name))
        elif name == "history":
            state[widget_key(name)] = format_history(message.history)
        else:
            value = data.get(name)
            state[widget_key(name)] = "" if value is None else str(value)
    return state


#: What each field is called on screen, so an ``InputError`` points at the right box.
FIELD_LABELS: dict[str, str] = {
    "body": "Message body",
    "error": "Error",
    "provider": "Provider",
    "first_message": "First message to this recipient",
    "origin": "Origin",
    "brand": "Brand",
    "recipient_opted_out": "Recipient opted out",
    "recipient_initiated": "Customer texted first",
    "consent": "Consent",
    "to": "Destination number",
    "from": "Sender number",
    "sender_type": "Sender type",
    "sent_at": "Send time",
    "recipient_timezone": "Recipient time zone",
    "history": "Conversation history",
}


#: How much of the body the one-line summary of a diagnosed message quotes.
SUMMARY_BODY_CHARS = 60


_SHORT = {
    "first_message": "first message",
    "recipient_opted_out": "opted out",
    "recipient_initiated": "texted first",
    "brand": "brand",
    "origin": "origin",
    "consent": "consent",
    "sender_type": "sender",
    "to": "to",
    "sent_at": "sent",
}


def form_summary(message: FailedMessage) -> str:
    """The diagnosed message in one line, for the collapsed form: the start of the body,
    the error and the context that was given (plain text: the page escapes it).

    Example:
        >>> form_summary(FailedMessage(body="Thanks for contacting Retalé!", error="30007",
        ...                            first_message=True))
        '“Thanks for contacting Retalé!” · error 30007 · first message: yes'
    """
    body = message.body or ""
    flat = " ".join(body.split())
    quoted = flat if len(flat) <= SUMMARY_BODY_CHARS else flat[: SUMMARY_BODY_CHARS - 1] + "…"
    parts = [f"“{quoted}”" if body else "no message text"]
    parts.append(f"error {message.error}" if message.error else "no error given")
    if message.provider is not None:
        parts.append(message.provider.value)
    data = message.to_dict()
    for name in ("first_message", "recipient_opted_out", "recipient_initiated"):
        value = getattr(message, name)
        if value is not None:
            parts.append(f"{_SHORT[name]}: {tri_state(value).lower()}")
    for name in ("brand", "origin", "consent", "sender_type", "to", "sent_at"):
        if data.get(name) is not None:
            parts.append(f"{_SHORT[name]}: {data[name]}")
    if message.history:
        parts.append(
            f"{len(message.history)} earlier message{'s' if len(message.history) > 1 else ''}"
        )
    return " · ".join(parts)


def describe_input_error(exc: InputError) -> str:
    """The error in the form's words: "Send time: '5pm' is not an ISO 8601 date-time"."""
    name = (exc.field or "").split("[", 1)[0].split(".", 1)[0]
    label = FIELD_LABELS.get(name, exc.field or "Input")
    return f"{label}: {exc.reason}"
