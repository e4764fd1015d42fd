"""Words of a pasted error or a table text, with offsets: the unit every match counts in.

A word is a run of letters and digits; everything else separates words, so "Delivery
Failed!", "delivery-failed" and "DELIVERY_FAILED" are the same two words. Label-shaped
tokens (``EC_CALL_BARRED``, ``rejected-shortened-url``, ``UserInBlacklist``, ``TEXT_SPAM``)
are also kept whole, compacted to their letters and digits, because providers publish them
as one identifier.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

# Letters and digits in any script; "_" separates words like any other punctuation.
_WORD = re.compile(r"[^\W_]+")
# An identifier as providers write one: joined by "_" or "-", or camelCase, or ALLCAPS.
_LABEL = re.compile(r"(?<![\w-])[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)+(?![\w-])|(?<!\w)\w+(?!\w)")
_CAMEL = re.compile(r"[a-z][A-Z]")
_CAPS_ONLY = re.compile(r"[A-Z0-9]+")
# Where a CamelCase identifier's words meet: "TooMany", "SMSMessage" (not "iPhone"'s "iP").
_CAMEL_JOIN = re.compile(
    r"(?<=[A-Za-z0-9][a-z])(?=[A-Z])|(?<=[0-9])(?=[A-Z][a-z])|(?<=[A-Z])(?=[A-Z][a-z])"
)
# The end of a field name and its separator, just before a value: `status: `, `"name": "`.
_FIELD_BEFORE = re.compile(r"[A-Za-z0-9_\]'\"]\s{0,2}[:=]\s{0,3}[\"']?$")
# A {placeholder} in a documented message: the request's own value goes there.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|\[[a-z][^\[\]]*\]")


class Word(NamedTuple):
    """One word of a text: its case-folded form and ``[start, end)`` in the original."""

    text: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words of ``text``, case-folded, with their offsets.

    Example:
        >>> [w.text for w in words("Error 30007: Message FILTERED")]
        ['error', '30007', 'message', 'filtered']
    """
    return [Word(m.group(0).casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def normalise_text(text: str) -> str:
    """Case-folded words joined by single spaces: the key for matching pasted strings.

    Example:
        >>> normalise_text("  Delivery-FAILED! ")
        'delivery failed'
        >>> normalise_text("İLETİ GÖNDERİLEMEDİ")  # Turkish capital İ folds to a plain i
        'ileti gönderilemedi'
    """
    joined = " ".join(m.group(0).casefold() for m in _WORD.finditer(text)).replace("i\u0307", "i")
    return joined.translate(ARABIC_LETTERS) if _PERSIAN.search(joined) else joined


# Persian written with Arabic code points ("متن پيامك", yeh U+064A and kaf U+0643, as many
# Iranian gateways print it) and with Persian ones ("متن پیامک") is one text: matched as one.
_PERSIAN = re.compile("[\u06cc\u06a9]")
ARABIC_LETTERS = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})


def plain_words(text: str) -> str:
    """``normalise_text`` with identifiers read as the words they join.

    Providers name errors as constants (``BAD_CALLER_ID``, ``invalid_dst``) or classes
    (``TooManyRequestsException``, ``InvalidParameter``); the cause is in their words, so
    the trade's vocabulary (``diagnose.errors.cues.cause_phrases``) reads them split. "_"
    and "-" already separate words; a CamelCase token is split where its words meet.

    Example:
        >>> plain_words("TooManyRequestsException: BAD_CALLER_ID")
        'too many requests exception bad caller id'
        >>> plain_words("SMSMessageData iPhone")
        'sms message data iphone'
    """
    split = _LABEL.sub(
        lambda m: _CAMEL_JOIN.sub(" ", m.group(0)) if _CAMEL.search(m.group(0)) else m.group(0),
        text,
    )
    split = _ALTERED.sub(" received as altered text ", split)
    return normalise_text(_QUESTION_MARKS.sub(r"\1 question marks ", split))


