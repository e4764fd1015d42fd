"""Real browser, real server: paste a message, diagnose it; upload an export, see the charts.

Starts ``streamlit run app.py`` on a free port and drives Debian's headless Chromium with
Playwright. Screenshots go to ``artifacts/`` (gitignored, kept by CI as test artefacts); the
layout tests' screenshots at 1440x900 and 900x1000 to ``artifacts/screenshots/``.
Skipped only when Chromium is absent outside CI; in CI (``CI`` set) absence is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPORT = (
    "Sid,From,To,Body,Status,SentDate,ErrorCode\n"
    "SM1,+15550001111,+15552223333,Acme: your code is 1234,undelivered,2024-05-01 10:00:00,21610\n"
    "SM2,+15550001111,+15552224444,FREE!!! WIN NOW!!!,failed,2024-05-01 11:00:00,30007\n"
    "SM3,+15550002222,+15552225555,Track at https://bit.ly/3xYz,failed,2024-05-02 09:00:00,4771\n"
)

pytestmark = pytest.mark.slow
#: A fresh server's first script run imports the package, loads the model and builds the
#: tables: 10-11 s measured here at load 15 on two cores, so a 30 s wait for the form failed
#: now and then. The module's server is warmed once (``warm_up``), and every wait is for an
#: event, with room for a slow machine; there are no fixed sleeps in the waits.
FIRST_RUN_TIMEOUT = 240_000
STEP_TIMEOUT = 60_000

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium for the browser test; not found at {CHROMIUM}")
    pytest.skip("chromium not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> float:
    """Seconds until ``/_stcore/health`` answers ok (raises if the server dies or hangs)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("streamlit did not become healthy")


def start_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@pytest.fixture(scope="module")
def server(browser: object) -> Iterator[str]:
    port = free_port()
    proc = start_server(port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout=FIRST_RUN_TIMEOUT / 1000)
        warm_up(browser, url)
        yield url
    finally:
        stop_server(proc)


