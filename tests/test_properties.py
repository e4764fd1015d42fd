"""Any input diagnoses without an exception, and nothing hangs."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnose import FailedMessage, diagnose
from diagnose.message import Consent, HistoryEntry, Origin, Provider, SenderType

ERRORS = st.one_of(
    st.none(),
    st.text(max_size=200),
    st.sampled_from(["30007", "21610", "4770", "TEXT_SPAM", "Delivery Failed", "9999", "40002"]),
)
TZS = st.sampled_from([None, "America/New_York", "America/Los_Angeles", "Europe/London", "UTC"])


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


messages = st.builds(
    FailedMessage,
    body=st.text(max_size=10_000),
    error=ERRORS,
    provider=_opt(st.sampled_from(Provider)),
    to=_opt(st.one_of(st.text(max_size=30), st.from_regex(r"\+?1?[2-9]\d{9}", fullmatch=True))),
    from_=_opt(st.text(max_size=20)),
    sender_type=_opt(st.sampled_from(SenderType)),
    brand=_opt(st.text(max_size=40)),
    origin=_opt(st.sampled_from(Origin)),
    first_message=_opt(st.booleans()),
    recipient_opted_out=_opt(st.booleans()),
    recipient_initiated=_opt(st.booleans()),
    consent=_opt(st.sampled_from(Consent)),
    sent_at=_opt(st.datetimes(timezones=st.sampled_from([UTC, None]))),  # type: ignore[list-item]
    recipient_timezone=TZS,
    history=st.lists(
        st.builds(
            HistoryEntry,
            direction=st.sampled_from(["inbound", "outbound"]),
            body=st.text(max_size=300),
        ),
        max_size=5,
    ).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages)
def test_any_message_diagnoses(message: FailedMessage) -> None:
    d = diagnose(message)
    assert d.causes
    for f in d.findings:
        for s in f.spans:
            assert 0 <= s.start < s.end <= len(message.body)
    d.to_dict()


def _finishes(body: str, seconds: float = 20.0) -> bool:
    """Run a diagnosis in a thread; a hang guard, not a timing assertion."""
    done = threading.Event()

    def work() -> None:
        diagnose(
            FailedMessage(
                body=body,
                error="30007",
                first_message=True,
                to="+15555550123",
                sent_at=datetime(2026, 1, 1, 3, tzinfo=UTC),
            )
        )
        done.set()

    t = threading.Thread(target=work, daemon=True)
    t.start()
    return done.wait(seconds)


def test_one_megabyte_bodies_finish() -> None:
    unit = "Reply STOP to opt out!!! FREE $$$ bit.ly/abc http://1.2.3.4/x ⚠️ “quote” Аpple "
    assert _finishes((unit * (1_000_000 // len(unit)))[:1_000_000])


# Shapes that make badly written regexes backtrack. 50k characters is enough: a quadratic
# pattern needs ~10^9 steps here, an exponential one never returns.
ADVERSARIAL = [
    "a" * 50_000,
    "." * 50_000,
    "-" * 50_000,
    "a." * 25_000,
    "a-" * 25_000,
    "http://" + "a." * 25_000,
    "www." + "a-" * 25_000,
    "reply " * 8_000,
    "reply stop to " * 4_000,
    "! " * 25_000,
    "S T O P " * 6_000,
    "1.2.3." * 8_000,
    "\u200b" * 50_000,
    "A " * 25_000,
    "$" * 50_000,
    "ab" * 25_000 + "!",
]


def test_no_rule_backtracks_catastrophically() -> None:
    for body in ADVERSARIAL:
        assert _finishes(body), f"diagnosis hung on {body[:20]!r}..."
