"""AppTest of the Rules and Error codes pages."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from diagnose.rules.registry import RULES

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _page(path: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(path).run()
    assert not at.exception
    return at


def test_rules_page_lists_every_rule_and_searches() -> None:
    at = _page("app_pages/rules.py")
    assert len(at.expander) == len(RULES)
    at.text_input(key="rules_query").input("shortener").run()
    labels = [e.label for e in at.expander]
    assert any("LNK001" in lab for lab in labels)
    at.text_input(key="rules_query").input("no-such-rule-anywhere").run()
    assert not at.expander and at.info


def test_rules_page_shows_examples_as_code() -> None:
    at = _page("app_pages/rules.py")
    at.text_input(key="rules_query").input(RULES[0].id).run()
    assert len(at.expander) == 1
    assert len(at.code) == 2  # the failing example and the passing one


def test_error_codes_page_decodes_a_code() -> None:
    at = _page("app_pages/error_codes.py")
    at.text_input(key="codes_query").input("30007").run()
    assert not at.exception
    assert any("spam_like_content" in m.value for m in at.markdown)


def test_error_codes_page_handles_unknown_and_huge_input() -> None:
    at = _page("app_pages/error_codes.py")
    at.text_input(key="codes_query").input("99999999 nothing like this").run()
    assert not at.exception
    assert at.warning
    at.text_input(key="codes_query").input("x" * 1_000_000).run()
    assert not at.exception
