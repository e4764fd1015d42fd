"""Generated failed-message traffic for the batch benchmark and tests (no real data).

The mix imitates an export of failures: a few bulk campaigns sent verbatim to many people,
personalised notifications (names, codes, amounts, links), and a long tail of one-off agent
replies; error codes, senders, days and context fields vary the way exports do.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

_NAMES = tuple(
    [
        "Sarah",
        "Tom",
        "Ana",
        "Luis",
        "Priya",
        "Wei",
        "Fatima",
        "John",
        "Maria",
        "Kwame",
        "Olga",
        "Diego",
        "Emma",
        "Noah",
        "Aisha",
        "Ben",
        "Chloe",
        "Omar",
        "Lena",
        "Raj",
    ]
)
_BRANDS = ("Acme Dental", "Bluebird Bank", "QuickCab", "Northwind", "Fresh Basket", None)
_TEMPLATES = (
    "Hi {name}, your appointment at {brand} is tomorrow at {hour}pm. Reply STOP to opt out.",
    "Your verification code is {code}",
    "{brand}: your code is {code}. Don't share it with anyone.",
    "FREE iPhone!!! Click bit.ly/{slug} now to claim your prize",
    "Get a loan approved today, no credit check! Call {phone}",
    "Hi {name}! Your order #{order} has shipped: https://track.example.com/{slug}",
    "URGENT: your account is locked. Verify at http://secure-{slug}.top/login",
    "{brand}: 50% off everything this weekend only! Shop now at https://shop.example.com",
    "Hey {name}, thanks for reaching out, we'll call you back shortly.",
    "Reminder: your payment of ${amount} is due on {day}/{month}. Text HELP for help.",
    "CBD gummies 40% off, free shipping today only: tinyurl.com/{slug}",
    "Hi {name}, this is {brand}. Your table for {hour} is confirmed. Reply STOP to end.",
    "Congrats {name}! You've won a $1000 gift card, claim at bit.ly/{slug}",
    "Your ride is arriving in {hour} minutes. Driver: {name}",
    "We tried to reach you about your claim, call {phone} today",
)
_BLASTS = (
    "Acme Dental: Spring cleaning special, book now! Reply STOP to opt out.",
    "WIN BIG at LuckySpin casino tonight, 200 free spins: bit.ly/luckyspin",
    "Bluebird Bank: your statement is ready in the app.",
    "Flash sale!!! Everything must go, click here www.deals-now.xyz",
)
_AGENT = (
    "ok",
    "Sure thing, I'll check and get back to you",
    "Can you send me a photo of the receipt?",
    "Sorry about that {name}, refund issued.",
    "thx",
)
_ERRORS = {
    "twilio": ("30007", "30007", "30034", "21610", "30003", "30005", "30008", "21211", "30032"),
    "bandwidth": ("4770", "4771", "4720", "4301", "5620", "4470", "9902"),
    "telnyx": ("40002", "40001", "40300", "40008", "40012"),
}
_ORIGINS = ("agent_reply", "auto_reply", "proactive", "api", "automation", "ivr_to_sms", None)
_CONSENTS = ("none", "conversational", "express", "express_written", None)
_SENDER_TYPES = ("10dlc", "toll_free", "short_code", None)
_BOOLS = ("true", "false", "")
_FIELDS = (
    "id",
    "body",
    "error",
    "provider",
    "to",
    "from",
    "sender_type",
    "brand",
    "origin",
    "first_message",
    "recipient_opted_out",
    "recipient_initiated",
    "consent",
    "sent_at",
    "status",
)


def _body(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return rng.choice(_BLASTS)
    template = rng.choice(_AGENT) if r > 0.9 else rng.choice(_TEMPLATES)
    return template.format(
        name=rng.choice(_NAMES),
        brand=rng.choice(_BRANDS[:-1]),
        hour=rng.randint(1, 12),
        code=rng.randint(100000, 999999),
        slug="".join(rng.choices("abcdefghjkmnpqrstuvwxyz23456789", k=6)),
        phone=f"({rng.randint(200, 999)}) 555-{rng.randint(1000, 9999)}",
        order=rng.randint(10000, 99999),
        amount=f"{rng.randint(5, 900)}.{rng.randint(0, 99):02d}",
        day=rng.randint(1, 28),
        month=rng.randint(1, 12),
    )


def generate_rows(
    n: int, *, seed: int = 0, spike_day: int | None = 9, recipients: int | None = None
) -> dict[str, list[Any]]:
    """``n`` rows in this project's JSON schema (all cells text, as read from CSV).

    ``spike_day`` (an offset in a 30-day window) gets a burst of failures, so summaries have
    a spike to find. ``recipients`` draws ``to`` from a pool of that many numbers (failing
    numbers fail again and again); None gives every row its own random number.
    """
    rng = random.Random(seed)
    pool = [f"+1{rng.randint(2000000000, 9999999999)}" for _ in range(recipients or 0)]
    start = datetime(2024, 5, 1, tzinfo=UTC)
    senders = [f"+1555{rng.randint(1000000, 9999999)}" for _ in range(12)] + ["88202", "ACME"]
    cols: dict[str, list[Any]] = {f: [] for f in _FIELDS}
    for i in range(n):
        provider = rng.choice(("twilio", "twilio", "bandwidth", "telnyx"))
        day = spike_day if spike_day is not None and rng.random() < 0.15 else rng.randrange(30)
        at = start + timedelta(days=day, seconds=rng.randrange(86400))
        cols["id"].append(f"M{seed:02d}{i:09d}")
        cols["body"].append(_body(rng))
        cols["error"].append(rng.choice(_ERRORS[provider]) if rng.random() < 0.95 else "")
        cols["provider"].append(provider)
        cols["to"].append(rng.choice(pool) if pool else f"+1{rng.randint(2000000000, 9999999999)}")
        cols["from"].append(rng.choice(senders))
        cols["sender_type"].append(rng.choice(_SENDER_TYPES) or "")
        cols["brand"].append(rng.choice(_BRANDS) or "")
        cols["origin"].append(rng.choice(_ORIGINS) or "")
        cols["first_message"].append(rng.choice(_BOOLS))
        cols["recipient_opted_out"].append(rng.choice(_BOOLS))
        cols["recipient_initiated"].append(rng.choice(_BOOLS))
        cols["consent"].append(rng.choice(_CONSENTS) or "")
        cols["sent_at"].append(at.isoformat().replace("+00:00", "Z"))
        cols["status"].append("failed" if rng.random() < 0.7 else "undelivered")
    return cols


#: Personalised campaigns: each has words a pattern cannot mask (an agent's first name, a
#: city of one or two words, a street), as real campaigns do.
_CAMPAIGNS = (
    "Hi {first}, this is {agent} from Sunrise Realty. The home at {number} {street} in {city} "
    "is still available, want a tour this week? Reply STOP to opt out.",
    "{agent} here from Bayview Motors: your {car} is ready for pickup at our {city} store "
    "on {street}. Reply STOP to opt out.",
    "Hello {first}! Your Fresh Basket order will be delivered to {number} {street}, {city} "
    "between {hour} and {later}pm today.",
)
_AGENTS = ("Tom", "Ana", "Luis", "Priya", "Wei", "Fatima", "John", "Maria", "Kwame", "Olga")
_CITIES = (
    "Pasadena",
    "Glendale",
    "San Diego",
    "Long Beach",
    "Burbank",
    "Santa Monica",
    "Irvine",
    "El Monte",
)
_STREETS = ("Oak St", "Maple Avenue", "Elm Street", "Sunset Blvd", "Pine Rd", "Cedar Lane")
_CARS = ("Civic", "Model 3", "RAV4", "F-150", "Outback")


def personalised_rows(n: int, *, seed: int = 0) -> tuple[dict[str, list[Any]], list[int]]:
    """``n`` failed rows of ``len(_CAMPAIGNS)`` personalised campaigns in this project's
    schema, and each row's campaign (the truth a template miner should find).

    Each campaign goes from one sender to distinct recipients, with a customer's first name,
    an agent's name, a street and a city of one or two words varying per row.
    """
    rng = random.Random(seed)
    start = datetime(2024, 5, 1, tzinfo=UTC)
    cols: dict[str, list[Any]] = {f: [] for f in _FIELDS}
    truth: list[int] = []
    for i in range(n):
        k = rng.randrange(len(_CAMPAIGNS))
        hour = rng.randint(1, 9)
        body = _CAMPAIGNS[k].format(
            first=rng.choice(_NAMES),
            agent=rng.choice(_AGENTS),
            number=rng.randint(10, 9999),
            street=rng.choice(_STREETS),
            city=rng.choice(_CITIES),
            car=rng.choice(_CARS),
            hour=hour,
            later=hour + 2,
        )
        at = start + timedelta(seconds=rng.randrange(30 * 86400))
        cols["id"].append(f"P{seed:02d}{i:09d}")
        cols["body"].append(body)
        cols["error"].append(rng.choice(("30007", "30034", "30005")))
        cols["provider"].append("twilio")
        cols["to"].append(f"+1{rng.randint(2000000000, 9999999999)}")
        cols["from"].append(f"+1415555{k:04d}")
        cols["sent_at"].append(at.isoformat().replace("+00:00", "Z"))
        cols["status"].append("undelivered")
        for f in ("sender_type", "brand", "origin", "first_message", "recipient_opted_out"):
            cols[f].append("")
        cols["recipient_initiated"].append("")
        cols["consent"].append("")
        truth.append(k)
    return cols, truth
