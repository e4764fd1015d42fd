"""mask_template's shortcuts (a greeting pre-check, whitespace collapsed by str.split)
must give what the plain regex steps give."""

from __future__ import annotations

import contextlib
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.batch import mask
from diagnose.batch.synthetic import generate_rows
from diagnose.learn.corpus import CorpusNotFound, load_corpora

_WS_RE = re.compile(r"\s+")


def _plain_mask_template(body: str) -> str:
    """``mask_template`` without its shortcuts: every step always runs."""
    text = mask.mask_links(body)
    if "@" in text:
        text = mask._EMAIL_RE.sub("<email>", text)
    text = mask._PHONE_RE.sub("<phone>", text)
    text = mask._NAME_RE.sub(mask._name_sub, text)
    text = mask._NUMBER_RE.sub("<n>", text)
    return _WS_RE.sub(" ", text).strip()


def _check(body: str) -> None:
    assert mask.mask_template.__wrapped__(body) == _plain_mask_template(body), body


def test_regex_whitespace_is_str_whitespace() -> None:
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert (_WS_RE.fullmatch(ch) is not None) == ch.isspace(), hex(code)


# Greetings in several cases and with the characters IGNORECASE folds onto ASCII letters
# ("ı" and "İ" for i, "ſ" for s, the Kelvin sign for k), names, numbers and odd spaces.
_PIECES = [
    "Hi",
    "hI",
    "HELLO",
    "hey",
    "Dear",
    "dear mr. ",
    "Thanks",
    "thank you",
    "Congrats",
    "CONGRATULATIONS",
    "welcome",
    "Good morning",
    "good Evening",
    "hı",
    "Hİ",
    "THANKſ",
    "thanK you",
    "Sarah",
    "tom",
    "Ana-Maria",
    "Lee Chan",
    ", ",
    " ",
    "  ",
    "\t",
    "\n",
    "\xa0",
    "\u2028",
    "\u3000",
    "\x1c",
    "\x85",
    "482913",
    "+1 (555) 123-4567",
    "$1,299.00",
    "bit.ly/x1",
    "a@b.co",
    "!",
    "ship",
    "this",
]


@pytest.mark.parametrize(
    "body",
    [
        "hı Sarah, 50% off",  # dotless i folds onto i: a greeting no lower() finds
        "Hİ Sarah",
        "THANKſ Tom",
        "thanK you Ana",
        "Good\u3000morning Lee",
        "Hi\xa0 Sarah,\n\nyour code is 1234 ",
        "this ship has sailed",
        "\x1c\x1dx\x1e\x1f",
        "",
        " \u2028 ",
    ],
)
def test_mask_template_matches_plain_steps(body: str) -> None:
    _check(body)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_mask_template_matches_plain_steps_on_greetings(body: str) -> None:
    _check(body)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_mask_template_matches_plain_steps_on_any_text(body: str) -> None:
    _check(body)


def test_mask_template_matches_plain_steps_on_traffic_and_corpora() -> None:
    bodies = set(generate_rows(3000, seed=4)["body"])
    with contextlib.suppress(CorpusNotFound):
        bodies.update(load_corpora()["text"])
    for body in bodies:
        _check(body)
