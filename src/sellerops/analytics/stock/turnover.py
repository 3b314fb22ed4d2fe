"""Inventory turnover: how many times a year the stock sells through, at cost.

Turnover = COGS over the window ÷ average inventory value over the window × 365 ÷ window days (the default
window is the trailing 90 days, annualised). COGS is units sold (lines not cancelled, purchased in the window,
shipped from this warehouse: FBA lines for the FBA warehouse) × the product master's unit cost. Average inventory
value is the mean, over the window's snapshot days, of the units in the warehouse (fulfillable + reserved +
unsellable) × unit cost; a SKU missing from a snapshot day had none that day. Days without a snapshot are left
out of the mean rather than guessed. A SKU without a unit cost cannot be valued and is listed apart.
The band is the seeds' healthy 6–8 turns a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sellerops.analytics.stock.inputs import (
    FBA,
    DayStock,
    ProductFacts,
    daily_snapshots,
    product_facts,
    units_sold,
    window,
)
from sellerops.analytics.stock.models import StockTurnover, TurnoverBand, TurnoverReport, TurnoverStatus

CENT = Decimal("0.01")
DAYS_A_YEAR = Decimal(365)
DEFAULT_BAND = TurnoverBand()


def stock_turnover(
    inventory_snapshot: Any,
    order_line: Any,
    product: Any,
    *,
    marketplace: str,
    as_of: dt.date,
    window_days: int = 90,
    band: TurnoverBand = DEFAULT_BAND,
    warehouse: str = FBA,
) -> TurnoverReport:
    """Turnover of each SKU and of the whole stock (per cost currency) over the `window_days` ending `as_of`."""
    first, last = window(as_of, window_days)
    days, by_sku = daily_snapshots(
        inventory_snapshot, marketplace=marketplace, warehouse=warehouse, first=first, last=last
    )
    sold = units_sold(
        order_line, marketplace=marketplace, first=first, last=last, amazon_fulfilled=warehouse == FBA
    )
    return turnover_from(
        days, by_sku, sold, product_facts(product), marketplace=marketplace, first=first, last=last, band=band
    )


def turnover_from(
    days: Sequence[dt.date],
    by_sku: Mapping[str, Mapping[dt.date, DayStock]],
    sold: Mapping[str, int],
    products: Mapping[str, ProductFacts],
    *,
    marketplace: str,
    first: dt.date,
    last: dt.date,
    band: TurnoverBand,
) -> TurnoverReport:
    """Turnover from snapshots already read (see `stock_turnover`)."""
    window_days = (last - first).days + 1
    snapshot_days = len(days)
    skus, missing = [], []
    totals: dict[str, tuple[int, Decimal, Decimal, Decimal]] = {}
    for sku in sorted(set(by_sku) | set(sold)):
        facts = products.get(sku)
        if facts is None or facts.unit_cost is None or facts.cost_currency is None:
            missing.append(sku)
            continue
        in_warehouse = sum(row.in_warehouse for row in by_sku.get(sku, {}).values())
        average_units = Decimal(in_warehouse) / snapshot_days if snapshot_days else Decimal(0)
        units = sold.get(sku, 0)
        cogs, value = units * facts.unit_cost, average_units * facts.unit_cost
        skus.append(
            _record(marketplace, sku, first, last, snapshot_days, units, cogs, average_units, value,
                    facts.cost_currency, window_days, band)
        )  # fmt: skip
        before = totals.get(facts.cost_currency, (0, Decimal(0), Decimal(0), Decimal(0)))
        totals[facts.cost_currency] = (
            before[0] + units,
            before[1] + cogs,
            before[2] + average_units,
            before[3] + value,
        )
    overall = tuple(
        _record(marketplace, None, first, last, snapshot_days, units, cogs, average_units, value, currency,
                window_days, band)
        for currency, (units, cogs, average_units, value) in sorted(totals.items())
    )  # fmt: skip
    return TurnoverReport(tuple(skus), overall, tuple(missing))


def _record(
    marketplace: str,
    sku: str | None,
    first: dt.date,
    last: dt.date,
    snapshot_days: int,
    units: int,
    cogs: Decimal,
    average_units: Decimal,
    value: Decimal,
    currency: str,
    window_days: int,
    band: TurnoverBand,
) -> StockTurnover:
    turnover = cogs / value * DAYS_A_YEAR / window_days if value > 0 else None
    days_of_inventory = None
    if turnover is not None and turnover > 0:
        days_of_inventory = (DAYS_A_YEAR / turnover).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
    return StockTurnover(
        marketplace=marketplace,
        sku=sku,
        window_from=first,
        window_to=last,
        snapshot_days=snapshot_days,
        units_sold=units,
        cogs=cogs.quantize(CENT, ROUND_HALF_EVEN),
        average_units=average_units.quantize(CENT, ROUND_HALF_EVEN),
        average_value=value.quantize(CENT, ROUND_HALF_EVEN),
        currency=currency,
        turnover=turnover.quantize(CENT, ROUND_HALF_EVEN) if turnover is not None else None,
        days_of_inventory=days_of_inventory,
        band=band,
        status=_status(turnover, band),
    )


def _status(turnover: Decimal | None, band: TurnoverBand) -> TurnoverStatus:
    """Judged on the unrounded turnover: 5.999 is below a band starting at 6 even though it shows as 6.00."""
    if turnover is None:
        return "no_data"
    if turnover < band.low:
        return "below_band"
    return "above_band" if turnover > band.high else "ok"
