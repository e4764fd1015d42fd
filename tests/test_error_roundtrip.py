"""The round-trip property: every row's own documented texts, pasted alone, read back to it.

For every row of the table, its name, each alias, its documented message (with its
``{placeholders}`` filled the way a real paste fills them) and, for a code that is text,
the code itself must read back to that row: as the answer, or as one of the tied
candidates when another row documents the same words. And every numeric code, written the
way its namespace writes it ("err-code 9", "status 9") with its provider given, must read
back to exactly that row.
"""

from __future__ import annotations

import re

import pytest

from diagnose.errors.codes import ErrorCodeInfo, all_error_codes
from diagnose.errors.normalise import _label, normalise_error
from diagnose.errors.words import PLACEHOLDER

ROWS = all_error_codes()


def _fill(text: str) -> str:
    """A documented message as it is pasted: its placeholders hold the request's values."""

    def value(m: re.Match[str]) -> str:
        name = m.group(0).lower()
        if any(w in name for w in ("to", "from", "phone", "number", "msisdn")):
            return "+15555550123"
        return "example"

    return PLACEHOLDER.sub(value, text)


def _texts(info: ErrorCodeInfo) -> list[tuple[str, str]]:
    out = [("name", _fill(info.name)), *(("alias", _fill(a)) for a in info.aliases)]
    if info.message:
        out.append(("message", _fill(info.message)))
    if not info.code.isdigit():
        out.append(("code", info.code))
    return out


CASES = [
    pytest.param(info, source, text, id=f"{info.provider}-{info.kind}-{info.code}-{source}"[:80])
    for info in ROWS
    for source, text in _texts(info)
]


def _reads_back(info: ErrorCodeInfo, text: str) -> tuple[bool, str]:
    err = normalise_error(text)
    rows = [err.info] if err.info is not None else []
    rows += list(err.candidates)
    return any(r is info for r in rows), f"{err.status}: {err.note}"


@pytest.mark.parametrize(("info", "source", "text"), CASES)
def test_a_rows_own_text_reads_back_to_it(info: ErrorCodeInfo, source: str, text: str) -> None:
    ok, why = _reads_back(info, text)
    assert ok, why


def test_the_round_trip_covers_every_row_and_text() -> None:
    assert {id(info) for info, _, _ in (c.values for c in CASES)} == {id(r) for r in ROWS}
    assert sum(1 for c in CASES if c.values[1] == "message") > 500


NUMERIC = [
    pytest.param(info, id=f"{info.provider}-{info.kind}-{info.code}")
    for info in ROWS
    if info.code.isdigit()
]


@pytest.mark.parametrize("info", NUMERIC)
def test_a_numeric_code_in_its_namespace_reads_back_to_its_row(info: ErrorCodeInfo) -> None:
    err = normalise_error(_label(info), info.provider)
    assert err.provider is info.provider, err.note
    assert err.info is info or info in err.candidates, err.note
    assert err.status == "known", err.note
