"""Turn whatever a support engineer pastes as "the error" into a provider, a code and a cause.

People paste bare codes (``30007``), log lines and webhook fragments (``ErrorCode=30007``,
``"error_code": 30007``, ``errorCode=4770``, ``providerResponse: ...``), a code followed by
its name ("30 Spam Detected"), provider identifiers (``rejected-shortened-url``,
``EC_ABSENT_SUBSCRIBER``, ``UserInBlacklist``), a provider's sentence without its number
("The 'To' number +1... is not a valid phone number."), documentation links
(``.../docs/errors/21613``) and help-desk notices. ``diagnose.errors.reader`` finds every
reading of the paste in the table and ranks them; this module decides what they add up to:

- "known": one reading stands out (or the tied ones are one provider's, with one meaning);
- "ambiguous": several readings tie (a bare ``9`` is Vonage's and Infobip's); all are kept;
- "unknown": nothing in the table fits; a number that looks like a code is named in the
  note, and an HTTP status, a length, a price or a phone number never is;
- "words": nothing in the table or the vocabulary fits, and the words alone suggest a
  category (``diagnose.errors.guess``, a classifier trained on the table's texts): a guess,
  with no code;
- "none": no error was given.

When no row fits but the words name a cause ("recipient opted out", "absent subscriber"),
that cause is read with no code (``info`` None). A provider the table does not cover
(``provider_name``) is never credited with another provider's code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from functools import lru_cache
from http import HTTPStatus
from typing import Any, Literal

from diagnose.causes import CAUSES, Actor, Cause
from diagnose.errors.codes import ErrorCodeInfo, code_key, lookup
from diagnose.errors.cues import (
    REVIEW_CAUSES,
    CausePhrase,
    cause_phrases,
    operator_named,
    opt_out_flow,
    protocol_phrase,
    providers_in,
    registry_finding,
    review_words,
    tcr_code,
    uncovered_named,
)
from diagnose.errors.guess import reason_values, says_something, with_guess
from diagnose.errors.numbers import HTTP_STATUSES, NumberCue, find_numbers
from diagnose.errors.reader import (
    RELAYED,
    RELAYS,
    Found,
    Reading,
    collect,
    common_worded,
    ties,
)
from diagnose.errors.words import (
    labels,
    normalise_text,
    plain_words,
    without_escapes,
    without_markup,
)
from diagnose.message import Provider, parse_provider
from diagnose.verdict import Verdict, verdict_for

__all__ = [
    "PROVIDER_LABELS",
    "NormalisedError",
    "Reading",
    "Status",
    "generic_filter",
    "normalise_error",
]

Status = Literal["known", "unknown", "ambiguous", "none", "words"]

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

_GENERIC = frozenset({Cause.SPAM_LIKE_CONTENT, Cause.UNKNOWN})
# What an HTTP status says about a refused request when nothing else was pasted.
_HTTP_CAUSES: dict[str, Cause] = {
    "400": Cause.ACCOUNT_OR_CONFIGURATION,
    "401": Cause.ACCOUNT_OR_CONFIGURATION,
    "402": Cause.ACCOUNT_OR_CONFIGURATION,
    "403": Cause.ACCOUNT_OR_CONFIGURATION,
    "404": Cause.ACCOUNT_OR_CONFIGURATION,
    "405": Cause.ACCOUNT_OR_CONFIGURATION,
    "409": Cause.ACCOUNT_OR_CONFIGURATION,
    "413": Cause.CONTENT_TOO_LONG_OR_ENCODING,
    "415": Cause.ACCOUNT_OR_CONFIGURATION,
    "422": Cause.ACCOUNT_OR_CONFIGURATION,
    "429": Cause.RATE_OR_VOLUME_LIMIT,
    "500": Cause.CARRIER_OR_NETWORK_FAILURE,
    "502": Cause.CARRIER_OR_NETWORK_FAILURE,
    "503": Cause.CARRIER_OR_NETWORK_FAILURE,
    "504": Cause.CARRIER_OR_NETWORK_FAILURE,
}


@dataclass(frozen=True, slots=True)
class NormalisedError:
    """A pasted error resolved against the reference table.

    ``status`` is "known" (one meaning), "ambiguous" (several providers or namespaces share
    the code; ``candidates`` lists them and ``category`` is set only if they agree),
    "unknown" (no code found, or a code not in the table: ``category`` is ``Cause.UNKNOWN``,
    save for The Campaign Registry's unlisted codes, always a rejected registration),
    "words" (no row or phrase fits; ``category`` is the words' guess, ``code`` None) or
    "none" (no error given). ``category`` is None for lifecycle codes that are not
    errors (e.g. Azure 2000 "delivered"). ``info`` is the table row the answer came from
    (None when the words named the cause but no row fits). ``code`` is never an HTTP status.
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
    """True when the verdict is an opaque filter or no reason at all: look at the body instead.

    So is an unlisted code of The Campaign Registry whose words name no cause: a rejected
    registration whose reason is in the messages it reviewed (the body's findings say it).
    """
    unlisted = err.provider is Provider.TCR and err.status == "unknown" and err.info is None
    return err.category in _GENERIC or (unlisted and err.category is Cause.SENDER_NOT_REGISTERED)


def normalise_error(
    text: str | None,
    provider: Provider | None = None,
    provider_name: str | None = None,
) -> NormalisedError:
    """Resolve a pasted error string (optionally for a known provider); never raises.

    ``provider_name`` is the raw provider name of a message whose provider the table does
    not cover (``FailedMessage.provider_name``, e.g. "msg91"): a code that only another
    provider lists is then not read as that provider's, and the note says so; words that
    name a cause still are.

    Example:
        >>> normalise_error("err-code 9").category.value
        'opted_out_recipient'
        >>> normalise_error("9").status
        'ambiguous'
        >>> e = normalise_error("30 Spam Detected")
        >>> e.provider.value, e.code, e.category.value
        ('plivo', '30', 'spam_like_content')
    """
    if provider is None and provider_name:
        provider = parse_provider(provider_name)
        uncovered = None if provider is not None else " ".join(provider_name.split())[:80]
    else:
        uncovered = None
    if text is None or len(text) <= _CACHED_LENGTH:
        return _normalise_cached(text, provider, uncovered)
    return _normalise(text, provider, uncovered)


# Error strings repeat across a batch; long pastes are rare and not worth keeping in memory.
_CACHED_LENGTH = 1000
# Of a longer paste, the first and the last half of this many characters are read.
_MAX_READ = 100_000
# The words of a 10DLC registration (the campaign or brand vetted through TCR).
# A reading weaker than this yields to a cause the words name ("unreachable handset").
_NAMED_CAUSE = 0.45


@lru_cache(maxsize=4096)
def _normalise_cached(
    text: str | None, provider: Provider | None, uncovered: str | None
) -> NormalisedError:
    return _normalise(text, provider, uncovered)


def _normalise(
    text: str | None, provider: Provider | None, uncovered: str | None = None
) -> NormalisedError:
    if text is None or not text.strip():
        return _result(text, "none", provider, note="No error given.")
    try:
        plain = without_escapes(without_markup(text))
        # Nothing in the table or the vocabulary gave a category: the words' guess, if sure.
        err = _operators_notice(
            with_guess(_read(plain, provider, uncovered)), plain, provider, uncovered
        )
        return err if plain is text else _replace(err, raw=text)
    except Exception as exc:  # pragma: no cover - the reader is tested not to raise
        return _result(text, "unknown", provider, category=Cause.UNKNOWN, note=f"Unread: {exc}.")


def _operators_notice(
    err: NormalisedError, text: str, provider: Provider | None, uncovered: str | None
) -> NormalisedError:
    """``err`` as the recipient's carrier's, when the paste names a mobile operator and no
    SMS provider ("T-Mobile is instituting new fees for non-compliant traffic", "MTN has
    subscribed many users to Do Not Disturb"): the operator's rule, block or outage."""
    if err.provider is not None or provider is not None or uncovered is not None:
        return err
    if err.status == "none" or err.info is not None or err.candidates:
        return err  # a provider's row read it: an operator named beside it is the recipient's
    operator = operator_named(_excerpt(text))  # the cheap test first
    if operator is None or providers_in(_excerpt(text)) or uncovered_named(_excerpt(text)):
        return err
    note = (
        f"{err.note} It names {operator}, a mobile operator, and no SMS provider: read as the "
        "carrier's own word."
    )
    return _replace(err, provider=Provider.CARRIER, note=note.strip())


def _excerpt(text: str) -> str:
    """What of a very long paste is read: its start and its end (where a log's error is)."""
    if len(text) <= _MAX_READ:
        return text
    half = _MAX_READ // 2
    return f"{text[:half]}\n{text[-half:]}"


def _read(text: str, provider: Provider | None, uncovered: str | None) -> NormalisedError:
    excerpt = _excerpt(text)
    found = _without_passing_statuses(collect(excerpt, provider), excerpt)
    registry = _tcr(text, provider, found)
    if registry is not None:
        return registry
    proto = protocol_phrase(plain_words(_excerpt(text))) if provider is None else None
    if proto is not None:
        # An SMPP status or a modem's +CMS ERROR: exact, and nobody's code; its number is
        # not another provider's (see ``diagnose.errors.smpp``, ``diagnose.errors.cms``).
        hint = next((p for p in found.hints if p not in RELAYS and p not in RELAYED), None)
        cause, words = proto.cause, proto.words
        if cause in _UNSPECIFIC:
            # A status that names no cause, or only that the network failed ("+CMS ERROR:
            # 513", a manufacturer's; RESULT_ERROR_GENERIC_FAILURE) beside words that name
            # one ("for a message over 140 characters", "only for long messages"): the words
            # say it. Not the network's words ("connection with SMSC"): the status says that.
            named = next(
                (
                    p
                    for p in cause_phrases(plain_words(_excerpt(text)))
                    if p.cause not in _UNSPECIFIC
                ),
                None,
            )
            if named is not None:
                cause, words = named.cause, named.words
        return _named_cause(text, hint, cause, words, "", found)
    if uncovered is None and provider is None and set(found.hints) <= RELAYED:
        # The paste names a provider the table does not cover ("missing Textlocal sender",
        # a link to api.ovh.com) and no covered one: its numbers are its own. A registry or
        # carrier named beside it ("RingCentral TCR registration denied") is whose finding
        # the uncovered provider relays.
        uncovered = uncovered_named(_excerpt(text))
    if uncovered is not None:
        return _uncovered(text, found, uncovered)
    readings = found.readings
    if readings and readings[0].score < _NAMED_CAUSE:
        # Only a word or two of a short name matched: the words' own cause says more, and
        # words that common say nothing about whose they are.
        hint = provider or _words_owner(found)
        phrases = cause_phrases(plain_words(_excerpt(text)))
        if phrases:
            return _named_cause(text, hint, phrases[0].cause, phrases[0].words, "", found)
        if hint is None:
            return _common_words(text, found)
    if readings:
        weak = _weak_evidence(text, provider, found)
        if weak is not None:
            return weak
    hinted = _sole_hint(found) if provider is None else None
    if readings and hinted is not None and _none_of(hinted, readings):
        # The paste shows whose it is (botocore's "when calling the Publish operation", a
        # Twilio exception class) and that provider's table holds nothing it says: the words
        # name the cause, as that provider's; other providers' look-alike rows do not.
        phrases = cause_phrases(plain_words(_excerpt(text)))
        if phrases:
            return _named_cause(text, hinted, phrases[0].cause, phrases[0].words, "", found)
        return _worded(text, hinted, readings[0], found)
    if readings and provider in RELAYS and provider not in RELAYED:
        owner = readings[0].info.provider
        if owner is not provider and owner in RELAYS and owner not in RELAYED:
            # A help desk shows the codes of the provider behind it, never another help
            # desk's own wording: the cause is what the words say, the notice the one given.
            return _worded(text, provider, readings[0], found)
    if readings and provider is not None and provider not in RELAYS:
        if readings[0].info.provider is not provider and readings[0].info.provider in RELAYED:
            # A registry's or carrier's notice, relayed through the provider: read as theirs.
            err = _decide(text, found)
            if err.provider is Provider.TCR:
                return _relayed_finding(err, provider)
            via = f" It reached you through {PROVIDER_LABELS[provider]}."
            return _replace(err, note=err.note + via)
        if readings[0].info.provider is not provider:
            # The caller knows the provider; another provider's wording still names a cause.
            return _worded(text, provider, readings[0], found)
    if readings:
        err = _decide(text, found)
        if provider is None and not found.hints:
            generic = _anybodys_status(text, err, found)
            if generic is not None:
                return generic
        shown_by = _sole_hint(found) if provider is None else None
        if err.provider is Provider.TCR and shown_by is not None and shown_by is not Provider.TCR:
            # The registry's finding as the provider the paste names shows it ("GET
            # https://api.telnyx.com/v2/10dlc/brand_feedback/...").
            return _relayed_finding(err, shown_by)
        relay = _sole_relay(found) if provider is None else None
        if (
            relay is not None
            and err.provider is None
            and not any(r.coded for r in readings)
            and _none_of(relay, readings)
        ):
            # "customers using Zendesk Talk ... had an invalid phone number": other tables'
            # words give the cause; the help desk named alone is whose notice it is.
            note = f"{err.note} {PROVIDER_LABELS[relay]} is named alone: read as its notice."
            return _replace(err, provider=relay, note=note)
        return err
    return _fallback(text, provider, found)


def _anybodys_status(text: str, err: NormalisedError, found: Found) -> NormalisedError | None:
    """``err`` as nobody's, when it is one table's row named only in words any platform shows
    ("Not Delivered": HubSpot's; "Undelivered": Zendesk's) and names no cause; else None.

    Such a status, pasted with nothing that says whose it is, is every app's: crediting the
    one table that happens to list it would name a provider the engineer may not use.
    """
    info = err.info
    if info is None or err.provider is None or err.status != "known":
        return None
    if err.category not in (None, Cause.UNKNOWN) or any(r.coded for r in found.readings[:1]):
        return None
    if not info.is_error or says_something(text) or _CAMEL_OR_SNAKE.search(text):
        return None  # a lifecycle status, or an identifier ("TEXT_DELIVERED"): its table's
    note = (
        f"The words match {PROVIDER_LABELS[err.provider]}'s '{info.name}', but any platform "
        "shows a status worded so and nothing names whose it is: read as unknown."
    )
    return _generic(text, None, Cause.UNKNOWN, note, (info,), found.readings)


def _sole_relay(found: Found) -> Provider | None:
    """The one help desk the paste names, when it names no provider besides."""
    if len(found.hints) != 1:
        return None
    hint = found.hints[0]
    return hint if hint in RELAYS and hint not in RELAYED else None


#: A protocol status's causes that words beside it may make specific.
_UNSPECIFIC = (Cause.UNKNOWN, Cause.CARRIER_OR_NETWORK_FAILURE)


def _sole_hint(found: Found) -> Provider | None:
    """The one covered provider the paste names or marks, if it names exactly one."""
    hints = [p for p in found.hints if p not in RELAYS and p not in RELAYED]
    return hints[0] if len(hints) == 1 else None


def _none_of(provider: Provider, readings: Sequence[Reading]) -> bool:
    """No reading is the provider's own, nor a notice it relays (a registry's, a carrier's)."""
    return all(r.info.provider is not provider and r.info.provider not in RELAYED for r in readings)


def _weak_evidence(text: str, provider: Provider | None, found: Found) -> NormalisedError | None:
    """The reading when the evidence for the best rows cannot say whose they are, else None.

    A number, or a short name any API writes ("invalid_credentials", "SendingFailed"), is
    evidence of a row only as far as the paste says whose error it is. With no provider given
    or named, such a row's provider is not claimed when:

    - the paste's own words name a cause the row does not mean ("1001 | Not enough credits"
      is not Plivo's campaign rejection 1001): the words decide the cause;
    - the paste carries a code in another provider's style ("SMS-RC-413", "ER-08");
    - the code stands beside a description of its own that is not the row's.

    A row whose words are also there, or whose cause the words name too, stays the reading;
    so does a code pasted with nothing beside it ("30007"), whose only table is the best
    guess (the note says no provider was named). The same holds when a provider is named:
    only a number that belongs to another table, or rows that disagree, yield to the words.
    """
    readings = found.readings
    tied = [r for r in readings if ties(r.score, readings[0].score)]
    norm = plain_words(_excerpt(text))
    phrases = [p for p in cause_phrases(norm) if not _labels_a_code(norm, p)]
    # Whose the words are, when they decide: the provider given, else one the paste names.
    hint = provider or next((p for p in found.hints if p not in RELAYS), None)
    if (
        phrases
        and all(r.numeric_only and r.info.kind == "http" for r in tied)
        and all(phrases[0].cause is not r.info.category for r in tied)
    ):
        # An HTTP status in a provider's table ("httpStatusCode": 400, Azure's "Bad Request")
        # says only that the request was refused; the error message beside it says why
        # ("Invalid To phone number format").
        return _named_cause(text, hint, phrases[0].cause, phrases[0].words, "", found)
    if _words_outweigh_number(tied, provider):
        # Only a number points at rows, and they disagree ("code": 60 is Plivo's and Sinch's)
        # or belong to a table other than the one named ("TCR 5100" is Bandwidth's 5100):
        # the words beside it ("Anti-flooding error", "Missing Brand Name") name the cause.
        if phrases:
            chosen = _code_the_words_name(tied, provider, phrases[0].cause)
            if chosen is not None:
                err = _known(text, chosen.info, (), readings)
                note = (
                    f"The paste gives several {PROVIDER_LABELS[chosen.info.provider]} codes; "
                    f"its words ('{phrases[0].words}') name {phrases[0].cause.value}, which is "
                    f"{_label(chosen.info)}'s. {err.note}"
                )
                return _replace(err, note=note)
            return _named_cause(text, hint, phrases[0].cause, phrases[0].words, "", found)
        return None
    status_worded = _status_described_otherwise(text, tied, phrases)
    if status_worded is not None:
        return _named_cause(text, hint, status_worded.cause, status_worded.words, "", found)
    relay = _sole_relay(found) if provider is None else None
    if relay is not None and all(r.weak and not r.coded for r in tied) and _none_of(relay, tied):
        # "Salesforce: the contact is opted-out": a help desk named alone shows its own
        # notice; another provider's status spelt in its common words ("OPTED_OUT") is no
        # sign that the notice is that provider's.
        return _worded(text, relay, tied[0], found)
    # Only part of a row's text found, and the words name another cause that text does not
    # hold: the words it lacks may be the ones the paste has in their place ("...the maximum
    # number of characters allowed" is not Telnyx's "...maximum number of allowed requests").
    partial = (
        all(r.partial for r in tied)
        and bool(phrases)
        and not any(_says(r.info, phrases[0]) for r in tied)
    )
    if provider is not None or found.hints or not all(r.weak or partial for r in tied):
        return None
    rows = tuple(r.info for r in tied)
    means = {c for r in rows for c in (r.category or Cause.UNKNOWN, *r.also_category)}
    owners = " or ".join(dict.fromkeys(PROVIDER_LABELS[r.provider] for r in rows))
    what = _what(tied[0])
    # "flagged ... as potential spam or fraud" beside 30007 (spam): words that also name
    # the row's cause do not say otherwise.
    agree = any(p.cause in means for p in phrases)
    if phrases and not agree and not _own_words(tied, phrases[0]):
        err = _named_cause(text, None, phrases[0].cause, phrases[0].words, "", found)
        note = (
            f"{what} is {owners}'s, but nothing names {owners} and the words say otherwise: "
            f"'{phrases[0].words}' reads as {phrases[0].cause.value}; whose error it is, the "
            "paste does not say."
        )
        return _replace(err, note=note + err.note.partition(f"'{phrases[0].words}'.")[2])
    if not all(r.weak for r in tied):
        return None  # a partial match the words agree with, or none contradict, stays
    categories = {r.category or Cause.UNKNOWN for r in rows}
    category = phrases[0].cause if phrases else categories.pop() if len(categories) == 1 else None
    foreign = _foreign_code(text)
    if foreign is not None and category is not None:
        note = (
            f"{foreign} is a code in another provider's style, not in the reference table; "
            f"{what} is {owners}'s, a possibility, not whose error it is. Read as "
            f"{category.value}."
        )
        return _generic(text, None, category, note, rows, readings)
    if category is not None and not any(r.coded for r in tied):
        # Only a short name, or part of one, in words any provider writes ("Phone number is
        # invalid"): that the words mean the row's cause is no sign that the row is theirs.
        note = (
            f"The words match {owners}'s {what}, but words this common do not say whose "
            f"error it is; read as {category.value}."
        )
        if phrases and phrases[0].cause is Cause.SENDER_NOT_REGISTERED:
            # A review's words ("Invalid Call to Action") are the registry's finding, which
            # the phrase reading routes to TCR and to the finding's own cause.
            err = _named_cause(text, None, phrases[0].cause, phrases[0].words, "", found)
            return _replace(err, note=note + err.note.partition(f"'{phrases[0].words}'.")[2])
        return _generic(text, None, category, note, rows, readings)
    own = _own_description(text, tied[0])
    if own is not None and category is not None and not phrases:
        note = (
            f"{what} is {owners}'s, but the paste describes it in words of its own ('{own}') "
            f"that are not {owners}'s: read as {category.value}, a possibility, not whose "
            "error it is."
        )
        return _generic(text, None, category, note, rows, readings)
    return None


def _status_described_otherwise(
    text: str, tied: Sequence[Reading], phrases: Sequence[CausePhrase]
) -> CausePhrase | None:
    """The cause named beside a number that is also an HTTP status, when the words beside it
    are not the row's own and name another cause, else None.

    "error 403: Authorization requirement not met" from Sinch: 403 is in Sinch's delivery
    report table ("Internal error"), but the sentence written right after it is an API's
    refusal, as any HTTP 403 is: the words say what happened, the number only matched.
    """
    if not phrases or not tied or not all(r.numeric_only for r in tied):
        return None
    if not all(code_key(r.info.code) in _HTTP_STATUS_KEYS for r in tied):
        return None
    own = _own_description(text, tied[0])
    if own is None:
        return None
    named = phrases[0]
    if any(r.info.category is named.cause or named.cause in r.info.also_category for r in tied):
        return None
    return named if named.words in plain_words(own) else None


_HTTP_STATUS_KEYS = frozenset(code_key(str(s)) for s in HTTP_STATUSES if 400 <= int(s) < 600)


# A code of four or five digits right after a phrase: the phrase is the code's label.
_CODE_AFTER = re.compile(r" [0-9]{4,5}(?![0-9])")


def _labels_a_code(norm: str, phrase: CausePhrase) -> bool:
    """Whether the phrase is the label a code is given under ("Carrier error 21408",
    "network error: 30008"), not a description of it: then the code, not the label's
    generic words, says what went wrong."""
    return phrase.cause is Cause.CARRIER_OR_NETWORK_FAILURE and bool(
        _CODE_AFTER.match(norm, phrase.end)
    )


def _code_the_words_name(
    tied: Sequence[Reading], provider: Provider | None, cause: Cause
) -> Reading | None:
    """Of several codes of one provider ("21610 / 21408"), the one whose cause the words name.

    Each number alone is only a number; two of one provider's codes side by side, with a
    sentence naming the cause ("the recipient opted out via STOP"), say that the error is
    that provider's and which of its codes was meant. None when the codes are of several
    providers, of another than the one given, or when the words name no code's own cause
    (or several codes share it).
    """
    owners = {r.info.provider for r in tied}
    codes = {code_key(r.info.code) for r in tied}
    if len(owners) != 1 or len(codes) < 2 or (provider is not None and owners != {provider}):
        return None
    named = [r for r in tied if r.info.is_error and r.info.category is cause]
    return named[0] if len(named) == 1 else None


def _what(reading: Reading) -> str:
    """How a weak reading's evidence is named in a note: its code, or its name."""
    info = reading.info
    return f"{info.code}" if reading.numeric_only else f"'{info.name}'"


# A code in a style the table's providers do not use: letters, a hyphen, digits ("ER-08",
# "SMS-RC-413"). Such a code names its own provider's table, whichever that is.
_FOREIGN_CODE = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]{1,5}(?![\w-])")


def _foreign_code(text: str) -> str | None:
    for m in _FOREIGN_CODE.finditer(_excerpt(text)):
        if not lookup(m.group(0)):
            return m.group(0)
    return None


# What follows a code as its own description: separators, then words up to the cell's end.
_AFTER_CODE = re.compile(r"[\s|:=\-–—\"'(),*]*([A-Za-z][^\n]*)")
_KEY_AFTER = re.compile(r"[A-Za-z_][\w.-]*[\"']?\s*[:=&]")


def _own_description(text: str, reading: Reading) -> str | None:
    """The words written right after the reading's number, when they describe it.

    A number written into an identifier ("failed_status_and_error_code_30007 translated to
    ...") or closed by a quote (`errorCode = "21211"` in a query) is a value: what follows is
    the sentence around it, not its description, so the code is as strong as a bare one.
    """
    if not reading.numeric_only or not reading.spans:
        return None
    start, end = reading.spans[0]
    if _enclosed(text, start, end):
        return None
    return _described_at(text, end)


# The joint before a number glued into an identifier, and the quotes that close a value.
_GLUE = re.compile(r"[A-Za-z0-9][_-]$")
_CLOSING = ('"', "'", "`", "”", "’")
_DESCRIPTION_SEPARATORS = ("-", "–", "—", ":", "|", "=")


def _enclosed(text: str, start: int, end: int) -> bool:
    """Whether the number at ``[start, end)`` is part of an identifier or a quoted value."""
    if _GLUE.search(text, max(0, start - 2), start) is not None:
        return True
    if text[end : end + 1] not in _CLOSING:
        return False
    # "`21610` - The `To` phone number is blocked": a quoted code with its description after
    # a separator is a code and its description all the same.
    after = text[end + 1 : end + 8].lstrip(" \t")
    return not after.startswith(_DESCRIPTION_SEPARATORS)


def _described_at(text: str, end: int) -> str | None:
    """The words of a description written right after offset ``end`` (a code's end)."""
    m = _AFTER_CODE.match(text, end)
    if m is None or _KEY_AFTER.match(m.group(1)):
        return None  # a field name follows ("ErrorCode=30034&SmsSid=..."), not a description
    described = " ".join(m.group(1).replace("|", " ").split())
    # A script written without spaces runs a sentence into one token ("当前账号未申请短信签名"):
    # it counts as the words it holds.
    if sum(_word_count(w) for w in normalise_text(described).split()) < 2:
        return None
    return described[:80]


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2}")


