"""Ads console Sponsored Products reports: every real layout with exact totals, twice; marketplace, period, replacement."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, datasets_dir, warehouse_state

ADS = "amazon_ads_reports"
IN = "umairnsr87_in_healthcare"
# file, report type, marketplace, period, attribution days
FILES = [
    ("stevebanon_us_auto/sp_search_term_report_2019-05.xlsx", "search_term", "amazon.US", "2019-05-01", "2019-05-31", 7),
    ("zhouyuh13_us_apparel/sp_search_term_report_2019-07-13_2019-09-11.xlsx", "search_term", "amazon.US", "2019-07-13", "2019-09-11", 7),
    ("mannyvv_us_kitchen/sp_search_term_report_2022-07-17_2022-08-15.xlsx", "search_term", "amazon.US", "2022-07-17", "2022-08-15", 7),
    ("mannyvv_us_kitchen/sp_search_term_report_2022-08-01.xlsx", "search_term", "amazon.US", "2022-08-01", "2022-08-01", 7),
    ("progami_uk/sp_search_term_report_daily_2023-05-18_2023-07-12.xlsx", "search_term", "amazon.UK", "2023-05-18", "2023-07-12", 7),
    ("vhin1987_us_packaging/sp_search_term_report_2024-03-29_2024-04-28.xlsx", "search_term", "amazon.US", "2024-03-29", "2024-04-28", 7),
    (f"{IN}/sp_search_term_report_2020-02.xlsx", "search_term", "amazon.IN", "2020-02-01", "2020-02-29", 14),
    ("ahtisham482_us_flatware/sp_targeting_report_daily.xlsx", "targeting", "amazon.US", "2026-04-15", "2026-05-14", 7),
    (f"{IN}/sp_targeting_report_2020-02.xlsx", "targeting", "amazon.IN", "2020-02-01", "2020-02-29", 14),
    (f"{IN}/sp_advertised_product_report_2020-02.xlsx", "advertised_product", "amazon.IN", "2020-02-01", "2020-02-29", 14),
    (f"{IN}/sp_placement_report_2020-02.xlsx", "placement", "amazon.IN", "2020-02-01", "2020-02-29", 14),
    (f"{IN}/sp_performance_over_time_2020-02.xlsx", "performance_over_time", "amazon.IN", "2020-02-01", "2020-02-29", None),
    (f"{IN}/sp_campaign_report_2020-02.csv", "campaign", "amazon.IN", "2020-02-01", "2020-02-29", 14),
]  # fmt: skip
# What each metric's header starts with, once stripped and casefolded ("7 day total sales ($)" → "… total sales").
HEADERS = {
    "impressions": "impressions",
    "clicks": "clicks",
    "spend": "spend",
    "sales": "day total sales",
    "orders": "day total orders",
    "units": "day total units",
}
WHOLE = {"impressions", "clicks", "orders", "units"}


def _amount(value: Any) -> Decimal:
    """A cell as a person reads it: '', None → 0; 'Rs.961.62' → 961.62; a float as its shortest repr, to 4 places."""
    if value in ("", None):
        return Decimal(0)
    text = repr(value) if isinstance(value, float) else str(value).removeprefix("Rs.").replace(",", "")
    return Decimal(text).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _sheet_rows(path: Path) -> list[dict[str, Any]]:
    """The first sheet's rows keyed by stripped, casefolded header, read by calamine directly."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows: list[dict[str, Any]] = [
                {k.strip().casefold(): v for k, v in r.items()} for r in csv.DictReader(handle)
            ]
            return rows
    book = CalamineWorkbook.from_path(str(path))
    cells = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    header = [str(h).strip().casefold() for h in cells[0]]
    return [dict(zip(header, r, strict=True)) for r in cells[1:]]


def _expected(rows: list[dict[str, Any]]) -> dict[str, Decimal | int | None]:
    out: dict[str, Decimal | int | None] = {"rows": len(rows)}
    for name, start in HEADERS.items():
        # "Last Year Clicks" must not count: only a header that is exactly the metric, or "<n> day …".
        header = next(
            (h for h in rows[0] if h == start or (h[:1].isdigit() and h.split(" ", 1)[1].startswith(start))),
            None,
        )
        if header is None:
            out[name] = None
            continue
        total = sum((_amount(r[header]) for r in rows), Decimal(0))
        out[name] = int(total) if name in WHOLE else total
    return out


TOTALS_SQL = (
    "SELECT count(*), sum(impressions), sum(clicks), sum(spend), sum(sales), sum(orders), sum(units), "
    "min(period_from), max(period_to), list(DISTINCT report_type), list(DISTINCT marketplace), "
    "list(DISTINCT currency), list(DISTINCT attribution_days), list(DISTINCT ad_product) FROM ad_performance"
)


