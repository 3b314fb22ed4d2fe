"""Ads metrics per level: sums and ratios from the sums, 7- and 14-day attribution never added together."""

from __future__ import annotations

from decimal import Decimal

from ad_rows import AUTO, DAY, perf

from sellerops.analytics.ads import ad_metrics
from sellerops.warehouse import Warehouse


def test_campaign_metrics_keep_attribution_windows_and_grains_apart(warehouse: Warehouse) -> None:
    # given two 7-day search-term rows, one 14-day row and one campaign-report row of the same campaign
    perf(
        warehouse,
        "search_term",
        2,
        campaign=AUTO,
        ad_group="auto",
        term="a",
        clicks=4,
        spend="2.00",
        sales="10.00",
        orders=1,
    )
    perf(
        warehouse,
        "search_term",
        3,
        campaign=AUTO,
        ad_group="auto",
        term="b",
        clicks=6,
        spend="3.00",
        sales="0",
    )
    perf(warehouse, "search_term", 4, campaign=AUTO, ad_group="auto", term="a", clicks=4, spend="2.00", sales="12.00",
         orders=1, days=14)  # fmt: skip
    perf(warehouse, "campaign", 5, campaign=AUTO, clicks=10, spend="5.00", sales="10.00", orders=1)
    # when campaign metrics are read for the day
    table = ad_metrics(warehouse.ibis().table("ad_performance"), level="campaign", start=DAY, end=DAY)
    rows = table.drop("first_day", "last_day").to_pyarrow().to_pylist()
    # then one row per grain and window: CTR = clicks / (10 × clicks) = 0.1; CPC 5.00 / 10 = 0.5; ACoS 5 / 10 = 0.5
    common = {"marketplace": "amazon.US", "currency": "USD", "campaign_name": AUTO, "ctr": 0.1}
    assert [{k: v for k, v in r.items() if k not in ("spend", "sales")} for r in rows] == [
        {**common, "report_type": "campaign", "attribution_days": 7, "rows": 1, "impressions": 100, "clicks": 10,
         "orders": 1, "units": 1, "cpc": 0.5, "conversion": 0.1, "acos": 0.5, "roas": 2.0},
        {**common, "report_type": "search_term", "attribution_days": 7, "rows": 2, "impressions": 100, "clicks": 10,
         "orders": 1, "units": 1, "cpc": 0.5, "conversion": 0.1, "acos": 0.5, "roas": 2.0},
        {**common, "report_type": "search_term", "attribution_days": 14, "rows": 1, "impressions": 40, "clicks": 4,
         "orders": 1, "units": 1, "cpc": 0.5, "conversion": 0.25, "acos": 0.166667, "roas": 6.0},
    ]  # fmt: skip
    assert [(str(r["spend"]), str(r["sales"])) for r in rows] == [
        ("5.0000", "10.0000"),
        ("5.0000", "10.0000"),
        ("2.0000", "12.0000"),
    ]


def _row(
    warehouse: Warehouse, report_type: str, row: int, clicks: int, spend: str, sales: str, **keys: str
) -> None:
    columns = ", ".join(keys)
    marks = ", ".join("?" for _ in keys)
    warehouse.con.execute(
        "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, impressions, "
        f"clicks, spend, currency, attribution_days, sales, orders, units, source_row, import_id, {columns}) "
        f"VALUES (?, 'amazon.US', ?, ?, 'SPONSORED_PRODUCTS', ?, ?, ?, 'USD', 7, ?, 1, 1, ?, 1, {marks})",
        [report_type, DAY, DAY, clicks * 20, clicks, Decimal(spend), Decimal(sales), row, *keys.values()],
    )


def test_portfolio_advertised_sku_sku_and_placement_levels(warehouse: Warehouse) -> None:
    # given a campaign report row of portfolio "Dogs", advertised-product rows of SKU D-1 in two campaigns and
    # of D-2, and two placement rows of one campaign
    _row(warehouse, "campaign", 1, 10, "5.00", "20.00", portfolio="Dogs", campaign_name="Beds")
    _row(warehouse, "advertised_product", 2, 4, "2.00", "10.00", campaign_name="Beds", ad_group_name="g",
         advertised_sku="D-1")  # fmt: skip
    _row(warehouse, "advertised_product", 3, 6, "3.00", "0", campaign_name="Toys", ad_group_name="g",
         advertised_sku="D-1")  # fmt: skip
    _row(warehouse, "advertised_product", 4, 2, "1.00", "8.00", campaign_name="Beds", ad_group_name="g",
         advertised_sku="D-2")  # fmt: skip
    _row(
        warehouse,
        "placement",
        5,
        8,
        "4.00",
        "16.00",
        campaign_name="Beds",
        placement="Top of Search (first page)",
    )
    _row(warehouse, "placement", 6, 2, "1.00", "4.00", campaign_name="Beds", placement="Rest of search")
    table = warehouse.ibis().table("ad_performance")

    def read(level: str, *keys: str) -> list[tuple[object, ...]]:
        rows = ad_metrics(table, level=level, start=DAY, end=DAY).to_pyarrow().to_pylist()  # type: ignore[arg-type]
        return [(*(r[k] for k in keys), r["clicks"], str(r["spend"]), r["acos"]) for r in rows]

    # when each level is read, then each sums its own rows: D-1 across campaigns is 10 clicks, 5.00 spend on
    # 10.00 sales (ACoS 0.5); a level's rows come only from the report that names its key
    assert read("portfolio", "portfolio") == [("Dogs", 10, "5.0000", 0.25)]
    assert read("sku", "advertised_sku") == [("D-1", 10, "5.0000", 0.5), ("D-2", 2, "1.0000", 0.125)]
    assert read("advertised_sku", "campaign_name", "advertised_sku") == [
        ("Beds", "D-1", 4, "2.0000", 0.2),
        ("Beds", "D-2", 2, "1.0000", 0.125),
        ("Toys", "D-1", 6, "3.0000", None),
    ]
    assert read("placement", "placement") == [
        ("Rest of search", 2, "1.0000", 0.25),
        ("Top of Search (first page)", 8, "4.0000", 0.25),
    ]
