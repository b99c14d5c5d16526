"""The report of an AI-race study shows the stack competition for the rest of the world
(compute on US-controlled vs. Chinese accelerators, AI-services spending by provider home)
as a table of paired scenario differences, in English and German."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from airace.analysis.i18n import t
from airace.cli import main
from airace.model.kpi_info import KPI_INFO


@pytest.mark.usefixtures("ray_local")
def test_report_has_the_stack_competition_table(tmp_path: Path, write_study: Any,
                                                airace_study: Any) -> None:
    study = airace_study(scenarios=["baseline", "openai_for_countries"],
                         fixed={"end_year": 2030}, outcomes=["*@2030"])
    path = write_study(study)
    out = tmp_path / "out"
    assert main(["study", str(path), "--out", str(out), "--lang", "en,de", "--format", "svg",
                 "--no-sensitivity"]) == 0
    for lang, name in (("en", "report.html"), ("de", "report.de.html")):
        html = (out / name).read_text(encoding="utf-8")
        caption = t("tab_stack", lang, to_baseline="", method="").split(":")[0]
        assert caption in html, lang
        for kpi in ("us_stack_share", "cn_stack_share", "row_revenue_share"):
            info = KPI_INFO[kpi]
            label = info.label_en if lang == "en" else info.label_de
            assert label in html, (lang, kpi)
