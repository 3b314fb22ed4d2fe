"""Hand-built warehouse rows for the KPI tests: one short call per sales_traffic, order, return or ads row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from sellerops.warehouse import Warehouse

CURRENCY = {"amazon.UK": "GBP", "amazon.US": "USD", "amazon.DE": "EUR"}
UK, US, DE = "amazon.UK", "amazon.US", "amazon.DE"
N = None  # short for the many NULL figures of an expected row


def traffic(
    warehouse: Warehouse, market: str, day: dt.date, parent: str, asin: str, sku: str, sessions: int,
    page_views: int, units: int, sales: str, buy_box: str | None = None, *, to: dt.date | None = None,
) -> None:  # fmt: skip
    warehouse.con.execute(
        "INSERT INTO sales_traffic (marketplace, period_from, period_to, parent_asin, child_asin, sku, sessions, "
        "page_views, buy_box_ratio, units_ordered, ordered_sales, order_items, currency, import_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        [market, day, to or day, parent, asin, sku, sessions, page_views,
         None if buy_box is None else Decimal(buy_box), units, Decimal(sales), units, CURRENCY[market]],
    )  # fmt: skip


def order(
    warehouse: Warehouse, market: str, order_id: str, line: str, day: dt.date, status: str, sku: str,
    *, currency: str | None = None,
) -> None:  # fmt: skip
    warehouse.con.execute(
        "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, sku, "
        "quantity, currency, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 1)",
        [market, order_id, line, dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC), day, status, sku,
         currency],
    )  # fmt: skip


def returned(warehouse: Warehouse, market: str, day: dt.date, order_id: str, sku: str, quantity: int) -> None:
    warehouse.con.execute(
        "INSERT INTO return_line (marketplace, return_at, return_date, order_id, sku, quantity, "
        "license_plate_number, seq, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1)",
        [market, dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC), day, order_id, sku, quantity,
         f"LPN-{order_id}-{sku}"],
    )  # fmt: skip


_ad_rows = {"n": 0}


def ad(
    warehouse: Warehouse, market: str, grain: str, day: dt.date, impressions: int, clicks: int, spend: str,
    sales: str, *, sku: str | None = None, to: dt.date | None = None,
) -> None:  # fmt: skip
    _ad_rows["n"] += 1
    warehouse.con.execute(
        "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, impressions, "
        "clicks, spend, sales, currency, advertised_sku, source_row, import_id) "
        "VALUES (?, ?, ?, ?, 'SP', ?, ?, ?, ?, ?, ?, ?, 1)",
        [grain, market, day, to or day, impressions, clicks, Decimal(spend), Decimal(sales), CURRENCY[market], sku,
         _ad_rows["n"]],
    )  # fmt: skip


def tables(warehouse: Warehouse) -> tuple[Any, Any, Any, Any]:
    backend = warehouse.ibis()
    return tuple(backend.table(t) for t in ("sales_traffic", "order_line", "ad_performance", "return_line"))  # type: ignore[return-value]


def rows(table: Any) -> list[tuple[Any, ...]]:
    """A result as plain tuples in column order, for whole-table assertions."""
    return [tuple(r.values()) for r in table.to_pyarrow().to_pylist()]


def row(*values: Any) -> tuple[Any, ...]:
    """An expected row: numeric strings ('91.0000', '-0.5') become Decimals, everything else stays as written."""
    return tuple(Decimal(v) if isinstance(v, str) and re.fullmatch(r"-?\d+\.\d+", v) else v for v in values)
