"""Turn whatever a support engineer pastes as "the error" into one provider code and its cause.

People paste bare codes (``30007``), log lines (``ErrorCode=30007``, ``Twilio error 30034:
...``), provider labels (``rejected-shortened-url``, ``EC_SIGNALS_BLOCKED``, ``TEXT_SPAM``),
namespaced codes (Vonage ``err-code 9`` vs ``status 9``) and UI strings (Gladly's
"Delivery Failed"). The parser looks for, in order: a number after a code keyword, a provider
label, a known UI string or reason, then a bare number. The provider is the one given, else
one named in the text, else whoever owns the code; when several providers share a code and
nothing decides, the result is "ambiguous" and carries every candidate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, Literal

from diagnose.causes import CAUSES, Actor, Cause
from diagnose.errors.codes import (
    ErrorCodeInfo,
    Outcome,
    all_error_codes,
    code_key,
    lookup,
    lookup_name,
    normalise_text,
)
from diagnose.message import Provider, parse_provider
from diagnose.verdict import Verdict

Status = Literal["known", "unknown", "ambiguous", "none"]

PROVIDER_LABELS: dict[Provider, str] = {
    Provider.TWILIO: "Twilio",
    Provider.BANDWIDTH: "Bandwidth",
    Provider.TELNYX: "Telnyx",
    Provider.VONAGE: "Vonage",
    Provider.PLIVO: "Plivo",
    Provider.SINCH: "Sinch",
    Provider.INFOBIP: "Infobip",
    Provider.BIRD: "Bird",
    Provider.AWS: "AWS",
    Provider.AZURE: "Azure",
    Provider.GLADLY: "Gladly",
    Provider.COMMIO: "Commio",
    Provider.AFRICAS_TALKING: "Africa's Talking",
    Provider.TEXTMAGIC: "Textmagic",
    Provider.CLICKSEND: "ClickSend",
    Provider.TELESIGN: "Telesign",
    Provider.ZENDESK: "Zendesk",
    Provider.INTERCOM: "Intercom",
    Provider.HUBSPOT: "HubSpot",
    Provider.SALESFORCE: "Salesforce",
    Provider.TCR: "The Campaign Registry",
    Provider.GOOGLE_VOICE: "Google Voice",
    Provider.CARRIER: "the recipient's carrier",
}

# Names (and former names) people use for each provider in pasted text.
_PROVIDER_WORDS: dict[str, Provider] = {
    "twilio": Provider.TWILIO,
    "bandwidth": Provider.BANDWIDTH,
    "telnyx": Provider.TELNYX,
    "vonage": Provider.VONAGE,
    "nexmo": Provider.VONAGE,
    "plivo": Provider.PLIVO,
    "sinch": Provider.SINCH,
    "messagebird": Provider.BIRD,
    "bird": Provider.BIRD,
    "infobip": Provider.INFOBIP,
    "aws": Provider.AWS,
    "amazon": Provider.AWS,
    "pinpoint": Provider.AWS,
    "sns": Provider.AWS,
    "azure": Provider.AZURE,
    "gladly": Provider.GLADLY,
    "commio": Provider.COMMIO,
}
_PROVIDER_RE = re.compile(r"\b(" + "|".join(_PROVIDER_WORDS) + r")\b", re.IGNORECASE | re.ASCII)

# A number after a code keyword: "error 30007", "ErrorCode=30007", '"err-code": "9"',
# "status 7", "SMPP 15", "failure.code 15001", "HTTP 429". Optional quote, one separator
# and single whitespace runs keep it linear; the number must not run on into a word, a phone
# number or a date ("10DLC", "555-123-4567", "2024-01-31").
_KEYWORD_CODE = re.compile(
    r"(?<![A-Za-z])(?P<kw>err(?:or)?[\s_.-]?code|failure[\s_.]?code|status(?:[\s_.-]?code)?|smpp"
    r"|http(?:[\s_.-]?status)?|errors?|code)"
    r"s?[\"']?\s*(?:[:=#-]\s*|is\s+)?[\"']?(?P<num>[0-9]{1,5})(?![\w]|[-./:][0-9])",
    re.IGNORECASE | re.ASCII,
)
# Namespace a keyword selects (None: any). "err-code" is Vonage's DLR field, unlike "error code".
_KEYWORD_KINDS: dict[str, frozenset[str] | None] = {
    "errcode": frozenset({"dlr"}),
    "failurecode": frozenset({"failure_code"}),
    "status": frozenset({"sms_api", "status"}),
    "statuscode": frozenset({"sms_api", "status"}),
    "smpp": frozenset({"smpp"}),
    "http": frozenset({"http"}),
    "httpstatus": frozenset({"http"}),
}
# "error 9" picks Infobip's error namespace over its status codes, but only once the
# provider is settled: on its own it must not rule out Vonage's err-code 9.
_SOFT_KINDS = frozenset({"error"})
# A number standing alone: not part of a word, phone number, decimal, time or date.
_BARE_NUMBER = re.compile(r"(?<![\w.+/:-])[0-9]{1,5}(?![\w]|[-./:][0-9])", re.ASCII)
# snake_case or kebab-case labels (TEXT_SPAM, EC_SIGNALS_BLOCKED, rejected-shortened-url):
# a word, a separator, then anything label-like ending in a letter or digit. Matches start
# only at a token start (lookbehind), so a long run costs one linear pass.
_LABEL_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9]+[_-][A-Za-z0-9_-]*[A-Za-z0-9]", re.ASCII)
# Label prefixes that identify a provider even when the label is not in the table.
_LABEL_PREFIXES = (("TEXT_", Provider.AWS), ("EC_", Provider.INFOBIP))
# Words that may surround a bare short code without making it part of a sentence ("Vonage 9").
_FILLER = frozenset({"error", "errors", "code", "err"}) | frozenset(_PROVIDER_WORDS)
# Codes of 1-3 digits are only taken from text that is nothing but the code: in a sentence
# ("failed 3 times") a short number is far more often a count than a code.
_BARE_MIN_DIGITS = 4
# Phrases of this many words or more are also matched by any run of _SHINGLE words, so a
# partial paste of a long UI string still resolves.
_SHINGLE = 4
_LONG_PHRASE = 6
# Kinds whose codes are free text (UI strings, reasons, exception names).
_TEXT_KINDS = frozenset({"ui", "reason", "exception"})
_GENERIC = frozenset({Cause.SPAM_LIKE_CONTENT, Cause.UNKNOWN})


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a pasted error: a table row, how sure, and what in the text says so.

    ``score`` is in [0, 1]; ``evidence`` says what was matched ("code 30007 after 'error'",
    "its documented message"); ``spans`` are ``[start, end)`` offsets into the pasted text.
    """

    info: ErrorCodeInfo
    score: float
    evidence: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.info.provider.value,
            "code": self.info.code,
            "kind": self.info.kind,
            "name": self.info.name,
            "category": self.info.category.value if self.info.category else None,
            "verdict": self.info.verdict.value,
            "score": round(self.score, 4),
            "evidence": list(self.evidence),
            "spans": [list(s) for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class NormalisedError:
    """A pasted error resolved against the reference table.

    ``status`` is "known" (one meaning), "ambiguous" (several providers or namespaces share
    the code; ``candidates`` lists them and ``category`` is set only if they agree),
    "unknown" (no code found, or a code not in the table: ``category`` is ``Cause.UNKNOWN``)
    or "none" (no error given). ``category`` is None for lifecycle codes that are not
    errors (e.g. Azure 2000 "delivered"). ``info`` is the table row the answer came from.
    ``verdict`` is what the carrier or provider did: the row's, ``Verdict.NONE`` when no
    error was given, ``Verdict.UNKNOWN`` when nothing was read, and for an ambiguous reading
    the verdict its candidates share (else unknown). ``readings`` are all the readings that
    remain, best first.

    Example:
        >>> e = normalise_error("Twilio error 30034: unregistered number")
        >>> e.status, e.provider.value, e.code, e.category.value
        ('known', 'twilio', '30034', 'sender_not_registered')
    """

    raw: str | None
    provider: Provider | None
    code: str | None
    name: str | None
    category: Cause | None
    also_category: tuple[Cause, ...]
    retryable: bool | None
    who_can_act: tuple[Actor, ...]
    source_url: str | None
    status: Status
    candidates: tuple[ErrorCodeInfo, ...]
    note: str
    info: ErrorCodeInfo | None = None
    verdict: Verdict = Verdict.UNKNOWN
    readings: tuple[Reading, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "provider": self.provider.value if self.provider else None,
            "code": self.code,
            "name": self.name,
            "category": self.category.value if self.category else None,
            "also_category": [c.value for c in self.also_category],
            "retryable": self.retryable,
            "who_can_act": [a.value for a in self.who_can_act],
            "source_url": self.source_url,
            "status": self.status,
            "candidates": [c.to_dict() for c in self.candidates],
            "note": self.note,
            "info": self.info.to_dict() if self.info else None,
            "verdict": self.verdict.value,
            "readings": [r.to_dict() for r in self.readings],
        }


def generic_filter(err: NormalisedError) -> bool:
    """True when the verdict is an opaque filter or no reason at all: look at the body instead."""
    return err.category in _GENERIC


def normalise_error(
    text: str | None,
    provider: Provider | None = None,
    provider_name: str | None = None,
) -> NormalisedError:
    """Resolve a pasted error string (optionally for a known provider); never raises.

    ``provider_name`` is the raw provider name of a message whose provider the table does
    not cover (``FailedMessage.provider_name``, e.g. "msg91"): a code that only another
    provider lists is then not read as that provider's, and the note says so.

    Example:
        >>> normalise_error("err-code 9").category.value
        'opted_out_recipient'
        >>> normalise_error("9").status
        'ambiguous'
        >>> normalise_error("Delivery Failed").provider.value
        'gladly'
    """
    if provider is None and provider_name:
        provider = parse_provider(provider_name)
        if provider is not None:
            provider_name = None
    else:
        provider_name = None
    if text is None or len(text) <= _CACHED_LENGTH:
        return _normalise_cached(text, provider, provider_name)
    return _normalise_uncovered(text, provider, provider_name)


# Error strings repeat across a batch; long pastes are rare and not worth keeping in memory.
_CACHED_LENGTH = 1000


@lru_cache(maxsize=4096)
def _normalise_cached(
    text: str | None, provider: Provider | None, provider_name: str | None
) -> NormalisedError:
    return _normalise_uncovered(text, provider, provider_name)


def _normalise_uncovered(
    text: str | None, provider: Provider | None, provider_name: str | None
) -> NormalisedError:
    err = _normalise(text, provider)
    if provider_name is None or err.status == "none":
        return err
    return _not_covered(err, provider_name)


def _not_covered(err: NormalisedError, provider_name: str) -> NormalisedError:
    """The reading of an error from a provider the table does not cover."""
    rows = [err.info] if err.info else list(err.candidates)
    owners = list(dict.fromkeys(PROVIDER_LABELS[r.provider] for r in rows if r is not None))
    named = f"{provider_name} is not a provider the reference table covers"
    if rows and all(r.kind in _TEXT_KINDS for r in rows) and err.category is not None:
        # The text itself names the cause ("UserInBlacklist"): keep the cause, not the owner.
        note = (
            f"{named}; the error text reads as {err.category.value} ({', '.join(owners)} use it)."
        )
        return replace(err, provider=None, status="known", note=note, candidates=())
    if owners:
        code = err.code or "this code"
        note = f"{named}; {code} is listed for {', '.join(owners)} only, not read as theirs."
    else:
        note = f"{named}, and nothing in the error text names a cause."
    return _result(
        err.raw,
        "unknown",
        None,
        code=err.code,
        category=Cause.UNKNOWN,
        candidates=tuple(r for r in rows if r),
        note=note,
    )


def _normalise(text: str | None, provider: Provider | None) -> NormalisedError:
    if text is None or not text.strip():
        return _result(text, "none", provider, note="No error given.")
    hints = _providers_in(text) if provider is None else (provider,)
    # Gladly shows its own UI strings but carries another provider's codes: for codes,
    # naming Gladly says nothing about whose code it is.
    code_providers = tuple(p for p in hints if p is not Provider.GLADLY)
    norm = normalise_text(text)

    first_unknown: tuple[str, Provider | None] | None = None
    for m in _KEYWORD_CODE.finditer(text):
        code = code_key(m.group("num"))
        kinds = _KEYWORD_KINDS.get(re.sub(r"[^a-z]", "", m.group("kw").lower()))
        found = lookup(code)
        if found:
            soft = _SOFT_KINDS if kinds is None else None
            return _resolve(text, code, found, code_providers, kinds, soft)
        first_unknown = first_unknown or (code, None)

    for m in _LABEL_TOKEN.finditer(text):
        token = m.group(0)
        rows = lookup(token) or lookup_name(token)
        if rows:
            # "unknown-error" is Bandwidth's label, though Twilio and Plivo say "Unknown error".
            verbatim = [r for r in rows if token.lower() in (r.name.lower(), r.code.lower())]
            rows = verbatim or rows
            return _resolve(text, rows[0].code, rows, code_providers, None)
        for prefix, owner in _LABEL_PREFIXES:
            if token.upper().startswith(prefix):
                first_unknown = first_unknown or (token, owner)

    phrase_rows = _phrase_rows(norm, hints)
    if phrase_rows:
        codes = {r.code for r in phrase_rows}
        shown = phrase_rows[0].code if len(codes) == 1 else None
        return _resolve(text, shown, phrase_rows, hints, None)

    core = [w for w in norm.split() if w not in _FILLER]
    for m in _BARE_NUMBER.finditer(text):
        number = m.group(0)
        if len(number) < _BARE_MIN_DIGITS and core != [number]:
            continue
        code = code_key(number)
        found = lookup(code)
        if found:
            return _resolve(text, code, found, code_providers, None)
        first_unknown = first_unknown or (code, None)

    if first_unknown is not None:
        code, looks_like = first_unknown
        named = code_providers[0] if code_providers else looks_like
        return _unknown_code(text, code, named or _shape_provider(code), ())
    return _result(
        text,
        "unknown",
        code_providers[0] if code_providers else None,
        category=Cause.UNKNOWN,
        note="Unknown error: no error code or known error text found in it.",
    )


def _providers_in(text: str) -> tuple[Provider, ...]:
    found = (_PROVIDER_WORDS[m.group(1).lower()] for m in _PROVIDER_RE.finditer(text))
    return tuple(dict.fromkeys(found))


def _shape_provider(code: str) -> Provider | None:
    """Whose code an unlisted number looks like: Twilio's 5-digit ranges, Telnyx's 40xxx."""
    if len(code) == 5 and code.isdigit():
        if code.startswith("40"):
            return Provider.TELNYX
        if code[0] in "1236":
            return Provider.TWILIO
    return None


@cache
def _phrases() -> tuple[dict[str, tuple[ErrorCodeInfo, ...]], dict[str, tuple[ErrorCodeInfo, ...]]]:
    """Distinctive free-text codes by normalised phrase, and by each run of _SHINGLE words."""
    phrases: dict[str, list[ErrorCodeInfo]] = {}
    for info in all_error_codes():
        key = normalise_text(info.code)
        if info.kind in _TEXT_KINDS and (" " in key or len(key) >= 12):
            phrases.setdefault(key, []).append(info)
    shingles: dict[str, list[ErrorCodeInfo]] = {}
    for key, infos in phrases.items():
        words = key.split()
        if len(words) >= _LONG_PHRASE:
            for i in range(len(words) - _SHINGLE + 1):
                shingles.setdefault(" ".join(words[i : i + _SHINGLE]), []).extend(infos)
    return (
        {k: tuple(v) for k, v in phrases.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in shingles.items()},
    )


def _phrase_rows(norm: str, hints: tuple[Provider, ...]) -> tuple[ErrorCodeInfo, ...]:
    """Rows for a pasted UI string, reason or provider label (case/punctuation-insensitive)."""
    words = norm.split()
    core = " ".join(w for w in words if w not in _PROVIDER_WORDS)
    # Numbers are left to the bare-number step; here only free-text codes and labels.
    exact = [r for r in lookup(core) if r.kind in _TEXT_KINDS] or [
        r for r in lookup_name(core) if not hints or r.provider in hints
    ]
    if exact:
        return tuple(exact)
    phrases, shingles = _phrases()
    padded = f" {norm} "
    for phrase, infos in phrases.items():
        if f" {phrase} " in padded:
            return infos
    if len(words) >= _SHINGLE:
        for i in range(len(words) - _SHINGLE + 1):
            hit = shingles.get(" ".join(words[i : i + _SHINGLE]))
            if hit:
                return hit
    return ()


def _resolve(
    text: str,
    code: str | None,
    rows: Sequence[ErrorCodeInfo],
    providers: tuple[Provider, ...],
    kinds: frozenset[str] | None,
    soft_kinds: frozenset[str] | None = None,
) -> NormalisedError:
    rows = tuple(rows)
    if providers and any(r.provider in providers for r in rows):
        named = next(p for p in providers if any(r.provider is p for r in rows))
        rows = tuple(r for r in rows if r.provider is named)
    elif providers and rows[0].kind not in _TEXT_KINDS:
        return _unknown_code(text, code or rows[0].code, providers[0], rows)
    owners = tuple(dict.fromkeys(r.provider for r in rows))
    if kinds is None and len(owners) == 1:
        kinds = soft_kinds
    if kinds is not None and any(r.kind in kinds for r in rows):
        rows = tuple(r for r in rows if r.kind in kinds)
        owners = tuple(dict.fromkeys(r.provider for r in rows))
    meanings = {(r.outcome, r.category) for r in rows}
    if len(rows) == 1 or (len(owners) == 1 and len(meanings) == 1):
        return _known(text, rows[0], rows if len(rows) > 1 else ())
    return _ambiguous(text, code, rows, owners, meanings)


_KIND_PREFIX = {"dlr": "err-code ", "sms_api": "status ", "status": "status ", "smpp": "SMPP "}


def _label(info: ErrorCodeInfo) -> str:
    """How the code is written where the provider has several namespaces ("err-code 9")."""
    if info.kind in _TEXT_KINDS:
        return "This"
    if info.kind == "http":
        return f"HTTP {info.code}"
    if info.provider is Provider.INFOBIP and info.kind == "error":
        return f"error {info.code}"
    return _KIND_PREFIX.get(info.kind, "") + info.code


def _known(
    text: str, info: ErrorCodeInfo, candidates: tuple[ErrorCodeInfo, ...]
) -> NormalisedError:
    who = PROVIDER_LABELS[info.provider] + "'s"
    label = _label(info)
    if info.outcome != "error":
        what = "delivered" if info.outcome == "success" else "a lifecycle status"
        note = f"{label} is {who} '{info.name}': not an error ({what})."
    elif info.category is Cause.SPAM_LIKE_CONTENT:
        note = (
            f"{label} is {who} generic filter code: carrier filters are opaque, so the "
            "message body and context are the best lead."
        )
    elif info.category is Cause.UNKNOWN:
        note = (
            f"{label} is {who} '{info.name}': no specific reason is reported, and generic "
            "failures are often compliance-driven, so check the body and context."
        )
    else:
        note = f"{label} is {who} '{info.name}': {info.meaning.rstrip('.')}."
    return NormalisedError(
        raw=text,
        provider=info.provider,
        code=info.code,
        name=info.name,
        category=info.category,
        also_category=info.also_category,
        retryable=info.retryable,
        who_can_act=info.who_can_act,
        source_url=info.source_url,
        status="known",
        candidates=candidates,
        note=note,
        info=info,
        verdict=info.verdict,
        readings=(Reading(info, 1.0), *(Reading(r, 0.9) for r in candidates if r is not info)),
    )


def _ambiguous(
    text: str,
    code: str | None,
    rows: tuple[ErrorCodeInfo, ...],
    owners: tuple[Provider, ...],
    meanings: set[tuple[Outcome, Cause | None]],
) -> NormalisedError:
    agreed = len(meanings) == 1
    subject = code or "This error text"
    category = rows[0].category if agreed else Cause.UNKNOWN
    retry = {r.retryable for r in rows}
    also = {r.also_category for r in rows}
    if len(owners) == 1:
        kinds = ", ".join(dict.fromkeys(r.kind for r in rows))
        where = f"{PROVIDER_LABELS[owners[0]]} uses {subject} in several namespaces ({kinds})"
        forms = " or ".join(f"'{_label(r)}'" for r in rows)
        decide = f"paste the field name too ({forms})"
    else:
        names = [PROVIDER_LABELS[p] for p in owners]
        where = f"{subject} is listed for {', '.join(names[:-1])} and {names[-1]}"
        decide = "give the provider to decide"
    if agreed:
        note = f"{where}; all mean {category or 'no error'}, so the cause holds either way."
    else:
        note = f"{where} with different causes; {decide}."
    return _result(
        text,
        "ambiguous",
        owners[0] if len(owners) == 1 else None,
        code=code,
        category=category,
        also_category=also.pop() if agreed and len(also) == 1 else (),
        retryable=retry.pop() if len(retry) == 1 else None,
        candidates=rows,
        note=note,
        verdict=_common_verdict(rows),
        readings=tuple(Reading(r, 0.5) for r in rows),
    )


def _common_verdict(rows: Sequence[ErrorCodeInfo]) -> Verdict:
    verdicts = {r.verdict for r in rows}
    return verdicts.pop() if len(verdicts) == 1 else Verdict.UNKNOWN


def _unknown_code(
    text: str,
    code: str,
    provider: Provider | None,
    elsewhere: tuple[ErrorCodeInfo, ...],
) -> NormalisedError:
    where = f" for {PROVIDER_LABELS[provider]}" if provider else ""
    note = f"Unknown code: {code} is not in the reference table{where}"
    owners = list(dict.fromkeys(PROVIDER_LABELS[r.provider] for r in elsewhere))
    note += f" (it is listed for {', '.join(owners)})." if owners else "."
    return _result(
        text,
        "unknown",
        provider,
        code=code,
        category=Cause.UNKNOWN,
        candidates=elsewhere,
        note=note,
    )


def _result(
    text: str | None,
    status: Status,
    provider: Provider | None,
    *,
    code: str | None = None,
    category: Cause | None = None,
    also_category: tuple[Cause, ...] = (),
    retryable: bool | None = None,
    candidates: tuple[ErrorCodeInfo, ...] = (),
    note: str,
    verdict: Verdict | None = None,
    readings: tuple[Reading, ...] = (),
) -> NormalisedError:
    if verdict is None:
        verdict = Verdict.NONE if status == "none" else Verdict.UNKNOWN
    return NormalisedError(
        raw=text,
        provider=provider,
        code=code,
        name=None,
        category=category,
        also_category=also_category,
        retryable=retryable,
        who_can_act=CAUSES[category].who_can_act if category else (),
        source_url=None,
        status=status,
        candidates=candidates,
        note=note,
        verdict=verdict,
        readings=readings,
    )
