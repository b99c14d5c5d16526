"""Controls of the explorer: one row per lever or assumption (slider and typed value, with
bounds, unit and description from the registry, and its error in place), panels by actor or
group, choice lists, and the run controls."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

import solara

from airace.analysis.i18n import t
from airace.explorer import labels
from airace.explorer.levers import Section
from airace.explorer.setting import Checked, ControlError, format_value, parse_value, scenario_value
from airace.model.parameters import Param

SMALL = {"font-size": "0.78rem", "line-height": "1.2"}
ERROR_COLOR = "#B00020"


def slug(name: str) -> str:
    """A parameter name as a CSS class fragment ('export_control.US' -> 'export_control-US')."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)


def slider_step(p: Param) -> float:
    """Slider resolution: whole numbers for integer parameters, else 1/100 of the range."""
    return 1 if p.kind == "int" else (p.high - p.low) / 100.0


@solara.component
def ParamRow(p: Param, text: str, error: ControlError | None, changed: bool, lang: str,
             on_text: Callable[[str, str], None]) -> None:
    """A lever or assumption: description, slider, typed value, and bounds or the error."""
    try:
        value = parse_value(p, text)
    except ControlError:
        value = p.low
    weight = "600" if changed else "400"
    with solara.Column(gap="0px", classes=["ex-param", f"ex-param-{slug(p.name)}"],
                       style={"padding-bottom": "6px",
                              "border-bottom": "1px solid #eee"}):
        solara.Text(p.description_in(lang), style={**SMALL, "font-weight": weight})
        with solara.Row(gap="10px", style={"align-items": "center"}):
            slider = solara.v.Slider(v_model=value, min=p.low, max=p.high,
                                     step=slider_step(p), dense=True, hide_details=True,
                                     class_=f"ex-slider-{slug(p.name)}",
                                     style_="flex: 1 1 auto; min-width: 120px")
            solara.v.use_event(slider, "change",
                               lambda _w, _e, v: on_text(p.name, format_value(v, lang)))
            solara.InputText("", value=text, on_value=lambda s: on_text(p.name, s),
                             error=error is not None, dense=True, hide_details=True,
                             classes=[f"ex-input-{slug(p.name)}"],
                             style={"max-width": "110px"})
        if error is not None:
            solara.Text(labels.error_text(error, lang),
                        classes=["ex-error", f"ex-error-{slug(p.name)}"],
                        style={**SMALL, "color": ERROR_COLOR})
        else:
            solara.Text(labels.hint(p, lang), style={**SMALL, "color": "#666"})


def shown_text(p: Param, drafts: dict[str, str], start: str, lang: str) -> str:
    """What a control shows: the text typed, else the start scenario's value."""
    if p.name in drafts:
        return drafts[p.name]
    return format_value(scenario_value(p.name, start), lang)


def _badge(text: str, color: str) -> solara.Element:
    return solara.v.Chip(children=[text], x_small=True, color=color, text_color="white",
                         class_="ml-2")


@solara.component
def SectionPanels(sections: Sequence[Section], drafts: dict[str, str], checked: Checked,
                  lang: str, on_text: Callable[[str, str], None], kind: str) -> None:
    """Expansion panels, one per section; only the open panel builds its rows."""
    opened = solara.use_reactive(None)
    changed = {**checked.lever_edits, **checked.assumption_edits}
    start = checked.setting.start
    panels = []
    for i, section in enumerate(sections):
        names = [p.name for p in section.params]
        n_changed = sum(n in changed for n in names)
        n_errors = sum(n in checked.errors for n in names)
        title = f"{labels.section_title(section, lang)} · {len(names)}"
        badges = []
        if n_changed:
            badges.append(_badge(t("ex_changed", lang, n=n_changed), "primary"))
        if n_errors:
            badges.append(_badge(t("ex_to_fix", lang, n=n_errors), "error"))
        header = [solara.Row(children=[solara.Text(title), *badges], gap="4px",
                             style={"align-items": "center", "flex": "0 1 auto"})]
        rows = []
        if opened.value == i:
            rows = [solara.Column(gap="10px", children=[
                ParamRow(p, shown_text(p, drafts, start, lang), checked.errors.get(p.name),
                         p.name in changed, lang, on_text) for p in section.params])]
        panels.append(solara.v.ExpansionPanel(
            class_=f"ex-panel-{kind}-{section.key}",
            children=[solara.v.ExpansionPanelHeader(children=header, class_="py-1"),
                      solara.v.ExpansionPanelContent(children=rows)]))
    solara.v.ExpansionPanels(v_model=opened.value, on_v_model=opened.set, accordion=True,
                             flat=True, children=panels)


@solara.component
def Choice(label: str, value: Any, items: Sequence[tuple[Any, str]],
           on_value: Callable[[Any], None], css: str, width: str = "") -> None:
    """A drop-down list of (value, text) items (``width``: a CSS max-width)."""
    style = "margin-bottom: 12px" + (f"; max-width: {width}" if width else "")
    solara.v.Select(label=label, v_model=value, on_v_model=on_value, dense=True,
                    hide_details=True, class_=css, style_=style,
                    items=[{"value": v, "text": text} for v, text in items])


@solara.component
def Heading(text: str) -> None:
    """A section heading (plain HTML: Markdown would load KaTeX, which is not served)."""
    solara.HTML(tag="h4", unsafe_innerHTML=html.escape(text),
                style="margin: 14px 0 4px 0; font-weight: 500; font-size: 1.05rem")


@solara.component
def TypedField(label: str, text: str, error: ControlError | None, lang: str,
               on_text: Callable[[str], None], css: str) -> None:
    """A typed value (replicates, seed) with its error below it."""
    solara.InputText(label, value=text, on_value=on_text, dense=True,
                     error=labels.error_text(error, lang) if error else False,
                     classes=[css])