def warm_up(browser: object, url: str) -> None:
    """Open the app once and wait for its first script run to end, so no test races the
    cold start (imports, the model, the tables): each test then starts on a warm server."""
    pg = browser.new_page()  # type: ignore[attr-defined]
    try:
        pg.goto(url, timeout=FIRST_RUN_TIMEOUT)
        pg.get_by_label("Message body").wait_for(timeout=FIRST_RUN_TIMEOUT)
        wait_until_idle(pg, timeout=FIRST_RUN_TIMEOUT)
    finally:
        pg.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    pg = browser.new_page(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    pg.set_default_timeout(STEP_TIMEOUT)
    pg.set_default_navigation_timeout(STEP_TIMEOUT)
    try:
        yield pg
    finally:
        pg.close()


#: True once Streamlit's script state has read "notRunning" for half a second on end: a
#: rerun that starts right after a run (navigation, a session-state default) resets it.
_QUIET = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  const state = app && app.getAttribute("data-test-script-state");
  if (state !== "notRunning") { window.__smsIdleSince = null; return false; }
  window.__smsIdleSince = window.__smsIdleSince || performance.now();
  return performance.now() - window.__smsIdleSince >= 500;
}"""


def wait_until_idle(pg: object, timeout: float = STEP_TIMEOUT) -> None:
    """Streamlit re-renders widgets until its script run ends: keys typed before that can
    land in a widget that is then replaced (the keyboard-only test lost them under load)."""
    pg.wait_for_function(_QUIET, polling=100, timeout=timeout)  # type: ignore[attr-defined]


def test_paste_a_message_and_diagnose_it(server: str, page: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg = page
    pg.goto(server)  # type: ignore[attr-defined]
    body = pg.get_by_label("Message body")  # type: ignore[attr-defined]
    body.wait_for(timeout=30_000)
    wait_until_idle(pg)
    body.fill(
        "Northwind: your return label is ready: https://bit.ly/3xYz9Qa Reply STOP to opt out."
    )
    pg.get_by_role("textbox", name="Error", exact=True).fill("4771")  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Diagnose").click()  # type: ignore[attr-defined]
    pg.get_by_text("url_or_link_filtering").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    # The evidence is highlighted inside the (escaped) body view.
    pg.locator("mark", has_text="bit.ly").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    pg.screenshot(path=str(ARTIFACTS / "e2e_diagnose.png"), full_page=True)  # type: ignore[attr-defined]


def test_hostile_body_stays_text(server: str, page: object) -> None:
    pg = page
    pg.goto(server)  # type: ignore[attr-defined]
    body = pg.get_by_label("Message body")  # type: ignore[attr-defined]
    body.wait_for(timeout=30_000)
    wait_until_idle(pg)
    body.fill("<img src=x id=pwned onerror=\"document.title='pwned'\"> hello")
    pg.get_by_role("button", name="Diagnose").click()  # type: ignore[attr-defined]
    pg.get_by_text("Likely causes", exact=True).wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert pg.locator("#pwned").count() == 0  # type: ignore[attr-defined]
    assert pg.title() != "pwned"  # type: ignore[attr-defined]


def test_upload_an_export_and_see_chart_and_table(
    server: str, page: object, tmp_path: Path
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    export = tmp_path / "twilio.csv"
    export.write_text(EXPORT)
    pg = page
    pg.goto(f"{server}/triage")  # type: ignore[attr-defined]
    pg.locator("input[type=file]").set_input_files(str(export))  # type: ignore[attr-defined]
    pg.get_by_text("Every row", exact=True).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    # Vega-Lite charts render to a canvas or svg inside .stVegaLiteChart; the table is a grid.
    pg.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    pg.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    # The four summary charts arrive one by one: wait for the fourth, do not count at once.
    pg.locator("[data-testid='stVegaLiteChart']").nth(3).wait_for(timeout=STEP_TIMEOUT)  # type: ignore[attr-defined]
    pg.wait_for_timeout(1000)  # type: ignore[attr-defined]
    pg.screenshot(path=str(ARTIFACTS / "e2e_triage.png"), full_page=True)  # type: ignore[attr-defined]
    # The first fix's ticket: the packet to paste, with the message ids support asks for.
    pg.get_by_role("button", name="Ticket").first.click()  # type: ignore[attr-defined]
    pg.get_by_text("Ticket to send").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    packet = pg.locator("[data-testid='stCode']").first  # type: ignore[attr-defined]
    packet.wait_for(timeout=30_000)
    sync_api.expect(packet).to_contain_text("# Undelivered SMS:", timeout=30_000)
    sync_api.expect(packet).to_contain_text("| SM", timeout=30_000)
    assert "+15550001111" not in packet.inner_text()  # numbers masked
    pg.screenshot(path=str(ARTIFACTS / "e2e_ticket.png"), full_page=True)  # type: ignore[attr-defined]


def tab_to(pg: object, target: object, limit: int = 6) -> None:
    """Press Tab until ``target`` has the focus: fields may have a help button before them.
    Each press waits for the focus to move (under load it lags the key), so nothing is
    typed blind; fails if ``target`` is not reached in ``limit`` presses."""
    for _ in range(limit):
        pg.evaluate("() => { window.__smsFocus = document.activeElement; }")  # type: ignore[attr-defined]
        pg.keyboard.press("Tab")  # type: ignore[attr-defined]
        pg.wait_for_function("() => document.activeElement !== window.__smsFocus")  # type: ignore[attr-defined]
        if target.evaluate("e => e === document.activeElement"):  # type: ignore[attr-defined]
            return
    raise AssertionError(f"Tab did not reach {target} in {limit} presses")


def test_keyboard_only_submit(server: str, page: object) -> None:
    """Type the body, Tab to the error, type it, Enter: the form submits, no mouse."""
    pg = page
    pg.goto(server)  # type: ignore[attr-defined]
    body = pg.get_by_label("Message body")  # type: ignore[attr-defined]
    body.wait_for()
    wait_until_idle(pg)
    error = pg.get_by_role("textbox", name="Error", exact=True)  # type: ignore[attr-defined]
    body.focus()
    sync_api.expect(body).to_be_focused(timeout=STEP_TIMEOUT)
    pg.keyboard.type("Hi Sam, your order has shipped.")  # type: ignore[attr-defined]
    sync_api.expect(body).to_have_value("Hi Sam, your order has shipped.", timeout=STEP_TIMEOUT)
    tab_to(pg, error)
    sync_api.expect(error).to_be_focused(timeout=STEP_TIMEOUT)
    pg.keyboard.type("21610")  # type: ignore[attr-defined]
    sync_api.expect(error).to_have_value("21610", timeout=STEP_TIMEOUT)
    wait_until_idle(pg)  # nothing re-renders the form between the last key and Enter
    pg.keyboard.press("Enter")  # Enter in a single-line field submits the form  # type: ignore[attr-defined]
    pg.get_by_text("opted_out_recipient").first.wait_for()  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------
# Issue 16: the Diagnose and Triage pages at 1440x900 and 900x1000. Screenshots go to
# artifacts/screenshots/ (the README names it; CI keeps artifacts/).
SCREENSHOTS = ARTIFACTS / "screenshots"
VIEWPORTS = [(1440, 900), (900, 1000)]
#: A content blocker under 30007, a first reply without opt-out, an opted-out recipient:
#: (name, body, error, first message, the top cause's title).
LAYOUT_CASES = [
    (
        "content_blocker_30007",
        "GreenLeaf: 20% off all CBD gummies and THC vapes this weekend only! Reply STOP to "
        "opt out.",
        "30007",
        None,
        "Prohibited content",
    ),
    (
        "first_reply_no_opt_out",
        "Thanks for contacting Retalé! How can we help?",
        "30007",
        "Yes",
        "Missing opt-out language",
    ),
    (
        "opted_out_21610",
        "Hi Sam, your order #4471 has shipped.",
        "21610",
        None,
        "Recipient opted out",
    ),
]

#: Every visible label, button, tab, caption and select on the page that is cut: text wider
#: than a box that clips it ("Cha…", a select showing "U" for "Unknown"), or a word broken
#: across two lines ("Destinati / on"). Icons and visually hidden labels are skipped.
_CUT_LABELS = """() => {
  const SEL = [
    "[data-testid='stWidgetLabel']", "button", "[role='tab']", "summary",
    "[data-testid='stMetricLabel']", "[data-testid='stMetricValue']", "[data-testid='stHeading']",
    "[data-testid='stCaptionContainer']", "[data-testid='stMarkdownContainer'] p",
    "[data-testid='stMarkdownContainer'] li", "a",
  ].join(",");
  const vw = window.innerWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right < 0 || r.left > vw) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== "hidden" && cs.display !== "none";
  };
  const out = [];
  for (const el of document.querySelectorAll(SEL)) {
    if (!shown(el) || !(el.innerText || "").trim()) continue;
    for (const e of [el, ...el.querySelectorAll("*")]) {
      if (e.closest("[data-testid='stIconMaterial'], [aria-hidden='true']")) continue;
      const cs = getComputedStyle(e);
      if (e.getBoundingClientRect().width <= 2 || (cs.clip && cs.clip !== "auto")) continue;
      const clips = cs.overflowX === "hidden" || cs.textOverflow === "ellipsis";
      if (clips && e.scrollWidth > e.clientWidth + 1 && (e.innerText || "").trim()) {
        out.push("cut: " + (e.innerText || "").trim().slice(0, 60));
        break;
      }
    }
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S{2,}/g)) {
        // A word may break at its own hyphen, slash, dot or underscore; not elsewhere.
        if (/[-/_.·—:@…]/.test(m[0].slice(1, -1))) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
        );
        if (lines.size > 1) out.push("broken word: " + m[0]);
      }
    }
  }
  for (const input of document.querySelectorAll("input[role='combobox']")) {
    if (shown(input) && input.value && input.scrollWidth > input.clientWidth + 1) {
      out.push("select shows part of its value: " + input.value);
    }
  }
  for (const t of document.querySelectorAll("[data-testid='stVegaLiteChart'] svg text")) {
    if ((t.textContent || "").endsWith("…")) out.push("chart label cut: " + t.textContent);
  }
  return [...new Set(out)];
}"""


def cut_labels(pg: object) -> list[str]:
    """What is cut on the page now (see ``_CUT_LABELS``); empty when every label reads whole."""
    found: list[str] = pg.evaluate(_CUT_LABELS)  # type: ignore[attr-defined]
    return found


def select_values(pg: object) -> list[str]:
    """The value each visible select shows."""
    values: list[str] = pg.locator("input[role='combobox']:visible").evaluate_all(  # type: ignore[attr-defined]
        "els => els.map(e => e.value)"
    )
    return values


def screenshot_page(pg: object, path: Path) -> None:
    """The viewport (``path``) and the whole page (``path`` with ``_full``): Streamlit's page
    scrolls inside its main block, so the viewport is stretched to it for the second."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(path))  # type: ignore[attr-defined]
    size = pg.viewport_size  # type: ignore[attr-defined]
    height = pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")  # type: ignore[attr-defined]
    pg.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})  # type: ignore[attr-defined]
    try:
        wait_until_idle(pg)
        pg.screenshot(path=str(path.with_name(f"{path.stem}_full{path.suffix}")))  # type: ignore[attr-defined]
    finally:
        pg.set_viewport_size(size)  # type: ignore[attr-defined]


