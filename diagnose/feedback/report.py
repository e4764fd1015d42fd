"""What the verdicts say about the tool: per-rule precision, per-cause accuracy of the top
answer, the causes it misses most, and drift over time, each with its count and a Wilson
interval, and "not enough feedback yet" below ``MIN_FEEDBACK`` verdicts.

Only cases whose latest verdict names the real cause (confirmed, or wrong with the right
cause) count; "not sure" verdicts are reported as a number and used for nothing else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from diagnose.causes import CAUSES, Cause
from diagnose.feedback.records import Judged, VerdictKind
from diagnose.feedback.wilson import CONFIDENCE, wilson_interval
from diagnose.rules import RULES_BY_ID

#: Below this many verdicts a rate is shown as "not enough feedback yet".
MIN_FEEDBACK = 10
NOT_ENOUGH = "not enough feedback yet"
PERIODS = ("week", "month")


@dataclass(frozen=True, slots=True)
class Rate:
    """``hits`` of ``n``, the rate and its Wilson interval; ``enough`` says whether to show it."""

    key: str
    hits: int
    n: int
    min_count: int = MIN_FEEDBACK

    @property
    def rate(self) -> float | None:
        return self.hits / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.hits, self.n) if self.n else None

    @property
    def enough(self) -> bool:
        return self.n >= self.min_count

    def to_dict(self) -> dict[str, Any]:
        ci = self.interval
        return {
            "key": self.key,
            "hits": self.hits,
            "n": self.n,
            "rate": None if self.rate is None else round(self.rate, 4),
            "ci_low": None if ci is None else round(ci[0], 4),
            "ci_high": None if ci is None else round(ci[1], 4),
            "enough": self.enough,
        }

    def text(self) -> str:
        """``80.0% [49.0–94.3%] (8/10)``, or the count and "not enough feedback yet"."""
        if not self.enough:
            return f"{NOT_ENOUGH} ({self.hits}/{self.n}; {self.min_count} needed)"
        ci = self.interval
        assert ci is not None and self.rate is not None
        return f"{self.rate:6.1%} [{ci[0]:.1%}–{ci[1]:.1%}] ({self.hits}/{self.n})"


@dataclass(frozen=True, slots=True)
class RuleRate:
    """How often a rule's cause was the confirmed one when the rule fired."""

    rule: str
    name: str
    cause: str | None
    precision: Rate

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "cause": self.cause,
            **self.precision.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A confirmed cause the top answer missed, and what it said instead."""

    cause: str
    missed: int
    n: int
    instead: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause,
            "missed": self.missed,
            "n": self.n,
            "instead": [{"cause": c, "count": k} for c, k in self.instead],
        }


@dataclass(frozen=True, slots=True)
class FeedbackReport:
    """Everything ``feedback report`` and the Feedback page show."""

    judged: int
    verdicts: dict[str, int]
    min_count: int
    period: str
    overall: Rate
    rules: tuple[RuleRate, ...]
    causes: tuple[Rate, ...]
    misses: tuple[Miss, ...]
    drift: tuple[Rate, ...]
    by_version: tuple[Rate, ...]
    confidence: float = field(default=CONFIDENCE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "judged": self.judged,
            "verdicts": self.verdicts,
            "min_count": self.min_count,
            "confidence": self.confidence,
            "period": self.period,
            "top_answer_accuracy": self.overall.to_dict(),
            "rule_precision": [r.to_dict() for r in self.rules],
            "cause_accuracy": [c.to_dict() for c in self.causes],
            "misses": [m.to_dict() for m in self.misses],
            "drift": [d.to_dict() for d in self.drift],
            "by_version": [v.to_dict() for v in self.by_version],
        }


def period_key(at: datetime, period: str) -> str:
    """``2026-W49`` (ISO week) or ``2026-12``.

    Example:
        >>> period_key(datetime(2026, 12, 8), "week"), period_key(datetime(2026, 12, 8), "month")
        ('2026-W50', '2026-12')
    """
    if period == "month":
        return f"{at.year:04d}-{at.month:02d}"
    year, week, _ = at.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _grouped(
    rows: Sequence[Judged], key: Callable[[Judged], str], min_count: int
) -> tuple[Rate, ...]:
    hits: Counter[str] = Counter()
    n: Counter[str] = Counter()
    for r in rows:
        k = key(r)
        n[k] += 1
        hits[k] += r.top_right
    return tuple(Rate(k, hits[k], n[k], min_count) for k in sorted(n))


def build_report(
    rows: Sequence[Judged], *, min_count: int = MIN_FEEDBACK, period: str = "week"
) -> FeedbackReport:
    """The report over ``rows`` (``FeedbackStore.judged()``)."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    kinds = Counter(r.kind.value for r in rows)
    known = [r for r in rows if r.confirmed_cause is not None]

    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    rule_cause: dict[str, str | None] = {}
    for r in known:
        for rule, cause in dict(r.findings).items():  # a rule counts once per case
            fired[rule] += 1
            right[rule] += cause is not None and cause == r.confirmed_cause
            rule_cause[rule] = cause
    rules = tuple(
        sorted(
            (
                RuleRate(
                    rule,
                    RULES_BY_ID[rule].name if rule in RULES_BY_ID else "(retired rule)",
                    rule_cause[rule],
                    Rate(rule, right[rule], fired[rule], min_count),
                )
                for rule in fired
            ),
            key=lambda x: (-x.precision.n, x.rule),
        )
    )

    causes = tuple(
        sorted(
            _grouped(known, lambda r: str(r.confirmed_cause), min_count),
            key=lambda x: (-x.n, x.key),
        )
    )
    instead: dict[str, Counter[str]] = defaultdict(Counter)
    for r in known:
        if not r.top_right:
            instead[str(r.confirmed_cause)][r.top_cause or "(none)"] += 1
    misses = tuple(
        sorted(
            (
                Miss(c.key, c.n - c.hits, c.n, tuple(instead[c.key].most_common(3)))
                for c in causes
                if c.n > c.hits
            ),
            key=lambda m: (-m.missed, m.cause),
        )
    )
    return FeedbackReport(
        judged=len(known),
        verdicts={k.value: kinds.get(k.value, 0) for k in VerdictKind},
        min_count=min_count,
        period=period,
        overall=Rate("all", sum(r.top_right for r in known), len(known), min_count),
        rules=rules,
        causes=causes,
        misses=misses,
        drift=_grouped(known, lambda r: period_key(r.created_at, period), min_count),
        by_version=_grouped(
            known,
            lambda r: (
                r.model_version
                or (f"rules-only {r.tool_version}" if r.tool_version else "imported results")
            ),
            min_count,
        ),
    )


