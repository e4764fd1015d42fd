"""A body that shows a business sent it is checked for the brand and the opt-out even when
the context does not say it is a first message.

Opt-out language ("Reply STOP to stop receiving these messages") is only what a business
puts in a campaign or first message; marketing ("50% OFF EVERYTHING") is a campaign. Either
way the seed guide wants the company name, and marketing the opt-out. The context would
make the check exact, so these findings are advisory: they never outrank what the error or
a stronger rule shows.
"""

from __future__ import annotations

from typing import Any

import pytest

from diagnose import FailedMessage, diagnose
from diagnose.causes import Cause
from diagnose.explain import TIER, Basis
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.identification import names_a_sender
from diagnose.rules.registry import RULES

# Opt-out language, no sender named.
OPT_OUT_NO_BRAND = [
    # help.swivelcrm.com "texting campaign pre-requisites": the failed sample message
    "[Contact First Name], we have an upcoming event at [location]. We hope you'll join us. "
    "Reply STOP to stop receiving these messages.",
    # BRD001's example, the seed guide's proactive message with the company name left out
    "Hi! Your maintenance contract is about to expire. Reply STOP to unsubscribe.",
    # BRD002's example
    "Your package is out for delivery today. Reply STOP to opt out.",
    # the seed guide's automation-partner reply with the company name left out
    "Hello! Thanks for contacting us. How can we help you? Message & Data rates may apply. "
    "Reply STOP to opt-out.",
]
# Marketing, no sender, no opt-out.
MARKETING = [
    "🔥 50% OFF EVERYTHING",  # readysms.io, campaign rejection: the mismatched sample
    "Flash sale this weekend: 30% off all shoes!",
    "New arrivals are here: shop now and save 25%",
    "Don't miss our holiday sale, free shipping on every order",
]


def _findings(body: str, **context: Any) -> dict[str, str]:
    findings, _ = run_rules(RULES, RuleContext(FailedMessage(body=body, **context)))
    return {f.rule: f.severity.value for f in findings}


@pytest.mark.parametrize("body", OPT_OUT_NO_BRAND)
def test_opt_out_language_makes_the_identification_check_apply(body: str) -> None:
    assert _findings(body).get("BRD002") == "advisory"
    assert _findings(body, brand="Northwind").get("BRD001") == "advisory"
    d = diagnose(FailedMessage(body=body), rewrite=False)
    assert d.top.cause is Cause.MISSING_BRAND_IDENTIFICATION
    assert d.top.basis == Basis.ADVISORY_FINDING


@pytest.mark.parametrize("body", OPT_OUT_NO_BRAND + MARKETING)
def test_a_known_later_reply_is_still_exempt(body: str) -> None:
    found = _findings(body, first_message=False)
    assert not {"BRD001", "BRD002", "OPT001"} & set(found)
    assert not {"BRD001", "OPT001"} & set(_findings(body, brand="Northwind", first_message=False))


@pytest.mark.parametrize("body", MARKETING)
def test_marketing_without_brand_or_opt_out_surfaces_both_as_advice(body: str) -> None:
    found = _findings(body)
    assert found.get("OPT001") == "advisory" and found.get("BRD002") == "advisory", found
    top = diagnose(FailedMessage(body=body), rewrite=False).top
    assert top.cause in {Cause.MISSING_OPT_OUT_LANGUAGE, Cause.MISSING_BRAND_IDENTIFICATION}
    assert top.basis == Basis.ADVISORY_FINDING


@pytest.mark.parametrize("body", MARKETING)
def test_the_advice_never_outranks_real_evidence(body: str) -> None:
    # A specific code.
    d = diagnose(FailedMessage(body=body, error="21610"), rewrite=False)
    assert d.top.cause is Cause.OPTED_OUT_RECIPIENT
    # Under a generic filter verdict, a likely finding (a public shortener, and whatever
    # else the body shows) comes first; the advice stays in its row.
    d = diagnose(FailedMessage(body=f"{body} bit.ly/3xYz9Qa", error="30007"), rewrite=False)
    assert TIER[Basis(d.top.basis)] <= TIER[Basis.LIKELY_FINDING], d.top
    advice = {Cause.MISSING_OPT_OUT_LANGUAGE, Cause.MISSING_BRAND_IDENTIFICATION}
    assert all(c.basis == Basis.ADVISORY_FINDING for c in d.causes if c.cause in advice)
    assert d.top.cause not in advice


@pytest.mark.parametrize(
    "body",
    [
        # the seed guide's compliant messages (tests/test_seed_guide.py holds them all clean)
        "Thanks for joining Retalé messaging for Platinum Members! Get ready to shop till you "
        "drop with amazing deals for our Platinum Members. Message & Data rates may apply "
        "Reply STOP to opt-out.",
        "Your maintenance contract with Retalé is about to expire. If you'd like an extension, "
        "reply to this message so we can assist. Reply STOP to unsubscribe.",
        "Acme: 20% off everything this weekend. Reply STOP to opt out.",
    ],
)
def test_a_named_sender_with_opt_out_is_clean(body: str) -> None:
    assert not {"BRD001", "BRD002", "OPT001"} & set(_findings(body))
    brand = "Retalé" if "Retalé" in body else "Acme"
    assert not {"BRD001", "OPT001"} & set(_findings(body, brand=brand))


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("[Contact First Name], we have an upcoming event at [location].", False),
        ("[First Name]: your table is ready.", False),
        ("[Location] Team: see you soon", False),
        ("[Acme] your code is 1234", True),
        ("First Bank: your card was used at 3PM", True),
        ("Contact Lens Club: your order shipped", True),
    ],
)
def test_merge_fields_name_nobody(body: str, named: bool) -> None:
    assert names_a_sender(body) is named
