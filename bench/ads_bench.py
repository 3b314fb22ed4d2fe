"""How long the ads plan takes on a large account: a generated 2-million-row daily search-term history.

    .venv/bin/python bench/ads_bench.py [--rows 2000000] [--db /tmp/ads_bench/w.duckdb]

The history is written straight into a fresh warehouse with DuckDB (generation is not timed): 40 days of daily
search-term rows over 400 campaigns (auto, broad, phrase, exact), 1,600 ad groups and ~50,000 distinct terms,
with a bulk snapshot giving the IDs, SKUs and bids, and daily campaign rows with budgets. What is timed is the
plan end to end: metrics per campaign, ad group, target and search term over the window, then harvest, negatives
(with the n-gram pass), bids and budgets for every marketplace, as `sellerops ads plan` runs them.
The last line is one JSON object with `rows`, `seconds` and the number of proposals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import time
from pathlib import Path

from sellerops.analytics.ads import ad_metrics
from sellerops.rules.ads_plan_rules import plan_all
from sellerops.rules.config import load_rules
from sellerops.warehouse import open_warehouse

END = dt.date(2026, 10, 31)
DAYS = 40
MATCH = "CASE c % 4 WHEN 0 THEN NULL WHEN 1 THEN 'BROAD' WHEN 2 THEN 'PHRASE' ELSE 'EXACT' END"


def generate(db: Path, rows: int) -> None:
    shutil.rmtree(db.parent, ignore_errors=True)
    with open_warehouse(db) as warehouse:
        con = warehouse.con
        per_day = rows // DAYS
        con.execute(f"""
            INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_id,
                campaign_name, ad_group_id, ad_group_name, keyword_id, targeting, match_type, search_term, bid,
                state, impressions, clicks, spend, currency, attribution_days, sales, orders, units, source_row,
                import_id)
            SELECT 'bulk_search_term', 'amazon.US', d, d, 'SPONSORED_PRODUCTS', (1000 + c)::VARCHAR,
                'Campaign ' || c, (10000 + g)::VARCHAR, 'Group ' || g,
                CASE WHEN c % 4 = 0 THEN NULL ELSE (100000 + g)::VARCHAR END,
                CASE WHEN c % 4 = 0 THEN 'close-match' ELSE 'kw ' || (g % 97) END, {MATCH},
                'word' || (t % 211) || ' item' || (t % 97) || ' size' || (t % 13), 0.80, 'enabled',
                10 + (h % 50), clicks, round(clicks * 0.7, 2), 'USD', 7,
                CASE WHEN h % 9 = 0 THEN 25.00 ELSE 0 END, CASE WHEN h % 9 = 0 THEN 1 ELSE 0 END,
                CASE WHEN h % 9 = 0 THEN 1 ELSE 0 END, i, 1
            FROM (
                SELECT i, DATE '{END}' - (i % {DAYS})::INTEGER AS d, (i // {DAYS}) % 400 AS c,
                       ((i // {DAYS}) % 400) * 4 + (i // 16000) % 4 AS g, hash(i // {DAYS}) % 50000 AS t,
                       hash(i) % 1000 AS h, (hash(i) % 4)::BIGINT AS clicks
                FROM range({per_day * DAYS}) r(i)
            )""")  # fmt: skip
        con.execute(f"""
            INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_name,
                daily_budget, impressions, clicks, spend, currency, attribution_days, sales, orders, units,
                source_row, import_id)
            SELECT 'campaign', 'amazon.US', DATE '{END}' - d::INTEGER, DATE '{END}' - d::INTEGER, 'SPONSORED_PRODUCTS',
                'Campaign ' || c, 20, 1000, 40, CASE WHEN c % 5 = 0 THEN 19.50 ELSE 12 END, 'USD', 7,
                CASE WHEN c % 10 = 0 THEN 100 ELSE 30 END, 4, 4, c * 100 + d, 2
            FROM range(400) a(c), range(7) b(d)""")  # fmt: skip
        con.execute("""
            INSERT INTO ad_entity (marketplace, ad_product, entity, entity_id, campaign_id, ad_group_id, ad_id,
                campaign_name, ad_group_name, sku, targeting_type, state, currency, source_row, import_id)
            SELECT 'amazon.US', 'SPONSORED_PRODUCTS', e, id, (1000 + c)::VARCHAR, g, ad,
                'Campaign ' || c, CASE WHEN g IS NULL THEN NULL ELSE 'Group ' || (g::INTEGER - 10000) END,
                sku, tt, 'enabled', 'USD', row_number() OVER (), 3
            FROM (
                SELECT 'Campaign' AS e, (1000 + c)::VARCHAR AS id, c, NULL AS g, NULL AS ad, NULL AS sku,
                       CASE WHEN c % 4 = 0 THEN 'Auto' ELSE 'Manual' END AS tt FROM range(400) r(c)
                UNION ALL
                SELECT 'Ad Group', (10000 + c * 4 + k)::VARCHAR, c, (10000 + c * 4 + k)::VARCHAR, NULL, NULL, NULL
                FROM range(400) r(c), range(4) s(k)
                UNION ALL
                SELECT 'Product Ad', (900000 + c * 4 + k)::VARCHAR, c, (10000 + c * 4 + k)::VARCHAR,
                       (900000 + c * 4 + k)::VARCHAR, 'SKU-' || (c // 4), NULL FROM range(400) r(c), range(4) s(k)
            )""")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/ads_bench/w.duckdb"))
    args = parser.parse_args()
    generate(args.db, args.rows)
    with open_warehouse(args.db, read_only=True) as warehouse:
        rows = warehouse.count("ad_performance")
        backend = warehouse.ibis()
        performance = backend.table("ad_performance")
        start = time.perf_counter()
        window = END - dt.timedelta(days=29)
        levels = [ad_metrics(performance, level=lv, start=window, end=END).count().to_pyarrow().as_py()
                  for lv in ("campaign", "ad_group", "target", "search_term")]  # fmt: skip
        plans = plan_all(
            performance,
            backend.table("ad_entity"),
            backend.table("ad_change"),
            config=load_rules(),
            as_of=END,
        )
        seconds = time.perf_counter() - start
    kinds: dict[str, int] = {}
    for plan in plans:
        for p in plan.proposals:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
    print(f"metric rows per level: {levels}; proposals: {kinds}")
    print(json.dumps({"rows": rows, "seconds": round(seconds, 2), "proposals": sum(kinds.values())}))


if __name__ == "__main__":
    main()
