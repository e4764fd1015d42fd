"""Real browser, real server: confirm one diagnosis, correct another, see the Feedback page
count them. Uses the helpers of ``test_e2e_browser`` (Debian's headless Chromium, Playwright)
and a feedback database of its own in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_e2e_browser import (
    ARTIFACTS,
    browser,  # noqa: F401  (a fixture)
    free_port,
    page,  # noqa: F401  (a fixture)
    start_server,
    stop_server,
    sync_api,
    wait_healthy,
    wait_until_idle,
)

from diagnose.feedback import FeedbackStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def feedback_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"
    port = free_port()
    proc = start_server(port, env={"SMS_DIAGNOSE_DB": str(db)})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, db
    finally:
        stop_server(proc)


def _diagnose(pg: object, url: str, body: str, error: str) -> None:
    pg.goto(url)  # type: ignore[attr-defined]
    box = pg.get_by_label("Message body")  # type: ignore[attr-defined]
    box.wait_for(timeout=30_000)
    wait_until_idle(pg)
    box.fill(body)
    pg.get_by_role("textbox", name="Error", exact=True).fill(error)  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Diagnose").click()  # type: ignore[attr-defined]
    pg.get_by_text("Was this the cause?").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_until_idle(pg)


def test_confirm_correct_and_see_the_report(
    feedback_server: tuple[str, Path],
    page: object,  # noqa: F811
) -> None:
    url, db = feedback_server
    pg = page
    ARTIFACTS.mkdir(exist_ok=True)
    _diagnose(pg, url, "Northwind: your label is ready: https://bit.ly/3xYz9Qa", "4771")
    pg.get_by_text("Yes, that was the cause").click()  # type: ignore[attr-defined]
    pg.get_by_label("Reference (optional)").fill("ZD-77")  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Save verdict").click()  # type: ignore[attr-defined]
    pg.get_by_text("Saved: confirmed").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    pg.screenshot(path=str(ARTIFACTS / "e2e_feedback_confirm.png"), full_page=True)  # type: ignore[attr-defined]

    _diagnose(pg, url, "Hi Sam, your order has shipped.", "21610")
    pg.get_by_text("No, it was another cause").click()  # type: ignore[attr-defined]
    pg.locator("[data-testid='stSelectbox']", has_text="the real one").click()  # type: ignore[attr-defined]
    pg.keyboard.type("recipient_blocked")  # type: ignore[attr-defined]
    pg.keyboard.press("Enter")  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Save verdict").click()  # type: ignore[attr-defined]
    pg.get_by_text("corrected to recipient_blocked").wait_for(timeout=30_000)  # type: ignore[attr-defined]

    pg.goto(f"{url}/feedback")  # type: ignore[attr-defined]
    pg.get_by_text("Rule precision").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_until_idle(pg)
    metric = pg.locator("[data-testid='stMetric']", has_text="Verdicts")  # type: ignore[attr-defined]
    sync_api.expect(metric).to_contain_text("2", timeout=30_000)
    corrected = pg.locator("[data-testid='stMetric']", has_text="Corrected")  # type: ignore[attr-defined]
    sync_api.expect(corrected).to_contain_text("1", timeout=30_000)
    pg.screenshot(path=str(ARTIFACTS / "e2e_feedback_report.png"), full_page=True)  # type: ignore[attr-defined]

    store = FeedbackStore(str(db))
    judged = store.judged()
    store.close()
    assert [j.kind.value for j in judged] == ["confirmed", "wrong"]
    assert judged[1].confirmed_cause == "recipient_blocked" and judged[0].reference == "ZD-77"
