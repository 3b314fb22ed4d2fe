"""KPI comparisons (dod, wow, l7/p7, mtd/lmtd, yoy) on hand-built days; every figure worked out by hand."""

from __future__ import annotations

import datetime as dt

from kpi_rows import UK, N, ad, row, rows, tables, traffic

from sellerops.analytics.kpi_compare import Window, compare_kpis, comparison_spans, comparison_windows
from sellerops.analytics.kpi_daily import daily_kpis
from sellerops.warehouse import Warehouse

D = dt.date
AS_OF = D(2026, 3, 31)  # a Tuesday; its month has 31 days, February 28


def _seed(warehouse: Warehouse) -> None:
    # one SKU; page views are twice the sessions
    days = [
        (D(2026, 3, 31), 100, 10, "200.00"),  # the day
        (D(2026, 3, 30), 50, 5, "100.00"),  # the day before
        (D(2026, 3, 25), 20, 2, "40.00"),  # in the last 7 days
        (D(2026, 3, 24), 80, 4, "80.00"),  # the same weekday a week earlier, in the 7 days before
        (D(2026, 3, 18), 40, 4, "80.00"),  # the first of the 7 days before
        (D(2026, 3, 2), 10, 1, "20.00"),  # month to date only
        (D(2026, 2, 28), 100, 8, "160.00"),  # last month's last day: in LMTD, which is all of February
        (D(2026, 2, 1), 100, 2, "40.00"),
        (D(2026, 1, 31), 999, 99, "999.00"),  # in no window
        (D(2025, 3, 31), 200, 10, "250.00"),  # a year earlier
        (D(2025, 3, 1), 100, 0, "0.00"),  # month to date a year earlier
        (D(2025, 4, 1), 999, 99, "999.00"),  # in no window
    ]
    for day, sessions, units, sales in days:
        traffic(warehouse, UK, day, "P1", "A1", "S1", sessions, 2 * sessions, units, sales)
    # ads only on the day and the day before: other windows have no ads report, so their ads figures are NULL
    ad(warehouse, UK, "campaign", D(2026, 3, 31), 1000, 40, "20.00", "80.00")
    ad(warehouse, UK, "campaign", D(2026, 3, 30), 500, 10, "10.00", "0.00")


def _compare(warehouse: Warehouse, level: str) -> list[tuple[object, ...]]:
    (start_ly, end_ly), (start, end) = comparison_spans(AS_OF)
    sources = tables(warehouse)
    daily = daily_kpis(*sources, start=start_ly, end=end_ly, level=level).union(  # type: ignore[arg-type]
        daily_kpis(*sources, start=start, end=end, level=level)  # type: ignore[arg-type]
    )
    return rows(compare_kpis(daily, as_of=AS_OF, level=level))  # type: ignore[arg-type]


def test_windows_of_the_last_day_of_march_compare_all_of_february() -> None:
    # when the windows of 31 March 2026 are asked, then MTD (31 days) is compared with all of February (28 days)
    assert comparison_windows(AS_OF) == (
        Window("value", D(2026, 3, 31), D(2026, 3, 31)),
        Window("previous_day", D(2026, 3, 30), D(2026, 3, 30)),
        Window("week_ago", D(2026, 3, 24), D(2026, 3, 24)),
        Window("l7", D(2026, 3, 25), D(2026, 3, 31)),
        Window("p7", D(2026, 3, 18), D(2026, 3, 24)),
        Window("mtd", D(2026, 3, 1), D(2026, 3, 31)),
        Window("lmtd", D(2026, 2, 1), D(2026, 2, 28)),
        Window("year_ago", D(2025, 3, 31), D(2025, 3, 31)),
        Window("mtd_ly", D(2025, 3, 1), D(2025, 3, 31)),
    )
    assert comparison_spans(AS_OF) == ((D(2025, 3, 1), D(2025, 3, 31)), (D(2026, 2, 1), D(2026, 3, 31)))


