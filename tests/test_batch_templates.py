"""Template mining: one template per campaign on personalised traffic, and no customer's
first name, city, street or agent's name in any report without --include-bodies."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from diagnose.batch.mask import mask_template
from diagnose.batch.summary import MIN_RECIPIENTS, SummaryBuilder
from diagnose.batch.synthetic import (
    _AGENTS,
    _CAMPAIGNS,
    _CITIES,
    _NAMES,
    _STREETS,
    generate_rows,
    personalised_rows,
)
from diagnose.batch.templates import mine_templates
from diagnose.cli import main
from diagnose.cli.common import EXIT_OK

#: Every word of the generated personal data (a city's or street's own words too).
PERSONAL = sorted({w for v in (*_NAMES, *_AGENTS, *_CITIES, *_STREETS) for w in v.split()})


def _leaks(text: str) -> list[str]:
    return [w for w in PERSONAL if re.search(rf"\b{re.escape(w)}\b", text)]


@pytest.mark.parametrize("n", [30, 300, 3000])
def test_one_template_per_campaign(n: int) -> None:
    cols, truth = personalised_rows(n, seed=n)
    template_of = mine_templates(Counter(mask_template(b) for b in cols["body"]))
    found: dict[int, set[str]] = {}
    for body, campaign in zip(cols["body"], truth, strict=True):
        found.setdefault(campaign, set()).add(template_of[mask_template(body)])
    assert {k: len(v) for k, v in found.items()} == dict.fromkeys(range(len(_CAMPAIGNS)), 1)
    templates = [next(iter(v)) for v in found.values()]
    assert len(set(templates)) == len(_CAMPAIGNS)  # and no two campaigns merged
    for t in templates:
        assert not _leaks(t), t


def test_generated_traffic_keeps_its_generating_templates_apart() -> None:
    cols = generate_rows(5000, seed=2)
    template_of = mine_templates(Counter(mask_template(b) for b in cols["body"]))
    # 15 templates, 4 blasts, 5 agent replies: no two merged, none split.
    assert len(set(template_of.values())) == 24


def test_mining_does_not_depend_on_the_order_rows_came_in() -> None:
    cols, _ = personalised_rows(500, seed=9)
    counts = Counter(mask_template(b) for b in cols["body"])
    backwards = Counter(dict(reversed(list(counts.items()))))
    assert mine_templates(counts) == mine_templates(backwards)


def test_a_message_to_fewer_than_three_people_is_not_shown() -> None:
    b = SummaryBuilder()
    bodies = ["Hi Ann, meet Tom at 12 Oak St in Pasadena"] * 2 + ["Your code is 1"] * 3
    b.add_rows(
        top_cause=["no_consent"] * 5,
        rules=[""] * 5,
        error_code=["30007"] * 5,
        sender=["+14155550100"] * 5,
        day=[None] * 5,
        body=bodies,
        failed=[True] * 5,
        to=["+12125550001", "+12125550001", "+1212555002", "+1212555003", "+1212555004"],
    )
    s = b.build()
    assert [t.template for t in s.templates] == ["Your code is <n>"]
    assert s.hidden_template_rows == 2 and MIN_RECIPIENTS == 3


def test_reports_carry_no_personal_words_without_include_bodies(tmp_path: Path) -> None:
    cols, _ = personalised_rows(600, seed=4)
    src = tmp_path / "campaigns.csv"
    with src.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows(zip(*cols.values(), strict=True))
    out, report, summary = tmp_path / "o.csv", tmp_path / "r.html", tmp_path / "s.json"
    args = ["batch", str(src), "-o", str(out), "--rules-only", "--no-progress"]
    assert main([*args, "--report", str(report), "--summary-json", str(summary)]) == EXIT_OK
    for text in (report.read_text(), summary.read_text()):
        assert not _leaks(text)
    templates = json.loads(summary.read_text())["templates"]
    assert len(templates) == len(_CAMPAIGNS)
    assert sum(t["count"] for t in templates) == 600
    # With --include-bodies an example per template is shown, and then real words are.
    assert main([*args, "--report", str(report), "--include-bodies"]) == EXIT_OK
    assert _leaks(report.read_text())
