"""The parameter registry: every number the model uses, with default, bounds, unit and source.

Per-bloc parameters are named ``name.BLOC`` (e.g. ``regulation.EU``). Scenarios and
studies may only set names that stand here; :func:`resolve` validates them. The English
description stands here, the German one in ``data/parameters_de.yaml`` (by name, per-bloc
parameters by their base name); :meth:`Param.description_in` picks the language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from airace.model.errors import InputError

BLOCS: tuple[str, ...] = ("US", "EU", "CN", "ROW")
GERMAN_FILE = Path(__file__).resolve().parent / "data" / "parameters_de.yaml"


class ParameterError(InputError):
    """A parameter override is unknown, of the wrong type or out of bounds."""


@dataclass(frozen=True)
class Param:
    """One model parameter: its default, admissible range, unit, meaning and source."""

    name: str
    default: float | int | str
    low: float | None = None
    high: float | None = None
    unit: str = "-"
    description: str = ""
    source: str = ""
    kind: str = "float"  # float | int | choice
    choices: tuple[str, ...] = ()
    group: str = "other"
    description_de: str = ""  # from data/parameters_de.yaml

    def description_in(self, lang: str) -> str:
        """The description in ``lang`` ('en' or 'de'); the English one when there is no
        German text."""
        return (self.description_de or self.description) if lang == "de" else self.description

    def allowed(self) -> str:
        """Human-readable statement of the admissible values."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return f"{self.kind} in [{self.low:g}, {self.high:g}] {self.unit}".rstrip()

    def validate(self, value: Any, where: str = "parameters") -> float | int | str:
        """Return ``value`` coerced to this parameter's type or raise ParameterError."""
        prefix = f"{where}: key '{self.name}'"
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                raise ParameterError(f"{prefix} = {value!r} is not allowed; {self.allowed()}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(
                f"{prefix} must be a number, got {type(value).__name__} {value!r}; "
                f"allowed: {self.allowed()}"
            )
        if self.kind == "int":
            if float(value) != int(value):
                raise ParameterError(f"{prefix} must be a whole number, got {value!r}")
            value = int(value)
        else:
            value = float(value)
        if not (self.low <= value <= self.high):
            raise ParameterError(
                f"{prefix} = {value!r} is out of bounds; allowed: {self.allowed()}")
        return value


@dataclass
class _Registry:
    params: dict[str, Param] = field(default_factory=dict)
    text_keys: set[str] = field(default_factory=set)  # keys of the German descriptions

    def add(self, p: Param) -> None:
        if p.name in self.params:
            raise RuntimeError(f"duplicate parameter {p.name}")
        if p.kind != "choice":
            lo, hi = p.low, p.high
            if lo is None or hi is None or not lo <= p.default <= hi:
                raise RuntimeError(f"default of {p.name} outside its bounds")
        self.params[p.name] = p


_R = _Registry()

EPOCH_SC = "Epoch AI, Pilz et al. 2025, 'Trends in AI supercomputers' (arXiv 2504.16026)"
EPOCH_TC = "Epoch AI, 'Training compute of frontier AI models grows by 4-5x per year' (2024)"
HO = "Ho et al. 2024, 'Algorithmic progress in language models' (arXiv 2403.05812)"
HOBB = "Hobbhahn & Besiroglu 2022, 'Trends in GPU price-performance' (Epoch AI)"
IEA = "IEA 2025, 'Energy and AI', base case"
AIINDEX = "Stanford HAI, AI Index Report 2025"
CAL = "calibrated: reproduces the 2025 stylised facts of docs/ODD.md (see docs/calibration.md)"
ASSUME = "modelling assumption, documented in docs/ODD.md; varied in sensitivity studies"


