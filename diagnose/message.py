"""The failed message: what a support engineer pastes, as a validated, immutable value.

Missing context is ``None`` (unknown), never ``False``: rules that need a field say so
instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class InputError(ValueError):
    """Input that cannot be a failed message; ``field`` names the culprit."""

    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


class Provider(StrEnum):
    TWILIO = "twilio"
    BANDWIDTH = "bandwidth"
    TELNYX = "telnyx"
    VONAGE = "vonage"
    PLIVO = "plivo"
    SINCH = "sinch"
    INFOBIP = "infobip"
    BIRD = "bird"
    AWS = "aws"
    AZURE = "azure"
    GLADLY = "gladly"
    COMMIO = "commio"
    AFRICAS_TALKING = "africas_talking"
    TEXTMAGIC = "textmagic"
    CLICKSEND = "clicksend"
    TELESIGN = "telesign"
    ZENDESK = "zendesk"
    INTERCOM = "intercom"
    HUBSPOT = "hubspot"
    SALESFORCE = "salesforce"
    TCR = "tcr"
    GOOGLE_VOICE = "google_voice"
    CARRIER = "carrier"


#: Other names people give each provider ("Nexmo", "Amazon SNS", "Africa's Talking").
PROVIDER_ALIASES: dict[str, Provider] = {
    "nexmo": Provider.VONAGE,
    "messagebird": Provider.BIRD,
    "amazon": Provider.AWS,
    "amazon sns": Provider.AWS,
    "sns": Provider.AWS,
    "pinpoint": Provider.AWS,
    "aws sns": Provider.AWS,
    "aws end user messaging": Provider.AWS,
    "azure communication services": Provider.AZURE,
    "acs": Provider.AZURE,
    "africastalking": Provider.AFRICAS_TALKING,
    "africa's talking": Provider.AFRICAS_TALKING,
    "africas talking": Provider.AFRICAS_TALKING,
    "text magic": Provider.TEXTMAGIC,
    "click send": Provider.CLICKSEND,
    "the campaign registry": Provider.TCR,
    "campaign registry": Provider.TCR,
    "google voice": Provider.GOOGLE_VOICE,
    "googlevoice": Provider.GOOGLE_VOICE,
    "zendesk sunshine": Provider.ZENDESK,
    "salesforce marketing cloud": Provider.SALESFORCE,
    "service cloud": Provider.SALESFORCE,
}


def parse_provider(name: str | None) -> Provider | None:
    """The covered provider a free-form name means, or None (not covered, or no name).

    Example:
        >>> parse_provider("Nexmo"), parse_provider("Africa's Talking"), parse_provider("msg91")
        (<Provider.VONAGE: 'vonage'>, <Provider.AFRICAS_TALKING: 'africas_talking'>, None)
    """
    if not name:
        return None
    key = " ".join(name.strip().lower().replace("’", "'").replace("_", " ").split())
    key = key.removeprefix("other:").strip()
    try:
        return Provider(key.replace(" ", "_"))
    except ValueError:
        return PROVIDER_ALIASES.get(key) or PROVIDER_ALIASES.get(key.replace("-", " "))


class SenderType(StrEnum):
    TEN_DLC = "10dlc"
    TOLL_FREE = "toll_free"
    SHORT_CODE = "short_code"
    ALPHANUMERIC = "alphanumeric"
    #: An ordinary mobile number outside US 10DLC (an international long code, a VMN):
    #: engineers name it so, and refusing the whole message for it lost the diagnosis.
    LONG_CODE = "long_code"


class Origin(StrEnum):
    AGENT_REPLY = "agent_reply"
    AUTO_REPLY = "auto_reply"
    PROACTIVE = "proactive"
    API = "api"
    AUTOMATION = "automation"
    IVR_TO_SMS = "ivr_to_sms"


class Consent(StrEnum):
    NONE = "none"
    CONVERSATIONAL = "conversational"
    EXPRESS = "express"
    EXPRESS_WRITTEN = "express_written"


_E = TypeVar("_E", bound=StrEnum)

Direction = Literal["inbound", "outbound"]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One earlier message in the conversation, oldest first in ``FailedMessage.history``."""

    direction: Direction
    body: str
    at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"direction": self.direction, "body": self.body}
        if self.at is not None:
            out["at"] = self.at.isoformat()
        return out


