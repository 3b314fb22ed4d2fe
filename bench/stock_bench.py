"""How long the stock checks and the multi-channel plan take on a large synthetic seller.

Builds a warehouse in a temporary directory with SQL (no demo generator): N SKUs with a daily FBA snapshot over
120 days (age buckets on every day), about 1.5 order lines per SKU and day, an own warehouse shared by three
channels with one listing per SKU and channel, and a few thousand open orders. Then times `stock_health` and
`plan_channel_stock` (CPU seconds, since the machine is shared) and prints the figures; the last line is JSON.

    .venv/bin/python bench/stock_bench.py [--skus 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sellerops.analytics.channels import ChannelBuffer, StockPool, plan_channel_stock
from sellerops.analytics.stock import stock_health
from sellerops.warehouse import open_warehouse

AS_OF = dt.date(2026, 10, 31)
DAYS = 120
CHANNELS = ("amazon.US", "shopee.SG", "lazada.MY")


def _fill(con: object, skus: int) -> dict[str, int]:
    run = con.execute  # type: ignore[attr-defined]
    first = AS_OF - dt.timedelta(days=DAYS - 1)
    run(f"""
        CREATE TEMP TABLE s AS SELECT i, 'SKU-' || lpad(CAST(i AS VARCHAR), 6, '0') AS sku
        FROM range({skus}) t(i)""")
    run(f"""
        CREATE TEMP TABLE d AS SELECT CAST(DATE '{first}' + INTERVAL (n) DAY AS DATE) AS day, n
        FROM range({DAYS}) t(n)""")
    run("""
        INSERT INTO product (sku, unit_cost, cost_currency, length_cm, width_cm, height_cm, weight_kg, import_id)
        SELECT sku, 2 + (i % 17), 'USD', 20 + i % 10, 15, 5 + i % 7, 0.2 + (i % 5) / 10, 1 FROM s""")
    run("""
        INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable,
            reserved, unsellable, age_0_90, age_91_180, age_181_270, age_271_365, age_365_plus, import_id)
        SELECT 'amazon.US', 'FBA', sku, CAST(day AS TIMESTAMP) AT TIME ZONE 'America/Los_Angeles', day,
            q, q // 20, i % 3, q - q // 4, q // 8, q // 16, q // 32, q - (q - q // 4) - q // 8 - q // 16 - q // 32, 2
        FROM (SELECT sku, i, day, 40 + (hash(sku || day) % 400)::INT AS q FROM s, d)""")
    run("""
        INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status,
            fulfillment_channel, sku, quantity, import_id)
        SELECT 'amazon.US', 'O-' || i || '-' || n || '-' || k, 'L1', CAST(day AS TIMESTAMP) AT TIME ZONE 'UTC', day,
            'Shipped', 'Amazon', sku, 1 + (hash(sku || day || k) % 3)::INT, 3
        FROM s, d, range(2) t(k) WHERE hash(sku || day || k) % 4 < 3""")
    run(f"""
        INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable,
            reserved, import_id)
        SELECT 'amazon.US', 'OWN', sku, TIMESTAMPTZ '{AS_OF} 08:00:00+00', DATE '{AS_OF}', (i * 7) % 60, i % 4, 4
        FROM s""")
    for c, channel in enumerate(CHANNELS):
        run(f"""
            INSERT INTO listing (marketplace, sku, snapshot_date, listing_id, status, fulfillment_channel, quantity,
                import_id)
            SELECT '{channel}', sku, DATE '{AS_OF}', 'L-' || i, 'Active', 'DEFAULT', (i * {c + 3}) % 50, 5 FROM s""")
        run(f"""
            INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status,
                fulfillment_channel, sku, quantity, import_id)
            SELECT '{channel}', 'OPEN-' || i, 'L1', TIMESTAMPTZ '{AS_OF} 06:00:00+00', DATE '{AS_OF}', 'Unshipped',
                'Merchant', sku, 1 + i % 2, 6
            FROM s WHERE i % 3 = {c}""")
    counts = {}
    for table in ("inventory_snapshot", "order_line", "listing", "product"):
        counts[table] = int(run(f"SELECT count(*) FROM {table}").fetchone()[0])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with open_warehouse(db) as warehouse:
            counts = _fill(warehouse.con, args.skus)
        with open_warehouse(db, read_only=True) as warehouse:
            t = warehouse.ibis()
            tables = [t.table(n) for n in ("inventory_snapshot", "order_line", "product", "listing")]
            tables[
                2
            ].count().to_pyarrow()  # pay the one-off imports (pandas, pyarrow) before the clock starts
            cpu, wall = time.process_time(), time.perf_counter()
            health = stock_health(*tables, marketplace="amazon.US", as_of=AS_OF)
            health_cpu, health_wall = time.process_time() - cpu, time.perf_counter() - wall
            pool = StockPool("OWN", {c: ChannelBuffer(share=Decimal("0.5")) for c in CHANNELS})
            cpu, wall = time.process_time(), time.perf_counter()
            plan = plan_channel_stock(tables[0], tables[3], tables[1], pool=pool, as_of=AS_OF)
            plan_cpu, plan_wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"rows: {counts}")
    print(f"stock_health: {health_cpu:.2f} s CPU, {health_wall:.2f} s wall, {len(health.findings)} findings, "
          f"IPI proxy {health.ipi.score}")  # fmt: skip
    print(f"plan_channel_stock: {plan_cpu:.2f} s CPU, {plan_wall:.2f} s wall, {len(plan.quantities)} listings, "
          f"{len(plan.updates())} updates, {len(plan.findings)} findings")  # fmt: skip
    print(json.dumps({
        "skus": args.skus, "snapshot_rows": counts["inventory_snapshot"], "order_lines": counts["order_line"],
        "stock_health_cpu_s": round(health_cpu, 2), "stock_health_wall_s": round(health_wall, 2),
        "channel_plan_cpu_s": round(plan_cpu, 2), "channel_plan_wall_s": round(plan_wall, 2),
        "stock_findings": len(health.findings), "channel_findings": len(plan.findings),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
