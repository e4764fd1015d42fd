"""The ranking's decision table (``diagnose.explain``), row by row, as a table of cases.

Each case gives an error, the findings (rule id and severity stand for a rule's hit) and,
optionally, model probabilities, and says which cause must come first and on what basis.
"""

from __future__ import annotations

import random

import pytest

from diagnose import FailedMessage, diagnose, normalise_error
from diagnose.causes import CAUSES, Cause
from diagnose.explain import MAX_READINGS, TIER, Basis, rank_causes
from diagnose.rules.base import Finding, Severity

B, L, A = Severity.BLOCKER, Severity.LIKELY, Severity.ADVISORY
C = Cause


def hit(cause: Cause, severity: Severity, rule: str = "X001") -> Finding:
    return Finding(rule, "test-rule", cause, severity, "test", (), "fix")


# (error, findings, model probabilities, expected top cause, expected basis)
TABLE: list[tuple[str | None, list[Finding], dict[Cause, float] | None, Cause, Basis]] = [
    # A specific code dominates, even a blocker finding of another cause ...
    (
        "21610",
        [hit(C.CONTENT_TOO_LONG_OR_ENCODING, B)],
        None,
        C.OPTED_OUT_RECIPIENT,
        Basis.ERROR_CODE,
    ),
    (
        "Twilio error 30034",
        [hit(C.PROHIBITED_CONTENT, B)],
        None,
        C.SENDER_NOT_REGISTERED,
        Basis.ERROR_CODE,
    ),
    # ... and the model.
    ("21610", [], {C.PROHIBITED_CONTENT: 0.99}, C.OPTED_OUT_RECIPIENT, Basis.ERROR_CODE),
    # Under a filter verdict, blocker findings beat likely findings ...
    (
        "30007",
        [hit(C.MISSING_OPT_OUT_LANGUAGE, L), hit(C.PROHIBITED_CONTENT, B)],
        None,
        C.PROHIBITED_CONTENT,
        Basis.BLOCKER_FINDING,
    ),
    (
        "TEXT_SPAM",
        [hit(C.URL_OR_LINK_FILTERING, L)],
        None,
        C.URL_OR_LINK_FILTERING,
        Basis.LIKELY_FINDING,
    ),
    # ... beat model-only suspicions ...
    (
        "30007",
        [hit(C.MISSING_OPT_OUT_LANGUAGE, L)],
        {C.PROHIBITED_CONTENT: 0.95},
        C.MISSING_OPT_OUT_LANGUAGE,
        Basis.LIKELY_FINDING,
    ),
    (
        "30007",
        [],
        {C.PROHIBITED_CONTENT: 0.8, C.SPAM_LIKE_CONTENT: 0.2},
        C.PROHIBITED_CONTENT,
        Basis.MODEL_SUSPICION,
    ),
    # ... beat the opaque fallback, which is the honest answer when nothing explains it.
    (
        "30007",
        [hit(C.MISSING_BRAND_IDENTIFICATION, A)],
        None,
        C.MISSING_BRAND_IDENTIFICATION,
        Basis.ADVISORY_FINDING,
    ),
    ("30007", [], None, C.SPAM_LIKE_CONTENT, Basis.UNEXPLAINED_VERDICT),
    (
        "30007",
        [],
        {C.PROHIBITED_CONTENT: 0.3, C.SPAM_LIKE_CONTENT: 0.6},
        C.SPAM_LIKE_CONTENT,
        Basis.MODEL_SUSPICION,
    ),
    # A confident "reads as spam" is a suspicion that outranks an advisory hint ...
    (
        "30007",
        [hit(C.MISSING_BRAND_IDENTIFICATION, A)],
        {C.SPAM_LIKE_CONTENT: 0.9},
        C.SPAM_LIKE_CONTENT,
        Basis.MODEL_SUSPICION,
    ),
    # ... but a weak one leaves the verdict unexplained.
    (
        "30007",
        [],
        {C.PROHIBITED_CONTENT: 0.3, C.SPAM_LIKE_CONTENT: 0.4},
        C.SPAM_LIKE_CONTENT,
        Basis.UNEXPLAINED_VERDICT,
    ),
    # The model never outranks a blocker finding, however sure it is.
    (
        "30007",
        [hit(C.PROHIBITED_CONTENT, B)],
        {C.SPAM_LIKE_CONTENT: 1.0},
        C.PROHIBITED_CONTENT,
        Basis.BLOCKER_FINDING,
    ),
    # A finding that cannot explain a filter ranks below the fallback.
    (
        "30007",
        [hit(C.INVALID_DESTINATION, B)],
        None,
        C.SPAM_LIKE_CONTENT,
        Basis.UNEXPLAINED_VERDICT,
    ),
    # Spam-style findings explain the filter themselves.
    ("30007", [hit(C.SPAM_LIKE_CONTENT, L)], None, C.SPAM_LIKE_CONTENT, Basis.LIKELY_FINDING),
    # An unknown error never outranks a finding, not even an advisory one.
    (
        "Delivery Failed",
        [hit(C.MISSING_BRAND_IDENTIFICATION, A)],
        None,
        C.MISSING_BRAND_IDENTIFICATION,
        Basis.ADVISORY_FINDING,
    ),
    (
        "Delivery Failed",
        [hit(C.INVALID_DESTINATION, B)],
        None,
        C.INVALID_DESTINATION,
        Basis.BLOCKER_FINDING,
    ),
    ("An unknown error occurred", [], None, C.UNKNOWN, Basis.UNEXPLAINED_VERDICT),
    # ... and the model lifts only what a text can show: its suspicion of spam surfaces,
    # its guess that the handset is off (which no body says) does not.
    (
        "Delivery Failed",
        [],
        {C.SPAM_LIKE_CONTENT: 0.7},
        C.SPAM_LIKE_CONTENT,
        Basis.MODEL_SUSPICION,
    ),
    (
        "Delivery Failed",
        [],
        {C.UNREACHABLE_HANDSET: 0.7},
        C.UNKNOWN,
        Basis.UNEXPLAINED_VERDICT,
    ),
    # No error: the findings decide; nothing found is "unknown".
    (
        None,
        [hit(C.NO_CONSENT, B), hit(C.SPAM_LIKE_CONTENT, L)],
        None,
        C.NO_CONSENT,
        Basis.BLOCKER_FINDING,
    ),
    (None, [], None, C.UNKNOWN, Basis.UNEXPLAINED_VERDICT),
]


