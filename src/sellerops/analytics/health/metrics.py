"""Account-health rates computed from the seller's own orders, feedback, claims and shipments.

Windows are whole local days of the marketplace ending on `as_of` (both included), the way the Seller
Performance report dates them: a 60-day window on 31 October runs from 2 September. Amazon's own reporting lags
some windows (the order defect rate is often shown for days 14–74 back); pass `lag_days` to follow it.
- Order defect rate (per channel, 60 days, by purchase day): orders not cancelled that received negative
  feedback (1–2 stars), an A-to-z claim or a chargeback by `as_of`, over those orders.
- Late shipment rate (merchant-fulfilled, 10 and 30 days, by ship day): orders shipped after their latest ship
  date over orders shipped whose latest ship date is known (an order without one cannot be judged).
- Pre-fulfilment cancellation rate (merchant-fulfilled, 7 days, by purchase day): orders cancelled before they
  shipped over orders placed. The order reports do not say who cancelled, so buyer requests count too.
- Valid tracking rate (merchant-fulfilled, 30 days, by ship day): shipments confirmed with a tracking number
  over shipments. Amazon also requires a carrier scan, which no seller file shows.
- On-time delivery rate (merchant-fulfilled, 30 days, by ship day): shipments with valid tracking delivered by
  their latest delivery date over those whose delivery and promise are both known.
FBA orders count only in the order defect rate: Amazon ships them, so the shipping rates are not the seller's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import ibis

from sellerops.analytics.health.models import (
    AccountHealth,
    BreachingOrder,
    FulfillmentType,
    HealthMetric,
    HealthMetricName,
    HealthStatus,
    HealthTarget,
)
from sellerops.core.marketplaces import get_marketplace

AMAZON_TARGETS: Mapping[HealthMetricName, HealthTarget] = {
    "order_defect_rate": HealthTarget(Decimal("0.01"), "<"),
    "late_shipment_rate": HealthTarget(Decimal("0.04"), "<"),
    "pre_fulfillment_cancellation_rate": HealthTarget(Decimal("0.025"), "<"),
    "valid_tracking_rate": HealthTarget(Decimal("0.95"), ">"),
    "on_time_delivery_rate": HealthTarget(Decimal("0.90"), ">"),
}
# The name each metric has in Amazon's Seller Performance report (table account_health_metric).
AMAZON_METRIC_NAMES: Mapping[HealthMetricName, str] = {
    "order_defect_rate": "orderDefectRate",
    "late_shipment_rate": "lateShipmentRate",
    "pre_fulfillment_cancellation_rate": "preFulfillmentCancellationRate",
    "valid_tracking_rate": "validTrackingRate",
    "on_time_delivery_rate": "onTimeDeliveryRate",
}
RATE_PLACES = Decimal("0.0000000001")  # the account_health_metric column's scale


@dataclass(frozen=True)
class _Window:
    metric: HealthMetricName
    fulfillment_type: FulfillmentType
    days: int

    @property
    def name(self) -> str:
        return f"{self.metric}__{self.fulfillment_type}__{self.days}"


WINDOWS: tuple[_Window, ...] = (
    _Window("order_defect_rate", "mfn", 60),
    _Window("order_defect_rate", "afn", 60),
    _Window("late_shipment_rate", "mfn", 10),
    _Window("late_shipment_rate", "mfn", 30),
    _Window("pre_fulfillment_cancellation_rate", "mfn", 7),
    _Window("valid_tracking_rate", "mfn", 30),
    _Window("on_time_delivery_rate", "mfn", 30),
)


def _bounds(as_of: dt.date, days: int, zone: ZoneInfo) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    """The window's first and last local day, and the UTC instants where it starts and stops."""
    first = as_of - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.UTC)
    stop = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
    return first, as_of, start, stop


