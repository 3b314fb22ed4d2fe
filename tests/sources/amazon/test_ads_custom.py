"""The 2025 Ads console custom report (search terms, CSV): real file with exact totals, twice; per-row date ranges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.errors import FileRefused
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import column_total, datasets_dir, read_csv_rows, warehouse_state

HEADER = (
    "\ufeffDate range,Campaign name,Campaign ID,Ad group name,Ad group ID,Target value,Target match type,Search term,"
    "Budget currency,Impressions,Clicks,CTR,CPC,Total cost,Purchases,Sales,Units sold,ROAS,Cost per purchase,"
    "Purchase rate\n"
)


def _range(text: str) -> tuple[dt.date, dt.date]:
    start, end = (dt.datetime.strptime(part.strip(), "%b %d, %Y").date() for part in text.split(" - "))
    return start, end


@pytest.mark.datasets
def test_real_custom_report_imports_with_exact_totals_and_twice_changes_nothing(warehouse: Warehouse) -> None:
    # given the real custom report and its totals read with the csv module
    path = (
        datasets_dir()
        / "amazon_ads_reports/ahmedkhalidse8_us_haircare/ads_console_search_term_custom_report.csv"
    )
    rows = read_csv_rows(path)
    ranges = [_range(r["Date range"]) for r in rows]
    expected = (
        len(rows), int(column_total(rows, "Impressions")), int(column_total(rows, "Clicks")),
        column_total(rows, "Total cost"), column_total(rows, "Sales"), int(column_total(rows, "Purchases")),
        int(column_total(rows, "Units sold")), min(s for s, _ in ranges), max(e for _, e in ranges),
        sum(1 for r in rows if r["Search term"] == ""),
    )  # fmt: skip

    # when it is imported twice
    first = import_file(warehouse, path)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path)

    # then every row loaded once (the one with no search term too), with the file's totals and per-row ranges
    assert (first.status, first.rows_loaded, first.rows_rejected, first.marketplace) == (
        "loaded", len(rows), 0, "amazon.US",
    )  # fmt: skip
    assert first.period == f"{expected[7]}..{expected[8]}"
    assert (
        warehouse.con.execute(
            "SELECT count(*), sum(impressions), sum(clicks), sum(spend), sum(sales), sum(orders), sum(units), "
            "min(period_from), max(period_to), count(*) FILTER (WHERE search_term IS NULL) FROM ad_performance"
        ).fetchone()
        == expected
    )
    assert warehouse.con.execute(
        "SELECT DISTINCT report_type, currency, attribution_days, ad_product FROM ad_performance"
    ).fetchall() == [("custom_search_term", "USD", None, "SPONSORED_PRODUCTS")]
    # and the first data row keeps its ids as text and its own range
    assert warehouse.con.execute(
        "SELECT period_from, period_to, campaign_id, ad_group_id, targeting, match_type, search_term "
        "FROM ad_performance WHERE source_row = 2"
    ).fetchone() == (
        dt.date(2025, 11, 9), dt.date(2025, 11, 27), "468170906203317", "297953927298564", "loose-match",
        "TARGETING_EXPRESSION_PREDEFINED", "mariguanol extra strength",
    )  # fmt: skip
    assert second.status == "already_imported"
    assert warehouse_state(warehouse) == state


def test_each_row_gets_its_own_date_range(warehouse: Warehouse, tmp_path: Path) -> None:
    # given two rows with different ranges
    path = tmp_path / "custom.csv"
    path.write_text(
        HEADER
        + '"Nov 09, 2025 - Nov 27, 2025",C1,"=""111""",AG,"=""222""",hair oil,BROAD,oil,USD,10,2,20%,0.5,1.00,1,19.99,2,,,\n'
        + '"Dec 01, 2025 - Dec 01, 2025",C1,"=""111""",AG,"=""222""",hair oil,BROAD,serum,USD,5,1,20%,0.5,0.50,0,0.0,0,,,\n',
        encoding="utf-8",
    )
    # when it is imported
    result = import_file(warehouse, path)
    # then each row has its own period and the file spans both
    assert result.period == "2025-11-09..2025-12-01"
    assert warehouse.con.execute(
        "SELECT period_from, period_to, campaign_id, search_term, spend, sales, orders, units FROM ad_performance ORDER BY source_row"
    ).fetchall() == [
        (
            dt.date(2025, 11, 9),
            dt.date(2025, 11, 27),
            "111",
            "oil",
            Decimal("1.0000"),
            Decimal("19.9900"),
            1,
            2,
        ),
        (
            dt.date(2025, 12, 1),
            dt.date(2025, 12, 1),
            "111",
            "serum",
            Decimal("0.5000"),
            Decimal("0.0000"),
            0,
            0,
        ),
    ]


def test_unreadable_date_range_is_refused_naming_row_and_column(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a row whose range is not "Mon DD, YYYY - Mon DD, YYYY"
    path = tmp_path / "custom.csv"
    path.write_text(
        HEADER
        + '"Nov 09, 2025 - Nov 27, 2025",C1,1,AG,2,t,BROAD,oil,USD,10,2,,,1.00,1,19.99,2,,,\n'
        + "last month,C1,1,AG,2,t,BROAD,oil,USD,10,2,,,1.00,1,19.99,2,,,\n",
        encoding="utf-8",
    )
    # when it is imported, then it is refused at row 3, column 'Date range', and nothing is written
    with pytest.raises(FileRefused) as refused:
        import_file(warehouse, path)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "Date range")]
    assert warehouse.count("ad_performance") == 0


def test_a_custom_report_built_without_the_match_type_column_imports(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a custom report whose columns were chosen without "Target match type"
    header = HEADER.replace("Target match type,", "")
    path = tmp_path / "custom.csv"
    path.write_text(
        header
        + '"Nov 09, 2025 - Nov 27, 2025",C1,"=""111""",AG,"=""222""",hair oil,oil,USD,10,2,20%,0.5,1.00,1,19.99,2,,,\n',
        encoding="utf-8",
    )
    # when it is imported
    result = import_file(warehouse, path)
    # then the row loads with no match type rather than failing
    assert result.rows_loaded == 1
    assert warehouse.con.execute("SELECT search_term, match_type, spend FROM ad_performance").fetchall() == [
        ("oil", None, Decimal("1.0000"))
    ]