@pytest.mark.datasets
@pytest.mark.parametrize(
    ("name", "report_type", "market", "start", "end", "days"), FILES, ids=[f[0].split("/")[-1] for f in FILES]
)
def test_real_console_report_imports_with_exact_totals_and_twice_changes_nothing(
    warehouse: Warehouse, name: str, report_type: str, market: str, start: str, end: str, days: int | None
) -> None:
    # given a real Ads console report and its totals read cell by cell
    path = datasets_dir() / ADS / name
    expected = _expected(_sheet_rows(path))
    # the performance-over-time report names neither country nor currency
    options = ImportOptions(marketplace=get_marketplace(market) if "over_time" in name else None)

    # when it is imported twice
    first = import_file(warehouse, path, options)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, options)

    # then every row loaded once, with exactly the file's totals, marketplace, period and window
    assert (first.status, first.rows_read, first.rows_loaded, first.rows_rejected) == (
        "loaded", expected["rows"], expected["rows"], 0,
    )  # fmt: skip
    assert (first.marketplace, first.period) == (market, f"{start}..{end}")
    currency = get_marketplace(market).currency
    assert warehouse.con.execute(TOTALS_SQL).fetchone() == (
        expected["rows"], expected["impressions"], expected["clicks"], expected["spend"], expected["sales"],
        expected["orders"], expected["units"], dt.date.fromisoformat(start), dt.date.fromisoformat(end),
        [report_type], [market], [currency], [days], ["SPONSORED_PRODUCTS"],
    )  # fmt: skip
    assert second.status == "already_imported"
    assert warehouse_state(warehouse) == state


@pytest.mark.datasets
def test_real_search_term_rows_keep_their_own_start_and_end_dates(warehouse: Warehouse) -> None:
    # given the 2019 US search term report, whose rows each cover their own range
    path = datasets_dir() / ADS / "stevebanon_us_auto/sp_search_term_report_2019-05.xlsx"
    # when it is imported
    import_file(warehouse, path)
    # then the first data row (file row 2) keeps 2019-05-22..2019-05-26 and its texts as written
    assert warehouse.con.execute(
        "SELECT source_row, period_from, period_to, portfolio, targeting, match_type, search_term, spend "
        "FROM ad_performance WHERE source_row = 2"
    ).fetchone() == (2, dt.date(2019, 5, 22), dt.date(2019, 5, 26), "Not grouped", "*", "BROAD", "b006n0gddo", Decimal("0.4700"))  # fmt: skip


SEARCH_TERM_HEADER = (
    "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,"
    "Impressions,Clicks,Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,7 Day Total Sales ,"
    "Total Advertising Cost of Sales (ACOS) ,7 Day Total Orders (#),7 Day Total Units (#),7 Day Conversion Rate\n"
)


