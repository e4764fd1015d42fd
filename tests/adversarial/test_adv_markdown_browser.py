"""No markdown from user data reaches the page, and nothing leaves the machine.

Streamlit renders ``st.markdown``, captions, alerts and widget help as markdown: a string
from a file, a form or a column name shown that way can load a remote image without a
click (``![x](http://...)``), plant a link, or render KaTeX. In a real browser, this types
markdown images, links, KaTeX and raw HTML into every text input of the Diagnose and Error
codes pages and uploads them as column names and cells of an export, then asserts that no
``<img>`` or ``<a href>`` pointing at the planted address and no KaTeX node is in the DOM,
and that the browser requested nothing from any host but the app's own (the page icon
included: it used to come from a font CDN).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The real-browser harness: the server, Chromium and page fixtures, and its wait helper.
from test_e2e_browser import (
    browser,
    page,
    server,
    wait_until_idle,
)

__all__ = ["browser", "page", "server"]  # fixtures, used by name

PLANTED = "127.0.0.9"  # nothing listens there; a request to it is the failure
PAYLOAD = (
    f"![pic](http://{PLANTED}/i.png) [click](http://{PLANTED}/l) $\\sqrt{{x}}$ "
    f"<img src='http://{PLANTED}/h.png'> :red[x] **b**"
)

pytestmark = pytest.mark.slow


@pytest.fixture
def requests(page: object, server: str) -> Iterator[list[str]]:
    """Every URL the page requests from a host other than the app's own."""
    own = urlsplit(server).netloc
    seen: list[str] = []
    page.on(  # type: ignore[attr-defined]
        "request", lambda r: seen.append(r.url) if urlsplit(r.url).netloc != own else None
    )
    yield seen


def _assert_inert(pg: object, requests: list[str]) -> None:
    wait_until_idle(pg)
    pg.wait_for_timeout(500)  # type: ignore[attr-defined]
    images = pg.locator(f"img[src*='{PLANTED}']").count()  # type: ignore[attr-defined]
    links = pg.locator(f"a[href*='{PLANTED}']").count()  # type: ignore[attr-defined]
    katex = pg.locator(".katex, .katex-display, math").count()  # type: ignore[attr-defined]
    where = pg.locator(  # type: ignore[attr-defined]
        f"img[src*='{PLANTED}'], a[href*='{PLANTED}'], .katex"
    ).evaluate_all(
        "els => els.map(e => (e.closest('[data-testid]') || e).getAttribute('data-testid')"
        " + ': ' + (e.closest('[data-testid=stElementContainer]') || e).innerText.slice(0, 160))"
    )
    assert (images, links, katex) == (0, 0, 0), where
    assert requests == []


def _fill_every_text_input(pg: object) -> int:
    fields = pg.locator(  # type: ignore[attr-defined]
        "[data-testid='stMain'] textarea, "
        "[data-testid='stMain'] input[type='text']:not([role='combobox'])"
    )
    for i in range(fields.count()):
        fields.nth(i).fill(PAYLOAD)
    return int(fields.count())


def test_diagnose_page_inputs_stay_text(server: str, page: object, requests: list[str]) -> None:
    pg = page
    pg.goto(server)  # type: ignore[attr-defined]
    pg.get_by_label("Message body").wait_for()  # type: ignore[attr-defined]
    wait_until_idle(pg)
    assert _fill_every_text_input(pg) >= 5
    pg.get_by_role("button", name="Diagnose").click()  # type: ignore[attr-defined]
    pg.locator("[data-testid='stAlert']").first.wait_for()  # type: ignore[attr-defined]
    _assert_inert(pg, requests)  # the form error quotes the field's value
    # Only the free-text fields: the whole result renders around the payload.
    fields = pg.locator(  # type: ignore[attr-defined]
        "[data-testid='stMain'] textarea, "
        "[data-testid='stMain'] input[type='text']:not([role='combobox'])"
    )
    for i in range(fields.count()):
        fields.nth(i).fill("")
    for label in ("Message body", "Error", "Brand"):
        box = pg.get_by_label(label, exact=True)  # type: ignore[attr-defined]
        if box.count():
            box.fill(PAYLOAD)
    pg.get_by_role("button", name="Diagnose").click()  # type: ignore[attr-defined]
    pg.get_by_text("Likely causes", exact=True).wait_for()  # type: ignore[attr-defined]
    _assert_inert(pg, requests)


def test_error_codes_page_input_stays_text(server: str, page: object, requests: list[str]) -> None:
    pg = page
    pg.goto(f"{server}/error-codes")  # type: ignore[attr-defined]
    pg.locator("[data-testid='stMain'] input[type='text']").first.wait_for()  # type: ignore[attr-defined]
    wait_until_idle(pg)
    assert _fill_every_text_input(pg) >= 1
    pg.keyboard.press("Enter")  # type: ignore[attr-defined]
    _assert_inert(pg, requests)


def test_an_uploaded_export_stays_text(
    server: str, page: object, requests: list[str], tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        # A repeated column name (warned about), payload cells in every column.
        writer.writerow(["Sid", "Body", "ErrorCode", "Status", PAYLOAD, PAYLOAD])
        for i in range(3):
            writer.writerow([f"SM{i}{PAYLOAD}", PAYLOAD, PAYLOAD, "failed", PAYLOAD, PAYLOAD])
        writer.writerow(["SM9", "Hi", "30007", "failed", PAYLOAD, PAYLOAD])
    pg = page
    pg.goto(f"{server}/triage")  # type: ignore[attr-defined]
    pg.locator("input[type=file]").set_input_files(str(export))  # type: ignore[attr-defined]
    pg.get_by_text("Every row", exact=True).wait_for()  # type: ignore[attr-defined]
    pg.get_by_text("Repeated column names").first.wait_for()  # type: ignore[attr-defined]
    _assert_inert(pg, requests)
    # A payload as a file name and the only column: the errors quote both.
    named = tmp_path / "![n](http:127.0.0.9)$x$.csv"
    named.write_text(f"{PAYLOAD}\n")
    pg.locator("input[type=file]").set_input_files(str(named))  # type: ignore[attr-defined]
    pg.locator("[data-testid='stAlert']").first.wait_for()  # type: ignore[attr-defined]
    _assert_inert(pg, requests)