def _in_viewport(pg: object, locator: object, height: int) -> bool:
    box = locator.bounding_box()  # type: ignore[attr-defined]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def _diagnose_in_form(pg: object, body: str, error: str, first_message: str | None) -> None:
    box = pg.get_by_label("Message body")  # type: ignore[attr-defined]
    box.fill(body)
    pg.get_by_role("textbox", name="Error", exact=True).fill(error)  # type: ignore[attr-defined]
    if first_message is not None:
        select = pg.get_by_role("combobox", name="First message")  # type: ignore[attr-defined]
        select.click()
        pg.get_by_role("option", name=first_message, exact=True).click()  # type: ignore[attr-defined]
        sync_api.expect(select).to_have_value(first_message)
    pg.get_by_role("button", name="Diagnose").click()  # type: ignore[attr-defined]
    top = pg.locator(".st-key-dx_top")  # type: ignore[attr-defined]
    # The confidence bar, or the honest "No cause identified", is the card's last piece.
    top.get_by_text(re.compile("confidence|No cause identified")).first.wait_for()
    wait_until_idle(pg)


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_diagnose_page_layout_at_two_widths(
    server: str, browser: object, width: int, height: int
) -> None:
    """Three diagnoses at each width: the answer is on the first screen at 1440x900, and at
    both widths no label is cut, no select hides its value."""
    pg = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    pg.set_default_timeout(STEP_TIMEOUT)
    try:
        for name, body, error, first_message, top_title in LAYOUT_CASES:
            pg.goto(server)
            pg.get_by_label("Message body").wait_for()
            wait_until_idle(pg)
            assert cut_labels(pg) == [], f"the form at {width}px"
            values = select_values(pg)
            assert len(values) >= 8 and set(values) == {"Unknown"}, values
            _diagnose_in_form(pg, body, error, first_message)
            screenshot_page(pg, SCREENSHOTS / f"diagnose_{name}_{width}x{height}.png")
            top = pg.locator(".st-key-dx_top")
            sync_api.expect(top).to_contain_text(top_title)
            assert cut_labels(pg) == [], f"{name} at {width}px"
            if (width, height) != (1440, 900):
                continue
            first_screen = {
                "verdict": pg.locator(".st-key-dx_verdict"),
                "top cause": top.get_by_text(top_title).first,
                "fix": top.get_by_text("Fix:").first,
                "evidence in the text": pg.locator("div[role='document']").first,
                "corrected message": pg.get_by_text("Corrected message", exact=True),
            }
            below = [k for k, loc in first_screen.items() if not _in_viewport(pg, loc, height)]
            assert not below, f"{name}: not in the first screen at 1440x900: {below}"
    finally:
        pg.close()


