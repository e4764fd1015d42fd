"""Seeded synthetic business (A2P) SMS traffic with its failure context, for every cause.

There is no public corpus of business messages that carriers filtered, so this module writes
one: order updates, appointment reminders, OTPs, support replies, proactive notices and
promotions for many brands, in five languages, with emoji and varied lengths, each paired
with what a support engineer would see when it failed (a real provider code or status string
from ``diagnose/errors/data/error_codes.csv``, origin, first-message, consent, history).

Every row says where its label came from (``label_source``):

- ``generator:<cause>``: the generator built the row to fail for that cause;
- ``corpus:<file>:<label>``: a real spam/smishing text (``split=train`` rows only for the
  training split) wrapped in a filter verdict;
- ``rule:<id>``: a rule acting as a labelling function (Snorkel-style) relabelled a corpus
  text, e.g. CNT006 turns "spam" into ``prohibited_content`` when it finds phishing cues.

Hard cases (``hard=True``) are the ones a rule cannot settle: a generic "Delivery Failed"
over a body that points one way, an informal opt-out in the history, prohibited content in
words no keyword list has. Clean negatives are compliant messages failing for a transport
reason, or for no stated reason (``unknown``).

Known biases (also in the data card): templates are shared across splits (brands are not);
the cause mix is uniform, unlike real traffic; the English share is about 80%.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from diagnose.causes import Cause
from diagnose.errors.codes import ErrorCodeInfo, all_error_codes
from diagnose.errors.reader import FIELD_ONLY_KINDS
from diagnose.message import FailedMessage
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.registry import RULES

#: Bump when the generator's output changes for the same seed.
GENERATOR_VERSION = "3"
DEFAULT_SEED = 20240611
SPLITS = ("train", "valid", "test")
_SPLIT_WEIGHTS = (0.7, 0.15, 0.15)

# Brands: (display name, own domain). Each split draws from its own third, so held-out rows
# never share a brand with training rows.
_BRANDS = [
    ("Acme Dental", "acmedental.com"),
    ("Brightside Pharmacy", "brightsiderx.com"),
    ("Northwind Outfitters", "northwind.shop"),
    ("Cedar Vet Clinic", "cedarvet.com"),
    ("Lumen Bank", "lumenbank.com"),
    ("Parcelly", "parcelly.io"),
    ("FitPulse Gym", "fitpulse.co"),
    ("Harbor Realty", "harborrealty.com"),
    ("Blue Fern Spa", "bluefernspa.com"),
    ("Quickfix Auto", "quickfixauto.com"),
    ("Maple Credit Union", "maplecu.org"),
    ("Orbit Telecom", "orbittel.com"),
    ("Sunny Side Daycare", "sunnyside.care"),
    ("PetPal", "petpal.com"),
    ("UrbanEats", "urbaneats.app"),
    ("Riverview Hospital", "rvh.org"),
    ("Nimbus Cloud", "nimbus.dev"),
    ("Greenleaf Grocers", "greenleaf.store"),
    ("Tandem Bikes", "tandembikes.com"),
    ("Evergreen Insurance", "evergreenins.com"),
    ("Pixel Print", "pixelprint.co"),
    ("Summit Plumbing", "summitplumbing.com"),
    ("Clearview Optics", "clearview.eye"),
    ("Zenith Airlines", "zenithair.com"),
    ("Bella Salon", "bellasalon.com"),
    ("CityCab", "citycab.io"),
    ("Homestead HVAC", "homestead.co"),
    ("Kinetic Physio", "kineticphysio.com"),
    ("Lotus Yoga", "lotusyoga.studio"),
    ("Metro Library", "metrolib.org"),
    ("Oakridge Apartments", "oakridgeapts.com"),
    ("Prime Storage", "primestorage.com"),
    ("Redwood Dental Care", "redwooddc.com"),
    ("Silverline Movers", "silverline.mv"),
    ("TechNest", "technest.com"),
    ("Vista Eye Care", "vistaeye.com"),
    ("Willow Florist", "willowflorist.com"),
    ("Youngs Bakery", "youngsbakery.com"),
    ("Apex Tutoring", "apextutor.com"),
    ("Coastal Energy", "coastalenergy.com"),
    ("Farmacia Sol", "farmaciasol.es"),
    ("Boulangerie Marie", "boulangeriemarie.fr"),
    ("Autohaus Keller", "autohaus-keller.de"),
    ("Loja Verde", "lojaverde.com.br"),
    ("Clinica Norte", "clinicanorte.mx"),
]
_NAMES = [
    "Sam",
    "Maria",
    "Jordan",
    "Aisha",
    "Wei",
    "Lucas",
    "Priya",
    "Tom",
    "Elena",
    "Kofi",
    "Ana",
    "Liam",
    "Noor",
    "Chen",
    "Sofia",
    "Diego",
    "Emma",
    "Raj",
    "Zoe",
    "Omar",
]
_PROVIDER_WEIGHTS = {
    "twilio": 30,
    "bandwidth": 10,
    "telnyx": 8,
    "vonage": 8,
    "plivo": 5,
    "sinch": 6,
    "infobip": 8,
    "bird": 4,
    "aws": 6,
    "azure": 4,
    "gladly": 8,
    "commio": 3,
}
_LANGS = ("en", "es", "fr", "de", "pt")
_LANG_WEIGHTS = (80, 8, 5, 4, 3)

# Business message templates by kind and language. Slots: {brand} {name} {code} {date}
# {time} {amount} {order} {link}. Brand identification and opt-out are added separately.
_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "order": {
        "en": [
            "Your order #{order} has shipped and should arrive {date}. Track it: {link}",
            "Good news {name}! Order {order} is out for delivery today.",
            "Order #{order} confirmed. Total {amount}. We'll text you when it ships.",
            "Your package {order} was delivered at {time}. Enjoy! 📦",
            "Heads up: order {order} is delayed by a day. New ETA {date}.",
            "{name}, your return for order {order} was received. Refund of {amount} in 3-5 days.",
        ],
        "es": [
            "Tu pedido #{order} fue enviado y llegará el {date}. Síguelo: {link}",
            "Hola {name}, tu pedido {order} está en camino.",
        ],
        "fr": [
            "Votre commande {order} a été expédiée, livraison prévue le {date}.",
            "Bonjour {name}, votre colis {order} est arrivé au point relais.",
        ],
        "de": [
            "Ihre Bestellung {order} wurde versandt. Lieferung am {date}.",
            "Hallo {name}, Ihr Paket {order} wurde zugestellt.",
        ],
        "pt": [
            "Seu pedido {order} foi enviado e chega em {date}.",
            "Olá {name}, seu pedido {order} saiu para entrega.",
        ],
    },
    "appointment": {
        "en": [
            "Hi {name}, reminder of your appointment on {date} at {time}. Reply C to confirm.",
            "See you tomorrow at {time}, {name}! Need to reschedule? Call us or visit {link}",
            "Your cleaning is booked for {date} {time}. Please arrive 10 min early.",
            "{name}, Bella's vaccination is due {date}. Book at {link}",
            "Reminder: your table for 4 is set for {time} tonight.",
        ],
        "es": ["Hola {name}, te recordamos tu cita el {date} a las {time}."],
        "fr": ["Rappel : votre rendez-vous est le {date} à {time}. Répondez OUI pour confirmer."],
        "de": ["Erinnerung: Ihr Termin ist am {date} um {time}."],
        "pt": ["Lembrete: sua consulta é em {date} às {time}."],
    },
    "otp": {
        "en": [
            "Your verification code is {code}. It expires in 10 minutes.",
            "{code} is your login code. Don't share it with anyone.",
            "Use {code} to reset your password. If this wasn't you, ignore this message.",
            "Your one-time passcode: {code}",
        ],
        "es": ["Tu código de verificación es {code}. No lo compartas."],
        "fr": ["Votre code de vérification est {code}."],
        "de": ["Ihr Bestätigungscode lautet {code}."],
        "pt": ["Seu código de verificação é {code}."],
    },
    "support": {
        "en": [
            "Hi {name}, thanks for reaching out! I've refunded {amount} to your card.",
            "Happy to help. Your ticket {order} is resolved; "
            "let us know if anything else comes up.",
            "Sorry about the wait, {name}. A technician will call you before {time}.",
            "Got it, I've updated the address on your account.",
            "Thanks {name}! Your warranty claim {order} was approved 👍",
            "Yes, we're open until 8pm today. See you soon!",
        ],
        "es": ["Gracias por escribirnos, {name}. Ya actualizamos tu cuenta."],
        "fr": ["Merci {name}, votre demande {order} est traitée."],
        "de": ["Danke {name}, Ihr Anliegen {order} ist erledigt."],
        "pt": ["Obrigado {name}, seu chamado {order} foi resolvido."],
    },
    "notice": {
        "en": [
            "Planned maintenance on {date} from 1-3am may interrupt service.",
            "Your bill of {amount} is due {date}. Pay online at {link}",
            "Your prescription is ready for pickup.",
            "Water will be shut off on {date} 9am-noon for pipe repairs.",
            "Your account statement for {date} is ready to view at {link}",
            "School closed {date} due to weather. Stay safe!",
        ],
        "es": ["Su factura de {amount} vence el {date}."],
        "fr": ["Votre ordonnance est prête à être retirée."],
        "de": ["Ihre Rechnung über {amount} ist am {date} fällig."],
        "pt": ["Sua fatura de {amount} vence em {date}."],
    },
    "promo": {
        "en": [
            "This weekend only: 20% off all services. Book at {link}",
            "New arrivals are in! Members get early access at {link}",
            "Happy birthday {name}! Enjoy a free dessert on your next visit 🎂",
            "Spring sale starts {date}: save up to {amount} on select items.",
            "Refer a friend and you both get {amount} credit.",
        ],
        "es": ["¡Solo este fin de semana: 20% de descuento! {link}"],
        "fr": ["Soldes d'été : -30 % sur tout le magasin jusqu'au {date}."],
        "de": ["Nur diese Woche: 20 % Rabatt auf alles. {link}"],
        "pt": ["Promoção: 20% de desconto até {date}. {link}"],
    },
}
_KIND_WEIGHTS = {
    "order": 20,
    "appointment": 18,
    "otp": 14,
    "support": 16,
    "notice": 16,
    "promo": 16,
}

_OPT_OUT = {
    "en": [
        "Reply STOP to opt out.",
        "Reply STOP to unsubscribe.",
        "Txt STOP to end, HELP for help.",
        "Msg&data rates may apply. Reply STOP to cancel.",
        "Text STOP to opt out.",
    ],
    "es": ["Responde STOP para cancelar.", "Envía STOP para darte de baja."],
    "fr": ["Répondez STOP pour vous désabonner.", "STOP au 36111."],
    "de": ["Antworte STOP zum Abmelden."],
    "pt": ["Responda STOP para cancelar."],
}
# Opt-out wording that looks like an instruction but uses no standard keyword.
_NONSTANDARD_OPT_OUT = [
    "Reply N to stop hearing from us.",
    "Text QUIT-NOW to leave the list.",
    "To stop these, visit our site.",
    "Reply X to opt out.",
]

# Prohibited content: explicit (rule keywords) and paraphrased (hard: no keyword a rule knows).
_PROHIBITED = [
    "Premium CBD gummies 30% off today only! Shop {link}",
    "Need cash fast? Payday loans up to $1000, approved in minutes: {link}",
    "Bet $10 get $50 in free bets at our online casino tonight {link}",
    "New vape flavors just dropped 💨 Order now {link}",
    "Happy hour! 2-for-1 tequila shots and beer buckets till 9pm",
    "Drowning in debt? Our debt relief program cuts payments in half. Call now",
    "Fix your credit score fast, guaranteed removal of bad marks {link}",
    "Earn $5,000/week from home with our proven system! Start today {link}",
    "Bitcoin doubled overnight. Join our crypto signals group {link}",
    "Firearms sale: AR accessories and ammo 15% off this weekend",
    "Dispensary deals: 1/8th of premium flower for $25 {link}",
    "Your account has been suspended. Verify your identity at {link} to restore access",
    "We detected unusual sign-in activity. Confirm your bank details: {link}",
    "Get a free quote from 5 lenders, we share your info with partners {link}",
]
_PROHIBITED_HARD = [
    "Relax the natural way 🌿 our hemp-derived chill drops ship discreetly {link}",
    "Short on rent? Get money in your account tonight, no questions asked {link}",
    "Feeling lucky? Spin the wheel for a shot at $500 {link}",
    "Clouds of flavor: new disposable pens restocked, 2 for $20",
    "Tired of bills? We negotiate with your creditors so you pay less {link}",
    "Turn $250 into a passive income stream this month. Limited seats {link}",
    "Your parcel could not be delivered. Pay the $1.99 redelivery fee here {link}",
    "Final notice: your toll balance is overdue. Avoid penalties {link}",
]
_SPAMMY = [
    "CONGRATULATIONS!!! You've been selected for an EXCLUSIVE reward!!! Claim NOW {link}",
    "🔥🔥🔥 HUGE SALE 🔥🔥🔥 ACT NOW before it's GONE!!! {link}",
    "LAST CHANCE!!! 70% OFF EVERYTHING!!! DON'T MISS OUT!!!",
    "You're a WINNER! Reply YES to claim your FREE gift card $$$",
    "URGENT: Limited time offer expires in 1 hour!!! Click {link}",
    "FREE FREE FREE 🎁🎁🎁 Text back to get yours!!!",
    "!!!! Exclusive VIP deal just for YOU !!!! {link}",
]
_SPAMMY_HARD = [
    "Hey, it's been a while. We saved something special for you, tap to see {link}",
    "Only a few spots left for our exclusive members offer. Reply YES to reserve",
    "Still thinking about it? Your cart misses you, complete checkout for a surprise",
    "You have 1 unclaimed reward waiting. Open it before midnight {link}",
]
_BAD_LINKS = [
    "bit.ly/{s}",
    "tinyurl.com/{s}",
    "https://goo.gl/{s}",
    "t.co/{s}",
    "is.gd/{s}",
    "http://185.23.{a}.{b}/promo",
    "https://{brandslug}-rewards.xyz/{s}",
    "https://secure-{brandslug}.top/login",
    "cutt.ly/{s}",
    "ow.ly/{s}",
]
_INFORMAL_OPT_OUT = [
    "please stop texting me",
    "Stop",
    "STOP",
    "unsubscribe",
    "remove me from this list",
    "no more messages pls",
    "Don't text me again",
    "cancel",
    "END",
]
_INBOUND_CHAT = [
    "Hi, is my order on the way?",
    "Can I move my appointment?",
    "Thanks!",
    "What time do you open?",
    "I need help with my bill",
]
# Assigned US area codes: a random three digits is often unassigned, which a real customer
# list would not be (and DST001 would rightly flag).
_AREA_CODES = (
    212,
    415,
    312,
    646,
    617,
    303,
    206,
    512,
    305,
    404,
    702,
    615,
    503,
    214,
    720,
    818,
    619,
    773,
    480,
    919,
)
_BAD_TO = ["+1555012", "+1 (212) 555-0100", "555-1234", "+4420712345", "+1800555019", "12345"]

_GENERIC_FILTER = "generic"
_UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class GeneratedRow:
    """One failed message with its label and where that label came from."""

    message: dict[str, Any]
    cause: Cause
    label_source: str
    hard: bool
    kind: str
    lang: str


@cache
def _codes_by_category() -> dict[str, tuple[ErrorCodeInfo, ...]]:
    """Error rows usable as a generated failure, keyed by cause (and the two generic pools)."""
    out: dict[str, list[ErrorCodeInfo]] = {}
    for info in all_error_codes():
        if not info.is_error or info.category is None:
            continue
        out.setdefault(info.category.value, []).append(info)
        if info.category is Cause.SPAM_LIKE_CONTENT:
            out.setdefault(_GENERIC_FILTER, []).append(info)
    out[_UNKNOWN] = out.get(Cause.UNKNOWN.value, [])
    return {k: tuple(v) for k, v in out.items()}


def _error_string(rng: random.Random, info: ErrorCodeInfo) -> str:
    """How a pasted error looks: the bare code, or the code with the provider's label."""
    code, name = info.code, info.name
    if not code.isdigit() or not name or info.kind == "ui":
        return code
    if info.kind in FIELD_ONLY_KINDS:
        # A bare 536 or 2550 is nobody's code to the reader (those namespaces' numbers are
        # read only beside their words): pasted alone it would teach the model that an
        # unread error means this row's cause.
        return f"{code} {name}"
    form = rng.random()
    if form < 0.55:
        return code
    if form < 0.8:
        return f"{code} {name}"
    return f"Error {code}: {name}"


