"""Typed records of stock health: turnover, aged and excess stock, fee risk, stranded units, the IPI proxy, and the
findings the morning check turns into tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

TurnoverStatus = Literal["ok", "below_band", "above_band", "no_data"]
StrandedReason = Literal["no_listing", "listing_inactive", "listed_as_merchant"]
IpiComponentName = Literal["excess", "sell_through", "stranded", "in_stock"]
IpiStatus = Literal["ok", "below_line", "no_data"]
StockCheck = Literal["turnover", "excess", "aged_stock", "low_inventory_fee", "stranded", "ipi"]
Figure = Decimal | int | str | dt.date | None


@dataclass(frozen=True)
class TurnoverBand:
    """Healthy turns a year: the seeds' 6–8 (seed 000: 库存周转率维持在 6-8 次/年为健康水平)."""

    low: Decimal = Decimal(6)
    high: Decimal = Decimal(8)


@dataclass(frozen=True)
class StockTurnover:
    """Turnover over a trailing window, annualised: COGS ÷ average inventory value × 365 ÷ window days.

    `sku` is None for the marketplace's whole stock in one cost currency. Units are those in the warehouse
    (fulfillable + reserved + unsellable) averaged over the days that have a snapshot."""

    marketplace: str
    sku: str | None
    window_from: dt.date
    window_to: dt.date
    snapshot_days: int
    units_sold: int
    cogs: Decimal
    average_units: Decimal
    average_value: Decimal
    currency: str
    turnover: Decimal | None  # turns a year, 2 places; None without stock to divide by
    days_of_inventory: Decimal | None  # 365 ÷ turnover, 1 place
    band: TurnoverBand
    status: TurnoverStatus


@dataclass(frozen=True)
class TurnoverReport:
    skus: tuple[StockTurnover, ...]
    totals: tuple[StockTurnover, ...]  # one per cost currency
    skus_without_cost: tuple[str, ...]  # left out: the product master has no unit cost for them


@dataclass(frozen=True)
class AgedStock:
    """One SKU's stock on the latest snapshot day: its age buckets, days of supply and excess.

    `sellable` = fulfillable + reserved. Excess is what lies beyond `excess_days` of demand (Amazon's definition:
    over 90 days of supply); demand is units sold per day over the trailing window unless the caller gave a
    forecast. `amazon_excess` is the report's own estimated-excess-quantity when it carries one."""

    marketplace: str
    sku: str
    snapshot_date: dt.date
    fulfillable: int
    sellable: int
    unsellable: int
    ages_known: bool  # False when the snapshot has no age buckets (a Manage Inventory report alone)
    age_0_90: int
    age_91_180: int
    age_181_270: int
    age_271_365: int
    age_365_plus: int
    daily_demand: Decimal
    days_of_supply: Decimal | None  # None when nothing sells
    excess_units: int
    amazon_excess: int | None
    amazon_surcharge_estimate: (
        Decimal | None
    )  # the report's estimated aged-inventory surcharge (or LTSF) next charge
    unit_cost: Decimal | None
    currency: str | None  # the unit cost's currency
    import_id: int

    @property
    def aged_over_180(self) -> int:
        return self.age_181_270 + self.age_271_365 + self.age_365_plus


@dataclass(frozen=True)
class AgedSurchargeRisk:
    """What the next aged inventory surcharge assessment may charge one SKU, projected first-in first-out: the
    units sold by then leave from the oldest bucket first. Units crossing 181 days before the assessment are not
    added (the report's buckets cannot say how many will), so the charge is a floor.

    A report bucket spans several fee bands (181–270 covers three), so the charge is a range: every unit at the
    bucket's cheapest band (`charge_low`) or at its dearest (`charge_high`). None when the unit volume or the fee
    table is unknown. `units_entering_90d`: units aged 91–180 that will still be there in 90 days at the current
    demand, i.e. that will enter the surcharge next quarter."""

    marketplace: str
    sku: str
    snapshot_date: dt.date
    assessment_date: dt.date
    units_181_270: int
    units_271_365: int
    units_365_plus: int
    units_entering_90d: int
    cubic_feet_per_unit: Decimal | None
    charge_low: Decimal | None
    charge_high: Decimal | None
    currency: str | None
    amazon_estimate: Decimal | None  # the report's estimated surcharge (or LTSF) for the next charge
    exempt_below_271: bool  # the category pays no 181–270 day band

    @property
    def units_charged(self) -> int:
        return self.units_181_270 + self.units_271_365 + self.units_365_plus


