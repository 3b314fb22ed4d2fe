"""An IPI proxy: Amazon's Inventory Performance Index estimated from its four published components.

Amazon names the components (Seller Central G202174810; fees.md §5) but not their weights, so this is a proxy
that moves with them, and it says which component costs the most points. Each component is measured as Amazon
defines it, on the FBA warehouse:
- excess: excess units (beyond 90 days of demand, see aging.py) ÷ sellable units on the last snapshot day;
- sell-through: units shipped in the last 90 days ÷ average sellable units on hand over those 90 days;
- stranded: stranded units ÷ fulfillable units on the last snapshot day (see stranded.py);
- in-stock: for SKUs that sold in the last 60 days, the share of the last 30 days' snapshots with fulfillable
  units, weighted by units sold in the 60 days (Amazon's FBA in-stock rate).
Each scores 0–1, linearly from its `poor` anchor to its `good` anchor, and the proxy is 1000 × the weighted mean;
a component without data is left out and the others' weights rescaled. docs/stock.md gives the anchors and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from sellerops.analytics.stock.aging import as_decimal
from sellerops.analytics.stock.inputs import DayStock
from sellerops.analytics.stock.models import (
    AgedStock,
    IpiAnchor,
    IpiComponent,
    IpiComponentName,
    IpiPolicy,
    IpiProxy,
    IpiStatus,
    StrandedStock,
)

IN_STOCK_DAYS = 30
THOUSAND = Decimal(1000)


def ipi_from(
    aged: Sequence[AgedStock],
    stranded: Sequence[StrandedStock],
    days: Sequence[dt.date],
    by_sku: Mapping[str, Mapping[dt.date, DayStock]],
    sold_90: Mapping[str, int],
    sold_60: Mapping[str, int],
    *,
    marketplace: str,
    as_of: dt.date,
    policy: IpiPolicy,
) -> IpiProxy:
    """The proxy from records already read: `aged`/`stranded` from the last snapshot day, `days`/`by_sku` the
    snapshots of the 90 days ending `as_of`, `sold_90`/`sold_60` the FBA units sold in the last 90 and 60 days."""
    sellable = sum(a.sellable for a in aged)
    excess = sum(a.excess_units for a in aged)
    fulfillable = sum(a.fulfillable for a in aged)
    stuck = sum(s.units for s in stranded)
    shipped = sum(sold_90.values())
    on_hand = sum(row.sellable for rows in by_sku.values() for row in rows.values())
    average = Fraction(on_hand, len(days)) if days else Fraction(0)
    measured: list[tuple[IpiComponentName, IpiAnchor, Fraction | None]] = [
        ("excess", policy.excess, Fraction(excess, sellable) if sellable else None),
        ("sell_through", policy.sell_through, Fraction(shipped) / average if average else None),
        ("stranded", policy.stranded, Fraction(stuck, fulfillable) if fulfillable else None),
        ("in_stock", policy.in_stock, _in_stock_rate(days, by_sku, sold_60, as_of=as_of)),
    ]
    weight = sum((anchor.weight for _, anchor, value in measured if value is not None), Decimal(0))
    components, total = [], Decimal(0)
    for name, anchor, value in measured:
        if value is None:
            components.append(IpiComponent(name, None, None, anchor.weight, None))
            continue
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        score = anchor.score(exact)
        share = anchor.weight / weight
        total += share * score
        lost = (share * (1 - score) * THOUSAND).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
        components.append(
            IpiComponent(name, as_decimal(value, "0.0001"), score.quantize(Decimal("0.0001"), ROUND_HALF_EVEN),
                         anchor.weight, lost)
        )  # fmt: skip
    score_value = int((total * THOUSAND).quantize(Decimal(1), ROUND_HALF_EVEN)) if weight else None
    status: IpiStatus = (
        "no_data" if score_value is None else ("below_line" if score_value < policy.line else "ok")
    )
    return IpiProxy(
        marketplace=marketplace,
        as_of=as_of,
        score=score_value,
        line=policy.line,
        status=status,
        components=tuple(components),
        sellable_units=sellable,
        excess_units=excess,
        stranded_units=stuck,
        fulfillable_units=fulfillable,
        units_shipped_90d=shipped,
        average_units_90d=as_decimal(average, "0.01"),
    )


def _in_stock_rate(
    days: Sequence[dt.date],
    by_sku: Mapping[str, Mapping[dt.date, DayStock]],
    sold_60: Mapping[str, int],
    *,
    as_of: dt.date,
) -> Fraction | None:
    recent = [d for d in days if d > as_of - dt.timedelta(days=IN_STOCK_DAYS)]
    weights = {sku: units for sku, units in sold_60.items() if units > 0}
    if not recent or not weights:
        return None
    weighted = Fraction(0)
    for sku, units in weights.items():
        rows = by_sku.get(sku, {})
        in_stock = sum(1 for d in recent if d in rows and rows[d].fulfillable > 0)
        weighted += units * Fraction(in_stock, len(recent))
    return weighted / sum(weights.values())