def _slug(brand: str) -> str:
    return "".join(ch for ch in brand.lower() if ch.isalnum())[:12]


class _Builder:
    """Draws the parts of one row; all randomness flows through ``rng``."""

    def __init__(self, rng: random.Random, split: str) -> None:
        self.rng = rng
        self.split = split
        third = len(_BRANDS) // 3
        index = SPLITS.index(split)
        self.brands = _BRANDS[index * third : (index + 1) * third if index < 2 else None]

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]

    def fill(self, template: str, brand: tuple[str, str], link: str | None = None) -> str:
        r = self.rng
        values = {
            "brand": brand[0],
            "name": self.pick(_NAMES),
            "code": f"{r.randrange(10**5, 10**6)}",
            "date": self.pick(["Mon 3/4", "June 12", "tomorrow", "Friday", "12/09", "next week"]),
            "time": self.pick(["9:30am", "2:15 PM", "14:00", "noon", "6pm"]),
            "amount": self.pick(["$25", "$49.99", "£12", "€30", "$120.50", "$5"]),
            "order": f"{r.choice('ABCDEFGHJK')}{r.randrange(10**4, 10**6)}",
            "link": link
            or f"https://{brand[1]}/{self.pick(['o', 'a', 'b', 'r'])}/{r.randrange(1000, 99999)}",
        }
        return template.format(**values)

    def bad_link(self, brand: tuple[str, str]) -> str:
        r = self.rng
        s = "".join(r.choice("abcdefghijkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(6))
        template: str = self.pick(_BAD_LINKS)
        return template.format(
            s=s, a=r.randrange(256), b=r.randrange(256), brandslug=_slug(brand[0])
        )

    def business_body(
        self,
        kind: str,
        lang: str,
        brand: tuple[str, str],
        *,
        identify: bool,
        opt_out: bool,
        link: str | None = None,
    ) -> str:
        templates = _TEMPLATES[kind].get(lang) or _TEMPLATES[kind]["en"]
        body = self.fill(self.pick(templates), brand, link)
        if identify and brand[0] not in body:
            form = self.rng.random()
            if form < 0.6:
                body = f"{brand[0]}: {body}"
            elif form < 0.8:
                body = f"{body} - {brand[0]}"
            else:
                body = f"[{brand[0]}] {body}"
        if opt_out:
            body = f"{body} {self.pick(_OPT_OUT.get(lang) or _OPT_OUT['en'])}"
        return body

    def code(self, pool: str, provider: str | None = None) -> tuple[str, str]:
        """(error string, provider) drawn from a cause's pool, preferring ``provider``."""
        rows = _codes_by_category()[pool]
        if provider is not None:
            mine = [r for r in rows if r.provider.value == provider]
            rows = tuple(mine) or rows
        info = self.pick(rows)
        return _error_string(self.rng, info), info.provider.value


def _base(
    b: _Builder, *, compliant: bool = True
) -> tuple[dict[str, Any], tuple[str, str], str, str]:
    """A compliant business message and its ordinary context; (message, brand, kind, lang)."""
    r = b.rng
    brand = b.pick(b.brands)
    kind = r.choices(list(_KIND_WEIGHTS), weights=list(_KIND_WEIGHTS.values()))[0]
    lang = r.choices(_LANGS, weights=_LANG_WEIGHTS)[0]
    if kind == "support":
        origin = "agent_reply"
        first = False
        consent = r.choice(["conversational", None])
        initiated = True
    elif kind == "promo":
        origin = r.choice(["proactive", "automation", "api"])
        first = r.random() < 0.4
        consent = "express_written"
        initiated = False
    else:
        origin = r.choice(["automation", "api", "proactive", "auto_reply"])
        first = r.random() < 0.35
        consent = r.choice(["express", "express_written"])
        initiated = r.random() < 0.2
    needs_opt_out = first or kind == "promo" or origin == "proactive"
    body = b.business_body(kind, lang, brand, identify=True, opt_out=needs_opt_out and compliant)
    msg: dict[str, Any] = {
        "body": body,
        "brand": brand[0] if r.random() < 0.7 else None,
        "origin": origin if r.random() < 0.8 else None,
        "first_message": first if r.random() < 0.8 else None,
        "consent": consent if r.random() < 0.7 else None,
        "recipient_initiated": initiated if r.random() < 0.6 else None,
        "sender_type": r.choice(["10dlc", "toll_free", "short_code", None]),
        "to": f"+1{b.pick(_AREA_CODES)}{r.randrange(200, 999)}{r.randrange(1000, 9999)}",
    }
    if kind == "support" and r.random() < 0.6:
        msg["history"] = [{"direction": "inbound", "body": b.pick(_INBOUND_CHAT)}]
    return msg, brand, kind, lang


def _with_error(b: _Builder, msg: dict[str, Any], pool: str) -> None:
    provider = b.rng.choices(list(_PROVIDER_WEIGHTS), weights=list(_PROVIDER_WEIGHTS.values()))[0]
    error, provider = b.code(pool, provider)
    msg["error"] = error
    # Numeric codes are only unique within a provider: usually known, sometimes not given.
    msg["provider"] = provider if b.rng.random() < 0.85 else None


def _filter_pool(b: _Builder, hard: bool) -> str:
    """A content cause shows up as a generic filter verdict, or (hard) as no reason at all."""
    return _UNKNOWN if hard else _GENERIC_FILTER


def _gen_opted_out(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, *_ = _base(b)
    hard = b.rng.random() < 0.4
    if hard:
        msg["history"] = [
            {"direction": "outbound", "body": "Thanks for signing up!"},
            {"direction": "inbound", "body": b.pick(_INFORMAL_OPT_OUT)},
        ]
        msg["recipient_opted_out"] = None
        _with_error(b, msg, b.pick([_GENERIC_FILTER, _UNKNOWN, Cause.RECIPIENT_BLOCKED.value]))
    else:
        msg["recipient_opted_out"] = b.pick([True, None, None])
        _with_error(b, msg, Cause.OPTED_OUT_RECIPIENT.value)
    return msg, hard


def _gen_missing_opt_out(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, brand, kind, lang = _base(b, compliant=False)
    kind = b.pick(["promo", "notice", "appointment", "order"])
    body = b.business_body(kind, lang, brand, identify=True, opt_out=False)
    if b.rng.random() < 0.25:
        body = f"{body} {b.pick(_NONSTANDARD_OPT_OUT)}"
    msg.update(
        body=body,
        first_message=True,
        origin=b.pick(["proactive", "automation", "api"]),
        consent=b.pick(["express", "express_written"]),
        recipient_initiated=False,
    )
    hard = b.rng.random() < 0.3
    _with_error(b, msg, _filter_pool(b, hard))
    return msg, hard


def _gen_missing_brand(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, brand, kind, lang = _base(b)
    kind = b.pick(["promo", "notice", "appointment", "order"])
    body = b.business_body(kind, lang, brand, identify=False, opt_out=True)
    msg.update(
        body=body,
        first_message=True,
        origin=b.pick(["proactive", "automation", "api"]),
        brand=brand[0] if b.rng.random() < 0.7 else None,
        recipient_initiated=False,
    )
    hard = b.rng.random() < 0.3
    _with_error(b, msg, _filter_pool(b, hard))
    return msg, hard


def _gen_no_consent(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, brand, _, lang = _base(b)
    kind = b.pick(["promo", "promo", "notice"])
    body = b.business_body(kind, lang, brand, identify=True, opt_out=True)
    hard = b.rng.random() < 0.35
    msg.update(
        body=body,
        origin="proactive",
        recipient_initiated=False,
        first_message=b.pick([True, None]),
        consent=None if hard else b.pick(["none", "conversational"]),
    )
    msg.pop("history", None)
    _with_error(b, msg, b.pick([Cause.NO_CONSENT.value, _filter_pool(b, hard)]))
    return msg, hard


def _gen_prohibited(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, brand, *_ = _base(b)
    hard = b.rng.random() < 0.4
    text = b.fill(b.pick(_PROHIBITED_HARD if hard else _PROHIBITED), brand)
    body = f"{brand[0]}: {text}" if b.rng.random() < 0.7 else text
    if b.rng.random() < 0.7:
        body = f"{body} {b.pick(_OPT_OUT['en'])}"
    msg.update(body=body, origin=b.pick(["proactive", "automation"]), consent="express_written")
    pool = b.pick([Cause.PROHIBITED_CONTENT.value, _GENERIC_FILTER, _GENERIC_FILTER, _UNKNOWN])
    _with_error(b, msg, pool)
    return msg, hard


def _gen_link(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, brand, *_ = _base(b)
    kind = b.pick(["order", "appointment", "notice", "promo"])
    link = b.bad_link(brand)
    templates = [t for t in _TEMPLATES[kind]["en"] if "{link}" in t]
    body = b.fill(b.pick(templates), brand, link)
    body = f"{brand[0]}: {body} {b.pick(_OPT_OUT['en'])}"
    msg["body"] = body
    hard = b.rng.random() < 0.3
    pool = Cause.URL_OR_LINK_FILTERING.value if b.rng.random() < 0.3 else _filter_pool(b, hard)
    _with_error(b, msg, pool)
    return msg, hard


def _gen_spam(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, brand, *_ = _base(b)
    hard = b.rng.random() < 0.35
    text = b.fill(b.pick(_SPAMMY_HARD if hard else _SPAMMY), brand)
    body = f"{brand[0]}: {text} {b.pick(_OPT_OUT['en'])}"
    msg.update(
        body=body, origin=b.pick(["proactive", "automation", "api"]), consent="express_written"
    )
    _with_error(b, msg, _GENERIC_FILTER)
    return msg, hard


def _gen_too_long(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, brand, kind, lang = _base(b)
    form = b.rng.random()
    if form < 0.15:
        msg["body"] = ""
    else:
        parts = [msg["body"]]
        # Emoji or curly quotes make it UCS-2 (67 units a segment), so length arrives sooner.
        while sum(len(p) for p in parts) < b.rng.randrange(1000, 2400):
            parts.append(b.business_body(kind, lang, brand, identify=False, opt_out=False))
            if b.rng.random() < 0.3:
                parts.append(b.pick(["😊", "“Thanks!”", "✨✨", "’"]))
        msg["body"] = " ".join(parts)
    hard = b.rng.random() < 0.25
    _with_error(b, msg, _UNKNOWN if hard else Cause.CONTENT_TOO_LONG_OR_ENCODING.value)
    return msg, hard


def _gen_invalid_destination(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, *_ = _base(b)
    hard = b.rng.random() < 0.25
    if hard or b.rng.random() < 0.3:
        msg["to"] = b.pick(_BAD_TO)
    _with_error(b, msg, _UNKNOWN if hard else Cause.INVALID_DESTINATION.value)
    return msg, hard


def _gen_by_code(cause: Cause) -> Callable[[_Builder], tuple[dict[str, Any], bool]]:
    """Transport/account causes: a clean message, told apart only by the code."""

    def gen(b: _Builder) -> tuple[dict[str, Any], bool]:
        msg, *_ = _base(b)
        if cause is Cause.FRAUD_PROTECTION_BLOCK and b.rng.random() < 0.5:
            brand = b.pick(b.brands)
            msg["body"] = b.business_body("otp", "en", brand, identify=True, opt_out=False)
            msg["to"] = b.pick(["+88216", "+3712", "+2327", "+9607"]) + str(b.rng.randrange(10**6))
        _with_error(b, msg, cause.value)
        return msg, False

    return gen


def _gen_unknown(b: _Builder) -> tuple[dict[str, Any], bool]:
    msg, *_ = _base(b)
    _with_error(b, msg, _UNKNOWN)
    return msg, False


_GENERATORS: dict[Cause, Callable[[_Builder], tuple[dict[str, Any], bool]]] = {
    Cause.OPTED_OUT_RECIPIENT: _gen_opted_out,
    Cause.MISSING_OPT_OUT_LANGUAGE: _gen_missing_opt_out,
    Cause.MISSING_BRAND_IDENTIFICATION: _gen_missing_brand,
    Cause.NO_CONSENT: _gen_no_consent,
    Cause.PROHIBITED_CONTENT: _gen_prohibited,
    Cause.URL_OR_LINK_FILTERING: _gen_link,
    Cause.SPAM_LIKE_CONTENT: _gen_spam,
    Cause.CONTENT_TOO_LONG_OR_ENCODING: _gen_too_long,
    Cause.INVALID_DESTINATION: _gen_invalid_destination,
    Cause.UNKNOWN: _gen_unknown,
    **{
        c: _gen_by_code(c)
        for c in (
            Cause.SENDER_NOT_REGISTERED,
            Cause.SENDER_BLOCKED,
            Cause.RECIPIENT_BLOCKED,
            Cause.RATE_OR_VOLUME_LIMIT,
            Cause.FRAUD_PROTECTION_BLOCK,
            Cause.UNREACHABLE_HANDSET,
            Cause.CARRIER_OR_NETWORK_FAILURE,
            Cause.ACCOUNT_OR_CONFIGURATION,
        )
    },
}
assert set(_GENERATORS) == set(Cause), "every canonical cause needs a generator"

# Rules whose hit relabels a corpus spam text (labelling functions): id -> cause.
_LABELLING_CAUSES = {Cause.PROHIBITED_CONTENT, Cause.URL_OR_LINK_FILTERING}


def _corpus_row(b: _Builder, text: str, source: str, label: str) -> GeneratedRow:
    """A real spam/smishing text as a failed A2P send behind a filter verdict."""
    msg: dict[str, Any] = {"body": text, "origin": b.pick(["proactive", "api", None])}
    if RuleContext(FailedMessage(body=text)).opt_out_instruction is None:
        # The label is the content, so the send must not also lack its opt-out footer:
        # otherwise a missing opt-out (which the ranking rightly puts first) contradicts it.
        msg["body"] = f"{text} {b.pick(_OPT_OUT['en'])}"
    _with_error(b, msg, _GENERIC_FILTER)
    findings, _ = run_rules(RULES, RuleContext(FailedMessage.from_dict(_clean(msg))))
    for f in findings:
        if f.cause in _LABELLING_CAUSES:
            return GeneratedRow(_clean(msg), f.cause, f"rule:{f.rule}", False, "corpus", "en")
    return GeneratedRow(
        _clean(msg), Cause.SPAM_LIKE_CONTENT, f"corpus:{source}:{label}", False, "corpus", "en"
    )


def _lawful_marketing(msg: dict[str, Any]) -> None:
    """Give a marketing body the consent and channel marketing needs, so a row labelled with
    another cause does not also break the consent rules (a second, unlabelled violation that
    the ranking would rightly put first)."""
    if not RuleContext(FailedMessage.from_dict(_clean(msg))).promotional:
        return
    if msg.get("origin") == "proactive":
        msg["origin"] = "automation"
    if msg.get("consent") is not None:
        msg["consent"] = "express_written"


def _clean(msg: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in msg.items() if v is not None}


def generate(
    n: int = 9000,
    *,
    seed: int = DEFAULT_SEED,
    corpus: pd.DataFrame | None = None,
    corpus_share: float = 0.04,
) -> pd.DataFrame:
    """``n`` labelled failed messages, the same for the same arguments.

    Columns: ``id, split, cause, label_source, hard, kind, lang, message`` (the JSON form
    ``FailedMessage.from_dict`` accepts). Causes are balanced. With ``corpus`` (from
    ``diagnose.learn.corpus.load_corpora``) a ``corpus_share`` of rows wrap real spam texts;
    the ``test`` split only takes corpus ``test`` texts and the others only ``train`` texts.

    Example:
        >>> df = generate(36, seed=1)
        >>> sorted(df["split"].unique())
        ['test', 'train', 'valid']
    """
    rng = random.Random(seed)
    causes = list(Cause)
    pools: dict[str, list[tuple[str, str, str]]] = {s: [] for s in SPLITS}
    if corpus is not None and corpus_share > 0:
        risky = corpus[corpus["risky"] == 1].sort_values("id")
        for row in risky.itertuples():
            # Corpus train texts go to generator train/valid by a hash of the id, never test.
            if row.split == "test":
                split = "test"
            else:
                split = "valid" if int(str(row.id)[:4], 16) % 6 == 0 else "train"
            pools[split].append((str(row.text), str(row.sources), str(row.label)))
    rows: list[dict[str, Any]] = []
    for i in range(n):
        split = rng.choices(SPLITS, weights=_SPLIT_WEIGHTS)[0]
        b = _Builder(rng, split)
        if pools[split] and rng.random() < corpus_share:
            text, source, label = pools[split][rng.randrange(len(pools[split]))]
            g = _corpus_row(b, text, source, label)
        else:
            cause = causes[i % len(causes)]
            msg, hard = _GENERATORS[cause](b)
            if cause is not Cause.NO_CONSENT:
                _lawful_marketing(msg)
            g = GeneratedRow(_clean(msg), cause, f"generator:{cause.value}", hard, "", "")
        payload = json.dumps(g.message, ensure_ascii=False, sort_keys=True)
        rows.append(
            {
                "id": hashlib.sha1(f"{seed}:{i}:{payload}".encode()).hexdigest()[:16],
                "split": split,
                "cause": g.cause.value,
                "label_source": g.label_source,
                "hard": g.hard,
                "message": payload,
            }
        )
    return pd.DataFrame(rows)


def to_messages(df: pd.DataFrame) -> list[FailedMessage]:
    """The ``message`` column as validated ``FailedMessage`` values."""
    return [FailedMessage.from_dict(json.loads(m)) for m in df["message"]]


def data_card(df: pd.DataFrame) -> dict[str, Any]:
    """Counts per cause, split and label source, and the known biases, for ``models/``."""
    return {
        "generator_version": GENERATOR_VERSION,
        "rows": len(df),
        "by_split": {k: int(v) for k, v in df["split"].value_counts().sort_index().items()},
        "by_cause": {k: int(v) for k, v in df["cause"].value_counts().sort_index().items()},
        "by_label_source_kind": {
            k: int(v)
            for k, v in df["label_source"].str.split(":").str[0].value_counts().sort_index().items()
        },
        "by_label_source": {
            k: int(v) for k, v in df["label_source"].value_counts().sort_index().items()
        },
        "hard": int(df["hard"].sum()),
        "known_biases": [
            "Synthetic: templates written by the project, shared across splits (brands are not).",
            "Causes are balanced, unlike real traffic where transport failures dominate.",
            "About 80% English; other languages use fewer templates.",
            "Transport/account causes differ only by error code: the body carries no signal.",
            "Corpus rows are late-2000s UK spam and Indian-context smishing, not modern A2P.",
        ],
    }
