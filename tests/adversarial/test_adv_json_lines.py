"""Issue 17 item 3's class: a number over 4,300 digits (or any line that is not a JSON
object) in a results file is one bad line, reported with its number; the rest still runs.

``json.loads`` raises a plain ValueError for such an integer, not JSONDecodeError: the
feedback import and ``sms-diagnose ticket`` let it stop the run.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from diagnose.cli import main
from diagnose.cli.common import EXIT_OK

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "batch"
TWILIO = FIXTURES / "twilio_message_log.csv"
HUGE = "9" * 5_000
BAD_LINES = [f'{{"line": {HUGE}}}', '{"line": [[[', "[1, 2]"]
WHY = ("4,300 digits", "not JSON", "not a JSON object")


def _results_jsonl(tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    out = tmp_path / "results.csv"
    assert main(["batch", str(TWILIO), "-o", str(out), "--rules-only", "--no-progress"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    lines = [json.dumps(r) for r in rows]
    for i, bad in enumerate(BAD_LINES):
        lines.insert(1 + 2 * i, bad)
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, rows


def _bad_line_numbers() -> list[int]:
    return [2 + 2 * i for i in range(len(BAD_LINES))]


def test_feedback_import_reports_each_bad_json_line_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, rows = _results_jsonl(tmp_path)
    db = f"sqlite:///{tmp_path / 'fb.sqlite3'}"
    args = ["feedback", "add", str(path), "--cause-column", "top_cause", "--db", db]
    status = main(args)
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    for n, why in zip(_bad_line_numbers(), WHY, strict=True):
        assert any(f"line {n}" in e and why in e for e in err.splitlines()), (n, err)
    assert "Exceeds the limit" not in err
    from diagnose.feedback import FeedbackStore

    assert FeedbackStore(db).counts()["cases"] == len(rows)


def test_ticket_leaves_out_each_bad_json_line_and_builds_the_ticket(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, rows = _results_jsonl(tmp_path)
    cause = next(r["top_cause"] for r in rows if r["top_cause"])
    md = tmp_path / "t.md"
    status = main(["ticket", str(path), "--input", str(TWILIO), "--cause", cause, "-o", str(md)])
    err = capsys.readouterr().err
    assert status == EXIT_OK, err
    for n, why in zip(_bad_line_numbers(), WHY, strict=True):
        assert f"line {n}: " in err and why in err
    assert md.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("bad", ["x", "", "-3", "1e999", "9" * 5_000])
def test_ticket_leaves_out_a_results_row_whose_line_is_not_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    out = tmp_path / "results.csv"
    assert main(["batch", str(TWILIO), "-o", str(out), "--rules-only", "--no-progress"]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    assert fields is not None
    cause = next(r["top_cause"] for r in rows if r["top_cause"])
    rows[1]["line"] = bad
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    md = tmp_path / "t.md"
    status = main(["ticket", str(out), "--input", str(TWILIO), "--cause", cause, "-o", str(md)])
    err = capsys.readouterr().err
    assert status == EXIT_OK, err
    assert "results row 2: 'line' is not a line number; left out" in err
    assert "Traceback" not in err and md.read_text(encoding="utf-8").strip()
