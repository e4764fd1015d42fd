"""Which column of an export holds which message field.

Provider exports name the same things differently (Twilio ``Body``/``ErrorCode``, Bandwidth
``sourceTn``/``errorCode``, Telnyx ``cli``/``cld``/``errors``). A ``ColumnMapping`` says, for
each canonical field (the ``FailedMessage`` JSON names plus ``id``, ``status`` and
``direction``), which input column holds it. ``recognise`` picks a known export format from
the header; ``parse_map`` reads ``--map body=Text,error=ErrorCode`` for anything else.

These functions are shared with the Streamlit app's "Triage an export" page: keep their
signatures stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from diagnose.message import MESSAGE_FIELDS, Provider

#: Fields a column can be mapped to: the message JSON fields plus row identity and state.
CANONICAL_FIELDS: tuple[str, ...] = ("id", *MESSAGE_FIELDS, "status", "direction")
#: Fields that are not part of a ``FailedMessage`` (carried or summarised, not diagnosed).
EXTRA_FIELDS: frozenset[str] = frozenset({"id", "status", "direction"})


class FormatError(ValueError):
    """The header cannot be mapped (no body column, unknown ``--map`` field or column)."""


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A known export: the columns that identify it and where each field lives.

    ``columns`` lists candidate source columns per field, first present wins (exports from
    different console versions differ slightly).
    """

    name: str
    title: str
    provider: Provider | None
    signature: frozenset[str]
    columns: Mapping[str, tuple[str, ...]]
    #: Statuses that mean the message was not delivered (lower-case).
    failed_statuses: frozenset[str] = frozenset()
    #: Statuses this export writes for messages that did not fail (lower-case): delivered,
    #: or on their way with no failure reported. Documentation and tests; any status not in
    #: ``failed_statuses`` counts as not failed.
    other_statuses: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Canonical field -> input column, plus the format it came from.

    ``provider`` applies to every row unless a ``provider`` column is mapped.

    Example:
        >>> m = recognise(["Sid", "From", "To", "Body", "Status", "SentDate", "ErrorCode"])
        >>> m.format, m.columns["body"], m.columns["error"]
        ('twilio', 'Body', 'ErrorCode')
    """

    format: str
    columns: Mapping[str, str]
    provider: Provider | None = None
    failed_statuses: frozenset[str] = field(default=frozenset())

    @property
    def id_column(self) -> str | None:
        return self.columns.get("id")

    def to_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "provider": self.provider.value if self.provider else None,
            "columns": dict(self.columns),
        }


#: Failure statuses of the supported exports, and of hand-mapped ones. "expired" is a
#: message the provider gave up on (Telnyx); "canceled" is not here: the sender withdrew it.
_FAILED = frozenset(
    {
        "failed",
        "undelivered",
        "rejected",
        "error",
        "delivery_failed",
        "sending_failed",
        "expired",
    }
)
#: What the exports write for messages that did not fail: delivered, or sent with no
#: failure reported (no receipt yet, or none given by the carrier).
_NOT_FAILED = frozenset(
    {
        "delivered",
        "read",
        "sent",
        "accepted",
        "queued",
        "scheduled",
        "sending",
        "received",
        "receiving",
        "partially_delivered",
        "delivery_unconfirmed",
        "canceled",
    }
)

#: Known exports, most specific first.
FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        name="twilio",
        title="Twilio message log export (Console > Monitor > Messaging logs > Export CSV)",
        provider=Provider.TWILIO,
        signature=frozenset({"Sid", "Body", "ErrorCode"}),
        columns={
            "id": ("Sid",),
            "body": ("Body",),
            "error": ("ErrorCode",),
            "from": ("From",),
            "to": ("To",),
            "sent_at": ("SentDate", "DateSent", "DateCreated"),
            "status": ("Status", "status"),
            "direction": ("Direction",),
        },
        # twilio.com/docs/messaging/api/message-resource#message-status-values
        failed_statuses=frozenset({"failed", "undelivered"}),
        other_statuses=frozenset(
            {
                "queued",
                "sending",
                "sent",
                "delivered",
                "receiving",
                "received",
                "accepted",
                "scheduled",
                "read",
                "partially_delivered",
                "canceled",
            }
        ),
    ),
    ExportFormat(
        name="bandwidth",
        title="Bandwidth message detail records (Insights > Messaging > Message Detail Records)",
        provider=Provider.BANDWIDTH,
        signature=frozenset({"messageId", "sourceTn", "destinationTn"}),
        columns={
            "id": ("messageId",),
            "body": ("text", "messageText", "body"),
            "error": ("errorCode",),
            "from": ("sourceTn",),
            "to": ("destinationTn",),
            "sent_at": ("receiveTime", "time", "messageTime"),
            "status": ("messageStatus", "status"),
            "direction": ("messageDirection", "direction"),
        },
        # Bandwidth writes these upper-case (DELIVERED, FAILED); compared lower-case.
        failed_statuses=frozenset({"failed", "rejected", "delivery_failed", "undelivered"}),
        other_statuses=frozenset(
            {"delivered", "sent", "accepted", "queued", "sending", "received"}
        ),
    ),
    ExportFormat(
        name="telnyx",
        title="Telnyx messaging detail records (Reports > Message Detail Records)",
        provider=Provider.TELNYX,
        signature=frozenset({"cli", "cld", "errors"}),
        columns={
            "id": ("id", "uuid", "message_id"),
            "body": ("text", "body", "message"),
            "error": ("errors", "error_code"),
            "from": ("cli",),
            "to": ("cld",),
            "sent_at": ("sent_at", "created_at"),
            "status": ("status",),
            "direction": ("direction",),
        },
        # developers.telnyx.com: message status values
        failed_statuses=frozenset({"delivery_failed", "sending_failed", "failed", "expired"}),
        other_statuses=frozenset(
            {"queued", "sending", "sent", "delivered", "delivery_unconfirmed", "received"}
        ),
    ),
    ExportFormat(
        name="sms-diagnose",
        title="sms-diagnose JSON message schema (the `check` command's input)",
        provider=None,
        signature=frozenset({"body"}),
        columns={f: (f,) for f in CANONICAL_FIELDS},
        failed_statuses=_FAILED,
        other_statuses=_NOT_FAILED,
    ),
)
FORMATS_BY_NAME: dict[str, ExportFormat] = {f.name: f for f in FORMATS}


def _from_format(fmt: ExportFormat, header: Sequence[str]) -> ColumnMapping:
    present = set(header)
    columns = {}
    for canonical, candidates in fmt.columns.items():
        for c in candidates:
            if c in present:
                columns[canonical] = c
                break
    return ColumnMapping(fmt.name, columns, fmt.provider, fmt.failed_statuses)


def recognise(
    header: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    *,
    format: str | None = None,
) -> ColumnMapping:
    """Map an export's header to message fields; ``overrides`` (from ``--map``) win.

    ``format`` forces a known format by name; otherwise the first format whose signature
    columns are all present is used, and a header matching none needs ``overrides`` for at
    least ``body``. Raises ``FormatError`` when no body column results.
    """
    header = [str(h) for h in header]
    overrides = dict(overrides or {})
    if format is not None:
        if format not in FORMATS_BY_NAME:
            raise FormatError(f"unknown format {format!r}; known: {', '.join(FORMATS_BY_NAME)}")
        mapping = _from_format(FORMATS_BY_NAME[format], header)
    else:
        present = set(header)
        fmt = next((f for f in FORMATS if f.signature <= present), None)
        mapping = (
            _from_format(fmt, header)
            if fmt is not None
            else ColumnMapping("custom", {}, None, _FAILED)
        )
    missing = [c for c in overrides.values() if c not in header]
    if missing:
        raise FormatError(f"--map names column {missing[0]!r}, which is not in the input")
    if overrides:
        columns = {**mapping.columns, **overrides}
        name = mapping.format if mapping.format != "custom" else "custom"
        mapping = ColumnMapping(name, columns, mapping.provider, mapping.failed_statuses)
    if "body" not in mapping.columns:
        raise FormatError(
            "no message body column found; recognised formats: "
            + ", ".join(FORMATS_BY_NAME)
            + ". Map one with --map body=COLUMN"
        )
    return mapping


def parse_map(spec: str | Iterable[str] | None) -> dict[str, str]:
    """``"body=Text,error=ErrorCode"`` (or several such strings) -> ``{"body": "Text", ...}``.

    Example:
        >>> parse_map("body=Text, error=Error Code")
        {'body': 'Text', 'error': 'Error Code'}
    """
    if spec is None:
        return {}
    parts = [spec] if isinstance(spec, str) else list(spec)
    out: dict[str, str] = {}
    for part in parts:
        for item in part.split(","):
            if not item.strip():
                continue
            name, sep, column = item.partition("=")
            name = name.strip().lower()
            if not sep or not column.strip():
                raise FormatError(f"--map expects FIELD=COLUMN, got {item.strip()!r}")
            if name not in CANONICAL_FIELDS:
                raise FormatError(
                    f"--map: unknown field {name!r}; fields: {', '.join(CANONICAL_FIELDS)}"
                )
            if name in out:
                raise FormatError(f"--map maps field {name!r} more than once")
            out[name] = column.strip()
    return out


def is_failed(mapping: ColumnMapping, status: object, error: object) -> bool:
    """Whether a row failed: a failed status or any error code.

    A row that did not fail (delivered, sent, queued, ... with no error code) is counted as
    delivered and gets no failure cause. Without a status column every row is taken as a
    failure: a blank error then means "no error given" (this tool's own JSON Lines, an
    export already filtered to failures), not "delivered".

    Example:
        >>> m = recognise(["Sid", "Body", "Status", "ErrorCode"])
        >>> is_failed(m, "undelivered", ""), is_failed(m, "delivered", "")
        (True, False)
        >>> is_failed(m, "sent", "30007")  # an error code is a failure whatever the status
        True
    """
    has_status = "status" in mapping.columns
    has_error = "error" in mapping.columns
    if not has_status:
        return True
    if has_error and error not in (None, "") and str(error).strip() not in ("", "0"):
        return True
    if has_status and isinstance(status, str):
        return status.strip().lower() in mapping.failed_statuses
    return False


def status_label(status: object) -> str:
    """A status cell as the summary counts it: lower-case, blank as ``(none)``.

    Example:
        >>> status_label(" DELIVERED "), status_label(None)
        ('delivered', '(none)')
    """
    if isinstance(status, str) and status.strip():
        return status.strip().lower()
    if status is None or status != status or status == "":  # None, NaN
        return "(none)"
    return str(status).strip().lower() or "(none)"
