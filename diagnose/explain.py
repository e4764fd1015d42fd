"""Rank the causes that explain a failed message: a decision table, then a score.

The provider's error gives a *verdict* (what was done to the message: filtered, blocked,
rejected, ...) and, when the code is specific, a cause. The rules and the model give
*evidence*. Causes are ranked first by the row of this table that places them (``Basis``),
then by confidence:

==================  =====================================================================
basis               when
==================  =====================================================================
explains_code       a blocker finding says why a specific code was returned (a carrier
                    block on a recipient whose history shows STOP: the opt-out)
error_code          a specific, known code names this cause (21610 -> opted out), or one
                    of a few readings of a code that providers use differently; it
                    dominates every other finding (a status word providers file
                    differently, "Blocked", is a verdict the findings explain first)
blocker_finding     a blocker rule found this cause, and the cause can explain the verdict
likely_finding      a likely rule found it (same condition)
model_suspicion     no rule found it, but the model gives it at least ``SUSPICION``, and
                    the cause can explain the verdict
advisory_finding    an advisory rule found it (same condition)
unexplained_verdict the honest fallback: "filtered, and no rule explains why"
                    (``spam_like_content`` under a generic filter code) or ``unknown``
other               everything else: findings that cannot explain this verdict (an invalid
                    number under a content filter), a code's weaker readings
==================  =====================================================================

So a generic filter verdict (Twilio 30007, Bandwidth 4770, ``TEXT_SPAM``) never competes
with its explanations; an unknown error ("Delivery Failed") never outranks a finding; the
model may reorder causes within a row and surface a cause where no rule fires, but never
outranks a blocker finding or a specific code. With no error, the findings decide.

Within a row, each cause's score is a noisy-OR of independent-looking evidence,

    score = 1 - (1 - prior) * (1 - k * rules) * (1 - k * w * model)

where ``k`` is how compatible the cause is with the error. The fallback's prior shrinks with
each finding that explains the verdict. The confidence shown is the score, capped so that it
never rises down the list; the terms are kept beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from types import MappingProxyType

from diagnose.causes import CAUSES, COMPLIANCE_CAUSES, Cause
from diagnose.diagnosis import RankedCause, ScoreTerms
from diagnose.errors.normalise import NormalisedError, generic_filter
from diagnose.identity_memo import IdentityMemo
from diagnose.rules.base import Finding, Severity

#: How strongly one finding of each severity supports its cause (compliance-rules.md
#: "Severity": a blocker is refused outright; likely-filter is widely reported; advisory is
#: best practice).
SEVERITY_WEIGHT: dict[Severity, float] = {
    Severity.BLOCKER: 0.9,
    Severity.LIKELY: 0.6,
    Severity.ADVISORY: 0.25,
}
#: Prior for the category a specific, known code maps to, and for its secondary category.
SPECIFIC_PRIOR = 0.9
SECONDARY_PRIOR = 0.45
#: Prior for an opaque filter verdict (30007, 4770, TEXT_SPAM) that nothing explains.
GENERIC_FILTER_PRIOR = 0.5
#: Prior for each reading of a code that several providers use differently.
AMBIGUOUS_PRIOR = 0.3
#: Prior for "unknown" when the provider gave no reason ("Delivery Failed", 30008).
UNKNOWN_PRIOR = 0.35
#: Weight of evidence for causes the error does not point to.
INCOMPATIBLE = 0.35
#: Weight of the model term relative to a rule finding (tuned on the generated validation
#: split only: ``sms-diagnose train`` prints the grid).
MODEL_WEIGHT = 0.75
#: With a model, rule evidence counts half: the model already reads the rule hits as
#: features, so full weight would count the same evidence twice (validation split again).
RULE_SCALE_WITH_MODEL = 0.5
#: The model's probability from which a cause no rule found is a suspicion worth ranking
#: above the unexplained verdict (a calibrated probability: more likely than not).
SUSPICION = 0.5
#: Causes below this confidence are not listed (except the top one).
MIN_CONFIDENCE = 0.05


class Basis(StrEnum):
    """The row of the decision table that placed a cause, best first."""

    EXPLAINS_CODE = "explains_code"
    ERROR_CODE = "error_code"
    BLOCKER_FINDING = "blocker_finding"
    LIKELY_FINDING = "likely_finding"
    MODEL_SUSPICION = "model_suspicion"
    ADVISORY_FINDING = "advisory_finding"
    UNEXPLAINED_VERDICT = "unexplained_verdict"
    OTHER = "other"


TIER: Mapping[Basis, int] = MappingProxyType({b: i for i, b in enumerate(Basis)})
#: How each row reads on screen ("why is this first?").
BASIS_LABELS: Mapping[Basis, str] = MappingProxyType(
    {
        Basis.EXPLAINS_CODE: "a blocker rule found why the error code was returned",
        Basis.ERROR_CODE: "named by the error code",
        Basis.BLOCKER_FINDING: "a blocker rule found it in the message",
        Basis.LIKELY_FINDING: "a rule found it in the message",
        Basis.MODEL_SUSPICION: "suspected by the model; no rule found it",
        Basis.ADVISORY_FINDING: "an advisory rule found it",
        Basis.UNEXPLAINED_VERDICT: "nothing in the message or context explains the verdict",
        Basis.OTHER: "weak or unrelated evidence",
    }
)
#: Causes shown by default; the rest on request.
SHOWN_CAUSES = 3
_BY_SEVERITY = {
    Severity.BLOCKER: Basis.BLOCKER_FINDING,
    Severity.LIKELY: Basis.LIKELY_FINDING,
    Severity.ADVISORY: Basis.ADVISORY_FINDING,
}
_SEVERITY_RANK = {Severity.BLOCKER: 0, Severity.LIKELY: 1, Severity.ADVISORY: 2}

#: A specific code's cause that a blocker finding can explain: a block of the sender for
#: this recipient, or of the recipient's line, is, when the history shows a STOP, the
#: recipient's own opt-out (carriers and providers enforce a STOP as a block).
REFINES: Mapping[Cause, frozenset[Cause]] = MappingProxyType(
    {
        Cause.RECIPIENT_BLOCKED: frozenset({Cause.OPTED_OUT_RECIPIENT}),
        Cause.SENDER_BLOCKED: frozenset({Cause.OPTED_OUT_RECIPIENT}),
    }
)
#: More distinct readings than this and a code says nothing (a bare "1" is listed by half
#: the providers): the error is then read as unknown.
MAX_READINGS = 3

#: Causes a content filter acts on: what can explain a generic filter verdict.
FILTER_EXPLAINS: frozenset[Cause] = COMPLIANCE_CAUSES | {
    Cause.SENDER_NOT_REGISTERED,
    Cause.OPTED_OUT_RECIPIENT,
}
_ORDER = {c: i for i, c in enumerate(Cause)}
_ALL = frozenset(Cause)

_EVERY: Mapping[Cause, float] = MappingProxyType(dict.fromkeys(Cause, 1.0))
_GENERIC_COMPAT: Mapping[Cause, float] = MappingProxyType(
    {c: (1.0 if c in FILTER_EXPLAINS else INCOMPATIBLE) for c in Cause}
)


@dataclass(frozen=True, slots=True)
class Frame:
    """What an error makes of the evidence: the table's inputs, computed once per error.

    ``priors`` and ``compat`` feed the score; ``code`` are the causes the error itself
    names (row ``error_code``); ``explains`` the causes whose findings or suspicions can
    explain the verdict; ``fallback`` the cause of the ``unexplained_verdict`` row;
    ``refined_by`` the causes whose blocker findings say why the code was returned (row
    ``explains_code``).
    """

    priors: Mapping[Cause, float]
    compat: Mapping[Cause, float]
    code: frozenset[Cause]
    explains: frozenset[Cause]
    fallback: Cause | None
    refined_by: frozenset[Cause] = frozenset()


@lru_cache(maxsize=4096)
def frame_of(error: NormalisedError) -> Frame:
    """The decision table's view of one error (read-only, shared)."""
    readings = frozenset(c.category for c in error.candidates if c.category is not None)
    if error.status != "ambiguous":
        readings = frozenset()
    if error.category in (None, Cause.UNKNOWN) and 1 < len(readings) <= MAX_READINGS:
        # The providers disagree: each reading is possible, none is likely.
        ordered = sorted(readings, key=lambda c: _ORDER[c])
        priors = MappingProxyType(dict.fromkeys(ordered, AMBIGUOUS_PRIOR))
        if error.code is None:
            # A status word several providers file under different causes ("Blocked"):
            # a verdict with no cause of its own, so the text's findings explain it first.
            return Frame(priors, _EVERY, frozenset(), _ALL, Cause.UNKNOWN)
        return Frame(priors, _EVERY, readings - {Cause.UNKNOWN}, _ALL, Cause.UNKNOWN)
    if error.status == "none" or error.category is None:
        # No error, or a status that is not one (delivered): the findings decide.
        return Frame(MappingProxyType({}), _EVERY, frozenset(), _ALL, Cause.UNKNOWN)
    if error.category is Cause.UNKNOWN:
        # Too many readings to choose from: still listed, weakly, below every finding.
        weak = dict.fromkeys(sorted(readings - {Cause.UNKNOWN}, key=lambda c: _ORDER[c]), 0.1)
        priors = MappingProxyType({Cause.UNKNOWN: UNKNOWN_PRIOR, **weak})
        return Frame(priors, _EVERY, frozenset(), _ALL, Cause.UNKNOWN)
    if generic_filter(error):
        fallback = error.category
        # The code's usual causes (also_category) are not evidence: the body decides, and
        # the fallback stands for "filtered, and nothing shows why".
        prior: dict[Cause, float] = {fallback: GENERIC_FILTER_PRIOR}
        return Frame(
            MappingProxyType(prior), _GENERIC_COMPAT, frozenset(), FILTER_EXPLAINS, fallback
        )
    first = SPECIFIC_PRIOR if error.status == "known" else GENERIC_FILTER_PRIOR
    named: dict[Cause, float] = {error.category: first}
    compat = dict.fromkeys(Cause, INCOMPATIBLE)
    compat[error.category] = 1.0
    for also in error.also_category:
        named[also] = SECONDARY_PRIOR
        compat[also] = 1.0
    refined_by = REFINES.get(error.category, frozenset())
    for cause in refined_by:
        compat[cause] = 1.0
    return Frame(
        MappingProxyType(named),
        MappingProxyType(compat),
        frozenset({error.category}),
        frozenset(error.also_category) | refined_by,
        None,
        refined_by,
    )


