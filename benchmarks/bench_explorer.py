"""Benchmark: time from pressing "Run" in the explorer to the charts, for 2 x 32 runs.

Run: ``.venv/bin/python benchmarks/bench_explorer.py [--rounds 3] [--ray]``. Starts ``airace
explore`` on a free port, drives it with Playwright and Debian's Chromium, and for each round
changes the seed (so every round computes new numbers), presses Run and waits until the fan
chart, the difference chart and the table of the new ensemble are on the page. Prints the
median and range of that response time and of the ensemble's own run time as the page reports
it ("64 runs in X s"); with --ray also on the app's local Ray (after a warm-up round that
starts Ray).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from airace.explorer.server import free_port, wait_ready

CHROMIUM = os.environ.get("AIRACE_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = int(os.environ.get("BENCH_TIMEOUT_MS", 180_000))


def _round(page: object, seed: int) -> tuple[float, float]:
    """One Run with ``seed``: (seconds from the click to the new charts, ensemble seconds).
    A new seed marks the shown ensemble as stale; the round ends when the new one is shown."""
    field = page.locator(".ex-seed input")
    field.fill(str(seed))
    field.press("Enter")
    if page.locator(".ex-elapsed").count():
        page.locator(".ex-stale").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('.ex-run').disabled")
    start = time.perf_counter()
    page.locator(".ex-run").click()
    page.wait_for_function(
        """() => { const img = document.querySelector('.ex-fans img');
                   return img && img.complete && img.naturalWidth > 0
                          && document.querySelector('.ex-diffs img')
                          && document.querySelector('.ex-diff-table')
                          && !document.querySelector('.ex-stale')
                          && !document.querySelector('.ex-progress'); }""",
        timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - start
    text = page.locator(".ex-elapsed").inner_text()
    runs = float(re.search(r"in ([\d.]+) s", text).group(1))
    return seconds, runs


def _choose(page: object, css: str, item: str) -> None:
    page.locator(f".{css}").click()
    page.locator(".menuable__content__active .v-list-item", has_text=item).click()


def main() -> None:
    """Start the app, time the rounds, print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per engine")
    parser.add_argument("--ray", action="store_true", help="also time the local Ray engine")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    with tempfile.TemporaryDirectory() as save_dir:
        server = subprocess.Popen([sys.executable, "-m", "airace.cli", "explore", "--port",
                                   str(port), "--save-dir", save_dir, "--workers", "2"])
        try:
            url = f"http://127.0.0.1:{port}"
            wait_ready(url)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1400, "height": 1600})
                page.goto(url)
                page.locator(".ex-run").wait_for(timeout=TIMEOUT_MS)
                engines = ["this process", "local Ray"] if args.ray else ["this process"]
                print(f"airace explorer, 2 x 32 runs to 2035 (baseline vs baseline with "
                      f"public_budget_usd_bn.EU = 40); {os.cpu_count()} CPUs, Python "
                      f"{platform.python_version()}")
                budget = page.locator(".ex-input-public_budget_usd_bn-EU input")
                page.locator(".ex-panel-lever-EU").click()
                budget.fill("40")
                budget.press("Enter")
                for engine in engines:
                    _choose(page, "ex-engine", engine)
                    _round(page, 1)                      # warm-up (imports, Ray start)
                    times = [_round(page, 2 + i) for i in range(args.rounds)]
                    clicks = [c for c, _ in times]
                    runs = [r for _, r in times]
                    print(f"{engine:>13}: Run -> charts median {statistics.median(clicks):.2f} s "
                          f"(min {min(clicks):.2f}, max {max(clicks):.2f}); the runs alone "
                          f"median {statistics.median(runs):.1f} s")
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)   # as Ctrl+C: uvicorn and Ray shut down cleanly
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