def test_month_and_year_ends_are_cut_at_the_shorter_month() -> None:
    # given days whose day of month the month before or the year before does not have
    def lmtd_and_year_ago(as_of: dt.date) -> tuple[Window, Window, Window]:
        windows = {w.name: w for w in comparison_windows(as_of)}
        return windows["lmtd"], windows["year_ago"], windows["mtd_ly"]

    # then 30 March 2024 (a leap year) compares with 1–29 February; 31 May with 1–30 April; 29 February 2024
    # with 28 February 2023; 5 January with 1–5 December of the year before
    assert lmtd_and_year_ago(D(2024, 3, 30)) == (
        Window("lmtd", D(2024, 2, 1), D(2024, 2, 29)),
        Window("year_ago", D(2023, 3, 30), D(2023, 3, 30)),
        Window("mtd_ly", D(2023, 3, 1), D(2023, 3, 30)),
    )
    assert lmtd_and_year_ago(D(2025, 5, 31))[0] == Window("lmtd", D(2025, 4, 1), D(2025, 4, 30))
    assert lmtd_and_year_ago(D(2024, 2, 29))[1:] == (
        Window("year_ago", D(2023, 2, 28), D(2023, 2, 28)),
        Window("mtd_ly", D(2023, 2, 1), D(2023, 2, 28)),
    )
    assert lmtd_and_year_ago(D(2026, 1, 5))[0] == Window("lmtd", D(2025, 12, 1), D(2025, 12, 5))


