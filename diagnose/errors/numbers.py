"""The numbers in a pasted error, and which of them can be error codes.

A regex finds every run of one to five digits that stands alone; a plain check of what
surrounds it decides what it is. A number named by its field (``"error_code": 30007``,
``ErrorCode=30007``, ``err-code: 9``, ``status 7``), or inside a provider's documentation
link (``.../docs/errors/21613``), is a code; so is one that stands alone in the paste. A
number that is an HTTP status (``HTTP 400``, ``HTTP Code 400``, ``400 Bad Request``, a
``StatusCode`` of 200), a length or count (``1600 character limit``, ``3 times``), a price
(``$0.05``, ``10 USD``), a year, a date or time, or part of a phone number, URL or identifier
is never one. Any other number of four or five digits is a likely code; a shorter one
counts only when the text beside it confirms it (its documented name, "30 Spam Detected").

Example:
    >>> [(n.value, n.role) for n in find_numbers("HTTP 400 error: code 21211, see line 42")]
    [('400', 'http'), ('21211', 'keyed'), ('42', 'quantity')]
"""

from __future__ import annotations

import bisect
import re
from typing import Literal, NamedTuple

from diagnose.errors.words import compact
from diagnose.message import Provider

Role = Literal["link", "keyed", "status", "whole", "bare", "short", "http", "quantity"]


class NumberCue(NamedTuple):
    """A number that may be a code: its digits, ``[start, end)``, and why it may be one.

    ``role``: ``link`` (in a documentation link), ``keyed`` (after an error or code field
    or word), ``status`` (after a status field: a code in a status namespace), ``whole``
    (the paste is the number), ``bare`` (four or five digits in a sentence), ``short`` (a
    shorter number in a sentence: only with confirmation), ``http`` (an HTTP status: never
    a code on its own), ``quantity`` (a length, a count or a position: a code only when its
    documented name follows it). ``key`` is the field's compact name; ``provider`` the owner of a
    documentation link's site.
    """

    value: str
    start: int
    end: int
    role: Role
    key: str = ""
    provider: Provider | None = None


# A run of 1-5 digits that is not part of a word, a longer number, a decimal, a time, a
# date, a version or a path segment (a documentation link is read separately).
# A code in the plural ("4750s", "the 30007s we saw") is that code: four or five digits only,
# so "10s" (seconds) and "500s" (a family of HTTP statuses) stay what they are.
_NUMBER = re.compile(
    r"(?<![\w.,+/$€£#-])(?:[0-9]{4,5}(?=s(?!\w))|[0-9]{1,5}(?![\w]|[.,:/-][0-9]|%))", re.ASCII
)
_MAX_SAME = 16
# A source file before a line number ("MessageCreator.java:333").
_SOURCE_FILE = re.compile(r"\.(?:java|py|js|ts|rb|go|cs|php|kt|swift|scala|cpp|rs|exs?)$")
# The field or word just before a number: `"error_code": `, `ErrorCode=`, `status `, `err-code:`.
_KEY = re.compile(
    r"(?:^|[^A-Za-z0-9])(?P<key>[A-Za-z][A-Za-z0-9_.-]{0,40}?)[\"']?\s{0,3}"
    r"(?:[:=：]={0,2}|=>|->|\bis\b|\bwas\b|\bof\b|\])?\s{0,3}[\"'(\[]?\s{0,2}$",
    re.ASCII,
)
# A phone number: international (+...), North American (555-123-4567, (555) 123 4567), or a
# long run of digits. Numbers inside it are never codes.
_PHONE = re.compile(r"\+\d[\d\s().-]{5,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\d{7,}", re.ASCII)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# A documentation link to an error's own page: .../errors/21613, .../api-errors/...#1234
_DOC_CODE = re.compile(r"/(?:api/)?errors?/(?:[a-z-]+/)?([0-9]{1,5})(?![0-9])", re.IGNORECASE)
_LINK_OWNERS: tuple[tuple[str, Provider], ...] = (
    ("twilio.com", Provider.TWILIO),
    ("telnyx.com", Provider.TELNYX),
    ("bandwidth.com", Provider.BANDWIDTH),
    ("vonage.com", Provider.VONAGE),
    ("nexmo.com", Provider.VONAGE),
    ("plivo.com", Provider.PLIVO),
    ("sinch.com", Provider.SINCH),
    ("infobip.com", Provider.INFOBIP),
    ("messagebird.com", Provider.BIRD),
    ("bird.com", Provider.BIRD),
    ("amazon.com", Provider.AWS),
    ("microsoft.com", Provider.AZURE),
    ("africastalking.com", Provider.AFRICAS_TALKING),
    ("textmagic.com", Provider.TEXTMAGIC),
    ("clicksend.com", Provider.CLICKSEND),
    ("telesign.com", Provider.TELESIGN),
)

