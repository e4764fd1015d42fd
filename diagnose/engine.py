"""``diagnose()``: one failed message in, a ``Diagnosis`` out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from diagnose.causes import COMPLIANCE_CAUSES, Cause
from diagnose.diagnosis import ContextNeed, Diagnosis, ModelBlock, RankedCause, Recheck, Rewrite
from diagnose.errors.normalise import NormalisedError, generic_filter, normalise_error
from diagnose.explain import evidence_of, rank_causes
from diagnose.identity_memo import IdentityMemo
from diagnose.message import MAX_BODY_CHARS, FailedMessage, overlong_note
from diagnose.rewrite import fixable_ids, suggest_rewrite
from diagnose.rules.base import Finding, NeedContext, Rule
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.registry import RULES

OPAQUE_FILTER_NOTE = (
    "No rule explains this filter verdict. Carrier filters are opaque (sender reputation, "
    "volume and small wording changes can flip them), so the cause is probable, not certain."
)

NO_BODY_NOTE = (
    "No message text was given: the rules that read the text did not run, and the answer "
    "comes from the error and the context."
)

#: Findings that explain a generic filter verdict (no "opaque filter" note with them).
_EXPLAINS_A_FILTER = COMPLIANCE_CAUSES | {Cause.OPTED_OUT_RECIPIENT}


class Classifier(Protocol):
    """What the explainer needs from a trained model (see ``diagnose.learn.model``)."""

    version: str

    def explain_one(
        self, message: FailedMessage, findings: Sequence[Finding], error: NormalisedError
    ) -> ModelBlock: ...


def diagnose(
    message: FailedMessage,
    *,
    model: Classifier | None = None,
    rules: Sequence[Rule] = RULES,
    rewrite: bool = True,
) -> Diagnosis:
    """Explain why ``message`` was not delivered.

    Example:
        >>> from diagnose import FailedMessage, diagnose
        >>> d = diagnose(FailedMessage(body="Thanks for contacting us!", error="30007",
        ...                            first_message=True))
        >>> [f.rule for f in d.findings]
        ['OPT001', 'BRD002']

    ``rewrite=False`` skips the corrected message (it diagnoses the new text again, with
    the model too: see ``recheck_rewrite``); batch triage, which never shows it, uses that.
    """
    length = len(message.body) if message.body is not None else 0
    if length > MAX_BODY_CHARS:  # too long for any provider: read no further than that
        message = replace(message, body=message.body[:MAX_BODY_CHARS])  # type: ignore[index]
    error = normalise_error(message.error, message.provider, message.provider_name)
    ctx = RuleContext(message)
    body_known = message.body is not None
    findings, needs = run_rules(rules if body_known else _without_body(rules), ctx)
    # The model reads the text: without it, it would judge an empty message (and say
    # "too short"), so an error-only diagnosis is the error's and the rules' alone.
    block = model.explain_one(message, findings, error) if model and body_known else None
    if model is None and body_known and length <= MAX_BODY_CHARS:
        causes, notes, advice = _rules_only_verdict(message, error, findings, needs)
    else:
        causes, notes, advice = _verdict(message, error, findings, needs, block, model, length)
    return Diagnosis(
        causes=causes,
        findings=tuple(findings),
        error=error,
        segments=ctx.segments if body_known else None,
        needs_context=advice,
        rewrite=_corrected(message, error, findings, rules, model) if rewrite else None,
        notes=notes,
        mode="rules+model" if model is not None else "rules-only",
        model=block,
    )


#: The ranked causes, the notes and the context advice of a diagnosis.
Verdict = tuple[tuple[RankedCause, ...], tuple[str, ...], tuple[ContextNeed, ...]]


def _verdict(
    message: FailedMessage,
    error: NormalisedError,
    findings: Sequence[Finding],
    needs: Sequence[NeedContext],
    block: ModelBlock | None,
    model: Classifier | None,
    length: int,
) -> Verdict:
    """What the error, the findings and the model's probabilities make of the message."""
    causes = rank_causes(error, findings, block.probabilities if block else None)
    notes = [error.note] if error.note else []
    if (
        generic_filter(error)
        and error.category is not Cause.UNKNOWN
        and not any(f.cause in _EXPLAINS_A_FILTER for f in findings)
    ):
        notes.append(OPAQUE_FILTER_NOTE)
    if message.body is None:
        notes.append(NO_BODY_NOTE)
        if model is not None:
            notes.append("The model did not run: it reads the message text.")
    if length > MAX_BODY_CHARS:
        notes.append(overlong_note(length))
    if model is None:
        notes.append("Rules-only diagnosis: no trained model was loaded.")
    return causes, tuple(notes), _context_needs(message, error, needs)


#: Rules-only verdicts of bodies within ``MAX_BODY_CHARS``, per error object and findings
#: signature: without a model, the verdict is a function of the error, each finding's
#: (rule, cause, severity), the rules' requests and whether an error was given, and few
#: such combinations occur. One lookup instead of the ranking's and the advice's own
#: memos and the notes (the whole verdict is immutable, so it is shared).
_VERDICTS: IdentityMemo[Verdict] = IdentityMemo()


def _rules_only_verdict(
    message: FailedMessage,
    error: NormalisedError,
    findings: Sequence[Finding],
    needs: Sequence[NeedContext],
) -> Verdict:
    """``_verdict`` of a known body within ``MAX_BODY_CHARS`` and no model, memoised."""
    key = (evidence_of(findings), tuple(needs), message.error is None)
    known = _VERDICTS.get(error, key)
    if known is None:
        # Within MAX_BODY_CHARS the length adds no note: 0 stands for it.
        known = _VERDICTS.put(error, key, _verdict(message, error, findings, needs, None, None, 0))
    return known


