"""Content rules: categories US carriers forbid or restrict, phishing cues, look-alike links.

Source: compliance-rules.md section F (CONTENT-*) and the carrier codes it cites.
Term lists are regex fragments matched case-insensitively on whole words, so "Essex",
"login", "between", "tweed" and "screenshot" never match "sex", "gin", "bet", "weed", "shot".
All term lists share one ``Lexicon`` scan per message (see ``_found``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from diagnose.causes import Cause
from diagnose.rules.base import CheckResult, Hit, Rule, Severity, Span, rule
from diagnose.rules.context import RuleContext, has_links
from diagnose.rules.prefilters import lexicon_prefilter
from diagnose.text.lexicon import Lexicon
from diagnose.text.links import UrlMatch
from diagnose.text.spans import merge_spans


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable lists."""
    return frozenset(text.split())


# Every content rule reads one shared scan of the body by ``_LEXICON`` (defined below,
# once all its term lists are).
def _terms(ctx: RuleContext) -> Mapping[str, tuple[Span, ...]]:
    """Every content rule reads the same scan of the body (one scan, not eight)."""
    return _LEXICON.scan_lower(ctx.lower, ctx.words, ctx.word_keys)


def _found(ctx: RuleContext) -> Mapping[str, tuple[Span, ...]]:
    return ctx.shared(_terms)


def _has_terms(ctx: RuleContext) -> bool:
    """Gate of the rules that need a term of the scan (a scan that found none returns the
    lexicon's shared empty result)."""
    return _found(ctx) is not _LEXICON.nothing


def _quote(body: str, spans: Iterable[Span], limit: int = 4) -> str:
    """The distinct matched texts, lower-cased, for a per-hit message."""
    seen = list(dict.fromkeys(" ".join(body[s.start : s.end].lower().split()) for s in spans))
    more = ", ..." if len(seen) > limit else ""
    return ", ".join(f"'{w}'" for w in seen[:limit]) + more


# ---------------------------------------------------------------------------------------
# CNT001 SHAFT: sex, hate, alcohol, firearms, tobacco. Everyday words that merely contain
# a term ("Essex", "login", "screenshot") are excluded by the word boundaries; words with
# a harmless common sense are left out ("shot": flu shot; "nude": a lipstick shade;
# "adult": adult tickets) or pinned to their adult sense by a neighbour ("escort service").
_SHAFT: dict[str, tuple[str, ...]] = {
    "sex/adult": (
        r"sex",
        r"sexy",
        r"sex toys?",
        r"porn(?:o|ography|ographic)?",
        # "XXX" alone is as often a mask or a placeholder ("code: 821-XXX", "Hi XXX,"):
        # only beside its adult sense.
        r"xxx (?:videos?|movies?|pics|photos|content|sites?|chat|cams?|girls?|dating|porn)",
        r"(?:free|hot|live|real) xxx",
        r"nudes",
        r"nude (?:pics|photos|videos)",
        r"erotic(?:a)?",
        r"escort (?:service|services|agency)",
        r"strip (?:club|clubs)",
        r"strippers?",
        r"adult (?:content|entertainment|videos?|toys?|chat)",
        r"onlyfans",
        r"horny",
        r"hook(?:-|\s)?ups? tonight",
    ),
    "hate": (
        r"white (?:power|supremacy|supremacists?)",
        r"race war",
        r"ethnic cleansing",
        r"heil hitler",
        r"kkk",
    ),
    "alcohol": (
        r"alcohol(?:ic)?",
        r"beers?",
        r"wines?",
        r"vodka",
        r"whiske?y",
        r"bourbon",
        r"tequila",
        r"gin",
        r"liquor",
        r"booze",
        r"cocktails?",
        r"happy hour",
        r"brewery",
        r"craft beers?",
    ),
    "firearms": (
        r"firearms?",
        # "glue gun", "nail gun" and friends are tools, not weapons.
        r"(?<!glue\s)(?<!nail\s)(?<!heat\s)(?<!spray\s)(?<!caulk\s)(?<!staple\s)"
        r"(?<!massage\s)(?<!water\s)(?<!grease\s)guns?",
        r"handguns?",
        r"shotguns?",
        r"rifles?",
        r"pistols?",
        r"ammo",
        r"ammunition",
        r"ar-15s?",
        r"ar15s?",
        r"gun (?:show|shop|store|range)",
    ),
    "tobacco/vape": (
        r"tobacco",
        r"cigarettes?",
        r"cigars?",
        r"vapes?",
        r"vaping",
        r"vape (?:shop|juice|pens?)",
        r"e-cigs?",
        r"ecigs?",
        r"e-cigarettes?",
        r"ecigarettes?",
        r"e-liquids?",
        r"eliquids?",
        r"juul",
        r"nicotine",
        r"hookah",
        r"smoke shop",
    ),
}


