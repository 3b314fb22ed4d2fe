"""A large seller written straight into a fresh warehouse with DuckDB SQL, for bench/daily_bench.py.

N SKUs (5 per parent ASIN, 60 % advertised) on amazon.US/UK/DE over D days ending END: daily sales and traffic,
order lines (1–2 units each, some orders span two SKUs, 2 % cancelled, 5 % pending without a currency), daily
advertised-product ads rows, returns of 2.5 % of shipped lines, a daily inventory snapshot and a weekly listing
snapshot. Every figure comes from hash() of its keys, so the same arguments give the same warehouse; weekdays
carry a weekly season (Saturday +20 %). No report files: this feeds the daily run, not the import.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sellerops.warehouse import open_warehouse

END = dt.date(2026, 10, 31)
MARKETS = (("amazon.US", "USD", 1.0), ("amazon.UK", "GBP", 0.8), ("amazon.DE", "EUR", 0.92))
TABLES = ("sales_traffic", "order_line", "ad_performance", "return_line", "inventory_snapshot", "listing")


def _setup_sql(skus: int, days: int) -> str:
    start = END - dt.timedelta(days=days - 1)
    markets = ", ".join(
        f"({i}, '{code}', '{cur}', {factor})" for i, (code, cur, factor) in enumerate(MARKETS)
    )
    return f"""
    CREATE MACRO u(x) AS (x % 1000000) / 1000000.0;  -- a hash as a uniform number in [0, 1)
    CREATE TEMP TABLE b_sku AS
      SELECT s, printf('SKU-%05d', s) AS sku, printf('B0%08d', s) AS asin, printf('P0%08d', s // 5) AS parent,
             1 + hash(s, 'sessions') % 30 AS base_sessions, 0.01 + u(hash(s, 'conv')) * 0.08 AS conv,
             9.99 + (hash(s, 'price') % 5000) / 100.0 AS base_price, hash(s, 'ads') % 10 < 6 AS advertised
      FROM range({skus}) t(s);
    CREATE TEMP TABLE b_market AS SELECT * FROM (VALUES {markets}) v(m, code, currency, price_factor);
    CREATE TEMP TABLE b_day AS
      SELECT d, DATE '{start}' + d::INTEGER AS day,
             [0.95, 0.9, 0.9, 0.95, 1.05, 1.2, 1.05][isodow(DATE '{start}' + d::INTEGER)] AS season
      FROM range({days}) t(d);
    CREATE TEMP VIEW b_grid AS
      SELECT *, floor(sessions * conv + u(hash(s, m, d, 'units')))::BIGINT AS units
      FROM (
        SELECT k.*, mk.*, dd.*, round(base_price * price_factor, 2)::DECIMAL(18, 4) AS price,
               floor(base_sessions * season * (0.5 + u(hash(s, m, d)) * 1.0))::BIGINT AS sessions
        FROM b_sku k, b_market mk, b_day dd
      );
    CREATE TEMP VIEW b_line AS
      SELECT g.*, n AS k, least(2, units - 2 * n)::INTEGER AS quantity,
             CASE WHEN hash(s // 2, m, d) % 10 = 0 THEN printf('J%d-%d-%d-%d', m, d, s // 2, n)
                  ELSE printf('%d-%d-%d-%d', m, d, s, n) END AS order_id,
             CASE WHEN hash(s, m, d, n, 'status') % 100 < 2 THEN 'Cancelled'
                  WHEN hash(s, m, d, n, 'status') % 100 < 7 THEN 'Pending' ELSE 'Shipped' END AS status
      FROM b_grid g, LATERAL (SELECT unnest(range((units + 1) // 2)) AS n)
      WHERE units > 0;
    """


def _fill_sql(days: int) -> dict[str, str]:
    end = END
    return {
        "sales_traffic": """
        INSERT INTO sales_traffic (marketplace, period_from, period_to, parent_asin, child_asin, sku, title, sessions,
          page_views, buy_box_ratio, units_ordered, ordered_sales, currency, order_items, import_id)
        SELECT code, day, day, parent, asin, sku, 'Bench product ' || s, sessions, sessions + sessions // 3,
               (0.8 + u(hash(s, m, d, 'bb')) * 0.2)::DECIMAL(12, 6), units, units * price, currency,
               (units + 1) // 2, 1
        FROM b_grid""",
        "order_line": """
        INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status,
          fulfillment_channel, sales_channel, sku, asin, quantity, currency, item_price, import_id)
        SELECT code, order_id, s::VARCHAR, (day + INTERVAL 12 HOUR)::TIMESTAMPTZ, day, status, 'Amazon', code,
               sku, asin, quantity, CASE WHEN status = 'Pending' THEN NULL ELSE currency END,
               CASE WHEN status = 'Shipped' THEN quantity * price END, 1
        FROM b_line""",
        "ad_performance": f"""
        INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_id,
          campaign_name, ad_group_id, ad_group_name, advertised_sku, advertised_asin, impressions, clicks, spend,
          currency, sales, orders, units, source_row, import_id)
        SELECT 'advertised_product', code, day, day, 'SP', 'C' || (s // 50), 'Campaign ' || (s // 50),
               'G' || (s // 10), 'Ad group ' || (s // 10), sku, asin, impressions, clicks,
               round(clicks * (0.3 + u(hash(s, m, 'cpc')) * 1.2) * price_factor, 2)::DECIMAL(18, 4), currency,
               round(units * price * (0.2 + u(hash(s, m, d, 'attr')) * 0.4), 2)::DECIMAL(18, 4),
               units // 2, units // 2, (s * 3 + m) * {days} + d, 1
        FROM (SELECT *, sessions * (10 + hash(s, m, d, 'imp') % 20) AS impressions,
                     floor(sessions * (10 + hash(s, m, d, 'imp') % 20) * (0.002 + u(hash(s, m, d, 'ctr')) * 0.006))::BIGINT AS clicks
              FROM b_grid WHERE advertised)""",
        "return_line": f"""
        INSERT INTO return_line (marketplace, return_at, return_date, order_id, sku, asin, quantity, disposition,
          reason, status, license_plate_number, seq, import_id)
        SELECT code, (rd + INTERVAL 9 HOUR)::TIMESTAMPTZ, rd, order_id, sku, asin, 1, 'SELLABLE', 'NOT_AS_DESCRIBED',
               'Unit returned to inventory', 'LPN' || order_id || '-' || s, 1, 1
        FROM (SELECT *, day + (3 + hash(s, m, d, k, 'ret') % 20)::INTEGER AS rd
              FROM b_line WHERE status = 'Shipped' AND hash(s, m, d, k, 'returned') % 40 = 0)
        WHERE rd <= DATE '{end}'""",
        "inventory_snapshot": """
        INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, asin, price,
          currency, fulfillable, reserved, unsellable, inbound_working, inbound_shipped, inbound_receiving, total,
          import_id)
        SELECT code, 'FBA', sku, (day + INTERVAL 8 HOUR)::TIMESTAMPTZ, day, asin, price, currency,
               f, f // 10, hash(s, m, d, 'uns') % 3, 0, CASE WHEN f < 40 THEN 100 ELSE 0 END, 0, f + f // 10, 1
        FROM (SELECT *, greatest(0, 20 + (hash(s, m, d // 14, 'stock') % 300) - 10 * (d % 14))::BIGINT AS f FROM b_grid)""",
        "listing": """
        INSERT INTO listing (marketplace, sku, snapshot_date, asin, listing_id, title, price, currency, quantity,
          status, fulfillment_channel, item_condition, import_id)
        SELECT code, sku, day, asin, 'L' || s || '-' || m, 'Bench product ' || s, price, currency, 0, 'Active',
               'AMAZON_NA', 'New', 1
        FROM b_grid WHERE d % 7 = 0""",
    }


def generate(path: Path, *, skus: int, days: int) -> dict[str, int]:
    """Write the seller into a fresh warehouse at `path`; returns the rows per table."""
    with open_warehouse(path) as warehouse:
        con = warehouse.con
        con.execute(
            "INSERT INTO import_ledger (import_id, file_name, source_path, sha256, size_bytes, platform, report_type, "
            "rows_read, rows_loaded, rows_rejected, rows_replaced, status, archive_path, imported_at) "
            "VALUES (1, 'generated', 'bench/daily_generate.py', '', 0, 'amazon', 'bench', 0, 0, 0, 0, 'loaded', '', "
            "now())"
        )
        con.execute(_setup_sql(skus, days))
        for sql in _fill_sql(days).values():
            con.execute(sql)
        con.execute("CHECKPOINT")
        return {name: warehouse.count(name) for name in TABLES}
