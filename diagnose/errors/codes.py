"""Provider error codes mapped to canonical causes, loaded from the packaged table.

The table (``diagnose/errors/data/error_codes.csv``) is built by
``scripts/build_error_codes.py`` from the curated per-provider tables in
``docs/reference/error-codes/``; edit those, not the CSV. A code is only unique within a
provider's namespace (``kind``): Vonage's DLR ``err-code 9`` and SMS API ``status 9`` are
different rows, as are Infobip's status and error codes, so a lookup returns a list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from diagnose.causes import Actor, Cause
from diagnose.errors.words import normalise_text
from diagnose.message import Provider
from diagnose.verdict import Verdict, verdict_for

Outcome = Literal["error", "success", "status"]


@dataclass(frozen=True, slots=True)
class ErrorCodeInfo:
    """One provider code and what it means for a failed message.

    ``category`` is None for non-error lifecycle rows (``outcome`` "success" or "status").
    ``verdict`` is what the carrier or provider did (``Verdict.NONE`` for those rows);
    ``message`` is the provider's documented message text ("" if it documents none), with
    ``{to}``-style placeholders where it quotes the request; ``aliases`` are the provider's
    other documented labels for the code (a former title).

    Example:
        >>> info = lookup("30007", Provider.TWILIO)[0]
        >>> info.category, info.retryable, info.confidence
        (<Cause.SPAM_LIKE_CONTENT: 'spam_like_content'>, False, 'P')
    """

    provider: Provider
    code: str
    kind: str
    name: str
    meaning: str
    outcome: Outcome
    category: Cause | None
    also_category: tuple[Cause, ...]
    retryable: bool | None
    who_can_act: tuple[Actor, ...]
    api: bool
    registration: bool
    source_key: str
    confidence: str
    source_url: str
    verdict: Verdict
    message: str
    aliases: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.outcome == "error"

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider.value,
            "code": self.code,
            "kind": self.kind,
            "name": self.name,
            "meaning": self.meaning,
            "outcome": self.outcome,
            "category": self.category.value if self.category else None,
            "also_category": [c.value for c in self.also_category],
            "retryable": self.retryable,
            "who_can_act": [a.value for a in self.who_can_act],
            "api": self.api,
            "registration": self.registration,
            "source_key": self.source_key,
            "confidence": self.confidence,
            "source_url": self.source_url,
            "verdict": self.verdict.value,
            "message": self.message,
            "aliases": list(self.aliases),
        }


def code_key(code: str) -> str:
    """Lookup key of a code: digits without leading zeros, text codes normalised."""
    code = code.strip()
    if code.isascii() and code.isdigit():
        return code.lstrip("0") or "0"
    return normalise_text(code)


_RETRYABLE = {"yes": True, "no": False, "maybe": None, "": None}


def _row(r: dict[str, str]) -> ErrorCodeInfo:
    category = r["category"]
    outcome: Outcome = category if category in ("success", "status") else "error"  # type: ignore[assignment]
    cause = Cause(category) if outcome == "error" else None
    api = r["api"] == "yes"
    verdict = Verdict(r["verdict"]) if r.get("verdict") else verdict_for(cause, api=api)
    return ErrorCodeInfo(
        provider=Provider(r["provider"]),
        code=r["code"],
        kind=r["kind"],
        name=r["name"],
        meaning=r["meaning"],
        outcome=outcome,
        category=cause,
        also_category=tuple(Cause(c) for c in r["also_category"].split(";") if c),
        retryable=_RETRYABLE[r["retryable"]],
        who_can_act=tuple(Actor(a) for a in r["who_can_act"].split(";") if a),
        api=api,
        registration=r["registration"] == "yes",
        source_key=r["source_key"],
        confidence=r["confidence"],
        source_url=r["source_url"],
        verdict=verdict,
        message=r.get("message", ""),
        aliases=tuple(a for a in r.get("aliases", "").split(";") if a),
    )


@cache
def all_error_codes() -> tuple[ErrorCodeInfo, ...]:
    """Every row of the table, in reference order (read once per process)."""
    text = resources.files("diagnose.errors").joinpath("data/error_codes.csv").read_text("utf-8")
    return tuple(_row(r) for r in csv.DictReader(io.StringIO(text)))


@cache
def _by_code() -> dict[str, tuple[ErrorCodeInfo, ...]]:
    index: dict[str, list[ErrorCodeInfo]] = {}
    for info in all_error_codes():
        index.setdefault(code_key(info.code), []).append(info)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _by_name() -> dict[str, tuple[ErrorCodeInfo, ...]]:
    index: dict[str, list[ErrorCodeInfo]] = {}
    for info in all_error_codes():
        index.setdefault(normalise_text(info.name), []).append(info)
    return {k: tuple(v) for k, v in index.items() if k}


def lookup(code: str, provider: Provider | None = None) -> list[ErrorCodeInfo]:
    """All rows for ``code`` (any kind), optionally for one provider only.

    Numeric codes match regardless of leading zeros; text codes (``TEXT_SPAM``, Gladly's UI
    strings, Bird reasons) case-, space- and punctuation-insensitively.

    Example:
        >>> [(i.provider.value, i.kind) for i in lookup("9", Provider.VONAGE)]
        [('vonage', 'dlr'), ('vonage', 'sms_api')]
    """
    rows = _by_code().get(code_key(code), ())
    return [r for r in rows if provider is None or r.provider == provider]


def lookup_name(name: str, provider: Provider | None = None) -> list[ErrorCodeInfo]:
    """Rows whose provider label is ``name`` (``rejected-shortened-url``, ``EC_CALL_BARRED``)."""
    rows = _by_name().get(normalise_text(name), ())
    return [r for r in rows if provider is None or r.provider == provider]