@rule(
    id="CNT001",
    name="shaft-content",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md CONTENT-SHAFT; TMO (SHAFT fines); TW-E 30883, 30441; BW-ERR 4770",
    fix="Remove sex, hate, alcohol, firearms and tobacco/vape content, or send it only from "
    "a registered, age-gated campaign approved for that content.",
    prefilter=lexicon_prefilter(Lexicon(_SHAFT)),
    gate=_has_terms,
)
def shaft_content(ctx: RuleContext) -> CheckResult:
    """The message mentions a SHAFT category (sex, hate, alcohol, firearms, tobacco).

    ## What it does
    Finds words of the SHAFT categories: adult/sexual content, hate speech, alcohol,
    firearms and ammunition, tobacco and vaping. Matching is on whole words, so "Essex",
    "login" or "glue gun" do not count.

    ## Why is this bad?
    US carriers restrict SHAFT content: T-Mobile fines it, and campaigns or toll-free
    numbers carrying it are rejected (Twilio 30883, 30441) or filtered (Bandwidth 4770)
    unless the program is registered for it with age gating.

    ## Example
        Acme Liquor: happy hour tonight, 2-for-1 vodka cocktails!

    ## Use instead
        Acme: your table for 4 is booked for 7pm tonight. Reply C to cancel.
    """
    body = ctx.body
    found = _found(ctx)
    categories = [c for c in _SHAFT if found[c]]
    if categories:
        spans = [s for c in categories for s in found[c]]
        yield Hit(
            f"Restricted SHAFT content ({', '.join(categories)}): {_quote(body, spans)}.",
            merge_spans(spans),
        )


# ---------------------------------------------------------------------------------------
# CNT002: cannabis, CBD, other illegal substances and articles (TW-FORB, TW-E 30469).
_SUBSTANCES = (
    r"cannabis",
    r"marijuana",
    r"marihuana",
    r"cbd",
    r"thca?",
    r"delta-?\s?[89](?:\s?thc)?",
    r"hemp (?:oil|flower|gummies|extract|derived)",
    r"hemp-derived",
    # Lawn care says "weed control"; only the drug sense counts.
    r"weed(?!\s+(?:control|killer|killers|and\s+feed|treatment|prevention|preventer|"
    r"barrier|whacker|eater|free|spray))",
    r"ganja",
    r"kush",
    r"kratom",
    r"dispensar(?:y|ies)",
    # Plural only: "Edible Arrangements" is a fruit-bouquet company.
    r"edibles",
    # Dispensary product words: "pre-roll", "THC carts".
    # Not a video "pre-roll ad".
    r"pre-?rolls?(?!\s+(?:ads?|videos?|adverts?|advertising|spots?|campaigns?))",
    r"thc (?:carts?|cartridges?|vapes?)",
    r"shrooms",
    r"magic mushrooms?",
    r"psilocybin",
    r"bongs?",
    r"rolling papers",
    r"no prescription (?:needed|required)",
    r"without (?:a )?prescription",
    r"fireworks",
    r"firecrackers?",
)