def _word_count(token: str) -> int:
    if not token.isalpha():
        return 0
    return max(1, len(_CJK_RUN.findall(token)))


def _words_outweigh_number(readings: Sequence[Reading], provider: Provider | None) -> bool:
    """Whether the best readings rest on a number alone that cannot settle the cause."""
    tied = [r for r in readings if ties(r.score, readings[0].score)]
    if not all(r.numeric_only for r in tied):
        return False
    # A relay (Gladly) shows the codes of the provider behind it; a registry or a carrier
    # has codes of its own, so another table's number is not theirs.
    named = provider is not None and (provider not in RELAYS or provider in RELAYED)
    if named and all(r.info.provider is not provider for r in tied):
        return True
    return len({(r.info.is_error, r.info.category) for r in tied}) > 1


def _decide(text: str, found: Found) -> NormalisedError:
    coded = _code_beside_anothers_words(found)
    if coded is not None:
        return _known(text, coded.info, (), found.readings)
    top = found.readings[0]
    tied = tuple(r for r in found.readings if ties(r.score, top.score))
    tied = _named_over_http(tied)
    tied = _code_over_words(tied)
    tied = _code_with_its_words(tied)
    tied = _words_over_numbers(tied)
    listed = {r.info.provider for r in tied}
    tied = _words_pick(text, tied)  # passing statuses already left (_without_passing_statuses)
    top = tied[0]
    # A status every API writes ("REJECTED": five providers' tables) narrowed by the reason
    # beside it to the one table whose row means that cause: the cause, not whose it is.
    by_chance = (
        len(listed) > 2
        and {r.info.provider for r in tied} == {top.info.provider}
        and not any(r.coded for r in tied)
        and top.info.provider not in found.hints
    )
    reason = _reason_beside_a_status(text, tied, found)
    if reason is not None:
        return reason
    coded = _code_beside_its_words(top, found.readings)
    if coded is not None:
        return _known(text, coded.info, (), found.readings)
    rows = tuple(r.info for r in tied)
    owners = tuple(dict.fromkeys(r.provider for r in rows))
    meanings = {(r.is_error, r.category) for r in rows}
    if len(rows) == 1 or (len(owners) == 1 and len(meanings) == 1):
        err = _known(text, top.info, rows if len(rows) > 1 else (), found.readings)
        err = _reason_beside_a_code(text, top, err)
        if _the_registrys_sentence(text, top, found):
            note = (
                f"{err.note} The sentence is The Campaign Registry's vetting finding, which "
                f"{PROVIDER_LABELS[top.info.provider]} relays as {top.info.code}; nothing "
                f"names {PROVIDER_LABELS[top.info.provider]}, so it is read as the registry's."
            )
            return _replace(err, provider=Provider.TCR, code=None, note=note)
        if by_chance:
            note = (
                f"{err.note} The status is listed by {len(listed)} providers and nothing "
                f"names {PROVIDER_LABELS[top.info.provider]}: the reason beside it gives the "
                "cause, not whose status it is."
            )
            return _replace(err, provider=None, code=None, note=note)
        status = any(n.role == "http" and n.value == err.code for n in found.numbers)
        # ... unless the row's own distinctive name is beside it: Africa's Talking writes its
        # recipient status as '"statusCode": 402, "status": "InvalidSenderId"'.
        own_name = (
            not top.numeric_only
            and not top.weak
            and top.info.kind != "http"
            and plain_words(top.info.name) not in _HTTP_REASONS
        )
        if status and top.info.provider not in found.hints and not own_name:
            # "HTTP 500 Internal Server Error": the paste says the number is an HTTP status;
            # a table that lists 500 under the same words does not make it that one's code.
            note = (
                f"{err.note} The paste gives {err.code} as an HTTP status and nothing names "
                f"{PROVIDER_LABELS[top.info.provider]}: it is read for its meaning, not as "
                "that provider's code."
            )
            return _replace(err, provider=None, code=None, note=note)
        if top.info.kind == "http" and top.numeric_only and top.info.provider not in found.hints:
            # Every API answers with HTTP statuses: one provider's table listing "HTTP 500"
            # says what the status means, not whose response it was.
            note = (
                f"{err.note} Every API returns HTTP statuses, and nothing names "
                f"{PROVIDER_LABELS[top.info.provider]}: whose response it was, the paste "
                "does not say."
            )
            return _replace(err, provider=None, note=note)
        if top.numeric_only and not found.hints:
            listed = {r.provider for r in lookup(top.info.code) if r.code.isdigit()}
            who = PROVIDER_LABELS[top.info.provider]
            if len(listed) == 1:
                note = f"{err.note} No provider was named: {who} is the only one listing it."
                return _replace(err, note=note)
            # The field's name chose this table among several ("err:" of a receipt is read
            # in the receipt tables): say so, the reading is whose only as a likelihood.
            others = ", ".join(PROVIDER_LABELS[p] for p in sorted(listed - {top.info.provider}))
            if not others:
                return err
            note = (
                f"{err.note} No provider was named: {top.info.code} is read in {who}'s table, "
                f"which the field's name points to; {others} list it too."
            )
            return _replace(err, note=note)
        return err
    codes = {code_key(r.code) for r in rows}
    http = any(r.kind == "http" for r in rows)  # then the number may be an HTTP status
    code = rows[0].code if len(codes) == 1 and not http else None
    if code is not None:  # as the paste writes it ("9", not Twilio's "009")
        code = next((n.value for n in found.numbers if code_key(n.value) in codes), code)
    by_words = not any(r.numeric_only for r in tied)
    return _ambiguous(text, code, rows, owners, meanings, found.readings, by_words=by_words)


