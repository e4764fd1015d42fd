"""Where each rule comes from, as links a person can follow.

A rule's ``source`` is written as its research note cites it: short keys ("TW-FORB",
"BW-ERR 4771"), the seed guide with the passage it rests on, and plain URLs. Keys mean
nothing outside that note, so ``source_links`` resolves them to the title and address of
the guidance (from the note's key table), provider error codes to the provider's page for
that code (from the shipped error table), and the seed guide to its section names. The
note's own rule ids ("compliance-rules.md LINK-PUBLIC-SHORTENER") are not shown: they are
not published anywhere a user could read them. A test holds every key a rule cites to an
entry here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

from diagnose.errors import lookup
from diagnose.message import Provider
from diagnose.rules.base import Rule


class SourceLink(NamedTuple):
    """One source to read: its title, its address, and what in it the rule cites."""

    title: str
    url: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "detail": self.detail}

    def markdown(self) -> str:
        """``[title](url) (detail)`` for the app; the title's brackets are made safe."""
        title = self.title.replace("[", "(").replace("]", ")")
        return f"[{title}]({self.url})" + (f" ({self.detail})" if self.detail else "")


#: The research note's source keys (``compliance-rules.md``, "Source keys"): the guidance
#: each names, with its address. Where the note lists several copies, the first is kept.
KEYS: dict[str, tuple[str, str]] = {
    "GL-C": (
        "Gladly, SMS Consent and Compliance Guidelines",
        "https://help.gladly.com/docs/sms-consent-and-compliance-guidelines",
    ),
    "GL-O": (
        "Gladly, Opt-out of SMS messages",
        "https://help.gladly.com/docs/opt-out-of-sms-messages",
    ),
    "GL-P": (
        "Gladly, Customers Opt-In and Opt-Out of Proactive SMS Campaigns",
        "https://help.gladly.com/docs/customers-opt-in-and-opt-out-of-proactive-sms-campaigns",
    ),
    "GL-S": (
        "Gladly, Send and Receive SMS Messages",
        "https://help.gladly.com/docs/send-and-receive-sms-messages",
    ),
    "CTIA-MP": (
        "CTIA Messaging Principles and Best Practices (May 2023)",
        "https://www.signalmash.com/post/ctia-messaging-principles-and-best-practices-handbook",
    ),
    "TMO": (
        "T-Mobile Code of Conduct v2.2",
        "https://docslib.org/doc/1645763/t-mobile-code-of-conduct",
    ),
    "FCC-REV": (
        "FCC consent-revocation rules, 47 CFR 64.1200(a)(10)-(12)",
        "https://kelleydrye.com/viewpoints/blogs/ad-law-access/fcc-sets-effective-date-for-tcpa"
        "-reasonable-consent-revocation-rules",
    ),
    "TCPA-QH": (
        "TCPA quiet hours, 47 CFR 64.1200(c)(1)",
        "https://www.nwdebtresolution.com/post/telephone-consumer-protection-act-call-time"
        "-restrictions",
    ),
    "TCPA": (
        "Telephone Consumer Protection Act rules, 47 CFR 64.1200 (eCFR)",
        "https://www.ecfr.gov/current/title-47/chapter-I/subchapter-B/part-64/subpart-L"
        "/section-64.1200",
    ),
    "FL": (
        "Florida Telephone Solicitation Act (FTSA) and Oklahoma OTSA",
        "https://help.klaviyo.com/hc/en-us/articles/4405332994843",
    ),
    "TW-FILT": (
        "Twilio, How do I prevent my Twilio messages from being filtered (blocked)?",
        "https://support.twilio.com/hc/en-us/articles/1260803966670-How-do-I-prevent-my-Twilio"
        "-messages-from-being-filtered-blocked",
    ),
    "TW-FORB": (
        "Twilio, Forbidden message categories for SMS and MMS in the US and Canada",
        "https://support.twilio.com/hc/en-us/articles/360045004974-Forbidden-message-categories"
        "-for-SMS-and-MMS-in-the-US-and-Canada",
    ),
    "TW-OPT": (
        "Twilio, support for opt-out keywords (SMS STOP filtering)",
        "https://support.twilio.com/hc/en-us/articles/223134027-Twilio-support-for-opt-out"
        "-keywords-SMS-STOP-filtering",
    ),
    "TW-LEN": (
        "Twilio, How long can a message be?",
        "https://www.twilio.com/docs/glossary/what-sms-character-limit",
    ),
    "AWS-KW": (
        "AWS End User Messaging, required opt-out keywords",
        "https://docs.aws.amazon.com/sms-voice/latest/userguide/keywords-required.html",
    ),
    "TX-URL": (
        "Telnyx, Custom URL Shortening",
        "https://developers.telnyx.com/docs/messaging/messages/url-shortening",
    ),
    "TX-ERR": (
        "Telnyx, messaging error codes",
        "https://developers.telnyx.com/docs/messaging/messages/error-codes/index",
    ),
    "BW-ERR": ("Bandwidth, messaging errors", "https://dev.bandwidth.com/v2-messaging/codes.html"),
    "BW-URL": (
        "Bandwidth, sending text messages with shortened URLs might not get delivered",
        "https://plushcap.com/content/bandwidth/blog/sending-text-messages-with-shortened-urls"
        "-might-not-get-deliveredheres-why",
    ),
    "SEG": (
        "GSM-7 alphabet, extension characters and segment lengths",
        "https://doc.lox24.eu/info/encoding-and-number-of-characters/",
    ),
    "TW-ALPHA": (
        "Twilio, SMS guidelines per country (alphanumeric sender ID support and registration)",
        "https://www.twilio.com/en-us/guidelines/us/sms",
    ),
    "TW-IN": (
        "Twilio, SMS guidelines for India (DLT registration of entity, header and template)",
        "https://www.twilio.com/en-us/guidelines/in/sms",
    ),
    "TX-ALPHA": (
        "Telnyx, alphanumeric sender ID",
        "https://developers.telnyx.com/docs/v2/messaging/features/alpha-sender-id",
    ),
    "VND": (
        "Vendor guidance on carrier filtering (heuristics, not carrier-published)",
        "https://verirouteintel.com/learn/sms-filtering-explained",
    ),
}
#: Keys followed by provider error codes ("TW-E 30469, 30883"): each code links to its page.
CODE_KEYS: dict[str, Provider] = {
    "TW-E": Provider.TWILIO,
    "BW-ERR": Provider.BANDWIDTH,
    "TX-ERR": Provider.TELNYX,
}
#: Providers named with their codes in a source ("Plivo 10, 110; Infobip 25").
_PROVIDER_NAMES = {
    p.value.replace("_", " "): p for p in Provider if p.value not in ("carrier", "tcr")
}

