"""Every stock check of one marketplace on one day, read once, and the findings a rule turns into tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sellerops.analytics.stock.aging import aged_from
from sellerops.analytics.stock.fee_risk import LONG_DAYS, aged_surcharge_risk, low_inventory_fee_risk
from sellerops.analytics.stock.inputs import (
    FBA,
    daily_snapshots,
    latest_snapshot,
    product_facts,
    units_sold,
    window,
)
from sellerops.analytics.stock.ipi import ipi_from
from sellerops.analytics.stock.models import (
    AgedStock,
    AgedSurchargeRisk,
    IpiPolicy,
    IpiProxy,
    LowInventoryFeeRisk,
    StockFact,
    StockFinding,
    StockHealth,
    StockRow,
    StrandedStock,
    TurnoverBand,
    TurnoverReport,
)
from sellerops.analytics.stock.stranded import latest_listings, stranded_from
from sellerops.analytics.stock.turnover import turnover_from
from sellerops.core.fees import StockFeeTables, load_stock_fees

CENT = Decimal("0.01")
TOP_SKUS = 5  # SKUs named in a marketplace-wide turnover finding: those holding the most stock value


@dataclass(frozen=True)
class StockPolicy:
    """The thresholds of the stock checks; the rules file fills them in (the defaults are the seeds' and Amazon's)."""

    turnover_band: TurnoverBand = field(default_factory=TurnoverBand)
    turnover_window_days: int = 90
    excess_days: int = 90
    demand_days: int = 30
    ipi: IpiPolicy = field(default_factory=IpiPolicy)


DEFAULT_POLICY = StockPolicy()


def stock_health(
    inventory_snapshot: Any,
    order_line: Any,
    product: Any,
    listing: Any,
    *,
    marketplace: str,
    as_of: dt.date,
    policy: StockPolicy = DEFAULT_POLICY,
    fees: StockFeeTables | None = None,
) -> StockHealth:
    """Turnover, aged and excess stock, fee risk, stranded stock and the IPI proxy of the marketplace's FBA stock
    on `as_of` (the last snapshot day on or before it), with one finding per breach."""
    fees = fees if fees is not None else load_stock_fees()
    span = max(policy.turnover_window_days, LONG_DAYS)
    first, last = window(as_of, span)
    days, by_sku = daily_snapshots(
        inventory_snapshot, marketplace=marketplace, warehouse=FBA, first=first, last=last
    )

    def sold(days_back: int) -> dict[str, int]:
        start, end = window(as_of, days_back)
        return units_sold(order_line, marketplace=marketplace, first=start, last=end, amazon_fulfilled=True)

    products = product_facts(product)
    sold_demand, sold_30, sold_60, sold_90 = sold(policy.demand_days), sold(30), sold(60), sold(LONG_DAYS)
    turnover_first, _ = window(as_of, policy.turnover_window_days)
    turnover = turnover_from(
        [d for d in days if d >= turnover_first],
        {sku: {d: r for d, r in rows.items() if d >= turnover_first} for sku, rows in by_sku.items()},
        sold(policy.turnover_window_days), products, marketplace=marketplace, first=turnover_first, last=as_of,
        band=policy.turnover_band,
    )  # fmt: skip
    latest = latest_snapshot(inventory_snapshot, marketplace=marketplace, warehouse=FBA, as_of=as_of)
    demand = {sku: Fraction(units, policy.demand_days) for sku, units in sold_demand.items()}
    aged = aged_from(latest, demand, products, marketplace=marketplace, excess_days=policy.excess_days)
    surcharge = aged_surcharge_risk(aged, products, fees=fees)
    long_first, _ = window(as_of, LONG_DAYS)
    long_days = [d for d in days if d >= long_first]
    long_rows = {sku: {d: r for d, r in rows.items() if d >= long_first} for sku, rows in by_sku.items()}
    low = low_inventory_fee_risk(
        long_days, long_rows, sold_30, sold_90, products, fees=fees, marketplace=marketplace, as_of=as_of
    )
    listing_day, listings = latest_listings(listing, marketplace=marketplace, as_of=as_of)
    stranded = stranded_from(latest, listing_day, listings, products, marketplace=marketplace)
    ipi = ipi_from(
        aged, stranded, long_days, long_rows, sold_90, sold_60, marketplace=marketplace, as_of=as_of,
        policy=policy.ipi,
    )  # fmt: skip
    findings = (
        *turnover_findings(turnover),
        *excess_findings(aged, excess_days=policy.excess_days),
        *aged_findings(surcharge, aged),
        *low_inventory_findings(low),
        *stranded_findings(stranded),
        *ipi_findings(ipi),
    )
    return StockHealth(marketplace, as_of, turnover, aged, surcharge, low, stranded, ipi, findings)


def _snapshot_row(marketplace: str, sku: str, day: dt.date, import_id: int) -> StockRow:
    return StockRow("inventory_snapshot", (marketplace, FBA, sku, day.isoformat()), import_id)


def turnover_findings(report: TurnoverReport) -> tuple[StockFinding, ...]:
    """One finding per cost currency whose whole-stock turnover is outside the band. Below the band, the money at
    stake is the stock value beyond what the band's lower end would need for the same sales."""
    found = []
    for total in report.totals:
        if total.status not in ("below_band", "above_band") or total.turnover is None:
            continue
        below = total.status == "below_band"
        window_days = (total.window_to - total.window_from).days + 1
        stake = None
        if below:
            yearly_cogs = total.cogs * 365 / window_days
            stake = max(Decimal(0), total.average_value - yearly_cogs / total.band.low).quantize(CENT)
        heaviest = sorted(
            (s for s in report.skus if s.currency == total.currency),
            key=lambda s: (-s.average_value, s.sku or ""),
        )[:TOP_SKUS]
        facts = [
            StockFact("cogs", total.cogs, total.currency),
            StockFact("average_inventory_value", total.average_value, total.currency),
            StockFact("units_sold", total.units_sold, "units"),
            StockFact("average_units", total.average_units, "units"),
            StockFact("days_of_inventory", total.days_of_inventory, "days"),
            StockFact("window_days", window_days, "days"),
            StockFact("snapshot_days", total.snapshot_days, "days"),
            *(StockFact(f"turnover[{s.sku}]", s.turnover) for s in heaviest),
        ]
        found.append(
            StockFinding(
                "turnover", total.marketplace, total.marketplace, None, "inventory_turnover", total.turnover,
                total.band.low if below else total.band.high, stake, total.currency, tuple(facts), (),
            )
        )  # fmt: skip
    return tuple(found)


