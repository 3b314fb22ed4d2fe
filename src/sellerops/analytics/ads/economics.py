"""Break-even ACoS per SKU: the share of a sale that ads may take before the sale loses money.

    break-even ACoS = margin before ads / revenue = (revenue − Amazon's fees − cost of goods) / revenue

- Revenue and units: the SKU's order lines of the period (item price less its promotion discount, tax left out),
  orders not cancelled.
- Fees: what the settlements took per unit of the SKU (referral commission, FBA fulfilment and every other
  `ItemFees` amount of its `Order` transactions over the period), times the units sold. A SKU with no settled order
  in the period has unknown fees.
- Cost of goods: the product master's unit cost × units, when it is in the marketplace's currency (another
  currency needs a rate the caller applies first: the cost is then unknown rather than wrongly added).
What is unknown is named in `unknown`, and the break-even is then an upper bound (the missing cost would lower it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

RATIO_PLACES = Decimal("0.0001")
MONEY_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class SkuEconomics:
    marketplace: str
    sku: str
    currency: str
    units: int
    revenue: Decimal
    fees: Decimal | None  # positive: what Amazon kept
    cost_of_goods: Decimal | None
    margin_before_ads: Decimal
    break_even_acos: Decimal | None  # None when there was no revenue
    unknown: tuple[str, ...]  # "fees", "unit_cost"

    @property
    def upper_bound(self) -> bool:
        """True when a cost is missing, so the real break-even is lower than shown."""
        return bool(self.unknown)


def sku_economics(
    order_line: Any,
    fee_txn: Any,
    product: Any,
    *,
    start: dt.date,
    end: dt.date,
    marketplace: str | None = None,
) -> list[SkuEconomics]:
    """Per marketplace, SKU and currency with sales in start..end (purchase days, both included)."""
    lines = order_line.filter(
        (order_line.purchase_date >= start)
        & (order_line.purchase_date <= end)
        & ~order_line.order_status.lower().isin(["cancelled", "canceled"])
        & order_line.sku.notnull()
    )
    if marketplace is not None:
        lines = lines.filter(lines.marketplace == marketplace)
    sold = lines.group_by(["marketplace", "sku", "currency"]).aggregate(
        units=lines.quantity.sum(),
        revenue=lines.item_price.fill_null(0).sum() - lines.item_promotion_discount.fill_null(0).abs().sum(),
    )
    f = fee_txn.filter(
        (fee_txn.posted_date >= start)
        & (fee_txn.posted_date <= end)
        & (fee_txn.transaction_type == "Order")
        & fee_txn.sku.notnull()
    )
    settled = f.group_by(["marketplace", "sku", "currency"]).aggregate(
        settled_units=f.quantity.sum(
            where=(f.amount_type == "ItemPrice") & (f.amount_description == "Principal")
        ),
        settled_fees=-f.amount.sum(where=f.amount_type == "ItemFees"),
    )
    costs = product.select(p_sku="sku", unit_cost="unit_cost", cost_currency="cost_currency")
    joined = sold.left_join(
        settled,
        (sold.marketplace == settled.marketplace)
        & (sold.sku == settled.sku)
        & (sold.currency == settled.currency),
    ).select(sold, "settled_units", "settled_fees")
    joined = joined.left_join(costs, joined.sku == costs.p_sku).select(joined, "unit_cost", "cost_currency")
    rows = joined.order_by(["marketplace", "sku", "currency"]).to_pyarrow().to_pylist()
    return [_economics(r) for r in rows]


def _economics(r: dict[str, Any]) -> SkuEconomics:
    units, revenue = int(r["units"] or 0), Decimal(r["revenue"] or 0)
    unknown = []
    fees: Decimal | None = None
    if r["settled_units"] and r["settled_fees"] is not None:
        per_unit = Decimal(r["settled_fees"]) / Decimal(int(r["settled_units"]))
        fees = (per_unit * units).quantize(MONEY_PLACES, ROUND_HALF_EVEN)
    else:
        unknown.append("fees")
    cost: Decimal | None = None
    if r["unit_cost"] is not None and (r["cost_currency"] in (None, r["currency"])):
        cost = (Decimal(r["unit_cost"]) * units).quantize(MONEY_PLACES, ROUND_HALF_EVEN)
    else:
        unknown.append("unit_cost")
    margin = revenue - (fees or 0) - (cost or 0)
    break_even = (margin / revenue).quantize(RATIO_PLACES, ROUND_HALF_EVEN) if revenue > 0 else None
    return SkuEconomics(
        r["marketplace"], r["sku"], r["currency"], units, revenue.quantize(MONEY_PLACES), fees, cost,
        margin.quantize(MONEY_PLACES), break_even, tuple(unknown),
    )  # fmt: skip
