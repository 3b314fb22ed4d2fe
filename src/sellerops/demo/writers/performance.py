"""Seller Performance report (GET_V2_SELLER_PERFORMANCE_REPORT, account health JSON), weekly per marketplace.

Windows follow Account Health: order defect rate over 60 days, late shipment and valid tracking over 30,
pre-fulfilment cancellation over 7; rates are fractions, as the report writes them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sellerops.demo.orders import MarketOrders, OrderItem
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, weekly

_POLICY = (
    "listingPolicyViolations", "productAuthenticityCustomerComplaints", "productConditionCustomerComplaints",
    "productSafetyCustomerComplaints", "receivedIntellectualPropertyComplaints", "restrictedProductPolicyViolations",
    "suspectedIntellectualPropertyViolations", "foodAndProductSafetyIssues", "otherPolicyViolations",
    "documentRequests",
)  # fmt: skip


def _range(first: date, last: date, zone: ZoneInfo) -> dict[str, str]:
    start = datetime.combine(first, time(0, 0), zone).astimezone(UTC)
    end = datetime.combine(last, time(23, 59), zone).astimezone(UTC)
    return {
        "reportingDateFrom": start.strftime("%Y-%m-%dT%H:%MZ"),
        "reportingDateTo": end.strftime("%Y-%m-%dT%H:%MZ"),
    }


def _status(rate: float, target: float, below: bool) -> str:
    return "GOOD" if (rate < target if below else rate > target) else "BAD"


def write_performance(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    zone = ZoneInfo(sim.market.time_zone)
    claims: dict[str, set[str]] = {"A-to-z Guarantee Claim": set(), "Chargeback Refund": set()}
    for c in orders.claims:
        claims[c.kind].add(c.order.order_id)
    negative = {f.order.order_id for f in orders.feedback if f.rating <= 2}
    # Orders by local purchase day, and merchant shipments by local ship day, so each window is a slice.
    by_day: list[list[OrderItem]] = [[] for _ in sim.days]
    shipped_on: list[list[OrderItem]] = [[] for _ in sim.days]
    index = {day: t for t, day in enumerate(sim.days)}
    for item in orders.items:
        by_day[item.day].append(item)
        if not item.fba and item.shipped_at is not None:
            t = index.get(item.shipped_at.astimezone(zone).date())
            if t is not None:
                shipped_on[t].append(item)
    for k in weekly(sim.days):
        report_day = sim.days[k]
        document = _report(sim, by_day, shipped_on, k, zone, claims, negative)
        name = f"Seller-Performance-{report_day.isoformat()}.json"
        out.json(out.path(sim.market.code, "seller_performance", name), "seller_performance", document)


def _window(buckets: list[list[OrderItem]], k: int, days: int) -> list[OrderItem]:
    return [o for bucket in buckets[max(0, k - days + 1) : k + 1] for o in bucket]


def _report(
    sim: MarketSim,
    by_day: list[list[OrderItem]],
    shipped_on: list[list[OrderItem]],
    k: int,
    zone: ZoneInfo,
    claims: dict[str, set[str]],
    negative: set[str],
) -> dict[str, Any]:
    market_id = sim.market.amazon_id
    day = sim.days[k]
    last_60 = _window(by_day, k, 60)
    odr_from, lsr_from, pfcr_from = (
        day - timedelta(days=59),
        day - timedelta(days=29),
        day - timedelta(days=6),
    )
    odr: dict[str, Any] = {}
    for channel, fba in (("afn", True), ("mfn", False)):
        window = [o for o in last_60 if o.fba == fba and o.status != "Cancelled"]
        ids = {o.order_id for o in window}
        counts = {
            "claims": len(ids & claims["A-to-z Guarantee Claim"]),
            "chargebacks": len(ids & claims["Chargeback Refund"]),
            "negativeFeedback": len(ids & negative),
        }
        defects = len(ids & (claims["A-to-z Guarantee Claim"] | claims["Chargeback Refund"] | negative))
        rate = round(defects / len(ids), 4) if ids else 0.0
        odr[channel] = {
            "reportingDateRange": _range(odr_from, day, zone),
            "orderCount": len(ids),
            "orderWithDefects": {"count": defects, "status": _status(rate, 0.01, True)},
            **{
                key: {"count": value, "status": "GOOD" if value == 0 else "BAD"}
                for key, value in counts.items()
            },
            "fulfillmentType": channel.upper(),
            "status": _status(rate, 0.01, True),
            "rate": rate,
            "targetValue": 0.01,
            "targetCondition": "LESS_THAN",
        }
    shipped = _window(shipped_on, k, 30)
    late = sum(o.late for o in shipped)
    lsr = round(late / len(shipped), 4) if shipped else 0.0
    mfn_week = [o for o in _window(by_day, k, 7) if not o.fba]
    cancelled = sum(o.status == "Cancelled" for o in mfn_week)
    pfcr = round(cancelled / len(mfn_week), 4) if mfn_week else 0.0
    tracked = sum(o.valid_tracking for o in shipped)
    vtr = round(tracked / len(shipped), 4) if shipped else 1.0
    on_time = sum(not o.late for o in shipped if o.valid_tracking)
    otdr = round(on_time / tracked, 4) if tracked else 1.0
    lsr_range = _range(lsr_from, day, zone)
    metrics: dict[str, Any] = {
        "marketplaceId": market_id,
        "orderDefectRate": odr,
        "lateShipmentRate": {
            "reportingDateRange": lsr_range, "orderCount": len(shipped), "lateShipmentCount": late,
            "status": _status(lsr, 0.04, True), "rate": lsr, "targetValue": 0.04, "targetCondition": "LESS_THAN",
        },
        "preFulfillmentCancellationRate": {
            "reportingDateRange": _range(pfcr_from, day, zone), "orderCount": len(mfn_week),
            "cancellationCount": cancelled, "status": _status(pfcr, 0.025, True), "rate": pfcr,
            "targetValue": 0.025, "targetCondition": "LESS_THAN",
        },
        "validTrackingRate": {
            "reportingDateRange": lsr_range, "shipmentCount": len(shipped), "validTrackingCount": tracked,
            "status": _status(vtr, 0.95, False), "rate": vtr, "targetValue": 0.95, "targetCondition": "GREATER_THAN",
        },
        "onTimeDeliveryRate": {
            "reportingDateRange": lsr_range, "shipmentCountWithValidTracking": tracked, "onTimeDeliveryCount": on_time,
            "status": _status(otdr, 0.9, False), "rate": otdr, "targetValue": 0.9, "targetCondition": "GREATER_THAN",
        },
        "accountHealthRating": {"reportingDateRange": lsr_range, "accountHealthRatingStatus": "GREAT"},
        "warningStates": [],
    }  # fmt: skip
    for name in _POLICY:
        metrics[name] = {
            "reportingDateRange": _range(day - timedelta(days=179), day, zone),
            "defectsCount": 0, "status": "GOOD", "targetValue": 0, "targetCondition": "EQUALS",
        }  # fmt: skip
    return {
        "accountStatuses": [{"marketplaceId": market_id, "status": "NORMAL"}],
        "performanceMetrics": [metrics],
    }
