"""sms-diagnose: explain why a text message was not delivered, and how to fix it."""

from diagnose.causes import CAUSES, Actor, Cause, CauseInfo
from diagnose.message import (
    MESSAGE_FIELDS,
    Consent,
    FailedMessage,
    HistoryEntry,
    InputError,
    Origin,
    Provider,
    SenderType,
)

__all__ = [
    "CAUSES",
    "MESSAGE_FIELDS",
    "Actor",
    "Cause",
    "CauseInfo",
    "Consent",
    "FailedMessage",
    "HistoryEntry",
    "InputError",
    "Origin",
    "Provider",
    "SenderType",
]
