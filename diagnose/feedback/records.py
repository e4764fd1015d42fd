"""The values that go into and come out of the feedback store, free of any database type.

A *case* is one diagnosis as the engineer saw it (what was asked, what the tool answered); a
*verdict* is the engineer's judgement of its top answer. The latest verdict on a case is the
one that counts, so changing one's mind is a new verdict, never an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from diagnose.causes import Cause, parse_cause


class VerdictKind(StrEnum):
    """What the engineer said about the tool's top answer."""

    CONFIRMED = "confirmed"  # the top cause was the real one
    WRONG = "wrong"  # it was another cause, given with the verdict
    NOT_SURE = "not_sure"  # recorded, but never counted as a confirmed cause


class Scope(StrEnum):
    """What the verdict was given on: one message, one row of an export, or a template
    (then one verdict per row of that template, each with this scope)."""

    MESSAGE = "message"
    ROW = "row"
    TEMPLATE = "template"


#: Answers that mean "the tool's top cause was right" or "I don't know" in a cause column.
CONFIRM_WORDS = frozenset({"confirm", "confirmed", "correct", "yes", "y", "ok", "right"})
NOT_SURE_WORDS = frozenset({"not_sure", "not sure", "unsure", "?", "dunno", "don't know"})


def judge(top_cause: str | None, answer: str) -> tuple[VerdictKind, Cause | None]:
    """Read an engineer's answer about a diagnosis whose top cause is ``top_cause``.

    A cause id that equals the top cause confirms it; another cause id says it was wrong;
    ``confirm``/``yes`` confirm; ``not sure``/``?`` are recorded as not sure. Anything else
    raises ``ValueError`` naming the canonical causes.

    Example:
        >>> judge("opted_out_recipient", "opted_out_recipient")
        (<VerdictKind.CONFIRMED: 'confirmed'>, <Cause.OPTED_OUT_RECIPIENT: 'opted_out_recipient'>)
        >>> judge("opted_out_recipient", "no_consent")[0].value
        'wrong'
        >>> judge("unknown", "?")
        (<VerdictKind.NOT_SURE: 'not_sure'>, None)
    """
    key = answer.strip().lower()
    if key in NOT_SURE_WORDS:
        return VerdictKind.NOT_SURE, None
    if key in CONFIRM_WORDS:
        if top_cause is None:
            raise ValueError("cannot confirm: the diagnosis has no top cause; name the cause")
        return VerdictKind.CONFIRMED, parse_cause(top_cause)
    try:
        cause = parse_cause(key)
    except ValueError:
        raise ValueError(
            f"{answer!r} is not a cause: use one of {', '.join(c.value for c in Cause)}, "
            "'confirm' or 'not sure'"
        ) from None
    if top_cause is not None and cause.value == top_cause:
        return VerdictKind.CONFIRMED, cause
    return VerdictKind.WRONG, cause


def utc_now() -> datetime:
    return datetime.now(UTC)


@cache
def tool_version() -> str:
    """The installed sms-diagnose version, as stored with every case."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sms-diagnose")
    except PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One diagnosis as stored. ``input`` is the tool's input in its JSON form, without the
    body, the numbers and the history's texts unless ``text_kept`` (then the body is only
    known by ``body_sha256`` and ``body_template``). ``uid`` makes recording idempotent: the
    same diagnosis recorded twice (a re-import, a second verdict in the app) is one case."""

    uid: str
    source: str
    input: Mapping[str, Any]
    text_kept: bool
    body_sha256: str | None
    body_template: str | None
    top_cause: str | None
    causes: tuple[tuple[str, float | None], ...]
    #: (rule id, the cause that rule supports) for every rule that fired.
    findings: tuple[tuple[str, str | None], ...]
    carrier_verdict: str | None = None
    mode: str | None = None
    model_version: str | None = None
    model_sha256: str | None = None
    tool_version: str | None = None
    external_id: str | None = None
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True, slots=True)
class VerdictInput:
    """An engineer's verdict, before it is stored."""

    kind: VerdictKind
    cause: Cause | None
    note: str | None = None
    reference: str | None = None
    reviewer: str | None = None
    scope: Scope = Scope.MESSAGE
    at: datetime = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        if (self.kind is VerdictKind.NOT_SURE) != (self.cause is None):
            raise ValueError("a confirmed or wrong verdict names a cause; 'not sure' names none")


@dataclass(frozen=True, slots=True)
class Judged:
    """A case with its latest verdict: what the report, the export and training read."""

    case_id: int
    created_at: datetime
    input: Mapping[str, Any]
    body_template: str | None
    top_cause: str | None
    findings: tuple[tuple[str, str | None], ...]
    model_version: str | None
    tool_version: str | None
    kind: VerdictKind
    cause: str | None
    verdict_at: datetime
    reference: str | None = None
    note: str | None = None
    external_id: str | None = None

    @property
    def confirmed_cause(self) -> str | None:
        """The real cause, when the engineer knew it (confirmed or corrected)."""
        return None if self.kind is VerdictKind.NOT_SURE else self.cause

    @property
    def top_right(self) -> bool:
        return self.confirmed_cause is not None and self.top_cause == self.confirmed_cause


def as_utc(at: datetime) -> datetime:
    """SQLite hands back naive datetimes: every stored time is UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
