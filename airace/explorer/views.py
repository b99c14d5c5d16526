"""The explorer's main views: the ensemble (fan charts, paired differences, differing levers),
one run stepped quarter by quarter (Mesa's Reset / play / Step controls), and Save."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import solara

from airace.analysis import i18n
from airace.analysis.i18n import t
from airace.explorer import charts, config, labels, save, summary, tables
from airace.explorer.controls import SMALL, Choice, Heading
from airace.explorer.ensemble import Ensemble
from airace.explorer.setting import (
    REFERENCE,
    SETTING,
    Checked,
    ControlError,
    differences,
    target_years,
)
from airace.explorer.stepper import Stepper
from airace.model.errors import InputError
from airace.model.parameters import BLOCS
from airace.model.scenarios import LANGS

PLAY_INTERVAL = 0.25  # seconds between quarters while playing


@dataclass(frozen=True, eq=False)
class RunResult:
    """An ensemble and the checked setting it was run for."""

    checked: Checked
    ensemble: Ensemble
    made: float = field(default_factory=time.monotonic)


def arm_titles(checked: Checked, lang: str) -> dict[str, str]:
    """Legend labels of the two arms."""
    return {SETTING: t("ex_setting_label", lang,
                       title=labels.scenario_label(checked.scenario(SETTING), lang)),
            REFERENCE: t("ex_reference_label", lang,
                         title=labels.scenario_label(checked.scenario(REFERENCE), lang))}


def _caption(text: str, css: str = "ex-caption") -> None:
    solara.Text(text, style={**SMALL, "color": "#444", "margin-bottom": "8px"}, classes=[css])


@solara.component
def EnsembleView(result: RunResult | None, current: Checked, lang: str) -> None:
    """Fan charts against the reference, paired differences in the target year with
    confidence intervals, and the parameters that differ from the reference."""
    bloc = solara.use_reactive("EU")
    years = target_years(result.checked.setting.end_year) if result else ()
    year = solara.use_reactive(2030)
    shown_year = year.value if year.value in years else (years[-1] if years else None)
    fans = solara.use_memo(lambda: _fans(result, bloc.value, lang),
                           [result, bloc.value, lang])
    diffs = solara.use_memo(lambda: _differences(result, shown_year, lang),
                            [result, shown_year, lang])
    if result is None:
        solara.Info(t("ex_no_results", lang), classes=["ex-no-results"])
        return
    ens, checked = result.ensemble, result.checked
    if current.setting != checked.setting:
        solara.Warning(t("ex_stale", lang), dense=True, classes=["ex-stale"])
    seconds = i18n.fmt_num(ens.seconds, lang, 1)
    engine = t(f"ex_engine_{ens.engine}", lang)
    _caption(t("ex_elapsed", lang, n=len(ens.results), seconds=seconds, engine=engine),
             "ex-elapsed")
    if ens.failures:
        solara.Error(t("ex_failed", lang, n=len(ens.failures), error=ens.failures[0]["error"]))
    with solara.Row(style={"align-items": "center"}):
        solara.Text(t("ex_bloc_shown", lang), style=SMALL)
        solara.ToggleButtonsSingle(value=bloc.value, on_value=bloc.set,
                                   dense=True, classes=["ex-bloc"],
                                   children=[solara.Button(i18n.bloc_name(b, lang), value=b,
                                                           classes=[f"ex-bloc-{b}"])
                                             for b in BLOCS])
    Heading(t("ex_fans_title", lang))
    with solara.Column(classes=["ex-fans"], gap="0px"):
        solara.Image(fans, width="100%", classes=["ex-fans-img"])
    _caption(t("ex_fans_caption", lang, bloc=i18n.bloc_name(bloc.value, lang),
               n=checked.replicates))
    if shown_year is None:
        return
    with solara.Row(style={"align-items": "center"}):
        Heading(t("ex_diff_title", lang, year=shown_year))
        Choice(t("ex_target_year", lang), shown_year, [(y, str(y)) for y in years], year.set,
               "ex-target-year", width="120px")
    png, table_html = diffs
    with solara.Column(classes=["ex-diffs"], gap="0px"):
        solara.Image(png, width="100%", classes=["ex-diffs-img"])
    conf = i18n.fmt_num(summary.CONFIDENCE * 100, lang, 0)
    _caption(t("ex_diff_caption", lang, year=shown_year, n=checked.replicates, conf=conf))
    solara.HTML(tag="div", unsafe_innerHTML=table_html)
    Heading(t("ex_levers_differ", lang))
    differing = differences(checked)
    if differing:
        solara.HTML(tag="div", unsafe_innerHTML=tables.differing_html(differing, lang))
    else:
        solara.Text(t("ex_no_differ", lang), classes=["ex-no-differ"], style=SMALL)


def _fans(result: RunResult | None, bloc: str, lang: str) -> bytes | None:
    if result is None:
        return None
    bands = summary.bands(result.ensemble, bloc)
    fig = charts.fan_figure(bands, bloc, lang, arm_titles(result.checked, lang))
    return charts.png(fig)


def _differences(result: RunResult | None, year: int | None, lang: str
                 ) -> tuple[bytes, str] | None:
    if result is None or year is None:
        return None
    table = summary.difference_table(result.ensemble, year)
    fig = charts.difference_figure(table, lang, summary.CONFIDENCE)
    return charts.png(fig), tables.difference_html(table, lang, summary.CONFIDENCE)


@solara.component
def StepperView(checked: Checked, lang: str) -> None:
    """One run of the setting or the reference, quarter by quarter, with its agents' state."""
    arm = solara.use_reactive(SETTING)
    _, set_tick = solara.use_state(0)   # a new value redraws the tables after a step

    def redraw() -> None:
        set_tick(lambda n: n + 1)
    playing = solara.use_reactive(False)
    key = (checked.scenario(arm.value), repr(sorted(checked.params(arm.value).items())),
           checked.seed) if checked.ok else None
    stepper = solara.use_memo(lambda: Stepper(checked, arm.value) if key else None, [key])
    solara.use_effect(lambda: (lambda: stepper.release() if stepper else None), [stepper])

    def play() -> None:
        while playing.value and stepper is not None and stepper.running:
            time.sleep(PLAY_INTERVAL)
            stepper.step()
            redraw()
        playing.set(False)

    solara.lab.use_task(play, dependencies=[playing.value, stepper], prefer_threaded=True)
    if stepper is None:
        solara.Info(t("ex_step_invalid", lang))
        return

    def step() -> None:
        stepper.step()
        redraw()

    def reset() -> None:
        playing.set(False)
        stepper.reset()
        redraw()

    with solara.Row(style={"align-items": "center"}):
        Choice(t("ex_step_arm", lang), arm.value,
               [(SETTING, t("ex_step_setting", lang)), (REFERENCE, t("ex_step_reference", lang))],
               arm.set, "ex-step-arm", width="240px")
        solara.Button(t("ex_step_reset", lang), color="primary", on_click=reset,
                      classes=["ex-step-reset"])
        with solara.Tooltip(t("ex_step_pause" if playing.value else "ex_step_play", lang)):
            solara.Button("❚❚" if playing.value else "▶", color="primary",
                          on_click=lambda: playing.set(not playing.value),
                          disabled=not stepper.running, classes=["ex-step-play"])
        solara.Button(t("ex_step_step", lang), color="primary", on_click=step,
                      disabled=playing.value or not stepper.running, classes=["ex-step-step"])
    seed = stepper.seed
    status = (t("ex_step_quarter", lang, quarter=stepper.quarter(), done=stepper.done,
                total=stepper.total, seed=seed) if stepper.done
              else t("ex_step_start", lang, total=stepper.total, seed=seed))
    solara.Text(status, classes=["ex-step-status"], style={"font-weight": "600"})
    solara.ProgressLinear(100.0 * stepper.done / stepper.total)
    for key_, html_ in tables.agent_tables(stepper, lang).items():
        Heading(t(key_, lang))
        solara.HTML(tag="div", unsafe_innerHTML=html_)


