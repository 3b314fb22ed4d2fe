"""Aged and excess stock on the latest snapshot day: the report's age buckets (0–90, 91–180, 181–270, 271–365,
365+ days), days of supply and the units beyond `excess_days` of demand.

Excess follows Amazon's definition (fees.md §5, Seller Central G202174810): an item is excess when it has more
than 90 days of supply at the forecast demand. Without a forecast the demand is the trailing `demand_days` of
units sold (lines not cancelled, shipped from this warehouse); a caller with a forecast passes it as `demand`
(units a day by SKU). The allowance is rounded up to whole units, so a SKU is never called excess by a fraction.
A SKU with stock and no demand has no days of supply and all of its sellable units are excess.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

from sellerops.analytics.stock.inputs import (
    FBA,
    ProductFacts,
    SnapshotRow,
    latest_snapshot,
    product_facts,
    units_sold,
    window,
)
from sellerops.analytics.stock.models import AgedStock


def aged_stock(
    inventory_snapshot: Any,
    order_line: Any,
    product: Any,
    *,
    marketplace: str,
    as_of: dt.date,
    warehouse: str = FBA,
    excess_days: int = 90,
    demand_days: int = 30,
    demand: Mapping[str, Decimal] | None = None,
) -> tuple[AgedStock, ...]:
    """One record per SKU of the last snapshot day on or before `as_of`, by SKU."""
    latest = latest_snapshot(inventory_snapshot, marketplace=marketplace, warehouse=warehouse, as_of=as_of)
    daily: Mapping[str, Decimal | Fraction]
    if demand is not None:
        daily = demand
    else:
        fulfilled_by_amazon = warehouse == FBA
        daily = trailing_demand(
            order_line,
            marketplace=marketplace,
            as_of=as_of,
            days=demand_days,
            amazon_fulfilled=fulfilled_by_amazon,
        )
    return aged_from(latest, daily, product_facts(product), marketplace=marketplace, excess_days=excess_days)


def trailing_demand(
    order_line: Any, *, marketplace: str, as_of: dt.date, days: int, amazon_fulfilled: bool
) -> dict[str, Fraction]:
    """Units sold a day over the `days` ending `as_of`, exact."""
    first, last = window(as_of, days)
    sold = units_sold(
        order_line, marketplace=marketplace, first=first, last=last, amazon_fulfilled=amazon_fulfilled
    )
    return {sku: Fraction(units, days) for sku, units in sold.items()}


def aged_from(
    latest: Sequence[SnapshotRow],
    demand: Mapping[str, Decimal | Fraction],
    products: Mapping[str, ProductFacts],
    *,
    marketplace: str,
    excess_days: int,
) -> tuple[AgedStock, ...]:
    """Aged and excess stock from a snapshot day already read (see `aged_stock`)."""
    found = []
    for row in latest:
        daily = Fraction(demand.get(row.sku, 0))
        allowance = math.ceil(daily * excess_days)
        supply = as_decimal(Fraction(row.sellable) / daily, "0.1") if daily else None
        ages = row.ages or (0, 0, 0, 0, 0)
        facts = products.get(row.sku)
        found.append(
            AgedStock(
                marketplace=marketplace,
                sku=row.sku,
                snapshot_date=row.snapshot_date,
                fulfillable=row.fulfillable,
                sellable=row.sellable,
                unsellable=row.unsellable,
                ages_known=row.ages is not None,
                age_0_90=ages[0],
                age_91_180=ages[1],
                age_181_270=ages[2],
                age_271_365=ages[3],
                age_365_plus=ages[4],
                daily_demand=as_decimal(daily, "0.0001"),
                days_of_supply=supply,
                excess_units=max(0, row.sellable - allowance),
                amazon_excess=row.estimated_excess,
                amazon_surcharge_estimate=row.amazon_surcharge_estimate,
                unit_cost=facts.unit_cost if facts else None,
                currency=facts.cost_currency if facts else None,
                import_id=row.import_id,
            )
        )
    return tuple(found)


def as_decimal(value: Fraction, places: str) -> Decimal:
    """An exact fraction rounded half-even to `places` (e.g. "0.01")."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), ROUND_HALF_EVEN)
