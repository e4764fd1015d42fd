"""The result of a diagnosis: plain frozen values with an explicit ``to_dict()``.

The parts made several times per diagnosis (scores, causes, context needs) are named
tuples, which cost a third of a frozen dataclass to build.

Rendering (text, Streamlit, HTML) lives elsewhere. Every confidence keeps the terms it was
computed from, so "why is this ranked first?" always has an answer.
"""

from __future__ import annotations

from collections.abc import Mapping
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


class Placeholder(NamedTuple):
    """A part of the corrected message only the sender can write: the link on their own
    domain, the business name, what the offer is. It is a field to fill in, never text:
    a corrected message with an empty placeholder is not scored."""

    name: str
    prompt: str
    replaces: str = ""

    @property
    def token(self) -> str:
        """How the placeholder reads inside ``Rewrite.text``: ``{link}``."""
        return "{" + self.name + "}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "prompt": self.prompt, "replaces": self.replaces}


class Obstacle(NamedTuple):
    """A reason no rewording makes the message sendable, and what must change instead (a
    registered campaign type, removing the offer, consent, a corrected number)."""

    cause: Cause
    rule: str | None
    what_must_change: str
    #: True when the content itself is refused (cannabis, phishing): no wording of it passes.
    #: False for what is not in the text at all (an opt-out, consent, the sender).
    content: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause.value,
            "rule": self.rule,
            "what_must_change": self.what_must_change,
            "content": self.content,
        }


class Recheck(NamedTuple):
    """The corrected message diagnosed again as a new send: the same context, no error
    (the old one was returned for the old text), the rules and, when loaded, the model.

    ``flagged`` is what the corrected message's label rests on: the re-check ranks a
    compliance cause first, or the model reads the text as spam.
    """

    top_cause: Cause
    identified: bool
    basis: str
    confidence: float
    rules: tuple[str, ...]
    content_risk: float | None
    flagged: bool
    mode: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "top_cause": self.top_cause.value,
            "identified": self.identified,
            "basis": self.basis,
            "confidence": _round(self.confidence),
            "rules": list(self.rules),
            "content_risk": _round(self.content_risk),
            "flagged": self.flagged,
            "mode": self.mode,
        }


@dataclass(frozen=True, slots=True)
class Rewrite:
    """The corrected message, what was changed, and whether it passes.

    ``parts`` is the text with its placeholders (``Placeholder``) in place; ``text`` shows
    them as ``{name}``. ``passes`` is the re-check's answer (``recheck``), never assumed:
    ``None`` while a placeholder is unfilled (nothing is scored) or when there is no text,
    ``False`` whenever something rewording cannot fix remains (``obstacles``). With
    obstacles from the content itself (cannabis, phishing, payday loans) there is no text
    at all: no wording of that offer is sendable.
    """

    parts: tuple[str | Placeholder, ...]
    changes: tuple[str, ...]
    passes: bool | None
    remaining: tuple[str, ...]
    obstacles: tuple[Obstacle, ...] = ()
    recheck: Recheck | None = None

    @property
    def text(self) -> str | None:
        if not self.parts:
            return None
        return "".join(p if isinstance(p, str) else p.token for p in self.parts)

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p for p in self.parts if isinstance(p, Placeholder))

    def filled(self, values: Mapping[str, str]) -> str:
        """The text with each placeholder replaced by ``values[name]`` (stripped).

        Raises ``KeyError`` naming the first placeholder left empty.
        """
        out: list[str] = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
                continue
            value = (values.get(p.name) or "").strip()
            if not value:
                raise KeyError(p.name)
            out.append(value)
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "changes": list(self.changes),
            "passes": self.passes,
            "remaining_rules": list(self.remaining),
            "placeholders": [p.to_dict() for p in self.placeholders],
            "cannot_reword": [o.to_dict() for o in self.obstacles],
            "recheck": self.recheck.to_dict() if self.recheck else None,
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
