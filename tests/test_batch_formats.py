"""Export recognition, --map, masking and CSV safety: the pieces the app reuses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from diagnose.batch.csv_safety import neutralise
from diagnose.batch.formats import FormatError, parse_map, recognise
from diagnose.batch.mask import mask_phone, mask_template
from diagnose.message import Provider

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


def _header(name: str) -> list[str]:
    path = FIXTURES / name
    if path.suffix == ".jsonl":
        keys: dict[str, None] = {}
        for line in path.read_text().splitlines():
            keys.update(dict.fromkeys(json.loads(line)))
        return list(keys)
    with path.open(newline="") as f:
        return next(csv.reader(f))


@pytest.mark.parametrize(
    ("fixture", "fmt", "provider", "expected"),
    [
        (
            "twilio_message_log.csv",
            "twilio",
            Provider.TWILIO,
            {
                "id": "Sid",
                "body": "Body",
                "error": "ErrorCode",
                "from": "From",
                "sent_at": "SentDate",
            },
        ),
        (
            "bandwidth_mdr.csv",
            "bandwidth",
            Provider.BANDWIDTH,
            {
                "id": "messageId",
                "body": "text",
                "error": "errorCode",
                "from": "sourceTn",
                "to": "destinationTn",
                "sent_at": "receiveTime",
            },
        ),
        (
            "telnyx_mdr.csv",
            "telnyx",
            Provider.TELNYX,
            {"id": "id", "body": "text", "error": "errors", "from": "cli", "to": "cld"},
        ),
        (
            "sms_diagnose.jsonl",
            "sms-diagnose",
            None,
            {"id": "id", "body": "body", "error": "error", "provider": "provider"},
        ),
    ],
)
def test_each_provider_export_is_recognised(
    fixture: str, fmt: str, provider: Provider | None, expected: dict[str, str]
) -> None:
    mapping = recognise(_header(fixture))
    assert mapping.format == fmt
    assert mapping.provider == provider
    assert {k: mapping.columns[k] for k in expected} == expected


def test_map_overrides_and_custom_headers() -> None:
    header = ["Message Text", "Code", "Ref"]
    with pytest.raises(FormatError, match="--map body=COLUMN"):
        recognise(header)
    mapping = recognise(header, parse_map("body=Message Text,error=Code,id=Ref"))
    assert mapping.format == "custom"
    assert mapping.columns == {"body": "Message Text", "error": "Code", "id": "Ref"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("body", "FIELD=COLUMN"),
        ("colour=Text", "unknown field 'colour'"),
        ("body=Text,body=Other", "field 'body' more than once"),
        ("body=Text,error=Code,BODY =Text", "field 'body' more than once"),
        (["body=Text", "body=Other"], "field 'body' more than once"),
    ],
)
def test_bad_map_specs_say_what_is_wrong(spec: str | list[str], message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_map(spec)


def test_cli_refuses_a_field_mapped_twice(capsys: pytest.CaptureFixture[str]) -> None:
    from diagnose.cli import main

    args = ["batch", "-", "--map", "body=Text,body=Other", "--rules-only"]
    assert main(args) == 2
    assert "'body' more than once" in capsys.readouterr().err


def test_map_naming_a_missing_column_is_an_error() -> None:
    with pytest.raises(FormatError, match="'Nope'"):
        recognise(["Body"], {"body": "Nope"})


@pytest.mark.parametrize(
    ("body", "template"),
    [
        ("Hi Sarah, your code is 482913", "Hi <name>, your code is <n>"),
        ("Hi Tom, your code is 100233", "Hi <name>, your code is <n>"),
        ("Dear Mr. Lee Chan, pay $1,299.00 now", "Dear <name>, pay $<n> now"),
        ("Call +1 (555) 123-4567 or 555.987.6543", "Call <phone> or <phone>"),
        ("Visit https://x.co/a1b2 or bit.ly/zz9", "Visit <link> or <link>"),
        ("Mail ann.lee+sms@example.com", "Mail <email>"),
        ("hi there, thanks!", "hi there, thanks!"),
        ("Hi Émile, your code is 12", "Hi <name>, your code is <n>"),
        ("Hello Åsa Öberg, welcome", "Hello <name>, welcome"),
        ("Order   #12345\nshipped", "Order #<n> shipped"),
    ],
)
def test_templates_mask_personal_parts(body: str, template: str) -> None:
    assert mask_template(body) == template


def test_masking_a_huge_body_is_quick() -> None:
    mask_template("1-" * 200_000 + "a" * 100_000)  # must not backtrack


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+15551234567", "+1••••••4567"),
        ("+1 (555) 123-4567", "+1••••••4567"),
        ("+447700900123", "+44••••••0123"),
        ("+353861234567", "+353•••••4567"),
        ("88202", "88202"),
        ("ACME", "ACME"),
        (None, ""),
    ],
)
def test_phone_numbers_are_masked(number: str | None, masked: str) -> None:
    assert mask_phone(number) == masked


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("\t=x", "'\t=x"),
        ("+15551234567", "+15551234567"),
        ("-3.5", "-3.5"),
        ("hello", "hello"),
        ("", ""),
    ],
)
def test_formula_cells_are_neutralised(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe
