"""The explorer's Solara app (``Page``): controls on the left - scenarios, ensemble settings,
Run, the levers by actor and the uncertain assumptions - and on the right the ensemble, one
run quarter by quarter, and Save. English and German switch in the app bar."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import solara
import solara.lab

from airace.analysis.i18n import t
from airace.explorer import config, labels
from airace.explorer.controls import SMALL, Choice, Heading, SectionPanels, TypedField
from airace.explorer.ensemble import Ensemble, run_ensemble
from airace.explorer.levers import assumption_sections, lever_sections
from airace.explorer.setting import HORIZONS, Checked, Setting, check
from airace.explorer.tables import STYLE
from airace.explorer.views import EnsembleView, RunResult, SaveView, StepperView
from airace.model.scenarios import LANGS, load_scenario, scenario_names


def _run(checked: Checked, engine: str, cancel: threading.Event,
         on_progress: Callable[[int, int], None]) -> RunResult:
    ensemble: Ensemble = run_ensemble(checked, engine, config.current().workers,
                                      progress=on_progress, cancel=cancel)
    return RunResult(checked, ensemble)


def throttled(report: Callable[[tuple[int, int]], None], every: float = 0.2
              ) -> Callable[[int, int], None]:
    """A progress callback passing (done, total) on at most every ``every`` seconds (and at
    the end), so the page does not redraw after every run."""
    last = [0.0]

    def on_progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= every:
            last[0] = now
            report((done, total))
    return on_progress


@solara.component
def RunProgress(progress: solara.Reactive[tuple[int, int]], lang: str) -> None:
    """The progress bar of a running ensemble (only this redraws as runs finish)."""
    done, total = progress.value
    solara.ProgressLinear(100.0 * done / total if total else True, classes=["ex-progress"])
    solara.Text(t("ex_progress", lang, done=done, total=total), style=SMALL)


@solara.component
def ScenarioControls(setting: solara.Reactive[Setting], lang: str) -> None:
    """Start and reference scenario, with the start scenario's description."""
    names = scenario_names()
    items = [(n, labels.scenario_label(n, lang)) for n in names]
    s = setting.value
    Choice(t("ex_start", lang), s.start, items,
           lambda v: setting.set(replace(setting.value, start=v)), "ex-start")
    solara.Text(load_scenario(s.start).description_in(lang),
                style={**SMALL, "color": "#555", "margin-bottom": "10px"})
    Choice(t("ex_reference", lang), s.reference, items,
           lambda v: setting.set(replace(setting.value, reference=v)), "ex-reference")


@solara.component
def EnsembleControls(setting: solara.Reactive[Setting], checked: Checked,
                     engine: solara.Reactive[str], lang: str) -> None:
    """Replicates, seed, horizon, policy mode and where the runs go."""
    s = setting.value

    def update(**changes: object) -> None:
        setting.set(replace(setting.value, **changes))

    with solara.Row(gap="12px"):
        with solara.Column(gap="0px", style={"flex": "1 1 50%"}):
            TypedField(t("ex_replicates", lang), str(s.replicates),
                       checked.errors.get("replicates"), lang,
                       lambda v: update(replicates=v), "ex-replicates")
        with solara.Column(gap="0px", style={"flex": "1 1 50%"}):
            TypedField(t("ex_seed", lang), str(s.seed), checked.errors.get("seed"), lang,
                       lambda v: update(seed=v), "ex-seed")
    with solara.Row(gap="12px"):
        with solara.Column(gap="0px", style={"flex": "1 1 50%"}):
            Choice(t("ex_horizon", lang), s.end_year, [(y, str(y)) for y in HORIZONS],
                   lambda v: update(end_year=v), "ex-horizon")
        with solara.Column(gap="0px", style={"flex": "1 1 50%"}):
            Choice(t("ex_policy_mode", lang), s.policy_mode,
                   [(m, t(f"ex_mode_{m}", lang)) for m in ("fixed", "adaptive")],
                   lambda v: update(policy_mode=v), "ex-policy-mode")
    Choice(t("ex_engine", lang), engine.value,
           [(e, t(f"ex_engine_{e}", lang)) for e in ("inprocess", "ray")], engine.set,
           "ex-engine")


