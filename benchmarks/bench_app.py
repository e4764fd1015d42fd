"""App latency in a real browser: server start, one diagnosis, a 10k-row export.

    .venv/bin/python benchmarks/bench_app.py [--rows 10000] [--warm 5]

Prints: seconds from ``streamlit run`` to the first ok on ``/_stcore/health``; from pressing
Diagnose to the ranked causes on screen, the first time (cold) and ``--warm`` more times
(each a different message, alternating two; min, median and max); from choosing a 10k-row
export file to the triage table on screen. Needs Chromium (``apt-get install chromium``);
uses a free local port. The machine's load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_e2e_browser import (  # noqa: E402
    CHROMIUM_ARGS,
    free_port,
    start_server,
    stop_server,
    wait_healthy,
)

from diagnose.batch.synthetic import generate_rows  # noqa: E402

BODY = "Northwind: your return label is ready: https://bit.ly/3xYz9Qa Reply STOP to opt out."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--warm", type=int, default=5, help="warm diagnoses after the first")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / f"export_{args.rows}.csv"
        pd.DataFrame(generate_rows(args.rows)).to_csv(export, index=False)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        proc = start_server(port)
        try:
            health = wait_healthy(url, proc)
            print(f"server start -> /_stcore/health ok: {health:6.2f} s")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                page.goto(url)
                page.get_by_label("Message body").wait_for(timeout=60_000)
                print(f"server start -> form on screen:    {time.perf_counter() - started:6.2f} s")
                messages = (
                    (BODY, "4771", "url_or_link_filtering"),
                    ("Hi Sam, your order has shipped.", "21610", "opted_out_recipient"),
                )
                warm = []
                for i in range(1 + args.warm):
                    body, code, cause = messages[i % 2]
                    # The previous result names the other cause: wait for this one's card.
                    page.get_by_label("Message body").fill(f"{body} ({i})")
                    page.get_by_role("textbox", name="Error", exact=True).fill(code)
                    t = time.perf_counter()
                    page.get_by_role("button", name="Diagnose").click()
                    page.get_by_text(f"({i})", exact=False).first.wait_for(timeout=60_000)
                    page.get_by_text(cause).first.wait_for(timeout=60_000)
                    seconds = time.perf_counter() - t
                    if i == 0:
                        print(f"Diagnose -> results, first (cold): {seconds:6.2f} s")
                    else:
                        warm.append(seconds)
                if warm:
                    print(
                        f"Diagnose -> results, warm x{len(warm)}: min {min(warm):.2f} s, "
                        f"median {statistics.median(warm):.2f} s, max {max(warm):.2f} s"
                    )
                page.goto(f"{url}/triage")
                page.locator("input[type=file]").wait_for(state="attached", timeout=60_000)
                t = time.perf_counter()
                page.locator("input[type=file]").set_input_files(str(export))
                page.get_by_text("Every row", exact=True).wait_for(timeout=600_000)
                page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
                print(f"upload {args.rows:,}-row export -> table: {time.perf_counter() - t:6.2f} s")
                load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
                print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
                browser.close()
        finally:
            stop_server(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
