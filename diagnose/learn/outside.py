"""Score the diagnosis on outside cases: failed messages from public reports, frozen.

A case (``eval/outside_cases.jsonl``) holds the tool's input as the source states it, the
``expected`` cause, ``acceptable`` alternatives and ``forbidden`` causes at the top. Three
arms are scored, as in the ablation on generated data: rules only (no model), the model's
own most probable cause, and rules + model as ``diagnose()`` ranks them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diagnose.case_files import load_cases_with
from diagnose.causes import Cause, parse_cause
from diagnose.diagnosis import Diagnosis
from diagnose.engine import Classifier, diagnose
from diagnose.message import FailedMessage, InputError

ARMS = ("rules_only", "model_only", "rules_plus_model")
#: The frozen set built for the evidence-first ranking (issue 13), beside the repository.
OUTSIDE_CASES = Path(__file__).resolve().parents[2] / "eval" / "outside_cases.jsonl"


@dataclass(frozen=True, slots=True)
class OutsideCase:
    """One frozen case: input, expected answer and where it came from."""

    id: str
    source_url: str
    source_type: str
    input: Mapping[str, Any]
    expected: Cause
    acceptable: frozenset[Cause]
    forbidden: frozenset[Cause]
    expected_verdict: str | None


def load_cases(path: Path | str) -> list[OutsideCase]:
    """Read a cases file (JSON Lines; ``//`` comment lines and blank lines skipped)."""

    def make(raw: Any) -> OutsideCase:
        return OutsideCase(
            id=str(raw["id"]),
            source_url=str(raw.get("source_url", "")),
            source_type=str(raw.get("source_type", "unknown")),
            input=raw["input"],
            expected=parse_cause(raw["expected"]),
            acceptable=frozenset(parse_cause(c) for c in raw.get("acceptable", ())),
            forbidden=frozenset(parse_cause(c) for c in raw.get("forbidden", ())),
            expected_verdict=raw.get("expected_verdict"),
        )

    return load_cases_with(path, make)


def case_message(case: OutsideCase) -> FailedMessage:
    """The case's input as a ``FailedMessage``; raises ``InputError`` if the tool refuses it."""
    return FailedMessage.from_dict(case.input)


@dataclass(frozen=True, slots=True)
class CaseResult:
    """What each arm put on top for one case (None: the input was refused)."""

    case: OutsideCase
    top: Mapping[str, Cause | None]
    top3: Mapping[str, tuple[Cause, ...]]
    verdict: str | None
    refused: str | None

    def hit(self, arm: str) -> bool:
        return self.top[arm] is self.case.expected

    def fair(self, arm: str) -> bool:
        top = self.top[arm]
        return top is self.case.expected or top in self.case.acceptable

    def in_top3(self, arm: str) -> bool:
        return self.case.expected in self.top3[arm]

    def forbidden(self, arm: str) -> bool:
        return self.top[arm] in self.case.forbidden


def run_case(case: OutsideCase, model: Classifier | None) -> CaseResult:
    """Diagnose one case in every arm the model allows."""
    try:
        message = case_message(case)
    except InputError as exc:
        none: dict[str, Cause | None] = dict.fromkeys(ARMS)
        return CaseResult(case, none, dict.fromkeys(ARMS, ()), None, str(exc))
    rules = diagnose(message, rewrite=False)
    top: dict[str, Cause | None] = {"rules_only": rules.top.cause}
    top3: dict[str, tuple[Cause, ...]] = {"rules_only": _top3(rules)}
    verdict = _verdict(rules)
    if model is not None:
        both = diagnose(message, model=model, rewrite=False)
        probs = both.model.probabilities if both.model else {}
        ranked = sorted(probs, key=lambda c: -probs[c])
        top["model_only"] = ranked[0] if ranked else None
        top3["model_only"] = tuple(ranked[:3])
        top["rules_plus_model"] = both.top.cause
        top3["rules_plus_model"] = _top3(both)
        verdict = _verdict(both)
    return CaseResult(case, top, top3, verdict, None)


def _top3(d: Diagnosis) -> tuple[Cause, ...]:
    return tuple(c.cause for c in d.causes[:3])


def _verdict(d: Diagnosis) -> str | None:
    verdict = getattr(d, "verdict", None)
    return str(verdict.value) if verdict is not None else None


def score(results: Sequence[CaseResult]) -> dict[str, Any]:
    """Rates per arm, overall and by source type, plus the failing case ids."""
    arms = [a for a in ARMS if all(a in r.top for r in results)] if results else []
    out: dict[str, Any] = {"n": len(results), "refused": [r.case.id for r in results if r.refused]}
    for arm in arms:
        out[arm] = _rates(results, arm)
        groups: dict[str, list[CaseResult]] = defaultdict(list)
        for r in results:
            groups[r.case.source_type].append(r)
        out[arm]["by_source_type"] = {k: _rates(v, arm, short=True) for k, v in groups.items()}
    with_verdict = [r for r in results if r.case.expected_verdict and r.verdict is not None]
    if with_verdict:
        right = sum(r.verdict == r.case.expected_verdict for r in with_verdict)
        out["verdict"] = {"n": len(with_verdict), "accuracy": round(right / len(with_verdict), 4)}
    return out


def _rates(results: Iterable[CaseResult], arm: str, *, short: bool = False) -> dict[str, Any]:
    rs = list(results)
    n = len(rs) or 1
    rates: dict[str, Any] = {
        "n": len(rs),
        "top1": round(sum(r.hit(arm) for r in rs) / n, 4),
        "top1_or_acceptable": round(sum(r.fair(arm) for r in rs) / n, 4),
        "top3": round(sum(r.in_top3(arm) for r in rs) / n, 4),
        "forbidden_at_top": sum(r.forbidden(arm) for r in rs),
    }
    if not short:
        rates["misses"] = [
            {
                "id": r.case.id,
                "expected": r.case.expected.value,
                "got": _value(r.top[arm]),
                "forbidden": r.forbidden(arm),
            }
            for r in rs
            if not r.fair(arm)
        ]
        rates["top_causes"] = dict(Counter(_value(r.top[arm]) for r in rs))
    return rates


def _value(cause: Cause | None) -> str | None:
    return cause.value if cause is not None else None


def evaluate_cases(
    cases: Sequence[OutsideCase],
    model: Classifier | None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run and score every case."""
    results = []
    for i, case in enumerate(cases):
        results.append(run_case(case, model))
        if progress is not None:
            progress(i + 1)
    return score(results)


def outside_summary(result: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest's short form of ``evaluate_cases``: the rates per arm, no case lists."""
    out: dict[str, Any] = {"n": result["n"], "refused": len(result["refused"])}
    for arm in ARMS:
        if arm in result:
            a = result[arm]
            out[arm] = {k: a[k] for k in ("top1", "top1_or_acceptable", "top3", "forbidden_at_top")}
            out[arm]["by_source_type"] = a["by_source_type"]
    if "verdict" in result:
        out["verdict"] = result["verdict"]
    return out