def _reason_beside_a_code(text: str, top: Reading, err: NormalisedError) -> NormalisedError:
    """``err`` with the cause the paste's own words give, when its code's row names none.

    "40008 ... // Unable to send because region is not enabled": Telnyx's 40008 says only
    that the message was undeliverable; the comment beside the code says why. The code and
    whose it is stay; the cause is the words'.
    """
    info = top.info
    if not top.coded or info.category is not Cause.UNKNOWN or info.outcome != "error":
        return err
    chars = list(_excerpt(text))
    for start, end in top.spans:
        chars[start:end] = " " * (min(end, len(chars)) - start)
    # the row's own account of the failure ("Timed out waiting for delivery receipt") is
    # not a reason beside it
    own = " ".join(plain_words(t) for t in (info.name, info.message, info.meaning) if t)
    named = next(
        (
            p
            for p in cause_phrases(plain_words("".join(chars)))
            # a specific cause: "timeout" beside a receipt that never came is that, not why
            if p.cause not in _UNSPECIFIC and not _says(info, p) and p.words not in own
        ),
        None,
    )
    if named is None:
        return err
    note = f"{err.note} The words beside it name the cause: '{named.words}'."
    verdict = err.verdict if err.verdict is not Verdict.UNKNOWN else verdict_for(named.cause)
    return _replace(
        err,
        category=named.cause,
        also_category=(),
        who_can_act=CAUSES[named.cause].who_can_act,
        verdict=verdict,
        note=note,
    )


