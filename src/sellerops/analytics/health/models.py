"""Typed records of account health: one rate per metric and window, and the orders behind a breach."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Comparison = Literal["<", ">"]
HealthStatus = Literal["ok", "breach", "no_data"]
FulfillmentType = Literal["mfn", "afn"]
HealthMetricName = Literal[
    "order_defect_rate",
    "late_shipment_rate",
    "pre_fulfillment_cancellation_rate",
    "valid_tracking_rate",
    "on_time_delivery_rate",
]


@dataclass(frozen=True)
class HealthTarget:
    """Amazon's target for a rate: `rate < threshold` or `rate > threshold` is healthy."""

    threshold: Decimal
    comparison: Comparison


@dataclass(frozen=True)
class HealthMetric:
    """One account-health rate for a marketplace, fulfilment channel and window of local days (both included)."""

    marketplace: str
    metric: HealthMetricName
    fulfillment_type: FulfillmentType
    window_days: int
    window_from: dt.date
    window_to: dt.date
    numerator: int
    denominator: int
    rate: Decimal | None  # numerator / denominator to 10 places; None when there is nothing to divide by
    threshold: Decimal
    comparison: Comparison
    status: HealthStatus


@dataclass(frozen=True)
class BreachingOrder:
    """An order that counts against a breached metric. `reason` says how; `date` is the local day it happened
    (feedback or claim day, ship day, purchase day for a cancellation, delivery day)."""

    marketplace: str
    metric: HealthMetricName
    order_id: str
    reason: str  # negative_feedback | a_to_z_claim | chargeback | late_shipment | cancelled | no_valid_tracking | late_delivery
    date: dt.date
    order_total: Decimal | None
    currency: str | None


@dataclass(frozen=True)
class AccountHealth:
    metrics: tuple[HealthMetric, ...]
    breaching_orders: tuple[BreachingOrder, ...]

    def breaches(self) -> tuple[HealthMetric, ...]:
        return tuple(m for m in self.metrics if m.status == "breach")
