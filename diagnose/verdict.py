"""What the carrier or provider did to a message: the verdict, kept apart from its cause.

A verdict is read from the error ("filtered" for Twilio 30007); a cause explains it
("missing opt-out language"). A generic verdict never competes with its explanations: it is
the frame the causes are ranked in (see ``diagnose.explain``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from diagnose.causes import Cause


class Verdict(StrEnum):
    """Stable id of what happened to the message."""

    FILTERED = "filtered"
    BLOCKED = "blocked"
    OPTED_OUT = "opted_out"
    UNDELIVERABLE = "undeliverable"
    REJECTED = "rejected"
    UNKNOWN = "unknown"
    NONE = "none"


VERDICT_TITLES: dict[Verdict, str] = {
    Verdict.FILTERED: "Filtered by a carrier or provider content filter",
    Verdict.BLOCKED: "Blocked because of who sent it or who receives it",
    Verdict.OPTED_OUT: "Refused: the recipient opted out of this sender",
    Verdict.UNDELIVERABLE: "Undeliverable: the network could not reach the handset",
    Verdict.REJECTED: "Rejected by the provider before it reached a carrier",
    Verdict.UNKNOWN: "Failed, with no reason given",
    Verdict.NONE: "No error given",
}

#: The verdict a cause implies when the error row does not state one.
_BY_CAUSE: dict[Cause, Verdict] = {
    Cause.OPTED_OUT_RECIPIENT: Verdict.OPTED_OUT,
    Cause.MISSING_OPT_OUT_LANGUAGE: Verdict.FILTERED,
    Cause.MISSING_BRAND_IDENTIFICATION: Verdict.FILTERED,
    Cause.NO_CONSENT: Verdict.FILTERED,
    Cause.PROHIBITED_CONTENT: Verdict.FILTERED,
    Cause.URL_OR_LINK_FILTERING: Verdict.FILTERED,
    Cause.SPAM_LIKE_CONTENT: Verdict.FILTERED,
    Cause.SENDER_NOT_REGISTERED: Verdict.BLOCKED,
    Cause.SENDER_BLOCKED: Verdict.BLOCKED,
    Cause.RECIPIENT_BLOCKED: Verdict.BLOCKED,
    Cause.FRAUD_PROTECTION_BLOCK: Verdict.BLOCKED,
    Cause.RATE_OR_VOLUME_LIMIT: Verdict.REJECTED,
    Cause.INVALID_DESTINATION: Verdict.UNDELIVERABLE,
    Cause.UNREACHABLE_HANDSET: Verdict.UNDELIVERABLE,
    Cause.CARRIER_OR_NETWORK_FAILURE: Verdict.UNDELIVERABLE,
    Cause.CONTENT_TOO_LONG_OR_ENCODING: Verdict.REJECTED,
    Cause.ACCOUNT_OR_CONFIGURATION: Verdict.REJECTED,
    Cause.UNKNOWN: Verdict.UNKNOWN,
}


def verdict_for(category: Cause | None, *, api: bool = False) -> Verdict:
    """The verdict an error of this category implies (``api``: refused at the request).

    Example:
        >>> verdict_for(Cause.SPAM_LIKE_CONTENT).value
        'filtered'
        >>> verdict_for(Cause.INVALID_DESTINATION, api=True).value
        'rejected'
    """
    if category is None:
        return Verdict.NONE
    verdict = _BY_CAUSE[category]
    if api and verdict in (Verdict.UNDELIVERABLE, Verdict.BLOCKED):
        return Verdict.REJECTED
    return verdict


def parse_verdict(value: str) -> Verdict:
    """A verdict from its id; ``ValueError`` names the valid ones."""
    try:
        return Verdict(value.strip().lower())
    except ValueError:
        valid = ", ".join(v.value for v in Verdict)
        raise ValueError(f"unknown verdict {value!r} (one of: {valid})") from None


class _ReadError(Protocol):
    """What ``error_verdict`` reads of a ``NormalisedError`` (which imports this module)."""

    @property
    def status(self) -> str: ...
    @property
    def category(self) -> Cause | None: ...


def error_verdict(error: _ReadError) -> Verdict:
    """The verdict of a read error: its own if the reader set one, else its category's.

    Example:
        >>> from diagnose.errors import normalise_error
        >>> error_verdict(normalise_error("30007")).value
        'filtered'
        >>> error_verdict(normalise_error(None)).value
        'none'
    """
    own = getattr(error, "verdict", None)
    if isinstance(own, Verdict):
        return own
    if error.status == "none":
        return Verdict.NONE
    info = getattr(error, "info", None)
    return verdict_for(error.category, api=bool(getattr(info, "api", False)))
