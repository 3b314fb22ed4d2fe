"""Ads metrics per level: sums and ratios from the sums, 7- and 14-day attribution never added together."""

from __future__ import annotations

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