def order_facts(
    order_header: Any,
    seller_feedback: Any,
    claim: Any,
    *,
    marketplace: str,
    as_of: dt.date,
    shipments: Any | None = None,
) -> Any:
    """One row per order of the marketplace with what account health judges it by (an Ibis table).

    Shipment facts come from `shipments` (order_shipment: ship confirmations) where it has the order, else
    from the order header's own shipped_at / tracking_number. Feedback and claims count once known by `as_of`."""
    h = order_header.filter(order_header.marketplace == marketplace)
    channel = h.fulfillment_channel.lower()
    h = h.mutate(
        channel=ibis.cases(
            (channel.isin(["amazon", "afn"]), "afn"), (channel.isin(["merchant", "mfn"]), "mfn"), else_=None
        ),
        cancelled=h.status.lower().isin(["cancelled", "canceled"]),
    ).select(
        "order_id", "purchase_date", "channel", "cancelled", "latest_ship_at", "latest_delivery_at",
        "delivered_at", "order_total", "currency",
        header_shipped_at="shipped_at", header_tracking=_blank_to_null(h.tracking_number),
    )  # fmt: skip
    fb = seller_feedback.filter(
        (seller_feedback.marketplace == marketplace)
        & (seller_feedback.rating <= 2)
        & (seller_feedback.feedback_date <= as_of)
    )
    negative = fb.group_by(fb.order_id.name("fb_order_id")).aggregate(negative_date=fb.feedback_date.min())
    cl = claim.filter((claim.marketplace == marketplace) & (claim.claim_date <= as_of))
    claims = cl.group_by(cl.order_id.name("cl_order_id")).aggregate(
        a_to_z_date=cl.claim_date.min(where=cl.claim_type == "a_to_z"),
        chargeback_date=cl.claim_date.min(where=cl.claim_type == "chargeback"),
    )
    joined = h.left_join(negative, h.order_id == negative.fb_order_id)
    joined = joined.left_join(claims, joined.order_id == claims.cl_order_id)
    if shipments is not None:
        s = shipments.filter(shipments.marketplace == marketplace)
        confirmed = s.group_by(s.order_id.name("sh_order_id")).aggregate(
            confirmed_at=s.shipped_at.min(), confirmed_tracking=_blank_to_null(s.tracking_number).max()
        )
        joined = joined.left_join(confirmed, joined.order_id == confirmed.sh_order_id)
        shipped_at = joined.confirmed_at.fill_null(joined.header_shipped_at)
        tracking = joined.confirmed_tracking.fill_null(joined.header_tracking)
    else:
        shipped_at, tracking = joined.header_shipped_at, joined.header_tracking
    return joined.select(
        "order_id", "purchase_date", "channel", "cancelled", "latest_ship_at", "latest_delivery_at",
        "delivered_at", "order_total", "currency", "negative_date", "a_to_z_date", "chargeback_date",
        shipped_at=shipped_at, valid_tracking=tracking.notnull(),
    )  # fmt: skip


def _blank_to_null(text: Any) -> Any:
    return ibis.cases((text.strip() == "", ibis.null("string")), else_=text)


def _conditions(facts: Any, window: _Window, as_of: dt.date, zone: ZoneInfo) -> tuple[Any, Any, Any]:
    """For one window, as Ibis booleans: counted in the denominator, counted in the numerator, and counted
    against the seller (the numerator of a "below" rate, the rest of the denominator of an "above" rate)."""
    first, last, start, stop = _bounds(as_of, window.days, zone)
    f = facts
    placed = f.purchase_date.between(first, last) & (f.channel == window.fulfillment_type)
    shipped = (f.shipped_at >= start) & (f.shipped_at < stop) & (f.channel == window.fulfillment_type)
    if window.metric == "order_defect_rate":
        defect = f.negative_date.notnull() | f.a_to_z_date.notnull() | f.chargeback_date.notnull()
        counted, bad = placed & ~f.cancelled, defect
    elif window.metric == "late_shipment_rate":
        counted, bad = shipped & f.latest_ship_at.notnull(), f.shipped_at > f.latest_ship_at
    elif window.metric == "pre_fulfillment_cancellation_rate":
        counted, bad = placed, f.cancelled & f.shipped_at.isnull()
    elif window.metric == "valid_tracking_rate":
        return shipped, shipped & f.valid_tracking, shipped & ~f.valid_tracking
    else:
        known = f.valid_tracking & f.delivered_at.notnull() & f.latest_delivery_at.notnull()
        on_time = f.delivered_at <= f.latest_delivery_at
        return shipped & known, shipped & known & on_time, shipped & known & ~on_time
    return counted, counted & bad, counted & bad


