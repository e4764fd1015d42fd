"""``sms-diagnose ticket``: the packet a provider's support asks for, from batch results."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from diagnose.cli import main
from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
TWILIO = FIXTURES / "twilio_message_log.csv"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("ticket")
    out, summary = tmp / "results.csv", tmp / "summary.json"
    args = ["batch", str(TWILIO), "-o", str(out), "--rules-only", "--no-progress"]
    assert main([*args, "--summary-json", str(summary)]) == EXIT_OK
    return out, json.loads(summary.read_text())


def _export_rows() -> dict[str, dict[str, str]]:
    with TWILIO.open(newline="") as f:
        return {r["Sid"]: r for r in csv.DictReader(f)}


def _ticket(results: Path, tmp: Path, *extra: str) -> tuple[int, str, str]:
    md, rows = tmp / "t.md", tmp / "t.csv"
    code = main(["ticket", str(results), "--input", str(TWILIO), "-o", str(md), *extra])
    if code != EXIT_OK:
        return code, "", ""
    return code, md.read_text(), rows.read_text()


def test_a_cause_ticket_has_what_support_asks_for(
    run: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    results, summary = run
    code, md, rows = _ticket(results, tmp_path, "--cause", "sender_not_registered")
    assert code == EXIT_OK
    fix = next(f for f in summary["fix_first"] if f["cause"] == "sender_not_registered")  # type: ignore[attr-defined]
    table = list(csv.DictReader(io.StringIO(rows)))
    assert len(table) == fix["rows"]  # every row of the group, as counted in the summary
    export = _export_rows()
    for r in table:
        src = export[r["id"]]
        assert r["error_code"] == src["ErrorCode"] and r["top_cause"] == "sender_not_registered"
        assert r["sent_at"].endswith("+00:00")  # with its time zone
        assert src["To"] not in rows and r["to"].lstrip("'").endswith(src["To"][-4:])
        assert r["id"] in md or table.index(r) >= 5
    examples = [line for line in md.splitlines() if line.startswith("| SM")]
    assert len(examples) >= 3
    for heading in ("What we found", "Already checked and ruled out", "Question"):
        assert f"## {heading}" in md
    assert "30034" in md and "10DLC" in md
    assert "body" not in table[0]  # bodies only on request
    assert "+14155550100" not in md  # numbers masked unless asked


def test_unmask_and_bodies_only_when_asked(
    run: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    results, _ = run
    code, md, rows = _ticket(
        results, tmp_path, "--cause", "sender_not_registered", "--unmask", "--include-bodies"
    )
    assert code == EXIT_OK
    assert "+14155550100" in md and "CBD gummies" in md
    assert "body" in next(csv.DictReader(io.StringIO(rows)))


def test_a_sender_ticket_takes_the_number_or_its_label(
    run: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    results, summary = run
    by_full = _ticket(results, tmp_path, "--sender", "+1 (415) 555-0100")
    label = summary["by_sender"][0]["key"]  # type: ignore[index]
    by_label = _ticket(results, tmp_path, "--sender", label)
    assert by_full[0] == by_label[0] == EXIT_OK
    assert by_full[2] == by_label[2]
    assert len(list(csv.DictReader(io.StringIO(by_full[2])))) == summary["failed"]


def test_a_template_ticket_takes_the_id_or_the_text_shown(
    run: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    results, summary = run
    template = summary["templates"][0]  # type: ignore[index]
    by_id = _ticket(results, tmp_path, "--template", template["id"])
    by_text = _ticket(results, tmp_path, "--template", template["template"])
    assert by_id[0] == by_text[0] == EXIT_OK and by_id[2] == by_text[2]
    assert len(list(csv.DictReader(io.StringIO(by_id[2])))) == template["count"]


def test_unexplained_failures_ask_the_open_question(
    run: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    results, summary = run
    code, md, _ = _ticket(results, tmp_path, "--cause", "unexplained")
    assert code == EXIT_OK
    assert "No cause identified" in md and "What exactly happened" in md
    assert sum(c["count"] for c in summary["unexplained"]) >= 1  # type: ignore[attr-defined]


def test_nothing_selected_or_the_wrong_export_is_a_clear_error(
    run: tuple[Path, dict[str, object]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results, _ = run
    assert _ticket(results, tmp_path, "--cause", "fraud_protection_block")[0] == EXIT_BAD_INPUT
    assert "no failed row" in capsys.readouterr().err
    other = FIXTURES / "bandwidth_mdr.csv"
    code = main(["ticket", str(results), "--input", str(other), "--cause", "invalid_destination"])
    assert code == EXIT_BAD_INPUT
    assert "not a row of the export" in capsys.readouterr().err
    code = main(["ticket", str(results), "--input", str(TWILIO), "--cause", "x", "-o", str(TWILIO)])
    assert code == EXIT_BAD_INPUT  # never writes over its input


def test_with_the_model_the_ticket_counts_what_the_summary_counts(tmp_path: Path) -> None:
    """A filtered row the model explained is not 'unexplained' in the ticket either."""
    out, summary = tmp_path / "results.csv", tmp_path / "summary.json"
    args = ["batch", str(TWILIO), "-o", str(out), "--no-progress", "--summary-json", str(summary)]
    assert main(args) == EXIT_OK
    s = json.loads(summary.read_text())
    for f in s["fix_first"]:
        code, _, rows = _ticket(out, tmp_path, "--cause", f["cause"])
        assert code == EXIT_OK and len(list(csv.DictReader(io.StringIO(rows)))) == f["rows"]
    code, _, rows = _ticket(out, tmp_path, "--cause", "unexplained")
    assert len(list(csv.DictReader(io.StringIO(rows)))) == sum(c["count"] for c in s["unexplained"])


def test_the_ticket_csv_keeps_hostile_cells_in_their_cells(tmp_path: Path) -> None:
    """A carriage return in an id or a body cannot start a record, and no cell runs as a
    formula in a spreadsheet."""
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": f"SM{i}\r=cmd|' /C calc'!A0", "body": f"=HYPERLINK(1)\r@SUM({i})", "error": "30034"}
        for i in range(3)
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "o.csv"
    assert main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress"]) == EXIT_OK
    md, table = tmp_path / "t.md", tmp_path / "t.csv"
    args = ["ticket", str(out), "--input", str(src), "--cause", "sender_not_registered"]
    assert main([*args, "-o", str(md), "--include-bodies"]) == EXIT_OK
    with table.open(newline="") as f:
        read = list(csv.reader(f))
    assert len(read) == 4 and [r[1] for r in read[1:]] == [r["id"] for r in rows]
    assert not any(cell.startswith(("=", "@", "+", "-")) for r in read for cell in r)
    assert all(
        "\r" not in line and "\n" not in line.strip()
        for line in md.read_text().split("\n")
        if line.startswith("|")
    )
