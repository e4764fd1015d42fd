"""Score the error reader on outside pasted errors (``eval/outside_errors.jsonl``, frozen).

A case is the text as someone pasted it, with the provider and category it should be read
as, the code it carries (if any) and the numbers in it that are not codes. A reading is
right when both the provider and the category are (or the category is an acceptable one).
A provider the table does not cover (``other:<name>``) is read right when the reader names
no provider of its own, or says plainly that it does not cover it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diagnose.case_files import load_cases_with
from diagnose.causes import Cause, parse_cause
from diagnose.errors.normalise import NormalisedError, normalise_error
from diagnose.message import parse_provider


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """One frozen pasted error and how it should be read."""

    id: str
    source_type: str
    text: str
    provider_hint: str | None
    expected_provider: str | None
    expected_category: Cause
    acceptable: frozenset[Cause]
    expected_code: str | None
    not_codes: tuple[str, ...]


def load_error_cases(path: Path | str) -> list[ErrorCase]:
    """Read a pasted-errors file (JSON Lines)."""

    def make(raw: Any) -> ErrorCase:
        return ErrorCase(
            id=str(raw["id"]),
            source_type=str(raw.get("source_type", "unknown")),
            text=str(raw["text"]),
            provider_hint=raw.get("provider_hint"),
            expected_provider=raw.get("expected_provider"),
            expected_category=parse_cause(raw["expected_category"]),
            acceptable=frozenset(parse_cause(c) for c in raw.get("acceptable_categories", ())),
            expected_code=raw.get("expected_code"),
            not_codes=tuple(str(x) for x in raw.get("not_codes", ())),
        )

    return load_cases_with(path, make)


def read_case(case: ErrorCase) -> NormalisedError:
    """Read a case as the tool reads a message: a hint the table does not cover is passed
    as the provider's name (``FailedMessage.provider_name``), not dropped."""
    hint = parse_provider(case.provider_hint) if case.provider_hint else None
    name = case.provider_hint if case.provider_hint and hint is None else None
    return normalise_error(case.text, hint, provider_name=name)


def _provider_right(case: ErrorCase, got: NormalisedError) -> bool:
    want = case.expected_provider
    name = got.provider.value if got.provider else None
    if want is None:
        return True
    if want.startswith("other:"):
        return name is None or name == want
    return name == want


def _category_right(case: ErrorCase, got: NormalisedError) -> bool:
    cat = got.category
    return cat is case.expected_category or cat in case.acceptable


def score_errors(cases: Sequence[ErrorCase]) -> dict[str, Any]:
    """Provider, category and both right; numbers wrongly taken for codes; the misses."""
    rows = []
    for case in cases:
        got = read_case(case)
        rows.append((case, got, _provider_right(case, got), _category_right(case, got)))
    n = len(rows) or 1
    code_mistakes = [
        {"id": c.id, "code": g.code}
        for c, g, _, _ in rows
        if g.code is not None and g.code in c.not_codes and g.code != c.expected_code
    ]
    by_provider: Counter[str] = Counter()
    right_by_provider: Counter[str] = Counter()
    for c, _, p, k in rows:
        key = c.expected_provider or "none"
        key = "other" if key.startswith("other:") else key
        by_provider[key] += 1
        right_by_provider[key] += p and k
    return {
        "n": len(rows),
        "provider": round(sum(p for _, _, p, _ in rows) / n, 4),
        "category": round(sum(k for _, _, _, k in rows) / n, 4),
        "provider_and_category": round(sum(p and k for _, _, p, k in rows) / n, 4),
        "number_taken_for_code": code_mistakes,
        "by_provider": {k: f"{right_by_provider[k]}/{v}" for k, v in sorted(by_provider.items())},
        "misses": [_miss(c, g) for c, g, p, k in rows if not (p and k)],
    }


def _miss(case: ErrorCase, got: NormalisedError) -> Mapping[str, Any]:
    return {
        "id": case.id,
        "text": case.text[:120],
        "want": f"{case.expected_provider} {case.expected_category.value}",
        "got": f"{got.provider.value if got.provider else None} "
        f"{got.category.value if got.category else None} ({got.status}, code {got.code})",
    }