@solara.component
def Explorer() -> None:
    """The whole explorer (the server wraps it in Solara's app layout)."""
    cfg = config.current()
    lang = solara.use_reactive(cfg.lang)
    setting = solara.use_reactive(Setting())
    engine = solara.use_reactive(cfg.engine)
    progress = solara.use_memo(lambda: solara.reactive((0, 0)), [])  # read by RunProgress
    cancel = solara.use_memo(threading.Event, [])
    checked = solara.use_memo(lambda: check(setting.value), [setting.value])
    sections = solara.use_memo(lambda: (lever_sections(), assumption_sections()), [])
    task = solara.lab.use_task(_run, dependencies=None)
    g = lang.value

    def run() -> None:
        if checked.ok and not task.pending:
            cancel.clear()
            progress.set((0, 2 * checked.replicates))
            task(checked, engine.value, cancel, throttled(progress.set))

    def set_draft(name: str, text: str) -> None:
        s = setting.value
        setting.set(replace(s, drafts={**s.drafts, name: text}))

    solara.Title(t("ex_app_title", g))
    solara.Style(STYLE)
    with solara.AppBar():
        solara.ToggleButtonsSingle(value=g, on_value=lang.set,
                                   children=[solara.Button(x.upper(), value=x,
                                                           classes=[f"ex-lang-{x}"])
                                             for x in LANGS], classes=["ex-lang"])
    solara.AppBarTitle(f"{t('ex_app_title', g)} · {t('ex_app_subtitle', g)}")
    with solara.Columns([4, 8], classes=["ex-main"]):
        with solara.Column(gap="4px", classes=["ex-controls"]):
            ScenarioControls(setting, g)
            Heading(t("ex_ensemble_settings", g))
            EnsembleControls(setting, checked, engine, g)
            with solara.Row(gap="8px"):
                solara.Button(t("ex_run", g), color="primary", on_click=run,
                              disabled=not checked.ok or task.pending, classes=["ex-run"])
                if task.pending:
                    solara.Button(t("ex_cancel", g), on_click=cancel.set, outlined=True,
                                  classes=["ex-cancel"])
                solara.Button(t("ex_reset_levers", g), outlined=True,
                              on_click=lambda: setting.set(Setting()),
                              classes=["ex-reset"])
            # a container that is always there, so that the panels below keep their state
            with solara.Column(gap="4px", classes=["ex-status"]):
                if task.pending:
                    RunProgress(progress, g)
                if checked.errors:
                    names = ", ".join(labels.control_name(n, g) for n in checked.errors)
                    solara.Error(t("ex_fix_first", g, names=names), dense=True,
                                 classes=["ex-fix-first"])
                if task.error and not isinstance(task.exception, InterruptedError):
                    solara.Error(str(task.exception), dense=True, classes=["ex-run-error"])
            Heading(t("ex_levers", g))
            solara.Text(t("ex_levers_note", g), style={**SMALL, "color": "#555"})
            SectionPanels(sections[0], setting.value.drafts, checked, g, set_draft,
                          "lever").key("levers")
            Heading(t("ex_assumptions", g))
            solara.Text(t("ex_assumptions_note", g), style={**SMALL, "color": "#555"})
            SectionPanels(sections[1], setting.value.drafts, checked, g, set_draft,
                          "assumption").key("assumptions")
        with solara.Column(classes=["ex-views"]), solara.lab.Tabs(lazy=True):
            with solara.lab.Tab(t("ex_tab_ensemble", g), classes=["ex-tab-ensemble"]):
                EnsembleView(task.latest, checked, g)
            with solara.lab.Tab(t("ex_tab_step", g), classes=["ex-tab-step"]):
                StepperView(checked, g)
            with solara.lab.Tab(t("ex_tab_save", g), classes=["ex-tab-save"]):
                SaveView(checked, g)


@solara.component
def Page() -> None:
    """The page Solara serves."""
    Explorer()
