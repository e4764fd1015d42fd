"""Link rules: links carrier filters distrust (shorteners, raw IPs, many links, foreign domains).

Source: compliance-rules.md section G (LINK-*) and the carrier codes it cites. Links come
from ``ctx.urls`` (diagnose.text.links.find_urls), so bare domains like ``bit.ly/x`` count.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from diagnose.causes import Cause
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity, Span, rule
from diagnose.rules.context import RuleContext, has_links
from diagnose.rules.initial import needs_disclosures
from diagnose.rules.prefilters import URL, domain_prefilter, repeated, superset
from diagnose.rules.spam import prize_terms
from diagnose.text.brand import fold
from diagnose.text.links import IPV4, UrlMatch, registered_domain
from diagnose.text.spans import merge_spans


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable lists."""
    return frozenset(text.split())


def load_list(name: str) -> frozenset[str]:
    """A maintained list in diagnose/rules/data/ (one entry a line, comments after '#')."""
    text = files("diagnose.rules").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line)


#: Public shortener domains (data/url_shorteners.txt), read once at import.
SHORTENERS: frozenset[str] = load_list("url_shorteners.txt")
#: Free hosting, site-builder, app-platform and tunnel domains (data/free_hosting.txt): a
#: subdomain of one is a site anyone could have made; "host/" entries hold sites as paths.
FREE_HOSTING: frozenset[str] = load_list("free_hosting.txt")
_FREE_SUBDOMAIN_OF = frozenset(e for e in FREE_HOSTING if not e.endswith("/"))
_FREE_PATHS_ON = frozenset(e.rstrip("/") for e in FREE_HOSTING if e.endswith("/"))
_FREE_LABELS_MAX = max(e.count(".") + 1 for e in _FREE_SUBDOMAIN_OF)


def _is_shortener(url: UrlMatch) -> bool:
    return url.host in SHORTENERS or registered_domain(url.host) in SHORTENERS


def _span(url: UrlMatch) -> Span:
    return Span(url.start, url.end)


def free_host(host: str) -> str | None:
    """The free hosting domain ``host`` is a site on, if any (``acme.netlify.app`` ->
    ``netlify.app``; ``sites.google.com`` itself)."""
    if host.startswith("www."):
        host = host[4:]
    if host in _FREE_PATHS_ON:
        return host
    labels = host.split(".")
    # Only the parents as long as an entry can be: a host may have thousands of labels.
    for i in range(max(1, len(labels) - _FREE_LABELS_MAX), len(labels) - 1):
        parent = ".".join(labels[i:])
        if parent in _FREE_SUBDOMAIN_OF:
            return parent
    return None


@rule(
    id="LNK001",
    name="public-url-shortener",
    cause=Cause.URL_OR_LINK_FILTERING,
    severity=Severity.LIKELY,
    source="compliance-rules.md LINK-PUBLIC-SHORTENER (AT&T list); TW-FORB; TW-FILT; BW-URL; "
    "BW-ERR 4771; TX-URL; TX-ERR 40017",
    fix="Use the full link on your own domain, or a branded short domain you own (many "
    "providers offer one, e.g. Telnyx or Twilio link shortening with a custom domain).",
    # The host is a listed domain or ends in one (its last two labels, ``registered_domain``).
    prefilter=domain_prefilter(SHORTENERS),
    gate=has_links,
)
def public_url_shortener(ctx: RuleContext) -> CheckResult:
    """A link uses a public URL shortener (bit.ly, tinyurl.com, ...).

    ## What it does
    Finds links on public shortener domains, where anyone can create links for free:
    the AT&T block list (bit.ly, goo.gl, is.gd, tinyurl.com, tiny.cc, ...) and other
    well-known public shorteners (ow.ly, t.co, cutt.ly, rb.gy, ...). The list lives in
    ``diagnose/rules/data/url_shorteners.txt``.

    ## Why is this bad?
    Public short domains are shared with spammers, so carriers filter them wholesale:
    AT&T blocks the listed domains, Bandwidth reports 4771 "rejected-shortened-url" and
    Telnyx 40017; Twilio advises against them and registration rejects sample messages
    that use them (30449, 30892).

    ## Example
        Acme: your order shipped! Track it at bit.ly/3xYzAb

    ## Use instead
        Acme: your order shipped! Track it at https://acme.com/track/3xYzAb
    """
    hits = [u for u in ctx.urls if _is_shortener(u)]
    if hits:
        hosts = ", ".join(sorted({registered_domain(u.host) for u in hits}))
        yield Hit(f"Public URL shortener: {hosts}.", tuple(_span(u) for u in hits))


