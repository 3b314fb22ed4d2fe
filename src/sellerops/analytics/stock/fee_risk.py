"""Fee risk of FBA stock: the aged inventory surcharge the next monthly assessment may charge, the units that will
enter it next quarter, and the low-inventory-level fee on SKUs whose historical supply runs under the trigger.

The fee tables come from `sellerops.core.fees` (versioned, with their sources); the version in force on the
assessment day (surcharge) or on `as_of` (low-inventory fee) is used. A marketplace without a table gets no
charge (None), never a guess from another marketplace's.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from sellerops.analytics.stock.aging import as_decimal
from sellerops.analytics.stock.inputs import DayStock, ProductFacts
from sellerops.analytics.stock.models import AgedStock, AgedSurchargeRisk, LowInventoryFeeRisk
from sellerops.core.fees import AgedSurchargeSchedule, StockFeeTables, cubic_feet, inches, pounds

CENT = Decimal("0.01")
SHORT_DAYS, LONG_DAYS = 30, 90
# The report's aged buckets and the fee-band ages they span (both ends included; None: no upper end).
_AGED_BUCKETS: tuple[tuple[int, int | None], ...] = ((181, 270), (271, 365), (366, None))


def _fifo(oldest_first: Sequence[int], sold: int) -> list[int]:
    """What is left of each bucket after `sold` units leave, oldest first (Amazon counts age first-in first-out)."""
    left = []
    for units in oldest_first:
        taken = min(units, sold)
        sold -= taken
        left.append(units - taken)
    return left


def aged_surcharge_risk(
    aged: Sequence[AgedStock], products: Mapping[str, ProductFacts], *, fees: StockFeeTables
) -> tuple[AgedSurchargeRisk, ...]:
    """One record per SKU with units aged over 90 days (those that are, or may soon be, charged)."""
    found = []
    for stock in aged:
        if not stock.ages_known or stock.age_91_180 + stock.aged_over_180 == 0:
            continue
        facts = products.get(stock.sku)
        oldest_first = (stock.age_365_plus, stock.age_271_365, stock.age_181_270, stock.age_91_180)
        schedule = fees.aged_surcharge_on(stock.marketplace, stock.snapshot_date)
        assessment = (
            schedule.next_assessment(stock.snapshot_date) if schedule else _next_15th(stock.snapshot_date)
        )
        schedule = fees.aged_surcharge_on(stock.marketplace, assessment)
        by_then = (assessment - stock.snapshot_date).days
        left = _fifo(oldest_first, math.floor(stock.daily_demand * by_then))
        in_90_days = _fifo(oldest_first, math.floor(stock.daily_demand * 90))
        volume = None
        if facts is not None and facts.sides_cm is not None:
            volume = cubic_feet(tuple(inches(s) for s in facts.sides_cm))  # type: ignore[arg-type]
        category = facts.category if facts else None
        units_by_bucket = (left[2], left[1], left[0])
        low, high = _charges(schedule, units_by_bucket, volume, category)
        found.append(
            AgedSurchargeRisk(
                marketplace=stock.marketplace,
                sku=stock.sku,
                snapshot_date=stock.snapshot_date,
                assessment_date=assessment,
                units_181_270=left[2],
                units_271_365=left[1],
                units_365_plus=left[0],
                units_entering_90d=in_90_days[3],
                cubic_feet_per_unit=volume.quantize(Decimal("0.0001"), ROUND_HALF_EVEN) if volume else None,
                charge_low=low,
                charge_high=high,
                currency=schedule.currency if schedule else None,
                amazon_estimate=stock.amazon_surcharge_estimate,
                exempt_below_271=schedule is not None
                and category is not None
                and not schedule.bands_for(181, 270, category=category),
            )
        )
    return tuple(found)


def _next_15th(day: dt.date) -> dt.date:
    if day.day <= 15:
        return day.replace(day=15)
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 15)


def _charges(
    schedule: AgedSurchargeSchedule | None,
    units_by_bucket: tuple[int, int, int],
    volume: Decimal | None,
    category: str | None,
) -> tuple[Decimal | None, Decimal | None]:
    """Every unit at its bucket's cheapest band, and at its dearest; (0, 0) when nothing is charged."""
    if schedule is None:
        return None, None
    low = high = Decimal(0)
    for units, (first, last) in zip(units_by_bucket, _AGED_BUCKETS, strict=True):
        bands = schedule.bands_for(first, last, category=category)
        if units == 0 or not bands:
            continue
        if volume is None:
            return None, None
        per_unit = [b.charge_per_unit(volume) for b in bands]
        low += units * min(per_unit)
        high += units * max(per_unit)
    return low.quantize(CENT, ROUND_HALF_EVEN), high.quantize(CENT, ROUND_HALF_EVEN)