def _the_registrys_sentence(text: str, top: Reading, found: Found) -> bool:
    """Whether a provider's row was matched only by The Campaign Registry's own sentence for
    a 10DLC vetting finding ("The campaign submission has been reviewed and it was rejected
    because of ..."), which providers copy into their tables: no code, no sign of the
    provider, a brand or campaign review (not a toll-free or sender ID one)."""
    info = top.info
    return (
        info.registration
        and info.provider is not Provider.TCR
        and not top.coded
        and all("its message" in e for e in top.evidence)  # not by the row's own title
        and info.provider not in found.hints
        and _registry_finding(text)
    )


def _reason_beside_a_status(
    text: str, tied: tuple[Reading, ...], found: Found
) -> NormalisedError | None:
    """The cause a paste's words give beside a status that names none, else None.

    "Failed to Deliver SMS / Reason: Device Incapable of Receiving SMS", "UNDELIVERABLE ...
    eine ungültige MSISDN": the rows the status line matched say only that the message
    failed (category unknown), or disagree among providers; the reason written beside it
    names the cause. Whose error it is stays with a provider the paste names, else nobody:
    a status line this common says nothing of whose it is.
    """
    # A number beside the status that several tables list with several meanings, none of them
    # a provider the paste names ("status=UNDELIVERABLE error_code=502: ... memoria piena"),
    # settles nothing: the reason beside it still does.
    numbers = [r for r in found.readings if r.numeric_only]
    if (
        numbers
        and len({r.info.category for r in numbers}) > 1
        and not any(r.info.provider in found.hints for r in numbers)
    ):
        tied = tuple(r for r in tied if not r.numeric_only) or tied
    meanings = {r.info.category or Cause.UNKNOWN for r in tied}
    if any(r.coded for r in tied) or (meanings != {Cause.UNKNOWN} and len(meanings) < 2):
        return None
    norm = plain_words(_excerpt(text))
    phrases = [p for p in cause_phrases(norm) if not _labels_a_code(norm, p)]
    named = next((p for p in phrases if p.cause is not Cause.UNKNOWN), None)
    if named is None or any(_says(r.info, named) for r in tied):
        return None  # the row's own text says it ("no DLR ... before the end of validity")
    owners = {r.info.provider for r in tied}
    hint = next((p for p in found.hints if p in owners), None)
    if named.cause in meanings and (len(owners) == 1 or hint is not None):
        return None  # the one provider's status row means that cause: the row decides
    # Several providers' "REJECTED" and one of them meaning the cause the reason names is a
    # coincidence of their tables, not a sign of whose status line it is.
    return _named_cause(text, hint, named.cause, named.words, "", found)


def _own_words(tied: Sequence[Reading], phrase: CausePhrase) -> bool:
    """Whether the phrase is a coded reading's own documented words (Twilio's 30001 "Queue
    overflow" with 30001 beside it): the row says what its words mean there."""
    return any(r.coded and not r.numeric_only and _says(r.info, phrase) for r in tied)