@rule(
    id="CNT002",
    name="cannabis-cbd-content",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.BLOCKER,
    source="compliance-rules.md CONTENT-ILLEGAL-SUBSTANCES; TW-FORB; TW-E 30469, 30883",
    fix="Remove cannabis, CBD, THC, kratom, drugs without prescription and fireworks; US "
    "carriers do not allow them even where they are legal under state law.",
    prefilter=lexicon_prefilter(Lexicon({"substances": _SUBSTANCES})),
    gate=_has_terms,
)
def cannabis_cbd_content(ctx: RuleContext) -> CheckResult:
    """The message promotes cannabis, CBD, THC, kratom or another forbidden substance.

    ## What it does
    Finds cannabis and CBD terms (marijuana, THC, delta-8, dispensary, edibles), kratom,
    psilocybin, drug paraphernalia, drugs "without a prescription" and fireworks.

    ## Why is this bad?
    These are federally illegal or carrier-forbidden in the US and Canada, whatever state
    law says: Twilio lists them as forbidden, toll-free verification rejects them (30469)
    and carriers block the traffic.

    ## Example
        Green Leaf Dispensary: 20% off CBD gummies and THC edibles this weekend!

    ## Use instead
        Green Leaf Wellness: your order #1043 is ready for pickup.
    """
    spans = _found(ctx)["substances"]
    if spans:
        yield Hit(f"Forbidden substance content: {_quote(ctx.body, spans)}.", tuple(spans))


# ---------------------------------------------------------------------------------------
# CNT003: gambling and sweepstakes. "bet" alone is avoided ("your best bet"), as is
# "slot" (an appointment slot) and "raffle" (common in school and charity messages).
_GAMBLING = (
    r"casinos?",
    r"gambl(?:e|ing)",
    r"betting",
    r"sportsbooks?",
    r"place (?:a|your) bets?",
    r"free bets?",
    r"bet now",
    r"bet \$\d[\d,]*",
    r"wager(?:s|ing)?",
    r"parlays?",
    r"odds boosts?",
    r"poker",
    r"blackjack",
    r"roulette",
    r"slot machines?",
    r"(?:online|free) slots",
    r"free spins",
    r"jackpots?",
    r"lottery",
    r"lotto",
    r"sweepstakes?",
    r"daily fantasy",
)


@rule(
    id="CNT003",
    name="gambling-sweepstakes-content",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.BLOCKER,
    source="compliance-rules.md CONTENT-GAMBLING-SWEEPS; TW-E 30443, 30897; TW-FORB",
    fix="Remove gambling, betting, lottery and sweepstakes content; it cannot be sent on "
    "standard 10DLC or toll-free campaigns.",
    prefilter=lexicon_prefilter(Lexicon({"gambling": _GAMBLING})),
    gate=_has_terms,
)
def gambling_sweepstakes_content(ctx: RuleContext) -> CheckResult:
    """The message promotes gambling, betting, lotteries or sweepstakes.

    ## What it does
    Finds gambling terms (casino, betting, sportsbook, poker, slot machines, free spins,
    jackpot, lottery) and sweepstakes.

    ## Why is this bad?
    Gambling and sweepstakes are disallowed content for 10DLC and toll-free messaging
    (Twilio 30443, 30897); carriers block it.

    ## Example
        Lucky7 Casino: claim 50 free spins and a $20 free bet tonight!

    ## Use instead
        Lucky7 Hotel: your room is ready. Check-in is open until 11pm.
    """
    spans = _found(ctx)["gambling"]
    if spans:
        yield Hit(f"Gambling or sweepstakes content: {_quote(ctx.body, spans)}.", tuple(spans))


# ---------------------------------------------------------------------------------------
# CNT004: high-risk financial services. Category terms are never first-party servicing
# and fire alone; a plain loan or crypto word fires only beside solicitation framing, so
# "Acme Bank: your loan payment of $120 is due" passes.
_FINANCE_CATEGORY = (
    r"payday (?:loans?|lenders?|advances?)",
    r"title loans?",
    r"cash advance loans?",
    r"debt (?:relief|consolidation|forgiveness|settlement|reduction)",
    r"consolidate your debts?",
    r"credit repair",
    r"(?:fix|repair|rebuild|clean up) your credit",
    r"bad credit (?:ok|okay|welcome|accepted|no problem)",
    r"no credit checks?",
    r"guaranteed (?:loan )?approval",
    r"stock (?:tips|picks|alerts)",
    r"penny stocks?",
    r"crypto (?:signals|tips|trading signals)",
    r"forex signals",
    r"binary options",
)
_FINANCE_PRODUCT = (
    r"loans?",
    r"lenders?",
    r"cash advances?",
    r"lines? of credit",
    r"credit lines?",
    r"financing",
    r"mortgages?",
    r"refinanc(?:e|ing)",
    r"loan forgiveness",
    r"crypto(?:currency|currencies)?",
    r"bitcoin",
    r"btc",
    r"forex",
)
_SOLICITATION = (
    r"get approved",
    r"approved for(?= (?:up to|a|an) )",
    r"pre-?approved",
    r"pre-?qualif(?:y|ied)",
    r"apply (?:now|today|online|here)",
    r"instant (?:approval|cash|funding|decision)",
    r"approval in minutes",
    r"bad credit",
    r"you (?:may )?qualify",
    r"qualify for",
    r"borrow up to",
    r"up to \$\d[\d,]*k?",
    r"same-?\s?day (?:cash|funding|deposit)",
    r"fast cash",
    r"quick cash",
    r"need (?:cash|money)",
    r"low(?:est)? rates?",
    r"invest now",
    r"guaranteed (?:returns?|profits?|income)",
    r"double your money",
)


