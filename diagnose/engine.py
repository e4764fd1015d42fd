"""``diagnose()``: one failed message in, a ``Diagnosis`` out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from diagnose.causes import COMPLIANCE_CAUSES, Cause
from diagnose.diagnosis import ContextNeed, Diagnosis, ModelBlock
from diagnose.errors.normalise import NormalisedError, generic_filter, normalise_error
from diagnose.explain import rank_causes
from diagnose.identity_memo import IdentityMemo
from diagnose.message import MAX_BODY_CHARS, FailedMessage, overlong_note
from diagnose.rewrite import suggest_rewrite
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

    ``rewrite=False`` skips the corrected message (it re-runs the rules on the new text);
    batch triage, which never shows it, uses that.
    """
    length = len(message.body) if message.body is not None else 0
    if length > MAX_BODY_CHARS:  # too long for any provider: read no further than that
        message = replace(message, body=message.body[:MAX_BODY_CHARS])  # type: ignore[index]
    error = normalise_error(message.error, message.provider)
    ctx = RuleContext(message)
    body_known = message.body is not None
    findings, needs = run_rules(rules if body_known else _without_body(rules), ctx)
    # The model reads the text: without it, it would judge an empty message (and say
    # "too short"), so an error-only diagnosis is the error's and the rules' alone.
    block = model.explain_one(message, findings, error) if model and body_known else None
    causes = rank_causes(error, findings, block.probabilities if block else None)
    notes = [error.note] if error.note else []
    if (
        generic_filter(error)
        and error.category is not Cause.UNKNOWN
        and not any(f.cause in _EXPLAINS_A_FILTER for f in findings)
    ):
        notes.append(OPAQUE_FILTER_NOTE)
    if not body_known:
        notes.append(NO_BODY_NOTE)
        if model is not None:
            notes.append("The model did not run: it reads the message text.")
    if length > MAX_BODY_CHARS:
        notes.append(overlong_note(length))
    if model is None:
        notes.append("Rules-only diagnosis: no trained model was loaded.")
    return Diagnosis(
        causes=causes,
        findings=tuple(findings),
        error=error,
        segments=ctx.segments if body_known else None,
        needs_context=_context_needs(message, error, needs),
        rewrite=suggest_rewrite(message, findings, rules) if rewrite else None,
        notes=tuple(notes),
        mode="rules+model" if model is not None else "rules-only",
        model=block,
    )


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
