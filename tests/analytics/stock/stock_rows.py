"""Hand-built warehouse rows for the stock tests: snapshots, order lines, products and listings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sellerops.warehouse import Warehouse

US = "amazon.US"
LA = ZoneInfo("America/Los_Angeles")
D = dt.date


def midnight(day: dt.date, hour: int = 0) -> dt.datetime:
    """Local midnight (or `hour`) of a Los Angeles day, as the UTC instant the warehouse stores."""
    return dt.datetime.combine(day, dt.time(hour), LA).astimezone(dt.UTC)


def snapshot(
    warehouse: Warehouse,
    sku: str,
    day: dt.date,
    fulfillable: int,
    *,
    reserved: int = 0,
    unsellable: int = 0,
    ages: tuple[int, int, int, int, int] | None = None,
    hour: int = 0,
    store: str = "FBA",
    marketplace: str = US,
    listing_exists: bool | None = None,
    estimated_excess: int | None = None,
    estimated_ais_next: Decimal | None = None,
    import_id: int = 10,
) -> None:
    a = ages or (None, None, None, None, None)
    warehouse.con.execute(
        "INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable, "
        "reserved, unsellable, age_0_90, age_91_180, age_181_270, age_271_365, age_365_plus, listing_exists, "
        "estimated_excess, estimated_ais_next, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [marketplace, store, sku, midnight(day, hour), day, fulfillable, reserved, unsellable, *a, listing_exists,
         estimated_excess, estimated_ais_next, import_id],
    )  # fmt: skip


_LINES = [0]


def line(
    warehouse: Warehouse,
    sku: str,
    day: dt.date,
    quantity: int,
    *,
    status: str = "Shipped",
    channel: str = "Amazon",
    marketplace: str = US,
    order_id: str | None = None,
) -> None:
    _LINES[0] += 1
    order = order_id or f"O{_LINES[0]}"
    warehouse.con.execute(
        "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, "
        "fulfillment_channel, sku, quantity, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 20)",
        [marketplace, order, f"L{_LINES[0]}", midnight(day, 9), day, status, channel, sku, quantity],
    )


def product(
    warehouse: Warehouse,
    sku: str,
    cost: str | None,
    currency: str | None = "USD",
    *,
    category: str | None = None,
    sides_cm: tuple[str, str, str] | None = None,
    weight_kg: str | None = None,
) -> None:
    sides: tuple[Any, Any, Any] = sides_cm or (None, None, None)
    warehouse.con.execute(
        "INSERT INTO product (sku, unit_cost, cost_currency, category, length_cm, width_cm, height_cm, weight_kg, "
        "import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 30)",
        [sku, cost, currency, category, *sides, weight_kg],
    )


def listing(
    warehouse: Warehouse,
    sku: str,
    day: dt.date,
    *,
    status: str = "Active",
    channel: str = "AMAZON_NA",
    quantity: int | None = None,
    marketplace: str = US,
    listing_id: str | None = None,
) -> None:
    warehouse.con.execute(
        "INSERT INTO listing (marketplace, sku, snapshot_date, status, fulfillment_channel, quantity, listing_id, "
        "import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 40)",
        [marketplace, sku, day, status, channel, quantity, listing_id],
    )


def tables(warehouse: Warehouse) -> dict[str, Any]:
    db = warehouse.ibis()
    return {name: db.table(name) for name in ("inventory_snapshot", "order_line", "product", "listing")}