#: The model's content risk from which a re-checked text still reads as spam (the same
#: threshold as the ranking's model suspicion).
RECHECK_RISK = 0.5


def _corrected(
    message: FailedMessage,
    error: NormalisedError,
    findings: Sequence[Finding],
    rules: Sequence[Rule],
    model: Classifier | None,
) -> Rewrite | None:
    """The drafted corrected message, re-checked unless a placeholder waits to be filled."""
    specific = error.status == "known" and not generic_filter(error)
    draft = suggest_rewrite(
        message, findings, rules, error_cause=error.category if specific else None
    )
    if draft is None or draft.text is None or draft.placeholders:
        return draft
    return _recheck(message, draft, [f.rule for f in findings], {}, model, rules)


def recheck_rewrite(
    message: FailedMessage,
    d: Diagnosis,
    values: Mapping[str, str] | None = None,
    *,
    model: Classifier | None = None,
    rules: Sequence[Rule] = RULES,
) -> Rewrite:
    """Fill the corrected message's placeholders with ``values`` and re-check it.

    The re-check diagnoses the filled text as a new send: the same context, no error (the
    old one was returned for the old text), the rules and the model. ``passes`` is its
    answer: true only when no text-fixable rule fires, the edits brought in nothing new,
    the re-check ranks no compliance cause first, the model does not read the text as spam
    (``RECHECK_RISK``), and nothing rewording cannot fix is in the way.

    Raises ``ValueError`` when ``d`` has no corrected text, ``KeyError`` naming a
    placeholder left empty.

    Example:
        >>> from diagnose import FailedMessage, diagnose
        >>> m = FailedMessage(body="Acme: your label: bit.ly/x1", error="4771")
        >>> d = diagnose(m)
        >>> d.rewrite.text, d.rewrite.passes
        ('Acme: your label: {link}', None)
        >>> recheck_rewrite(m, d, {"link": "https://acme.com/label/x1"}).passes
        True
    """
    if d.rewrite is None or d.rewrite.text is None:
        raise ValueError("this diagnosis has no corrected text to re-check")
    return _recheck(message, d.rewrite, [f.rule for f in d.findings], values or {}, model, rules)


def _recheck(
    message: FailedMessage,
    draft: Rewrite,
    before: Sequence[str],
    values: Mapping[str, str],
    model: Classifier | None,
    rules: Sequence[Rule],
) -> Rewrite:
    text = draft.filled(values)
    named = any(p.name == "brand" for p in draft.placeholders)  # the name they typed
    brand = message.brand or (named and (values.get("brand") or "").strip()) or None
    again = diagnose(
        replace(message, body=text, error=None, brand=brand),
        model=model,
        rules=rules,
        rewrite=False,
    )
    top = again.top
    risk = again.model.content_risk if again.model is not None else None
    flagged = (top.identified and top.cause in COMPLIANCE_CAUSES) or (
        risk is not None and risk >= RECHECK_RISK
    )
    remaining = tuple(dict.fromkeys(f.rule for f in again.findings))
    passes = (
        not draft.obstacles
        and fixable_ids(rules).isdisjoint(remaining)
        and set(before).issuperset(remaining)
        and not flagged
    )
    check = Recheck(
        top.cause, top.identified, top.basis, top.confidence, top.rules, risk, flagged, again.mode
    )
    parts = (text,) if draft.placeholders else draft.parts
    return replace(draft, parts=parts, passes=passes, remaining=remaining, recheck=check)


#: The rules that do not read the body, per rule list (usually the one registry).
_NO_BODY: dict[tuple[Rule, ...], tuple[Rule, ...]] = {}


def _without_body(rules: Sequence[Rule]) -> tuple[Rule, ...]:
    key = tuple(rules)
    kept = _NO_BODY.get(key)
    if kept is None:
        kept = _NO_BODY[key] = tuple(r for r in key if not r.reads_body)
    return kept


#: The advice per error object and the rules' requests, which repeat from message to
#: message (the result is immutable, so it is shared).
_NEEDS: IdentityMemo[tuple[ContextNeed, ...]] = IdentityMemo()


def _context_needs(
    message: FailedMessage, error: NormalisedError, needs: Sequence[NeedContext]
) -> tuple[ContextNeed, ...]:
    key = (message.error is None, message.body is None, tuple(needs))
    known = _NEEDS.get(error, key)
    if known is None:
        known = _NEEDS.put(error, key, _group_needs(key[0], key[1], error, needs))
    return known


def _group_needs(
    no_error: bool, no_body: bool, error: NormalisedError, needs: Sequence[NeedContext]
) -> tuple[ContextNeed, ...]:
    grouped: dict[str, list[str]] = {}
    if no_body:
        grouped["body"] = ["the message text shows content, opt-out and brand problems"]
    if no_error:
        grouped["error"] = ["the provider's error code or message says which causes to check"]
    elif error.status == "ambiguous":
        what = f"code {error.code}" if error.code else f"'{error.raw}'"
        grouped["provider"] = [f"{what} means different things at different providers"]
    for n in needs:
        reasons = grouped.setdefault(n.field, [])
        if n.reason not in reasons:
            reasons.append(n.reason)
    return tuple(ContextNeed(f, tuple(r)) for f, r in grouped.items())
