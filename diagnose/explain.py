"""Merge the error-code prior, rule findings and model probabilities into ranked causes.

Each cause's confidence is a noisy-OR of three independent-looking pieces of evidence,

    confidence = 1 - (1 - prior) * (1 - k * rules) * (1 - k * w * model)

where ``k`` is how compatible the cause is with the error the provider reported (a
specific code like 21610 leaves little room for other causes; a generic filter code like
30007 is a symptom whose cause is sought in the body). The terms are kept beside the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
#: Prior for an opaque filter verdict (30007, 4770, TEXT_SPAM): probable, never certain.
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
#: Causes below this confidence are not listed (except the top one).
MIN_CONFIDENCE = 0.05

_GENERIC_COMPATIBLE = COMPLIANCE_CAUSES | {Cause.SENDER_NOT_REGISTERED, Cause.OPTED_OUT_RECIPIENT}
_ORDER = {c: i for i, c in enumerate(Cause)}


_EVERY: Mapping[Cause, float] = MappingProxyType(dict.fromkeys(Cause, 1.0))
_GENERIC_COMPAT: Mapping[Cause, float] = MappingProxyType(
    {c: (1.0 if c in _GENERIC_COMPATIBLE else INCOMPATIBLE) for c in Cause}
)


@lru_cache(maxsize=4096)
def error_priors(error: NormalisedError) -> tuple[Mapping[Cause, float], Mapping[Cause, float]]:
    """(prior per cause, compatibility per cause) for the reported error (read-only maps)."""
    if error.status == "ambiguous" and error.category in (None, Cause.UNKNOWN):
        # The providers disagree: each reading is possible, none is likely.
        cats = {c.category for c in error.candidates if c.category is not None}
        return MappingProxyType(dict.fromkeys(cats, AMBIGUOUS_PRIOR)), _EVERY
    if error.status == "none" or error.category is None:
        return MappingProxyType({}), _EVERY
    if error.category is Cause.UNKNOWN:
        return MappingProxyType({Cause.UNKNOWN: UNKNOWN_PRIOR}), _EVERY
    priors: dict[Cause, float]
    if generic_filter(error):
        priors = {error.category: GENERIC_FILTER_PRIOR}
        for also in error.also_category:
            priors[also] = max(priors.get(also, 0.0), 0.3)
        return MappingProxyType(priors), _GENERIC_COMPAT
    prior = SPECIFIC_PRIOR if error.status == "known" else GENERIC_FILTER_PRIOR
    priors = {error.category: prior}
    compat = dict.fromkeys(Cause, INCOMPATIBLE)
    compat[error.category] = 1.0
    for also in error.also_category:
        priors[also] = SECONDARY_PRIOR
        compat[also] = 1.0
    return MappingProxyType(priors), MappingProxyType(compat)


_Priors = tuple[Mapping[Cause, float], Mapping[Cause, float]]
#: ``error_priors`` by identity first: ``normalise_error`` hands out cached objects, and
#: hashing one (with its candidate rows) costs more than the lookup it serves.
_PRIORS: IdentityMemo[_Priors] = IdentityMemo()
#: Rules-only rankings per error object and findings signature (see ``rank_causes``).
_RANKED: IdentityMemo[tuple[RankedCause, ...]] = IdentityMemo()


def _priors_of(error: NormalisedError) -> _Priors:
    return _PRIORS.get(error) or _PRIORS.put(error, None, error_priors(error))


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


#: What a rules-only ranking reads of one finding: its rule, cause and severity.
_EVIDENCE_OF = itemgetter(0, 2, 3)


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
    # ``normalise_error``), like its priors. The result is immutable, so it can be shared.
    key = (tuple(map(_EVIDENCE_OF, findings)), limit)
    return _RANKED.get(error, key) or _RANKED.put(error, key, _rank(error, findings, None, limit))


def _rank(
    error: NormalisedError,
    findings: Sequence[Finding],
    model_probabilities: Mapping[Cause, float] | None,
    limit: int | None,
) -> tuple[RankedCause, ...]:
    priors, compat = _priors_of(error)
    scale = RULE_SCALE_WITH_MODEL if model_probabilities is not None else 1.0
    evidence, rule_ids = rule_evidence(findings, scale)
    candidates = {**priors, **evidence}
    if model_probabilities is not None:
        candidates.update((c, p) for c, p in model_probabilities.items() if p > 0.0)
    # Scores first, objects only for what is kept: with a model every cause is a candidate.
    scored: list[tuple[float, int, Cause]] = []
    for cause in candidates:
        k = compat[cause]
        miss = (1.0 - priors.get(cause, 0.0)) * (1.0 - k * evidence.get(cause, 0.0))
        if model_probabilities is not None:
            miss *= 1.0 - k * MODEL_WEIGHT * model_probabilities.get(cause, 0.0)
        scored.append((min(1.0 - miss, 0.99), -_ORDER[cause], cause))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < MIN_CONFIDENCE:
        # Nothing points anywhere: say "unknown" rather than invent a cause.
        scored = [(0.0, 0, Cause.UNKNOWN)]
    code = error.code if error.status != "none" else None
    out: list[RankedCause] = []
    for confidence, _, cause in scored:
        if out and (confidence < MIN_CONFIDENCE or len(out) == limit):
            break
        info = CAUSES[cause]
        retryable = info.retryable
        if cause is error.category and error.retryable is not None:
            retryable = error.retryable
        model = model_probabilities.get(cause) if model_probabilities is not None else None
        out.append(
            RankedCause(
                cause,
                confidence,
                retryable,
                tuple(rule_ids.get(cause, ())),
                code if cause in priors else None,
                ScoreTerms(priors.get(cause), evidence.get(cause), model),
            )
        )
    return tuple(out)
