"""One suite over every rule: registered, documented, with passing and failing cases.

Cases live in ``diagnose/rules/cases/<family>.yaml`` keyed by rule id (sqlfluff style)::

    OPT001:
      pass:
        - {body: "Acme: hi. Reply STOP to opt out.", first_message: true}
      fail:
        - {body: "hi", first_message: true}
        - message: {body: "see bit.ly/x"}
          spans: ["bit.ly/x"]       # optional: the exact texts the hit must mark

A case is a message in the JSON input form, or ``{message: ..., spans: [...]}``.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
import yaml

from diagnose.message import FailedMessage
from diagnose.rules import registry
from diagnose.rules.base import Finding, Rule
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rule

CASES_DIR = Path(registry.__file__).parent / "cases"


def _load_cases() -> dict[str, dict[str, list[Any]]]:
    cases: dict[str, dict[str, list[Any]]] = {}
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule_id, table in data.items():
            assert rule_id not in cases, f"{rule_id} has cases in two files"
            cases[rule_id] = table
    return cases


CASES = _load_cases()


def _split(case: Any) -> tuple[FailedMessage, list[str] | None]:
    if isinstance(case, dict) and "message" in case:
        return FailedMessage.from_dict(case["message"]), case.get("spans")
    return FailedMessage.from_dict(case), None


def _findings(rule: Rule, message: FailedMessage) -> list[Finding]:
    return run_rule(rule, RuleContext(message))[0]


def _params(kind: str) -> list[Any]:
    out = []
    for r in registry.RULES:
        for i, case in enumerate(CASES.get(r.id, {}).get(kind, []) or []):
            out.append(pytest.param(r, case, id=f"{r.id}-{kind}-{i}"))
    return out


def test_ids_and_names_are_unique_and_well_formed() -> None:
    ids = [r.id for r in registry.RULES]
    names = [r.name for r in registry.RULES]
    assert len(set(ids)) == len(ids)
    assert len(set(names)) == len(names)
    for r in registry.RULES:
        assert r.id[:3].isalpha() and r.id[:3].isupper() and r.id[3:].isdigit(), r.id
        assert r.name == r.name.lower() and " " not in r.name and "_" not in r.name, r.name


def test_every_defined_rule_is_registered() -> None:
    registered = {id(r) for r in registry.RULES}
    for family in registry.FAMILIES:
        assert isinstance(family, types.ModuleType)
        for value in vars(family).values():
            if isinstance(value, Rule):
                assert id(value) in registered, f"{value.id} is defined but not registered"


@pytest.mark.parametrize("rule", registry.RULES, ids=lambda r: r.id)
def test_rule_is_documented_with_cases(rule: Rule) -> None:
    assert rule.summary, "docstring first line is the summary"
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in rule.doc, f"{rule.id} docs miss {heading!r}"
    assert rule.fix.strip() and rule.source.strip()
    table = CASES.get(rule.id)
    assert table, f"{rule.id} has no cases"
    assert table.get("pass"), f"{rule.id} has no passing case"
    assert table.get("fail"), f"{rule.id} has no failing case"


def test_no_cases_for_unknown_rules() -> None:
    assert set(CASES) <= set(registry.RULES_BY_ID)


@pytest.mark.parametrize(("rule", "case"), _params("pass"))
def test_passing_case(rule: Rule, case: Any) -> None:
    message, _ = _split(case)
    assert _findings(rule, message) == []


@pytest.mark.parametrize(("rule", "case"), _params("fail"))
def test_failing_case(rule: Rule, case: Any) -> None:
    message, spans = _split(case)
    found = _findings(rule, message)
    assert found, f"{rule.id} did not fire"
    for f in found:
        assert f.rule == rule.id and f.cause == rule.cause and f.message
        for s in f.spans:
            assert 0 <= s.start < s.end <= len(message.body), (s, len(message.body))
    if spans is not None:
        marked = [message.body[s.start : s.end] for f in found for s in f.spans]
        assert marked == spans


@pytest.mark.parametrize("rule", [r for r in registry.RULES if r.requires], ids=lambda r: r.id)
def test_requires_names_real_fields_and_only_skips_silent_runs(rule: Rule) -> None:
    """A rule's ``requires`` may only skip runs that would have yielded nothing."""
    from dataclasses import fields, replace

    from diagnose.message import FailedMessage as FM

    defaults = {f.name: f.default for f in fields(FM)}
    assert set(rule.requires) <= set(defaults)
    for kind in ("pass", "fail"):
        for case in CASES.get(rule.id, {}).get(kind, []) or []:
            message, _ = _split(case)
            # Every case again with the required fields unknown: the check must stay silent.
            blank = replace(message, **{f: defaults[f] for f in rule.requires})
            assert list(rule.check(RuleContext(blank))) == [], (rule.id, case)
