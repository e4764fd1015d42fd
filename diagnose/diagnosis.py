"""The result of a diagnosis: plain frozen values with an explicit ``to_dict()``.

The parts made several times per diagnosis (scores, causes, context needs) are named
tuples, which cost a third of a frozen dataclass to build.

Rendering (text, Streamlit, HTML) lives elsewhere. Every confidence keeps the terms it was
computed from, so "why is this ranked first?" always has an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from diagnose.causes import CAUSES, Actor, Cause
from diagnose.rules.base import Finding
from diagnose.verdict import Verdict, error_verdict

if TYPE_CHECKING:
    from diagnose.errors.normalise import NormalisedError
    from diagnose.text.segments import SegmentInfo

#: Bumped when the JSON form changes incompatibly.
SCHEMA_VERSION = 1


class ScoreTerms(NamedTuple):
    """The inputs of one cause's score, each in [0, 1] (``None``: that source was absent)."""

    error_prior: float | None
    rule_evidence: float | None
    model: float | None

    def to_dict(self) -> dict[str, float | None]:
        return {
            "error_prior": _round(self.error_prior),
            "rule_evidence": _round(self.rule_evidence),
            "model": _round(self.model),
        }


class RankedCause(NamedTuple):
    """One candidate explanation, with its evidence and fix.

    Title, explanation, who can act and fix come from the cause catalogue (``CAUSES``),
    so they are read from it rather than copied into every diagnosis. ``basis`` names the
    row of the decision table that placed it (``diagnose.explain.Basis``): causes are
    ranked by basis first, then by confidence.
    """

    cause: Cause
    confidence: float
    retryable: bool
    rules: tuple[str, ...]
    error_code: str | None
    terms: ScoreTerms
    basis: str = "other"

    @property
    def identified(self) -> bool:
        """False for the honest fallbacks: an unexplained filter verdict, or no cause."""
        return (
            self.basis not in ("unexplained_verdict", "nothing") and self.cause is not Cause.UNKNOWN
        )

    @property
    def title(self) -> str:
        return CAUSES[self.cause].title

    @property
    def who_can_act(self) -> tuple[Actor, ...]:
        return CAUSES[self.cause].who_can_act

    @property
    def explanation(self) -> str:
        return CAUSES[self.cause].explanation

    @property
    def fix(self) -> str:
        return CAUSES[self.cause].fix

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause.value,
            "title": self.title,
            "confidence": _round(self.confidence),
            "who_can_act": [a.value for a in self.who_can_act],
            "retryable": self.retryable,
            "explanation": self.explanation,
            "fix": self.fix,
            "evidence": {"rules": list(self.rules), "error_code": self.error_code},
            "basis": self.basis,
            "identified": self.identified,
            "terms": self.terms.to_dict(),
        }


class ContextNeed(NamedTuple):
    """A message field that, if known, could change the answer."""

    field: str
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A corrected message and what was changed; ``passes`` is re-checked, not assumed."""

    text: str
    changes: tuple[str, ...]
    passes: bool
    remaining: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "changes": list(self.changes),
            "passes": self.passes,
            "remaining_rules": list(self.remaining),
        }


@dataclass(frozen=True, slots=True)
class FeatureContribution:
    """One model feature's push towards the chosen cause, in words, with body spans."""

    feature: str
    description: str
    weight: float
    spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "description": self.description,
            "weight": _round(self.weight),
            "spans": [list(s) for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class ModelBlock:
    """What the trained classifier said about this message."""

    version: str
    probabilities: dict[Cause, float]
    content_risk: float
    top_features: tuple[FeatureContribution, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "probabilities": {c.value: _round(p) for c, p in self.probabilities.items()},
            "content_risk": _round(self.content_risk),
            "top_features": [f.to_dict() for f in self.top_features],
        }


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Ranked causes, the evidence behind them, and the fix.

    Example:
        >>> from diagnose import FailedMessage, diagnose
        >>> d = diagnose(FailedMessage(body="Hi", error="21610"))
        >>> d.causes[0].cause.value
        'opted_out_recipient'
    """

    causes: tuple[RankedCause, ...]
    findings: tuple[Finding, ...]
    error: NormalisedError
    segments: SegmentInfo | None
    needs_context: tuple[ContextNeed, ...]
    rewrite: Rewrite | None
    notes: tuple[str, ...]
    mode: str
    model: ModelBlock | None = None
    id: str | None = field(default=None)

    @property
    def top(self) -> RankedCause:
        return self.causes[0]

    @property
    def verdict(self) -> Verdict:
        """What the carrier or provider did, read from the error (not from the causes)."""
        return error_verdict(self.error)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "mode": self.mode,
            "verdict": self.verdict.value,
            "top_cause": self.causes[0].cause.value,
            "causes": [c.to_dict() for c in self.causes],
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error.to_dict(),
            "segments": self.segments.to_dict() if self.segments is not None else None,
            "needs_context": [n.to_dict() for n in self.needs_context],
            "rewrite": self.rewrite.to_dict() if self.rewrite else None,
            "notes": list(self.notes),
            "model": self.model.to_dict() if self.model else None,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)