def _status(numerator: int, denominator: int, target: HealthTarget) -> HealthStatus:
    if denominator == 0:
        return "no_data"
    # Compared as exact products: a rate equal to the target is not below (or above) it.
    scaled = target.threshold * denominator
    healthy = numerator < scaled if target.comparison == "<" else numerator > scaled
    return "ok" if healthy else "breach"


def account_health(
    order_header: Any,
    seller_feedback: Any,
    claim: Any,
    *,
    marketplace: str,
    as_of: dt.date,
    shipments: Any | None = None,
    targets: Mapping[HealthMetricName, HealthTarget] = AMAZON_TARGETS,
    lag_days: int = 0,
) -> AccountHealth:
    """Every account-health rate of one marketplace on `as_of`, and the orders behind each breach."""
    zone = ZoneInfo(get_marketplace(marketplace).time_zone)
    end = as_of - dt.timedelta(days=lag_days)
    facts = order_facts(
        order_header, seller_feedback, claim, marketplace=marketplace, as_of=as_of, shipments=shipments
    )
    counts: dict[str, Any] = {}
    for w in WINDOWS:
        counted, numerator, _ = _conditions(facts, w, end, zone)
        counts[f"{w.name}__den"] = facts.order_id.count(where=counted)
        counts[f"{w.name}__num"] = facts.order_id.count(where=numerator)
    totals = facts.aggregate(**counts).to_pyarrow().to_pylist()[0]
    metrics = []
    for w in WINDOWS:
        num, den = int(totals[f"{w.name}__num"]), int(totals[f"{w.name}__den"])
        first, last, _, _ = _bounds(end, w.days, zone)
        target = targets[w.metric]
        rate = (
            (Decimal(num) / Decimal(den)).quantize(RATE_PLACES, ROUND_HALF_EVEN).normalize() if den else None
        )
        metrics.append(
            HealthMetric(
                marketplace,
                w.metric,
                w.fulfillment_type,
                w.days,
                first,
                last,
                num,
                den,
                rate,
                target.threshold,
                target.comparison,
                _status(num, den, target),
            )
        )
    breached = [w for w, m in zip(WINDOWS, metrics, strict=True) if m.status == "breach"]
    offenders = _breaching_orders(facts, breached, marketplace=marketplace, as_of=end, zone=zone)
    return AccountHealth(tuple(metrics), offenders)


def _breaching_orders(
    facts: Any, breached: list[_Window], *, marketplace: str, as_of: dt.date, zone: ZoneInfo
) -> tuple[BreachingOrder, ...]:
    """The orders counted against the seller in each breached window, one per metric, order and reason."""
    if not breached:
        return ()
    flags = {w.name: _conditions(facts, w, as_of, zone)[2] for w in breached}
    any_flag = ibis.or_(*flags.values())
    rows = facts.mutate(**flags).filter(any_flag).to_pyarrow().to_pylist()
    found: dict[tuple[str, str, str], BreachingOrder] = {}
    for w in breached:
        for row in rows:
            if not row[w.name]:
                continue
            for reason, day in _reasons(w.metric, row, zone):
                key = (w.metric, row["order_id"], reason)
                found.setdefault(
                    key,
                    BreachingOrder(
                        marketplace,
                        w.metric,
                        row["order_id"],
                        reason,
                        day,
                        row["order_total"],
                        row["currency"],
                    ),
                )
    return tuple(sorted(found.values(), key=lambda o: (o.metric, o.date, o.order_id, o.reason)))


def _local_day(at: dt.datetime, zone: ZoneInfo) -> dt.date:
    return at.astimezone(zone).date()


def _reasons(metric: HealthMetricName, row: dict[str, Any], zone: ZoneInfo) -> list[tuple[str, dt.date]]:
    if metric == "order_defect_rate":
        events = (("negative_feedback", "negative_date"), ("a_to_z_claim", "a_to_z_date"),
                  ("chargeback", "chargeback_date"))  # fmt: skip
        return [(reason, row[column]) for reason, column in events if row[column] is not None]
    if metric == "late_shipment_rate":
        return [("late_shipment", _local_day(row["shipped_at"], zone))]
    if metric == "pre_fulfillment_cancellation_rate":
        return [("cancelled", row["purchase_date"])]
    if metric == "valid_tracking_rate":
        return [("no_valid_tracking", _local_day(row["shipped_at"], zone))]
    return [("late_delivery", _local_day(row["delivered_at"], zone))]
