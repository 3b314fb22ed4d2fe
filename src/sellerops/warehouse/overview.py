"""What the warehouse holds: rows per table and marketplace, and the days they cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sellerops.warehouse.connection import Warehouse

# The date column that says which days a table's rows are about.
DATE_COLUMNS = {
    "sales_traffic": ("period_from", "period_to"),
    "order_line": ("purchase_date", "purchase_date"),
    "order_header": ("purchase_date", "purchase_date"),
    "ad_performance": ("period_from", "period_to"),
    "inventory_snapshot": ("snapshot_date", "snapshot_date"),
    "listing": ("snapshot_date", "snapshot_date"),
    "return_line": ("return_date", "return_date"),
    "seller_feedback": ("feedback_date", "feedback_date"),
    "fee_txn": ("posted_date", "posted_date"),
    "claim": ("claim_date", "claim_date"),
}


@dataclass(frozen=True)
class TableOverview:
    table: str
    marketplace: str
    rows: int
    first_date: dt.date | None
    last_date: dt.date | None


def overview(warehouse: Warehouse) -> list[TableOverview]:
    """One line per table and marketplace that holds rows, in table order."""
    out = []
    for table, (first, last) in DATE_COLUMNS.items():
        exists = warehouse.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()
        if not exists or not exists[0]:
            continue
        rows = warehouse.con.execute(
            f"SELECT marketplace, count(*), min({first}), max({last}) FROM {table} GROUP BY marketplace ORDER BY marketplace"
        ).fetchall()
        out += [TableOverview(table, str(m), int(n), lo, hi) for m, n, lo, hi in rows]
    return out