#: The longest body diagnosed in full. No provider accepts more than about 4,000 characters
#: (Infobip's 25 GSM-7 segments; Twilio takes 1,600), so a longer body is diagnosed from its
#: first ``MAX_BODY_CHARS`` characters: that is still too long for every provider (LEN002),
#: and the rest would only cost time (each rule and feature is linear in the body, but a
#: 10 MB body still took minutes).
MAX_BODY_CHARS = 10_000


def overlong_note(length: int) -> str:
    """What a diagnosis of a body over ``MAX_BODY_CHARS`` says about it."""
    return (
        f"The body is {length:,} characters, more than any provider accepts: only its first "
        f"{MAX_BODY_CHARS:,} were read (lengths and spans refer to them)."
    )


@dataclass(frozen=True, slots=True)
class FailedMessage:
    """A message that did not arrive, with whatever context is known.

    Example:
        >>> m = FailedMessage.from_dict({"body": "Hi", "error": "30007", "first_message": True})
        >>> m.first_message, m.provider
        (True, None)
    """

    #: The message text; None when the engineer does not have it (a carrier report, a
    #: ticket): then no rule that reads the body runs. "" is an empty message.
    body: str | None
    error: str | None = None
    provider: Provider | None = None
    to: str | None = None
    from_: str | None = None
    sender_type: SenderType | None = None
    brand: str | None = None
    origin: Origin | None = None
    first_message: bool | None = None
    recipient_opted_out: bool | None = None
    recipient_initiated: bool | None = None
    consent: Consent | None = None
    sent_at: datetime | None = None
    recipient_timezone: str | None = None
    history: tuple[HistoryEntry, ...] = field(default=())
    #: The provider as the user named it when no covered ``Provider`` matches ("msg91"):
    #: the error is then not read as another provider's code without saying so.
    provider_name: str | None = None

    def with_body(self, body: str | None) -> FailedMessage:
        """The same message with another body (``dataclasses.replace`` costs twice as much, and
        the rewrite re-check does this for most diagnoses)."""
        return FailedMessage(
            body,
            self.error,
            self.provider,
            self.to,
            self.from_,
            self.sender_type,
            self.brand,
            self.origin,
            self.first_message,
            self.recipient_opted_out,
            self.recipient_initiated,
            self.consent,
            self.sent_at,
            self.recipient_timezone,
            self.history,
            self.provider_name,
        )

    @property
    def history_before_send(self) -> tuple[HistoryEntry, ...]:
        """The history without the entries dated after ``sent_at``: a STOP that arrived after
        the send did not block it. Entries without a date, or whose date cannot be compared
        (one naive, one with an offset), stay."""
        if not self.history:  # most messages; batch shares results by the fields read
            return self.history
        return history_before(self.history, self.sent_at)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FailedMessage:
        """Build from the JSON form; raises ``InputError`` naming the first bad field."""
        if not isinstance(data, Mapping):
            raise InputError(None, f"expected a JSON object, got {_type_name(data)}")
        if "from_" in data and "from" not in data:
            # the attribute's own name, as Python callers write it
            data = {("from" if k == "from_" else k): v for k, v in data.items()}
        unknown = [k for k in data if k not in _FIELDS]
        if unknown:
            raise InputError(str(unknown[0]), "unknown field")
        kwargs: dict[str, Any] = {"body": None if data.get("body") is None else _text(data, "body")}
        for name in ("error", "to", "brand", "recipient_timezone"):
            kwargs[name] = _opt_text(data, name)
        kwargs["from_"] = _opt_text(data, "from")
        if kwargs["error"] is not None and not kwargs["error"].strip():
            kwargs["error"] = None
        kwargs["provider"], kwargs["provider_name"] = _provider(data)
        kwargs["sender_type"] = _enum(data, "sender_type", SenderType)
        kwargs["origin"] = _enum(data, "origin", Origin)
        kwargs["consent"] = _enum(data, "consent", Consent)
        for name in ("first_message", "recipient_opted_out", "recipient_initiated"):
            kwargs[name] = _opt_bool(data, name)
        kwargs["sent_at"] = parse_datetime(data.get("sent_at"), "sent_at")
        tz = kwargs["recipient_timezone"]
        if tz is not None:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America", a dir
                raise InputError("recipient_timezone", f"unknown IANA time zone {tz!r}") from None
        kwargs["history"] = _history(data.get("history"))
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, omitting unknown (``None``) fields."""
        out: dict[str, Any] = {} if self.body is None else {"body": self.body}
        for name, key in _ATTR_TO_KEY.items():
            value = getattr(self, name)
            if name == "provider" and value is None:
                value = self.provider_name
            if value is None or name == "body":
                continue
            if name == "history":
                if value:
                    out[key] = [h.to_dict() for h in value]
                continue
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, StrEnum):
                value = value.value
            out[key] = value
        return out


_ATTR_TO_KEY: dict[str, str] = {
    "body": "body",
    "error": "error",
    "provider": "provider",
    "to": "to",
    "from_": "from",
    "sender_type": "sender_type",
    "brand": "brand",
    "origin": "origin",
    "first_message": "first_message",
    "recipient_opted_out": "recipient_opted_out",
    "recipient_initiated": "recipient_initiated",
    "consent": "consent",
    "sent_at": "sent_at",
    "recipient_timezone": "recipient_timezone",
    "history": "history",
}
_FIELDS = frozenset(_ATTR_TO_KEY.values())

#: The JSON field names a message accepts, in documentation order.
MESSAGE_FIELDS: tuple[str, ...] = tuple(_ATTR_TO_KEY.values())


def _type_name(value: object) -> str:
    return {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str):
        raise InputError(name, f"must be a string, got {_type_name(value)}")
    return value


def _opt_text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(name, f"must be a string, got {_type_name(value)}")
    # Codes and numbers are often pasted as JSON numbers (30007, 15551234567).
    return str(value)


def _opt_bool(data: Mapping[str, Any], name: str) -> bool | None:
    value = data.get(name)
    if value is None or isinstance(value, bool):
        return value
    raise InputError(name, f"must be true, false or null, got {_type_name(value)}")


def _provider(data: Mapping[str, Any]) -> tuple[Provider | None, str | None]:
    """A covered provider, or the name as given (any provider may fail a message)."""
    value = data.get("provider")
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        raise InputError("provider", f"must be a string, got {_type_name(value)}")
    found = parse_provider(value)
    return (found, None) if found is not None else (None, value.strip()[:100] or None)


#: Other names people give a field's values (exports, CRMs, hand-written cases): an agent or
#: a business starting the conversation is a proactive message; "automated" is automation.
_ALIASES: dict[tuple[str, str], str] = {
    ("origin", "automated"): "automation",
    ("origin", "agent_initiated"): "proactive",
    ("origin", "business_initiated"): "proactive",
}


def _enum(data: Mapping[str, Any], name: str, enum: type[_E]) -> _E | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(name, f"must be a string, got {_type_name(value)}")
    key = value.strip().lower()
    try:
        return enum(_ALIASES.get((name, key), key))
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise InputError(name, f"{value!r} is not one of: {allowed}") from None


def history_before(
    history: tuple[HistoryEntry, ...], sent_at: datetime | None
) -> tuple[HistoryEntry, ...]:
    """``FailedMessage.history_before_send`` of these fields (batch triage has columns)."""
    if not history or sent_at is None:
        return history
    return tuple(h for h in history if not _later(h.at, sent_at))


def _later(at: datetime | None, than: datetime) -> bool:
    if at is None or (at.utcoffset() is None) != (than.utcoffset() is None):
        return False
    return at > than


def parse_datetime(value: Any, name: str) -> datetime | None:
    """An ISO 8601 (or empty) field as a datetime; ``InputError`` naming ``name`` if not."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(name, f"must be an ISO 8601 string, got {_type_name(value)}")
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(name, f"{value!r} is not an ISO 8601 date-time") from None


def _history(value: Any) -> tuple[HistoryEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError("history", f"must be an array, got {_type_name(value)}")
    entries = []
    for i, item in enumerate(value):
        where = f"history[{i}]"
        if not isinstance(item, Mapping):
            raise InputError(where, f"must be an object, got {_type_name(item)}")
        extra = [k for k in item if k not in ("direction", "body", "at")]
        if extra:
            raise InputError(f"{where}.{extra[0]}", "unknown field")
        direction = item.get("direction")
        if direction not in ("inbound", "outbound"):
            raise InputError(f"{where}.direction", "must be 'inbound' or 'outbound'")
        body = item.get("body")
        if not isinstance(body, str):
            raise InputError(f"{where}.body", f"must be a string, got {_type_name(body)}")
        entries.append(HistoryEntry(direction, body, parse_datetime(item.get("at"), f"{where}.at")))
    return tuple(entries)