# The text as it arrived, quoted after a verb of arriving or seeing ('phone receives "TA¤ssA¤"',
# 'converted to "My e-mail is aaa"', 'see "¤" instead of "$"'): the alphabet or the escaping
# changed it on the way, said in a quotation the word scan would read as any words.
# A quoted number ('sent to "+15555550123"') is an address, not a text: the quotation must
# hold a letter or a sign that is not part of a phone number.
# Quoted text, not a label of one to three plain words ('show the sender as "Unverified"',
# 'only shown as "sent"'): a status a screen shows, not what the text turned into, which
# holds some character a plain word does not (the pattern ignores case).
_QUOTED_TEXT = (
    r"[\"“](?![A-Z][a-z]+(?: [A-Z][a-z]+){0,2}[\"”])"
    r"(?=[^\"”\n]{0,79}[^\d\s+()\-.\"”\n])[^\"”\n]{1,80}[\"”]"
)
_ALTERED = re.compile(
    # Not a status or field that shows a quoted label ('status shows "Update Requested"').
    r"\b(?<![Ss]tatus )(?<![Ss]tate )(?<![Ff]ield )(?<![Cc]olumn )(?<![Ll]abel )"
    r"(?:(?:receives?|received|recieved|recived|seen|shown|shows|displays?|displayed|arrives?"
    r"|arrived|appears?|comes? through|reads?)\s+(?:(?:the|a|this|my)\s+)?(?:(?:message|massage"
    r"|sms|text)\s+)?(?:as\s+|like\s+)?|sent\s+as\s+"
    r"|(?:converted|turned)\s+(?:to|into)\s+|(?:became|becomes|become)\s+)"
    + _QUOTED_TEXT
    # '"!" appears instead of "@"', with a verb (or a misspelt one) between.
    + r"|[\"“][^\"”\n]{1,20}[\"”]\s+(?:[^\W\d_]+\s+){0,2}instead of\s+[\"“]"
    # "that became: AcvA"nement", "received the sms with text: test!test.com".
    + r"|\b(?:received|arrived|phones?|handsets?)\b[^\n]{0,40}?\b(?:became|becomes|become"
    r"|turned into)[ \t]*:[ \t]*\S[^\n]{0,80}"
    + r"|\b(?:receives?|received|recieved|recived)\s+(?:the\s+|a\s+)?(?:sms|message|text)\s+"
    r"(?:with\s+(?:the\s+)?text|as|like)[ \t]*:[ \t]*\S[^\n]{0,80}"
    # Characters a decoder could not read: the alphabet broke on the way.
    + r"|\ufffd{2,}|\ufffd[^\n]{0,20}\ufffd"
    # Or shown after a colon ("Arrives on the phone as: MourvIdre", "Read by the gateway
    # as: {|"): the verb, where it arrived (a phone, a gateway), "as:" and the text.
    + r"|\b(?:receives?|received|arrives?|arrived|shows?|shown|displays?|displayed|reads?"
    r"|appears?|comes? through)(?:[ \t]+[^\W\d_]+(?:['’][a-z]+)?){0,3}?[ \t]+"
    r"(?:phones?|handsets?|devices?|gateway|recipient|mobiles?|screens?|receiver|modem|iphone"
    r"|android)[ \t]*(?:as[ \t]*)?:[ \t]*\S[^\n]{0,80}",
    re.IGNORECASE,
)
# Text that turned into question marks ("the message looks like ??????"): a mangled
# alphabet, said in marks the word scan would drop. Only after a verb of seeing or turning
# into, so a question asked with "???" stays a question.
_QUESTION_MARKS = re.compile(
    r"\b(like|as|into|to|with|shows?|showing|became|becomes|get|gets|got|see|only|just|all)"
    r"\s*[\"'“]?(?:\?[ \t]?){2,}",
    re.IGNORECASE,
)


# The formatting tags a help page, a ticket or a chat export wraps text in ("<b>30007</b> -
# Message filtered"); not XML elements, whose names and attributes carry the error.
_MARKUP = re.compile(
    r"</?(?:b|i|u|em|strong|p|br|span|div|code|pre|a|font|small|li|ul|ol|td|tr|th|table|tbody"
    r"|thead|h[1-6]|mark|sup|sub|blockquote|hr)(?:\s[^<>]{0,200})?\s*/?>",
    re.IGNORECASE,
)


def without_markup(text: str) -> str:
    """``text`` with formatting tags blanked out, offsets unchanged (the same object when it
    has none).

    Example:
        >>> without_markup("<p><b>30007</b> - Message filtered</p>")
        '      30007     - Message filtered    '
    """
    if "<" not in text or _MARKUP.search(text) is None:
        return text
    return _MARKUP.sub(_blank_tag, text)


