"""Finding links in a message body, with offsets.

Bare domains without a scheme (``bit.ly/x``) are common in SMS, so they count as links, but
only with a known top-level domain: "e.g." or "Mr.Smith" must not.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# TLDs seen in SMS links without a scheme. A scheme-prefixed link accepts any TLD.
_BARE_TLDS = (
    "com|net|org|io|co|us|uk|ca|au|de|fr|in|info|biz|me|ly|gl|gd|cc|to|app|dev|link|site|"
    "online|shop|store|xyz|top|club|live|today|page|ai|tv|fm|gy|ws|su|ru|cn|vip|click|"
    "support|help|bank|pay|sh|im|li|be|nl|it|es|ch|se|no|pl|br|mx|nz|ie|eu|asia|mobi|pro|"
    "tech|cloud|win|bid|loan|work|email|icu|cam|rest|buzz|st|id|ph|sg|my|pk|ng|za|ke|"
    # cheap TLDs abuse reports rank worst (rules/data/abused_tlds.txt), none a common word
    "monster|cyou|cfd|sbs|bond|tk|gq"
)
# Each label is bounded and contains no dot, so the repetition cannot backtrack badly.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_IPV4 = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}"
_PATH = r"(?::\d{1,5})?(?:[/?#][^\s<>\"']*)?"
_URL_RE = re.compile(
    rf"(?<![\w@.-])(?:"
    rf"(?P<scheme>https?://)(?P<host>{_IPV4}|(?:{_LABEL}\.)+[a-z][a-z0-9-]{{0,23}}){_PATH}"
    rf"|(?P<www>www\.)(?P<whost>(?:{_LABEL}\.)+[a-z]{{2,24}}){_PATH}"
    rf"|(?P<bip>{_IPV4})(?=[:/]){_PATH}"
    rf"|(?P<bare>(?:{_LABEL}\.)+(?:{_BARE_TLDS}))(?![\w-]){_PATH}"
    rf")",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\""
_IPV4_RE = re.compile(_IPV4)
#: An IPv4 address as links are matched (``UrlMatch.is_ip``); rule prefilters widen it.
IPV4 = _IPV4


class UrlMatch(NamedTuple):
    """A link in the body: ``[start, end)`` offsets, the text and its lower-cased host."""

    start: int
    end: int
    text: str
    host: str
    is_ip: bool
    has_scheme: bool


# Every link has a dot between two label characters (or a scheme); most bodies have neither.
# The label class spells out what IGNORECASE would match (the four non-ASCII code points
# that fold onto ASCII letters included), and the character before the dot is checked by a
# look-behind, so the search starts from a literal: together three times faster.
_LABEL_CHAR = "A-Za-z0-9\u0130\u0131\u017f\u212a"
URL_HINT_RE = re.compile(rf"\.(?<=[{_LABEL_CHAR}-]\.)[{_LABEL_CHAR}]|://")
#: The same condition without a look-around, for engines that have none (RE2 in batch).
URL_HINT_PORTABLE = rf"[{_LABEL_CHAR}-]\.[{_LABEL_CHAR}]|://"


def find_urls(body: str) -> tuple[UrlMatch, ...]:
    """All links in ``body``, trailing sentence punctuation excluded."""
    hint = URL_HINT_RE.search(body) if "." in body else None
    if hint is None:
        return ()
    # Every link holds a hint and no whitespace, so none starts before the line or word of
    # the first hint (the regex's look-behind still sees the text before ``start``).
    at = hint.start()
    return urls_from(body, max(body.rfind(" ", 0, at), body.rfind("\n", 0, at)) + 1)


def urls_from(body: str, start: int) -> tuple[UrlMatch, ...]:
    """The links of ``body`` that start at ``start`` or later."""
    out = []
    for m in _URL_RE.finditer(body, start):
        text = m.group(0)
        end = m.end()
        while text and text[-1] in _TRAILING:
            text = text[:-1]
            end -= 1
        if m.group("scheme"):
            host = m.group("host")
        elif m.group("www"):
            host = "www." + m.group("whost")
        else:
            host = m.group("bip") or m.group("bare")
        host = host.lower()
        is_ip = _IPV4_RE.fullmatch(host) is not None
        out.append(UrlMatch(m.start(), end, text, host, is_ip, bool(m.group("scheme"))))
    return tuple(out)


def registered_domain(host: str) -> str:
    """The last two labels of a host (``www.bit.ly`` -> ``bit.ly``); good enough for lists."""
    parts = host.lower().rstrip(".").split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else host.lower()


def lower_keep_offsets(text: str) -> str:
    """``text.lower()`` with every offset unchanged.

    A few characters lower-case to two ("İ" -> "i̇"); those stay as they are, so spans
    found in the result index the original text. Patterns then match without
    IGNORECASE, which ``re`` runs several times faster.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def utf8_encodable(text: str) -> bool:
    """False for text holding lone surrogates (undecodable input kept by ``surrogateescape``),
    which RE2 and Arrow cannot take."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
