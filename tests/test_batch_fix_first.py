"""On a generated export whose truth is known, "what to fix first" lists exactly the causes
the rows failed for, in order of failures, whatever else their bodies and send times show."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from diagnose.cli import main
from diagnose.cli.common import EXIT_OK

SENDERS = ("+14155550100", "+16175550100", "+19495550100")  # mask alike: +1••••••0100
#: (rows, error code, status, body, send hour UTC) per group, and the cause it failed for.
GROUPS = [
    # Invalid numbers that also carry a shortener and went out at night (decoys: a likely
    # link finding and a quiet-hours advisory of other causes).
    (
        40,
        "21211",
        "failed",
        "Acme: your order shipped, track at bit.ly/{i} Reply STOP to opt out.",
        7,
        "invalid_destination",
    ),
    (
        25,
        "30034",
        "undelivered",
        "Acme: your appointment is on Monday. Reply STOP to opt out.",
        15,
        "sender_not_registered",
    ),
    (
        15,
        "21610",
        "undelivered",
        "Acme: 20% off this week at bit.ly/{i} Reply STOP to opt out.",
        16,
        "opted_out_recipient",
    ),
    # Filtered, and the shortener is why.
    (
        10,
        "30007",
        "undelivered",
        "Acme: your receipt is at tinyurl.com/r{i} Reply STOP to opt out.",
        17,
        "url_or_link_filtering",
    ),
    # Delivered, with a risky body: at risk, never a failure.
    (12, "", "delivered", "Acme: claim your refund at bit.ly/{i} Reply STOP to opt out.", 18, None),
]


def _export(path: Path) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Sid", "From", "To", "Body", "Status", "SentDate", "ErrorCode"])
        i = 0
        for rows, code, status, body, hour, _ in GROUPS:
            for _ in range(rows):
                i += 1
                sent = f"2024-05-{1 + i % 9:02d}T{hour:02d}:{i % 60:02d}:00Z"
                to = f"+1212555{1000 + i:04d}"
                w.writerow(
                    [f"SM{i:032x}", SENDERS[i % 3], to, body.format(i=i), status, sent, code]
                )


def test_fixes_are_the_causes_the_rows_failed_for(tmp_path: Path) -> None:
    src, out, summary = tmp_path / "log.csv", tmp_path / "o.csv", tmp_path / "s.json"
    _export(src)
    args = ["batch", str(src), "-o", str(out), "--no-progress", "--summary-json", str(summary)]
    assert main(args) == EXIT_OK
    s = json.loads(summary.read_text())
    truth = [(cause, rows) for rows, *_, cause in GROUPS if cause]
    assert [(f["cause"], f["rows"]) for f in s["fix_first"]] == truth
    assert s["failed"] == sum(rows for _, rows in truth) and s["unexplained"] == []
    assert s["delivered"] == 12 and s["delivered_at_risk"]["rows"] == 12
    link = next(f for f in s["fix_first"] if f["cause"] == "url_or_link_filtering")
    assert [r["rule"] for r in link["rules"]] == ["LNK001"]
    # Three senders that mask alike stay three bars, and no full number is shown.
    assert sorted(c["key"] for c in s["by_sender"]) == [
        "+1••••••0100",
        "+1••••••0100 #2",
        "+1••••••0100 #3",
    ]
    assert not any(n in summary.read_text() for n in SENDERS)