def test_compare_per_marketplace_sums_windows_and_recomputes_ratios(warehouse: Warehouse) -> None:
    # given one SKU's days around 31 March 2026
    _seed(warehouse)
    # when the KPIs of 31 March are compared per marketplace
    result = _compare(warehouse, "marketplace")
    # then, by window (sessions / units / sales):
    #   day 100/10/200, day before 50/5/100, week ago 80/4/80,
    #   l7 = 25, 30, 31 March: 170/17/340; p7 = 18, 24 March: 120/8/160,
    #   mtd = 2, 18, 24, 25, 30, 31 March: 300/26/520; lmtd = 1 and 28 February: 200/10/200,
    #   a year ago 200/10/250; mtd a year ago = 1 and 31 March 2025: 300/10/250.
    # Conversion is recomputed per window: l7 17/170 = 0.1 vs p7 8/120 = 0.066667: +50 %; mtd 26/300 = 0.086667
    # vs 10/200 = 0.05: +73.3333 %; against 10/300 a year ago: +160 %.
    # Ads exist on the day (1000, 40, 20.00, 80.00) and the day before (500, 10, 10.00, 0.00) only: l7 and mtd
    # = 1500/50/30.00/80.00; the other recent windows count 0 (changes from 0 are NULL, as are 0/0 ratios); last
    # year has no ads at all, so NULL. Orders, returns and the buy box were never imported: NULL throughout.
    # TACoS = spend / sales: 20/200, 10/100, 0/80, l7 30/340, p7 0/160, mtd 30/520, lmtd 0/200.
    keys = (UK, "GBP")
    assert result == [
        row(*keys, "ordered_sales", "money", "200.000000", "100.000000", "1.000000", "80.000000", "1.500000",
            "340.000000", "160.000000", "1.125000", "520.000000", "200.000000", "1.600000", "250.000000",
            "-0.200000", "250.000000", "1.080000"),
        row(*keys, "units", "count", "10.000000", "5.000000", "1.000000", "4.000000", "1.500000", "17.000000",
            "8.000000", "1.125000", "26.000000", "10.000000", "1.600000", "10.000000", "0.000000", "10.000000",
            "1.600000"),
        row(*keys, "orders", "count", N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
        row(*keys, "sessions", "count", "100.000000", "50.000000", "1.000000", "80.000000", "0.250000",
            "170.000000", "120.000000", "0.416667", "300.000000", "200.000000", "0.500000", "200.000000",
            "-0.500000", "300.000000", "0.000000"),
        row(*keys, "page_views", "count", "200.000000", "100.000000", "1.000000", "160.000000", "0.250000",
            "340.000000", "240.000000", "0.416667", "600.000000", "400.000000", "0.500000", "400.000000",
            "-0.500000", "600.000000", "0.000000"),
        row(*keys, "conversion", "ratio", "0.100000", "0.100000", "0.000000", "0.050000", "1.000000", "0.100000",
            "0.066667", "0.500000", "0.086667", "0.050000", "0.733333", "0.050000", "1.000000", "0.033333",
            "1.600000"),
        row(*keys, "aov", "money", N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
        row(*keys, "buy_box", "ratio", N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
        row(*keys, "returned_units", "count", N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
        row(*keys, "return_rate", "ratio", N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
        row(*keys, "ad_impressions", "count", "1000.000000", "500.000000", "1.000000", "0.000000", N,
            "1500.000000", "0.000000", N, "1500.000000", "0.000000", N, N, N, N, N),
        row(*keys, "ad_clicks", "count", "40.000000", "10.000000", "3.000000", "0.000000", N, "50.000000",
            "0.000000", N, "50.000000", "0.000000", N, N, N, N, N),
        row(*keys, "ctr", "ratio", "0.040000", "0.020000", "1.000000", N, N, "0.033333", N, N, "0.033333", N, N, N,
            N, N, N),
        row(*keys, "cpc", "money", "0.500000", "1.000000", "-0.500000", N, N, "0.600000", N, N, "0.600000", N, N,
            N, N, N, N),
        row(*keys, "ad_spend", "money", "20.000000", "10.000000", "1.000000", "0.000000", N, "30.000000",
            "0.000000", N, "30.000000", "0.000000", N, N, N, N, N),
        row(*keys, "ad_sales", "money", "80.000000", "0.000000", N, "0.000000", N, "80.000000", "0.000000", N,
            "80.000000", "0.000000", N, N, N, N, N),
        row(*keys, "acos", "ratio", "0.250000", N, N, N, N, "0.375000", N, N, "0.375000", N, N, N, N, N, N),
        row(*keys, "roas", "ratio", "4.000000", "0.000000", N, N, N, "2.666667", N, N, "2.666667", N, N, N, N, N,
            N),
        row(*keys, "tacos", "ratio", "0.100000", "0.100000", "0.000000", "0.000000", N, "0.088235", "0.000000", N,
            "0.057692", "0.000000", N, N, N, N, N),
    ]  # fmt: skip


def test_a_sku_that_stopped_selling_shows_a_fall_to_zero(warehouse: Warehouse) -> None:
    # given the same days, and S2 that sold 3 units from 30 sessions only on 24 March (a week before)
    _seed(warehouse)
    traffic(warehouse, UK, D(2026, 3, 24), "P1", "A2", "S2", 30, 30, 3, "60.00")
    # when compared per SKU
    result = [r for r in _compare(warehouse, "sku") if r[3] in ("units", "conversion")]
    # then S1 is as per marketplace, and S2 has 0 units (not NULL) wherever the UK has traffic rows: wow -100 %,
    # l7 0 vs p7 3: -100 %; its conversion is NULL where it had no sessions (0 denominators)
    assert result == [
        row(UK, "S1", "GBP", "units", "count", "10.000000", "5.000000", "1.000000", "4.000000", "1.500000",
            "17.000000", "8.000000", "1.125000", "26.000000", "10.000000", "1.600000", "10.000000", "0.000000",
            "10.000000", "1.600000"),
        row(UK, "S1", "GBP", "conversion", "ratio", "0.100000", "0.100000", "0.000000", "0.050000", "1.000000",
            "0.100000", "0.066667", "0.500000", "0.086667", "0.050000", "0.733333", "0.050000", "1.000000",
            "0.033333", "1.600000"),
        row(UK, "S2", "GBP", "units", "count", "0.000000", "0.000000", N, "3.000000", "-1.000000", "0.000000",
            "3.000000", "-1.000000", "3.000000", "0.000000", N, "0.000000", N, "0.000000", N),
        row(UK, "S2", "GBP", "conversion", "ratio", N, N, N, "0.100000", N, N, "0.100000", N, "0.100000", N, N, N,
            N, N, N),
    ]  # fmt: skip


def test_compare_output_columns() -> None:
    # the report layer is written against these names
    assert compare_kpis(_empty_daily(), as_of=AS_OF, level="parent").columns == (
        "marketplace", "parent_asin", "currency", "metric", "unit", "value", "previous_day", "dod_change",
        "week_ago", "wow_change", "l7", "p7", "l7_change", "mtd", "lmtd", "mtd_change", "year_ago", "yoy_change",
        "mtd_ly", "mtd_yoy_change",
    )  # fmt: skip


def _empty_daily() -> object:
    import ibis

    from sellerops.analytics.kpi_daily import COMPONENTS, KPI_ORDER, MEASURES

    types = {m.name: m.sql_type for m in MEASURES}
    schema = {"marketplace": "string", "parent_asin": "string", "date": "date", "currency": "string"}
    schema |= {k: types.get(k, "decimal(18, 6)") for k in (*KPI_ORDER, *COMPONENTS)}
    return ibis.table(schema, name="daily")