@rule(
    id="CNT004",
    name="high-risk-financial-content",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.BLOCKER,
    source="compliance-rules.md CONTENT-HIGH-RISK-FINANCE; TW-FORB; TW-E 30443, 30897; TMO",
    fix="Remove payday/third-party loan, debt relief, credit repair and crypto/stock "
    "promotions. A lender may still message its own customers about their own accounts.",
    prefilter=lexicon_prefilter(
        Lexicon({"category": _FINANCE_CATEGORY, "product": _FINANCE_PRODUCT})
    ),
    gate=_has_terms,
)
def high_risk_financial_content(ctx: RuleContext) -> CheckResult:
    """The message solicits high-risk financial services (payday loans, debt relief, crypto).

    ## What it does
    Finds high-risk financial categories that are never first-party servicing (payday and
    title loans, debt relief or consolidation, credit repair, stock tips, crypto signals,
    "bad credit OK"), and loan, credit or crypto offers in solicitation framing ("get
    approved", "apply now", "borrow up to $5,000"). A lender's message about a customer's
    own account ("your loan payment is due") does not count.

    ## Why is this bad?
    Carriers forbid these categories on 10DLC and toll-free (Twilio 30443, 30897; T-Mobile
    code of conduct); the traffic is blocked and the campaign can be suspended.

    ## Example
        Need cash fast? Get approved for a payday loan up to $1,000 today. Bad credit OK!

    ## Use instead
        Acme Bank: your loan payment of $120 is due on 6/1. Reply HELP for help.
    """
    body = ctx.body
    found = _found(ctx)
    spans = list(found["finance-category"])
    products = found["finance-product"]
    cues = found["solicitation"] if products else ()
    if not spans and not cues:
        return
    if cues:
        spans += [*products, *cues]
    merged = merge_spans(spans)
    yield Hit(f"High-risk financial solicitation: {_quote(body, merged)}.", merged)


# ---------------------------------------------------------------------------------------
# CNT005: third-party lead generation and affiliate marketing.
_LEAD_GEN = (
    r"we (?:partner|work) with (?:\w+ ){0,2}(?:lenders|insurers|insurance companies|"
    r"agents|agencies|brokers|providers|companies|carriers|brands|partners)",
    r"(?:network|panel) of (?:\w+ ){0,2}(?:lenders|insurers|agents|brokers|providers|partners)",
    r"compare (?:free )?(?:quotes|rates|offers|plans) from",
    r"compare (?:insurance |auto |home |health )?quotes",
    r"get matched (?:with|to)",
    r"(?:be|get|been) matched with(?= (?:a|an|the|top|local|up to) )",
    r"(?:quotes?|offers) from (?:top|multiple|several|local|\d+) (?:\w+ )?(?:lenders|insurers|"
    r"providers|companies|agents|brokers|carriers)",
    r"multiple (?:lenders|insurers|providers|offers)",
    r"affiliate (?:link|offer|program|partner)s?",
    r"on behalf of (?:our|one of our) partners?",
    r"third-?\s?party offers?",
    r"from our (?:marketing |trusted )?partners",
)