# A link's target inside a tag: kept, since its host may say whose page it is
# ('<a href="https://help.clicksend.com/...">').
_HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s<>]+)""", re.IGNORECASE)


def _blank_tag(m: re.Match[str]) -> str:
    tag = m.group(0)
    link = _HREF.search(tag)
    if link is None:
        return " " * len(tag)
    start, end = link.span(1)
    return " " * start + tag[start:end] + " " * (len(tag) - end)


# A URL- or form-encoded space or punctuation mark ("%20", "%3A"); letters, digits and
# non-ASCII bytes stay as written.
_ESCAPE = re.compile(r"%(2[0-9A-Fa-f]|3[A-Fa-f]|40|5[BbDd]|7[BbDd])")


def without_escapes(text: str) -> str:
    """``text`` with percent-escaped spaces and punctuation decoded, offsets unchanged (the
    escape's three characters become the character and two spaces; the same object when
    there is none): a query string's "256700555012%3ABLACKLISTED" reads as its words.
    JSON's ``\\uXXXX`` escapes, percent-escaped UTF-8 and a form value's "+" are decoded
    too, each word padded to its escaped length.

    Example:
        >>> without_escapes("reason=Number%20is%20blacklisted%2E")
        'reason=Number   is   blacklisted.  '
    """
    text = without_unicode_escapes(text)
    if "%" not in text and "+" not in text:
        return text
    if "+" in text and "=" in text:
        text = _FORM_VALUE.sub(_spaced_value, text)
    if "%" not in text:
        return text
    if _UTF8_ESCAPE.search(text) is not None:
        text = _UTF8_WORD.sub(_utf8_word, text)
    if _ESCAPE.search(text) is None:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) + "  ", text)


# A form-encoded value ("ErrorMessage=Message+filtered"), where "+" is a space: only between
# a letter, digit or escape and a letter or escape, or a letter and a digit ("Code+30003"),
# so a phone number's "+1555..." stays.
_FORM_VALUE = re.compile(r"=[^&\s=]+")
_FORM_SPACE = re.compile(r"(?<=[A-Za-z0-9])\+(?=[A-Za-z%])|(?<=[A-Za-z])\+(?=[0-9])")


def _spaced_value(m: re.Match[str]) -> str:
    return _FORM_SPACE.sub(" ", m.group(0))


# Percent-escaped UTF-8 (a form's "%D0%9E%D1%88..."): each word holding such bytes is decoded
# and padded with spaces to its escaped length, so the word stays whole and offsets after it
# are unchanged.
_UTF8_ESCAPE = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")
_UTF8_WORD = re.compile(r"(?<![^\s&=?+\"'])[^\s&=?+\"']*%[89A-Fa-f][0-9A-Fa-f][^\s&=?+\"']*")
_UTF8_RUN = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _padded(decoded: str, word: str) -> str:
    """``decoded`` padded with spaces to the length of the escaped ``word`` it replaces."""
    return decoded + " " * (len(word) - len(decoded))


def _utf8_word(m: re.Match[str]) -> str:
    word = m.group(0)
    try:
        decoded = _UTF8_RUN.sub(
            lambda r: bytes.fromhex(r.group(0).replace("%", "")).decode("utf-8"), word
        )
    except UnicodeDecodeError:
        return word
    return _padded(decoded, word)


# A word holding JSON's escapes of characters beyond ASCII ("\u4f59\u989d", "Num\u00e9ro"),
# as PHP's json_encode and Python's json.dumps print them by default.
_UNICODE_WORD = re.compile(
    # from a word's start only, possessively: each word is scanned once (linear in the text)
    r"(?<![^\s\\\"'{}\[\],:;=])(?:[^\s\\\"'{}\[\],:;=]|\\u[0-9A-Fa-f]{4})++"
)


def without_unicode_escapes(text: str) -> str:
    """``text`` with each word's ``\\uXXXX`` escapes decoded, the word padded with spaces
    to its escaped length so that later offsets are unchanged and the word stays whole.

    Example:
        >>> without_unicode_escapes('{"msg":"\\u4f59\\u989d\\u4e0d\\u8db3"}').rstrip('"} ')
        '{"msg":"余额不足'
    """
    if "\\u" not in text:
        return text
    return _UNICODE_WORD.sub(_decoded_word, text)


def _decoded_word(m: re.Match[str]) -> str:
    word = m.group(0)
    if "\\u" not in word:
        return word
    try:
        decoded: str = json.loads(f'"{word}"')
    except ValueError:
        return word
    return _padded(decoded, word)


def compact(text: str) -> str:
    """Letters and digits only, case-folded: one key for every spelling of an identifier.

    Example:
        >>> compact("EC_ABSENT_SUBSCRIBER") == compact("ec-absent-subscriber")
        True
    """
    return "".join(m.group(0).casefold() for m in _WORD.finditer(text))


def is_label(token: str) -> bool:
    """Whether a token is written as an identifier rather than as a word of a sentence.

    Example:
        >>> [is_label(t) for t in ("TEXT_SPAM", "UserInBlacklist", "UNDELIVERABLE", "Failed")]
        [True, True, True, False]
        >>> is_label("Toll-Free Number Has Not Been Verified")
        False
    """
    if not token or any(c.isspace() for c in token):
        return False
    if "_" in token or ("-" in token and any(c.isalpha() for c in token)):
        return True
    letters = [c for c in token if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return bool(_CAMEL.search(token))


def labels(text: str) -> list[Word]:
    """Label-shaped tokens of ``text``, compacted, with their offsets.

    A word in capitals is a label only as a field's value (``status: UNDELIVERABLE``); in a
    sentence, capitals are emphasis ("blocked as SPAM").

    Example:
        >>> [w.text for w in labels("status: UNDELIVERABLE (UserInBlacklist) was SPAM")]
        ['undeliverable', 'userinblacklist']
    """
    out = []
    for m in _LABEL.finditer(text):
        token = m.group(0)
        if not is_label(token):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if _CAPS_ONLY.fullmatch(token) and not _FIELD_BEFORE.search(before):
            continue
        out.append(Word(compact(token), m.start(), m.end()))
    return out