@solara.component
def SaveView(checked: Checked, lang: str) -> None:
    """The save form: name, titles and descriptions in every language, Save, and the result."""
    cfg = config.current()
    name = solara.use_reactive("my_setting")
    texts = solara.use_reactive({})   # field -> typed text (suggestions until edited)
    outcome = solara.use_reactive(None)   # ("ok" | "error", message, name saved or "")
    suggestion = save.suggested(checked)
    fields = {f"save_title_{g}": suggestion.titles[g] for g in LANGS}
    fields.update({f"save_description_{g}": suggestion.descriptions[g] for g in LANGS})
    values = {k: texts.value.get(k, v) for k, v in fields.items()}
    request = save.SaveRequest(name.value,
                               {g: values[f"save_title_{g}"] for g in LANGS},
                               {g: values[f"save_description_{g}"] for g in LANGS})
    errors = save.check_request(request, cfg.scenario_dir, cfg.study_dir)

    def edit(key: str, text: str) -> None:
        texts.set({**texts.value, key: text})
        outcome.set(None)

    def do_save() -> None:
        try:
            saved = save.save(checked, request, cfg.scenario_dir, cfg.study_dir)
        except InputError as exc:
            message = labels.error_text(exc, lang) if isinstance(exc, ControlError) else str(exc)
            outcome.set(("error", t("ex_save_failed", lang, error=message), ""))
            return
        text = t("ex_saved", lang, scenario=saved.scenario.name,
                 study=str(saved.study))
        if not saved.runnable:
            text += " " + t("ex_saved_outside", lang, scenario=saved.scenario.name,
                             folder=str(Path(save.SCENARIO_DIR)))
        outcome.set(("ok", text, request.name))

    just_saved = outcome.value is not None and outcome.value[2] == name.value

    def err(key: str) -> str | bool:
        """The field's error text; the name just saved is taken, but not an error to show."""
        if key not in errors or (key == "save_name" and just_saved):
            return False
        return labels.error_text(errors[key], lang)

    solara.Text(t("ex_save_intro", lang, replicates=checked.replicates, seed=checked.seed),
                style=SMALL)
    solara.Text(t("ex_save_folders", lang, scenarios=str(cfg.scenario_dir),
                  studies=str(cfg.study_dir)), style={**SMALL, "color": "#666"})
    solara.InputText(t("ex_save_name", lang), value=name.value,
                     on_value=lambda s: (name.set(s.strip()), outcome.set(None)),
                     error=err("save_name"), classes=["ex-save-name"])
    for g in LANGS:
        solara.InputText(t("ex_save_title_in", lang, language=g.upper()),
                         value=values[f"save_title_{g}"],
                         on_value=lambda s, k=f"save_title_{g}": edit(k, s),
                         error=err(f"save_title_{g}"), classes=[f"ex-save-title-{g}"])
    for g in LANGS:
        solara.v.Textarea(label=t("ex_save_desc_in", lang, language=g.upper()),
                          v_model=values[f"save_description_{g}"],
                          on_v_model=lambda s, k=f"save_description_{g}": edit(k, s),
                          rows=3, auto_grow=True, dense=True,
                          error_messages=[err(f"save_description_{g}")]
                          if f"save_description_{g}" in errors else [],
                          class_=f"ex-save-description-{g}")
    solara.Button(t("ex_save", lang), color="primary", on_click=do_save,
                  disabled=bool(errors) or not checked.ok, classes=["ex-save"])
    if outcome.value is not None:
        kind, message, _ = outcome.value
        (solara.Success if kind == "ok" else solara.Error)(message, classes=["ex-save-result"])
