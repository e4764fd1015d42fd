"""The command line: JSON in, JSON lines out; bad lines reported, the rest processed."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from diagnose.cli import main
from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK


def run(
    capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str = ""
) -> tuple[int, str, str]:
    import sys

    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        status = main(argv)
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return status, out, err


def test_check_jsonl_with_bad_lines(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        json.dumps(
            {"body": "Thanks for contacting Acme!", "error": "30007", "first_message": True}
        ),
        "{not json",
        json.dumps({"body": "hi", "colour": "red"}),
        "",
        json.dumps({"error": "30007", "body": 7}),
        json.dumps({"body": "Acme: hi", "error": "21610"}),
        json.dumps({"error": "21610"}),
    ]
    status, out, err = run(capsys, ["check", "--rules-only", "-"], "\n".join(lines) + "\n")
    assert status == EXIT_BAD_INPUT
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in results] == [1, 6, 7]
    assert results[0]["top_cause"] == "missing_opt_out_language"
    assert results[1]["top_cause"] == "opted_out_recipient"
    # No body is not an error: the error and the context answer, and the body is asked for.
    assert results[2]["top_cause"] == "opted_out_recipient"
    assert results[2]["segments"] is None
    assert "body" in [n["field"] for n in results[2]["needs_context"]]
    assert "line 2: invalid JSON" in err
    assert "line 3, field 'colour': unknown field" in err
    assert "line 5, field 'body': must be a string, got number" in err


def test_check_takes_odd_but_valid_json_and_reports_the_rest_by_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = [
        "\ufeff" + json.dumps({"body": "a BOM before the first line"}),
        json.dumps({"body": "hi", "recipient_timezone": "America"}),  # a tzdata directory
        json.dumps({"body": "hi", "recipient_timezone": "x" * 300}),  # too long a file name
        "[" * 100_000 + "]" * 100_000,
        '{"body": "hi", "history": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"body": "half an emoji \ud83d", "brand": "\ud800", "error": "\udfff"}),
        json.dumps({"body": "line\u2028separator\u2029and\x85next", "first_message": True}),
        json.dumps({"body": "last"}),
    ]
    status, out, err = run(capsys, ["check", "--rules-only", "-"], "\n".join(lines) + "\n")
    assert status == EXIT_BAD_INPUT
    results = [json.loads(line) for line in out.split("\n") if line]  # not splitlines()
    assert [r["line"] for r in results] == [1, 6, 7, 8]
    assert "line 2, field 'recipient_timezone': unknown IANA time zone" in err
    assert "line 3, field 'recipient_timezone'" in err
    assert "line 4: invalid JSON (nested too deeply)" in err
    assert "line 5: invalid JSON (nested too deeply)" in err
    assert "LEN005" in {f["rule"] for f in results[1]["findings"]}  # the lone surrogate
    assert "\u2028" in results[2]["rewrite"]["text"]


def test_text_report_shows_terminal_controls_as_escapes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = "Acme: hi \x1b]0;pwned\x07 \u202etxt.exe \r over"
    msg = json.dumps({"body": body, "first_message": True})
    status, out, _ = run(capsys, ["check", "--rules-only", "--format", "text"], msg)
    assert status == EXIT_OK
    assert not {"\x1b", "\x07", "\u202e", "\r"} & set(out)
    assert "[[\\x1b]]]0;pwned[[\\x07]]" in out  # the evidence, marked and escaped
    assert "\\u202etxt.exe \\r over" in out


def test_check_pretty_printed_single_object(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"body": "Hi", "error": "TEXT_SPAM"}, indent=2), encoding="utf-8")
    status, out, _ = run(capsys, ["check", "--rules-only", str(path)])
    assert status == EXIT_OK
    (result,) = [json.loads(line) for line in out.splitlines()]
    assert result["error"]["provider"] == "aws" and result["schema_version"] == 1


def test_check_text_format_marks_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    msg = json.dumps({"body": "Acme: see bit.ly/abc. Reply STOP to opt out.", "error": "4771"})
    status, out, _ = run(capsys, ["check", "--rules-only", "--format", "text"], msg)
    assert status == EXIT_OK
    assert "[[bit.ly/abc]]" in out and "url_or_link_filtering" in out


def test_check_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, ["check", "/nonexistent/file.jsonl"])
    assert status == EXIT_BAD_INPUT and "cannot read" in err


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, ["rules"])
    assert status == EXIT_OK and "OPT001" in out and "missing-opt-out-language" in out
    status, out, _ = run(capsys, ["explain", "missing-opt-out-language"])
    assert status == EXIT_OK and "## Why is this bad?" in out
    status, _, err = run(capsys, ["explain", "NOPE999"])
    assert status == EXIT_BAD_INPUT and "no rule" in err


def test_code_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, ["code", "30034"])
    assert status == EXIT_OK and "sender_not_registered" in out
    status, out, _ = run(capsys, ["code", "--format", "json", "rejected-shortened-url"])
    assert json.loads(out)["category"] == "url_or_link_filtering"
    status, _, err = run(capsys, ["code", "77777777"])
    assert status == EXIT_BAD_INPUT and "unknown code" in err
    status, out, _ = run(capsys, ["code", "Delivery Failed"])  # no reason given: who knows
    assert "Retryable: unknown" in out and "None" not in out


def test_dask_engine_without_the_extra_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("body,error\nHi,30007\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)  # import now raises ImportError
    code = main(["batch", str(src), "-o", str(tmp_path / "out"), "--engine", "dask"])
    assert code == EXIT_BAD_INPUT
    assert "pip install 'sms-diagnose[dask]'" in capsys.readouterr().err


def test_a_rules_only_check_does_not_load_pandas(tmp_path: Path) -> None:
    """Registering `train`/`batch` used to import pandas (a quarter of a second) into every
    `sms-diagnose check`."""
    import subprocess

    src = tmp_path / "m.json"
    src.write_text(json.dumps({"body": "hi"}), encoding="utf-8")
    code = (
        "import sys; from diagnose.cli import main; "
        f"status = main(['check', '--rules-only', {str(src)!r}]); "
        "print('pandas' in sys.modules, 'sklearn' in sys.modules, status, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.split() == ["False", "False", "0"]
    assert json.loads(done.stdout)["top_cause"]