def _title(cause: str | None) -> str:
    try:
        return CAUSES[Cause(cause)].title if cause else "—"
    except ValueError:
        return str(cause)


def render_report(report: FeedbackReport) -> str:
    """The report as text for a terminal."""
    v = report.verdicts
    lines = [
        f"Feedback: {report.judged} cases with a confirmed cause "
        f"({v['confirmed']} confirmed, {v['wrong']} corrected; {v['not_sure']} not sure). "
        f"Rates with a {report.confidence:.0%} Wilson interval; "
        f"fewer than {report.min_count} verdicts: {NOT_ENOUGH}.",
        "",
        f"Top answer right: {report.overall.text()}",
        "",
        "Rule precision (the rule's cause was the confirmed one when it fired):",
    ]
    if not report.rules:
        lines.append(f"  {NOT_ENOUGH}: no rule fired on a judged case")
    for r in report.rules:
        lines.append(f"  {r.rule:7s} {r.name[:34]:34s} -> {r.cause!s:28s} {r.precision.text()}")
    lines += ["", "Top-answer accuracy by confirmed cause:"]
    if not report.causes:
        lines.append(f"  {NOT_ENOUGH}")
    for c in report.causes:
        lines.append(f"  {c.key:30s} {c.text()}")
    lines += ["", "Causes the tool misses most:"]
    if not report.misses:
        lines.append("  none missed" if report.judged else f"  {NOT_ENOUGH}")
    for m in report.misses:
        said = ", ".join(f"{c} ×{k}" for c, k in m.instead)
        lines.append(f"  {m.cause:30s} missed {m.missed} of {m.n}; the tool said: {said}")
    lines += ["", f"Drift (top answer right, by {report.period} diagnosed):"]
    if not report.drift:
        lines.append(f"  {NOT_ENOUGH}")
    for d in report.drift:
        lines.append(f"  {d.key:30s} {d.text()}")
    lines += ["", "By model version:"]
    for b in report.by_version:
        lines.append(f"  {b.key[:30]:30s} {b.text()}")
    return "\n".join(lines) + "\n"
