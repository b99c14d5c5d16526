"""The one figure style: colour-blind-safe colours, column-width sizes, fonts and saving."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import matplotlib as mpl
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, ScalarFormatter

from airace.model.errors import InputError

# Paul Tol's "high contrast" scheme plus grey and black: distinct under protanopia,
# deuteranopia and tritanopia and in greyscale (see tests/test_figures_style.py).
BLOC_COLORS: dict[str, str] = {
    "US": "#004488",
    "EU": "#DDAA33",
    "CN": "#BB5566",
    "ROW": "#BBBBBB",
    "WORLD": "#000000",
}
BLOC_ORDER: tuple[str, ...] = ("US", "EU", "CN", "ROW", "WORLD")

# Fixed colours for the shipped scenarios (Paul Tol's "muted" scheme, the combined EU policy in
# his "bright" blue), baseline in grey. The EU policies that studies compare side by side
# (baseline, gigafactories, simplification, combined) stay apart in any colour vision
# (tests/test_robustness_figures.py).
SCENARIO_COLORS: dict[str, str] = {
    "baseline": "#777777",
    "stargate_full": "#999933",
    "openai_for_countries": "#88CCEE",
    "us_reshoring": "#44AA99",
    "export_controls_tight": "#882255",
    "export_controls_relaxed": "#CC6677",
    "eu_gigafactories": "#DDCC77",
    "eu_simplification": "#332288",
    "eu_ai_continent": "#4477AA",
    "china_push": "#AA4499",
    "taiwan_disruption": "#117733",
}
# For scenarios not listed above, in order of appearance (Paul Tol's "light" and "bright").
EXTRA_COLORS: tuple[str, ...] = (
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377",
    "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33",
)

MM = 1 / 25.4
WIDTHS: dict[str, float] = {"single": 89 * MM, "onehalf": 120 * MM, "double": 183 * MM}
DPI = 300
FORMATS: tuple[str, ...] = ("png", "pdf", "svg")
FONT_SIZE = 8.0

RC: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"],
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.titleweight": "bold",
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE - 1,
    "ytick.labelsize": FONT_SIZE - 1,
    "legend.fontsize": FONT_SIZE - 1,
    "legend.title_fontsize": FONT_SIZE,
    "legend.frameon": False,
    "figure.titlesize": FONT_SIZE + 1,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "grid.linewidth": 0.4,
    "grid.color": "#DDDDDD",
    "lines.linewidth": 1.3,
    "lines.markersize": 4,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 3,
    "ytick.major.size": 3,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "savefig.bbox": None,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "svg.hashsalt": "airace",
    "axes.formatter.use_mathtext": False,
}


class FormatError(InputError):
    """An unknown figure file format was asked for."""


def check_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """Parse 'png,pdf,svg' (or a list) into known formats, else raise FormatError."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    items = [f.strip().lower().lstrip(".") for f in items if f.strip()]
    bad = [f for f in items if f not in FORMATS]
    if bad or not items:
        raise FormatError(f"unknown figure format(s) {', '.join(map(repr, bad)) or '(none)'}; "
                          f"allowed: {', '.join(FORMATS)} (comma-separated)")
    return tuple(dict.fromkeys(items))


def bloc_color(bloc: str) -> str:
    """The fixed colour of a bloc (grey for unknown blocs)."""
    return BLOC_COLORS.get(bloc, "#777777")


def scenario_palette(scenarios: Sequence[str]) -> dict[str, str]:
    """Colours for ``scenarios``: fixed ones for the shipped scenarios, then a fixed cycle."""
    palette: dict[str, str] = {}
    spare = [c for c in EXTRA_COLORS if c not in SCENARIO_COLORS.values()]
    i = 0
    for name in scenarios:
        if name in SCENARIO_COLORS:
            palette[name] = SCENARIO_COLORS[name]
        else:
            palette[name] = spare[i % len(spare)]
            i += 1
    return palette


@contextlib.contextmanager
def context() -> Iterator[None]:
    """Apply the figure style (seaborn ticks theme plus RC) inside the block."""
    with sns.axes_style("ticks"), mpl.rc_context(RC):
        yield


def new_figure(width: str = "double", height_mm: float = 70.0) -> Figure:
    """A figure of a journal column width ('single', 'onehalf', 'double') and height in mm.

    The figure is not registered with pyplot, so it needs no GUI backend and leaks nothing.
    """
    with context():
        fig = Figure(figsize=(WIDTHS[width], height_mm * MM), layout="constrained")
    fig.get_layout_engine().set(w_pad=2 * MM, h_pad=2 * MM, wspace=0.04, hspace=0.06)
    return fig


class LocaleFormatter(ScalarFormatter):
    """ScalarFormatter that writes a decimal comma for German."""

    def __init__(self, lang: str) -> None:
        super().__init__(useOffset=False, useMathText=False)
        self.set_powerlimits((-4, 6))
        self.lang = lang

    def _swap(self, text: str) -> str:
        return text.replace(".", ",") if self.lang == "de" else text

    def __call__(self, x: float, pos: int | None = None) -> str:
        """Tick label of ``x``."""
        return self._swap(super().__call__(x, pos))

    def get_offset(self) -> str:
        """Offset or scale text of the axis."""
        return self._swap(super().get_offset())


def format_axis(axis: mpl.axis.Axis, lang: str, years: bool = False, nbins: int = 6) -> None:
    """Localised tick labels on ``axis``; whole-number ticks without separators for years
    (at most ``nbins`` intervals)."""
    if years:
        axis.set_major_locator(MaxNLocator(nbins=nbins, integer=True, steps=[1, 2, 5, 10]))
        axis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _p: f"{v:.0f}"))
    else:
        axis.set_major_formatter(LocaleFormatter(lang))


def save_figure(fig: Figure, path_stem: Path, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Save ``fig`` as path_stem.png (300 dpi) / .pdf / .svg with text kept as text.

    The page size is the figure size (a journal column width), not a tight bounding box.
    """
    path_stem.parent.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    meta = {"png": {"Software": None}, "pdf": {"CreationDate": None, "ModDate": None},
            "svg": {"Date": None}}
    with context():
        for fmt in check_formats(list(formats)):
            path = path_stem.with_suffix(f".{fmt}")
            tmp = path.with_name(f".{path.name}.tmp")
            fig.savefig(tmp, format=fmt, dpi=DPI, metadata=meta[fmt])
            tmp.replace(path)
            written[fmt] = path
    return written
