"""Cells become the message fields ``message_fields`` + ``from_dict`` would make of them."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from diagnose.batch.formats import recognise
from diagnose.batch.vectorised import _FIELDS, BatchDiagnoser, message_fields
from diagnose.message import FailedMessage, InputError

ODD_TEXT: list[Any] = [
    "",
    " ",
    "\t\n",
    "\u00a0",
    "\u2003x\u2003",
    "\u200b",
    "\ufeff",
    " +1 (555) 010-0134 ",
    "Acme Dental",
    "=cmd",
    None,
    math.nan,
    15551234567.0,
    15551234567,
    True,
    ["a"],
]
ODD_TIMES: list[Any] = [
    "2024-05-01T21:03:22Z",
    " 2024-05-01T21:03:22+02:00 ",
    "2024-05-01T21:03:22.123456-04:00",
    "2024-05-01",
    "2024-05-01 21:03:22",
    "2024-05-01 21:03:22 UTC",
    "Wed, 01 May 2024 21:03:22 +0000",
    "20240501T210322Z",
    "Z",
    "not a date",
    "",
    "  ",
    None,
    math.nan,
    1714597402,
]
#: Native cells of a Parquet timestamp or date column (or a data frame's datetime64).
NATIVE_TIMES: list[Any] = [
    datetime(2024, 5, 2, 2, tzinfo=UTC),
    datetime(2024, 5, 2, 2, tzinfo=ZoneInfo("UTC")),
    datetime(2024, 5, 1, 22, tzinfo=ZoneInfo("America/New_York")),
    datetime(2024, 5, 1, 22, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(2024, 5, 2, 2, 3, 4, 567),
    date(2024, 5, 2),
    pd.Timestamp(1714615200000000001),  # nanoseconds: pandas' isoformat prints all nine
    pd.Timestamp("2024-05-02 02:00", tz="UTC"),
    pd.NaT,
]


def _reference(name: str, cell: Any) -> Any:
    values = {name: cell} if name == "body" else {"body": "-", name: cell}
    try:
        message = FailedMessage.from_dict(message_fields(values, recognise(["body", name])))
    except InputError:
        return "BAD"
    return getattr(message, "from_" if name == "from" else name)


@pytest.mark.parametrize(
    ("name", "cells"),
    [
        ("body", ODD_TEXT),
        ("to", ODD_TEXT),
        ("from", ODD_TEXT),
        ("brand", ODD_TEXT),
        ("sent_at", ODD_TIMES + ODD_TEXT),
        ("sent_at", NATIVE_TIMES),
    ],
)
def test_cells_convert_as_row_by_row(name: str, cells: list[Any]) -> None:
    mapping = recognise(["body", name] if name != "body" else ["body"])
    d = BatchDiagnoser(mapping)
    body = cells if name == "body" else ["-"] * len(cells)
    chunk = {"body": body} if name == "body" else {"body": body, name: cells}
    cols, bad = d._parse(chunk, len(cells))
    attr = "from_" if name == "from" else name
    assert attr in _FIELDS
    for i, cell in enumerate(cells):
        expected = _reference(name, cell)
        got = "BAD" if i in bad else cols[attr][i]
        assert got == expected and type(got) is type(expected), (name, cell)


def test_native_timestamps_are_read_as_iso_text() -> None:
    """A Parquet timestamp column is the message's sent_at, naive staying naive."""
    d = BatchDiagnoser(recognise(["body", "sent_at"]))
    cols, bad = d._parse({"body": ["-"] * len(NATIVE_TIMES), "sent_at": NATIVE_TIMES}, 9)
    assert not bad
    got = cols["sent_at"]
    assert got[0] == got[1] == datetime(2024, 5, 2, 2, tzinfo=UTC)
    assert got[2].utcoffset() == timedelta(hours=-4)
    assert got[4] == datetime(2024, 5, 2, 2, 3, 4, 567) and got[4].tzinfo is None
    assert got[5] == datetime(2024, 5, 2) and got[6] == datetime(2024, 5, 2, 2)
    assert got[8] is None