# Field names (compacted) whose value is an error code, and the namespaces they select.
# None: any namespace. "err-code" is Vonage's DLR field; "status" selects status namespaces.
KEY_KINDS: dict[str, frozenset[str] | None] = {
    "errcode": frozenset({"dlr"}),
    # An SMPP delivery receipt's "err:006" (beside "stat:UNDELIV"): a receipt's error.
    "err": frozenset({"dlr", "smpp"}),
    "failurecode": frozenset({"failure_code"}),
    "status": frozenset({"sms_api", "status", "status_code", "delivery_status"}),
    # MM7's <StatusCode> (Sinch's MMS errors) as well.
    "statuscode": frozenset({"sms_api", "status", "status_code", "delivery_status", "mms_error"}),
    "smpp": frozenset({"smpp"}),
    "denialstatuscode": frozenset({"tfv_denial"}),
    # Bandwidth's v1 (Catapult) events: "deliveryCode": "775".
    "deliverycode": frozenset({"v1_delivery"}),
}
_ERROR_KEYS = re.compile(
    r"(?:err(?:or)?|code|reason|errno|failure|result|response|rejection|dlr|deliverystatus"
    r"|errorid)$"
)
_STATUS_KEYS = re.compile(r"(?:status|statuscode|state|smpp)$")
_ID_KEYS = re.compile(r"(?:id|sid|uuid|ref|reference|no|nr|ticket|order|batch|account|port)$")
# Fields whose value is a quantity, a setting or a time, never a code: a JSON or log field
# named so ("delay": 0, "retries": 3, "price": 0.05, "timeout": 30) is read as nothing.
# Matched whole (a key's words are run together: "retrycount", not "vonage" for "age").
_NOT_CODE_KEYS = re.compile(
    r"(?:max|min|total|retry|message|msg|sms|part|segment|num|number|send|request|validity"
    r"|sent|unit|credit|char|character|body|text)?"
    r"(?:delay|count|price|cost|amount|length|len|size|timeout|ttl|retry|retries|attempts?"
    r"|parts|segments|units|credits?|balance|total|limit|offset|duration|seconds|secs|ms"
    r"|minutes|hours|days|version|priority|validity|validityperiod|index|page|pagesize"
    r"|quantity|qty|max|min|age|year|month|day|hour|minute|second|timestamp|time|date"
    r"|percent|score|latency|elapsed|tps|mps|rate|interval|sequence|seq|position|line|messages|msgs)"
)
# Fields naming a mobile network by its id (MCC and MNC): "networkCode=62130".
_NETWORK_KEYS = frozenset({"networkcode", "mccmnc", "mcc", "mnc", "operatorcode", "plmn"})
# A code written into an identifier: "failed_status_and_error_code_30007", "ERROR-30003",
# "err_code_9". Its field name is glued to it, so it is a keyed code.
_GLUED = re.compile(
    r"(?<![A-Za-z0-9])(?:err(?:or)?[_-]?code|error|err)[_-]([0-9]{1,5})(?![0-9A-Za-z])",
    re.IGNORECASE,
)