def _says(info: ErrorCodeInfo, phrase: CausePhrase) -> bool:
    """Whether the row's own documented texts hold the phrase's words."""
    own = (info.name, info.message, *info.aliases)
    return any(phrase.words in plain_words(t) for t in own if t)


def _without_passing_statuses(found: Found, text: str) -> Found:
    """``found`` without the best readings' lifecycle statuses read from a number alone,
    when an error ties with them (see ``_errors_over_statuses``) or when the paste calls the
    number an error ("Unable to send the SMS: error 400" is no provider's "Queued")."""
    if not found.readings:
        return found
    top = found.readings[0].score
    tied = tuple(r for r in found.readings if ties(r.score, top))
    kept = _errors_over_statuses(tied)
    if kept == tied and not any(r.info.is_error for r in tied):
        kept = tuple(
            r
            for r in tied
            if r.info.provider in found.hints or not _status_called_an_error(r, text)
        )
    if len(kept) == len(tied):
        return found
    dropped = set(map(id, tied)) - set(map(id, kept))
    readings = tuple(r for r in found.readings if id(r) not in dropped)
    return replace_fields(found, readings=readings)


# The word that calls the number after it an error: "error 400", "Error code: 400",
# "err=400", "failed with 400".
_CALLED_AN_ERROR = re.compile(
    r"(?:\berror|\berr|\berrno|\berror[ _-]?code|\bfailed with(?: code| status)?)\W{0,3}$",
    re.IGNORECASE,
)


def _status_called_an_error(reading: Reading, text: str) -> bool:
    """Whether a lifecycle status read from a number alone is one the paste calls an error."""
    if reading.info.is_error or not reading.numeric_only or not reading.spans:
        return False
    start = reading.spans[0][0]
    return _CALLED_AN_ERROR.search(text, max(0, start - 24), start) is not None


