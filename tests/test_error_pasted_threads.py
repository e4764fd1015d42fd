"""Errors as people paste them in issue threads, read to their provider and cause.

``tests/data/pasted_error_threads.jsonl`` holds texts from public issues and pull requests
(each with its URL; none is a frozen outside case in ``eval/``): SDK exceptions, webhook
bodies, log lines, SMPP PDUs, a modem's +CMS ERROR, other languages, gateways the table
does not cover. A provider written ``other:<name>`` (or none) must be read as no covered
provider; numbers the thread shows that are not codes must not be taken for one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose.causes import parse_cause
from diagnose.errors import normalise_error

ROWS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "pasted_error_threads.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("row", ROWS, ids=[str(i) for i in range(len(ROWS))])
def test_a_pasted_error_reads_to_its_provider_and_cause(row: dict[str, object]) -> None:
    err = normalise_error(str(row["text"]))
    want = row["provider"]
    got = err.provider.value if err.provider else None
    if want is None or str(want).startswith("other:"):
        assert got is None, (row["source_url"], err.note)
    else:
        assert got == want, (row["source_url"], err.note)
    causes = {parse_cause(str(row["category"]))}
    causes |= {parse_cause(str(c)) for c in row["acceptable"]}  # type: ignore[attr-defined]
    assert err.category in causes, (row["source_url"], err.note)
    assert err.code is None or err.code not in row["not_codes"], (row["source_url"], err.code)  # type: ignore[operator]