_HTTP_KEYS = re.compile(r"http")
# Fields whose value is as often a response's HTTP status as a provider's own status code.
HTTP_STATUS_KEYS = frozenset({"status", "statuscode", "responsecode", "httpstatus", "code"})
# "status code 404", "[status code] 404", "response code: 400": a response's status.
_STATUS_CODE_BEFORE = re.compile(
    r"(?:status|response)[ _-]?code(?:[ _-]?error)?\W{0,4}$", re.IGNORECASE
)
# "...responds 200 status code", "a 503 HTTP status": the status named after its number.
_STATUS_CODE_AFTER = re.compile(r"^\W{0,2}(?:http[ _-]?)?(?:status|response)[ _-]?code\b", re.I)
# A body with a message field beside its "code" is an error response: "code": 400 there is
# the response's status written into its body ({"code": 400, "msg": "..."}), a code only in
# the table of a provider the paste names (see diagnose.errors.reader). A delivery report's
# "code" with no message ({"status": "Failed", "code": 402}) is the provider's own.
_MESSAGE_FIELD = re.compile(
    r"[\"']?\b(?:msg|message|error_?message|error_?description|description|detail|details)"
    r"[\"']?\s*(?:[:=]|=>)",
    re.IGNORECASE,
)
# Standard HTTP statuses: after a status field, these are the response's, not a code.
HTTP_STATUSES: dict[str, str] = {
    "200": "OK",
    "201": "Created",
    "202": "Accepted",
    "204": "No Content",
    "400": "Bad Request",
    "401": "Unauthorized",
    "402": "Payment Required",
    "403": "Forbidden",
    "404": "Not Found",
    "405": "Method Not Allowed",
    "408": "Request Timeout",
    "409": "Conflict",
    "410": "Gone",
    "413": "Payload Too Large",
    "415": "Unsupported Media Type",
    "422": "Unprocessable Entity",
    "429": "Too Many Requests",
    "500": "Internal Server Error",
    "502": "Bad Gateway",
    "503": "Service Unavailable",
    "504": "Gateway Timeout",
}
_HTTP_REASONS = {compact(v): k for k, v in HTTP_STATUSES.items()}
# Words after a number that make it a quantity: a length, a count, a duration, a rate.
_UNITS = frozenset(
    "character characters char chars segments parts byte bytes kb mb gb digit digits letters "  # noqa: SIM905
    "words messages msgs texts recipients numbers requests attempts times seconds sec secs ms "
    "minutes min mins hours hrs days weeks months years daily weekly monthly hourly per mps "
    "tps percent usd eur gbp cents dollars credits emoji glyphs units users contacts items "
    "entries lines rows bits mbps people hour minute second day week month year segment "
    "part attempt request character credit cent dollar".split()
)
# Words before a number that make it a quantity or a position, not a code.
_QUANTITY_BEFORE = frozenset(
    [
        "limit",
        "max",
        "maximum",
        "min",
        "minimum",
        "up",
        "over",
        "under",
        "than",
        "exceeds",
        "exceeded",
        "exceed",
        "above",
        "below",
        "least",
        "most",
        "only",
        "first",
        "last",
        "top",
        "line",
        "lines",
        "page",
        "version",
        "v",
        "step",
        "usd",
        "eur",
        "gbp",
        "price",
        "cost",
        "costs",
        "rate",
        "sent",
        "send",
        "sending",
        "retry",
        "retried",
        "retries",
        "attempt",
        "tried",
        "after",
        "within",
        "every",
        "about",
        "approximately",
        "around",
        "nearly",
        "almost",
        "upto",
        "total",
        "count",
        "length",
        "size",
        "now",
    ]
)
# A count that changed, its unit after the new value ("14400 -> 14398 units").
_TO_ANOTHER = re.compile(r"^\s*(?:->|→|=>|to)\s*[\d,.]+\s*([A-Za-z]+)", re.ASCII)
# "HTTP" labelling the number itself ("HTTP 400", "HTTP/1.1 429", "http status code: 500"),
# not a number after an HTTP status ("[HTTP 400] 21211").
_HTTP_BEFORE = re.compile(
    r"http(?:/\d(?:\.\d)?)?(?:[\s:=#_\-\[(]|status|code|error|response)*$", re.IGNORECASE
)
# The one or two words just before a number, and the word just after it (only spaces between).
_WORDS_BEFORE = re.compile(r"([A-Za-z]+)(?:\s+([A-Za-z]+))?\s{0,2}[$€£]?$", re.ASCII)
# "12+ hours", "24-hour", "3 x": the word after a plus or a hyphen is the unit all the same.
_WORD_AFTER = re.compile(r"^\+?(?:\s{0,2}|-)([A-Za-z]+|%)", re.ASCII)
# A count with a word or two between it and its unit ("20 varied and 6 identical messages").
_NEXT_WORDS = re.compile(r"[A-Za-z]+", re.ASCII)
#: Words between a count and its unit: what kind of messages, not a code's name.
_COUNT_WORDS = frozenset(
    "varied identical different distinct unique similar duplicate separate consecutive more "  # noqa: SIM905
    "fewer additional new failed successful outbound inbound and or".split()
)
_YEAR = re.compile(r"(?:19[89]|20[0-3])[0-9]")
_MONTH_WORDS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def link_owner(url: str) -> Provider | None:
    host = url.split("//", 1)[-1].split("/", 1)[0].lower()
    return next((p for domain, p in _LINK_OWNERS if host.endswith(domain)), None)


def find_links(text: str) -> list[tuple[int, int, Provider | None]]:
    """``[start, end)`` and site owner of every link in ``text``."""
    return [(m.start(), m.end(), link_owner(m.group(0))) for m in _URL.finditer(text)]