def error_priors(error: NormalisedError) -> tuple[Mapping[Cause, float], Mapping[Cause, float]]:
    """(prior per cause, compatibility per cause) for the reported error (read-only maps)."""
    frame = frame_of(error)
    return frame.priors, frame.compat


#: ``frame_of`` by identity first: ``normalise_error`` hands out cached objects, and
#: hashing one (with its candidate rows) costs more than the lookup it serves.
_FRAMES: IdentityMemo[Frame] = IdentityMemo()
#: Rules-only rankings per error object and findings signature (see ``rank_causes``).
_RANKED: IdentityMemo[tuple[RankedCause, ...]] = IdentityMemo()


def _frame(error: NormalisedError) -> Frame:
    return _FRAMES.get(error) or _FRAMES.put(error, None, frame_of(error))


def rule_evidence(
    findings: Iterable[Finding], scale: float = 1.0
) -> tuple[dict[Cause, float], dict[Cause, list[str]]]:
    """Noisy-OR of finding weights per cause, and the rule ids behind each."""
    miss: dict[Cause, float] = {}
    rules: dict[Cause, list[str]] = {}
    for f in findings:
        miss[f.cause] = miss.get(f.cause, 1.0) * (1.0 - scale * SEVERITY_WEIGHT[f.severity])
        ids = rules.setdefault(f.cause, [])
        if f.rule not in ids:
            ids.append(f.rule)
    return {c: 1.0 - m for c, m in miss.items()}, rules


