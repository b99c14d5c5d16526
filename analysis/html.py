"""Small HTML helpers of the report: escaping, tables with group rows, embedded images."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence
from pathlib import Path

MAX_SVG_BYTES = 2_000_000
_GROUP = "\x00group"


CSS = """
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45;font-size:15px}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;
border-bottom:1px solid #ccc;padding-bottom:.2rem}h3{font-size:1.05rem;margin-bottom:.3rem}
.sub{color:#555;margin-top:0}figure{margin:1.5rem 0;page-break-inside:avoid}
figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption,caption{font-size:.9rem;color:#333;text-align:left;margin:.4rem 0}
table{border-collapse:collapse;margin:.8rem 0 1.2rem;font-size:.86rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #e2e2e2;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}tr.group th{background:#fff;border-bottom:1px solid #999;padding-top:.8rem}
code{font-size:.85em;background:#f6f6f6;padding:0 .2em}.warn{color:#8a4b00}
nav ol{columns:2;font-size:.92rem}dl{display:grid;grid-template-columns:max-content auto;
gap:.2rem 1rem;font-size:.9rem}dt{font-weight:bold}dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;font-size:.8rem;background:#f6f6f6;padding:.5rem}
@media print{body{max-width:none;font-size:11pt}nav{display:none}}
"""


def esc(text: object) -> str:
    """HTML-escaped text."""
    return html.escape(str(text), quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "",
          numeric: Sequence[bool] | None = None) -> str:
    """A table; ``caption`` is HTML, cells are text; group_row() rows span all columns."""
    numeric = numeric or [False] * len(headers)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        if isinstance(row, tuple) and len(row) == 1 and str(row[0]).startswith(_GROUP):
            label = str(row[0])[len(_GROUP):]
            body.append(f'<tr class="group"><th colspan="{len(headers)}">{esc(label)}</th></tr>')
            continue
        cells = "".join(f'<td class="n">{esc(c)}</td>' if n else f"<td>{esc(c)}</td>"
                        for c, n in zip(row, numeric, strict=True))
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def group_row(label: str) -> tuple[str]:
    """A row of table() that heads a group of rows."""
    return (_GROUP + label,)


def data_uri(path: Path) -> str:
    """The file as a base64 data URI (SVG or PNG)."""
    kind = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def pick_image(folder: Path, files: dict[str, str]) -> Path | None:
    """The SVG of a figure (text stays text), or its PNG when the SVG is missing or huge."""
    svg = folder / files["svg"] if "svg" in files else None
    if svg and svg.is_file() and svg.stat().st_size <= MAX_SVG_BYTES:
        return svg
    png = folder / files["png"] if "png" in files else None
    if png and png.is_file():
        return png
    return svg if svg and svg.is_file() else None


def figure(label: str, path: Path, caption: str, name: str) -> str:
    """A figure with its image embedded and a caption starting with ``label``."""
    return (f'<figure id="fig-{esc(name)}"><img src="{data_uri(path)}" alt="{esc(label)}">'
            f"<figcaption><b>{esc(label)}:</b> {esc(caption)}</figcaption></figure>")
