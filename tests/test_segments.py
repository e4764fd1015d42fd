"""Segment maths: parity with Twilio's calculator, GSM-7 folding, and robustness."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.text.segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    LOOKALIKES,
    gsm7_fold,
    is_gsm7,
    segment_info,
)

# Twilio's results, from willitsend (MIT, Copyright (c) 2026 Abry); see the NOTICE beside it.
VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "segment-vectors.json").read_text(encoding="utf-8")
)


def test_vector_file_is_complete() -> None:
    assert len(VECTORS) == 126


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: f"{v['encoding']}-{len(v['body'])}")
def test_matches_twilio(vector: dict[str, Any]) -> None:
    info = segment_info(vector["body"])
    assert (info.encoding, info.segments) == (vector["encoding"], vector["segments"])


@pytest.mark.parametrize(
    ("body", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),
        ("€" * 81, "GSM-7", 162, 2),
        ("x" * 70 + "’", "UCS-2", 71, 2),
        ("’" * 70, "UCS-2", 70, 1),
        ("’" * 134, "UCS-2", 134, 2),
        ("’" * 135, "UCS-2", 135, 3),
        ("😀" * 35, "UCS-2", 70, 1),
        ("😀" * 36, "UCS-2", 72, 2),
    ],
)
def test_boundaries(body: str, encoding: str, units: int, segments: int) -> None:
    info = segment_info(body)
    assert (info.encoding, info.code_units, info.segments) == (encoding, units, segments)
    assert (
        info.per_segment
        == {
            ("GSM-7", True): 160,
            ("GSM-7", False): 153,
            ("UCS-2", True): 70,
            ("UCS-2", False): 67,
        }[(encoding, segments <= 1)]
    )


def test_extension_pair_is_never_split() -> None:
    # The euro sign would take septets 153 and 154: it moves whole to segment 2.
    body = "a" * 152 + "€" + "b" * 10
    info = segment_info(body)
    assert info.code_units == 164
    assert info.segment_starts == (0, 152)


def test_surrogate_pair_is_never_split() -> None:
    # The emoji would take UTF-16 units 67 and 68.
    body = "’" + "x" * 65 + "😀" + "y" * 10
    info = segment_info(body)
    assert info.segment_starts == (0, 66)
    assert body[info.segment_starts[1]] == "😀"


def test_flag_is_one_atom() -> None:
    # A flag is two regional indicators (4 units); Twilio keeps the cluster whole.
    body = "’" + "x" * 64 + "🇺🇸" + "y" * 10
    info = segment_info(body)
    assert info.segment_starts == (0, 65)
    assert info.characters == 76


def test_twilio_reference_ucs2_case() -> None:
    # From the calculator's own tests: the third segment holds only the final "4".
    body = "😜" + "".join(str(i % 10) for i in range(2, 135))
    info = segment_info(body)
    assert info.segments == 3
    assert body[info.segment_starts[-1] :] == "4"


def test_characters_count_user_perceived_clusters() -> None:
    info = segment_info("👨‍👩‍👧 e\u0301 ❤️")  # family (5 code points), e + accent, heart + VS16
    assert info.characters == 5
    assert info.code_units == 14
    assert [c for c, _ in info.ucs2_chars] == ["👨‍👩‍👧", "e\u0301", "❤️"]


def test_ucs2_chars_lists_offsets() -> None:
    info = segment_info("It’s 5 o’clock — ok")
    assert info.ucs2_chars == (("’", (2, 8)), ("—", (15,)))


def test_combining_accent_forces_ucs2_but_precomposed_does_not() -> None:
    assert segment_info("café").encoding == "GSM-7"
    assert segment_info("cafe\u0301").encoding == "UCS-2"
    assert segment_info("français").encoding == "UCS-2"


def test_crlf_is_two_gsm_characters() -> None:
    info = segment_info("a\r\nb")
    assert (info.encoding, info.characters, info.code_units) == ("GSM-7", 4, 4)


def test_to_dict() -> None:
    d = segment_info("Hi’").to_dict()
    assert d["encoding"] == "UCS-2" and d["ucs2_chars"] == [["’", [2]]]


def test_alphabet_sizes() -> None:
    assert len(GSM7_BASIC) == 127
    assert len(GSM7_EXTENSION) == 10


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("It’s", "It's"),
        ("‘a’ “b”", "'a' \"b\""),
        ("9–5 — now", "9-5 - now"),
        ("wait…", "wait..."),
        ("a\u00a0b\u2009c", "a b c"),
        ("zero\u200bwidth", "zerowidth"),
        ("ＡＢＣ１２３", "ABC123"),
        ("café ñ", "café ñ"),
        ("日本", "日本"),
    ],
)
def test_gsm7_fold(before: str, after: str) -> None:
    assert gsm7_fold(before) == after


def test_fold_targets_are_gsm7() -> None:
    assert is_gsm7(gsm7_fold("".join(sorted(LOOKALIKES))))


def test_fold_saves_segments() -> None:
    body = "We’re open — come by! " * 4
    assert segment_info(body).segments == 2
    assert segment_info(gsm7_fold(body)).encoding == "GSM-7"
    assert segment_info(gsm7_fold(body)).segments == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, blacklist_categories=())))
def test_never_raises(body: str) -> None:
    info = segment_info(body)
    assert (info.segments >= 1) == bool(body)
    assert len(info.segment_starts) == info.segments
    assert all(0 <= s <= len(body) for s in info.segment_starts)
    assert info.characters <= len(body)
    folded = gsm7_fold(body)
    assert segment_info(folded).code_units >= 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENSION)), max_size=700))
def test_gsm_segments_respect_capacity(body: str) -> None:
    info = segment_info(body)
    assert info.encoding == "GSM-7"
    bounds = (*info.segment_starts, len(body))
    for start, end in pairwise(bounds):
        part = body[start:end]
        septets = len(part) + sum(c in GSM7_EXTENSION for c in part)
        assert septets <= (160 if info.segments == 1 else 153)