def _load_german(path: Path) -> dict[str, str]:
    """The German descriptions by parameter (base) name, whitespace normalised."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise RuntimeError(f"{path}: expected a mapping of parameter name to German text")
    return {k: " ".join(v.split()) for k, v in data.items()}


_GERMAN = _load_german(GERMAN_FILE)


def _p(name: str, default: Any, low: Any = None, high: Any = None, unit: str = "-",
       description: str = "", source: str = ASSUME, kind: str = "float",
       choices: Iterable[str] = (), group: str = "other", text_key: str | None = None,
       suffix: str = "") -> None:
    key = text_key or name
    german = _GERMAN.get(key, "")
    _R.text_keys.add(key)
    _R.add(Param(name, default, low, high, unit, description + suffix, source, kind,
                 tuple(choices), group, german + suffix if german else ""))


def _per_bloc(name: str, defaults: Mapping[str, float], low: float, high: float, unit: str,
              description: str, source: str, group: str) -> None:
    for bloc, value in defaults.items():
        _p(f"{name}.{bloc}", value, low, high, unit, description, source, group=group,
           text_key=name, suffix=f" ({bloc})")


# --- Simulation control -------------------------------------------------------------
_p("end_year", 2035, 2026, 2050, "year", "Last simulated year (quarters run to its Q4)",
   "project design: default horizon 2025Q1-2035Q4 (docs/ODD.md, 2.1)", kind="int",
   group="control")
_p("policy_mode", "fixed", kind="choice", choices=("fixed", "adaptive"),
   description="Fixed levers, or states adapt levers by their decision rules",
   source="project design: levers fixed by the scenario or adapted by the states' decision "
   "rules (docs/ODD.md, 7.1)", group="control")

# --- Hardware and compute --------------------------------------------------------------
_p("h100e_flops", 989e12, 989e12, 989e12, "FLOP/s",
   "Dense BF16 throughput of one H100-equivalent", "NVIDIA H100 SXM datasheet",
   group="technology")
_p("training_mfu", 0.4, 0.2, 0.6, "fraction", "Model FLOP utilisation in training runs",
   "Epoch AI, typical MFU of large training runs 30-50 %", group="technology")
_p("chip_price_perf_doubling_years", 2.1, 1.5, 3.5, "years",
   "Years for GPU price-performance (H100e per $) to double", HOBB, group="technology")
_p("us_chip_price_usd_k", 27.5, 20.0, 40.0, "k$/H100e",
   "2025 price of a US-vendor accelerator per H100-equivalent",
   "H100 at ~$25-30k, market prices reported 2024-25 (see docs/calibration.md)", group="markets")
_p("cn_chip_price_usd_k", 35.0, 20.0, 70.0, "k$/H100e",
   "2025 price of a Chinese accelerator per H100-equivalent (910C ~60 % of H100)",
   "Ascend 910C at ~60 % of H100 inference performance (DeepSeek tests reported by Tom's "
   "Hardware, Feb 2025; see docs/calibration.md); price assumption",
   group="markets")
_p("eu_chip_price_usd_k", 60.0, 30.0, 150.0, "k$/H100e",
   "2025 price of a European accelerator per H100-equivalent (small volumes)", ASSUME,
   group="markets")
_p("dc_capex_usd_per_w", 12.0, 6.0, 20.0, "$/W",
   "Data-centre construction and power equipment per watt of IT load",
   "industry estimates of $10-12 M per MW (assumption)", group="markets")
_p("kw_per_h100e_2025", 1.5, 1.2, 2.0, "kW/H100e",
   "Power per H100e incl. facility overhead in 2025",
   EPOCH_SC + ": xAI Colossus, 200k chips, 300 MW",
   group="technology")
_p("perf_per_watt_growth", 1.34, 1.15, 1.5, "x/year", "Improvement of performance per watt",
   EPOCH_SC, group="technology")
_p("chip_lifetime_years", 5.0, 3.0, 8.0, "years", "Mean service life of accelerators",
   ASSUME + "; hyperscaler depreciation schedules of 5-6 years", group="technology")
_p("load_factor", 0.7, 0.5, 0.95, "fraction", "Average utilisation of AI data-centre power",
   ASSUME, group="technology")

# --- Chip supply -------------------------------------------------------------------
_p("us_vendor_capacity_growth", 1.0, 0.2, 1.2, "1/year",
   "Fastest growth of US-vendor (Nvidia/AMD on TSMC) capacity: orders per quarter are at most "
   "a quarter of it times the capacity available; financed from the vendor's cash",
   "TSMC earnings call, Oct 2024: CoWoS capacity doubles in 2024 and again in 2025 and stays "
   "short of demand ((1 + 0.8/4)^4 = 2.07x/yr); Epoch AI: installed Nvidia compute grows "
   "2.3x/yr", group="markets")
_p("cn_vendor_capacity_growth", 0.8, 0.05, 1.2, "1/year",
   "Fastest growth of Chinese accelerator capacity (SMIC lines), financed from the vendor's "
   "cash; output is further bound by the HBM ceiling (cn_hbm_m_h100e_q)",
   "SemiAnalysis, 'Huawei Ascend Production Ramp' (Sep 2025): SMIC advanced-node capacity "
   "45k wafers/month end-2025, 60k 2026, 80k 2027 (~+33 %/yr); Huawei Connect (Sep 2025): "
   "Ascend 950/960/970 roadmap, compute per chip ~doubling a generation a year; together "
   "~2x/yr in H100e",
   group="markets")
_p("eu_vendor_capacity_growth", 0.3, 0.0, 1.0, "1/year",
   "Fastest growth of European accelerator capacity, financed from the vendor's cash", ASSUME,
   group="markets")
_p("chip_fund_capacity_cost", 100.0, 20.0, 300.0, "$bn per M H100e/quarter",
   "Capital cost of 1 M H100e of quarterly output in 2025 (falls with the price-performance "
   "trend), for public chip money and for vendors' own capacity orders", ASSUME,
   group="markets")
_p("chip_capacity_lead_months", 12.0, 3.0, 36.0, "months",
   "Time from a capacity order (packaging lines, fab expansions) to output",
   "TSMC: CoWoS equipment for 2026 ordered and booked in 2025 (MoneyDJ, Oct 2024); the "
   "Innolux AP8 plant bought Aug 2024 for CoWoS output from H2 2025", group="markets")
_p("vendor_cash_reserve_quarters", 1.3, 0.0, 8.0, "quarters of revenue",
   "Cash a vendor keeps after investing; the surplus is paid out (buybacks, dividends, the "
   "parent group) and leaves the model",
   "Nvidia 10-K FY2025: cash, equivalents and marketable securities $43.2 bn against revenue "
   "$130.5 bn (~1.3 quarters)", group="markets")
_p("cn_hbm_m_h100e_q", 0.12, 0.03, 0.6, "M H100e/quarter",
   "H100e per quarter the HBM open to the Chinese vendor could equip in 2025 (stockpiled "
   "Korean HBM and CXMT)",
   "SemiAnalysis, 'Huawei Ascend Production Ramp: ... HBM is the bottleneck' (Sep 2025): "
   "~13 M stockpiled HBM stacks (~1.6 M Ascend 910C), ~805k 910C made in 2025 at "
   "~0.6 H100e each: 0.805 x 0.6 / 4 = 0.12; HBM the binding input", group="markets")
_p("cn_hbm_growth", 0.7, 0.0, 1.5, "1/year",
   "Yearly growth of the HBM open to the Chinese vendor (domestic HBM, CXMT)",
   "SemiAnalysis (Sep 2025): CXMT's HBM ramp the swing factor after the stockpile runs out; "
   "the rate is an assumption, set so the stylised facts hold (world compute 2-3x/yr to "
   "2027)", group="markets")
_p("chip_contract_share", 0.8, 0.0, 1.0, "fraction",
   "Share of a buyer's last-quarter deliveries its long-term supply contracts secure first "
   "in a shortage (the rest is rationed pro rata)",
   "Nvidia 10-K FY2025: supply and capacity purchase obligations of $30.8 bn; hyperscalers' "
   "multi-year allocations in the 2023-24 H100 shortage; assumption on the share",
   group="markets")
_p("chip_markup_min", 0.65, 0.3, 1.0, "x",
   "Lowest price relative to the normal price (margin over unit cost) in a glut",
   "Nvidia 10-K FY2023: gross margin 56.9 % in the inventory glut against 72-75 % normally: "
   "(1 - 0.72) / (1 - 0.569) = 0.65", group="markets")
_p("cn_chips_barred_abroad", 1.0, 0.0, 1.0, "fraction",
   "Share of non-Chinese firms' demand barred from Chinese accelerators",
   "BIS guidance (May 2025): using Huawei Ascend chips anywhere risks violating US export "
   "controls", group="us_policy")
_p("price_adjustment_speed", 0.3, 0.05, 1.0, "-",
   "Share of the (log) gap to the market-clearing price a vendor's price closes per quarter",
   ASSUME + "; H100 street prices ~2x list within a year of the 2023 shortage",
   group="markets")
_p("export_control.US", 0.75, 0.0, 1.0, "fraction",
   "Share of China's demand for US frontier accelerators denied by US export controls",
   "BIS rules Oct 2022, Oct 2023, Dec 2024, Apr 2025 (H20 licence); assumption on level",
   group="us_policy")
_p("export_leakage", 0.2, 0.0, 0.8, "fraction",
   "Share of denied demand that still arrives (smuggling, downgraded chips, remote cloud)",
   ASSUME + "; reports of H20 sales and smuggling 2024-25", group="us_policy")
# export rules: where US rules reach foreign-made chips, the EU's own control, home priority
_p("us_rules_share_eu_vendor", 1.0, 0.0, 1.0, "fraction",
   "Share of the European vendor's output subject to US export rules (foreign direct "
   "product rule: chips made at TSMC or with US EDA tools)",
   "BIS interim final rules of 7 Oct 2022 (87 FR 62186: advanced-computing foreign direct "
   "product rule, 15 CFR 734.9(h), for 3A090 chips), 17 Oct 2023 and 2 Dec 2024; European "
   "AI accelerators are made at TSMC (SiPearl Rhea1 on N6, Axelera Metis on 12 nm) with US "
   "EDA software, so all of their output counts", group="us_policy")
_p("eu_export_control", 0.0, 0.0, 1.0, "fraction",
   "Share of Chinese labs' orders for the European vendor's chips denied by EU export "
   "controls (before leakage)",
   "Regulation (EU) 2021/821 (dual-use): no EU-wide licence requirement for AI accelerators "
   "to China as of 2025, hence 0; the lever asks what one would do", group="eu_policy")
_p("eu_chip_home_priority", 0.0, 0.0, 1.0, "fraction",
   "Share of the European vendor's (publicly funded) output offered first to EU labs",
   "EU Chips Act, Regulation (EU) 2023/1781, Art. 26: priority-rated orders for publicly "
   "supported facilities only once the crisis stage is activated, so none in normal times "
   "(0); the lever asks what programme conditions of home priority would do",
   group="eu_policy")
_p("cn_mineral_restriction", 0.5, 0.0, 1.0, "fraction",
   "China's export limits on gallium/germanium/antimony/rare earths",
   "MOFCOM, Announcement No. 46 of 2024 (2024-12-03): export ban on gallium, germanium and "
   "antimony to the USA", group="cn_policy")
_p("mineral_chip_cost_impact", 0.06, 0.0, 0.3, "fraction",
   "Rise of non-Chinese chip costs at full mineral restriction", ASSUME, group="markets")
_p("reshoring_share_2030", 0.15, 0.0, 0.9, "fraction",
   "Share of US-vendor output made outside Taiwan by 2030 (ramps linearly from 2025)",
   "TSMC Arizona ramp; boerse-global.de, 'OpenAI sucht US-Partner für milliardenschwere "
   "AI-Infrastruktur', 2026-01-15; see docs/calibration.md", group="us_policy")
_p("reshoring_cost_premium", 0.2, 0.0, 0.6, "fraction",
   "Extra cost of chips made outside Taiwan", ASSUME + "; US fab cost studies", group="markets")
_p("reshoring_workforce_draw", 0.1, 0.0, 0.5, "fraction",
   "Share of US data-centre construction workforce absorbed per unit of reshoring",
   "boerse-global.de, 'OpenAI sucht US-Partner für milliardenschwere AI-Infrastruktur', "
   "2026-01-15: infrastructure plans could bind ~20 % of US skilled trades", group="us_policy")

# --- Shocks ------------------------------------------------------------------------
_p("taiwan_disruption_prob_per_year", 0.02, 0.0, 0.3, "1/year",
   "Yearly probability of a Taiwan supply disruption", ASSUME, group="shocks")
_p("taiwan_disruption_year", 0, 0, 2050, "year",
   "Year (Q1) of a forced Taiwan disruption; 0 = none forced (random only)", ASSUME,
   kind="int", group="shocks")
_p("taiwan_supply_loss", 0.8, 0.2, 1.0, "fraction",
   "Share of Taiwan-made accelerator output lost in a disruption", ASSUME, group="shocks")
_p("taiwan_recovery_years", 2.0, 0.5, 6.0, "years", "Time for output to recover linearly",
   ASSUME, group="shocks")
_per_bloc("breakthrough_prob_per_year", {"US": 0.1, "EU": 0.05, "CN": 0.1, "ROW": 0.03},
          0.0, 1.0, "1/year", "Yearly probability of an efficiency breakthrough",
          "DeepSeek-V3/R1 (2025) as the reference event; assumption", "technology")
_p("breakthrough_size_oom", 0.2, 0.05, 1.0, "OOM",
   "Jump of algorithmic efficiency in a breakthrough (orders of magnitude)", ASSUME,
   group="technology")
_p("breakthrough_spillover", 0.8, 0.0, 1.0, "fraction",
   "Share of a breakthrough other labs adopt once it is published (after the diffusion lag)",
   "DeepSeek-V3/R1 techniques (MoE, MLA, RL reasoning) published and adopted in 2025; "
   "assumption on size", group="technology")
_p("energy_shock_sigma", 0.08, 0.0, 0.3, "log-sd/quarter",
   "Volatility of electricity-price shocks", ASSUME, group="shocks")
_p("energy_shock_persistence", 0.8, 0.0, 0.99, "-", "AR(1) persistence of energy shocks",
   ASSUME, group="shocks")
_p("demand_shock_persistence", 0.8, 0.0, 0.99, "-", "AR(1) persistence of demand shocks",
   ASSUME, group="shocks")
_p("demand_shock_sigma", 0.05, 0.0, 0.3, "log-sd/quarter",
   "Volatility of AI-services demand shocks", ASSUME, group="shocks")

# --- Power and construction -----------------------------------------------------------
_per_bloc("grid_gw_per_year", {"US": 7.5, "EU": 0.8, "CN": 2.0, "ROW": 1.2}, 0.1, 60.0,
          "GW/year", "Grid capacity that can be connected to data centres per year",
          IEA + " (implied by 2024-2030 data-centre load growth, less the off-grid part "
          "offgrid_gw_per_year)", "energy")
_per_bloc("workforce_gw_per_year", {"US": 12.5, "EU": 3.0, "CN": 10.0, "ROW": 4.0}, 0.1,
          60.0, "GW/year", "Data-centre capacity the skilled workforce can build per year",
          "boerse-global.de, 2026-01-15: OpenAI's 10 GW could bind ~20 % of US skilled trades "
          "(see docs/calibration.md); assumption elsewhere",
          "energy")
_per_bloc("offgrid_gw_per_year", {"US": 0.1, "EU": 0.2, "CN": 0.1, "ROW": 0.2}, 0.0, 30.0,
          "GW/year", "Scale of behind-the-meter (off-grid) generation for data centres where the "
          "grid is full: each such GW ordered in a year raises its premium per watt e-fold "
          "(scarce turbines and permits; 0 = no off-grid option)",
          "xAI Colossus, Memphis: ~0.4 GW of on-site gas turbines within months (2024-25); "
          "Stargate Abilene: 0.36 GW on-site gas (Crusoe, 2025); the three large turbine makers "
          "deliver ~60 GW/yr in all with multi-year backlogs (GE Vernova, Siemens Energy, "
          "2025 reports); assumption on the share open to data centres", "energy")
_per_bloc("offgrid_premium_usd_per_w", {"US": 1.5, "EU": 2.5, "CN": 1.0, "ROW": 1.2}, 0.0, 6.0,
          "$/W", "Extra capex per watt of off-grid generation over a grid connection",
          "EIA 2025, 'Capital Cost and Performance Characteristics for Utility-Scale Electric "
          "Power Generating Technologies': simple-cycle gas turbines ~$0.9-2.4 k/kW (higher "
          "with 2025 turbine prices); EU higher for gas prices and permits (assumption)",
          "energy")
_per_bloc("offgrid_lead_months", {"US": 6.0, "EU": 12.0, "CN": 6.0, "ROW": 6.0}, 3.0, 36.0,
          "months", "Time from ordering off-grid generation to power on line",
          "xAI Colossus: mobile turbines in ~4 months (2024); frame turbines 3-5 years of "
          "backlog (GE Vernova, 2025); 6 months for the mobile and aeroderivative units used "
          "so far, 12 in the EU for permits (assumption)", "energy")
_p("buildout_growth", 0.0, -0.1, 0.4, "1/year",
   "Yearly growth of grid and workforce build-out limits", ASSUME, group="energy")
_per_bloc("energy_price_usd_mwh", {"US": 60.0, "EU": 110.0, "CN": 55.0, "ROW": 70.0}, 20.0,
          300.0, "$/MWh", "Industrial electricity price for data centres",
          "IEA/Eurostat industrial prices 2024 (rounded)", "energy")
_per_bloc("conventional_dc_growth", {"US": 0.02, "EU": 0.04, "CN": 0.17, "ROW": 0.06}, -0.05,
          0.3, "1/year", "Growth of conventional (non-AI) data-centre electricity",
          IEA + "; " + CAL, "energy")

# --- Capability ------------------------------------------------------------------------
_p("algo_halving_months", 8.0, 5.0, 14.0, "months",
   "Months for the compute needed at fixed performance to halve", HO, group="technology")
_p("diffusion_rate", 0.15, 0.0, 0.5, "1/quarter",
   "Share of a lab's gap to the diffused frontier closed per quarter (open weights, "
   "distillation)", "Epoch AI: China ~7 months behind in capability, ~2 years in compute; " + CAL,
   group="technology")
_p("distillation_share", 1.0, 0.0, 1.0, "fraction",
   "Share of diffusion that transfers capability directly (distillation, open weights used as "
   "they are); the rest spreads algorithmic ideas that still need the lab's own compute "
   "(1 = capability diffuses, 0 = only ideas do)",
   "contested: OpenAI said in Jan. 2025 it had evidence DeepSeek distilled its models "
   "(Financial Times, 29 Jan. 2025), while Epoch AI finds compute the main driver of "
   "capability; the default keeps the calibrated 2025 facts, vary it (docs/ODD.md)",
   group="technology")
_p("diffusion_lag_months", 6.0, 0.0, 18.0, "months",
   "Age of the frontier knowledge that has diffused (open-weight releases, papers, distillation)",
   "Epoch AI: open-weight models trail the closed frontier by months to a year; " + CAL,
   group="technology")
_p("frontier_share_growth", 2.2, 1.0, 3.0, "x/year",
   "Growth of the share of a lab's compute used in its largest training run",
   EPOCH_TC + " vs 2.3x/yr installed compute", group="technology")
_p("frontier_share_max_multiple", 4.5, 1.0, 10.0, "x",
   "Upper limit of a lab's largest-run share as a multiple of its 2025 share "
   "(and never above all its compute)", ASSUME,
   group="technology")
_p("frontier_oom_per_year", 1.1, 0.6, 1.6, "OOM/year",
   "Reference pace of frontier progress before 2025, used to date capabilities below the "
   "2025 frontier (4.5x training compute x 2.8x algorithms per year)", EPOCH_TC + "; " + HO,
   group="technology")
_p("training_compute_growth_ref", 4.5, 3.0, 6.0, "x/year",
   "Reference growth of frontier training compute, used to express compute lags in years",
   EPOCH_TC, group="technology")
_p("efficiency_research_elasticity", 0.5, 0.0, 1.0, "-",
   "Elasticity of algorithmic progress to the efficiency share of R&D", ASSUME,
   group="technology")
_p("constraint_efficiency_shift", 0.3, 0.0, 1.0, "-",
   "How far a chip-constrained lab shifts R&D from scaling to efficiency", ASSUME
   + "; DeepSeek's response to export controls", group="technology")
_p("research_compute_elasticity", 0.15, 0.0, 0.5, "-",
   "Elasticity of a lab's algorithmic progress to its compute relative to the largest lab's "
   "(experiments need compute)", ASSUME + "; Ho et al. 2024 discuss compute-dependence of "
   "algorithmic progress", group="technology")

# --- Talent: top AI researchers as a stock that moves between blocs (agents/talent.py) --
MACROPOLO = ("MacroPolo (Paulson Institute), 'The Global AI Talent Tracker 2.0' (2023; "
             "NeurIPS 2022 authors)")
_p("talent_money_elasticity", 0.45, 0.0, 2.0, "-",
   "Elasticity of the number of top AI researchers a bloc attracts to its AI R&D money "
   "(private R&D plus public talent money)",
   "Akcigit, Baslandze & Stantcheva 2016, 'Taxation and the International Mobility of "
   "Inventors' (AER): elasticity ~1 for foreign, ~0.03 for domestic superstar inventors; "
   "weighted by the 42 % of top AI researchers working outside their country of origin "
   "(" + MACROPOLO + "): 0.42 x 1 + 0.58 x 0.03 = 0.45", group="technology")
_p("talent_compute_elasticity", 0.2, 0.0, 1.0, "-",
   "Elasticity of the number of top AI researchers a bloc attracts to its own labs' "
   "installed compute (relative to 2025)",
   ASSUME + "; access to compute is a stated draw of frontier labs for researchers, no "
   "published elasticity", group="technology")
_p("talent_mobility", 0.15, 0.01, 0.5, "1/year",
   "Share of top AI researchers who reconsider in which bloc to work each year",
   MACROPOLO + ": the share working outside their country of origin fell from 55 % to 42 % "
   "and the US share of top-tier researchers from 59 % to 42 % between 2019 and 2022; "
   "assumption within that pace", group="technology")
_p("talent_research_elasticity", 0.5, 0.0, 1.0, "-",
   "Elasticity of a bloc's algorithmic progress to its share of top AI researchers "
   "(relative to 2025)",
   "Jones 1995, 'R&D-Based Models of Economic Growth' (JPE): ideas ~ researchers^lambda, "
   "lambda < 1 for duplication; Bloom, Jones, Van Reenen & Webb 2020, 'Are Ideas Getting "
   "Harder to Find?' (AER); assumption 0.5", group="technology")
_per_bloc("private_ai_rd_usd_bn", {"US": 110.0, "EU": 8.0, "CN": 15.0, "ROW": 12.0}, 1.0,
          500.0, "$bn/year",
          "Private AI R&D spending, held at its 2025 level; public talent money counts in "
          "proportion to what it adds to it",
          "Stanford HAI, AI Index Report 2025: private AI investment 2024 US $109.1 bn, China "
          "$9.3 bn (plus its platforms' in-house AI R&D, assumption), UK $4.5 bn; EU and the "
          "rest of the world assumed from the same report's country figures", "technology")

# --- AI services market -----------------------------------------------------------------
_p("ai_demand_2025_usd_bn", 80.0, 30.0, 200.0, "$bn/year",
   "Global spending on frontier AI services in 2025",
   "OpenAI ~$13 bn, Anthropic ~$5 bn 2025 revenue run-rates plus cloud AI services; assumption",
   group="markets")
_p("ai_demand_max_usd_bn", 4000.0, 1000.0, 15000.0, "$bn/year",
   "Saturation level of global AI-services spending", ASSUME, group="markets")
_p("demand_capability_elasticity", 0.18, 0.05, 0.6, "log10 per OOM",
   "Growth of AI-services demand per order of magnitude of frontier capability", CAL,
   group="markets")
_p("choice_capability_weight", 2.5, 0.5, 8.0, "1/OOM",
   "Weight of capability in customers' discrete choice of provider", ASSUME, group="markets")
_p("local_presence_weight", 1.5, 0.0, 8.0, "utils",
   "Customers' preference for a provider per unit of its share of the compute installed in "
   "their region, relative to 2025 (data residency, latency, in-country partnerships)",
   ASSUME + "; OpenAI for Countries (OpenAI, May 2025) offers in-country data centres for "
   "data sovereignty and localised models, and OpenAI's data residency in Europe (Feb 2025) "
   "answers public and regulated customers who require local hosting", group="markets")
_per_bloc("home_preference", {"US": 0.5, "EU": 0.3, "CN": 1.0, "ROW": 0.0}, 0.0, 3.0, "utils",
          "Customers' preference for providers from their own bloc", ASSUME, "markets")
_p("sovereignty_preference.EU", 0.3, 0.0, 3.0, "utils",
   "Extra preference of EU customers for EU providers (sovereignty demand)", ASSUME,
   group="eu_policy")
_p("cn_blocks_us_services", 1.0, 0.0, 1.0, "fraction",
   "Share of the Chinese market closed to US AI services",
   "Great Firewall: US AI services such as ChatGPT are not offered in mainland China",
   group="cn_policy")
_p("us_restricts_cn_services", 0.5, 0.0, 1.0, "fraction",
   "Share of the US market closed to Chinese AI services", ASSUME, group="us_policy")
_p("eu_restricts_cn_services", 0.3, 0.0, 1.0, "fraction",
   "Share of the EU market closed to Chinese AI services (data-protection bans, procurement)",
   "Italian Garante blocked DeepSeek (Jan 2025); government-device bans; assumption on level",
   group="eu_policy")
_p("opex_share", 0.6, 0.2, 0.9, "fraction",
   "Share of AI revenue spent on serving, staff and other operating costs", ASSUME,
   group="markets")
_p("capex_spend_rate", 0.5, 0.1, 1.0, "1/quarter",
   "Share of available cash a lab commits to capex each quarter", ASSUME, group="markets")

_p("cash_flow_growth", 0.3, -0.2, 0.6, "1/year",
   "Growth of the capital firms receive from parent or partner businesses (hyperscalers)",
   "hyperscaler capex $246 bn (2024) -> $350-400 bn (2025 guidance); assumption beyond",
   group="markets")
_p("siting_home_preference", 3.0, 0.0, 6.0, "utils",
   "Firms' preference for building data centres at home", ASSUME, group="markets")
_p("siting_energy_weight", 1.5, 0.0, 5.0, "utils per $100/MWh",
   "Weight of the electricity price in siting decisions", ASSUME, group="energy")
_p("siting_subsidy_weight", 3.0, 0.0, 10.0, "utils per capex share",
   "Weight of public co-financing in siting decisions", ASSUME, group="public_funds")
_p("vendor_price_weight", 3.0, 0.0, 10.0, "utils per log price",
   "Weight of price per H100e in the choice of chip vendor", ASSUME, group="markets")
_p("vendor_home_preference", 0.5, 0.0, 3.0, "utils",
   "Firms' preference for chips from a vendor of their own bloc (self-reliance, sovereignty)",
   ASSUME, group="markets")
_p("initial_power_headroom", 0.4, 0.0, 1.0, "fraction",
   "Data-centre power under construction in 2025Q1 (energised during 2025), relative to the "
   "AI load", ASSUME + "; Stargate Abilene, Colossus and hyperscaler pipelines 2025",
   group="energy")

# --- Regulation and incidents -----------------------------------------------------------
_per_bloc("regulation", {"US": 0.2, "EU": 0.7, "CN": 0.6, "ROW": 0.3}, 0.0, 1.0, "index",
          "Regulation stringency (0 none, 1 strictest)",
          "EU AI Act (GPAI duties from Aug 2025); US deregulation 2025; China content rules",
          "regulation")
_p("compliance_fixed_cost_usd_bn", 0.1, 0.0, 1.0, "$bn/quarter",
   "Fixed quarterly cost of complying with a market's rules at stringency 1", ASSUME,
   group="regulation")
_p("compliance_variable_cost", 0.05, 0.0, 0.3, "fraction",
   "Compliance cost as share of the market's revenue at stringency 1",
   "AI Act fines up to 7 % of turnover bound the stake; assumption", group="regulation")
_p("compliance_delay_months", 6.0, 0.0, 18.0, "months",
   "Time-to-market delay at stringency 1 for a firm that complies late: it offers the market "
   "older models, losing share there, and the market's customers spend less",
   "under EU digital rules Apple Intelligence reached the EU on 2025-03-31, five months "
   "after the US (Apple newsroom, 2024-06-21: delay over the DMA), Google Bard on 2023-07-13, "
   "four months after the US (GDPR review); assumption on the scaling with stringency",
   group="regulation")
_per_bloc("compliance_home_head_start", {"US": 1.0, "EU": 1.0, "CN": 0.0, "ROW": 1.0}, 0.0,
          1.0, "fraction",
          "Share of the market's time-to-market delay its home firms avoid (they build for "
          "their home rules from the start; foreign firms comply late)",
          "EU: Mistral's Le Chat was available in the EU from its launch (Feb 2024) while Meta "
          "withheld its multimodal Llama models from the EU (Axios, 2024-07-17) and Apple "
          "Intelligence came five months late; CN 0: the CAC's Interim Measures for generative "
          "AI (Aug 2023) make domestic firms file before launch - Baidu's Ernie Bot, shown in "
          "March 2023, opened to the public on 2023-08-31; US and ROW: no pre-launch approval "
          "(assumption)",
          "regulation")
_p("regulation_risk_premium", 1.0, 0.0, 4.0, "utils",
   "Investors' penalty on firms per unit of the regulation of the markets they serve "
   "(weighted by the firm's revenue there; home regulation before its first sales)", ASSUME,
   group="regulation")
_p("regulation_incident_reduction", 0.5, 0.0, 0.9, "fraction",
   "Fall of the incident hazard at stringency 1", ASSUME, group="regulation")
_p("incident_rate_2025", 1.0, 0.1, 10.0, "1/year",
   "Incident rate of a bloc at the 2025 frontier without regulation", ASSUME,
   group="regulation")
_p("incident_capability_elasticity", 0.15, 0.0, 1.0, "log10 per OOM",
   "Growth of incident hazard per order of magnitude of deployed capability", ASSUME,
   group="regulation")
_p("concern_decay", 0.8, 0.0, 0.99, "1/quarter",
   "Persistence of public concern and of the distrust an incident leaves on its provider",
   ASSUME, group="regulation")
_p("incident_trust_penalty", 0.1, 0.0, 1.0, "utils",
   "Customers' utility penalty on a provider per incident attributed to it (decaying with "
   "concern_decay)",
   "reasoned: one incident costs a provider about 10 % of its demand in the next quarter, "
   "fading over about a year; cases: ChatGPT's data leak of March 2023 led to Italy's "
   "month-long ban (Garante, 2023-03-30); DeepSeek's data-security findings led to its "
   "removal from app stores in Italy and South Korea (Feb 2025)", group="regulation")

# --- Capital -------------------------------------------------------------------------
_per_bloc("private_inflow_usd_bn", {"US": 55.0, "EU": 4.0, "CN": 9.3, "ROW": 12.0}, 0.0,
          600.0, "$bn/year",
          "Private capital for frontier-model and compute firms raised by the bloc's investors",
          AIINDEX + " (2024: US $109.1 bn, China $9.3 bn, UK $4.5 bn); for the US ~55 % assumed "
          "to reach frontier-model and compute firms besides Stargate; Gulf funds assumption",
          "capital")
_p("private_inflow_growth", 0.15, -0.3, 0.6, "1/year", "Growth of private inflows", ASSUME,
   group="capital")
_p("investor_deploy_rate", 0.6, 0.1, 1.0, "1/quarter",
   "Share of an investor's undeployed capital placed each quarter", ASSUME, group="capital")
_p("investor_home_bias", 1.5, 0.0, 4.0, "utils",
   "Investors' preference for firms of their home bloc", ASSUME, group="capital")
_p("investor_capability_weight", 1.0, 0.0, 4.0, "utils per OOM",
   "Weight of a firm's capability relative to the frontier in investors' allocation", ASSUME,
   group="capital")
_p("investor_return_weight", 1.0, 0.0, 4.0, "utils per log revenue",
   "Weight of (log) revenue momentum in return-seekers' allocation", ASSUME, group="capital")
_p("us_outbound_restriction", 1.0, 0.0, 1.0, "fraction",
   "Share of US and allied capital barred from Chinese AI firms",
   "US outbound investment rule (Jan 2025)", group="us_policy")
_p("stargate_initial_usd_bn", 50.0, 0.0, 150.0, "$bn",
   "Stargate capital deployed in the first year", "Stargate: $100 bn immediately (announced)",
   group="capital")
_p("stargate_total_usd_bn", 250.0, 0.0, 600.0, "$bn",
   "Stargate capital deployed over its programme",
   "Stargate: $500 bn over four years announced, >$400 bn committed by Sept 2025",
   group="capital")
_p("stargate_years", 4.0, 1.0, 8.0, "years", "Length of the Stargate programme",
   "Stargate announcement Jan 2025", group="capital")
_per_bloc("state_fund_usd_bn", {"US": 0.0, "EU": 2.0, "CN": 1.64, "ROW": 1.0}, 0.0, 100.0,
          "$bn/year", "Equity invested by state AI funds per year",
          "China National AI Industry Investment Fund RMB 60 bn (~$8.2 bn) over ~5 years; "
          "EU InvestAI; India AI Mission and UK Sovereign AI (ROW)", "capital")

# --- Capital: returns and the cost of capital (docs/ODD.md 7.2, 7.3) -------------------
DAMODARAN = ("Damodaran, 'Cost of Equity and Capital (US)', Jan 2026 data "
             "(pages.stern.nyu.edu/adamodar/New_Home_Page/datafile/wacc.html)")
HYPERSCALER_10K = ("10-K filings 2024: operating cash flow / capex Microsoft (FY24) $118.5 / "
                   "44.5 bn, Alphabet $125.3 / 52.5 bn, Meta $91.3 / 39.2 bn, Amazon $115.9 / "
                   "83.0 bn (capex 49 % of operating cash flow in sum)")
_p("cost_of_equity", 0.10, 0.05, 0.20, "1/year",
   "Return equity investors require from AI firms (nominal, US$)",
   DAMODARAN + ": software and semiconductor sectors' cost of equity about 9-11 %",
   group="capital")
_p("cost_of_debt", 0.04, 0.01, 0.12, "1/year",
   "After-tax cost of AI firms' borrowing (bonds, data-centre project finance)",
   DAMODARAN + ": after-tax cost of debt about 4 % for most US sectors", group="capital")
_p("debt_share", 0.1, 0.0, 0.7, "fraction",
   "Share of debt in the financing of AI capex (weight of the cost of debt in the WACC)",
   DAMODARAN + ": debt below ~15 % of capital in software and semiconductors; rising with "
   "data-centre project finance (Meta's $27 bn Hyperion financing, Oct 2025)",
   group="capital")
_p("return_horizon_years", 5.0, 1.0, 8.0, "years",
   "Years over which firms and investors extrapolate AI revenue growth when they value new "
   "capex (the capital must earn its cost within about its service life)",
   "hyperscalers depreciate servers over 5-6 years (Microsoft, Alphabet, Meta 10-Ks 2024); "
   "Sequoia (Cahn 2024), 'AI's $600B question': capex must be earned back by end-user "
   "revenue; horizon below the service life as expectations discount the far future",
   group="capital")
_p("expected_revenue_growth_2025", 0.7, 0.0, 2.0, "1/year",
   "AI revenue growth (log per year) firms and investors expect in 2025Q1",
   "OpenAI revenue ~$3.7 bn (2024) -> ~$13 bn (2025), Anthropic run-rate ~$1 bn -> ~$5 bn "
   "(company statements, press reports 2025): log growth 1.2-1.6 for the leaders; market "
   "AI-services growth lower; value chosen within", group="capital")
_p("expectation_adjustment", 0.15, 0.02, 1.0, "1/quarter",
   "Speed at which expected revenue growth adapts to realised growth (adaptive expectations)",
   ASSUME, group="capital")
_p("own_return_weight", 0.5, 0.0, 1.0, "fraction",
   "Weight of a lab's own profit rate (against the whole AI sector's) in the return it "
   "expects on its capital; the rest reflects the sector's prospects", ASSUME,
   group="capital")
_p("capex_return_elasticity", 1.0, 0.0, 3.0, "-",
   "Elasticity of capex, parents' funding and private inflows to the ratio of expected "
   "return to the cost of capital (Tobin's q); 0 switches the return channel off",
   ASSUME + "; hyperscaler capex / operating cash flow rose from 0.49 (2024) to about 0.6-0.7 "
   "(2025 guidance) as AI revenue grew (" + HYPERSCALER_10K + ")", group="capital")
_p("return_response_cap", 1.0, 1.0, 4.0, "-",
   "Highest Tobin's q that still raises labs' capex pace and parents' and private investors' "
   "funding: 1 means returns above the cost of capital keep the 2025 pace and trends, "
   "higher values let a boom accelerate them", ASSUME + "; 1 keeps the 2025 calibration of "
   "docs/calibration.md", group="capital")
_p("liquidity_buffer_quarters", 2.0, 0.0, 8.0, "quarters",
   "Cash a lab keeps beyond this quarter's capex, in quarters of its capex budget; the rest "
   "goes back to parents and shareholders (buybacks, dividends)",
   "hyperscalers return their cash beyond needs: buybacks and dividends 2024 Alphabet "
   "$70 bn, Meta $35 bn, Microsoft $40 bn (10-K filings 2024); level assumption",
   group="capital")

# --- Public funds ----------------------------------------------------------------------
_per_bloc("public_budget_usd_bn", {"US": 10.0, "EU": 5.0, "CN": 15.0, "ROW": 3.0}, 0.0,
          200.0, "$bn/year", "Yearly public AI budget (compute, chips, talent)",
          "CHIPS Act (~$39 bn incentives over 5 years); EuroHPC AI Factories; China Big Fund III",
          "public_funds")
_per_bloc("fund_share_compute", {"US": 0.1, "EU": 0.5, "CN": 0.4, "ROW": 0.5}, 0.0, 1.0,
          "fraction", "Share of the public budget co-financing data centres", ASSUME,
          "public_funds")
_per_bloc("fund_share_chips", {"US": 0.7, "EU": 0.3, "CN": 0.5, "ROW": 0.2}, 0.0, 1.0,
          "fraction", "Share of the public budget for domestic chip capacity", ASSUME,
          "public_funds")
_per_bloc("cofinance_share", {"US": 0.2, "EU": 0.33, "CN": 0.3, "ROW": 0.2}, 0.0, 0.9,
          "fraction", "Share of a home data centre's capex a public compute fund covers",
          "EU InvestAI: the fund covers about a third of a gigafactory's capex", "public_funds")
_p("partner_cofinance_usd_bn", 2.0, 0.0, 150.0, "$bn/year",
   "Partner states' co-financing of US-stack data centres on their soil (ROW)",
   "OpenAI, 'Introducing OpenAI for Countries' (2025-05-07); Stargate UAE (2025-05-22) and "
   "Stargate Norway (2025-07-31); see docs/calibration.md", group="us_policy")

# --- Adaptive policy rules ----------------------------------------------------------------
_p("ec_gap_threshold_months", 6.0, 0.0, 36.0, "months",
   "Adaptive USA: tighten export controls while China is fewer months behind than this",
   ASSUME, group="us_policy")
_p("ec_step", 0.05, 0.0, 0.3, "per quarter", "Adaptive USA: export-control change per quarter",
   ASSUME, group="us_policy")
_p("eu_share_target_multiple", 3.0, 1.0, 10.0, "x",
   "Adaptive EU: target multiple of the EU's 2025 share of world compute by the target year",
   "OpenAI, EU Economic Blueprint (Apr 2025): tripling of European compute by 2030 (see "
   "docs/calibration.md); read as a share because world compute itself grows ~2x a year",
   group="eu_policy")
_p("eu_target_year", 2030, 2026, 2040, "year", "Adaptive EU: year of the capacity target",
   "OpenAI, EU Economic Blueprint (Apr 2025): tripling by 2030", kind="int",
   group="eu_policy")
_p("eu_fund_step", 0.1, 0.0, 0.5, "per quarter",
   "Adaptive EU: relative rise of the EU's public AI budget while behind its target", ASSUME,
   group="eu_policy")
_p("eu_fund_max_multiple", 4.0, 1.0, 10.0, "x",
   "Adaptive EU: upper limit of the public AI budget relative to the scenario's", ASSUME,
   group="eu_policy")
_p("eu_dereg_gap_months", 18.0, 0.0, 60.0, "months",
   "Adaptive EU: ease regulation while the EU trails the leader by more than this", ASSUME,
   group="eu_policy")
_p("regulation_step", 0.02, 0.0, 0.2, "per quarter",
   "Adaptive states: regulation change per quarter under pressure", ASSUME,
   group="regulation")
_p("incident_regulation_response", 0.03, 0.0, 0.3, "per unit of concern",
   "Adaptive states: regulation above its base level per unit of public concern "
   "(incidents at home, decaying)", ASSUME, group="regulation")

REGISTRY: dict[str, Param] = _R.params
# The keys data/parameters_de.yaml may and must have: names, per-bloc parameters by base name
GERMAN_KEYS: frozenset[str] = frozenset(_R.text_keys)
START_YEAR = 2025


def quarters_until(end_year: int) -> int:
    """Number of quarters from 2025Q1 to the Q4 of ``end_year``."""
    return (int(end_year) - START_YEAR + 1) * 4


def defaults() -> dict[str, float | int | str]:
    """All parameters at their defaults."""
    return {k: p.default for k, p in REGISTRY.items()}


def validate_overrides(overrides: Mapping[str, Any], where: str = "parameters"
                       ) -> dict[str, float | int | str]:
    """Validate a mapping of overrides against the registry (each value, and the fund split
    laid over the defaults); return coerced values."""
    out = _validate_values(overrides, where)
    _check_constraints({**defaults(), **out}, where)
    return out


def _validate_values(overrides: Mapping[str, Any], where: str) -> dict[str, float | int | str]:
    """Each key known and each value valid (bounds, type); coerced values."""
    if not isinstance(overrides, Mapping):
        raise ParameterError(f"{where}: expected a mapping of parameter names to values, "
                             f"got {type(overrides).__name__}")
    out: dict[str, float | int | str] = {}
    for key, value in overrides.items():
        if key not in REGISTRY:
            raise ParameterError(
                f"{where}: unknown parameter '{key}'"
                f"{_suggest(str(key))}; run 'airace params' for the list")
        out[key] = REGISTRY[key].validate(value, where)
    return out


def resolve(*layers: Mapping[str, Any], where: str = "parameters"
            ) -> dict[str, float | int | str]:
    """Defaults overlaid by each layer in turn (scenario, then user), all validated; the fund
    split is checked on the result, so a user may raise one share where the scenario lowered
    the other."""
    merged = defaults()
    for layer in layers:
        merged.update(_validate_values(layer, where))
    _check_constraints(merged, where)
    return merged


def _check_constraints(values: Mapping[str, Any], where: str) -> None:
    for bloc in BLOCS:
        c, h = values[f"fund_share_compute.{bloc}"], values[f"fund_share_chips.{bloc}"]
        if c + h > 1.0 + 1e-12:
            raise ParameterError(
                f"{where}: keys 'fund_share_compute.{bloc}' + 'fund_share_chips.{bloc}' = "
                f"{c + h:g} exceed 1; allowed: shares summing to at most 1 (talent gets the rest)")


def _suggest(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, REGISTRY, n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""