def test_every_declared_url_path_opens_its_page(server: str, page: object) -> None:
    """Each url_path app.py declares opens a page, never "Page not found" (/diagnose did)."""
    paths = re.findall(r'url_path="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    assert "diagnose" in paths and len(paths) >= 6
    pg = page
    for path in paths:
        pg.goto(f"{server}/{path}")  # type: ignore[attr-defined]
        pg.locator("[data-testid='stMain'] h1").first.wait_for()  # type: ignore[attr-defined]
        wait_until_idle(pg)
        assert not pg.get_by_text("Page not found").count(), path  # type: ignore[attr-defined]
    pg.goto(f"{server}/diagnose")  # type: ignore[attr-defined]
    pg.get_by_label("Message body").wait_for()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_triage_page_reads_whole_at_two_widths(
    server: str, browser: object, tmp_path: Path, width: int, height: int
) -> None:
    export = tmp_path / "twilio.csv"
    export.write_text(EXPORT)
    pg = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    pg.set_default_timeout(STEP_TIMEOUT)
    try:
        pg.goto(f"{server}/triage")
        pg.locator("input[type=file]").set_input_files(str(export))
        pg.get_by_text("Every row", exact=True).wait_for()
        pg.locator("[data-testid='stVegaLiteChart'] svg text").first.wait_for()
        wait_until_idle(pg)
        screenshot_page(pg, SCREENSHOTS / f"triage_{width}x{height}.png")
        assert cut_labels(pg) == []
    finally:
        pg.close()


def test_fill_the_link_then_recheck_in_the_browser(server: str, page: object) -> None:
    """The shortener example's corrected message asks for the link; typed in, the re-check
    says what the rules and the model say of the filled text (issue 16: the page said
    "passes" of a literal placeholder, then its re-check scored 86% spam)."""
    pg = page
    pg.goto(server)  # type: ignore[attr-defined]
    pg.get_by_label("Message body").wait_for()  # type: ignore[attr-defined]
    wait_until_idle(pg)
    pg.get_by_role("button", name="Try an example").click()  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Public link shortener").click()  # type: ignore[attr-defined]
    pg.locator(".st-key-dx_top").wait_for()  # type: ignore[attr-defined]
    wait_until_idle(pg)
    recheck = pg.get_by_role("button", name="Re-check the corrected message")  # type: ignore[attr-defined]
    sync_api.expect(recheck).to_be_disabled()
    assert not pg.get_by_text("Re-checked as a new send").count()  # nothing is scored yet  # type: ignore[attr-defined]
    link = pg.get_by_label(re.compile(r"^\{link\}"))  # type: ignore[attr-defined]
    link.fill("https://northwind.com/returns/3xYz9Qa")
    link.press("Enter")
    sync_api.expect(recheck).to_be_enabled()
    wait_until_idle(pg)
    recheck.click()
    pg.get_by_text(re.compile("Re-checked as a new send .*: passes")).wait_for()  # type: ignore[attr-defined]
    wait_until_idle(pg)
    screenshot_page(pg, SCREENSHOTS / "diagnose_link_filled_1366x900.png")
