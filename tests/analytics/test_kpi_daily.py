"""Daily KPIs on a hand-built warehouse; every figure worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kpi_rows import UK, US, N, ad, order, returned, row, rows, tables, traffic

from sellerops.analytics.kpi_daily import daily_kpis
from sellerops.warehouse import Warehouse

J1, J2 = dt.date(2025, 7, 1), dt.date(2025, 7, 2)


def _seed(warehouse: Warehouse) -> None:
    w = warehouse
    # UK, 1 July: two SKUs on ASIN A1 (Amazon repeats A1's 100 sessions and 150 page views on both SKU rows; each
    # SKU offer holds its own buy-box share), S2 on A2, and S3 on A3 that nobody visited (zero denominators).
    traffic(w, UK, J1, "P1", "A1", "S1", 100, 150, 5, "50.00", "0.90")
    traffic(w, UK, J1, "P1", "A1", "S1-FBM", 100, 150, 1, "11.00", "0.05")
    traffic(w, UK, J1, "P1", "A2", "S2", 40, 44, 2, "30.00", "1.00")
    traffic(w, UK, J1, "P2", "A3", "S3", 0, 0, 0, "0.00")
    traffic(w, UK, J2, "P1", "A1", "S1", 80, 90, 4, "40.00", "0.50")
    # a weekly row over 1..7 July: not a day, never counted in daily KPIs
    traffic(w, UK, J1, "P1", "A1", "S1", 700, 900, 30, "300.00", "0.90", to=dt.date(2025, 7, 7))
    traffic(w, US, J1, "Q1", "B1", "U1", 10, 12, 1, "9.99")
    # orders: O1 has two lines (S1, S2), O2 is pending without a currency, O3 is cancelled, O5 is a SKU that
    # sales_traffic never showed (its parent is unknown)
    order(w, UK, "O1", "1", J1, "Shipped", "S1", currency="GBP")
    order(w, UK, "O1", "2", J1, "Shipped", "S2", currency="GBP")
    order(w, UK, "O2", "1", J1, "Pending", "S1")
    order(w, UK, "O3", "1", J1, "Cancelled", "S1", currency="GBP")
    order(w, UK, "O4", "1", J2, "Shipped", "S1", currency="GBP")
    order(w, UK, "O5", "1", J1, "Shipped", "S9", currency="GBP")
    returned(w, UK, J1, "O0", "S1", 1)
    returned(w, UK, J2, "O1", "S2", 1)
    # ads: on 1 July a campaign and a search-term report of the same spend (the campaign grain counts); on 2 July
    # only search terms (they count that day); advertised-product rows for S1 and S2 on 1 July; a monthly range
    # row that is no day
    ad(w, UK, "campaign", J1, 1000, 20, "10.00", "40.00")
    ad(w, UK, "search_term", J1, 900, 20, "10.00", "40.00")
    ad(w, UK, "search_term", J2, 300, 6, "3.00", "0.00")
    ad(w, UK, "advertised_product", J1, 600, 12, "6.00", "30.00", sku="S1")
    ad(w, UK, "advertised_product", J1, 400, 8, "4.00", "10.00", sku="S2")
    ad(w, UK, "campaign", J1, 9000, 90, "90.00", "90.00", to=dt.date(2025, 7, 31))


COLUMNS = (
    "date", "currency", "ordered_sales", "units", "orders", "sessions", "page_views", "conversion", "aov",
    "buy_box", "returned_units", "return_rate", "ad_impressions", "ad_clicks", "ctr", "cpc", "ad_spend", "ad_sales",
    "acos", "roas", "tacos", "buy_box_sessions", "buy_box_won_sessions",
)  # fmt: skip


def test_daily_kpis_per_marketplace(warehouse: Warehouse) -> None:
    # given the hand-built warehouse
    _seed(warehouse)
    # when 1..2 July is asked per marketplace
    result = daily_kpis(*tables(warehouse), start=J1, end=J2, level="marketplace")
    # then UK 1 July: sessions A1 once + A2 + A3 = 100 + 40 + 0 = 140, page views 150 + 44 = 194; units 8; sales 91;
    # orders O1, O2 (pending, no currency: on the home currency GBP), O5 = 3; conversion 8/140 = 0.057143;
    # AOV 91/3 = 30.3333; buy box: A1 holds 0.90 + 0.05 = 0.95 of 100 sessions, A2 1.00 of 40, A3 states none:
    # 135/140 = 0.964286; 1 return / 8 units = 0.125; campaign grain: CTR 20/1000, CPC 10/20, ACoS 10/40,
    # ROAS 40/10, TACoS 10/91 = 0.109890.
    # UK 2 July: search terms are the day's only grain: 300, 6, 3.00, 0.00 → ACoS NULL (no ad sales), ROAS 0,
    # TACoS 3/40; return 1 / 4 units. US: only traffic: orders, returns and ads NULL (not imported), not 0.
    assert result.columns == ("marketplace", *COLUMNS)
    assert rows(result.order_by("marketplace", "date")) == [
        row(UK, J1, "GBP", "91.0000", 8, 3, 140, 194, "0.057143", "30.3333", "0.964286", 1, "0.125000", 1000, 20,
            "0.020000", "0.5000", "10.0000", "40.0000", "0.250000", "4.000000", "0.109890", 140, "135.000000"),
        row(UK, J2, "GBP", "40.0000", 4, 1, 80, 90, "0.050000", "40.0000", "0.500000", 1, "0.250000", 300, 6,
            "0.020000", "0.5000", "3.0000", "0.0000", N, "0.000000", "0.075000", 80, "40.000000"),
        row(US, J1, "USD", "9.9900", 1, N, 10, 12, "0.100000", N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
    ]  # fmt: skip


def test_daily_kpis_per_sku_fill_zero_where_the_marketplace_has_the_report(warehouse: Warehouse) -> None:
    # given the hand-built warehouse
    _seed(warehouse)
    # when 1..2 July is asked per SKU for the UK
    result = daily_kpis(*tables(warehouse), start=J1, end=J2, level="sku", marketplace=UK)
    # then each SKU row keeps its own sessions (S1 and S1-FBM both 100); ads only from advertised-product rows;
    # a SKU without orders, returns or ads shows 0 where the UK has them in the range (S1-FBM; on 2 July, when
    # no SKU was advertised: TACoS 0/40), ratios over 0 are NULL; S9 only has an order (AOV 0/1).
    # S1 1 July: orders O1, O2 = 2, AOV 50/2 = 25, return 1/5, CTR 12/600, CPC 6/12, ACoS 6/30, ROAS 30/6,
    # TACoS 6/50. S2 1 July: TACoS 4/30 = 0.133333. S2 2 July: only a return (1), its units are 0 → rate NULL.
    assert result.columns == ("marketplace", "sku", *COLUMNS)
    assert rows(result.order_by("sku", "date")) == [
        row(UK, "S1", J1, "GBP", "50.0000", 5, 2, 100, 150, "0.050000", "25.0000", "0.900000", 1, "0.200000", 600, 12,
            "0.020000", "0.5000", "6.0000", "30.0000", "0.200000", "5.000000", "0.120000", 100, "90.000000"),
        row(UK, "S1", J2, "GBP", "40.0000", 4, 1, 80, 90, "0.050000", "40.0000", "0.500000", 0, "0.000000", 0, 0,
            N, N, "0.0000", "0.0000", N, N, "0.000000", 80, "40.000000"),
        row(UK, "S1-FBM", J1, "GBP", "11.0000", 1, 0, 100, 150, "0.010000", N, "0.050000", 0, "0.000000", 0, 0,
            N, N, "0.0000", "0.0000", N, N, "0.000000", 100, "5.000000"),
        row(UK, "S2", J1, "GBP", "30.0000", 2, 1, 40, 44, "0.050000", "30.0000", "1.000000", 0, "0.000000", 400, 8,
            "0.020000", "0.5000", "4.0000", "10.0000", "0.400000", "2.500000", "0.133333", 40, "40.000000"),
        row(UK, "S2", J2, "GBP", "0.0000", 0, 0, 0, 0, N, N, N, 1, N, 0, 0, N, N, "0.0000", "0.0000", N, N, N, 0,
            "0.000000"),
        row(UK, "S3", J1, "GBP", "0.0000", 0, 0, 0, 0, N, N, N, 0, N, 0, 0, N, N, "0.0000", "0.0000", N, N, N, 0,
            "0.000000"),
        row(UK, "S9", J1, "GBP", "0.0000", 0, 1, 0, 0, N, "0.0000", N, 0, N, 0, 0, N, N, "0.0000", "0.0000", N, N,
            N, 0, "0.000000"),
    ]  # fmt: skip


def test_daily_kpis_per_parent_count_an_order_once_and_map_skus_to_parents(warehouse: Warehouse) -> None:
    # given the hand-built warehouse
    _seed(warehouse)
    # when 1..2 July is asked per parent ASIN
    result = daily_kpis(*tables(warehouse), start=J1, end=J2, level="parent")
    # then P1 on 1 July has A1's sessions once (100) + A2 (40); O1 (S1 and S2, both P1) counts once, with O2: 2
    # orders, AOV 91/2 = 45.5; ads are its SKUs' advertised-product rows (1000, 20, 10.00, 40.00); S9's order goes
    # to parent ''; S2's return on 2 July reaches P1 through S2's parent (1 of 4 units); no SKU ads that day: 0.
    assert result.columns == ("marketplace", "parent_asin", *COLUMNS)
    assert rows(result.order_by("marketplace", "parent_asin", "date")) == [
        row(UK, "", J1, "GBP", "0.0000", 0, 1, 0, 0, N, "0.0000", N, 0, N, 0, 0, N, N, "0.0000", "0.0000", N, N, N,
            0, "0.000000"),
        row(UK, "P1", J1, "GBP", "91.0000", 8, 2, 140, 194, "0.057143", "45.5000", "0.964286", 1, "0.125000", 1000,
            20, "0.020000", "0.5000", "10.0000", "40.0000", "0.250000", "4.000000", "0.109890", 140, "135.000000"),
        row(UK, "P1", J2, "GBP", "40.0000", 4, 1, 80, 90, "0.050000", "40.0000", "0.500000", 1, "0.250000", 0, 0, N,
            N, "0.0000", "0.0000", N, N, "0.000000", 80, "40.000000"),
        row(UK, "P2", J1, "GBP", "0.0000", 0, 0, 0, 0, N, N, N, 0, N, 0, 0, N, N, "0.0000", "0.0000", N, N, N, 0,
            "0.000000"),
        row(US, "Q1", J1, "USD", "9.9900", 1, N, 10, 12, "0.100000", N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
    ]  # fmt: skip


def test_a_day_takes_the_first_ads_grain_present_that_day(warehouse: Warehouse) -> None:
    # given the hand-built warehouse
    _seed(warehouse)
    # when only 2 July is asked, and then only 1 July
    second = daily_kpis(*tables(warehouse), start=J2, end=J2, level="marketplace", marketplace=UK)
    first = daily_kpis(*tables(warehouse), start=J1, end=J1, level="marketplace", marketplace=UK)
    # then each day's ads are the same as when both days are asked together: search terms on 2 July, the
    # campaign grain on 1 July (the search terms' 900 impressions and the monthly row are left out)
    ads = ["ad_impressions", "ad_clicks", "ad_spend", "ad_sales"]
    assert rows(second.select("date", *ads)) == [(J2, 300, 6, Decimal("3.0000"), Decimal("0.0000"))]
    assert rows(first.select("date", *ads)) == [(J1, 1000, 20, Decimal("10.0000"), Decimal("40.0000"))]


def test_a_parent_share_of_the_buy_box_is_capped_at_one(warehouse: Warehouse) -> None:
    # given two SKU offers of one ASIN whose stated shares add up to more than 1 (rounding in the report)
    traffic(warehouse, UK, J1, "P1", "A1", "S1", 10, 10, 1, "5.00", "0.70")
    traffic(warehouse, UK, J1, "P1", "A1", "S1-FBM", 10, 10, 0, "0.00", "0.40")
    # when per parent
    result = daily_kpis(*tables(warehouse), start=J1, end=J1, level="parent")
    # then the seller holds the whole buy box of A1 (1.00), not 110 %
    assert rows(result.select("parent_asin", "buy_box", "buy_box_sessions")) == [
        ("P1", Decimal("1.000000"), 10)
    ]