def _errors_over_statuses(tied: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """Of tied readings, all but a lifecycle status read from a number alone (Sinch's
    status 400, "Queued", from "e.status == 400") when an error ties with it."""
    kept = tuple(r for r in tied if r.info.is_error or not r.numeric_only)
    return kept if any(r.info.is_error for r in kept) else tied


def _words_pick(text: str, tied: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """Of tied readings that mean different things, those whose cause the words name.

    One text documented for two codes (Twilio's 21616 and 21635) or two providers' rows
    worded alike tie; the sentence around them ("...is a landline number or is an invalid
    number") says which cause it is.
    """
    if len({r.info.category for r in tied}) < 2:
        return tied
    # Only the words the rows did not match: a row's own text cannot pick between them.
    chars = list(_excerpt(text))
    for r in tied:
        for start, end in r.spans:
            chars[start:end] = " " * (min(end, len(chars)) - start)
    phrases = cause_phrases(plain_words("".join(chars)))
    if not phrases:
        return tied
    named = tuple(r for r in tied if r.info.category is phrases[0].cause)
    return named or tied


def _code_beside_anothers_words(found: Found) -> Reading | None:
    """The row a code names when the words beside it are another provider's for the same
    cause ("30446 Opt-in - No opt-in provided", Bandwidth's name for Twilio's finding): the
    shared vocabulary of a finding says what, the code whose. None unless the best reading
    is such words with no code of theirs, no hint names their provider, and exactly one
    provider's coded error row means the same cause."""
    top = found.readings[0]
    if top.coded or top.info.provider in found.hints or top.info.kind == "http":
        return None
    same = [
        r
        for r in found.readings[1:]
        if r.coded
        and r.info.kind != "http"
        and len(r.info.code) >= 4
        and r.info.is_error
        and r.info.provider is not top.info.provider
        and r.info.category is top.info.category
    ]
    return same[0] if len({r.info.provider for r in same}) == 1 else None


def _named_over_http(tied: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """Of tied readings, all but HTTP statuses when a provider's own error is named beside
    one ("400 - Bad Request / syntax_invalid_parameter_format"): the status is how the API
    answered, the error name what it answered."""
    http = [r for r in tied if r.info.kind == "http"]
    if not http or len(http) == len(tied):
        return tied
    status = [span for r in http for span in r.spans]

    def elsewhere(r: Reading) -> bool:  # evidence outside the status and its reason phrase
        return any(not any(a <= s and e <= b for a, b in status) for s, e in r.spans)

    if not any(r.info.kind != "http" and not r.numeric_only and elsewhere(r) for r in tied):
        return tied  # the same words ("Unauthorized") name both: an ambiguity to keep
    return tuple(r for r in tied if r.info.kind != "http")


def _code_over_words(tied: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """Of tied readings, those a code names, when it settles what the words leave open.

    - Part of a short name in passing ("...message cannot be connected" against "This
      message cannot be canceled") is no match for the code written beside it ("21612 |"):
      the code's rows stay, the weak words' go.
    - Words every provider writes ("invalid phone number") tie several providers' rows
      that mean one thing; a code only one of them lists (`errorCode = "21211"`) says whose,
      as it would pasted alone, when its row means what the words do.
    """
    coded = tuple(r for r in tied if r.coded and r.info.is_error)
    if not coded or len(coded) == len(tied):
        return tied
    rest = [r for r in tied if r not in coded]
    if all(r.weak and not r.numeric_only for r in rest):
        return coded
    owners = {r.info.provider for r in coded}
    meanings = {(r.info.is_error, r.info.category) for r in tied}
    if len(owners) == 1 and len(meanings) == 1 and all(not r.coded for r in rest):
        return coded
    return tied


def _code_with_its_words(tied: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """Of tied readings of one code, those whose own words are in the paste too.

    `"error_code": 100, "error_message": "Unidentified Subscriber"`: four tables list 100,
    and the name is one any network writes, so neither alone says whose. Together they
    single out the row that has both; the other tables only share the number. Not so for
    an HTTP status: "400 Bad Request" is every API's wording, whichever table lists it.
    """
    if any(r.info.kind == "http" for r in tied):
        return tied
    worded = tuple(r for r in tied if r.coded and not r.numeric_only)
    if not worded or len(worded) == len(tied):
        return tied
    if not all(r.coded and r.numeric_only for r in tied if r not in worded):
        return tied
    if len({code_key(r.info.code) for r in tied}) != 1:
        return tied
    return worded


def _words_over_numbers(tied: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """Of tied readings, those the words make, when they agree and the rest are numbers only.

    "Status 24, Error 1, Message too long": three tables name "Message too long" and all
    mean a length; 24 and 1 are in a dozen tables with a dozen causes, matched by nothing
    but the digits. The numbers are the status and the count a log line prints; the words
    say what failed. Readings the words and a number both make stay.
    """
    worded = [r for r in tied if not r.numeric_only and not r.weak]
    if not worded or len(worded) == len(tied):
        return tied
    causes = {r.info.category for r in worded}
    if len(causes) != 1:
        return tied
    cause = causes.pop()
    kept = tuple(r for r in tied if not r.numeric_only or r.info.category is cause)
    return kept if len(kept) < len(tied) else tied


def _code_beside_its_words(top: Reading, readings: Sequence[Reading]) -> Reading | None:
    """The row a code names, when the words beside it are its provider's for the same cause.

    A provider may word two of its codes alike (Twilio's 21610 and 30630 are both "Attempt
    to send to unsubscribed recipient", documented in one sentence): a table laid out as
    "21610 | The person you are trying to message has opted out..." matches the sentence
    to one of them and the code to the other. The code says which; the words agree with it.
    """
    if top.coded:
        return None
    meaning = (top.info.is_error, top.info.category)
    same = [
        r
        for r in readings
        if r.coded
        and r.info.provider is top.info.provider
        and (r.info.is_error, r.info.category) == meaning
    ]
    return same[0] if len({code_key(r.info.code) for r in same}) == 1 else None


def _common_words(text: str, found: Found) -> NormalisedError:
    """A short name matched in passing ("delivery failed"): its cause, but nobody's code."""
    top = found.readings[0]
    tied = tuple(r.info for r in found.readings if ties(r.score, top.score))
    # A notice worded in every app's words names its cause only as its provider's.
    categories = {Cause.UNKNOWN if common_worded(r) else r.category or Cause.UNKNOWN for r in tied}
    category = categories.pop() if len(categories) == 1 else Cause.UNKNOWN
    owners = ", ".join(dict.fromkeys(PROVIDER_LABELS[r.provider] for r in tied))
    note = (
        f"The words match {owners}'s '{top.info.name}', but words this common do not say "
        f"whose error it is; read as {category.value}."
    )
    return _generic(text, None, category, note, tied, found.readings)


def _words_owner(found: Found) -> Provider | None:
    """Whose words a paste's own wording is: the provider it names; a help desk it names
    ("Gladly: Message failed - Recipient has opted out") when it names no provider, since
    the notice is then the help desk's own, not a relayed code."""
    named = [p for p in found.hints if p not in RELAYS]
    return named[0] if named else next(iter(found.hints), None)


def _phrases_or_labels(text: str) -> list[CausePhrase]:
    """The causes the paste's words name; failing that, those an identifier in it names as
    a whole ("Clickatell::NumberBlocked", "TextBelt::Errors::BlackListedNumberError"), or a
    short quoted run, an error field's value or the status a log line ends with.

    Some of the trade's words are read only as all of a short status ("Number blocked",
    "NUMBER_BLOCKED"), never inside a sentence, where they may be about the sender. An
    exception class or an enum member is such a status on its own, wherever it is pasted.
    """
    excerpt = _excerpt(text)
    phrases = cause_phrases(plain_words(excerpt))
    if phrases:
        return phrases
    tokens = dict.fromkeys(excerpt[w.start : w.end] for w in labels(excerpt))
    # plain words were read above; an identifier is short (a long joined run is no name)
    identifiers = [t for t in tokens if len(t) <= 80 and _CAMEL_OR_SNAKE.search(t)]
    # A short run the sentence quotes is what the screen showed, whole ('failed with
    # "BLACKLIST"', 'the status says "Expired"').
    identifiers += [
        q for m in _QUOTED_STATUS.finditer(excerpt) if len((q := m.group(1)).split()) <= 4
    ]
    # so is an error field's value ("...&ErrorMessage=BLACKLIST"), and a short status a log
    # line ends with ("ERROR [sms] send failed: BLACKLIST")
    if "=" in excerpt:
        identifiers += [v for v in reason_values(excerpt) if len(v.split()) <= 4]
    last = excerpt.rstrip().rpartition(": ")[2].strip(" .\"'")
    if last != excerpt.strip() and 0 < len(last) <= 40 and len(last.split()) <= 4:
        identifiers.append(last)
    for token in identifiers[:_MAX_IDENTIFIERS]:
        named = [p for p in cause_phrases(plain_words(token)) if p.cause is not Cause.UNKNOWN]
        if named:
            return named
    return []


# Identifiers read one by one, at most: a paste of thousands (a hostile or machine-made one)
# costs a bounded number of phrase scans.
_MAX_IDENTIFIERS = 32


# A quoted run of a few words: straight or typographic quotes.
_QUOTED_STATUS = re.compile(r"(?<!\w)[\"“'‘]([^\"”'’\n]{2,40})[\"”'’](?!\w)")

# An identifier's joints: "NumberBlocked", "NUMBER_BLOCKED", "number-blocked".
_CAMEL_OR_SNAKE = re.compile(r"[a-z][A-Z]|[A-Za-z0-9][_-][A-Za-z0-9]")


def _fallback(text: str, provider: Provider | None, found: Found) -> NormalisedError:
    """Nothing in the table fits: the words' cause, an HTTP status, an unknown code."""
    hint = provider or _words_owner(found)
    unknown = _unknown_number(found.numbers)
    phrases = _phrases_or_labels(text)
    if phrases:
        extra = f" {unknown.value} is not in the reference table." if unknown else ""
        return _named_cause(text, hint, phrases[0].cause, phrases[0].words, extra, found)
    http = next((n for n in found.numbers if n.role == "http"), None)
    if unknown is not None and http is None and _http_error_shaped(unknown):
        # "error 400 with 'TopicArn is required'": a number no table holds for this paste
        # that is an HTTP error status is the response's status, not an unlisted code.
        http, unknown = unknown, None
    if unknown is None and http is not None and http.value in _HTTP_CAUSES:
        return _http(text, hint, http, found)
    if unknown is None and http is not None:
        note = (
            f"HTTP {http.value} ({HTTP_STATUSES.get(http.value, 'a response status')}) is the "
            "API's response status, not a provider error code, and it reports no error."
        )
        return _result(text, "unknown", hint, category=Cause.UNKNOWN, note=note)
    if unknown is not None:
        # A number shaped like Twilio's beside a description of its own that no table holds
        # is some other provider's code, not an unlisted Twilio one.
        shaped = None if _described_at(text, unknown.end) else _shape_provider(unknown.value)
        return _unknown_code(text, unknown.value, hint or shaped, found.elsewhere)
    if found.unknown_labels:
        label, owner = found.unknown_labels[0]
        return _unknown_code(text, label, hint or owner, ())
    return _result(
        text,
        "unknown",
        hint,
        category=Cause.UNKNOWN,
        note="Unknown error: no error code or known error text found in it.",
    )


def _http_error_shaped(number: NumberCue) -> bool:
    """A standard 4xx/5xx HTTP status written as a short number (not glued, not in a link)."""
    return (
        number.value in HTTP_STATUSES
        and number.value[0] in "45"
        and number.role in ("short", "bare", "keyed", "whole")
    )


#: Which number is the code when several may be: a documentation link's or an error field's
#: before a status field's ("Status 2 (Failed), Reasoncode 107": 107).
_CODE_ROLES = {"link": 0, "keyed": 1, "whole": 2, "bare": 3, "status": 4}


def _unknown_number(numbers: Sequence[NumberCue]) -> NumberCue | None:
    ranked = [n for n in numbers if n.role in _CODE_ROLES]
    return min(ranked, key=lambda n: (_CODE_ROLES[n.role], "status" in n.key)) if ranked else None


def _uncovered(text: str, found: Found, name: str) -> NormalisedError:
    """The reading of an error from a provider the table does not cover."""
    named = f"{name} is not a provider the reference table covers"
    worded = [r for r in found.readings if not r.numeric_only]
    phrases = _phrases_or_labels(text)
    if worded:
        tied = [r.info for r in worded if ties(r.score, worded[0].score)]
        categories = {r.category or Cause.UNKNOWN for r in tied}
        category = categories.pop() if len(categories) == 1 else Cause.UNKNOWN
        parties = {r.provider for r in tied}
        if len(parties) == 1 and parties <= RELAYED:
            # A registry's or carrier's own notice, relayed through the uncovered provider; the
            # registry's finding is the provider's error, as for a covered one.
            err = _decide(text, Found(tuple(worded), found.hints, found.numbers))
            if err.provider is Provider.TCR:
                return _relayed_finding(err, name)
            return _replace(err, note=err.note + _via(name))
        # Words that prove little: a part of a name, or a short name any platform shows
        # ("Message not sent").
        weak = all(
            r.weak or (len(r.info.name.split()) <= 3 and not r.coded)
            for r in worded
            if ties(r.score, worded[0].score)
        )
        if (
            phrases
            and phrases[0].cause is not Cause.UNKNOWN
            and (category is Cause.UNKNOWN or (weak and phrases[0].cause is not category))
        ):
            # "Delivery failed (spam content)", "message blocked by SHAFT filter": generic
            # words, or a short name another provider also uses, yield to the reason given.
            note = f"{named}; the error text names the cause: '{phrases[0].words}'."
            return _generic(text, None, phrases[0].cause, note, tuple(tied), found.readings)
        owners = ", ".join(dict.fromkeys(PROVIDER_LABELS[r.provider] for r in tied))
        note = f"{named}; the error text reads as {category.value} (the wording {owners} use)."
        return _generic(text, None, category, note, tuple(tied), found.readings)
    if phrases:
        # As for any words: a review's finding names its own cause ("sample message contains
        # a public URL shortener"), and a 10DLC finding is the registry's.
        err = _named_cause(text, None, phrases[0].cause, phrases[0].words, "", found)
        lead = f"the words name the cause: '{phrases[0].words}'."
        rest = err.note.partition(lead)[2]
        note = f"{named}; the error text names the cause: '{phrases[0].words}'.{rest}"
        err = _replace(err, note=note, candidates=(), readings=())
        return _relayed_finding(err, name) if err.provider is Provider.TCR else err
    number = _unknown_number(found.numbers)
    http = next((n for n in found.numbers if n.role == "http"), None)
    if number is None and http is not None and http.value in _HTTP_CAUSES:
        # Its response's HTTP status ("code": 400 beside its message) says the request was
        # refused, whoever's API refused it.
        err = _http(text, None, http, found)
        return _replace(err, note=f"{named}. {err.note}", candidates=())
    rows = tuple(r.info for r in found.readings) or found.elsewhere
    listed = list(dict.fromkeys(PROVIDER_LABELS[r.provider] for r in rows))
    code = number.value if number else None
    # A code with a description of its own that no table holds is the platform's own code.
    own = number is not None and _described_at(text, number.end)
    relayed = None if own else _relayed_code(code, rows)
    if relayed is not None:
        owner = PROVIDER_LABELS[relayed.provider]
        cause = relayed.category or Cause.UNKNOWN
        note = (
            f"{named}; {code} is {owner}'s code for '{relayed.name}', which platforms built on "
            f"{owner} pass on as it is: read as that ({cause.value}), though whose error it "
            "is, the paste does not say."
        )
        err = _generic(text, None, cause, note, rows, found.readings)
        return _replace(err, code=code, verdict=relayed.verdict)
    if listed:
        note = f"{named}; {code or 'this code'} is listed for {', '.join(listed)} only, "
        note += "not read as theirs."
    else:
        note = f"{named}, and nothing in the error text names a cause."
    return _result(
        text, "unknown", None, code=code, category=Cause.UNKNOWN, candidates=rows, note=note
    )


def _relayed_code(code: str | None, rows: Sequence[ErrorCodeInfo]) -> ErrorCodeInfo | None:
    """The one error row a five-digit code names, if only one provider lists it.

    Help desks and texting platforms built on a provider show its codes unchanged ("Error
    30032" in a CRM that sends through Twilio); a code that long, listed by one provider
    for one error, says what went wrong even when the platform is not covered.
    """
    if code is None or len(code) != 5 or not code.isdigit():
        return None
    errors = [r for r in rows if r.is_error and r.category is not None and r.kind != "http"]
    if len(errors) != 1 or len({r.provider for r in rows}) != 1:
        return None
    return errors[0]


def _worded(text: str, provider: Provider, top: Reading, found: Found) -> NormalisedError:
    """The caller's provider lists nothing that fits; another provider's row does."""
    label = PROVIDER_LABELS[provider]
    owner = PROVIDER_LABELS[top.info.provider]
    if top.numeric_only:
        return _unknown_code(text, code_key(top.info.code), provider, (top.info,))
    category = top.info.category
    if category in (None, Cause.UNKNOWN) or top.weak:
        # Another provider's status word ("UNDELIVERED") beside the reason written out
        # ("Memory capacity exceeded"): the reason names the cause, the provider is the one given.
        norm = plain_words(_excerpt(text))
        named = next(
            (
                p
                for p in cause_phrases(norm)
                if p.cause is not Cause.UNKNOWN and p.cause is not category
            ),
            None,
        )
        if named is not None:
            return _named_cause(text, provider, named.cause, named.words, "", found)
    if category is None:
        note = (
            f"Nothing in {label}'s table fits; the text is {owner}'s '{top.info.name}', which "
            "is not an error: if the message did not arrive, the cause is unknown."
        )
        err = _generic(text, provider, Cause.UNKNOWN, note, (top.info,), found.readings)
        return _replace(err, verdict=Verdict.NONE)
    note = (
        f"Nothing in {label}'s table fits; the text reads as {category.value} "
        f"({owner}'s wording for '{top.info.name}')."
    )
    registration = category is Cause.SENDER_NOT_REGISTERED and top.info.registration
    if registration and _registry_finding(text):
        # Another provider's words for a vetting finding: the finding is the registry's,
        # relayed by the provider given, if any.
        note += _REGISTRY_NOTE + _relayed_by(provider)
        provider = provider or Provider.TCR
    return _generic(text, provider, category, note, (top.info,), found.readings)


def _named_cause(
    text: str,
    provider: Provider | None,
    cause: Cause,
    words: str,
    extra: str,
    found: Found,
) -> NormalisedError:
    note = f"No code or text from the table fits; the words name the cause: '{words}'.{extra}"
    norm = plain_words(_excerpt(text))
    review = review_words(norm) or opt_out_flow(norm)
    if cause is Cause.SENDER_NOT_REGISTERED and review:
        # A review about the links, the brand or the opt-out words of the samples
        # ("SAMPLE_NO_BRAND", "URL issues in sample message"): that is the cause, the
        # registration what it holds up.
        finding = next((p for p in cause_phrases(norm) if p.cause in _FINDINGS), None)
        if finding is not None:
            cause = finding.cause
            note += f" The finding names its cause: '{finding.words}'."
    vetted = _registry_finding(text) or Provider.TCR in found.hints  # or the paste names it
    registration = cause is Cause.SENDER_NOT_REGISTERED or (cause in REVIEW_CAUSES and review)
    # A provider the paste itself names as the reviewer ("the top reasons Sinch may reject
    # your campaign") vets the campaign before the registry does: the finding is its own.
    named_reviewer = (
        provider is not None
        and provider not in RELAYS
        and provider not in RELAYED
        and Provider.TCR not in found.hints
        and provider in providers_in(_excerpt(text))
    )
    if registration and provider is not Provider.TCR and vetted and not named_reviewer:
        # A 10DLC brand or campaign is vetted through The Campaign Registry: its finding,
        # which the provider given or named relays (whose error it is for the engineer, who
        # takes it up there); with none, the registry's own.
        note += _REGISTRY_NOTE + _relayed_by(provider)
        provider = provider or Provider.TCR
    err = _generic(text, provider, cause, note, (), found.readings)
    if cause in REVIEW_CAUSES and (review or provider is Provider.TCR):
        # A registration review's finding about the program's messages: what the review
        # found is the cause, the registration it rejected is why nothing is sent.
        return _replace(err, also_category=(Cause.SENDER_NOT_REGISTERED,), verdict=Verdict.REJECTED)
    if provider is Provider.TCR or (registration and _REJECTED.search(norm)):
        # The registry only rejects; and a registration someone rejected, in any words, was
        # refused before a message went out.
        return _replace(err, verdict=Verdict.REJECTED)
    return err


_REJECTED = re.compile(r"\b(?:reject\w*|denied|denial|declined|disapproved)\b")


# What a review may find wrong in the sample messages themselves, and name as the cause.
_FINDINGS = frozenset(
    {
        Cause.URL_OR_LINK_FILTERING,
        Cause.MISSING_BRAND_IDENTIFICATION,
        Cause.MISSING_OPT_OUT_LANGUAGE,
    }
)


def _tcr(text: str, provider: Provider | None, found: Found) -> NormalisedError | None:
    """A code given as The Campaign Registry's ("TCR Code 3105", or any code with provider
    tcr): TCR's row when the table has it, else its finding read from the words.

    The registry only ever rejects registrations, so a code it gives that the table does not
    hold still says the brand or campaign was rejected: sender_not_registered, unless the
    words name the finding's own cause ("Opt-out Missing Brand Name").
    """
    code = tcr_code(_excerpt(text))
    if code is None and provider is Provider.TCR:
        number = _unknown_number(found.numbers)
        code = number.value if number is not None else None
    if code is None:
        return None
    rows = [r for r in lookup(code) if r.provider is Provider.TCR]
    if rows:
        named = [r for r in found.readings if r.info in rows]
        return _known(text, (named[0] if named else Reading(rows[0], 1.0)).info, (), found.readings)
    phrases = cause_phrases(plain_words(_excerpt(text)))
    named_cause = next((p for p in phrases if p.cause in REVIEW_CAUSES), None)
    cause = named_cause.cause if named_cause else Cause.SENDER_NOT_REGISTERED
    note = (
        f"TCR {code} is The Campaign Registry's code, not in the reference table; the registry "
        "only rejects brand and campaign registrations, so the sender stays unregistered until "
        "the finding is fixed"
    )
    note += f": the words name it ('{named_cause.words}')." if named_cause else "."
    if provider is not None and provider is not Provider.TCR:
        note += _via(PROVIDER_LABELS[provider])
    err = _generic(text, Provider.TCR, cause, note, (), found.readings)
    also: tuple[Cause, ...] = (Cause.SENDER_NOT_REGISTERED,) if named_cause else ()
    if named_cause is None and _PROGRAM_MESSAGE.search(plain_words(_excerpt(text))):
        # A finding about the opt-in, opt-out or HELP messages that names no cause: those
        # messages must carry the brand name and the opt-out words (TCR 611's wording), so
        # what the body shows of either explains it.
        also = (Cause.MISSING_BRAND_IDENTIFICATION, Cause.MISSING_OPT_OUT_LANGUAGE)
    # A code the table does not hold is "unknown" as a code; what the registry means by any
    # code is known, but weighs as a reading, not as a documented row (the body's findings
    # about the messages it rejected can come first).
    status: Status = "known" if named_cause else "unknown"
    return _replace(err, code=code, also_category=also, verdict=Verdict.REJECTED, status=status)


_PROGRAM_MESSAGE = re.compile(r"\b(?:opt ?(?:in|out)|stop|help)\b")


_REGISTRY_NOTE = " A 10DLC brand or campaign finding: The Campaign Registry's vetting."


def _registry_finding(text: str) -> bool:
    return registry_finding(normalise_text(_excerpt(text))) is not None


def _via(where: str | None) -> str:
    return f" It reached you through {where}." if where else ""


def _relayed_by(provider: Provider | str | None) -> str:
    """The registry's finding as the provider given relays it (whose error it stays); a
    provider the table does not cover is given by its name."""
    if provider is None or provider is Provider.TCR:
        return ""
    label = PROVIDER_LABELS[provider] if isinstance(provider, Provider) else provider
    return f" {label} relays it: take it up there."


def _relayed_finding(err: NormalisedError, by: Provider | str) -> NormalisedError:
    """The Campaign Registry's finding as ``by`` relays it: ``by``'s error for the engineer,
    who takes it up there (no covered provider when ``by`` is an uncovered one's name); the
    code, if any, stays the registry's."""
    note = f"{err.note} The Campaign Registry's finding;{_relayed_by(by)}"
    return _replace(err, provider=by if isinstance(by, Provider) else None, note=note)


def _http(text: str, provider: Provider | None, http: NumberCue, found: Found) -> NormalisedError:
    cause = _HTTP_CAUSES[http.value]
    note = (
        f"HTTP {http.value} ({HTTP_STATUSES[http.value]}) is the API's response status, not a "
        "provider error code: the request was refused before any message was sent."
    )
    return _replace(
        _generic(text, provider, cause, note, (), found.readings),
        name=f"HTTP {http.value} {HTTP_STATUSES[http.value]}",
        verdict=Verdict.REJECTED,
    )


def _generic(
    text: str,
    provider: Provider | None,
    category: Cause,
    note: str,
    candidates: tuple[ErrorCodeInfo, ...],
    readings: tuple[Reading, ...],
) -> NormalisedError:
    """A cause read from words, with no row of the provider's own behind it."""
    return NormalisedError(
        raw=text,
        provider=provider,
        code=None,
        name=None,
        category=category,
        also_category=(),
        retryable=None,
        who_can_act=CAUSES[category].who_can_act,
        source_url=None,
        status="known",
        candidates=candidates,
        note=note,
        info=None,
        verdict=verdict_for(
            category, api=_invalid_format(category, text) or refused_at_request(text)
        ),
        readings=readings,
    )


# Every HTTP reason phrase ("Internal Server Error"): a table row named so is named for the
# status, and the status names nobody.
_HTTP_REASONS = frozenset(plain_words(s.phrase) for s in HTTPStatus)


# An HTTP client error's reason phrase, or an SDK's exception for one.
_CLIENT_ERROR_WORDS = re.compile(
    r"\b(?:bad request|unprocessable entity|unprocessable content|invalid_?request_?error|"
    r"\w*(?:Rest|Api|Http|Request)Exception)\b",
    re.IGNORECASE,
)


# Words that say a number failed validation: a provider checks its form before any carrier
# sees the message ("invalid phone number", "non-numeric characters", "not a mobile number").
_FORMAT_WORDS = re.compile(
    r"\b(?:invalid|not (?:a )?valid|malformed|format|formatted|non-?numeric|country code|"
    r"e\.?164|too (?:short|long)|not a mobile)\b",
    re.IGNORECASE,
)


# A delivery report's state: the carrier answered after the provider accepted the message.
_DELIVERY_REPORT = re.compile(r"\bundeliv|\bdlr\b|\bstat:", re.IGNORECASE)


def _invalid_format(category: Cause, text: str) -> bool:
    return (
        category is Cause.INVALID_DESTINATION
        and _FORMAT_WORDS.search(text) is not None
        and _DELIVERY_REPORT.search(text) is None
    )


def refused_at_request(text: str) -> bool:
    """Whether the paste shows the API refusing the request (an HTTP 4xx status, "Bad
    Request", an SDK's exception): then the message never reached a carrier, so a cause
    that would otherwise be a carrier's doing ("undeliverable", "blocked") was a rejection.

    Example:
        >>> refused_at_request("Error: invalid phone numbers. status: 400")
        True
        >>> refused_at_request("The number is not reachable")
        False
    """
    if _CLIENT_ERROR_WORDS.search(text):
        return True
    return any(n.role == "http" and n.value.startswith("4") for n in find_numbers(text))


def _shape_provider(code: str) -> Provider | None:
    """Whose code an unlisted number looks like: Twilio's 5-digit ranges, Telnyx's 40xxx."""
    if len(code) == 5 and code.isdigit():
        if code.startswith("40"):
            return Provider.TELNYX
        if code[0] in "1236":
            return Provider.TWILIO
    return None


_KIND_PREFIX = {
    "dlr": "err-code ",
    "sms_api": "status ",
    "status": "status ",
    "smpp": "SMPP ",
    "tfv_denial": "denialStatusCode ",
    "mms_error": "StatusCode ",
    "v1_delivery": "deliveryCode ",
}


def _label(info: ErrorCodeInfo) -> str:
    """How the code is written where the provider has several namespaces ("err-code 9")."""
    if not info.code.isdigit():
        return "This"
    if info.kind == "http":
        return f"HTTP {info.code}"
    if info.provider is Provider.INFOBIP and info.kind == "error":
        return f"error {info.code}"
    return _KIND_PREFIX.get(info.kind, "") + info.code


def _known(
    text: str,
    info: ErrorCodeInfo,
    candidates: tuple[ErrorCodeInfo, ...],
    readings: tuple[Reading, ...] = (),
) -> NormalisedError:
    who = PROVIDER_LABELS[info.provider] + "'s"
    label = _label(info)
    if info.outcome != "error":
        what = "delivered" if info.outcome == "success" else "a lifecycle status"
        note = (
            f"{label} is {who} '{info.name}': not an error ({what}). If the message still did "
            "not arrive, the provider does not know why: check the body and context."
        )
    elif info.category is Cause.SPAM_LIKE_CONTENT:
        note = (
            f"{label} is {who} generic filter code ('{info.name}'): carrier filters are "
            "opaque, so the message body and context are the best lead."
        )
    elif info.category is Cause.UNKNOWN:
        note = (
            f"{label} is {who} '{info.name}': no specific reason is reported, and generic "
            "failures are often compliance-driven, so check the body and context."
        )
    else:
        note = f"{label} is {who} '{info.name}': {info.meaning.rstrip('.')}."
    category, also = info.category, info.also_category
    linked = Cause.URL_OR_LINK_FILTERING in also
    if info.registration and category is Cause.SENDER_NOT_REGISTERED and linked:
        # A registration rejected for a link in its samples (a public shortener, plain http,
        # a high-risk domain): the link is the cause to fix; the registration waits on it.
        rest = tuple(c for c in also if c is not Cause.URL_OR_LINK_FILTERING)
        category, also = Cause.URL_OR_LINK_FILTERING, (Cause.SENDER_NOT_REGISTERED, *rest)
    return NormalisedError(
        raw=text,
        provider=info.provider,
        code=None if info.kind == "http" else info.code,
        name=info.name,
        # Pasted as the error but reporting none: the failure happened later, cause unknown.
        category=category if info.is_error else Cause.UNKNOWN,
        also_category=also,
        retryable=info.retryable,
        who_can_act=info.who_can_act,
        source_url=info.source_url,
        status="known",
        candidates=candidates,
        note=note,
        info=info,
        verdict=info.verdict,
        readings=readings or (Reading(info, 1.0),),
    )


def _ambiguous(
    text: str,
    code: str | None,
    rows: tuple[ErrorCodeInfo, ...],
    owners: tuple[Provider, ...],
    meanings: set[tuple[bool, Cause | None]],
    readings: tuple[Reading, ...],
    *,
    by_words: bool = False,
) -> NormalisedError:
    agreed = len(meanings) == 1
    subject = code or "This error text"
    category = (rows[0].category or Cause.UNKNOWN) if agreed else Cause.UNKNOWN
    most = worded = None
    if by_words and not agreed:
        # Tables that file one name under different causes ("recipient_unavailable":
        # Telnyx's network, HubSpot's unreachable handset; "Message expired": three causes at
        # three providers) are decided by what the words mean in the trade's vocabulary;
        # failing that, by what most of the providers mean.
        phrases = cause_phrases(plain_words(_excerpt(text)))
        if phrases and (len(owners) > 1 or any(r.category is phrases[0].cause for r in rows)):
            worded = phrases[0]
            most = worded.cause
        elif len(owners) > 1:
            most = _most_providers_mean(rows)
    if most is not None:
        category = most
        rows = tuple(sorted(rows, key=lambda r: r.category is not most))  # its rows first
    retry = {r.retryable for r in rows}
    also = {r.also_category for r in rows}
    if len(owners) == 1:
        kinds = ", ".join(dict.fromkeys(r.kind for r in rows))
        where = f"{PROVIDER_LABELS[owners[0]]} uses {subject} in several namespaces ({kinds})"
        forms = " or ".join(f"'{_label(r)}'" for r in rows)
        decide = f"paste the field name too ({forms})"
    else:
        names = [PROVIDER_LABELS[p] for p in owners]
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        where = f"{subject} is listed for {listed}"
        decide = "give the provider to decide"
    if agreed:
        meaning = rows[0].category.value if rows[0].category else "no error"
        note = f"{where}; all mean {meaning}, so the cause holds either way."
    elif worded is not None:
        note = (
            f"{where} with different causes; its words ('{worded.words}') mean "
            f"{worded.cause.value}, so it is read so; {decide}."
        )
    elif most is not None:
        note = (
            f"{where} with different causes; at least half of them mean {most.value}, so it "
            f"is read so; {decide}."
        )
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
        readings=readings,
    )


def _most_providers_mean(rows: Sequence[ErrorCodeInfo]) -> Cause | None:
    """The cause at least half the providers listing a status name mean by it, if any.

    A name several providers publish ("Expired", "Message expired") is one status with one
    sense, which their tables file under different causes; a number several providers use
    is a coincidence, so only names are counted. Each provider has one vote, split over
    its rows' causes; "unknown" is never the answer.
    """
    owners: dict[Provider, list[Cause]] = {}
    for r in rows:
        owners.setdefault(r.provider, []).append(r.category or Cause.UNKNOWN)
    votes: dict[Cause, float] = {}
    for causes in owners.values():
        for cause in causes:
            votes[cause] = votes.get(cause, 0.0) + 1 / len(causes)
    best = max(votes, key=lambda c: votes[c])
    if best is Cause.UNKNOWN or votes[best] * 2 < len(owners):
        return None
    if sum(1 for v in votes.values() if v == votes[best]) > 1:
        return None  # a tie names no cause
    return best


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
    elsewhere = tuple(r for r in elsewhere if code_key(r.code) == code_key(code))
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


def _replace(err: NormalisedError, **changes: Any) -> NormalisedError:
    from dataclasses import replace

    return replace(err, **changes)


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
