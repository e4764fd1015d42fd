"""AppTest of the verdict widget and the Feedback page: confirm one diagnosis, correct
another, see the report change; verdicts on a triage row and on a template."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnose.feedback import FeedbackStore

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TWILIO = (
    "Sid,From,To,Body,Status,SentDate,ErrorCode\n"
    'SM1,+15550001111,+15552223333,"Hi Ann, your code is 1234",undelivered,2024-05-01 10:00:00,21610\n'
    'SM2,+15550001111,+15552224444,"Hi Bob, your code is 9876",undelivered,2024-05-01 11:00:00,21610\n'
    "SM3,+15550001111,+15552225555,Track it at https://bit.ly/3xYz,failed,2024-05-02 09:00:00,30007\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "feedback.sqlite3"
    monkeypatch.setenv("SMS_DIAGNOSE_DB", str(path))
    return str(path)


def _table(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    """The page's first table with a column named ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _diagnose_example(at: AppTest, key: str) -> AppTest:
    at.button(key=f"dx_example_{key}").click().run()
    assert not at.exception
    return at


def test_confirm_and_correct_a_diagnosis_and_see_the_report_change(db: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/feedback.py").run()
    assert not at.exception
    assert _metrics(at)["Verdicts"] == "0"
    assert any("No verdict yet" in c.value for c in at.caption)

    at.switch_page("app_pages/diagnose_message.py").run()
    _diagnose_example(at, "shortener")
    assert any("Was this the cause?" in s.value for s in at.subheader)
    at.button(key="fb_submit").click().run()  # nothing picked: nothing saved
    assert any("Pick a verdict first" in w.value for w in at.warning)
    at.radio(key="fb_choice").set_value("confirm")
    at.text_input(key="fb_reference").input("ZD-1")
    at.button(key="fb_submit").click().run()
    assert not at.exception
    assert any(s.value.startswith("Saved: confirmed (case #1)") for s in at.success)

    _diagnose_example(at, "shortener")  # a new diagnosis is a new case
    at.radio(key="fb_choice").set_value("wrong")
    at.selectbox(key="fb_cause").set_value("no_consent")
    at.button(key="fb_submit").click().run()
    assert any("corrected to no_consent (case #2)" in s.value for s in at.success)

    at.switch_page("app_pages/feedback.py").run()
    assert not at.exception
    assert _metrics(at) == {"Verdicts": "2", "Confirmed": "1", "Corrected": "1", "Not sure": "0"}
    rules = _table(at, "rule")
    lnk = rules[rules["rule"] == "LNK001"].iloc[0]
    assert (lnk["right"], lnk["verdicts"], lnk["status"]) == (1, 2, "not enough feedback yet")
    at.number_input(key="fbr_min").set_value(2).run()
    rules = _table(at, "rule")
    assert rules[rules["rule"] == "LNK001"].iloc[0]["rate"] == pytest.approx(0.5)
    misses = _table(at, "missed")
    assert misses.iloc[0]["cause"] == "no_consent"

    store = FeedbackStore(db)
    judged = store.judged()
    store.close()
    assert [j.confirmed_cause for j in judged] == ["url_or_link_filtering", "no_consent"]
    assert judged[0].reference == "ZD-1" and "body" not in judged[0].input


def test_verdicts_on_a_triage_row_and_on_a_template(db: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/triage.py").run()
    at.file_uploader(key="tr_upload").upload("twilio.csv", TWILIO.encode(), "text/csv")
    at.run()
    assert not at.exception
    at.selectbox(key="fb_tr_row").set_value(2)
    at.radio(key="fb_tr_choice").set_value("confirm")
    at.button(key="fb_tr_row_submit").click().run()
    assert any("Saved 1 verdicts" in s.value for s in at.success)

    at.selectbox(key="fb_tp_template").set_value("Hi <name>, your code is <n>")
    at.radio(key="fb_tp_choice").set_value("wrong")
    at.selectbox(key="fb_tp_cause").set_value("sender_not_registered")
    at.button(key="fb_tp_submit").click().run()
    assert not at.exception
    assert any("Saved 2 verdicts" in s.value for s in at.success)

    store = FeedbackStore(db)
    judged = {j.external_id: j for j in store.judged()}
    recent = store.recent()
    store.close()
    assert set(judged) == {"SM1", "SM2", "SM3"}
    assert judged["SM1"].confirmed_cause == judged["SM2"].confirmed_cause == "sender_not_registered"
    assert judged["SM3"].kind.value == "confirmed"
    assert judged["SM1"].body_template == "Hi <name>, your code is <n>"
    assert "body" not in judged["SM1"].input and "to" not in judged["SM1"].input
    assert sorted(r["scope"] for r in recent) == ["row", "template", "template"]