def strongest(findings: Iterable[Finding]) -> dict[Cause, Severity]:
    """The most severe finding per cause."""
    out: dict[Cause, Severity] = {}
    for f in findings:
        held = out.get(f.cause)
        if held is None or _SEVERITY_RANK[f.severity] < _SEVERITY_RANK[held]:
            out[f.cause] = f.severity
    return out


def rule_basis(frame: Frame, cause: Cause, severity: Severity | None) -> Basis:
    """The row a cause takes from the error and the rules alone (no model)."""
    if severity is Severity.BLOCKER and cause in frame.refined_by:
        return Basis.EXPLAINS_CODE
    if cause in frame.code:
        return Basis.ERROR_CODE
    if severity is not None and cause in frame.explains:
        return _BY_SEVERITY[severity]
    if cause is frame.fallback:
        return Basis.UNEXPLAINED_VERDICT
    return Basis.OTHER


#: Causes a message's text can show, the only ones the model may lift on its own: it reads
#: the body, and a body says nothing of whether its recipient opted out, its number exists
#: or its sender is registered (the rules and the error say those).
MODEL_LIFTS: frozenset[Cause] = COMPLIANCE_CAUSES | {Cause.CONTENT_TOO_LONG_OR_ENCODING}


def suspicion_allowed(frame: Frame, cause: Cause, basis: Basis) -> bool:
    """Whether a strong model probability may lift ``cause`` to ``model_suspicion``."""
    # The fallback too: "the model reads this text as spam" is a suspicion, not the opaque
    # "nothing explains it", and it outranks an advisory hint.
    return (
        TIER[basis] > TIER[Basis.MODEL_SUSPICION]
        and cause in MODEL_LIFTS
        and (cause in frame.explains or cause is frame.fallback)
    )


