"""The explorer in a real browser: Playwright drives Debian's Chromium against ``airace
explore`` on a free port. Move a lever, press Run, wait for the charts, check the shown
numbers against ``simulate``, save a screenshot, Save and validate the files, switch to German
- where the agent tables name the agents in German and fit the page - and no request
leaves 127.0.0.1 (everything is served locally, offline)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from airace.experiments.seeds import run_seed
from airace.experiments.study import load_study
from airace.explorer.server import free_port, wait_ready
from airace.model import simulate
from airace.model.scenarios import load_scenario_file

CHROMIUM = next((p for p in (os.environ.get("AIRACE_CHROMIUM"), "/usr/bin/chromium",
                             shutil.which("chromium"), shutil.which("chromium-browser"))
                 if p and Path(p).exists()), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="no Chromium found (install Debian's 'chromium' or set "
                                       "AIRACE_CHROMIUM to its path)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
WAIT_MS = 45_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``airace explore`` on a free port, saving into a temporary folder."""
    save_dir = tmp_path_factory.mktemp("saved")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "airace.cli", "explore", "--port", str(port),
                             "--save-dir", str(save_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, timeout=60)
        yield url, save_dir
    finally:
        proc.send_signal(signal.SIGINT)   # as Ctrl+C
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page(server: tuple[str, Path]) -> Iterator[tuple[object, list[str]]]:
    """A Chromium page on the explorer, recording every URL it requests."""
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1400, "height": 2200})
        pg.on("request", lambda r: requests.append(r.url))
        pg.on("websocket", lambda ws: requests.append(ws.url))
        pg.goto(server[0])
        pg.locator(".ex-run").wait_for(timeout=WAIT_MS)
        yield pg, requests
        browser.close()


_FROM_SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def _number(text: str) -> tuple[float, float]:
    """A number as the English page shows it ('−0.24', '+1,234.5', '2.07 × 10⁻⁴') and half a
    unit of its last shown digit (the rounding it may carry)."""
    text = text.replace("−", "-").replace("+", "").replace(",", "")
    mant, _, power = text.partition(" × 10")
    exp = int(power.translate(_FROM_SUPERSCRIPT)) if power else 0
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    return float(mant) * 10.0 ** exp, 0.5 * 10.0 ** (exp - decimals)


def _cells(pg: object, key: str) -> list[str]:
    return pg.locator(f'tr[data-key="{key}"] td').all_inner_texts()


def _choose(pg: object, css: str, item: str) -> None:
    pg.locator(f".{css}").click()
    pg.locator(".menuable__content__active .v-list-item",
               has_text=re.compile(rf"^\s*{item}\s*$")).click()


def test_move_a_lever_run_check_save(page: tuple[object, list[str]], server: tuple[str, Path],
                                     tmp_path: Path,
                                     scenarios_also_in: Callable[[Path], None]) -> None:
    pg, requests = page
    url, save_dir = server
    _choose(pg, "ex-horizon", "2027")
    field = pg.locator(".ex-replicates input")
    field.fill("4")
    field.press("Enter")
    pg.locator(".ex-panel-lever-EU").click()
    slider = pg.locator(".ex-slider-regulation-EU .v-slider")   # move a lever with the mouse
    slider.wait_for(timeout=WAIT_MS)
    box = slider.bounding_box()
    # click() waits until the element stands still (the panel opens with an animation)
    slider.click(position={"x": 0.2 * box["width"], "y": box["height"] / 2})
    shown = pg.locator(".ex-input-regulation-EU input")
    pg.wait_for_function("el => el.value !== '0.7'", arg=shown.element_handle(),
                         timeout=WAIT_MS)
    regulation = float(shown.input_value())
    assert 0.0 <= regulation < 0.7
    budget = pg.locator(".ex-input-public_budget_usd_bn-EU input")   # and one by typing
    budget.fill("40")
    budget.press("Enter")
    pg.locator(".ex-run").click()
    pg.locator(".ex-diff-table").wait_for(timeout=WAIT_MS)
    pg.locator(".ex-fans img").wait_for(timeout=WAIT_MS)
    pg.screenshot(path=str(tmp_path / "explorer_en.png"))

    seeds = [run_seed(20250101, r) for r in range(4)]
    base = {"end_year": 2027, "policy_mode": "fixed"}
    own = {**base, "regulation.EU": regulation, "public_budget_usd_bn.EU": 40.0}
    ref_runs = [simulate(base, s, "baseline") for s in seeds]
    own_runs = [simulate(own, s, "baseline") for s in seeds]
    for key in ("compute_share.EU@2027", "revenue_share.EU@2027", "energy_twh.EU@2027",
                "capability_gap_months.CN@2027"):
        factor = 100.0 if "share" in key else 1.0
        ref = np.array([o[key] for o in ref_runs]) * factor
        got = np.array([o[key] for o in own_runs]) * factor
        cells = _cells(pg, key)
        for text, want in zip(cells[1:4], (ref.mean(), got.mean(), (got - ref).mean()),
                              strict=True):
            value, rounding = _number(text)
            assert value == pytest.approx(want, abs=rounding), key
    differing = _cells(pg, "regulation.EU")
    assert differing[1:4] == ["regulation.EU", "0.7", shown.input_value()]

    pg.locator(".ex-tab-save").click()
    name = pg.locator(".ex-save-name input")
    name.fill("browser_test")
    name.press("Enter")
    pg.locator(".ex-save:not([disabled])").click()
    pg.locator(".ex-save-result").wait_for(timeout=WAIT_MS)
    scenario = load_scenario_file(save_dir / "browser_test.yaml")
    assert scenario.overrides == {"regulation.EU": regulation, "public_budget_usd_bn.EU": 40.0}
    scenarios_also_in(save_dir)
    study = load_study(save_dir / "browser_test_study.yaml")
    assert study.scenarios == ("baseline", "browser_test") and study.design.replicates == 4

    pg.locator(".ex-lang-de").click()
    pg.locator(".ex-run", has_text="Rechnen").wait_for(timeout=WAIT_MS)
    pg.screenshot(path=str(tmp_path / "explorer_de.png"))
    assert (tmp_path / "explorer_en.png").stat().st_size > 50_000
    pg.locator(".ex-tab-step").click()                  # German agent tables fit the page
    states = pg.locator(".ex-states-table")
    states.wait_for(timeout=WAIT_MS)
    pg.wait_for_function("() => !document.querySelector('.v-window__container--is-active')",
                         timeout=WAIT_MS)           # the tab has slid into place
    assert "Labore der übrigen Welt" in pg.locator(".ex-labs-table").inner_text()
    fits = "el => el.getBoundingClientRect().right <= document.documentElement.clientWidth"
    assert states.evaluate(fits), "the states' table runs off the right edge of the page"

    own = urlparse(url).netloc
    network = [u for u in requests if urlparse(u).scheme not in ("data", "blob")]
    assert network and all(urlparse(u).netloc == own for u in network), \
        sorted({u for u in network if urlparse(u).netloc != own})
