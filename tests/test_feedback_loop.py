"""The loop end to end on SQLite and PostgreSQL: bulk import from batch results, the report's
numbers on a known fixture, export -> ``evaluate --cases``, and training with feedback."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from feedback_support import BACKENDS, database_for

from diagnose import FailedMessage, diagnose
from diagnose.causes import Cause
from diagnose.cli import main
from diagnose.feedback import (
    FeedbackStore,
    VerdictInput,
    VerdictKind,
    build_report,
    case_from_diagnosis,
    render_report,
    training_frame,
)
from diagnose.feedback.records import CaseRecord
from diagnose.learn.corpus import default_data_dir

ROOT = Path(__file__).resolve().parents[1]
TWILIO = ROOT / "tests" / "fixtures" / "batch" / "twilio_message_log.csv"


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_for(request.param, tmp_path)


def _results_with_verdicts(tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    """``sms-diagnose batch`` on the Twilio fixture, plus a column an engineer filled in."""
    out = tmp_path / "results.csv"
    assert main(["batch", str(TWILIO), "-o", str(out), "--rules-only"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    for i, row in enumerate(rows):
        row["real_cause"] = ["confirm", "", "no_consent", "not sure"][i % 4]
        row["ticket"] = f"ZD-{i}"
    rows[5]["real_cause"] = "bogus"
    path = tmp_path / "judged.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


def test_bulk_import_records_every_row_once(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, rows = _results_with_verdicts(tmp_path)
    args = [
        "feedback",
        "add",
        str(path),
        "--cause-column",
        "real_cause",
        "--db",
        url,
        "--reference-column",
        "ticket",
        "--input",
        str(TWILIO),
        "--reviewer",
        "ana",
    ]
    assert main(args) == 2  # one bad row: reported, the rest imported
    err = capsys.readouterr().err
    assert "line 7: real_cause: 'bogus' is not a cause" in err
    # "confirm" on a row without a top cause (a delivered message) cannot be read either.
    bad = {5} | {
        i for i, r in enumerate(rows) if r["real_cause"] == "confirm" and not r["top_cause"]
    }
    for i in bad - {5}:
        assert f"line {i + 2}: real_cause: cannot confirm" in err
    store = FeedbackStore(url)
    counts = store.counts()
    good = [r for i, r in enumerate(rows) if i not in bad]
    assert counts["cases"] == len(good)
    assert counts["verdicts"] == sum(1 for r in good if r["real_cause"])
    assert counts["pending"] == sum(1 for r in good if not r["real_cause"])
    assert counts["not_sure"] == sum(1 for r in good if r["real_cause"] == "not sure")
    judged = {j.external_id: j for j in store.judged()}
    for r in good:
        if r["real_cause"] in ("confirm", "no_consent"):
            j = judged[r["Sid"]]
            assert j.top_cause == (r["top_cause"] or None)
            expected = r["top_cause"] if r["real_cause"] == "confirm" else "no_consent"
            assert j.confirmed_cause == expected and j.reference == r["ticket"]
            assert j.input.get("error") == r["error_code"] or not r["error_code"]
            assert "body" not in j.input and j.body_template  # from --input, masked
    assert main(args) == 2  # the same file again adds nothing
    assert store.counts() == counts
    pending = next(r for r in good if not r["real_cause"])
    assert (
        main(
            [
                "feedback",
                "add",
                "--id",
                pending["Sid"],
                "--cause",
                "unreachable_handset",
                "--reference",
                "carrier notice",
                "--db",
                url,
            ]
        )
        == 0
    )
    assert store.counts()["pending"] == counts["pending"] - 1
    assert main(["feedback", "add", "--id", "#9999", "--cause", "confirm", "--db", url]) == 2
    store.close()


def _fixture_cases() -> list[tuple[CaseRecord, VerdictInput]]:
    """13 judged cases with known answers (see the expected figures in the test below)."""
    week1 = datetime(2026, 11, 2, 12, tzinfo=UTC)
    week2 = week1 + timedelta(days=7)
    items = []

    def add(
        i: int,
        top: str,
        rules: list[tuple[str, str]],
        kind: VerdictKind,
        cause: str | None,
        at: datetime,
    ) -> None:
        case = CaseRecord(
            uid=f"fx-{i}",
            source="test",
            input={"error": "30007"},
            text_kept=False,
            body_sha256=None,
            body_template="Acme: <link>",
            top_cause=top,
            causes=((top, 0.6),),
            findings=tuple(rules),
            model_version="cause-model-test",
            tool_version="0.1.0",
            created_at=at,
        )
        items.append((case, VerdictInput(kind, Cause(cause) if cause else None)))

    lnk = [("LNK001", "url_or_link_filtering"), ("BRD002", "missing_brand_identification")]
    for i in range(8):
        add(
            i,
            "url_or_link_filtering",
            lnk,
            VerdictKind.CONFIRMED,
            "url_or_link_filtering",
            week1 if i < 4 else week2,
        )
    for i in range(8, 10):
        add(i, "url_or_link_filtering", lnk, VerdictKind.WRONG, "spam_like_content", week2)
    opt = [("OPT001", "missing_opt_out_language")]
    add(
        10,
        "missing_opt_out_language",
        opt,
        VerdictKind.CONFIRMED,
        "missing_opt_out_language",
        week1,
    )
    for i in (11, 12):
        add(i, "missing_opt_out_language", opt, VerdictKind.WRONG, "no_consent", week2)
    for i in (13, 14):
        add(i, "unknown", [], VerdictKind.NOT_SURE, None, week2)
    return items


def test_report_numbers_on_a_known_fixture(url: str) -> None:
    store = FeedbackStore(url)
    store.record_many(_fixture_cases())
    report = build_report(store.judged(), min_count=10)
    store.close()
    assert report.verdicts == {"confirmed": 9, "wrong": 4, "not_sure": 2}
    assert (report.overall.hits, report.overall.n) == (9, 13)
    rules = {r.rule: r for r in report.rules}
    lnk = rules["LNK001"].precision
    assert (lnk.hits, lnk.n, lnk.enough) == (8, 10, True)
    assert lnk.interval == pytest.approx((0.4902, 0.9433), abs=1e-4)  # Wilson, 95%
    assert (rules["BRD002"].precision.hits, rules["BRD002"].precision.n) == (0, 10)
    opt = rules["OPT001"].precision
    assert (opt.hits, opt.n, opt.enough) == (1, 3, False)
    causes = {c.key: (c.hits, c.n) for c in report.causes}
    assert causes == {
        "url_or_link_filtering": (8, 8),
        "spam_like_content": (0, 2),
        "missing_opt_out_language": (1, 1),
        "no_consent": (0, 2),
    }
    assert [(m.cause, m.missed, m.instead) for m in report.misses] == [
        ("no_consent", 2, (("missing_opt_out_language", 2),)),
        ("spam_like_content", 2, (("url_or_link_filtering", 2),)),
    ]
    assert [(d.key, d.hits, d.n) for d in report.drift] == [("2026-W45", 5, 5), ("2026-W46", 4, 8)]
    assert [(v.key, v.n) for v in report.by_version] == [("cause-model-test", 13)]
    text = render_report(report)
    assert "80.0% [49.0%–94.3%] (8/10)" in text
    assert "not enough feedback yet (1/3; 10 needed)" in text


def test_cli_report_json_and_text(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "report", "--db", url]) == 0
    assert "not enough feedback yet" in capsys.readouterr().out  # empty database
    store = FeedbackStore(url)
    store.record_many(_fixture_cases())
    store.close()
    assert main(["feedback", "report", "--db", url, "--format", "json", "--min", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["top_answer_accuracy"]["n"] == 13 and data["min_count"] == 5
    assert {r["rule"]: r["n"] for r in data["rule_precision"]} == {
        "LNK001": 10,
        "BRD002": 10,
        "OPT001": 3,
    }


MESSAGES = [
    (
        {
            "body": "Acme: your order shipped. Track: https://bit.ly/3xYz Reply STOP to opt out",
            "error": "30007",
            "provider": "twilio",
        },
        "url_or_link_filtering",
    ),
    (
        {
            "body": "Hi, it's Acme Dental. Your cleaning is tomorrow at 3pm.",
            "error": "21610",
            "provider": "twilio",
        },
        None,
    ),
    (
        {
            "body": "WIN a FREE iPhone!!! Click now http://win-prize.example",
            "error": "30007",
            "provider": "twilio",
        },
        "spam_like_content",
    ),
    ({"body": "Your code is 123456", "error": "30005", "provider": "twilio"}, None),
    (
        {
            "body": "Acme: 20% off today only",
            "error": "30007",
            "provider": "twilio",
            "first_message": True,
        },
        "no_consent",
    ),
]


def _record_messages(url: str, keep_text: bool) -> list[tuple[str, str]]:
    """Diagnose and judge MESSAGES (None: confirm the top); (tool's top, real cause) each."""
    store = FeedbackStore(url)
    out = []
    for data, real in MESSAGES:
        message = FailedMessage.from_dict(data)
        d = diagnose(message)
        cause = Cause(real) if real else d.top.cause
        kind = VerdictKind.CONFIRMED if cause is d.top.cause else VerdictKind.WRONG
        store.record(
            case_from_diagnosis(message, d, keep_text=keep_text), VerdictInput(kind, cause)
        )
        out.append((d.top.cause.value, cause.value))
    store.record(case_from_diagnosis(message, d), VerdictInput(VerdictKind.NOT_SURE, None))
    store.close()
    return out


@pytest.mark.parametrize("keep_text", [True, False], ids=["bodies", "templates"])
def test_export_is_read_by_evaluate_cases(
    url: str, keep_text: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _record_messages(url, keep_text)
    out = tmp_path / "feedback_cases.jsonl"
    assert main(["feedback", "export", "--format", "cases", "-o", str(out), "--db", url]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(MESSAGES)  # "not sure" is not exported
    cases = [json.loads(line) for line in lines]
    assert [c["expected"] for c in cases] == [real for _, real in answers]
    assert all(("body" in c["input"]) is keep_text for c in cases)
    capsys.readouterr()
    assert main(["evaluate", "--cases", str(out), "--rules-only", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == len(MESSAGES) and result["refused"] == []
    arm = result["rules_only"]
    assert arm["by_source_type"]["engineer_feedback"]["n"] == len(MESSAGES)
    if keep_text:  # the same input, so the same answers as when the engineer judged them
        right = sum(top == real for top, real in answers)
        assert arm["top1"] == pytest.approx(right / len(MESSAGES), abs=1e-4)


def test_training_rows_are_train_only_with_their_own_provenance(url: str) -> None:
    answers = _record_messages(url, keep_text=False)
    store = FeedbackStore(url)
    frame, counts = training_frame(store.judged())
    store.close()
    assert counts == {"rows": 5, "from_template": 5, "skipped_no_text": 0, "skipped_invalid": 0}
    assert set(frame["split"]) == {"train"}
    assert set(frame["label_source"]) == {
        "feedback:confirmed:template",
        "feedback:corrected:template",
    }
    bodies = [json.loads(m)["body"] for m in frame["message"]]
    assert "Track: <link> Reply STOP to opt out" in bodies[0] and "bit.ly" not in bodies[0]
    assert list(frame["cause"]) == [real for _, real in answers]


@pytest.mark.slow
@pytest.mark.skipif(not default_data_dir().is_dir(), reason="real corpora not available")
def test_train_with_feedback_records_the_rows_in_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database_for("sqlite", tmp_path)
    _record_messages(url, keep_text=True)
    out = tmp_path / "model"
    code = main(
        ["train", "--with-feedback", url, "--rows", "360", "--no-compare", "--model-dir", str(out)]
    )
    assert code == 0
    assert "feedback: 5 confirmed cases as training rows" in capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["training_rows"]["feedback_train"] == 5
    by_source = manifest["data_card"]["by_label_source"]
    assert by_source["feedback:confirmed"] + by_source["feedback:corrected"] == 5
    assert manifest["data_card"]["by_split"]["train"] == (
        manifest["training_rows"]["generated_train"] + 5
    )