def excess_findings(aged: Sequence[AgedStock], *, excess_days: int) -> tuple[StockFinding, ...]:
    """One per SKU with units beyond `excess_days` of demand; the money is those units at cost."""
    found = []
    for a in aged:
        if a.excess_units <= 0:
            continue
        stake = (a.excess_units * a.unit_cost).quantize(CENT) if a.unit_cost is not None else None
        facts = (
            StockFact("sellable_units", a.sellable, "units"),
            StockFact("daily_demand", a.daily_demand, "units"),
            StockFact("days_of_supply", a.days_of_supply, "days"),
            StockFact("excess_units", a.excess_units, "units"),
            StockFact("amazon_estimated_excess", a.amazon_excess, "units"),
        )
        found.append(
            StockFinding(
                "excess", a.marketplace, a.sku, a.sku, "days_of_supply", a.days_of_supply, Decimal(excess_days),
                stake, a.currency if stake is not None else None, facts,
                (_snapshot_row(a.marketplace, a.sku, a.snapshot_date, a.import_id),),
            )
        )  # fmt: skip
    return tuple(found)


def aged_findings(risks: Sequence[AgedSurchargeRisk], aged: Sequence[AgedStock]) -> tuple[StockFinding, ...]:
    """One per SKU that the next assessment will charge, or that will enter the surcharge within 90 days."""
    imports = {a.sku: a.import_id for a in aged}
    found = []
    for r in risks:
        if r.units_charged == 0 and r.units_entering_90d == 0:
            continue
        facts = (
            StockFact("assessment_date", r.assessment_date),
            StockFact("units_181_270_days", r.units_181_270, "units"),
            StockFact("units_271_365_days", r.units_271_365, "units"),
            StockFact("units_365_plus_days", r.units_365_plus, "units"),
            StockFact("units_entering_within_90_days", r.units_entering_90d, "units"),
            StockFact("cubic_feet_per_unit", r.cubic_feet_per_unit, "cu ft"),
            StockFact("charge_low", r.charge_low, r.currency or ""),
            StockFact("charge_high", r.charge_high, r.currency or ""),
            StockFact("amazon_estimate", r.amazon_estimate, r.currency or ""),
        )
        found.append(
            StockFinding(
                "aged_stock", r.marketplace, r.sku, r.sku, "units_aged_over_180_days", Decimal(r.units_charged),
                Decimal(0), r.charge_low, r.currency if r.charge_low is not None else None, facts,
                (_snapshot_row(r.marketplace, r.sku, r.snapshot_date, imports.get(r.sku, 0)),),
            )
        )  # fmt: skip
    return tuple(found)