#: The seed guide is Gladly's SMS Consent and Compliance Guidelines (``GL-C``): the
#: sections of it each rule rests on, by their headings in the guide.
SEED_GUIDE = KEYS["GL-C"]
SEED_SECTIONS: dict[str, tuple[str, ...]] = {
    "OPT001": ("Inbound SMS opt-in and initial reply", "SMS automation", "Proactive SMS"),
    "OPT003": ("Opt-out of receiving SMS",),
    "OPT005": ("IVR to SMS",),
    "CNS001": ("SMS API", "Proactive SMS"),
    "CNS003": ("Proactive Conversation features do not replace marketing tools",),
    "BRD001": ("Inbound SMS opt-in and initial reply",),
}

_ITEM_SPLIT = re.compile(r";(?![^(]*\))")
_URL = re.compile(r"https?://[^\s;)]+[^\s;).,:]")
_CODES = r"((?:status |err-code )?\d+(?:\s*(?:,|and)\s*\d+)*)"


@cache
def _key_pattern() -> re.Pattern[str]:
    keys = sorted([*KEYS, *CODE_KEYS], key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])(?:\s+" + _CODES + ")?"
    )


@cache
def _provider_pattern() -> re.Pattern[str]:
    names = sorted(_PROVIDER_NAMES, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\s+" + _CODES, re.IGNORECASE)


def _code_links(provider: Provider, codes: str) -> list[SourceLink]:
    """The provider's page for each code, one link per page ("errors 30469, 30883")."""
    pages: dict[str, list[str]] = {}
    for code in re.findall(r"\d+", codes):
        for info in lookup(code, provider):
            if info.source_url:
                pages.setdefault(info.source_url, [])
                if code not in pages[info.source_url]:
                    pages[info.source_url].append(code)
                break
    label = provider.value.replace("_", " ").title()
    return [SourceLink(f"{label} error {', '.join(c)}", url, "") for url, c in pages.items()]


def _title_for_url(item: str, match: re.Match[str]) -> str:
    """A plain URL's title: the words before it in its item (or in its parenthesis), else
    the words after it in its parenthesis, else the host."""
    before = _key_pattern().sub("", _URL.sub("", item[: match.start()]))
    outside, _, inside = before.rpartition("(")
    after = item[match.end() :].split(")", 1)[0]
    for words in ((inside, outside) if outside else (before,)) + (after,):
        words = words.strip(" ,;:()")
        if words:
            return words
    return match.group().split("/")[2].removeprefix("www.")


@lru_cache(maxsize=256)
def source_links(rule_id: str, source: str) -> tuple[SourceLink, ...]:
    """The links behind a rule's ``source`` text, in the order cited, each address once.

    Example:
        >>> [l.title for l in source_links("LNK001", "TW-FORB; BW-ERR 4771")]
        ['Twilio, Forbidden message categories for SMS and MMS in the US and Canada', \
'Bandwidth error 4771']
    """
    links: list[SourceLink] = []
    if "Seed guide" in source:
        sections = "; ".join(f"'{s}'" for s in SEED_SECTIONS.get(rule_id, ()))
        links.append(
            SourceLink(*SEED_GUIDE, f"seed guide, {sections}" if sections else "seed guide")
        )
    for item in _ITEM_SPLIT.split(source):
        for m in _key_pattern().finditer(item):
            key, codes = m.group(1), m.group(2)
            if key in CODE_KEYS and codes:
                links += _code_links(CODE_KEYS[key], codes)
            elif key in KEYS:
                links.append(SourceLink(*KEYS[key]))
        for m in _provider_pattern().finditer(item):
            links += _code_links(_PROVIDER_NAMES[m.group(1).lower()], m.group(2))
        for m in _URL.finditer(item):
            links.append(SourceLink(_title_for_url(item, m), m.group()))
    return _unique(links)


def rule_sources(rule: Rule) -> tuple[SourceLink, ...]:
    """The links behind ``rule.source``: what the Rules page, ``sms-diagnose explain`` and
    each finding's detail show.

    Example:
        >>> from diagnose.rules import get_rule
        >>> rule_sources(get_rule("OPT005"))[0].detail
        "seed guide, 'IVR to SMS'"
    """
    return source_links(rule.id, rule.source)


def _unique(links: Sequence[SourceLink]) -> tuple[SourceLink, ...]:
    """Each address once: the first title kept, the details of repeats merged into it."""
    by_url: dict[str, SourceLink] = {}
    for link in links:
        seen = by_url.get(link.url)
        if seen is None:
            by_url[link.url] = link
        elif link.detail and link.detail not in seen.detail:
            merged = f"{seen.detail}; {link.detail}" if seen.detail else link.detail
            by_url[link.url] = seen._replace(detail=merged)
    return tuple(by_url.values())


#: The research note's own rule ids ("compliance-rules.md LINK-PUBLIC-SHORTENER, ...") and
#: its table's name: internal cross-references, not sources.
_NOTE_IDS = re.compile(r"(?:compliance-rules|error-codes)\.md:?(?:\s*,?\s*[A-Z][A-Z0-9*-]+)*")


def cited_keys(source: str) -> set[str]:
    """Every token in ``source`` shaped like a source key ("TW-FORB", "GL-C"), the research
    note's own rule ids left out: the test that each one resolves reads it."""
    text = _NOTE_IDS.sub("", source)
    return set(re.findall(r"(?<![\w.-])[A-Z]{2,5}(?:-[A-Z0-9]{1,5})+(?![\w-])", text))
