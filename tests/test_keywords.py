"""Opt-out keyword handling: what counts as STOP, and what undoes it."""

from __future__ import annotations

import pytest

from diagnose.message import HistoryEntry
from diagnose.text.keywords import (
    OptOutKind,
    is_natural_opt_out,
    is_opt_in_keyword,
    is_opt_out_keyword,
    opt_out_state,
)


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop",
        " Stop. ",
        "STOP ALL",
        "stopall",
        "Unsubscribe",
        "CANCEL",
        "end",
        "QUIT",
        "revoke",
        "OPT-OUT",
        "opt out",
        "optout",
        "REMOVE",
        "arret",
        "TD",
        "S T O P",
        "stop!",
    ],
)
def test_opt_out_keywords(text: str) -> None:
    assert is_opt_out_keyword(text)


@pytest.mark.parametrize(
    "text", ["stop by later", "don't stop", "weekend", "stopped", "Can you cancel my order?", ""]
)
def test_not_opt_out_keywords(text: str) -> None:
    assert not is_opt_out_keyword(text)


@pytest.mark.parametrize("text", ["START", "unstop", "Yes", "yes!"])
def test_opt_in_keywords(text: str) -> None:
    assert is_opt_in_keyword(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("please stop texting me", True),
        ("STOP PLEASE", True),
        ("pls stop", True),
        ("Remove me from your list", True),
        ("take me off this list!", True),
        ("Do not text me again", True),
        ("no more messages thanks", True),
        ("I want to unsubscribe", True),
        ("can I stop by at 3?", False),
        ("the bus didn't stop", False),
        ("Thanks, please send the receipt", False),
        ("stop at the pharmacy please", False),
    ],
)
def test_natural_language_opt_outs(text: str, expected: bool) -> None:
    assert is_natural_opt_out(text) is expected


def _h(*pairs: tuple[str, str]) -> tuple[HistoryEntry, ...]:
    return tuple(HistoryEntry(d, b) for d, b in pairs)  # type: ignore[arg-type]


def test_latest_opt_out_wins_and_opt_in_resets() -> None:
    assert opt_out_state(_h(("inbound", "STOP"), ("inbound", "START"))) is None
    state = opt_out_state(_h(("inbound", "START"), ("inbound", "stop")))
    assert state is not None and state.kind is OptOutKind.KEYWORD and state.index == 1


def test_outbound_messages_do_not_opt_anyone_out() -> None:
    assert opt_out_state(_h(("outbound", "Reply STOP to opt out"), ("outbound", "STOP"))) is None


def test_yes_only_matters_after_an_opt_out() -> None:
    state = opt_out_state(_h(("inbound", "yes"), ("inbound", "please stop texting me")))
    assert state is not None and state.kind is OptOutKind.NATURAL_LANGUAGE


def test_context_shortcuts_agree_with_the_full_scans() -> None:
    """RuleContext skips the promotional and opt-out scans on cheap word checks; those
    shortcuts must never hide a match."""
    import csv
    from pathlib import Path

    import yaml

    from diagnose import FailedMessage
    from diagnose.rules.context import RuleContext
    from diagnose.rules.optout_text import standard_opt_out
    from diagnose.text.promotional import promotional_spans

    bodies: list[str] = []
    for path in Path("diagnose/rules/cases").glob("*.yaml"):
        for table in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values():
            for case in (table.get("pass") or []) + (table.get("fail") or []):
                msg = case.get("message", case) if isinstance(case, dict) else {}
                bodies.append(msg.get("body", ""))
    data = Path(__file__).resolve().parents[2] / "shared" / "data" / "uci_sms_spam_collection.csv"
    if data.exists():
        with data.open(encoding="utf-8", newline="") as fh:
            bodies += [row["text"] for row in csv.DictReader(fh)]
    bodies += ["Don't miss our BLACK FRIDAY deals", "25 % OFF", "Use code X", "hot deal!"]
    bodies += ["Reply “STOP” to opt-out", "txt STOPALL", "OPT-OUT: reply END", "İ reply STOP"]
    for body in bodies:
        ctx = RuleContext(FailedMessage(body=body))
        assert ctx.promotional == promotional_spans(body), body
        assert ctx.opt_out_instruction == standard_opt_out(body), body