def low_inventory_findings(risks: Sequence[LowInventoryFeeRisk]) -> tuple[StockFinding, ...]:
    """One per SKU whose historical days of supply are under the trigger on both views."""
    found = []
    for r in risks:
        if not r.at_risk or r.short_days_of_supply is None or r.long_days_of_supply is None:
            continue
        facts = (
            StockFact("short_term_days_of_supply", r.short_days_of_supply, "days"),
            StockFact("long_term_days_of_supply", r.long_days_of_supply, "days"),
            StockFact("size_tier", r.size_tier),
            StockFact("fee_per_unit", r.fee_per_unit, r.currency or ""),
            StockFact("expected_units_30d", r.expected_units_30d, "units"),
        )
        found.append(
            StockFinding(
                "low_inventory_fee", r.marketplace, r.sku, r.sku, "historical_days_of_supply",
                max(r.short_days_of_supply, r.long_days_of_supply), Decimal(r.trigger_days), r.expected_fee_30d,
                r.currency if r.expected_fee_30d is not None else None, facts, (),
            )
        )  # fmt: skip
    return tuple(found)


def stranded_findings(stranded: Sequence[StrandedStock]) -> tuple[StockFinding, ...]:
    found = []
    for s in stranded:
        facts = (
            StockFact("reason", s.reason),
            StockFact("listing_status", s.listing_status),
            StockFact("listing_snapshot_date", s.listing_snapshot_date),
        )
        rows = [_snapshot_row(s.marketplace, s.sku, s.snapshot_date, s.import_id)]
        if s.listing_snapshot_date is not None and s.listing_status is not None:
            rows.append(
                StockRow("listing", (s.marketplace, s.sku, s.listing_snapshot_date.isoformat()), None)
            )
        found.append(
            StockFinding(
                "stranded", s.marketplace, s.sku, s.sku, "stranded_units", Decimal(s.units), Decimal(0), s.value,
                s.currency, facts, tuple(rows),
            )
        )  # fmt: skip
    return tuple(found)


def ipi_findings(ipi: IpiProxy) -> tuple[StockFinding, ...]:
    """One when the proxy is below the storage-limit line; the facts give each component and the points it costs."""
    if ipi.status != "below_line" or ipi.score is None:
        return ()
    facts = [StockFact(f"{c.name}", c.value) for c in ipi.components]
    facts += [StockFact(f"{c.name}_points_lost", c.points_lost) for c in ipi.components]
    return (
        StockFinding(
            "ipi", ipi.marketplace, ipi.marketplace, None, "ipi_proxy", Decimal(ipi.score), Decimal(ipi.line),
            None, None, tuple(facts), (),
        ),
    )  # fmt: skip
