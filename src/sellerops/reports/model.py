"""What the daily and weekly reports show: typed records the caller fills, whatever computed the numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sellerops.core.money import Money
from sellerops.core.process import ProcessNode
from sellerops.core.text import Text
from sellerops.rules.findings import Finding

# How a metric's figures read. Metrics not listed here are shown as plain decimals.
MetricKind = Literal["money", "count", "ratio", "multiple"]
METRIC_KINDS: dict[str, MetricKind] = {
    "ordered_sales": "money", "aov": "money", "ad_spend": "money", "ad_sales": "money", "cpc": "money",
    "units": "count", "orders": "count", "sessions": "count", "page_views": "count",
    "ad_impressions": "count", "ad_clicks": "count",
    "conversion": "ratio", "buy_box": "ratio", "refund_rate": "ratio", "return_rate": "ratio", "ctr": "ratio",
    "acos": "ratio", "tacos": "ratio",
    "roas": "multiple",
    "order_defect_rate": "ratio", "late_shipment_rate": "ratio", "pre_fulfillment_cancellation_rate": "ratio",
    "valid_tracking_rate": "ratio", "on_time_delivery_rate": "ratio",
    "days_of_cover": "count", "available": "count", "inbound": "count", "buy_box_percentage": "ratio",
    "promoted_order_share": "ratio",
}  # fmt: skip

HealthStatus = Literal["ok", "at_risk", "breach", "no_data"]
StockoutRisk = Literal["out_of_stock", "high", "medium", "low"]


@dataclass(frozen=True)
class MarketplaceInfo:
    marketplace: str  # "amazon.US"
    time_zone: str  # IANA, e.g. "America/Los_Angeles"
    currency: str  # ISO 4217


@dataclass(frozen=True)
class Comparison:
    """A figure against its baseline. `change` is relative (0.1 = +10%); None when it cannot be told."""

    current: Decimal | None
    baseline: Decimal | None
    change: Decimal | None

    @classmethod
    def of(cls, current: Decimal | None, baseline: Decimal | None) -> Comparison:
        """The comparison with its relative change worked out (None without a non-zero baseline)."""
        if current is None or baseline is None or baseline == 0:
            return cls(current, baseline, None)
        return cls(current, baseline, current / baseline - 1)


NO_COMPARISON = Comparison(None, None, None)


@dataclass(frozen=True)
class KpiLine:
    """One metric of one marketplace on the report's day, against the five baselines of the morning check.
    Money metrics are in `currency`; ratios are fractions (0.123 = 12.3%)."""

    marketplace: str
    currency: str
    metric: str  # a key of METRIC_KINDS, e.g. "ordered_sales"
    value: Decimal | None
    previous_day: Comparison = NO_COMPARISON
    same_weekday_last_week: Comparison = NO_COMPARISON
    last_7_vs_previous_7: Comparison = NO_COMPARISON  # current = the last 7 days, baseline = the 7 before
    month_to_date: Comparison = NO_COMPARISON  # baseline = the same days of last month
    year_over_year: Comparison = NO_COMPARISON  # baseline = the same day last year


@dataclass(frozen=True)
class TrendPoint:
    date: dt.date
    ordered_sales: Decimal
    units: int
    sessions: int
    ad_spend: Decimal
    conversion: Decimal | None  # units / sessions; None without sessions


@dataclass(frozen=True)
class Trend:
    """A marketplace's daily series, oldest day first (about the last eight weeks)."""

    marketplace: str
    currency: str
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class Mover:
    """A SKU whose metric moved, with the move split into the factors of sales = sessions × conversion × price.
    `change` is relative; the shares are fractions of it (they need not add up to 1: the rest is unexplained)."""

    marketplace: str
    sku: str | None  # None for a marketplace-wide move
    title: str | None  # the product's title, when known
    metric: str
    value: Decimal
    baseline: Decimal
    change: Decimal
    sessions_share: Decimal | None
    conversion_share: Decimal | None
    price_share: Decimal | None
    process_node: ProcessNode
    cause: (
        str  # a cause key of the anomaly analysis, e.g. "out_of_stock" (labels.CAUSES names the known ones)
    )
    explanation: Text  # the sentence with its numbers
    money_at_stake: Money | None