def fallback_prior(frame: Frame, severities: Mapping[Cause, Severity]) -> float | None:
    """The fallback's prior, shrunk by every cause a finding already explains the verdict
    with (the verdict is less likely to be unexplained the more the body shows)."""
    if frame.fallback is None:
        return None
    prior = frame.priors.get(frame.fallback, 0.0)
    for cause, severity in severities.items():
        if cause is not frame.fallback and cause in frame.explains:
            prior *= 1.0 - SEVERITY_WEIGHT[severity]
    return prior


_EVIDENCE_OF = itemgetter(0, 2, 3)


def evidence_of(findings: Iterable[Finding]) -> tuple[tuple[str, Cause, Severity], ...]:
    """What a rules-only ranking reads of the findings: each one's rule, cause and severity."""
    return tuple(map(_EVIDENCE_OF, findings))


def rank_causes(
    error: NormalisedError,
    findings: Sequence[Finding],
    model_probabilities: Mapping[Cause, float] | None = None,
    *,
    limit: int | None = None,
) -> tuple[RankedCause, ...]:
    """Causes ranked best first; always at least one (``unknown`` when nothing points anywhere).

    ``limit`` keeps only the first few (batch triage needs two); the scores are the same.
    """
    if model_probabilities is not None:
        return _rank(error, findings, model_probabilities, limit)
    # Without a model the ranking is a function of the error and each finding's (rule,
    # cause, severity), and few such combinations occur: kept per error object (cached by
    # ``normalise_error``), like its frame. The result is immutable, so it can be shared.
    key = (evidence_of(findings), limit)
    return _RANKED.get(error, key) or _RANKED.put(error, key, _rank(error, findings, None, limit))


def _rank(
    error: NormalisedError,
    findings: Sequence[Finding],
    model_probabilities: Mapping[Cause, float] | None,
    limit: int | None,
) -> tuple[RankedCause, ...]:
    frame = _frame(error)
    priors, compat = frame.priors, frame.compat
    severities = strongest(findings)
    fallback = fallback_prior(frame, severities)
    if fallback is not None:
        priors = {**priors, frame.fallback: fallback}  # type: ignore[dict-item]
    scale = RULE_SCALE_WITH_MODEL if model_probabilities is not None else 1.0
    evidence, rule_ids = rule_evidence(findings, scale)
    candidates = dict.fromkeys([*priors, *evidence])
    if frame.fallback is not None:
        candidates[frame.fallback] = None
    if model_probabilities is not None:
        candidates.update((c, None) for c, p in model_probabilities.items() if p > 0.0)
    # Scores first, objects only for what is kept: with a model every cause is a candidate.
    scored: list[tuple[int, float, int, Cause, Basis]] = []
    for cause in candidates:
        k = compat[cause]
        miss = (1.0 - priors.get(cause, 0.0)) * (1.0 - k * evidence.get(cause, 0.0))
        basis = rule_basis(frame, cause, severities.get(cause))
        if model_probabilities is not None:
            p = model_probabilities.get(cause, 0.0)
            miss *= 1.0 - k * MODEL_WEIGHT * p
            if p >= SUSPICION and suspicion_allowed(frame, cause, basis):
                basis = Basis.MODEL_SUSPICION
        scored.append((-TIER[basis], min(1.0 - miss, 0.99), -_ORDER[cause], cause, basis))
    scored.sort(reverse=True)
    code = error.code if error.status != "none" else None
    out: list[RankedCause] = []
    shown = 1.0
    for _, score, _, cause, basis in scored:
        if out and (score < MIN_CONFIDENCE or len(out) == limit):
            if len(out) == limit:
                break
            continue
        shown = min(score, shown)
        model = model_probabilities.get(cause) if model_probabilities is not None else None
        out.append(
            RankedCause(
                cause,
                shown,
                CAUSES[cause].retryable,
                tuple(rule_ids.get(cause, ())),
                code if cause in priors else None,
                ScoreTerms(priors.get(cause), evidence.get(cause), model),
                basis.value,
            )
        )
    return tuple(out)