@rule(
    id="CNT005",
    name="lead-generation-content",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md CONTENT-LEADGEN-AFFILIATE; TW-FORB; TW-E 30882; TMO (AT&T "
    "and Verizon lists)",
    fix="Only message about your own products and services to people who opted in to your "
    "brand; do not send third-party offers, affiliate links or lead-matching texts.",
    prefilter=lexicon_prefilter(Lexicon({"lead-gen": _LEAD_GEN})),
    gate=_has_terms,
)
def lead_generation_content(ctx: RuleContext) -> CheckResult:
    """The message generates leads or markets offers for third parties.

    ## What it does
    Finds the shapes of third-party lead generation and affiliate marketing: "we partner
    with lenders", "compare quotes from", "get matched with", "offers from our partners",
    affiliate links.

    ## Why is this bad?
    Lead generation and affiliate marketing are forbidden (Twilio 30882 for affiliate
    campaigns; AT&T and Verizon lists): consent cannot be shared across brands, so the
    recipient never agreed to hear from the businesses behind the offer.

    ## Example
        Save on car insurance! Compare quotes from top insurers and get matched with an agent.

    ## Use instead
        Acme Insurance: your policy renews on 6/1. View it at acme.com/policy
    """
    spans = _found(ctx)["lead-gen"]
    if spans:
        yield Hit(f"Third-party lead generation: {_quote(ctx.body, spans)}.", tuple(spans))


# ---------------------------------------------------------------------------------------
# CNT008: get-rich-quick. "work from home" alone is an ordinary office notice; it counts
# only as a job or money offer.
_GET_RICH = (
    r"work(?:ing)?[-\s]from[-\s]home[-\s](?:jobs?|opportunit(?:y|ies)|positions?|business)",
    r"(?:jobs?|opportunit(?:y|ies)|earn money|earn cash) (?:to )?work(?:ing)?[-\s]from[-\s]home",
    r"secret shoppers?",
    r"mystery shoppers?",
    r"be your own boss",
    r"mlm",
    r"multi-?\s?level marketing",
    r"network marketing",
    r"pyramid scheme",
    r"passive income",
    r"financial freedom",
    r"get rich",
    r"make (?:money|cash|\$\d[\d,]*) (?:from home|online|fast|working from home)",
    r"earn (?:up to )?\$\d[\d,]*\+?\s?(?:a|per|each|every|/)\s?(?:day|week|hr|hour)",
    r"risk-?\s?free investments?",
    r"(?:double|triple) your (?:money|investment|income)",
)


@rule(
    id="CNT008",
    name="get-rich-quick-content",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md CONTENT-GET-RICH; TW-FORB; TMO (textbuq)",
    fix="Remove work-from-home, secret-shopper, MLM and easy-money offers; they are not an "
    "allowed use case.",
    prefilter=lexicon_prefilter(Lexicon({"get-rich": _GET_RICH})),
    gate=_has_terms,
)
def get_rich_quick_content(ctx: RuleContext) -> CheckResult:
    """The message offers easy money: work-from-home jobs, secret shopping, MLM.

    ## What it does
    Finds get-rich-quick offers: work-from-home jobs, secret or mystery shopper gigs,
    multi-level marketing, "earn $500 a day", "passive income", risk-free investments.

    ## Why is this bad?
    Carriers forbid these categories (Twilio forbidden categories, T-Mobile code of
    conduct) because they are the staple of job and investment scams.

    ## Example
        Earn $500 a day as a secret shopper! Work from home jobs available now.

    ## Use instead
        Acme HR: your interview is confirmed for Tue 10am at 12 Main St.
    """
    spans = _found(ctx)["get-rich"]
    if spans:
        yield Hit(f"Get-rich-quick offer: {_quote(ctx.body, spans)}.", tuple(spans))


# ---------------------------------------------------------------------------------------
# CNT006: phishing. Three kinds of cue: urgency, a request for credentials or payment
# details ("strong"), and a mere mention of signing in or a secret ("weak"). A real
# account notice may say "log in at acme.com" or "never share your PIN"; the phishing
# shape is asking for the secret, with a link or under time pressure.
_URGENCY = (
    r"urgent(?:ly)?",
    r"immediately",
    r"immediate action",
    r"action required",
    r"within \d+\s?(?:hours?|hrs?|h|minutes?|mins?)",
    r"suspended",
    r"suspension",
    r"locked",
    r"disabled",
    r"deactivated",
    r"terminated",
    r"restricted",
    r"(?:unusual|suspicious) (?:activity|sign-?\s?in|sign-?\s?on|login|log-?\s?in|charges?)",
    r"final (?:notice|warning)",
    r"last warning",
    r"expires? today",
    r"will be (?:closed|suspended|deleted|locked|cancell?ed)",
)
_CREDENTIAL_ASK = (
    r"(?:verify|confirm|update|validate|reactivate|re-activate|unlock|restore|secure) (?:your )?"
    r"(?:account|identity|details|information|info|billing|credentials|"
    r"payment(?: details| info| information| method)?|card(?: number| details)?|"
    r"bank(?:ing)? (?:details|info|information))",
    r"(?:enter|provide|send|share|reply with|text|submit|type|give us|confirm|verify|update) "
    r"(?:us )?(?:your|the) (?:password|passcode|pin|card number|credit card(?: number)?|"
    r"debit card(?: number)?|cvv|ssn|social security(?: number)?|bank (?:account|details|login)|"
    r"account number|routing number|login(?: details| credentials)?|credentials)",
)
_CREDENTIAL_WORD = (
    r"log-?\s?in",
    r"login",
    r"sign-?\s?in",
    r"password",
    r"passcode",
    r"pin",
    r"(?:update|confirm|verify) (?:your )?(?:delivery |shipping )?address",
)
_NEGATION = re.compile(r"(?:\bnever|\bnot|n't|\bno one|\bnobody)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)


def _asked(body: str, spans: Iterable[Span]) -> Iterator[Span]:
    """Spans not preceded by a negation: "never share your PIN" is advice, not a request."""
    for s in spans:
        if not _NEGATION.search(body[max(0, s.start - 30) : s.start]):
            yield s


@rule(
    id="CNT006",
    name="phishing-cues",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.BLOCKER,
    source="compliance-rules.md CONTENT-PHISHING-DECEPTIVE; TMO (genxtra: highest fine tier "
    "for phishing/smishing); TW-E 30884, 30885; AWS TEXT_CARRIER_BLOCKED",
    fix="Never ask for passwords, PINs, card or account details by text. Point customers to "
    "your app or your own website, without threats of suspension or deadlines.",
    prefilter=lexicon_prefilter(Lexicon({"ask": _CREDENTIAL_ASK, "word": _CREDENTIAL_WORD})),
    gate=_has_terms,
)
def phishing_cues(ctx: RuleContext) -> CheckResult:
    """The message reads like phishing: a credential or payment request with a link or a threat.

    ## What it does
    Looks for three cues: urgency ("urgent", "within 24 hours", "suspended", "locked"),
    a request for credentials or payment details ("verify your account", "confirm your
    details", "enter your PIN", "update payment") and a link. It fires on a request plus
    a link, or a request plus urgency (most severe); a mere "log in" or "password" counts
    only with both urgency and a link. Negated advice ("never share your PIN") is ignored.

    ## Why is this bad?
    Phishing and smishing sit in T-Mobile's highest fine tier; carriers block messages of
    this shape (AWS TEXT_CARRIER_BLOCKED) and flag the campaign (Twilio 30884, 30885),
    however genuine the sender.

    ## Example
        URGENT: your account has been suspended. Verify your account within 24 hours at
        acme-secure.xyz/login

    ## Use instead
        Acme Bank: we noticed a new sign-in. If it wasn't you, call the number on your card.
    """
    body = ctx.body
    found = _found(ctx)
    strong = list(_asked(body, found["credential-ask"]))
    weak = [] if strong else list(_asked(body, found["credential-word"]))
    if not strong and not weak:
        return
    urgency = list(found["urgency"])
    links = [Span(u.start, u.end) for u in ctx.urls]
    if strong and urgency:
        severity = Severity.BLOCKER
        what = "asks for credentials or payment details under time pressure"
    elif strong and links:
        severity = Severity.LIKELY
        what = "asks for credentials or payment details through a link"
    elif weak and urgency and links:
        severity = Severity.BLOCKER
        what = "pairs a threat with a link to sign in"
    else:
        return
    spans = merge_spans(urgency + strong + weak + links)
    link_set = set(links)
    cues = _quote(body, [s for s in spans if s not in link_set])
    yield Hit(f"Phishing shape: the message {what} ({cues}).", spans, severity)


# ---------------------------------------------------------------------------------------
# CNT007: look-alike domains. The brand list is deliberately small: the brands smishing
# most often imitates (parcel carriers, banks, payment apps, big tech), each with the
# domains it really owns, so "support.apple.com" passes and "apple-id-verify.com" fails.
_BRAND_DOMAINS: dict[str, tuple[str, ...]] = {
    "paypal": ("paypal.com", "paypal.me"),
    "amazon": ("amazon.com", "amazon.co.uk", "amazon.ca", "amazon.de", "amzn.to", "amzn.com"),
    "apple": ("apple.com", "apple.co", "icloud.com"),
    "appleid": ("apple.com",),
    "icloud": ("icloud.com", "apple.com"),
    "usps": ("usps.com", "usps.gov"),
    "fedex": ("fedex.com",),
    "ups": ("ups.com",),
    "dhl": ("dhl.com", "dhl.de"),
    "netflix": ("netflix.com",),
    "microsoft": ("microsoft.com", "live.com", "office.com"),
    "google": ("google.com", "goo.gle", "g.co"),
    "chase": ("chase.com",),
    "wellsfargo": ("wellsfargo.com",),
    "bankofamerica": ("bankofamerica.com", "bofa.com"),
    "citibank": ("citi.com", "citibank.com"),
    "irs": ("irs.gov",),
    "venmo": ("venmo.com",),
    "zelle": ("zellepay.com", "zelle.com"),
    "cashapp": ("cash.app",),
    "coinbase": ("coinbase.com",),
    "facebook": ("facebook.com", "fb.com", "fb.me"),
    "instagram": ("instagram.com",),
    "whatsapp": ("whatsapp.com", "wa.me"),
    "walmart": ("walmart.com",),
    "costco": ("costco.com",),
    "verizon": ("verizon.com", "vzw.com"),
    "tmobile": ("t-mobile.com",),
    "geico": ("geico.com",),
    "ezpass": ("e-zpassny.com", "ezpassnj.com", "e-zpassiag.com"),
}
# Words phishing domains glue to a brand name to look official.
_BAIT = _words(
    "support help service services secure security verify verification login signin "
    "account accounts update billing id pay payment payments refund refunds alert alerts "
    "track tracking delivery redelivery package parcel claim unlock confirm center "
    "customer team online web app wallet reward rewards bonus gift care notice check"
)
# Digits and letter pairs standing in for letters: paypa1, amaz0n, rnicrosoft.
_FOLD = str.maketrans("01345789", "oleastbg")
_PAIRS = (("rn", "m"), ("vv", "w"))
_NOT_LABEL = re.compile(r"[^a-z0-9]+")
# Cheap precondition: some brand name occurs in the host at all.
_ANY_BRAND = re.compile("|".join(sorted(_BRAND_DOMAINS, key=len, reverse=True)))
# "ups", "irs", "dhl" are too short to find inside other words: only whole tokens count.
_GLUED_MIN = 4


def _unswap(text: str) -> str:
    text = text.translate(_FOLD)
    for pair, letter in _PAIRS:
        text = text.replace(pair, letter)
    return text


def _imitates(token: str) -> str | None:
    """The brand a host token imitates, if it is the brand or brand+bait/bait+brand."""
    if token in _BRAND_DOMAINS:
        return token
    for brand in _BRAND_DOMAINS:
        if len(brand) < _GLUED_MIN:
            continue
        if token.startswith(brand) and token[len(brand) :] in _BAIT:
            return brand
        if token.endswith(brand) and token[: -len(brand)] in _BAIT:
            return brand
    return None


def _look_alike(url: UrlMatch) -> str | None:
    """Why a link's host imitates a brand, or None."""
    host = url.host
    if url.is_ip:
        return None
    if not (_ANY_BRAND.search(host) or _ANY_BRAND.search(_unswap(host))):
        return None
    labels = host.split(".")
    # (label index, token) for every hyphen-separated part; the TLD never imitates.
    parts = [(i, t) for i, label in enumerate(labels[:-1]) for t in _NOT_LABEL.split(label) if t]
    tokens = [t for _, t in parts]
    for index, token in parts:
        folded = _unswap(token)
        brand = _imitates(token)
        swapped = False
        if brand is None and folded != token:
            brand = _imitates(folded)
            swapped = brand is not None
        if brand is None:
            continue
        if any(host == d or host.endswith("." + d) for d in _BRAND_DOMAINS[brand]):
            return None
        if swapped:
            return f"'{host}' spells '{brand}' with look-alike characters"
        glued = token != brand  # "paypalsupport"
        bait = any(t in _BAIT for t in tokens if t != token)  # "apple-id-verify"
        subdomain = index < len(labels) - 2  # "paypal.com.secure.xyz"
        if glued or bait or subdomain:
            return f"'{host}' dresses up as '{brand}' on a domain '{brand}' does not own"
    return None


def _spelled(term: str) -> str:
    """A regex for ``term`` and every text ``_unswap`` turns into it (``[a4]``, ``(?:m|rn)``)."""
    out = []
    for c in term:
        ways = [c, *(chr(d) for d, to in _FOLD.items() if chr(to) == c)]
        pairs = [pair for pair, letter in _PAIRS if letter == c]
        one = "[" + "".join(ways) + "]" if len(ways) > 1 else re.escape(c)
        out.append("(?:" + "|".join([one, *pairs]) + ")" if pairs else one)
    return "".join(out)


def _look_alike_prefilter() -> str:
    """CNT007's necessary condition: a host token (a ``[a-z0-9]`` run a host splits into,
    which no letter or digit precedes) that is, or unswaps to, a brand, or bait glued in
    front of a long one; brand+bait starts with the brand. From the tables ``_imitates``
    reads, so the two cannot drift."""
    brands = sorted(_spelled(b) for b in _BRAND_DOMAINS)
    long = sorted(_spelled(b) for b in _BRAND_DOMAINS if len(b) >= _GLUED_MIN)
    bait = sorted(_spelled(w) for w in _BAIT)
    glued = "(?:" + "|".join(bait) + ")(?:" + "|".join(long) + ")"
    return "(?:^|[^0-9a-z])(?:" + glued + "|" + "|".join(brands) + ")"


@rule(
    id="CNT007",
    name="look-alike-domain",
    cause=Cause.PROHIBITED_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md CONTENT-PHISHING-DECEPTIVE (impersonation), LINK-BRAND-DOMAIN; "
    "TW-E 30884; TMO (genxtra tiers)",
    fix="Link only to a domain your business owns and that carries your own name; never "
    "to a domain that imitates another brand.",
    prefilter=_look_alike_prefilter(),
    gate=has_links,
)
def look_alike_domain(ctx: RuleContext) -> CheckResult:
    """A link's domain imitates a well-known brand (paypa1.com, amazon-support.xyz).

    ## What it does
    Checks each link host against a small list of brands smishing imitates most (parcel
    carriers, banks, payment apps, big tech). It fires on digit-for-letter swaps
    ("paypa1", "amaz0n") and on the brand name glued to bait words ("apple-id-verify",
    "usps-tracking") or used as a subdomain, on a domain the brand does not own.

    ## Why is this bad?
    Impersonating a brand is phishing: carriers block the link and T-Mobile fines
    phishing at its highest tier. Even a legitimate reseller using such a domain is
    treated as an impostor.

    ## Example
        Your parcel is waiting: usps-tracking-xyz.com/redeliver

    ## Use instead
        Your parcel is waiting: https://tools.usps.com/go/TrackConfirmAction
    """
    for url in ctx.urls:
        why = _look_alike(url)
        if why:
            yield Hit(f"Look-alike domain: {why}.", (Span(url.start, url.end),))


_LEXICON = Lexicon(
    {
        **_SHAFT,
        "substances": _SUBSTANCES,
        "gambling": _GAMBLING,
        "finance-category": _FINANCE_CATEGORY,
        "finance-product": _FINANCE_PRODUCT,
        "solicitation": _SOLICITATION,
        "lead-gen": _LEAD_GEN,
        "get-rich": _GET_RICH,
        "urgency": _URGENCY,
        "credential-ask": _CREDENTIAL_ASK,
        "credential-word": _CREDENTIAL_WORD,
    }
)


RULES: tuple[Rule, ...] = (
    shaft_content,
    cannabis_cbd_content,
    gambling_sweepstakes_content,
    high_risk_financial_content,
    lead_generation_content,
    phishing_cues,
    look_alike_domain,
    get_rich_quick_content,
)