@rule(
    id="LNK002",
    name="raw-ip-link",
    cause=Cause.URL_OR_LINK_FILTERING,
    severity=Severity.LIKELY,
    source="compliance-rules.md CONTENT-PHISHING-DECEPTIVE, LINK-BRAND-DOMAIN; TW-FILT; "
    "causes.py url_or_link_filtering",
    fix="Link to a domain name your business owns (https://acme.com/...), never to a bare "
    "IP address.",
    prefilter=superset(IPV4),
    gate=has_links,
)
def raw_ip_link(ctx: RuleContext) -> CheckResult:
    """A link points to a raw IP address instead of a domain name.

    ## What it does
    Finds links whose host is an IPv4 address (``http://203.0.113.7/login``,
    ``198.51.100.4:8080/pay``).

    ## Why is this bad?
    Legitimate businesses link to their own domain; a bare IP hides who runs the site and
    is a staple of phishing kits, so filters treat it as phishing and block the message.
    It also fails the brand-domain alignment carriers look for.

    ## Example
        Your account is on hold. Sign in at http://203.0.113.7/acme

    ## Use instead
        Your account is on hold. Sign in at https://acme.com/account
    """
    hits = [u for u in ctx.urls if u.is_ip]
    if hits:
        ips = ", ".join(dict.fromkeys(u.host for u in hits))
        yield Hit(f"Link to a raw IP address: {ips}.", tuple(_span(u) for u in hits))


# Two links cover nearly every legitimate template (the action link plus, say, a terms or
# privacy link); three or more reads as a link list, a common spam shape (VND heuristics).
_MAX_LINKS = 2


@rule(
    id="LNK003",
    name="too-many-links",
    cause=Cause.URL_OR_LINK_FILTERING,
    severity=Severity.ADVISORY,
    source="compliance-rules.md LINK-BRAND-DOMAIN, SPAM-* (VND heuristics; threshold is ours)",
    fix="Keep one link, on your own domain; put the rest on the page it opens.",
    # Links do not overlap, and each holds a ``URL`` of its own.
    prefilter=repeated(URL, _MAX_LINKS + 1),
    gate=has_links,
)
def too_many_links(ctx: RuleContext) -> CheckResult:
    """The message carries more than two links.

    ## What it does
    Counts the links in the body and fires at three or more. One action link plus a
    terms or privacy link is normal; more looks like a link list.

    ## Why is this bad?
    Every link is a domain a filter must trust; several links multiply the chance that
    one of them is on a block list, and link-heavy texts match common spam templates.
    The threshold is a heuristic: no carrier publishes one.

    ## Example
        Acme deals: shoes acme.com/s bags acme.com/b hats acme.com/h

    ## Use instead
        Acme deals on shoes, bags and hats: acme.com/deals
    """
    urls = ctx.urls
    if len(urls) > _MAX_LINKS:
        yield Hit(
            f"{len(urls)} links in one message (more than {_MAX_LINKS}).",
            tuple(_span(u) for u in urls),
        )


# Words too generic to tie a domain to a brand ("Acme Bank" vs "otherbank.com").
_GENERIC = _words(
    "the and of for inc llc ltd co corp company group store shop shops services service "
    "bank team support official online app my us"
)


def _squash(host: str) -> str:
    return host.replace("-", "").replace(".", "")


#: Two-label public suffixes such as co.uk and com.au (data/public_suffixes.txt, from the
#: Public Suffix List): a registrable domain sits one label under one of them.
PUBLIC_SUFFIXES: frozenset[str] = load_list("public_suffixes.txt")


def site(host: str) -> str:
    """The registrable domain of ``host``: ``www.acme.com`` -> ``acme.com``, ``shop.acme.co.uk``
    -> ``acme.co.uk``, ``acme.secure-login.com`` -> ``secure-login.com``."""
    labels = host.rstrip(".").split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in PUBLIC_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@lru_cache(maxsize=256)
def _brand_keys(brand: str) -> tuple[str, ...]:
    """Folded forms of the brand a matching domain contains: all words joined, or one
    distinctive word of four letters or more."""
    words = fold(brand).split()
    keys = ["".join(words)]
    keys += [w for w in words if len(w) >= 4 and w not in _GENERIC]
    return tuple(k for k in keys if len(k) >= 2)