@pytest.mark.parametrize(("error", "findings", "model", "cause", "basis"), TABLE)
def test_the_decision_table(
    error: str | None,
    findings: list[Finding],
    model: dict[Cause, float] | None,
    cause: Cause,
    basis: Basis,
) -> None:
    ranked = rank_causes(normalise_error(error), findings, model)
    assert (ranked[0].cause, ranked[0].basis) == (cause, basis.value)
    tiers = [TIER[Basis(c.basis)] for c in ranked]
    assert tiers == sorted(tiers), "a lower row of the table outranks a higher one"


def _ambiguous(min_readings: int, max_readings: int) -> str:
    """A bare code that several providers read differently, found in the table."""
    from diagnose.errors import all_error_codes

    for info in all_error_codes():
        error = normalise_error(info.code)
        readings = {c.category for c in error.candidates} - {None}
        if error.status == "ambiguous" and min_readings <= len(readings) <= max_readings:
            return info.code
    raise AssertionError("no such code in the table")


def test_a_few_ambiguous_readings_come_before_findings_of_other_causes() -> None:
    error = normalise_error(_ambiguous(2, MAX_READINGS))
    readings = {c.category for c in error.candidates} - {None, C.UNKNOWN}
    ranked = rank_causes(error, [hit(C.SPAM_LIKE_CONTENT, L)])
    assert ranked[0].cause in readings
    assert ranked[0].basis == Basis.ERROR_CODE.value


def test_a_code_read_many_ways_says_nothing() -> None:
    error = normalise_error(_ambiguous(MAX_READINGS + 1, 99))
    ranked = rank_causes(error, [hit(C.SPAM_LIKE_CONTENT, L)])
    assert ranked[0].cause is C.SPAM_LIKE_CONTENT  # the finding, not one of many readings
    assert rank_causes(error, [])[0].cause is C.UNKNOWN


