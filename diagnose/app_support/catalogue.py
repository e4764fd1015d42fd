"""Search and presentation helpers for the Rules and Error codes pages."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from diagnose.errors import (
    PROVIDER_LABELS,
    ErrorCodeInfo,
    Reading,
    provider_coverage,
    totals,
)
from diagnose.rules.base import Rule

_HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)


def doc_sections(doc: str) -> dict[str, str]:
    """A rule docstring split at its ``## `` headings; ``""`` holds the summary part.

    Example:
        >>> doc_sections("One line.\\n\\n## What it does\\nChecks.")
        {'': 'One line.', 'What it does': 'Checks.'}
    """
    out: dict[str, str] = {}
    parts = _HEADING.split(doc)
    out[""] = parts[0].strip()
    for heading, text in zip(parts[1::2], parts[2::2], strict=True):
        out[heading.strip()] = textwrap.dedent(text).strip("\n")
    return out


def rule_haystack(r: Rule) -> str:
    """Everything a search over a rule may match, case-folded."""
    return " ".join(
        (r.id, r.name, r.cause.value, r.severity.value, r.source, r.fix, r.doc)
    ).casefold()


def search_rules(query: str, rules: Iterable[Rule]) -> list[Rule]:
    """Rules matching every word of ``query`` (id, name, cause, severity, docs, source).

    Example:
        >>> from diagnose.rules.registry import RULES
        >>> [r.id for r in search_rules("opt001", RULES)]
        ['OPT001']
    """
    rules = list(rules)
    exact = [r for r in rules if r.id.casefold() == query.strip().casefold()]
    if exact:  # a rule id (e.g. from a finding's docs link) shows that rule alone
        return exact
    words = query.casefold().split()
    return [r for r in rules if all(w in rule_haystack(r) for w in words)]


def code_rows(infos: Sequence[ErrorCodeInfo]) -> list[dict[str, Any]]:
    """Table rows for error-code candidates or the whole reference table."""
    return [
        {
            "provider": i.provider.value,
            "code": i.code,
            "kind": i.kind,
            "name": i.name,
            "meaning": i.meaning,
            "cause": i.category.value if i.category else f"({i.outcome})",
            "verdict": i.verdict.value,
            "retryable": {True: "yes", False: "no", None: "maybe"}[i.retryable],
            "message": i.message,
            "source": i.source_url,
        }
        for i in infos
    ]


def reading_rows(readings: Sequence[Reading]) -> list[dict[str, Any]]:
    """Table rows for the ranked readings of a pasted error, best first."""
    return [
        {
            "score": round(r.score, 2),
            "provider": r.info.provider.value,
            "code": r.info.code,
            "name": r.info.name,
            "cause": r.info.category.value if r.info.category else f"({r.info.outcome})",
            "evidence": "; ".join(r.evidence),
        }
        for r in readings
    ]


def coverage_rows() -> list[dict[str, Any]]:
    """One row per provider the error table covers: rows, codes and documented texts.

    Example:
        >>> rows = coverage_rows()
        >>> rows[0]["provider"], rows[-1]["provider"]
        ('Twilio', 'Total')
    """
    cover = provider_coverage()
    out: list[dict[str, Any]] = [
        {
            "provider": PROVIDER_LABELS[c.provider].removeprefix("the "),
            "id": c.provider.value,
            "rows": c.rows,
            "codes": c.codes,
            "texts": c.texts,
            "namespaces": ", ".join(c.kinds),
        }
        for c in cover
    ]
    total = totals(cover)
    if total is not None:
        out.append(
            {
                "provider": "Total",
                "id": "",
                "rows": total.rows,
                "codes": total.codes,
                "texts": total.texts,
                "namespaces": "",
            }
        )
    return out