@rule(
    id="LNK004",
    name="link-domain-not-brand",
    cause=Cause.URL_OR_LINK_FILTERING,
    severity=Severity.ADVISORY,
    source="compliance-rules.md LINK-BRAND-DOMAIN, BRAND-LINK-ALIGN, LINK-COLD-FIRST; TW-FILT; "
    "Twilio, a link should be properly branded: its domain aligns with the sender named in "
    "the text (https://support.twilio.com/hc/en-us/articles/1260804572090); Scale to Win, "
    "links in a first message filter most, and should align with the sender "
    "(https://scaletowin.freshdesk.com/support/solutions/articles/66000480974)",
    fix="Link to a domain that carries your brand name (acme.com, or a branded short "
    "domain such as acme.link).",
    scope=Scope.CONTEXT,
    prefilter=URL,
    gate=has_links,
)
def link_domain_not_brand(ctx: RuleContext) -> CheckResult:
    """A link's domain does not carry the sender's brand name.

    ## What it does
    When the sender's brand is known, checks that each link's registrable domain (one
    label under its public suffix: acme.com, acme.co.uk) carries the brand (accents, case
    and punctuation ignored: "Retalé" matches retale.com) or one of its distinctive words.
    The brand in a subdomain of someone else's domain (acme.secure-login.com) does not
    count. Likely to filter in a first or proactive message, advisory otherwise.
    Shortener, raw-IP and free-hosting links are left to LNK001, LNK002 and LNK005.

    ## Why is this bad?
    Carriers look for the link domain to match the business named in the text; a domain
    shared with other senders inherits their reputation, and a mismatch looks like
    impersonation. A first message is judged with no history to lean on: a link there
    that does not belong to the sender is what filters catch most.

    ## Example
        (brand: Acme) Acme: your order shipped. Track it at fastship-deals.com/t/123

    ## Use instead
        (brand: Acme) Acme: your order shipped. Track it at acme.com/t/123
    """
    urls = [u for u in ctx.urls if not (u.is_ip or _is_shortener(u) or free_host(u.host))]
    if not urls:
        return
    brand = ctx.message.brand
    if brand is None:
        yield NeedContext("brand", "a link's domain should carry the sender's brand name")
        return
    keys = _brand_keys(brand)
    if not keys:
        return
    foreign = [u for u in urls if not _carries(u.host, keys)]
    if not foreign:
        return
    domains = ", ".join(dict.fromkeys(site(u.host) for u in foreign))
    spans = tuple(_span(u) for u in foreign)
    if needs_disclosures(ctx.message):
        yield Hit(
            f"Link domain {domains} in this first message does not carry the brand name '{brand}'.",
            spans,
            Severity.LIKELY,
        )
    else:
        yield Hit(f"Link domain {domains} does not carry the brand name '{brand}'.", spans)


def _carries(host: str, keys: tuple[str, ...]) -> bool:
    """Whether the part of ``host`` a business chooses carries one of the brand ``keys``: the
    registrable domain's label (acme in shop.acme.co.uk), or a brand's own top-level domain
    (home.barclays)."""
    label = _squash(site(host).split(".", 1)[0])
    tld = host.rsplit(".", 1)[-1]
    return any(k in label or k == tld for k in keys)


@rule(
    id="LNK005",
    name="link-on-free-hosting-domain",
    cause=Cause.URL_OR_LINK_FILTERING,
    severity=Severity.LIKELY,
    source="Twilio, shortened links must be proprietary, not on a shared domain "
    "(https://support.twilio.com/hc/en-us/articles/1260804572090); 'Using Controlled "
    "Domains' (https://upccell.zendesk.com/hc/en-us/articles/35150610082323); FreePhish "
    "(https://arxiv.org/html/2212.02563v2); Interisle 2024 on subdomain providers "
    "(https://krebsonsecurity.com/2024/12/why-phishers-love-new-tlds-like-shop-top-and-xyz/); "
    "compliance-rules.md LINK-BRAND-DOMAIN",
    fix="Publish the page on a domain your business owns (acme.com/offer), or point your own "
    "domain at the hosting platform (every one of them supports a custom domain).",
    prefilter="|".join(sorted(re.escape(e.rstrip("/")) for e in FREE_HOSTING)),
    gate=has_links,
)
def link_on_free_hosting_domain(ctx: RuleContext) -> CheckResult:
    """A link points to a site on a free hosting or app-platform domain.

    ## What it does
    Finds links on domains where anyone can publish a site for free or in minutes: site
    builders (wixsite.com, weebly.com, blogspot.com, sites.google.com), app and static
    hosting (herokuapp.com, netlify.app, vercel.app, web.app, firebaseapp.com, github.io,
    pages.dev, amplifyapp.com), tunnels (ngrok-free.app, trycloudflare.com) and free
    dynamic DNS. The list lives in ``diagnose/rules/data/free_hosting.txt``.

    ## Why is this bad?
    The domain is shared with every other user of the platform, phishing kits included,
    so its reputation is theirs: providers advise links on a domain the business controls,
    since another user's content can trigger a filter on the shared domain, and studies
    find tens of thousands of phishing sites on free builders and subdomain providers.

    ## Example
        Acme: our spring menu is here! acme-cafe.wixsite.com/menu

    ## Use instead
        Acme: our spring menu is here! acmecafe.com/menu
    """
    hits = [(u, d) for u in ctx.urls if not u.is_ip and (d := free_host(u.host)) is not None]
    if hits:
        domains = ", ".join(dict.fromkeys(d for _, d in hits))
        yield Hit(
            f"Link on a free hosting domain shared with other sites: {domains}.",
            tuple(_span(u) for u, _ in hits),
        )