def _write(path: Path, header: str, *rows: str) -> Path:
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_euro_report_is_refused_without_marketplace_and_loads_with_it(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a daily search term report in EUR, which five marketplaces use
    path = _write(
        tmp_path / "st.csv", SEARCH_TERM_HEADER,
        "2025-03-01,,EUR,Kaffee,AG1,kaffee,EXACT,kaffee bohnen,100,4,4.00%,0.50,2.00,19.99,10.01%,1,1,25.00%",
    )  # fmt: skip
    # when it is imported without --marketplace, then it is refused, names the option, and writes nothing
    with pytest.raises(FileRefused, match=r"in EUR, which several marketplaces use") as refused:
        import_file(warehouse, path)
    assert "--marketplace" in str(refused.value)
    assert warehouse.count("ad_performance") == 0
    assert warehouse.count("import_ledger") == 0
    # and with --marketplace it loads, the percent columns neither stored nor in the way
    result = import_file(warehouse, path, ImportOptions(marketplace=get_marketplace("amazon.DE")))
    assert (result.status, result.marketplace, result.period) == (
        "loaded",
        "amazon.DE",
        "2025-03-01..2025-03-01",
    )
    assert warehouse.con.execute(
        "SELECT impressions, clicks, spend, sales, orders, units, currency, attribution_days FROM ad_performance"
    ).fetchall() == [(100, 4, Decimal("2.0000"), Decimal("19.9900"), 1, 1, "EUR", 7)]


def test_country_column_names_the_marketplace(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a 2026-style targeting report for Germany
    path = _write(
        tmp_path / "t.csv",
        "Date,Portfolio name,Currency,Campaign Name,Country,Ad Group Name,Retailer,Targeting,Match Type,"
        "Impressions,Top-of-search Impression Share,Clicks,Spend,7 Day Total Sales \n",
        "2026-04-15,,EUR,C1,Germany,AG1,Amazon,kaffee,EXACT,50,12.5%,2,1.10,0",
        "2026-04-15,,EUR,C1,Germany,AG1,Amazon,close-match,-,40,,1,0.40,9.99",
    )
    # when it is imported
    result = import_file(warehouse, path)
    # then the marketplace comes from Country and the ledger says so; '-' is no match type
    assert result.marketplace == "amazon.DE"
    assert warehouse.con.execute("SELECT marketplace_source FROM import_ledger").fetchall() == [
        ("column Country (Germany)",)
    ]
    assert warehouse.con.execute(
        "SELECT targeting, match_type, top_of_search_share, report_type FROM ad_performance ORDER BY source_row"
    ).fetchall() == [
        ("kaffee", "EXACT", Decimal("0.125000"), "targeting"),
        ("close-match", None, None, "targeting"),
    ]


def test_mixed_currencies_are_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a report whose rows are in two currencies
    path = _write(
        tmp_path / "st.csv", SEARCH_TERM_HEADER,
        "2025-03-01,,GBP,C,AG,k,EXACT,k,1,1,,,1.00,0,,0,0,",
        "2025-03-01,,USD,C,AG,k,EXACT,k,1,1,,,1.00,0,,0,0,",
    )  # fmt: skip
    # when it is imported, then it is refused and nothing is written
    with pytest.raises(FileRefused, match=r"mixes currencies \(GBP, USD\)"):
        import_file(warehouse, path)
    assert warehouse.count("ad_performance") == 0


def test_overlapping_download_replaces_the_days_it_covers_and_nothing_else(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given March 1–2 loaded as a search term report and as a targeting report
    row = "{day},,GBP,C,AG,k,EXACT,k,{imp},1,,,1.00,0,,0,0,"
    import_file(warehouse, _write(tmp_path / "a.csv", SEARCH_TERM_HEADER, row.format(day="2025-03-01", imp=10), row.format(day="2025-03-02", imp=20)))  # fmt: skip
    targeting = "Date,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Impressions,Clicks,Spend,7 Day Total Sales\n"
    import_file(warehouse, _write(tmp_path / "t.csv", targeting, "2025-03-02,GBP,C,AG,k,EXACT,99,1,1.00,0"))
    # when a search term download for March 2–3 arrives
    result = import_file(
        warehouse,
        _write(tmp_path / "b.csv", SEARCH_TERM_HEADER, row.format(day="2025-03-02", imp=21), row.format(day="2025-03-03", imp=30)),
    )  # fmt: skip
    # then March 2 is replaced, March 1 kept, March 3 added, and the targeting row is left alone
    assert result.rows_replaced == 1
    assert warehouse.con.execute(
        "SELECT report_type, period_from, impressions FROM ad_performance ORDER BY report_type, period_from"
    ).fetchall() == [
        ("search_term", dt.date(2025, 3, 1), 10),
        ("search_term", dt.date(2025, 3, 2), 21),
        ("search_term", dt.date(2025, 3, 3), 30),
        ("targeting", dt.date(2025, 3, 2), 99),
    ]


def test_campaign_export_loads_this_years_figures_and_campaign_settings(warehouse: Warehouse) -> None:
    # given a Campaign Manager export with last year's figures filled in and a campaign start date
    path = TEST_DATA / "amazon" / "ads" / "sp_campaign_export_last_year.csv"
    # when it is imported
    result = import_file(warehouse, path)
    # then the period is the Date column (not the campaign's Start Date) and last year's figures are not loaded
    assert (result.marketplace, result.period, result.rows_loaded) == (
        "amazon.IN",
        "2020-02-01..2020-02-02",
        2,
    )
    assert warehouse.con.execute(
        "SELECT period_from, campaign_name, campaign_status, daily_budget, targeting_type, bidding_strategy, "
        "impressions, clicks, spend, orders, sales, attribution_days, ad_product FROM ad_performance ORDER BY period_from"
    ).fetchall() == [
        (dt.date(2020, 2, 1), "Oil || SP", "ENABLED", Decimal("1000.0000"), "MANUAL", "Dynamic bids - up and down",
         782, 13, Decimal("201.6800"), 3, Decimal("961.6200"), 14, "SPONSORED_PRODUCTS"),
        (dt.date(2020, 2, 2), "Oil || SP", "PAUSED", Decimal("2968.0000"), "AUTO", "Dynamic bids - down only",
         3893, 18, Decimal("255.9200"), 0, Decimal("0.0000"), 14, "SPONSORED_PRODUCTS"),
    ]  # fmt: skip


def test_report_without_dates_asks_for_period(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a campaign export without a Date column (its Start Date is the campaign's)
    path = _write(
        tmp_path / "c.csv",
        "Start Date,End Date,Campaign Name,Status,Currency,Budget,Impressions,Clicks,Spend,14 Day Total Sales (₹)\n",
        '"Jan 18, 2020",,C,ENABLED,INR,Rs.1000.0,1,1,Rs.1.0,Rs.0.0',
    )
    # when it is imported, then it is refused asking for --period
    with pytest.raises(
        FileRefused, match=r"Start Date / End Date are the campaigns' own run dates"
    ) as refused:
        import_file(warehouse, path)
    assert "--period FROM..TO" in str(refused.value)
    assert warehouse.count("import_ledger") == 0
