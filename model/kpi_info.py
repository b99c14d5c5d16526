"""Names, units and English/German labels of the KPIs the model reports every quarter.

Reporter names are ``kpi.BLOC`` (``compute_share.EU``) or a bare ``kpi`` for global values;
outcomes add ``@YEAR`` (``compute_share.EU@2030``).
"""

from __future__ import annotations

from dataclasses import dataclass

from airace.model.parameters import BLOCS

OUTCOME_YEARS: tuple[int, ...] = (2025, 2027, 2030, 2035)


@dataclass(frozen=True)
class KPIInfo:
    """Unit and labels of one KPI (the part of the name before the bloc)."""

    kpi: str
    unit_en: str
    unit_de: str
    label_en: str
    label_de: str
    per_bloc: bool = True
    blocs: tuple[str, ...] = BLOCS
    share: bool = False  # values in [0, 1], shown as per cent


_ALL = (
    KPIInfo("compute_h100e", "H100e", "H100e", "AI compute stock", "KI-Rechenkapazität"),
    KPIInfo("compute_share", "share", "Anteil", "Share of AI compute (by location)",
            "Anteil an der KI-Rechenkapazität (nach Standort)", share=True),
    KPIInfo("dc_power_gw", "GW", "GW", "AI data-centre power", "Leistung der KI-Rechenzentren"),
    KPIInfo("energy_twh", "TWh/year", "TWh/Jahr", "Data-centre electricity",
            "Stromverbrauch der Rechenzentren", blocs=(*BLOCS, "WORLD")),
    KPIInfo("frontier_capability", "log10 effective FLOP", "log10 effektive FLOP",
            "Frontier capability", "Leistungsfähigkeit der Spitzenmodelle"),
    KPIInfo("capability_gap_months", "months", "Monate", "Capability gap to the leader",
            "Fähigkeitsrückstand zum Spitzenreiter"),
    KPIInfo("compute_lag_years", "years", "Jahre", "Training-compute lag to the leader",
            "Rückstand beim Trainings-Rechenaufwand"),
    KPIInfo("researcher_share", "share", "Anteil",
            "Share of the world's top AI researchers (by workplace)",
            "Anteil an den weltweiten KI-Spitzenforschenden (nach Arbeitsort)", share=True),
    KPIInfo("public_rd_share", "share", "Anteil", "Public share of AI R&D spending",
            "Öffentlicher Anteil an den KI-F&E-Ausgaben", share=True),
    KPIInfo("revenue_usd_bn", "$ bn/year", "Mrd. $/Jahr", "AI-services revenue",
            "Umsatz mit KI-Diensten"),
    KPIInfo("revenue_share", "share", "Anteil", "Share of AI-services revenue (by firm home)",
            "Anteil am Umsatz mit KI-Diensten (nach Firmensitz)", share=True),
    KPIInfo("public_investment_usd_bn", "$ bn (cumulative)", "Mrd. $ (kumuliert)",
            "Public AI investment", "Öffentliche KI-Investitionen"),
    KPIInfo("private_investment_usd_bn", "$ bn (cumulative)", "Mrd. $ (kumuliert)",
            "Private AI investment", "Private KI-Investitionen"),
    KPIInfo("capex_usd_bn", "$ bn (cumulative)", "Mrd. $ (kumuliert)",
            "AI capital expenditure of firms", "KI-Investitionsausgaben der Unternehmen"),
    KPIInfo("regulation", "index (0-1)", "Index (0-1)", "Regulation stringency",
            "Regulierungsintensität"),
    KPIInfo("incidents", "count (cumulative)", "Anzahl (kumuliert)", "AI incidents",
            "KI-Vorfälle"),
    KPIInfo("us_stack_share", "share", "Anteil", "Compute on US-controlled accelerators",
            "Rechenkapazität auf US-kontrollierten KI-Chips", share=True),
    KPIInfo("cn_stack_share", "share", "Anteil", "Compute on Chinese accelerators",
            "Rechenkapazität auf chinesischen KI-Chips", share=True),
    KPIInfo("row_revenue_share", "share", "Anteil",
            "Share of AI-services spending in the rest of the world (by provider home)",
            "Anteil an den KI-Ausgaben der übrigen Welt (nach Sitz des Anbieters)", share=True),
    KPIInfo("lab_cash_usd_bn", "$ bn", "Mrd. $", "Cash held by AI firms (by firm home)",
            "Liquide Mittel der KI-Unternehmen (nach Firmensitz)"),
    KPIInfo("tobin_q", "ratio", "Verhältnis",
            "Expected return over cost of capital (Tobin's q, by firm home)",
            "Erwartete Rendite im Verhältnis zu den Kapitalkosten (Tobins q, nach Firmensitz)"),
    KPIInfo("eu_revenue_share", "share", "Anteil",
            "Share of AI-services spending in the EU (by provider home)",
            "Anteil an den KI-Ausgaben der EU (nach Sitz des Anbieters)", share=True),
    KPIInfo("export_control", "share denied", "verweigerter Anteil",
            "Export-control level", "Exportkontrollniveau", blocs=("US",), share=True),
    KPIInfo("sovereignty_index", "index (0-1)", "Index (0-1)", "European AI sovereignty",
            "Europäische KI-Souveränität", blocs=("EU",)),
    KPIInfo("eu_vendor_sales_h100e", "H100e (cumulative)", "H100e (kumuliert)",
            "European accelerators delivered (by buyer's home)",
            "Gelieferte europäische KI-Chips (nach Sitz des Käufers)"),
    KPIInfo("chip_price_index", "index", "Index",
            "Accelerator price (H100 2025 = 1, quality-adjusted)",
            "KI-Chippreis (H100 2025 = 1, qualitätsbereinigt)",
            per_bloc=False),
    KPIInfo("largest_run_flop", "FLOP", "FLOP", "Largest training run",
            "Größter Trainingslauf", per_bloc=False),
    KPIInfo("chip_gross_margin", "share", "Anteil", "Accelerator vendor's gross margin",
            "Bruttomarge des KI-Chip-Herstellers", blocs=("US", "CN"), share=True),
    KPIInfo("chip_output_h100e", "H100e per quarter", "H100e je Quartal",
            "Accelerators delivered by the vendor of the bloc",
            "Ausgelieferte KI-Chips des Herstellers des Blocks", blocs=("US", "CN")),
)

KPI_INFO: dict[str, KPIInfo] = {k.kpi: k for k in _ALL}


def reporter_names() -> list[str]:
    """All quarterly reporter names in a fixed order."""
    names: list[str] = []
    for info in _ALL:
        if info.per_bloc:
            names.extend(f"{info.kpi}.{b}" for b in info.blocs)
        else:
            names.append(info.kpi)
    return names


def split_name(name: str) -> tuple[str, str | None, int | None]:
    """Split ``kpi.BLOC@YEAR`` into (kpi, bloc or None, year or None)."""
    year = None
    if "@" in name:
        name, y = name.rsplit("@", 1)
        year = int(y)
    kpi, _, bloc = name.partition(".")
    return kpi, (bloc or None), year


def info_for(name: str) -> KPIInfo:
    """KPIInfo for a reporter or outcome name (``compute_share.EU@2030`` -> compute_share)."""
    return KPI_INFO[split_name(name)[0]]
