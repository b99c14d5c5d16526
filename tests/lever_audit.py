"""Audit of every policy lever: its one-at-a-time effect on the headline KPIs in 2030.

Each lever of the registry's policy groups is set to its registry low and high bound (all
else at the defaults, baseline scenario) on the same seeds (common random numbers); the table
gives the mean paired difference high - low of each headline KPI and marks it when a sign
test over the seeds is significant. A lever is flagged 'nil' when it moves no headline KPI
and not its own directional case (tests/test_directional.py), 'wrong sign' when its
directional case moves against the expected direction. Run:

    python -m tests.lever_audit [--out docs/lever_audit.md]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy import stats

from airace.model.parameters import REGISTRY
from tests.test_directional import ADAPTIVE, LEVER_CASES, LEVER_GROUPS, SEEDS, _q4_values

HEADLINE = ("compute_share.US", "compute_share.EU", "compute_share.CN",
            "capability_gap_months.CN", "sovereignty_index.EU", "revenue_share.EU")
YEAR = 2030
ALPHA = 0.01


def _runs(params: dict, seeds: tuple[int, ...]) -> list[dict[str, float]]:
    """Q4 values of every KPI and year (tests/test_directional.py's cached runner)."""
    return [_q4_values("baseline", {"end_year": 2030, **params}, s) for s in seeds]


def _feasible_high(name: str, high: float) -> float:
    """The registry high, or less where the fund shares of a bloc would sum above 1."""
    if name.startswith(("fund_share_compute.", "fund_share_chips.")):
        kind, bloc = name.split(".")
        other = "fund_share_chips" if kind == "fund_share_compute" else "fund_share_compute"
        return min(high, 1.0 - REGISTRY[f"{other}.{bloc}"].default)
    return high


def _significant(d: np.ndarray) -> bool:
    d = d[np.abs(d) > 1e-12]
    if len(d) < 5:
        return False
    if (d > 0).all() or (d < 0).all():
        return stats.binomtest(len(d), len(d), 0.5).pvalue < ALPHA
    return bool(stats.wilcoxon(d).pvalue < ALPHA)


def audit(seeds: tuple[int, ...]) -> list[dict]:
    """One row per lever: its bounds, the headline effects and its verdict. A lever whose
    directional case runs in adaptive policy mode (or that moves nothing in fixed mode) is
    audited in adaptive mode, where its rule acts."""
    cases = {}
    for case in LEVER_CASES:
        cases.setdefault(case.lever, case)
    rows = []
    for name, par in REGISTRY.items():
        if par.group not in LEVER_GROUPS or par.kind != "float":
            continue
        top = _feasible_high(name, par.high)
        case = cases.get(name)
        common = dict(case.common) if case is not None else {}
        row = _audit_lever(name, par.low, top, common, case, seeds)
        if row["verdict"] == "nil" and common.get("policy_mode") != "adaptive":
            row = _audit_lever(name, par.low, top, {**common, **ADAPTIVE}, case, seeds)
        rows.append(row)
    return rows


def _audit_lever(name: str, low_value: float, high_value: float, common: dict,
                 case: object, seeds: tuple[int, ...]) -> dict:
    common = {k: v for k, v in common.items() if k != name}
    low = _runs({**common, name: low_value}, seeds)
    high = _runs({**common, name: high_value}, seeds)
    effects, moved = {}, False
    for kpi in HEADLINE:
        d = np.array([h[f"{kpi}@{YEAR}"] - lo[f"{kpi}@{YEAR}"]
                      for h, lo in zip(high, low, strict=True)])
        sig = _significant(d)
        moved |= sig
        effects[kpi] = (float(d.mean()), sig)
    verdict, own = "", ""
    if case is not None and case.outcome in low[0]:
        d = np.array([h[case.outcome] - lo[case.outcome] for h, lo in zip(high, low, strict=True)])
        own = f"{case.outcome}: {d.mean():+.4g}"
        if _significant(d):
            moved = True
            if np.sign(d.mean()) != case.sign:
                verdict = "wrong sign"
    mode = "adaptive" if common.get("policy_mode") == "adaptive" else "fixed"
    return {"lever": name, "low": low_value, "high": high_value, "mode": mode,
            "effects": effects, "own": own, "verdict": verdict or ("" if moved else "nil")}


def _fmt(kpi: str, value: float, sig: bool) -> str:
    scale, digits = (100.0, 2) if "share" in kpi or "index" in kpi else (1.0, 2)
    text = f"{value * scale:+.{digits}f}"
    return f"**{text}**" if sig else text


def markdown(rows: list[dict], seeds: tuple[int, ...]) -> str:
    """The audit as a Markdown table."""
    head = ("| Lever | low → high | mode | " + " | ".join(HEADLINE)
            + " | directional case | verdict |\n|---|---|---|" + "---|" * len(HEADLINE)
            + "---|---|\n")
    body = "".join(
        f"| `{r['lever']}` | {r['low']:g} → {r['high']:g} | {r['mode']} | "
        + " | ".join(_fmt(k, *r["effects"][k]) for k in HEADLINE)
        + f" | {r['own']} | {r['verdict']} |\n" for r in rows)
    return (f"# Lever audit ({YEAR})\n\nOne lever at a time from its registry low to its high "
            f"bound, baseline scenario (with the directional test's setting where it has one; "
            f"adaptive policy mode for the rules' parameters), {len(seeds)} paired seeds "
            f"({seeds[0]}-{seeds[-1]}). Mean paired difference high − low in {YEAR}; shares and "
            "indices in percentage points, the gap in months. **Bold**: significant (sign or "
            f"Wilcoxon test, p < {ALPHA}). Generated by `python -m tests.lever_audit`.\n\n"
            + head + body)


def main() -> None:
    """Run the audit and write the Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=Path("docs/lever_audit.md"))
    args = ap.parse_args()
    text = markdown(audit(SEEDS), SEEDS)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
