"""AppTest of the Triage page: recognised exports, hand mapping, bad files, opening a row."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnose.app_support.triage import results_csv
from diagnose.app_support.upload import read_upload

APP = str(Path(__file__).resolve().parents[1] / "app.py")

TWILIO = (
    "Sid,From,To,Body,Status,SentDate,ErrorCode\n"
    "SM1,+15550001111,+15552223333,Acme: your code is 1234,undelivered,2024-05-01 10:00:00,21610\n"
    'SM2,+15550001111,+15552224444,"=HYPERLINK(""http://x"") FREE!!! WIN NOW!!!",failed,'
    "2024-05-01 11:00:00,30007\n"
    "SM3,+15550001111,+15552225555,Track it at https://bit.ly/3xYz,failed,2024-05-02 09:00:00,30007\n"
    "broken,row\n"
)


def _shown(markdown: str) -> str:
    """What a markdown message reads as: file and column names in it are code spans."""
    return re.sub(r"(`+) ?(.*?) ?\1", r"\2", markdown)


def _triage() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/triage.py").run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="tr_upload").upload(name, data, "text/csv")
    at.run()
    assert not at.exception
    return at


def _bad_rows(at: AppTest) -> list[int]:
    frames = [d.value for d in at.dataframe if list(d.value.columns) == ["line", "field", "reason"]]
    return frames[0]["line"].tolist() if frames else []


def test_empty_page_asks_for_a_file() -> None:
    at = _triage()
    assert at.info and not at.error


def test_twilio_export_is_recognised_summarised_and_keeps_good_rows() -> None:
    at = _upload(_triage(), "twilio.csv", TWILIO.encode())
    assert not at.error
    assert any("twilio" in c.value for c in at.caption)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows diagnosed"] == "3" and metrics["Unreadable rows"] == "1"
    rows = at.dataframe(key="tr_rows").value
    assert list(rows["Sid"]) == ["SM1", "SM2", "SM3"]
    assert rows["line"].tolist() == [2, 3, 4]
    assert _bad_rows(at) == [5]
    assert {"By cause", "By error code", "By sender", "By day"} <= {s.value for s in at.subheader}


def test_jsonl_in_our_schema_is_recognised() -> None:
    lines = [
        {"body": "Hi", "error": "21610", "provider": "twilio", "status": "failed"},
        {"body": "Acme: see https://bit.ly/x", "error": "4771", "provider": "bandwidth"},
        "not an object",
    ]
    data = "\n".join(json.dumps(x) for x in lines).encode() + b"\n{broken"
    at = _upload(_triage(), "mine.jsonl", data)
    assert at.dataframe(key="tr_rows").value["top_cause"].tolist()[0] == "opted_out_recipient"
    assert _bad_rows(at) == [3, 4]


def test_csv_without_a_body_column_asks_for_a_mapping_then_runs() -> None:
    at = _upload(_triage(), "odd.csv", b"Message Text,Err\nHello there,30007\nHi,21610\n")
    assert at.error and "body column" in at.error[0].value
    assert not at.get("arrow_data_frame")
    at.selectbox(key="tr_map_body").select("Message Text")
    at.selectbox(key="tr_map_error").select("Err")
    at.button(key="tr_map_submit").click().run()
    assert not at.exception and not at.error
    assert at.dataframe(key="tr_rows").value["top_cause"].tolist()[1] == "opted_out_recipient"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("x.csv", b"\x00\x01\x02binary\xff\x00" * 50, "binary"),
        ("x.csv", b"PK\x03\x04rest-of-a-zip", "spreadsheet"),
        ("x.csv", b"", "empty"),
        ("x.csv", b"Body,ErrorCode\n", "no rows"),
        ("x.csv", "Body,ErrorCode\nHi,30007\n".encode("utf-16"), "is UTF-16 text"),
        ("x.json", ("[" * 100_000 + "]" * 100_000).encode(), "nested too deeply"),
        ("x.jsonl", b'[1]\n"two"\n', "No row of x.jsonl could be read: line 1"),
    ],
    ids=["binary", "xlsx", "empty", "header-only", "utf-16", "deep-array", "no-object"],
)
def test_unreadable_files_get_a_clear_message(name: str, data: bytes, expected: str) -> None:
    at = _upload(_triage(), name, data)
    assert at.error and expected in _shown(at.error[0].value)


def test_wrongly_encoded_file_keeps_its_rows_with_a_warning() -> None:
    data = "Sid,Body,ErrorCode\nSM1,Café ouvert,30007\nSM2,Hi,21610\n".encode("cp1252")
    at = _upload(_triage(), "win.csv", data)
    assert at.warning and "not valid UTF-8" in at.warning[0].value
    assert len(at.dataframe(key="tr_rows").value) == 2


def test_big_file_is_cut_with_a_clear_message() -> None:
    up = read_upload("big.csv", b"body\n" + b"hello\n" * 20, max_rows=5)
    assert len(up.frame) == 5 and "sms-diagnose batch" in up.notices[0]


def test_selecting_a_row_opens_it_in_the_diagnose_page() -> None:
    at = _upload(_triage(), "twilio.csv", TWILIO.encode())
    # AppTest cannot click a dataframe row; set the selection the widget would send.
    at.session_state["tr_rows"] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    btn = at.button(key="tr_open")
    assert "line 4" in btn.label
    btn.click().run()
    assert not at.exception
    assert "bit.ly" in at.text_area(key="dx_body").value
    assert at.session_state["dx_error"] == "30007"


def test_downloaded_csv_cannot_run_formulas() -> None:
    up = read_upload("t.csv", TWILIO.encode())
    from diagnose.app_support.triage import mapping_for, run_triage

    out = run_triage(up, mapping_for(up))
    out.results.loc[0, "rules"] = "=cmd|' /C calc'!A0"
    cells = [c for row in csv.reader(io.StringIO(results_csv(out.results).decode())) for c in row]
    assert not any(c.startswith(("=", "@")) for c in cells)
    assert "'=cmd|' /C calc'!A0" in cells


# --- the page reads what the CLI reads: bad rows reported, the rest diagnosed -----------------


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_nul_byte_in_one_body_does_not_reject_the_file() -> None:
    at = _upload(_triage(), "nul.csv", b"body,error\nhel\x00lo,30007\nHi,21610\n")
    assert not at.error
    assert _metrics(at)["Rows diagnosed"] == "2"


def test_a_repeated_column_name_reads_its_first_column_with_a_warning() -> None:
    at = _upload(_triage(), "dup.csv", b"body,error,body\nHi,21610,other\n")
    assert not at.error
    assert any("Repeated column names 'body'" in _shown(w.value) for w in at.warning)
    assert at.dataframe(key="tr_rows").value["top_cause"].tolist() == ["opted_out_recipient"]


def test_a_csv_whose_only_row_is_too_long_reports_that_row() -> None:
    data = b'body,error\n"' + b"x" * 1_100_000 + b'",30007\n'
    at = _upload(_triage(), "long.csv", data)
    assert not any("body column" in e.value for e in at.error)
    assert _metrics(at)["Unreadable rows"] == "1" and _bad_rows(at) == [2]


def test_a_jsonl_file_whose_first_line_is_an_array_is_read_as_lines() -> None:
    at = _upload(_triage(), "x.jsonl", b'[1]\n{"body": "Hi", "error": "21610"}\n')
    assert not at.error
    assert _metrics(at)["Rows diagnosed"] == "1" and _bad_rows(at) == [1]


def test_deeply_nested_json_lines_are_bad_rows() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    lines = [deep, '{"body": "Hi", "error": "21610"}', '{"body": "x", "history": ' + deep + "}"]
    at = _upload(_triage(), "deep.jsonl", "\n".join(lines).encode())
    assert _metrics(at)["Rows diagnosed"] == "1" and _bad_rows(at) == [1, 3]
    reasons = next(d.value for d in at.dataframe if "reason" in d.value.columns)["reason"]
    assert set(reasons) == {"invalid JSON: nested too deeply"}


def test_lone_surrogate_escapes_are_shown_and_downloaded_without_error() -> None:
    rows = [
        '{"id": "a\\ud800", "body": "Hi \\ud800", "error": "\\udfff", "status": "failed"}',
        '{"body": "ok", "error": "21610", "history": [{"direction": "inbound", "body": "\\ud800"}]}',
        '{"body": "x", "sent_at": "\\ud800"}',
    ]
    at = _upload(_triage(), "s.jsonl", "\n".join(rows).encode())
    assert any("lone surrogate" in w.value for w in at.warning)
    assert _metrics(at)["Rows diagnosed"] == "2" and _bad_rows(at) == [3]
    assert at.dataframe(key="tr_rows").value["id"].tolist() == ["a\ufffd", ""]
    up = read_upload("s.jsonl", "\n".join(rows).encode())
    from diagnose.app_support.triage import mapping_for, results_jsonl, run_triage

    out = run_triage(up, mapping_for(up))
    results_csv(out.results).decode("utf-8")
    results_jsonl(out.results).decode("utf-8")
    json.dumps(out.summary.to_dict(), ensure_ascii=False).encode("utf-8")


def test_a_time_zone_that_is_a_tzdata_directory_is_a_bad_row() -> None:
    data = b"body,error,recipient_timezone\nHi,21610,America\nHo,21610," + b"A" * 300 + b"\n"
    at = _upload(_triage(), "tz.csv", data + b"Ok,21610,America/Chicago\n")
    assert _metrics(at)["Rows diagnosed"] == "1" and _bad_rows(at) == [2, 3]
