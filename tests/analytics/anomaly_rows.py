"""Hand-built daily series for the anomaly tests: a quiet history, then whatever a test changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sellerops.warehouse import Warehouse

START = dt.date(2026, 5, 1)
HISTORY = 120  # days of quiet history before a test's move starts
MOVE = START + dt.timedelta(days=HISTORY)  # the first day of the move


def day(k: int) -> dt.date:
    """The k-th day of the move (1-based): day(1) is MOVE."""
    return MOVE + dt.timedelta(days=k - 1)


Day = Callable[[dt.date], tuple[int, int, str] | None]  # sessions, units, price; None for no row


def add_traffic(warehouse: Warehouse, sku: str, until: dt.date, series: Day, *, parent: str = "P1") -> None:
    rows = []
    current = START
    while current <= until:
        found = series(current)
        if found:
            sessions, units, price = found
            rows.append(
                ("amazon.US", current, current, parent, f"A-{sku}", sku, sessions, units,
                 Decimal(price) * units, "USD")
            )  # fmt: skip
        current += dt.timedelta(days=1)
    warehouse.con.executemany(
        "INSERT INTO sales_traffic (marketplace, period_from, period_to, parent_asin, child_asin, sku, sessions, "
        "units_ordered, ordered_sales, currency, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        rows,
    )


def add_stock(warehouse: Warehouse, sku: str, until: dt.date, fulfillable: Callable[[dt.date], int]) -> None:
    rows = []
    current = START
    while current <= until:
        at = dt.datetime(current.year, current.month, current.day, 8, tzinfo=dt.UTC)
        rows.append(("amazon.US", "FBA", sku, at, current, fulfillable(current), 120, 1))
        current += dt.timedelta(days=1)
    warehouse.con.executemany(
        "INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable, "
        "inbound_shipped, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def tables(warehouse: Warehouse) -> dict[str, Any]:
    backend = warehouse.ibis()
    names = ("sales_traffic", "inventory_snapshot", "listing", "order_line", "order_header", "return_line",
             "seller_feedback", "ad_performance", "ad_entity", "promotion", "product")  # fmt: skip
    return {name: backend.table(name) for name in names}
