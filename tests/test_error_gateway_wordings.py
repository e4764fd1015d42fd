"""Error tables of SMS gateways the reference table does not cover, read by their words.

``tests/data/gateway_error_wordings.jsonl`` holds rows copied from 45 gateways' own
documentation (Clickatell, Kaleyra, Messente, Hubtel, Esendex, Routee, TNZ, Revicom, ...),
each with its URL and the category its description supports. None is a frozen outside case
(``eval/``); they are the classes those sets stand for: a gateway's own word for the
sender, the recipient, the balance or the login, opt-out written as a token, a limit
without rate words, other languages. The reader must not need a row of the gateway's to
read them, nor credit them to a covered provider's code with another cause.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose.causes import parse_cause
from diagnose.errors import normalise_error

ROWS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "gateway_error_wordings.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['gateway']}-{i}" for i, r in enumerate(ROWS)])
def test_a_gateways_wording_reads_as_its_cause(row: dict[str, object]) -> None:
    err = normalise_error(str(row["text"]))
    want = {parse_cause(str(row["category"]))}
    want |= {parse_cause(str(c)) for c in row["acceptable"]}  # type: ignore[attr-defined]
    assert err.category in want, (row["source_url"], err.note)


def test_the_wordings_cover_many_gateways_and_causes() -> None:
    assert len({r["gateway"] for r in ROWS}) >= 30
    assert len({r["category"] for r in ROWS}) >= 12
