"""Link rules: links carrier filters distrust (shorteners, raw IPs, many links, foreign domains).

Source: compliance-rules.md section G (LINK-*) and the carrier codes it cites. Links come
from ``ctx.urls`` (diagnose.text.links.find_urls), so bare domains like ``bit.ly/x`` count.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from diagnose.causes import Cause
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity, Span, rule
from diagnose.rules.context import RuleContext, has_links
from diagnose.rules.prefilters import URL
from diagnose.text.brand import fold
from diagnose.text.links import UrlMatch, registered_domain


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable lists."""
    return frozenset(text.split())


def _load_shorteners() -> frozenset[str]:
    """The maintained list in diagnose/rules/data/url_shorteners.txt (comments after '#')."""
    text = files("diagnose.rules").joinpath("data/url_shorteners.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line)


#: Public shortener domains, read once at import.
SHORTENERS: frozenset[str] = _load_shorteners()


def _is_shortener(url: UrlMatch) -> bool:
    return url.host in SHORTENERS or registered_domain(url.host) in SHORTENERS


def _span(url: UrlMatch) -> Span:
    return Span(url.start, url.end)


@rule(
    id="LNK001",
    name="public-url-shortener",
    cause=Cause.URL_OR_LINK_FILTERING,
    severity=Severity.LIKELY,
    source="compliance-rules.md LINK-PUBLIC-SHORTENER (AT&T list); TW-FORB; TW-FILT; BW-URL; "
    "BW-ERR 4771; TX-URL; TX-ERR 40017",
    fix="Use the full link on your own domain, or a branded short domain you own (many "
    "providers offer one, e.g. Telnyx or Twilio link shortening with a custom domain).",
    prefilter=URL,
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
    prefilter=URL,
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
    prefilter=URL,
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
    source="compliance-rules.md LINK-BRAND-DOMAIN, BRAND-LINK-ALIGN; TW-FILT",
    fix="Link to a domain that carries your brand name (acme.com, or a branded short "
    "domain such as acme.link).",
    scope=Scope.CONTEXT,
    prefilter=URL,
    gate=has_links,
)
def link_domain_not_brand(ctx: RuleContext) -> CheckResult:
    """A link's domain does not carry the sender's brand name.

    ## What it does
    When the sender's brand is known, checks that each link host contains the brand
    (accents, case and punctuation ignored: "Retalé" matches retale.com) or one of its
    distinctive words. Shortener and raw-IP links are left to LNK001 and LNK002.

    ## Why is this bad?
    Carriers look for the link domain to match the business named in the text; a domain
    shared with other senders inherits their reputation, and a mismatch looks like
    impersonation.

    ## Example
        (brand: Acme) Acme: your order shipped. Track it at fastship-deals.com/t/123

    ## Use instead
        (brand: Acme) Acme: your order shipped. Track it at acme.com/t/123
    """
    urls = [u for u in ctx.urls if not u.is_ip and not _is_shortener(u)]
    if not urls:
        return
    brand = ctx.message.brand
    if brand is None:
        yield NeedContext("brand", "a link's domain should carry the sender's brand name")
        return
    keys = _brand_keys(brand)
    if not keys:
        return
    foreign = [u for u in urls if not any(k in _squash(u.host) for k in keys)]
    if foreign:
        hosts = ", ".join(dict.fromkeys(u.host for u in foreign))
        yield Hit(
            f"Link domain {hosts} does not carry the brand name '{brand}'.",
            tuple(_span(u) for u in foreign),
        )


RULES: tuple[Rule, ...] = (
    public_url_shortener,
    raw_ip_link,
    too_many_links,
    link_domain_not_brand,
)