@dataclass(frozen=True)
class TaskLine:
    """A to-do item as the team sees it. `priority` "P1" is the most urgent; `due_at` and `closed_at` are UTC."""

    id: str
    priority: str  # "P1" … "P4"
    title: Text
    owner: str | None
    due_at: dt.datetime
    status: str  # "open", "done", "closed", "reopened", … (the known ones are translated)
    rule: str
    marketplace: str
    sku: str | None
    money_at_stake: Money | None
    acceptance: Text
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class HealthLine:
    """One account-health rate of a marketplace over its window; `comparison` says which side of the threshold
    is healthy ("<": the rate must stay below it, ">": above it)."""

    marketplace: str
    metric: str  # "order_defect_rate", "late_shipment_rate", "pre_fulfillment_cancellation_rate", …
    window_days: int
    rate: Decimal | None
    threshold: Decimal
    comparison: Literal["<", ">"]
    status: HealthStatus
    numerator: int
    denominator: int
    breach_orders: tuple[str, ...] = ()  # the orders behind a breach
    fulfillment: str | None = None  # "mfn" (merchant-fulfilled) or "afn" (FBA) when rates are kept apart


@dataclass(frozen=True)
class HeatCell:
    marketplace: str
    sku: str
    date: dt.date
    conversion: Decimal | None


@dataclass(frozen=True)
class DailyReport:
    """Yesterday against its baselines: the morning check in one record."""

    day: dt.date
    team_time_zone: str
    marketplaces: tuple[MarketplaceInfo, ...]
    kpis: tuple[KpiLine, ...]
    trends: tuple[Trend, ...]
    movers: tuple[Mover, ...]
    findings: tuple[Finding, ...]
    tasks: tuple[TaskLine, ...]
    health: tuple[HealthLine, ...]
    conversion_heatmap: tuple[HeatCell, ...]
    generated_at: dt.datetime  # UTC


@dataclass(frozen=True)
class WeekOverWeek:
    marketplace: str
    currency: str
    metric: str
    value: Decimal | None  # this week
    previous: Decimal | None  # the week before
    change: Decimal | None  # relative


@dataclass(frozen=True)
class FunnelLine:
    marketplace: str
    sessions: int
    page_views: int
    units: int
    orders: int

    @property
    def conversion(self) -> Decimal | None:
        """Units per session, the seeds' conversion rate."""
        return Decimal(self.units) / self.sessions if self.sessions else None

    @property
    def order_rate(self) -> Decimal | None:
        return Decimal(self.orders) / self.sessions if self.sessions else None


@dataclass(frozen=True)
class CampaignLine:
    name: str
    spend: Decimal
    sales: Decimal  # attributed
    clicks: int
    orders: int

    @property
    def acos(self) -> Decimal | None:
        return self.spend / self.sales if self.sales else None

    @property
    def roas(self) -> Decimal | None:
        return self.sales / self.spend if self.spend else None


@dataclass(frozen=True)
class AdsSummary:
    """A marketplace's advertising over the week, all money in `currency`."""

    marketplace: str
    currency: str
    spend: Decimal
    ad_sales: Decimal
    total_sales: Decimal
    top_campaigns: tuple[CampaignLine, ...]

    @property
    def acos(self) -> Decimal | None:
        return self.spend / self.ad_sales if self.ad_sales else None

    @property
    def roas(self) -> Decimal | None:
        return self.ad_sales / self.spend if self.spend else None

    @property
    def tacos(self) -> Decimal | None:
        return self.spend / self.total_sales if self.total_sales else None


@dataclass(frozen=True)
class InventoryLine:
    marketplace: str
    sku: str
    title: str
    available: int
    inbound: int
    days_of_cover: Decimal | None  # None when the SKU did not sell
    stockout_risk: StockoutRisk


@dataclass(frozen=True)
class WeeklyReport:
    """Seven days, `week_start` to `week_end` inclusive in the team's calendar, against the seven before."""

    week_start: dt.date
    week_end: dt.date
    team_time_zone: str
    marketplaces: tuple[MarketplaceInfo, ...]
    kpis: tuple[WeekOverWeek, ...]
    funnel: tuple[FunnelLine, ...]
    ads: tuple[AdsSummary, ...]
    inventory: tuple[InventoryLine, ...]
    tasks_done: tuple[TaskLine, ...]
    tasks_open: tuple[TaskLine, ...]
    generated_at: dt.datetime  # UTC


Report = DailyReport | WeeklyReport