class Spans:
    """Non-overlapping ``[start, end)`` spans; ``covers`` is a binary search, not a scan."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self._starts = [s for s, _ in merged]
        self._spans = merged

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._spans[i][1] >= end


def key_of(text: str, start: int) -> str:
    """The compact name of the field or word just before ``start`` ("" if none).

    An XML element's name counts when it says the number is no code ("<MnoId>10017</MnoId>":
    an operator's id); otherwise the value is read as before, by the words around it.
    """
    xml = _XML_KEY.search(text, max(0, start - 64), start)
    if xml is not None:
        key = compact(xml.group("key"))
        if _ID_KEYS.search(key) or _NOT_CODE_KEYS.fullmatch(key) or key in _NETWORK_KEYS:
            return key
    m = _KEY.search(text, max(0, start - 48), start)
    return compact(m.group("key")) if m else ""


_XML_KEY = re.compile(r"<(?P<key>[A-Za-z][\w.-]{0,40})(?:\s[^<>]{0,60})?>\s{0,2}$", re.ASCII)


# The HTTP client's error, not the API's: libcurl numbers its own (6: could not resolve host,
# 7: could not connect, 28: timed out), as PHP's Guzzle and curl itself print them.
# The words before a one-time code in a message's text ("Your verification code is 4821",
# "PIN: 1234", "OTP 482113", "رمز التحقق: 1234", "验证码：1234").
_ONE_TIME_CODE = re.compile(
    r"(?:(?i:\b(?:verification|confirmation|security|one[ -]time|login|sign[ -]?in|auth"
    r"(?:entication)?|access|activation)[ -](?:code|pin|password|passcode)|\b(?:otp|pin"
    r"|passcode|2fa code)(?: code)?)|رمز التحقق|رمز التفعيل|验证码|驗證碼|認証コード|確認コード"
    r"|인증번호|인증 번호|код подтверждения)\s{0,2}(?:(?i:is)\s{0,2})?[:：=]?\s{0,2}$"
)
_CURL_ERROR = re.compile(r"(?i:\bcurl) (?:error|errno)[ :#]*$")
# A number one texts a word to ("text the word START to 85364", "reply STOP to 76993"),
# or one called a short code: a destination, not an error code.
_TEXT_TO = re.compile(
    r"\b(?:text|texting|reply|replying|send|sending|sms)\b(?: (?:the )?(?:word |keyword )?"
    r"[\"'“]?[A-Za-z]+[\"'”]?)? to $",
    re.IGNORECASE,
)
_SHORT_CODE_AFTER = re.compile(r" ?\((?:the )?(?:[\w-]+ )?short ?code\b", re.IGNORECASE)

# A status and a colon before the words of an error string ("400: Error sending sms OTP").
_HTTP_PREFIX_AFTER = re.compile(r": [A-Za-z]")

# The level and tag of an Android logcat line, up to the "(" of its process id.
_LOGCAT_TAG = re.compile(r"(?:^|[\s\]])[VDIWEF]/[\w:.\-]+ ?\($")


def _role(text: str, m: re.Match[str], key: str, only_number: bool) -> Role | None:
    value = m.group(0)
    if text[m.start() - 1 : m.start()] == ":" and (
        text[max(0, m.start() - 2) : m.start() - 1].isdigit()
        or _SOURCE_FILE.search(text, 0, m.start() - 1)
    ):
        return None  # the minutes of a time (10:30), a line in a stack trace (File.java:333)
    before = text[max(0, m.start() - 24) : m.start()]
    after = text[m.end() : m.end() + 24]
    if after.startswith("]:") and re.search(r"[A-Za-z][\w.-]*\[$", before):
        return None  # a syslog process id: "gammu-smsd[11511]:"
    if (
        value in HTTP_STATUSES
        and value[:1] in "45"
        and _HTTP_PREFIX_AFTER.match(after)
        and (not before or before[-1] in "\"'\n")
    ):
        return "http"  # an error string that opens with its response's status: "400: Error sending"
    if _TEXT_TO.search(before) or _SHORT_CODE_AFTER.match(after):
        return None  # a number to text ("text the word START to 85364"): a short code
    if before.endswith(("[Errno ", "[WinError ")) and after.startswith("]"):
        return None  # an operating system's error number in Python's OSError: "[Errno 111]"
    if _CURL_ERROR.search(before):
        return None  # libcurl's own error number: "cURL error 6: Could not resolve host"
    if _ONE_TIME_CODE.search(text, max(0, m.start() - 40), m.start()):
        return None  # the one-time code a message carries: "Verification Code: 1234"
    line_start = text.rfind("\n", max(0, m.start() - 120), m.start()) + 1
    if after.startswith("):") and _LOGCAT_TAG.search(
        text[max(line_start, m.start() - 120) : m.start()]
    ):
        return None  # an Android logcat line's process id: "E/amplify:auth_cognito(30931):"
    if before.endswith("[") and (before[:-1].rstrip().endswith("]") or after.startswith("][")):
        return None  # a field of a log line's prefix: "[2022-03-30 19:00:24][91325][WARNING]"
    words_before = _WORDS_BEFORE.search(before)
    word_after = _WORD_AFTER.search(after)
    prev = {w.lower() for w in words_before.groups() if w} if words_before else set()
    nxt = word_after.group(1).lower() if word_after else ""
    if _HTTP_KEYS.search(key) or _HTTP_BEFORE.search(before):
        return "http"
    if value in HTTP_STATUSES and (
        compact(after[:24]).startswith(tuple(_HTTP_REASONS))
        or (key in HTTP_STATUS_KEYS and (key != "code" or _MESSAGE_FIELD.search(text)))
        or _STATUS_CODE_BEFORE.search(before)
        or _STATUS_CODE_AFTER.search(after)
    ):
        return "http"
    last = (words_before.group(2) or words_before.group(1)).lower() if words_before else ""
    if value in HTTP_STATUSES and len(value) == 3 and last in ("a", "an"):
        return "http"  # "getting a 401 from our provider": a response, not a code
    if before.rstrip().endswith(("$", "€", "£")):
        return None
    if nxt in _UNITS or prev & _QUANTITY_BEFORE:
        return "quantity"
    changed = _TO_ANOTHER.match(after)
    if changed and changed.group(1).lower() in _UNITS:
        return "quantity"
    if nxt in _COUNT_WORDS and any(
        w.lower() in _UNITS for w in _NEXT_WORDS.findall(after, 0, 40)[1:4]
    ):
        return "quantity"
    if key == "err" and not value.strip("0"):
        return None  # a delivery receipt's "err:000": no error code given
    if nxt in _MONTH_WORDS or prev & _MONTH_WORDS:
        return None
    if key and _NOT_CODE_KEYS.fullmatch(key):
        return None  # "delay": 0, "retries": 3: a setting or a quantity
    if key in _NETWORK_KEYS:
        return None  # "networkCode=62130": the network's id (MCC and MNC), not an error
    if key and (_ERROR_KEYS.search(key) or key in KEY_KINDS):
        return "keyed"
    if key and _ID_KEYS.search(key):
        return None  # an identifier: a campaign, message, account or ticket number
    if key and _STATUS_KEYS.search(key):
        return "status"
    if only_number:
        return "whole"
    if _YEAR.fullmatch(value):
        return None
    return "bare" if len(value) >= 4 else "short"


def find_numbers(text: str, *, only_number: bool = False) -> list[NumberCue]:
    """Every number in ``text`` that may be a code or is an HTTP status, in order.

    ``only_number``: the paste is nothing but this number (and filler words).
    """
    links = find_links(text)
    masked = Spans([(s, e) for s, e, _ in links] + [m.span() for m in _PHONE.finditer(text)])
    out: list[NumberCue] = []
    for start, end, owner in links:
        for m in _DOC_CODE.finditer(text, start, end):
            out.append(NumberCue(m.group(1), m.start(1), m.end(1), "link", "", owner))
    for m in _GLUED.finditer(text):
        if not masked.covers(m.start(1), m.end(1)):
            out.append(NumberCue(m.group(1), m.start(1), m.end(1), "keyed", "errorcode"))
    seen: dict[str, int] = {}
    for m in _NUMBER.finditer(text):
        # The same number a thousand times (a column of counts) says no more than a few do.
        seen[m.group(0)] = seen.get(m.group(0), 0) + 1
        if seen[m.group(0)] > _MAX_SAME or masked.covers(m.start(), m.end()):
            continue
        key = key_of(text, m.start())
        role = _role(text, m, key, only_number)
        if role is not None:
            out.append(NumberCue(m.group(0), m.start(), m.end(), role, key))
    out.sort(key=lambda n: n.start)
    statuses = {n.value for n in out if n.role == "http" and n.value[:1] in "45"}
    if statuses:
        # Twilio's SDK, given no error code, fills ``code`` and ``moreInfo``'s link with the
        # HTTP status ("status: 400, code: 400, moreInfo: .../errors/400"): a code or a link
        # repeating the response's error status is that status.
        out = [
            n._replace(role="http") if n.role in ("link", "keyed") and n.value in statuses else n
            for n in out
        ]
    return out
