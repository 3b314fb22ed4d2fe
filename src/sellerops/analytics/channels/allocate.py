"""One pool of stock sold on several channels: what the pool can promise, what each channel's listing should show,
and which listings oversell or hide stock (seed 003: "avoid one system showing sold out while another still shows
stock"; seed 004: "two countries oversold at once because stock was not synchronised").

- Stock: the pool warehouse's last snapshot day on or before `as_of`, each SKU's latest row that day (a SKU the
  day does not list has none). On hand = fulfillable + reserved.
- Open orders: order lines of the pool's channels still Pending, Unshipped or PartiallyShipped, purchased by
  `as_of`, not shipped by Amazon; a partly shipped line counts whole (the file does not say how much is left).
- Available-to-promise = on hand − reserved − open order units. It may be negative: already oversold.
- Listings: each channel's last listings snapshot on or before `as_of`. Listings Amazon fulfils (AMAZON_NA,
  AMAZON_EU, AFN) are left out: their quantity is FBA stock, not this pool's.
- Each listing should show what its channel's `ChannelBuffer` gives for the SKU's available-to-promise.
A listing shows more than it can sell when it shows more than max(available-to-promise, 0): an oversell risk.
It loses sales when it shows 0 while its buffer would show some.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import ibis

from sellerops.analytics.channels.models import (
    ChannelIssue,
    ChannelPlan,
    ChannelQuantity,
    ChannelStockFinding,
    PoolPosition,
    StockPool,
)
from sellerops.errors import InputError

OPEN_STATUSES = ("pending", "unshipped", "partiallyshipped")
_AMAZON_FULFILLED = ("afn", "amazon")


@dataclass(frozen=True)
class _Listing:
    marketplace: str
    sku: str
    snapshot_date: dt.date
    listing_id: str | None
    status: str | None
    quantity: int | None


def plan_channel_stock(
    inventory_snapshot: Any, listing: Any, order_line: Any, *, pool: StockPool, as_of: dt.date
) -> ChannelPlan:
    """The pool's positions, every channel listing's target quantity, and the findings (Ibis tables in)."""
    stock = _pool_stock(inventory_snapshot, warehouse=pool.warehouse, as_of=as_of)
    orders = _open_orders(order_line, channels=tuple(pool.channels), as_of=as_of)
    listings = _listings(listing, channels=tuple(pool.channels), as_of=as_of)
    skus = sorted(set(stock) | set(orders) | {x.sku for x in listings})
    positions = {}
    for sku in skus:
        row = stock.get(sku)
        lines = orders.get(sku, [])
        fulfillable, reserved = (row["fulfillable"], row["reserved"]) if row else (0, 0)
        units = sum(q for _, q in lines)
        positions[sku] = PoolPosition(
            warehouse=pool.warehouse,
            sku=sku,
            snapshot_at=row["snapshot_at"] if row else None,
            on_hand=fulfillable + reserved,
            reserved=reserved,
            open_order_units=units,
            open_orders=tuple(sorted({order for order, _ in lines})),
            available_to_promise=(fulfillable + reserved)
            - reserved
            - units,  # on hand − reserved − open orders
            import_id=row["import_id"] if row else None,
        )
    quantities, findings = [], []
    for item in sorted(listings, key=lambda x: (x.marketplace, x.sku)):
        position = positions[item.sku]
        atp = position.available_to_promise
        target, reason = pool.channels[item.marketplace].target(atp)
        quantities.append(
            ChannelQuantity(item.marketplace, item.sku, item.listing_id, item.status, item.snapshot_date,
                            item.quantity, target, reason, atp)
        )  # fmt: skip
        finding = _finding(item, position, target, stock.get(item.sku))
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: (f.issue, f.marketplace, f.sku))
    return ChannelPlan(pool.warehouse, as_of, tuple(positions.values()), tuple(quantities), tuple(findings))


def _finding(
    item: _Listing, position: PoolPosition, target: int, stock_row: dict[str, Any] | None
) -> ChannelStockFinding | None:
    sellable = max(position.available_to_promise, 0)
    issue: ChannelIssue
    if item.quantity is not None and item.quantity > sellable:
        issue, metric, value, threshold = "oversell_risk", "listed_over_available", item.quantity, sellable
    elif item.quantity == 0 and target > 0:
        issue, metric, value, threshold = "lost_sales", "listed_zero_with_stock", 0, target
    else:
        return None
    rows: list[tuple[str, tuple[str, ...]]] = [
        ("listing", (item.marketplace, item.sku, item.snapshot_date.isoformat()))
    ]
    if stock_row is not None:
        key = (stock_row["marketplace"], position.warehouse, item.sku, stock_row["snapshot_at"].isoformat())
        rows.insert(0, ("inventory_snapshot", key))
    return ChannelStockFinding(
        issue, item.marketplace, item.sku, item.listing_id, metric, value, threshold,
        position.available_to_promise, position.open_orders, tuple(rows),
    )  # fmt: skip


def _pool_stock(inventory_snapshot: Any, *, warehouse: str, as_of: dt.date) -> dict[str, dict[str, Any]]:
    s = inventory_snapshot
    t = s.filter((s.warehouse == warehouse) & (s.snapshot_date <= as_of))
    t = t.filter(t.snapshot_date == t.snapshot_date.max())
    # The same warehouse may be reported under several marketplaces; one row per SKU: the latest, then the
    # first marketplace, so the stock is never counted twice.
    rank = ibis.row_number().over(group_by=t.sku, order_by=[ibis.desc(t.snapshot_at), t.marketplace])
    t = t.mutate(_rank=rank).filter(lambda x: x._rank == 0)
    rows = t.select("sku", "marketplace", "snapshot_at", "fulfillable", "reserved", "import_id").to_pyarrow()
    found = {
        r["sku"]: {**r, "fulfillable": int(r["fulfillable"] or 0), "reserved": int(r["reserved"] or 0)}
        for r in rows.to_pylist()
    }
    if not found:
        raise InputError(
            f"no stock snapshot of warehouse {warehouse!r} on or before {as_of}; import the warehouse's stock "
            "report first (or check the warehouse name)"
        )
    return found


def _open_orders(
    order_line: Any, *, channels: tuple[str, ...], as_of: dt.date
) -> dict[str, list[tuple[str, int]]]:
    o = order_line
    amazon = o.fulfillment_channel.lower().isin(_AMAZON_FULFILLED).fill_null(False)
    t = o.filter(
        o.marketplace.isin(channels)
        & o.order_status.lower().isin(OPEN_STATUSES)
        & ~amazon
        & o.sku.notnull()
        & (o.purchase_date <= as_of)
    )
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in t.select("marketplace", "order_id", "sku", "quantity").to_pyarrow().to_pylist():
        found[r["sku"]].append((f"{r['marketplace']}:{r['order_id']}", int(r["quantity"])))
    return dict(found)


def _listings(listing: Any, *, channels: tuple[str, ...], as_of: dt.date) -> list[_Listing]:
    found = []
    for marketplace in channels:
        t = listing.filter((listing.marketplace == marketplace) & (listing.snapshot_date <= as_of))
        t = t.filter(t.snapshot_date == t.snapshot_date.max())
        channel = t.fulfillment_channel.lower()
        t = t.filter(~(channel.startswith("amazon") | (channel == "afn")).fill_null(False))
        for r in (
            t.select("sku", "snapshot_date", "listing_id", "status", "quantity").to_pyarrow().to_pylist()
        ):
            found.append(
                _Listing(
                    marketplace, r["sku"], r["snapshot_date"], r["listing_id"], r["status"], r["quantity"]
                )
            )
    return found
