"""The explorer's components without a browser (``solara.render``): a bad value is shown at its
control and nothing runs; Run shows numbers equal to ``simulate``; the language switches; one
run steps quarter by quarter; Save writes the files; in German, parameter descriptions are
German, and so are the names of labs and funds in the quarter-by-quarter tables."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import ipyvuetify as v
import ipywidgets
import numpy as np
import pytest
import solara
import solara.widgets

from airace.analysis import i18n
from airace.experiments.seeds import run_seed
from airace.explorer import config
from airace.explorer.app import Explorer
from airace.explorer.setting import Checked
from airace.explorer.stepper import Stepper
from airace.explorer.tables import agent_tables, differing_html
from airace.model import simulate
from airace.model.parameters import REGISTRY

TIMEOUT = 30.0


class App:
    """A rendered explorer with helpers to find, type, click and wait."""

    def __init__(self) -> None:
        self.box, self.rc = solara.render(Explorer(), handle_error=False)

    def widgets(self, cls: type, css: str | None = None) -> list:
        found = self.rc.find(cls).widgets
        if css is None:
            return found
        return [w for w in found if css in (getattr(w, "class_", None) or "").split()]

    def one(self, cls: type, css: str):
        found = self.widgets(cls, css)
        assert len(found) == 1, f"{len(found)} widgets {cls.__name__}.{css}"
        return found[0]

    def type(self, css: str, text: str) -> None:
        field = self.one(v.TextField, css)
        field.v_model = text
        field.fire_event("keyup.enter", None)

    def button(self, text: str) -> v.Btn:
        found = [b for b in self.widgets(v.Btn) if b.children == [text]]
        assert len(found) == 1, text
        return found[0]

    def texts(self, css: str) -> list[str]:
        return [str(w.children[0]) for w in self.widgets(v.Html, css)]

    def tab(self, index: int) -> None:
        self.widgets(v.Tabs)[0].v_model = index

    def open_panel(self, kind: int, index: int) -> None:
        self.widgets(v.ExpansionPanels)[kind].v_model = index

    def html_with(self, fragment: str) -> str | None:
        found = [w.unsafe_innerHTML for w in self.rc.find(solara.widgets.HTML).widgets
                 if fragment in (w.unsafe_innerHTML or "")]
        return found[0] if found else None

    def wait(self, condition: Callable[[], object], timeout: float = TIMEOUT) -> object:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError("the explorer did not get there in time")

    def close(self) -> None:
        self.rc.close()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    before = config.current()
    config.configure(scenario_dir=tmp_path, study_dir=tmp_path, lang="en")
    rendered = App()
    yield rendered
    rendered.close()
    config.configure(**before.__dict__)


def _small(app: App) -> None:
    app.one(v.Select, "ex-horizon").v_model = 2027
    app.type("ex-replicates", "3")


def row_cells(table: str, key: str) -> list[str]:
    """Texts of the cells of the row with data-key ``key``."""
    row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', table).group(1)
    return [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_an_out_of_bounds_value_is_shown_at_its_control_and_nothing_runs(app: App) -> None:
    app.open_panel(0, 1)                                     # the EU's levers
    app.type("ex-input-regulation-EU", "1.4")
    assert app.texts("ex-error-regulation-EU") == [
        "1.4 is out of bounds; allowed: 0 to 1 index"]
    assert app.one(v.TextField, "ex-input-regulation-EU").error
    assert app.button("Run").disabled
    assert "regulation.EU" in str(app.one(v.Alert, "ex-fix-first").children)
    app.button("Run").click()
    time.sleep(0.3)
    assert app.html_with("ex-diff-table") is None
    app.type("ex-input-regulation-EU", "0.5")
    assert not app.texts("ex-error-regulation-EU") and not app.button("Run").disabled


def test_an_inconsistent_fund_split_is_shown_at_both_shares(app: App) -> None:
    app.open_panel(0, 1)
    app.type("ex-input-fund_share_chips-EU", "0.6")          # compute 0.5 + chips 0.6 > 1
    for name in ("fund_share_chips-EU", "fund_share_compute-EU"):
        assert "add up to 1.1" in app.texts(f"ex-error-{name}")[0]
    assert app.button("Run").disabled


def test_run_shows_the_numbers_of_simulate(app: App) -> None:
    _small(app)
    app.open_panel(0, 1)
    app.type("ex-input-public_budget_usd_bn-EU", "40")
    app.button("Run").click()
    table = app.wait(lambda: app.html_with("ex-diff-table"))
    seeds = [run_seed(20250101, r) for r in range(3)]
    base = {"end_year": 2027, "policy_mode": "fixed"}
    ref = np.array([simulate(base, s)["compute_share.EU@2027"] for s in seeds])
    own = np.array([simulate({**base, "public_budget_usd_bn.EU": 40.0}, s)
                    ["compute_share.EU@2027"] for s in seeds])
    assert row_cells(table, "compute_share.EU@2027")[:4] == [
        "EU", i18n.fmt_num(ref.mean() * 100, "en"), i18n.fmt_num(own.mean() * 100, "en"),
        i18n.fmt_num((own - ref).mean() * 100, "en", signed=True)]
    assert row_cells(app.html_with("ex-differ-table"), "public_budget_usd_bn.EU")[1:4] == [
        "public_budget_usd_bn.EU", "5", "40"]
    images = app.rc.find(ipywidgets.Image).widgets
    assert {c for img in images for c in img._dom_classes} >= {"ex-fans-img", "ex-diffs-img"}
    assert all(bytes(img.value[:4]) == b"\x89PNG" for img in images)


def test_the_app_starts_in_german(tmp_path: Path) -> None:
    before = config.current()
    config.configure(lang="de")
    german = App()
    try:
        assert german.button("Rechnen")
        german.open_panel(0, 0)
        german.type("ex-input-export_control-US", "2")
        assert german.texts("ex-error-export_control-US") == [
            "2 liegt außerhalb der Grenzen; zulässig: 0 bis 1 Anteil"]
        shown = {str(w.children[0]) for w in german.widgets(v.Html) if w.children}
        lever = REGISTRY["export_control.US"]
        assert lever.description_in("de") in shown and lever.description not in shown
        grid = REGISTRY["grid_gw_per_year.US"]
        assert grid.description_in("de").endswith(" (US)")
        table = differing_html([("grid_gw_per_year.US", 7.5, 9.0)], "de")
        assert row_cells(table, "grid_gw_per_year.US")[0] == grid.description_in("de")
        assert "GW/Jahr" in table and grid.description not in table
    finally:
        german.close()
        config.configure(**before.__dict__)


# Agents whose population label is a proper name, the same in German.
PROPER_NAMES = {"google_deepmind", "meta", "xai", "mistral", "aleph_alpha", "alibaba",
                "bytedance", "deepseek", "moonshot", "zhipu"}


def test_the_agent_tables_name_labs_and_funds_in_german(small: Callable[..., Checked]) -> None:
    stepper = Stepper(small(), "setting")
    try:
        agents = [*stepper.model.labs.agents, *stepper.model.investors.agents]
        assert {a.name for a in agents} - set(i18n.AGENT_NAMES_DE) == PROPER_NAMES
        tables = agent_tables(stepper, "de")
        english = agent_tables(stepper, "en")
        shown = tables["ex_labs"] + tables["ex_funds"]
        for a in agents:
            german = i18n.AGENT_NAMES_DE.get(a.name, a.label)
            assert html.escape(german) in shown, a.name
            assert html.escape(a.label) in english["ex_labs"] + english["ex_funds"], a.name
            if a.name not in PROPER_NAMES:
                assert html.escape(a.label) not in shown, a.name
    finally:
        stepper.release()


def test_one_run_steps_quarter_by_quarter(app: App) -> None:
    _small(app)
    app.tab(1)
    status = lambda: app.texts("ex-step-status")[0]  # noqa: E731
    app.wait(lambda: app.texts("ex-step-status"))
    assert status().startswith("Start of 2025: 0 of 12 quarters")
    app.button("Step").click()
    assert status().startswith("After 2025Q1: 1 of 12 quarters")
    labs = app.html_with("ex-labs-table")
    assert "OpenAI" in labs and app.html_with("ex-funds-table") and \
        app.html_with("ex-states-table")
    def done() -> int:
        return int(re.search(r"(\d+) of 12", status()).group(1))

    app.button("▶").click()
    app.wait(lambda: done() >= 3, timeout=10)
    if done() < 12:
        app.button("❚❚").click()
    time.sleep(0.6)
    stopped = done()
    time.sleep(0.6)
    assert done() == stopped            # paused (or at the horizon): no more steps
    app.button("Reset").click()
    assert status().startswith("Start of 2025")


def test_save_writes_the_files(app: App, tmp_path: Path) -> None:
    _small(app)
    app.open_panel(0, 1)
    app.type("ex-input-regulation-EU", "0.4")
    app.tab(2)
    app.wait(lambda: app.widgets(v.TextField, "ex-save-name"))
    app.type("ex-save-name", "lighter_rules")
    app.button("Save scenario and study").click()
    message = app.wait(lambda: app.widgets(v.Alert, "ex-save-result"))[0]
    assert "airace study" in str(message.children)
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == [
        "lighter_rules.yaml", "lighter_rules_study.yaml"]
    name_field = app.widgets(v.TextField, "ex-save-name")[0]
    assert not name_field.error   # just saved: taken, but shown as no error
    app.button("Save scenario and study").click()   # the name is taken now
    assert app.button("Save scenario and study").disabled
    app.type("ex-save-name", "lighter_rules_2")
    app.type("ex-save-name", "lighter_rules")      # typed again: now it is an error
    assert app.wait(lambda: app.widgets(v.TextField, "ex-save-name")[0].error)