def low_inventory_fee_risk(
    days: Sequence[dt.date],
    by_sku: Mapping[str, Mapping[dt.date, DayStock]],
    sold_short: Mapping[str, int],
    sold_long: Mapping[str, int],
    products: Mapping[str, ProductFacts],
    *,
    fees: StockFeeTables,
    marketplace: str,
    as_of: dt.date,
) -> tuple[LowInventoryFeeRisk, ...]:
    """The low-inventory-level test for every SKU that shipped in the last 90 days (none: the marketplace has no
    such fee). `days`/`by_sku` are the FBA snapshots of the 90 days ending `as_of`; `sold_short`/`sold_long` the
    units shipped in the last 30 and 90 days."""
    schedule = fees.low_inventory_on(marketplace, as_of)
    if schedule is None:
        return ()
    tiers = fees.size_tiers_on(marketplace, as_of)
    short_first = as_of - dt.timedelta(days=SHORT_DAYS - 1)
    short_days = [d for d in days if d >= short_first]
    found = []
    for sku in sorted(s for s, units in sold_long.items() if units > 0):
        rows = by_sku.get(sku, {})
        short = _days_of_supply(rows, short_days, sold_short.get(sku, 0), SHORT_DAYS)
        long = _days_of_supply(rows, days, sold_long[sku], LONG_DAYS)
        at_risk = short is not None and long is not None and max(short, long) < schedule.trigger_days
        facts = products.get(sku)
        tier, rate = None, None
        if (
            facts is not None
            and facts.sides_cm is not None
            and facts.weight_kg is not None
            and tiers is not None
        ):
            sized = tiers.classify(tuple(inches(s) for s in facts.sides_cm), pounds(facts.weight_kg))  # type: ignore[arg-type]
            tier = sized.tier
            rate = Decimal(0)
            if at_risk and short is not None and long is not None:
                supply = max(short, long)
                rate = schedule.rate(
                    sized.tier, sized.shipping_weight_lb, Decimal(supply.numerator) / supply.denominator
                )
        units = sold_short.get(sku, 0)
        found.append(
            LowInventoryFeeRisk(
                marketplace=marketplace,
                sku=sku,
                as_of=as_of,
                short_days_of_supply=as_decimal(short, "0.1") if short is not None else None,
                long_days_of_supply=as_decimal(long, "0.1") if long is not None else None,
                trigger_days=schedule.trigger_days,
                at_risk=at_risk,
                size_tier=tier,
                fee_per_unit=rate,
                expected_units_30d=units,
                expected_fee_30d=(units * rate).quantize(CENT, ROUND_HALF_EVEN) if rate is not None else None,
                currency=schedule.currency,
            )
        )
    return tuple(found)


def _days_of_supply(
    rows: Mapping[dt.date, DayStock], days: Sequence[dt.date], shipped: int, window_days: int
) -> Fraction | None:
    """Average daily available units over the snapshot days ÷ average daily units shipped; None without
    shipments or snapshots."""
    if shipped == 0 or not days:
        return None
    available = Fraction(sum(rows[d].fulfillable for d in days if d in rows), len(days))
    return available * window_days / shipped
