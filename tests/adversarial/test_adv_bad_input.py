"""Bad input never stops the run: each bad line or row is reported, the rest is diagnosed.

The class: values that make a parser raise something other than its usual error. Python
refuses to turn an integer of more than 4,300 digits into text or back, so ``json.loads``
raises a plain ``ValueError`` (not ``JSONDecodeError``) for one, which nothing caught:
``check`` stopped with a traceback and ``batch`` stopped with rows in neither file. And the
same bad bytes must get the same answer from ``check`` as from ``batch``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from diagnose.app_support import UploadError, read_upload
from diagnose.batch import run_batch
from diagnose.cli import main
from diagnose.cli.common import EXIT_BAD_INPUT

HUGE = "9" * 5000


def _check(capsys: pytest.CaptureFixture[str], stdin: bytes) -> tuple[int, list[str], str]:
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        status = main(["check", "--rules-only", "-"])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def _errors(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_check_reports_a_huge_integer_and_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['{"body": "first"}', f'{{"body": "x", "n": {HUGE}}}', '{"body": "third"}']
    status, out, err = _check(capsys, "\n".join(lines).encode())
    assert status == EXIT_BAD_INPUT
    assert [json.loads(o)["line"] for o in out] == [1, 3]
    assert "line 2" in err and "4,300 digits" in err and "Traceback" not in err


def test_check_reports_invalid_utf8_as_batch_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = b'{"body": "caf\xe9"}\n{"body": "fine"}\n'
    status, out, err = _check(capsys, data)
    assert status == EXIT_BAD_INPUT
    assert [json.loads(o)["line"] for o in out] == [2]
    src = tmp_path / "in.jsonl"
    src.write_bytes(data)
    stats = run_batch(str(src), str(tmp_path / "out.csv"), use_model=False, progress=False)
    assert stats.bad_rows == 1
    (bad,) = _errors(tmp_path / "out.csv.errors.csv")
    assert bad["line"] == "1" and f"line 1: {bad['reason']}" in err
    # one pretty-printed object with a bad byte: the line of the byte, nothing diagnosed
    status, out, err = _check(capsys, b'{\n  "body": "ok",\n  "brand": "\xff"\n}\n')
    assert status == EXIT_BAD_INPUT and out == [] and "line 3" in err


def test_batch_jsonl_reports_a_huge_integer_and_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [json.dumps({"body": f"message {i}", "error": "30007"}) for i in range(2000)]
    rows.insert(3, f'{{"body": "x", "error": {HUGE}}}')
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    stats = run_batch(str(src), str(tmp_path / "out.csv"), use_model=False, progress=False)
    assert (stats.rows_in, stats.rows_out, stats.bad_rows) == (2001, 2000, 1)
    assert [
        (e["line"], "4,300 digits" in e["reason"]) for e in _errors(tmp_path / "out.csv.errors.csv")
    ] == [("4", True)]


def test_batch_csv_history_with_a_huge_integer_is_a_bad_row(tmp_path: Path) -> None:
    history = json.dumps([{"direction": "inbound", "body": "x"}])[:-2] + f', "at": {HUGE}}}]'
    src = tmp_path / "in.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["body", "history"], ["hi", history], ["ok", ""]])
    stats = run_batch(str(src), str(tmp_path / "out.csv"), use_model=False, progress=False)
    assert (stats.rows_out, stats.bad_rows) == (1, 1)
    (bad,) = _errors(tmp_path / "out.csv.errors.csv")
    assert (bad["line"], bad["field"]) == ("2", "history")


def test_the_app_upload_reports_a_huge_integer(tmp_path: Path) -> None:
    up = read_upload("x.jsonl", f'{{"body": "a"}}\n{{"body": {HUGE}}}\n'.encode())
    assert len(up.frame) == 1 and [b["line"] for b in up.bad] == [2]
    with pytest.raises(UploadError, match="4,300 digits"):
        read_upload("x.json", f'[{{"body": "a"}}, {{"body": {HUGE}}}]'.encode())
