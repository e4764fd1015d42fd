"""SummaryBuilder.add_rows counts column-wise; it must leave the builder exactly as the
row-by-row pass below does, counter insertion order included (ties in ``_prune`` and in a
template's top cause are broken by it)."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest

from diagnose.batch import summary as summary_module
from diagnose.batch.mask import mask_template
from diagnose.batch.summary import SummaryBuilder


def _add_rows_by_row(b: SummaryBuilder, **cols: Any) -> None:
    """The row-by-row reference (what ``add_rows`` did before it went column-wise)."""
    b.rows += len(cols["top_cause"])
    for cause, rule_ids, code, frm, d, text, is_failed in zip(
        cols["top_cause"],
        cols["rules"],
        cols["error_code"],
        cols["sender"],
        cols["day"],
        cols["body"],
        cols["failed"],
        strict=True,
    ):
        if not is_failed:
            continue
        b.failed += 1
        b.causes[cause] += 1
        b.codes[code or "(none)"] += 1
        b.senders[frm or "(unknown)"] += 1
        if d:
            b.days[d] += 1
        if rule_ids:
            for r in rule_ids.split(";"):
                b.rule_rows[r] += 1
        else:
            b.ruleless_causes[cause] += 1
        template = mask_template(text)
        b.templates[template] += 1
        tc = b.template_causes.get(template)
        if tc is None:
            tc = b.template_causes[template] = Counter()
            if b.keep_examples:
                b.examples[template] = text
        tc[cause] += 1
    if len(b.templates) > summary_module.MAX_TEMPLATES:
        b._prune()


def _chunk(rng: random.Random, n: int) -> dict[str, list[Any]]:
    causes = ["spam_like_content", "opted_out_recipient", "no_consent", "unknown"]
    bodies = [
        "Hi Sarah, your code is 1234",
        "Hi Tom, your code is 99",
        "Sale now on",
        "SALE   now on",
        "ok",
        "Call +1 (555) 123-4567",
        "Call +1 (555) 765-4321",
    ]
    return {
        "top_cause": [rng.choice(causes) for _ in range(n)],
        "rules": [rng.choice(["", "OPT001", "OPT001;BRD001", "LNK004;OPT001"]) for _ in range(n)],
        "error_code": [rng.choice([None, "", "30007", "21610"]) for _ in range(n)],
        "sender": [rng.choice([None, "", "+15551234567", "88202"]) for _ in range(n)],
        "day": [rng.choice([None, "", "2024-05-01", "2024-05-02"]) for _ in range(n)],
        "body": [
            rng.choice(bodies) + rng.choice(["", "", f" #{rng.randint(0, 40)}"]) for _ in range(n)
        ],
        "failed": [rng.random() < 0.8 for _ in range(n)],
    }


def _state(b: SummaryBuilder) -> dict[str, Any]:
    ordered = {
        k: list(v.items()) if isinstance(v, Counter | dict) else v for k, v in vars(b).items()
    }
    ordered["template_causes"] = [(t, list(c.items())) for t, c in b.template_causes.items()]
    return ordered


@pytest.mark.parametrize("keep_examples", [False, True])
@pytest.mark.parametrize("max_templates", [summary_module.MAX_TEMPLATES, 6])
def test_add_rows_matches_the_row_by_row_pass(
    keep_examples: bool, max_templates: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary_module, "MAX_TEMPLATES", max_templates)
    rng = random.Random(5)
    fast, plain = SummaryBuilder(keep_examples), SummaryBuilder(keep_examples)
    for n in (0, 1, 7, 300, 300, 2000):
        cols = _chunk(rng, n)
        fast.add_rows(**cols)
        _add_rows_by_row(plain, **cols)
        assert _state(fast) == _state(plain)
    assert fast.build() == plain.build()


def test_add_rows_rejects_ragged_columns() -> None:
    cols = _chunk(random.Random(1), 5)
    cols["day"] = cols["day"][:4]
    with pytest.raises(ValueError):
        SummaryBuilder().add_rows(**cols)
