"""Spam-style rules: shouting, punctuation runs, prize and pressure language, emoji clusters.

Source: compliance-rules.md section H (SPAM-*). Carriers publish no word lists or
thresholds; these are vendor-reported triggers, and the thresholds are the reference's
"proposed" ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from diagnose.causes import Cause
from diagnose.rules.base import CheckResult, Hit, Rule, Severity, Span, rule
from diagnose.rules.context import RuleContext, has_non_ascii
from diagnose.rules.prefilters import at_least, lexicon_prefilter
from diagnose.text.lexicon import Lexicon


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable lists."""
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------
# SPM001: all caps. Keywords are capitalised by convention, acronyms are not shouting, and
# a "ACME:" sender prefix is identification, so none of them count.
KEYWORDS = _words(
    "STOP STOPALL UNSTOP START HELP INFO CANCEL END QUIT UNSUBSCRIBE OPTOUT REVOKE ARRET "
    "YES NO REMOVE"
)
ACRONYMS = _words(
    "USPS UPS DHL OTP PIN ID SMS MMS FAQ USA ATM ETA ASAP RSVP APR APY EST PST CST MST "
    "EDT PDT CDT MDT UTC GMT AM PM DMV IRS LLC INC LTD CEO URL APP VIN DOB SSN TV PDF "
    "FYI HVAC CPR ER ICU MD DDS DVM PT ACH PO POS SKU QR VIP RX DIY NYC LA DC USB GPS "
    "WIFI HR IT KPI CVV EMI GST VAT TBD"
)
_UPPER = "A-ZÀ-ÖØ-ÞЁА-ЯΑ-Ω"
# A whole word of capitals and digits, with at least one capital (numbers neither shout nor
# break a run: a lower-case word between two capital words is what breaks it). The
# lookarounds allow one start per word, so a long capital run followed by a lower-case
# letter fails in linear time.
# An apostrophe between capitals is inside the word ("DON'T", "JACK’SON"), not between two.
CAPS_WORD = re.compile(
    rf"(?<![^\W_])[0-9]*[{_UPPER}][{_UPPER}0-9]*(?:['’]+[{_UPPER}][{_UPPER}0-9]*)*(?![^\W_])"
)
_LETTER = re.compile(r"[^\W\d_]")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# A sender prefix at the start: "ACME:", "[ACME PHARMACY]", "ACME CO.:".
_PREFIX = re.compile(r"\s*\[?[A-Z0-9][A-Z0-9&'’. -]{0,38}\]?\s*:")
# Cheap precondition: shouting needs two capitals in a row somewhere.
_TWO_CAPS = re.compile(rf"[{_UPPER}]{{2}}")
_RUN_WORDS = 3  # consecutive all-caps words of >= 3 letters (SPAM-ALL-CAPS, proposed)
_RUN_MIN_LETTERS = 3
_CAPS_SHARE = 0.30  # share of letters in all-caps words (SPAM-ALL-CAPS, proposed ">30%")
_MIN_LETTERS = 20  # below this a couple of capitals ("OK THX") would trip the share
# Either way it takes more than 30% of 20 letters in capitals: 7 (a run takes 9).
_MIN_CAPITALS = int(_CAPS_SHARE * _MIN_LETTERS) + 1
# A hit takes that many capitals (``_UPPER``: every letter ``CAPS_WORD`` counts is one), in
# a run or in all-caps words: a necessary condition batch triage checks column-wise.
_ENOUGH_CAPITALS = at_least(min(_MIN_CAPITALS, _RUN_WORDS * _RUN_MIN_LETTERS), _UPPER)
_ASCII_CAPITALS = bytes(range(65, 91))
_ASCII_NON_LETTERS = bytes(c for c in range(256) if not chr(c).isalpha() or c > 127)


def _capitals(ascii_bytes: bytes) -> int:
    return len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_CAPITALS))


# Bytes with all but capitals, digits and the apostrophe turned into spaces: every all-caps
# word (bounded by non-word characters or "_", as ``CAPS_WORD`` finds them, "H'ENVOIE"
# included) is then inside a whole token, so the tokens bound the letters that can count.
_CAPS_AND_DIGITS = bytes(c if 65 <= c <= 90 or 48 <= c <= 57 or c == 39 else 32 for c in range(256))
_NOT_COUNTED = frozenset(w.encode() for w in KEYWORDS | ACRONYMS)
_NON_ASCII_CAPITAL = re.compile(f"[{_UPPER.removeprefix('A-Z')}]")