#: Top-level domains where abuse concentrates (data/abused_tlds.txt).
ABUSED_TLDS: frozenset[str] = load_list("abused_tlds.txt")


@rule(
    id="LNK006",
    name="promotion-on-abused-tld",
    cause=Cause.URL_OR_LINK_FILTERING,
    severity=Severity.LIKELY,
    source="Interisle, persistently abused TLDs "
    "(https://interisle.substack.com/p/phishing-in-the-2020s-persistently); Interisle 2024 "
    "(https://krebsonsecurity.com/2024/12/why-phishers-love-new-tlds-like-shop-top-and-xyz/); "
    "DomainTools 2022 (https://brandsec.com.au/domain-abuse-report/); Spamhaus "
    "(https://www.spamhaus.org/statistics/tlds/); domain reputation decides delivery "
    "(https://docs.contiguity.com/kb/compliance/text/best-practices); compliance-rules.md "
    "SPAM-TRIGGER-PHRASES",
    fix="Link to your main domain (a .com or your country's domain) rather than a cheap "
    "top-level domain, and say plainly what the offer is, without prize or pressure wording.",
    prefilter=r"\.(?:" + "|".join(sorted(ABUSED_TLDS)) + ")",
    gate=has_links,
)
def promotion_on_abused_tld(ctx: RuleContext) -> CheckResult:
    """A prize, pressure or sales pitch links to a top-level domain where abuse concentrates.

    ## What it does
    Finds links whose top-level domain is one of those abuse reports rank worst (.xyz,
    .top, .click, .icu, .buzz, .monster, .rest, .cyou, .cfd, .sbs, .bond, the old Freenom
    ccTLDs, ...; the list lives in ``diagnose/rules/data/abused_tlds.txt``), in a message
    that also uses SPM003's prize or pressure language or the promotional cues ("you've
    won", "act now", "50% off", "flash sale"). Either alone is no finding.

    ## Why is this bad?
    Domains in these TLDs cost cents and need no identity check, so phishing and spam
    crowd into them (Interisle: new gTLDs held 11% of new registrations and 37% of
    cybercrime domains). A filter scoring a link's domain reputation treats the TLD as a
    risk signal, and an offer or a prize beside it completes the spam shape.

    ## Example
        Congrats! You've won a $500 gift card. Claim now: rewards-center.xyz/claim

    ## Use instead
        Acme: thanks for shopping with us. Your 10% coupon is at acme.com/coupon
    """
    hits = [u for u in ctx.urls if not u.is_ip and u.host.rsplit(".", 1)[-1] in ABUSED_TLDS]
    if not hits:
        return
    # The language must stand beside the link, not inside it ("acme-deals.top").
    links = [_span(u) for u in ctx.urls]
    cues = [
        c
        for c in (*prize_terms(ctx)["prize"], *ctx.promotional)
        if not any(s.start <= c.start and c.end <= s.end for s in links)
    ]
    if not cues:
        return
    tlds = ", ".join(dict.fromkeys("." + u.host.rsplit(".", 1)[-1] for u in hits))
    said = ", ".join(list(dict.fromkeys(f"'{ctx.body[c.start : c.end]}'" for c in cues))[:3])
    yield Hit(
        f"A link on {tlds}, a top-level domain where abuse concentrates, beside {said}.",
        merge_spans([*(_span(u) for u in hits), *cues]),
    )


RULES: tuple[Rule, ...] = (
    public_url_shortener,
    raw_ip_link,
    too_many_links,
    link_domain_not_brand,
    link_on_free_hosting_domain,
    promotion_on_abused_tld,
)
