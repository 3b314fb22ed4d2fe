"""KPI totals on a hand-built warehouse, every figure worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from unittest import mock

import ibis

from sellerops.analytics.kpi import kpi_totals
from sellerops.warehouse import Warehouse

D = dt.date


def _seed(warehouse: Warehouse) -> None:
    con = warehouse.con
    # Two SKUs on one ASIN (sessions repeated per SKU row, as Amazon does) and one more ASIN, on 1 and 2 July,
    # and a weekly row 1..7 July that only whole-week questions may count.
    traffic = [
        ("amazon.UK", D(2025, 7, 1), D(2025, 7, 1), "P1", "A1", "S1", 100, 150, 5, "50.00", 5),
        ("amazon.UK", D(2025, 7, 1), D(2025, 7, 1), "P1", "A1", "S1-FBM", 100, 150, 1, "11.00", 1),
        ("amazon.UK", D(2025, 7, 1), D(2025, 7, 1), "P1", "A2", "S2", 40, 44, 2, "30.00", 2),
        ("amazon.UK", D(2025, 7, 2), D(2025, 7, 2), "P1", "A1", "S1", 80, 90, 4, "40.00", 4),
        ("amazon.US", D(2025, 7, 1), D(2025, 7, 1), "Q1", "B1", "U1", 10, 12, 1, "9.99", 1),
        ("amazon.UK", D(2025, 7, 1), D(2025, 7, 7), "P1", "A1", "S1", 700, 900, 30, "300.00", 28),
    ]
    for m, f, t, p, a, s, sessions, views, units, sales, items in traffic:
        currency = "GBP" if m == "amazon.UK" else "USD"
        con.execute(
            "INSERT INTO sales_traffic (marketplace, period_from, period_to, parent_asin, child_asin, sku, sessions, "
            "page_views, units_ordered, ordered_sales, order_items, currency, import_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            [m, f, t, p, a, s, sessions, views, units, Decimal(sales), items, currency],
        )
    # Orders: two placed on 1 July (one with two lines), one cancelled (not counted), one on 2 July.
    lines = [("O1", "1", D(2025, 7, 1), "Shipped", "S1"), ("O1", "2", D(2025, 7, 1), "Shipped", "S2"),
             ("O2", "1", D(2025, 7, 1), "Pending", "S1"), ("O3", "1", D(2025, 7, 1), "Cancelled", "S1"),
             ("O4", "1", D(2025, 7, 2), "Shipped", "S1")]  # fmt: skip
    for order, line, day, status, sku in lines:
        con.execute(
            "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, sku, "
            "quantity, currency, import_id) VALUES ('amazon.UK', ?, ?, ?, ?, ?, ?, 1, 'GBP', 1)",
            [order, line, dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC), day, status, sku],
        )
    # Ads: a campaign report and a search-term report of the same spend; only the campaign grain may count.
    ads = [("campaign", D(2025, 7, 1), 1000, 20, "10.00", "40.00"), ("campaign", D(2025, 7, 2), 500, 10, "6.00", "0"),
           ("search_term", D(2025, 7, 1), 900, 20, "10.00", "40.00"),
           ("advertised_product", D(2025, 7, 1), 1000, 20, "10.00", "40.00")]  # fmt: skip
    for i, (grain, day, impressions, clicks, spend, sales) in enumerate(ads):
        con.execute(
            "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, impressions, "
            "clicks, spend, sales, currency, advertised_sku, source_row, import_id) "
            "VALUES (?, 'amazon.UK', ?, ?, 'SP', ?, ?, ?, ?, 'GBP', 'S1', ?, 1)",
            [grain, day, day, impressions, clicks, Decimal(spend), Decimal(sales), i],
        )


def _run(warehouse: Warehouse, **kwargs: object) -> list[dict[str, object]]:
    backend = warehouse.ibis()
    table = kpi_totals(
        backend.table("sales_traffic"), backend.table("order_line"), backend.table("ad_performance"), **kwargs
    )  # type: ignore[arg-type]
    return [{k: v for k, v in row.items() if v is not None} for row in table.to_pyarrow().to_pylist()]


def test_kpi_by_marketplace_counts_asin_sessions_once_and_one_ad_grain(warehouse: Warehouse) -> None:
    # given the hand-built warehouse
    _seed(warehouse)
    # when 1..2 July is totalled per marketplace
    rows = _run(warehouse, start=D(2025, 7, 1), end=D(2025, 7, 2), by="marketplace")
    # then UK sessions = A1 on 1 July once (100) + A2 (40) + A1 on 2 July (80) = 220; page views 150 + 44 + 90 = 284;
    # units 5 + 1 + 2 + 4 = 12; sales 50 + 11 + 30 + 40 = 131; orders O1, O2, O4 = 3; the weekly row is outside;
    # ads from the campaign grain only: 1500 impressions, 30 clicks, 16.00 spend, 40.00 sales, ACoS 0.4
    assert rows == [
        {"marketplace": "amazon.UK", "currency": "GBP", "sessions": 220, "page_views": 284, "units": 12, "orders": 3,
         "order_items": 12, "ordered_sales": Decimal("131.0000"), "ad_impressions": 1500, "ad_clicks": 30,
         "ad_spend": Decimal("16.0000"), "ad_sales": Decimal("40.0000"), "acos": Decimal("0.4000")},
        {"marketplace": "amazon.US", "currency": "USD", "sessions": 10, "page_views": 12, "units": 1,
         "order_items": 1, "ordered_sales": Decimal("9.9900")},
    ]  # fmt: skip


def test_kpi_by_date_keeps_currencies_apart(warehouse: Warehouse) -> None:
    _seed(warehouse)
    rows = _run(warehouse, start=D(2025, 7, 1), end=D(2025, 7, 7), by="date")
    # the weekly UK row 1..7 July is left out: daily UK rows cover days of that week
    assert [
        (r["period_from"], r["period_to"], r["currency"], r.get("sessions"), r.get("units")) for r in rows
    ] == [
        (D(2025, 7, 1), D(2025, 7, 1), "GBP", 140, 8),
        (D(2025, 7, 1), D(2025, 7, 1), "USD", 10, 1),
        (D(2025, 7, 2), D(2025, 7, 2), "GBP", 80, 4),
    ]
    assert [r.get("orders") for r in rows] == [2, None, 1]


def test_a_weekly_row_counts_where_no_daily_rows_cover_its_days(warehouse: Warehouse) -> None:
    # given only a weekly row for the UK
    _seed(warehouse)
    warehouse.con.execute("DELETE FROM sales_traffic WHERE period_from = period_to")
    # when the week is totalled, then the weekly row is the UK's figure
    rows = _run(warehouse, start=D(2025, 7, 1), end=D(2025, 7, 7), by="marketplace", marketplace="amazon.UK")
    assert [(r["sessions"], r["units"], r["ordered_sales"]) for r in rows] == [(700, 30, Decimal("300.0000"))]


def test_kpi_by_sku_uses_advertised_product_grain_for_ads(warehouse: Warehouse) -> None:
    _seed(warehouse)
    rows = _run(warehouse, start=D(2025, 7, 1), end=D(2025, 7, 1), by="sku", marketplace="amazon.UK")
    # S1's orders on 1 July: O1 and O2 (O3 was cancelled) = 2
    assert rows == [
        {"marketplace": "amazon.UK", "sku": "S1", "currency": "GBP", "sessions": 100, "page_views": 150, "units": 5,
         "orders": 2, "order_items": 5, "ordered_sales": Decimal("50.0000"), "ad_impressions": 1000,
         "ad_clicks": 20, "ad_spend": Decimal("10.0000"), "ad_sales": Decimal("40.0000"), "acos": Decimal("0.2500")},
        {"marketplace": "amazon.UK", "sku": "S1-FBM", "currency": "GBP", "sessions": 100, "page_views": 150,
         "units": 1, "order_items": 1, "ordered_sales": Decimal("11.0000")},
        {"marketplace": "amazon.UK", "sku": "S2", "currency": "GBP", "sessions": 40, "page_views": 44, "units": 2,
         "orders": 1, "order_items": 2, "ordered_sales": Decimal("30.0000")},
    ]  # fmt: skip


def test_daily_rows_win_over_a_weekly_report_of_the_same_days(warehouse: Warehouse) -> None:
    # given the hand-built warehouse (a weekly row 1..7 July and daily rows on 1 and 2 July for amazon.UK)
    _seed(warehouse)
    # when the whole week is totalled
    rows = _run(warehouse, start=D(2025, 7, 1), end=D(2025, 7, 7), by="marketplace", marketplace="amazon.UK")
    # then the daily rows count (units 5 + 1 + 2 + 4 = 12) and the weekly row (30) does not double them
    assert [(r["marketplace"], r["units"], r["ordered_sales"]) for r in rows] == [
        ("amazon.UK", 12, Decimal("131.0000"))
    ]


def test_the_same_kpi_definitions_run_on_an_engine_chosen_by_url(tmp_path: Path) -> None:
    # given a warehouse file, reached once as the embedded default and once through an Ibis URL
    from sellerops.warehouse import open_analytics, open_warehouse

    path = tmp_path / "w.duckdb"
    with open_warehouse(path) as warehouse:
        _seed(warehouse)
    results = []
    connect = mock.Mock(wraps=ibis.connect)
    for db in (str(path), f"duckdb://{path}"):
        with mock.patch.object(ibis, "connect", connect), open_analytics(db) as backend:
            table = kpi_totals(
                backend.table("sales_traffic"), backend.table("order_line"), backend.table("ad_performance"),
                start=D(2025, 7, 1), end=D(2025, 7, 2), by="marketplace",
            )  # fmt: skip
            results.append(table.to_pyarrow().to_pylist())
    # then both ways give the same rows, and only the URL went through ibis.connect
    assert connect.call_args_list == [mock.call(f"duckdb://{path}", read_only=True)]
    assert results[0] == results[1]
    assert [r["sessions"] for r in results[0]] == [220, 10]