@pytest.mark.parametrize("blocked", [C.RECIPIENT_BLOCKED, C.SENDER_BLOCKED])
def test_a_stop_in_the_history_explains_a_block(blocked: Cause) -> None:
    from diagnose.errors import all_error_codes

    error = next(
        e
        for i in all_error_codes()
        if i.category is blocked and i.is_error
        for e in [normalise_error(i.code, i.provider)]
        if e.status == "known" and e.category is blocked
    )
    ranked = rank_causes(error, [hit(C.OPTED_OUT_RECIPIENT, B, "OPT003")])
    assert (ranked[0].cause, ranked[0].basis) == (C.OPTED_OUT_RECIPIENT, Basis.EXPLAINS_CODE.value)
    assert ranked[1].cause is blocked
    # A likely finding does not: the code still dominates.
    assert rank_causes(error, [hit(C.OPTED_OUT_RECIPIENT, L)])[0].cause is blocked


def test_a_stop_in_the_history_does_not_explain_a_registration_rejection() -> None:
    """REFINES reads a block of this recipient as their STOP, never a brand or campaign
    rejection: the registration code keeps its row and the STOP finding explains nothing
    there (row ``other``), whichever provider's code it is."""
    from diagnose.errors import all_error_codes

    errors = {
        (i.provider, i.code): e
        for i in all_error_codes()
        if i.category is C.SENDER_NOT_REGISTERED and i.is_error
        for e in [normalise_error(i.code, i.provider)]
        if e.status == "known" and e.category is C.SENDER_NOT_REGISTERED
    }
    assert len({p for p, _ in errors}) >= 3  # Twilio's 30034, TCR's, AWS's ... all of them
    for error in errors.values():
        ranked = rank_causes(error, [hit(C.OPTED_OUT_RECIPIENT, B, "OPT003")])
        assert (ranked[0].cause, ranked[0].basis) == (
            C.SENDER_NOT_REGISTERED,
            Basis.ERROR_CODE.value,
        ), error.raw
        stop = next(c for c in ranked if c.cause is C.OPTED_OUT_RECIPIENT)
        assert stop.basis == Basis.OTHER.value


def test_an_unexplained_top_answer_says_so() -> None:
    for error in ("30007", "Delivery Failed", None):
        top = rank_causes(normalise_error(error), [])[0]
        assert not top.identified
    assert rank_causes(normalise_error("30007"), [hit(C.PROHIBITED_CONTENT, B)])[0].identified


def _messages(n: int) -> list[FailedMessage]:
    rng = random.Random(7)
    bodies = [
        None,
        "",
        "Hi",
        "WIN a FREE iPhone!!! Claim now bit.ly/x",
        "Get 20% off CBD gummies today only! Reply STOP to opt out",
        "Thanks for contacting us. How can we help?",
        "Acme: your code is 1234",
    ]
    errors = [None, "30007", "21610", "Delivery Failed", "30003", "9", "4770", "TEXT_SPAM"]
    return [
        FailedMessage(
            body=rng.choice(bodies),
            error=rng.choice(errors),
            first_message=rng.choice([None, True, False]),
            to=rng.choice([None, "+14155550123", "555-1234"]),
        )
        for _ in range(n)
    ]


def test_confidence_never_rises_down_the_list_and_retryable_is_the_causes_own() -> None:
    for message in _messages(300):
        d = diagnose(message, rewrite=False)
        shown = [c.confidence for c in d.causes]
        assert shown == sorted(shown, reverse=True)
        for c in d.causes:
            assert c.retryable is CAUSES[c.cause].retryable


def test_a_missing_body_is_an_error_only_diagnosis() -> None:
    d = diagnose(FailedMessage.from_dict({"error": "Twilio 21610"}))
    assert d.top.cause is C.OPTED_OUT_RECIPIENT
    assert d.findings == () and d.segments is None and d.rewrite is None
    assert "body" in [n.field for n in d.needs_context]
    # An empty string is an empty message, judged as one.
    empty = diagnose(FailedMessage.from_dict({"body": "", "error": None}))
    assert empty.top.cause is C.CONTENT_TOO_LONG_OR_ENCODING
