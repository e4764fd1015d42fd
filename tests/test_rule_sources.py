"""Rule sources are links a person can follow, not the research note's internal keys."""

from __future__ import annotations

import pytest

from diagnose.cli import main
from diagnose.rules import RULES, Rule, rule_sources
from diagnose.rules.sources import CODE_KEYS, KEYS, SEED_SECTIONS, cited_keys


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_cites_links_and_every_key_resolves(rule: Rule) -> None:
    links = rule_sources(rule)
    assert links, f"{rule.id} has no source a user can follow"
    for link in links:
        assert link.url.startswith("https://"), link
        assert link.title and "compliance-rules.md" not in link.title
    assert cited_keys(rule.source) <= set(KEYS) | set(CODE_KEYS), rule.source
    assert len({link.url for link in links}) == len(links)


def test_the_seed_guide_is_cited_by_its_sections() -> None:
    citing = {r.id for r in RULES if "Seed guide" in r.source}
    assert citing == set(SEED_SECTIONS)
    for rule in RULES:
        if rule.id in citing:
            (guide,) = [s for s in rule_sources(rule) if s.detail.startswith("seed guide")]
            assert guide.url == KEYS["GL-C"][1]
            for section in SEED_SECTIONS[rule.id]:
                assert f"'{section}'" in guide.detail


def test_provider_codes_link_to_the_code_page() -> None:
    rule = next(r for r in RULES if r.id == "LNK001")
    titles = {s.title: s.url for s in rule_sources(rule)}
    assert titles["Bandwidth error 4771"] == "https://dev.bandwidth.com/v2-messaging/codes.html"
    assert "Telnyx error 40017" in titles


def test_explain_prints_links(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "LNK001"]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "compliance-rules.md" not in out and "TW-FORB" not in out
    assert "https://support.twilio.com/hc/en-us/articles/360045004974" in out
