"""The Triage page tells the same truth as the CLI, the report and --summary-json, and its
ticket buttons produce the packet (AppTest)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from diagnose.batch import rows_text
from diagnose.cli import main
from diagnose.cli.common import EXIT_OK

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FIXTURES = Path(__file__).parent / "fixtures" / "batch"


def _upload(path: Path) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/triage.py").run()
    at.file_uploader(key="tr_upload").upload(path.name, path.read_bytes(), "text/csv")
    at.run()
    assert not at.exception
    return at


def _cli(path: Path, tmp: Path) -> tuple[dict[str, Any], str, str]:
    """Summary JSON, printed summary and HTML report of one CLI run (with the model, as the
    app runs it)."""
    out, summary, report = tmp / "o.csv", tmp / "s.json", tmp / "r.html"
    args = ["batch", str(path), "-o", str(out), "--no-progress"]
    args += ["--summary-json", str(summary), "--report", str(report)]
    import contextlib
    import io

    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        assert main(args) == EXIT_OK
    data = json.loads(summary.read_text())
    data.pop("mapping")
    return data, text.getvalue(), unescape(report.read_text())


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_count_agrees_across_app_cli_report_and_json(name: str, tmp_path: Path) -> None:
    data, text, html = _cli(FIXTURES / name, tmp_path)
    at = _upload(FIXTURES / name)
    app = at.session_state["tr_outcome"].summary
    assert app.to_dict() == data  # the app's summary is the CLI's, number for number

    bars = {c["key"]: c["count"] for c in data["by_cause"]}
    fixes = data["fix_first"]
    assert fixes and all(f["rows"] == bars[f["cause"]] for f in fixes)
    assert [f["rows"] for f in fixes] == sorted((f["rows"] for f in fixes), reverse=True)
    assert sum(f["rows"] for f in fixes) + bars.get("unexplained", 0) == data["failed"]

    shown = re.findall(r"^\s+\d+\. (.+?) \(([\d,]+) rows?, \d+%\)", text, re.M)
    assert shown == [(f["title"], f"{f['rows']:,}") for f in fixes[:5]]
    for f in fixes:
        assert f"<b>{f['title']}</b> — {rows_text(f['rows'], 'failed row')}" in html
    page = [m.value for m in at.markdown]
    for f in fixes[:8]:
        assert any(f"**{f['title']}** — {rows_text(f['rows'], 'failed row')}" in m for m in page)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Failed"] == f"{data['failed']:,}"
    assert metrics["Delivered"] == f"{data['delivered']:,}"
    assert metrics["Delivered, at risk"] == f"{data['delivered_at_risk']['rows']:,}"


def test_the_ticket_buttons_produce_the_packet() -> None:
    at = _upload(FIXTURES / "twilio_message_log.csv")
    at.button(key="tr_ticket_cause_sender_not_registered").click().run()
    assert not at.exception
    packet = at.code[0].value
    assert packet.startswith("# Undelivered SMS: sender not registered (5 messages)")
    assert len(re.findall(r"^\| SM[0-9a-f]{32} ", packet, re.M)) >= 3
    assert "+14155550100" not in packet and "+1••••••0100" in packet
    assert "## Question" in packet
    at.toggle(key="tr_ticket_unmask").set_value(True).run()
    assert "+14155550100" in at.code[0].value

    summary = at.session_state["tr_outcome"].summary
    template = summary.templates[0]
    at.button(key=f"tr_ticket_template_{template.id}").click().run()
    assert f"({template.count} messages)" in at.code[0].value.splitlines()[0]
    at.button(key="tr_ticket_sender_0").click().run()
    assert f"({summary.failed} messages)" in at.code[0].value.splitlines()[0]
    downloads = {b.key for b in at.get("download_button")}
    assert {"tr_ticket_md", "tr_ticket_csv"} <= downloads


def test_the_row_table_reads_status_code_cause_first_and_delivered_rows_are_blank() -> None:
    at = _upload(FIXTURES / "twilio_message_log.csv")
    rows = at.dataframe(key="tr_rows").value
    assert list(rows.columns[:7]) == [
        "line",
        "status",
        "error_code",
        "verdict",
        "top_cause",
        "confidence",
        "body_preview",
    ]
    assert not (rows.astype(str) == "None").any().any()
    delivered = rows[rows["status"] == "delivered"]
    assert len(delivered) == 5 and (delivered["top_cause"] == "").all()
    assert (delivered["confidence"] == "").all()
    failed = rows[rows["status"] != "delivered"]
    assert (failed["top_cause"] != "").all()
    for name in ("confidence", "second_confidence", "content_risk"):  # one format for all
        assert all(re.fullmatch(r"( \d|\d\d)\.\d%|100\.0%|", v) for v in rows[name]), name
