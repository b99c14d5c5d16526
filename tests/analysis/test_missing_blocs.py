"""A study that keeps only some blocs' outcomes (e.g. only EU and CN) still plots and reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from airace.cli import main


def test_plot_and_report_without_the_us_outcomes(make_results: Callable[..., Path]) -> None:
    out = make_results("no_us", with_series=False, scenarios=("baseline", "eu_gigafactories"))
    for part in sorted((out / "results").glob("part-*.parquet")):
        frame = pd.read_parquet(part)
        keep = [c for c in frame.columns if ".US@" not in c]
        assert len(keep) < len(frame.columns)
        frame[keep].to_parquet(part, index=False)
    assert main(["plot", str(out), "--lang", "de", "--format", "png"]) == 0
    figures = out / "analysis" / "figures" / "de"
    assert any(figures.glob("fan_blocs_*.png")), "the fan chart of the remaining blocs is drawn"
    assert main(["report", str(out)]) == 0
    assert (out / "report.html").stat().st_size > 0