@dataclass(frozen=True)
class LowInventoryFeeRisk:
    """The low-inventory-level fee test for one SKU: historical days of supply (average daily available units ÷
    average daily units shipped) on the short (30-day) and long (90-day) view; the fee applies when both are below
    the trigger. The rate is looked up at the greater of the two."""

    marketplace: str
    sku: str
    as_of: dt.date
    short_days_of_supply: Decimal | None  # None when nothing shipped in the window
    long_days_of_supply: Decimal | None
    trigger_days: int
    at_risk: bool
    size_tier: str | None
    fee_per_unit: Decimal | None  # None: the tier, its size or its rate is unknown
    expected_units_30d: int  # at the last 30 days' pace
    expected_fee_30d: Decimal | None
    currency: str | None


@dataclass(frozen=True)
class StrandedStock:
    """FBA units that cannot sell because no active FBA offer exists for them."""

    marketplace: str
    sku: str
    snapshot_date: dt.date
    units: int  # fulfillable
    reason: StrandedReason
    listing_status: str | None
    listing_snapshot_date: dt.date | None
    value: Decimal | None  # units × unit cost
    currency: str | None
    import_id: int


@dataclass(frozen=True)
class IpiAnchor:
    """How one IPI component scores: linearly from 0 at `poor` to 1 at `good`, clipped, weighted by `weight`."""

    good: Decimal
    poor: Decimal
    weight: Decimal

    def score(self, value: Decimal) -> Decimal:
        share = (value - self.poor) / (self.good - self.poor)
        return min(Decimal(1), max(Decimal(0), share))


@dataclass(frozen=True)
class IpiPolicy:
    """The IPI proxy's anchors and weights (docs/stock.md explains each) and the storage-limit line."""

    excess: IpiAnchor = IpiAnchor(good=Decimal(0), poor=Decimal("0.25"), weight=Decimal("0.4"))
    sell_through: IpiAnchor = IpiAnchor(good=Decimal(2), poor=Decimal("0.8"), weight=Decimal("0.4"))
    stranded: IpiAnchor = IpiAnchor(good=Decimal(0), poor=Decimal("0.10"), weight=Decimal("0.1"))
    in_stock: IpiAnchor = IpiAnchor(good=Decimal(1), poor=Decimal("0.70"), weight=Decimal("0.1"))
    line: int = 400  # below it Amazon limits storage (fees.md §5: 400 since 2022-01-01, still quoted in 2026)


@dataclass(frozen=True)
class IpiComponent:
    name: IpiComponentName
    value: Decimal | None  # a fraction (excess, stranded, in-stock) or a ratio (sell-through); None: no data
    score: Decimal | None  # 0–1
    weight: Decimal
    points_lost: Decimal | None  # weight × (1 − score) × 1000: what this component costs the score


@dataclass(frozen=True)
class IpiProxy:
    """An estimate of Amazon's Inventory Performance Index from its four published components. Amazon does not
    publish the weighting: this is a proxy that moves with the components, not Amazon's number."""

    marketplace: str
    as_of: dt.date
    score: int | None
    line: int
    status: IpiStatus
    components: tuple[IpiComponent, ...]
    sellable_units: int
    excess_units: int
    stranded_units: int
    fulfillable_units: int
    units_shipped_90d: int
    average_units_90d: Decimal


@dataclass(frozen=True)
class StockFact:
    """A number behind a finding; `unit` is "", "%", "days", "units", "cu ft" or a currency."""

    name: str
    value: Figure
    unit: str = ""


@dataclass(frozen=True)
class StockRow:
    """A warehouse row a finding rests on: its table, its key values in the table's key order, and the import."""

    table: str
    key: tuple[str, ...]
    import_id: int | None


@dataclass(frozen=True)
class StockFinding:
    """What one stock check found about one entity (a SKU, or the marketplace), with the numbers a rule needs."""

    check: StockCheck
    marketplace: str
    entity: str
    sku: str | None
    metric: str
    value: Decimal | None
    threshold: Decimal | None
    money_at_stake: Decimal | None
    currency: str | None
    facts: tuple[StockFact, ...]
    rows: tuple[StockRow, ...]


@dataclass(frozen=True)
class StockHealth:
    """Every stock check of one marketplace on one day."""

    marketplace: str
    as_of: dt.date
    turnover: TurnoverReport
    aged: tuple[AgedStock, ...]
    surcharge: tuple[AgedSurchargeRisk, ...]
    low_inventory: tuple[LowInventoryFeeRisk, ...]
    stranded: tuple[StrandedStock, ...]
    ipi: IpiProxy
    findings: tuple[StockFinding, ...]
