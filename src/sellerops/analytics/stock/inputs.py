"""The reads every stock check shares: snapshots (the latest day, or every day of a window), units sold, and the
product master's costs and sizes. Tables are Ibis tables shaped like the warehouse's; results are plain records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import ibis

from sellerops.errors import InputError

FBA = "FBA"
AMAZON_FULFILLED = ("afn", "amazon")
CANCELLED = ("cancelled", "canceled")


@dataclass(frozen=True)
class SnapshotRow:
    """One SKU's row of a snapshot day (the day's latest moment when a day has several)."""

    sku: str
    snapshot_date: dt.date
    fulfillable: int
    reserved: int
    unsellable: int
    ages: (
        tuple[int, int, int, int, int] | None
    )  # 0-90, 91-180, 181-270, 271-365, 365+; None when not reported
    listing_exists: bool | None
    estimated_excess: int | None
    amazon_surcharge_estimate: Decimal | None
    import_id: int

    @property
    def sellable(self) -> int:
        return self.fulfillable + self.reserved

    @property
    def in_warehouse(self) -> int:
        return self.fulfillable + self.reserved + self.unsellable


class DayStock(NamedTuple):
    """One SKU's units on one snapshot day (a light tuple: a 90-day window of a large catalogue has 10⁵ of them)."""

    fulfillable: int
    reserved: int
    unsellable: int

    @property
    def sellable(self) -> int:
        return self.fulfillable + self.reserved

    @property
    def in_warehouse(self) -> int:
        return self.fulfillable + self.reserved + self.unsellable


@dataclass(frozen=True)
class ProductFacts:
    """What the product master says of a SKU that stock checks need."""

    sku: str
    unit_cost: Decimal | None
    cost_currency: str | None
    category: str | None
    sides_cm: tuple[Decimal, Decimal, Decimal] | None  # None unless all three are known
    weight_kg: Decimal | None


def window(as_of: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """The `days` local days ending with `as_of`, both included."""
    if days < 1:
        raise InputError(f"a window of {days} days is empty; give at least 1 day")
    return as_of - dt.timedelta(days=days - 1), as_of


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


_SNAPSHOT_COLUMNS = (
    "sku", "snapshot_date", "snapshot_at", "fulfillable", "reserved", "unsellable", "age_0_90", "age_91_180",
    "age_181_270", "age_271_365", "age_365_plus", "listing_exists", "estimated_excess", "estimated_ais_next",
    "estimated_ltsf_next", "import_id",
)  # fmt: skip


def _rows(expr: Any) -> list[SnapshotRow]:
    found = []
    for r in expr.to_pyarrow().to_pylist():
        buckets = (r["age_0_90"], r["age_91_180"], r["age_181_270"], r["age_271_365"], r["age_365_plus"])
        ages = None
        if any(b is not None for b in buckets):
            ages = (_int(buckets[0]), _int(buckets[1]), _int(buckets[2]), _int(buckets[3]), _int(buckets[4]))
        estimate = (
            r["estimated_ais_next"] if r["estimated_ais_next"] is not None else r["estimated_ltsf_next"]
        )
        found.append(
            SnapshotRow(
                r["sku"], r["snapshot_date"], _int(r["fulfillable"]), _int(r["reserved"]), _int(r["unsellable"]),
                ages, r["listing_exists"],
                r["estimated_excess"], estimate, int(r["import_id"]),
            )
        )  # fmt: skip
    return found


def _day_latest(t: Any) -> Any:
    """Each SKU's latest row of each day (intraday summaries may give a day several)."""
    rank = ibis.row_number().over(group_by=[t.sku, t.snapshot_date], order_by=ibis.desc(t.snapshot_at))
    return t.mutate(_rank=rank).filter(lambda x: x._rank == 0).drop("_rank")


def latest_snapshot(
    inventory_snapshot: Any, *, marketplace: str, warehouse: str, as_of: dt.date
) -> list[SnapshotRow]:
    """Every SKU of the warehouse's last snapshot day on or before `as_of`. A snapshot is the whole picture: a
    SKU missing from the last day had nothing left, whatever an older day showed."""
    s = inventory_snapshot
    t = s.filter((s.marketplace == marketplace) & (s.warehouse == warehouse) & (s.snapshot_date <= as_of))
    t = t.filter(t.snapshot_date == t.snapshot_date.max())
    return sorted(_rows(_day_latest(t).select(*_SNAPSHOT_COLUMNS)), key=lambda r: r.sku)


def daily_snapshots(
    inventory_snapshot: Any, *, marketplace: str, warehouse: str, first: dt.date, last: dt.date
) -> tuple[tuple[dt.date, ...], dict[str, dict[dt.date, DayStock]]]:
    """The snapshot days of a window and each SKU's units per day. A SKU absent from a snapshot day had none."""
    s = inventory_snapshot
    t = s.filter(
        (s.marketplace == marketplace) & (s.warehouse == warehouse) & s.snapshot_date.between(first, last)
    )
    cols = ("sku", "snapshot_date", "fulfillable", "reserved", "unsellable")
    table = _day_latest(t).select(*cols).to_pyarrow()
    by_sku: dict[str, dict[dt.date, DayStock]] = defaultdict(dict)
    for sku, day, fulfillable, reserved, unsellable in zip(
        *(table.column(c).to_pylist() for c in cols), strict=True
    ):
        by_sku[sku][day] = DayStock(fulfillable or 0, reserved or 0, unsellable or 0)
    days = {day for rows in by_sku.values() for day in rows}
    return tuple(sorted(days)), dict(by_sku)


def units_sold(
    order_line: Any, *, marketplace: str, first: dt.date, last: dt.date, amazon_fulfilled: bool
) -> dict[str, int]:
    """Units of lines not cancelled, by SKU, purchased on local days first..last, shipped by Amazon (FBA) or by
    the seller. Pending lines count: they ship from the same stock."""
    o = order_line
    channel = o.fulfillment_channel.lower().isin(AMAZON_FULFILLED)
    t = o.filter(
        (o.marketplace == marketplace)
        & o.purchase_date.between(first, last)
        & ~o.order_status.lower().isin(CANCELLED)
        & o.sku.notnull()
        & (channel if amazon_fulfilled else ~channel.fill_null(False))
    )
    rows = t.group_by("sku").aggregate(units=t.quantity.sum()).to_pyarrow().to_pylist()
    return {r["sku"]: int(r["units"]) for r in rows if r["units"]}


def product_facts(product: Any) -> dict[str, ProductFacts]:
    """The product master by SKU."""
    cols = (
        "sku",
        "unit_cost",
        "cost_currency",
        "category",
        "length_cm",
        "width_cm",
        "height_cm",
        "weight_kg",
    )
    found = {}
    for r in product.select(*cols).to_pyarrow().to_pylist():
        sides = (r["length_cm"], r["width_cm"], r["height_cm"])
        known = all(s is not None and s > 0 for s in sides)
        cost = r["unit_cost"] if r["unit_cost"] is not None and r["cost_currency"] else None
        found[r["sku"]] = ProductFacts(
            r["sku"], cost, r["cost_currency"] if cost is not None else None, r["category"],
            tuple(Decimal(s) for s in sides) if known else None,  # type: ignore[arg-type]
            Decimal(r["weight_kg"]) if r["weight_kg"] is not None and r["weight_kg"] > 0 else None,
        )  # fmt: skip
    return found
