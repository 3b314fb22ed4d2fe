"""Bulk operations sheets: the real SP Search Term sheet with exact totals, twice; the Sponsored Products Campaigns
sheet (bulksheets 2.0, 48 and 54 columns) built from the documented column list."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import datasets_dir, warehouse_state

US = get_marketplace("amazon.US")
MAY = Period.parse("2025-05-01..2025-05-31")
# formats/amazon-ads.md §1.1 [parser], in order.
COLUMNS_48 = [
    "Product",
    "Entity",
    "Operation",
    "Campaign ID",
    "Ad Group ID",
    "Portfolio ID",
    "Ad ID",
    "Keyword ID",
    "Product Targeting ID",
    "Campaign Name",
    "Ad Group Name",
    "Campaign Name (Informational only)",
    "Ad Group Name (Informational only)",
    "Portfolio Name (Informational only)",
    "Start Date",
    "End Date",
    "Targeting Type",
    "State",
    "Campaign State (Informational only)",
    "Ad Group State (Informational only)",
    "Daily Budget",
    "SKU",
    "ASIN (Informational only)",
    "Eligibility Status (Informational only)",
    "Reason for Ineligibility (Informational only)",
    "Ad Group Default Bid",
    "Ad Group Default Bid (Informational only)",
    "Bid",
    "Keyword Text",
    "Native Language Keyword",
    "Native Language Locale",
    "Match Type",
    "Bidding Strategy",
    "Placement",
    "Percentage",
    "Product Targeting Expression",
    "Resolved Product Targeting Expression (Informational only)",
    "Impressions",
    "Clicks",
    "Click-through Rate",
    "Spend",
    "Sales",
    "Orders",
    "Units",
    "Conversion Rate",
    "ACOS",
    "CPC",
    "ROAS",
]
SERVING = [
    f"{kind} Serving Status (Informational only)"
    for kind in ("Campaign", "Ad Group", "Keyword", "Ad", "Product Targeting")
] + ["Ad Serving Status Reason (Informational only)"]
COLUMNS_54 = [("ASIN" if c == "ASIN (Informational only)" else c) for c in COLUMNS_48] + SERVING
SP = {"Product": "Sponsored Products"}
# One of each entity a download holds, ids as 15-digit text (one written as a number, as Excel may keep it).
ENTITIES: list[dict[str, Any]] = [
    {**SP, "Entity": "Campaign", "Campaign ID": 301234567890123, "Campaign Name": "Tea | SP | Exact",
     "Start Date": "20250101", "Targeting Type": "Manual", "State": "enabled", "Daily Budget": 25,
     "Bidding Strategy": "Dynamic bids - down only"},
    {**SP, "Entity": "Bidding Adjustment", "Campaign ID": "301234567890123", "Bidding Strategy": "Dynamic bids - down only",
     "Placement": "Placement Top", "Percentage": 50},
    {**SP, "Entity": "Ad Group", "Campaign ID": "301234567890123", "Ad Group ID": "402345678901234",
     "Ad Group Name": "Exact", "State": "enabled", "Ad Group Default Bid": 0.75},
    {**SP, "Entity": "Product Ad", "Campaign ID": "301234567890123", "Ad Group ID": "402345678901234",
     "Ad ID": "503456789012345", "SKU": "TEA-1", "ASIN (Informational only)": "B0TEA00001", "State": "enabled"},
    {**SP, "Entity": "Keyword", "Campaign ID": "301234567890123", "Ad Group ID": "402345678901234",
     "Keyword ID": "604567890123456", "State": "enabled", "Bid": 0.8, "Keyword Text": "green tea", "Match Type": "Exact"},
    {**SP, "Entity": "Negative Keyword", "Campaign ID": "301234567890123", "Ad Group ID": "402345678901234",
     "Keyword ID": "605678901234567", "State": "enabled", "Keyword Text": "free", "Match Type": "negativeExact"},
    {**SP, "Entity": "Product Targeting", "Campaign ID": "301234567890123", "Ad Group ID": "402345678901234",
     "Product Targeting ID": "706789012345678", "State": "paused", "Bid": 0.45,
     "Product Targeting Expression": 'asin="B0RIVAL001"'},
    {**SP, "Entity": "Keyword", "Operation": "Create", "Campaign ID": "301234567890123",
     "Ad Group ID": "402345678901234", "State": "enabled", "Bid": 0.5, "Keyword Text": "matcha", "Match Type": "Phrase"},
]  # fmt: skip
# Figures for the entities that carry them: impressions, clicks, spend, sales, orders, units.
FIGURES = {
    "Campaign": (1000, 20, 12.34, 59.97, 3, 3),
    "Ad Group": (1000, 20, 12.34, 59.97, 3, 3),
    "Product Ad": (1000, 20, 12.34, 59.97, 3, 3),
    "Keyword": (700, 15, 9.10, 39.98, 2, 2),
    "Product Targeting": (300, 5, 3.24, 19.99, 1, 1),
}
METRICS = ("Impressions", "Clicks", "Spend", "Sales", "Orders", "Units")


def _bulk_sheet(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> Path:
    """An xlsx like a bulk download: a Portfolios sheet first, then "Sponsored Products Campaigns"."""
    book = Workbook()
    portfolios = book.active
    assert portfolios is not None
    portfolios.title = "Portfolios"
    portfolios.append(["Product", "Entity", "Operation", "Portfolio ID", "Portfolio Name"])
    sheet = book.create_sheet("Sponsored Products Campaigns")
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    book.save(path)
    return path


def _with_figures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        figures = FIGURES.get(row["Entity"]) if row.get("Operation") != "Create" else None
        out.append({**row, **dict(zip(METRICS, figures, strict=True))} if figures else row)
    return out


ENTITY_SQL = (
    "SELECT entity, entity_id, operation, campaign_id, ad_group_id, ad_id, keyword_id, product_targeting_id, "
    "campaign_name, start_date, targeting_type, state, daily_budget, sku, asin, ad_group_default_bid, bid, "
    "keyword_text, match_type, bidding_strategy, placement, percentage, product_targeting_expression, "
    "ad_product, marketplace, currency, source_row FROM ad_entity ORDER BY source_row"
)
C, G = "301234567890123", "402345678901234"
SPX, USD = "SPONSORED_PRODUCTS", ("amazon.US", "USD")
EXPECTED_ENTITIES = [
    ("Campaign", C, None, C, None, None, None, None, "Tea | SP | Exact", dt.date(2025, 1, 1), "Manual", "enabled",
     Decimal("25.0000"), None, None, None, None, None, None, "Dynamic bids - down only", None, None, None, SPX, *USD, 2),
    ("Bidding Adjustment", f"{C} / Placement Top", None, C, None, None, None, None, None, None, None, None, None,
     None, None, None, None, None, None, "Dynamic bids - down only", "Placement Top", Decimal("50.00"), None, SPX, *USD, 3),
    ("Ad Group", G, None, C, G, None, None, None, None, None, None, "enabled", None, None, None, Decimal("0.7500"),
     None, None, None, None, None, None, None, SPX, *USD, 4),
    ("Product Ad", "503456789012345", None, C, G, "503456789012345", None, None, None, None, None, "enabled", None,
     "TEA-1", "B0TEA00001", None, None, None, None, None, None, None, None, SPX, *USD, 5),
    ("Keyword", "604567890123456", None, C, G, None, "604567890123456", None, None, None, None, "enabled", None, None,
     None, None, Decimal("0.8000"), "green tea", "Exact", None, None, None, None, SPX, *USD, 6),
    ("Negative Keyword", "605678901234567", None, C, G, None, "605678901234567", None, None, None, None, "enabled",
     None, None, None, None, None, "free", "Negative Exact", None, None, None, None, SPX, *USD, 7),
    ("Product Targeting", "706789012345678", None, C, G, None, None, "706789012345678", None, None, None, "paused",
     None, None, None, None, Decimal("0.4500"), None, None, None, None, None, 'asin="B0RIVAL001"', SPX, *USD, 8),
    ("Keyword", "row 9", "Create", C, G, None, None, None, None, None, None, "enabled", None, None, None, None,
     Decimal("0.5000"), "matcha", "Phrase", None, None, None, None, SPX, *USD, 9),
]  # fmt: skip


def test_campaigns_sheet_without_figures_loads_every_entity_without_a_period(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a 48-column Sponsored Products Campaigns sheet with no figures (as written for an upload)
    path = _bulk_sheet(tmp_path / "bulk.xlsx", ENTITIES, COLUMNS_48)
    # when it is imported twice with only --marketplace
    first = import_file(warehouse, path, ImportOptions(marketplace=US))
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, ImportOptions(marketplace=US))
    # then every entity is one ad_entity row, ids as text, the sheet's words kept, and no figures loaded
    assert (first.report_type, first.rows_loaded, first.period) == ("amazon.ads_bulk_campaigns", 8, None)
    assert warehouse.con.execute(ENTITY_SQL).fetchall() == EXPECTED_ENTITIES
    assert warehouse.count("ad_performance") == 0
    assert second.status == "already_imported"
    assert warehouse_state(warehouse) == state


def test_campaigns_sheet_needs_marketplace(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a campaigns sheet, which names no marketplace or currency
    path = _bulk_sheet(tmp_path / "bulk.xlsx", ENTITIES, COLUMNS_48)
    # when it is imported without --marketplace, then it is refused and nothing is written
    with pytest.raises(FileRefused, match=r"names neither its country nor its currency") as refused:
        import_file(warehouse, path)
    assert "--marketplace" in str(refused.value)
    assert warehouse.count("ad_entity") == 0


def test_campaigns_sheet_figures_need_a_period_and_go_one_grain_per_report_type(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a downloaded sheet with figures on campaign, ad group, ad, keyword and target rows
    path = _bulk_sheet(tmp_path / "bulk.xlsx", _with_figures(ENTITIES), COLUMNS_48)
    # when it is imported without --period, then it is refused asking for one
    with pytest.raises(FileRefused, match=r"date range chosen when it was downloaded") as refused:
        import_file(warehouse, path, ImportOptions(marketplace=US))
    assert "--period" in str(refused.value)
    assert warehouse.count("ad_entity") == 0
    # and with --period the entities load and each grain's figures sit under their own report type
    result = import_file(warehouse, path, ImportOptions(marketplace=US, period=MAY))
    assert (result.period, warehouse.count("ad_entity")) == ("2025-05-01..2025-05-31", 8)
    assert warehouse.con.execute(
        "SELECT report_type, count(*), sum(impressions), sum(clicks), sum(spend), sum(sales), sum(orders), sum(units), "
        "min(period_from), max(period_to), list(DISTINCT match_type ORDER BY match_type) FROM ad_performance "
        "GROUP BY report_type ORDER BY report_type"
    ).fetchall() == [
        ("bulk_ad_group", 1, 1000, 20, Decimal("12.3400"), Decimal("59.9700"), 3, 3, MAY.start, MAY.end, [None]),
        ("bulk_campaign", 1, 1000, 20, Decimal("12.3400"), Decimal("59.9700"), 3, 3, MAY.start, MAY.end, [None]),
        ("bulk_product_ad", 1, 1000, 20, Decimal("12.3400"), Decimal("59.9700"), 3, 3, MAY.start, MAY.end, [None]),
        ("bulk_targeting", 3, 1000, 20, Decimal("12.3400"), Decimal("59.9700"), 3, 3, MAY.start, MAY.end,
         ["EXACT", "PHRASE", None]),
    ]  # fmt: skip


def test_54_column_sheet_reads_plain_asin_and_each_rows_own_serving_status(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given the 2026 download layout: plain ASIN header, serving statuses for every level on each row
    statuses = dict(zip(SERVING[:5], ("CAMPAIGN_STATUS_ENABLED", "AD_GROUP_STATUS_ENABLED", "TARGETING_CLAUSE_STATUS_LIVE",
                                       "AD_STATUS_LIVE", "TARGETING_CLAUSE_STATUS_LIVE"), strict=True))  # fmt: skip
    rows = [{**r, **statuses} for r in ENTITIES[:5]]
    rows[3] = {**rows[3], "ASIN": "B0TEA00001", SERVING[5]: "none"}
    path = _bulk_sheet(tmp_path / "bulk54.xlsx", rows, COLUMNS_54)
    # when it is imported
    import_file(warehouse, path, ImportOptions(marketplace=US))
    # then each row carries the status of its own level
    assert warehouse.con.execute(
        "SELECT entity, asin, serving_status, serving_status_reason FROM ad_entity ORDER BY source_row"
    ).fetchall() == [
        ("Campaign", None, "CAMPAIGN_STATUS_ENABLED", None),
        ("Bidding Adjustment", None, None, None),
        ("Ad Group", None, "AD_GROUP_STATUS_ENABLED", None),
        ("Product Ad", "B0TEA00001", "AD_STATUS_LIVE", "none"),
        ("Keyword", None, "TARGETING_CLAUSE_STATUS_LIVE", None),
    ]


def _calamine_rows(path: Path) -> list[dict[str, Any]]:
    book = CalamineWorkbook.from_path(str(path))
    cells = book.get_sheet_by_name("SP Search Term Report").to_python(skip_empty_area=False)
    return [dict(zip(cells[0], r, strict=True)) for r in cells[1:]]


def _total(rows: list[dict[str, Any]], header: str) -> Decimal:
    return sum(
        (
            Decimal(repr(r[header])).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            for r in rows
            if r[header] != ""
        ),
        Decimal(0),
    )


@pytest.mark.datasets
def test_real_bulk_search_term_sheet_imports_with_exact_totals_and_twice_changes_nothing(
    warehouse: Warehouse,
) -> None:
    # given the real bulk "SP Search Term Report" sheet (a second sheet, "Sheet5", holds a version stamp)
    path = datasets_dir() / "amazon_ads_reports/moeezahmadkhan_us_golf/sp_search_term_bulk_sheet.xlsx"
    rows = _calamine_rows(path)
    expected = (
        len(rows), int(_total(rows, "Impressions")), int(_total(rows, "Clicks")), _total(rows, "Spend"),
        _total(rows, "Sales"), int(_total(rows, "Orders")), int(_total(rows, "Units")),
        len({r["Keyword ID"] for r in rows if r["Keyword ID"]}),
        len({r["Product Targeting ID"] for r in rows if r["Product Targeting ID"]}),
    )  # fmt: skip
    # when it is imported without --period, then it is refused naming the option
    with pytest.raises(FileRefused, match=r"--period"):
        import_file(warehouse, path, ImportOptions(marketplace=US))
    # when it is imported twice with --marketplace and --period
    options = ImportOptions(marketplace=US, period=MAY)
    first = import_file(warehouse, path, options)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, options)
    # then every row loaded once with the sheet's totals, under the given period
    assert (first.status, first.rows_loaded, first.rows_rejected, first.period) == (
        "loaded", len(rows), 0, "2025-05-01..2025-05-31",
    )  # fmt: skip
    assert (
        warehouse.con.execute(
            "SELECT count(*), sum(impressions), sum(clicks), sum(spend), sum(sales), sum(orders), sum(units), "
            "count(DISTINCT keyword_id), count(DISTINCT product_targeting_id) FROM ad_performance"
        ).fetchone()
        == expected
    )
    assert warehouse.con.execute(
        "SELECT DISTINCT report_type, marketplace, currency, period_from, period_to, attribution_days, ad_product "
        "FROM ad_performance"
    ).fetchall() == [("bulk_search_term", "amazon.US", "USD", MAY.start, MAY.end, None, "SPONSORED_PRODUCTS")]
    # and the first data row keeps its ids as text, its bid and state
    assert warehouse.con.execute(
        "SELECT campaign_id, ad_group_id, keyword_id, product_targeting_id, state, campaign_status, bid, targeting, "
        "match_type, search_term, ad_group_name FROM ad_performance WHERE source_row = 2"
    ).fetchone() == (
        "479283619024226", "527394872190588", "525101868103487", None, "enabled", "enabled", Decimal("1.3200"),
        "+golf +putter", "BROAD", "2 year old golf putter", "Broad",
    )  # fmt: skip
    assert second.status == "already_imported"
    assert warehouse_state(warehouse) == state