def _countable_capitals(ascii_bytes: bytes) -> int:
    """At least the letters in all-caps words that count, without running the word regex:
    a footer's "Reply STOP" or an "Acme:" prefix alone never reaches the threshold."""
    return sum(
        len(t)
        for t in ascii_bytes.translate(_CAPS_AND_DIGITS).split()
        if len(t) > 1 and t not in _NOT_COUNTED and not t.isdigit()
    )


def letters_in(token: str) -> int:
    if token.isalpha():
        return len(token)
    return sum(c.isalpha() for c in token)


@rule(
    id="SPM001",
    name="all-caps-shouting",
    cause=Cause.SPAM_LIKE_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md SPAM-ALL-CAPS (VND: referrizer, whippy, verirouteintel, "
    "practicenumbers; thresholds proposed)",
    fix="Write in sentence case; keep capitals for keywords (STOP, HELP), acronyms and the "
    "brand prefix.",
    prefilter=_ENOUGH_CAPITALS,
    prefilter_cased=True,
)
def all_caps_shouting(ctx: RuleContext) -> CheckResult:
    """The message shouts in capital letters.

    ## What it does
    Fires on three or more consecutive all-caps words of three letters or more ("FREE
    GIFT TODAY"), or when more than 30% of the letters sit in all-caps words (with at
    least 20 letters to judge). Opt-out and help keywords (STOP, HELP), common acronyms
    (USPS, OTP, ID) and a sender prefix such as "ACME:" do not count.

    ## Why is this bad?
    Filtering vendors consistently name all-caps text as a spam trigger; carriers score
    it with the rest of the content (Twilio 30007, Bandwidth 4770).

    ## Example
        ACME: HUGE SALE TODAY ONLY, EVERYTHING MUST GO

    ## Use instead
        ACME: huge sale today only, everything must go. Reply STOP to opt out.
    """
    body = ctx.body
    ascii_bytes = body.encode() if body.isascii() else None
    if ascii_bytes is not None:
        if (
            _capitals(ascii_bytes) < _MIN_CAPITALS
            or _countable_capitals(ascii_bytes) < _MIN_CAPITALS
        ):
            return
    elif (
        _NON_ASCII_CAPITAL.search(body) is None
        and _countable_capitals(body.replace("’", "'").encode("ascii", "replace")) < _MIN_CAPITALS
    ):
        # "?" stands in for each other character beyond ASCII: a word boundary; the curly
        # apostrophe joins a word as the straight one does ("JACK’SON").
        return
    yield from _shouting(body)


def _shouting(body: str) -> CheckResult:
    """SPM001's check without its cheap necessary conditions up front."""
    if not _TWO_CAPS.search(body):
        return
    prefix = _PREFIX.match(body)
    skip_before = prefix.end() if prefix else 0
    runs: list[list[Span]] = []
    run: list[Span] = []
    caps: list[Span] = []
    caps_letters = prev_end = 0
    for m in CAPS_WORD.finditer(body):
        start, end = m.span()
        word = m.group()
        if run and _LETTER.search(body, prev_end, start):
            runs.append(run)  # a lower-case word in between ends the run
            run = []
        prev_end = end
        letters = letters_in(word)
        if letters == 0:
            continue  # only unassigned code points in the capital ranges: not a word
        if start < skip_before or word in KEYWORDS or word in ACRONYMS:
            runs.append(run)
            run = []
            continue
        if letters >= 2:
            caps_letters += letters
            caps.append(Span(start, end))
        if letters >= _RUN_MIN_LETTERS:
            run.append(Span(start, end))
        # shorter capital words ("TO", "A") neither count towards a run nor break it
    runs.append(run)
    if any(len(r) >= _RUN_WORDS for r in runs):
        runs = [r for r in runs if len(r) >= _RUN_WORDS]
        spans = tuple(Span(r[0].start, r[-1].end) for r in runs)
        shout = body[spans[0].start : spans[0].end]
        if len(shout) > 40:
            shout = shout[:37] + "..."
        yield Hit(f"All-caps run: '{shout}'.", spans)
    elif caps_letters > _CAPS_SHARE * _MIN_LETTERS:
        total_letters = (
            len(body.encode().translate(None, _ASCII_NON_LETTERS))
            if body.isascii()
            else len(_NOT_LETTERS.sub("", body))
        )
        if total_letters < _MIN_LETTERS or caps_letters / total_letters <= _CAPS_SHARE:
            return
        share = round(100 * caps_letters / total_letters)
        yield Hit(f"{share}% of the letters are in all-caps words.", tuple(caps))


# ---------------------------------------------------------------------------------------
# SPM002: runs of ! or ? (any mix, "?!" included) and of $ (SPAM-PUNCT-EMOJI: "any run
# >= 2"). Fullwidth forms count too. An ellipsis is ordinary punctuation.
PUNCT_RUN = re.compile(r"[!?！？]{2,}|[$＄]{2,}")


@rule(
    id="SPM002",
    name="repeated-punctuation-or-symbols",
    cause=Cause.SPAM_LIKE_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md SPAM-PUNCT-EMOJI (VND: referrizer, bonzo, whippy, "
    "verirouteintel; sheetgurus)",
    fix="Use one exclamation or question mark at most, and write amounts as '$50'.",
    prefilter=PUNCT_RUN.pattern,
)
def repeated_punctuation_or_symbols(ctx: RuleContext) -> CheckResult:
    """The message repeats exclamation marks, question marks or dollar signs.

    ## What it does
    Finds runs of two or more '!' or '?' (in any mix, such as "?!") and of '$' ("$$$").

    ## Why is this bad?
    Repeated punctuation and dollar signs are among the most cited spam-filter triggers;
    they add nothing a single mark does not say.

    ## Example
        Acme: our biggest sale ever!!! Save $$$ today

    ## Use instead
        Acme: our biggest sale ever! Save up to $50 today.
    """
    body = ctx.body
    if body.isascii():  # every ASCII run starts with one of these pairs
        if not ("!!" in body or "??" in body or "!?" in body or "?!" in body or "$$" in body):
            return
    elif "!" not in body and "?" not in body and "$" not in body and not _has_fullwidth(body):
        return
    spans = [Span(m.start(), m.end()) for m in PUNCT_RUN.finditer(body)]
    if spans:
        runs = ", ".join(dict.fromkeys(f"'{body[s.start : s.end]}'" for s in spans))
        yield Hit(f"Repeated punctuation or symbols: {runs}.", tuple(spans))


def _has_fullwidth(body: str) -> bool:
    return "！" in body or "？" in body or "＄" in body


# ---------------------------------------------------------------------------------------
# SPM003: prize and pressure language (SPAM-TRIGGER-PHRASES). Plain "free" is left out
# ("free shipping" is everyday retail); "gift card" counts only next to an amount or
# "free", as the reference puts it ("gift" next to "$"). "Congratulations" alone is
# everyday ("congratulations on your new home"); it is marked only beside a prize cue.
# Lexicon (from the content family) matches whole words case-insensitively, fast.
_PRIZE_TERMS = Lexicon(
    {
        "prize": (
            r"you(?:'|’)?ve won",
            r"you have won",
            r"you(?:'|’)?re (?:a|our) winner",
            r"winners?",
            r"claim (?:your|a|the) (?:free )?(?:prize|reward|gift|cash|money|winnings|bonus)",
            r"cash prizes?",
            r"act (?:now|fast)",
            r"limited time(?: offer| only)?",
            r"last chance",
            r"final notice",
            r"don(?:'|’)?t miss out",
            r"you(?:'|’)?ve been (?:selected|chosen)",
            r"you have been (?:selected|chosen)",
            r"100% free",
            r"(?:absolutely|totally|completely) free",
            r"free (?:money|cash|gifts?|iphone)",
            r"guaranteed",
            r"no risk",
            r"risk-?\s?free",
            r"buy now",
            r"sign up free",
            r"\$\d[\d,]*(?:\.\d\d)? gift cards?",
            r"free gift cards?",
            r"gift cards? worth",
        ),
        # Everyday courtesy on its own; marked only beside a prize cue.
        "congrats": (r"congratulations", r"congrats"),
    }
)


def prize_terms(ctx: RuleContext) -> Mapping[str, tuple[Span, ...]]:
    """SPM003's scan of the body ("prize" and "congrats" spans), once per message: the
    link rules read it too."""
    return ctx.shared(_scan_prize_terms)


def _scan_prize_terms(ctx: RuleContext) -> Mapping[str, tuple[Span, ...]]:
    return _PRIZE_TERMS.scan_lower(ctx.lower, ctx.words, ctx.word_keys)


def _quoted(body: str, spans: Iterable[Span]) -> str:
    words = dict.fromkeys(" ".join(body[s.start : s.end].lower().split()) for s in spans)
    return ", ".join(f"'{w}'" for w in list(words)[:4])


@rule(
    id="SPM003",
    name="prize-or-pressure-language",
    cause=Cause.SPAM_LIKE_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md SPAM-TRIGGER-PHRASES (VND: bonzo, referrizer, pastorsline, "
    "whippy); CONTENT-PHISHING-DECEPTIVE (fake prizes)",
    fix="Say plainly what the offer is and when it ends, without prize claims or pressure "
    "('Sale ends Sunday' rather than 'ACT NOW, last chance').",
    prefilter=lexicon_prefilter(_PRIZE_TERMS, ["prize"]),
)
def prize_or_pressure_language(ctx: RuleContext) -> CheckResult:
    """The message uses prize or pressure phrases that filters score as spam.

    ## What it does
    Finds prize claims ("you've won", "winner", "claim your prize", "cash prize", "$100
    gift card") and pressure or hype phrases ("act now", "limited time", "last chance",
    "100% free", "guaranteed", "no risk"). "Congratulations" is marked too, but only
    beside one of them: on its own it is everyday courtesy.

    ## Why is this bad?
    Vendors report these phrases as common spam-filter triggers, and fake prize claims
    are a phishing staple; one of them can tip an otherwise fine message over a
    carrier's threshold.

    ## Example
        Congratulations! You've won a $500 gift card. Act now to claim your prize!

    ## Use instead
        Acme: thanks for entering our store survey. Your 10% coupon is on your receipt.
    """
    body = ctx.body
    found = prize_terms(ctx)
    prize = found["prize"]
    if prize:
        spans = tuple(sorted(prize + found["congrats"]))
        yield Hit(f"Prize or pressure language: {_quoted(body, spans)}.", spans)


# ---------------------------------------------------------------------------------------
# SPM004: emoji clusters. One emoji is a pictograph plus any skin-tone modifier, variation
# selector, keycap or zero-width-joined continuation, or a pair of regional indicators
# (a flag). Each alternative consumes distinct characters, so matching is linear.
_PICTO = (
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff"
    "\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u3030\u303d\u3297\u3299"
)
_EMOJI = re.compile(
    rf"(?:[\U0001f1e6-\U0001f1ff]{{2}}|[{_PICTO}])"
    rf"(?:[\ufe0f\u20e3\U0001f3fb-\U0001f3ff]|\u200d[{_PICTO}])*"
)
_EMOJI_MAX = 2  # SPAM-PUNCT-EMOJI, proposed: "> 2 emoji"


@rule(
    id="SPM004",
    name="emoji-cluster",
    cause=Cause.SPAM_LIKE_CONTENT,
    severity=Severity.LIKELY,
    source="compliance-rules.md SPAM-PUNCT-EMOJI (VND; threshold proposed), ENC-UCS2-SWITCH",
    fix="Use at most one or two emoji, or none: any emoji also switches the message to "
    "UCS-2, cutting a segment to 70 characters.",
    prefilter=f"[{_PICTO}\U0001f1e6-\U0001f1ff]",
    gate=has_non_ascii,
)
def emoji_cluster(ctx: RuleContext) -> CheckResult:
    """The message carries more than two emoji.

    ## What it does
    Counts emoji (a flag, a skin-toned or zero-width-joined sequence counts as one) and
    fires at three or more, whether in one run ("🎉🎉🎉") or spread out.

    ## Why is this bad?
    Emoji clusters are a vendor-reported spam trigger, and any emoji forces UCS-2
    encoding, so the message costs more segments.

    ## Example
        🔥🔥🔥 Flash sale at Acme! 💰

    ## Use instead
        Flash sale at Acme today: 20% off everything. Reply STOP to opt out.
    """
    body = ctx.body
    if body.isascii():
        return
    spans = [Span(m.start(), m.end()) for m in _EMOJI.finditer(body)]
    if len(spans) > _EMOJI_MAX:
        yield Hit(f"{len(spans)} emoji in one message (more than {_EMOJI_MAX}).", tuple(spans))


RULES: tuple[Rule, ...] = (
    all_caps_shouting,
    repeated_punctuation_or_symbols,
    prize_or_pressure_language,
    emoji_cluster,
)
