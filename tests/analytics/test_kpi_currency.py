"""KPI money in a reporting currency: converted beside the original, a missing rate flagged and never guessed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
from kpi_rows import DE, UK, US, N, ad, order, row, rows, tables, traffic

from sellerops.analytics.kpi_compare import compare_kpis
from sellerops.analytics.kpi_currency import to_reporting_currency
from sellerops.analytics.kpi_daily import daily_kpis
from sellerops.warehouse import Warehouse

J1 = dt.date(2025, 7, 1)
# 1 GBP = 1.25 USD; no rate for EUR
RATES = pa.table({"currency": ["GBP"], "rate": pa.array([Decimal("1.25")], pa.decimal128(10, 4))})


def _seed(warehouse: Warehouse) -> None:
    traffic(warehouse, UK, J1, "P1", "A1", "S1", 100, 100, 5, "50.00")
    order(warehouse, UK, "O1", "1", J1, "Shipped", "S1", currency="GBP")
    ad(warehouse, UK, "campaign", J1, 1000, 20, "10.00", "40.00")
    traffic(warehouse, US, J1, "Q1", "B1", "U1", 10, 10, 1, "9.99")
    traffic(warehouse, DE, J1, "R1", "C1", "D1", 20, 20, 2, "30.00")


def test_daily_money_is_converted_beside_the_original(warehouse: Warehouse) -> None:
    # given daily KPIs in GBP, USD and EUR, and a rate for GBP only
    _seed(warehouse)
    daily = daily_kpis(*tables(warehouse), start=J1, end=J1, level="marketplace")
    # when converted to USD
    result = to_reporting_currency(daily, RATES, currency="USD").order_by("marketplace")
    # then the original columns stay as they were and each money column gains a _reporting twin
    assert result.columns == (
        *daily.columns, "ordered_sales_reporting", "ad_spend_reporting", "ad_sales_reporting", "aov_reporting",
        "cpc_reporting", "reporting_currency", "exchange_rate", "rate_missing",
    )  # fmt: skip
    # and UK: 50.00 GBP x 1.25 = 62.50 USD, spend 12.50, ad sales 50.00, AOV 50/1 x 1.25 = 62.50, CPC 0.50 x 1.25
    # = 0.625; US is already in USD (rate 1); DE's EUR has no rate: kept, unconverted, flagged
    shown = result.select(
        "marketplace", "currency", "ordered_sales", "ordered_sales_reporting", "ad_spend_reporting",
        "ad_sales_reporting", "aov_reporting", "cpc_reporting", "reporting_currency", "exchange_rate", "rate_missing",
    )  # fmt: skip
    assert rows(shown) == [
        row(DE, "EUR", "30.0000", N, N, N, N, N, "USD", N, True),
        row(UK, "GBP", "50.0000", "62.5000", "12.5000", "50.0000", "62.5000", "0.6250", "USD", "1.25000000", False),
        row(US, "USD", "9.9900", "9.9900", N, N, N, N, "USD", "1.00000000", False),
    ]  # fmt: skip


def test_long_form_converts_money_rows_and_copies_counts(warehouse: Warehouse) -> None:
    # given the comparison of 1 July per marketplace (only that day has data: the other windows are NULL)
    _seed(warehouse)
    daily = daily_kpis(*tables(warehouse), start=J1, end=J1, level="marketplace", marketplace=UK)
    compared = compare_kpis(daily, as_of=J1)
    # when converted to USD
    result = to_reporting_currency(compared, RATES, currency="USD")
    # then money rows are multiplied by 1.25, counts and ratios are copied, changes need no twin
    shown = result.filter(result.metric.isin(["ordered_sales", "units", "conversion", "cpc"])).order_by(
        "metric"
    )
    assert rows(
        shown.select("metric", "unit", "value", "value_reporting", "mtd_reporting", "rate_missing")
    ) == [
        row("conversion", "ratio", "0.050000", "0.050000", "0.050000", False),
        row("cpc", "money", "0.500000", "0.625000", "0.625000", False),
        row("ordered_sales", "money", "50.000000", "62.500000", "62.500000", False),
        row("units", "count", "5.000000", "5.000000", "5.000000", False),
    ]
    assert [c for c in result.columns if c.endswith("_reporting")] == [
        "value_reporting", "previous_day_reporting", "week_ago_reporting", "l7_reporting", "p7_reporting",
        "mtd_reporting", "lmtd_reporting", "year_ago_reporting", "mtd_ly_reporting",
    ]  # fmt: skip
