"""GET_SALES_AND_TRAFFIC_REPORT JSON, one document per marketplace and day at SKU granularity."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np

from sellerops.demo.orders import MarketOrders
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output

_MOBILE = 0.62  # share of sessions and page views on the mobile app


def _amount(value: float, currency: str) -> dict[str, object]:
    return {"amount": round(float(value), 2), "currencyCode": currency}


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def write_sales_traffic(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    n, d = sim.units.shape
    market, currency = sim.market, sim.market.currency
    zone = ZoneInfo(market.time_zone)
    items = np.zeros((n, d), dtype=np.int64)
    day_index = {day: t for t, day in enumerate(sim.days)}
    shipped_units, shipped_sales, shipped_orders = np.zeros(d), np.zeros(d), np.zeros(d)
    for item in orders.items:
        items[item.listing, item.day] += 1
        if item.shipped_at is not None:
            t = day_index.get(item.shipped_at.astimezone(zone).date())
            if t is not None:
                shipped_units[t] += item.quantity
                shipped_sales[t] += item.unit_price * item.quantity
                shipped_orders[t] += 1
    refunded = np.zeros(d)
    for r in orders.returns:
        t = day_index.get(r.returned_at.astimezone(zone).date())
        if t is not None:
            refunded[t] += r.quantity
    claims, claims_amount = np.zeros(d), np.zeros(d)
    for c in orders.claims:
        t = day_index.get(c.at.astimezone(zone).date())
        if t is not None and c.kind.startswith("A-to-z"):
            claims[t] += 1
            claims_amount[t] += c.order.unit_price * c.order.quantity
    feedback, negative = np.zeros(d), np.zeros(d)
    for f in orders.feedback:
        t = day_index.get(f.day)
        if t is not None:
            feedback[t] += 1
            negative[t] += f.rating <= 2
    sales = np.round(sim.units * sim.price, 2)
    parents = len({x.product.parent_asin for x in sim.listings})
    for t, day in enumerate(sim.days):
        by_asin = []
        total_sessions, total_views = (
            max(int(sim.sessions[:, t].sum()), 1),
            max(int(sim.page_views[:, t].sum()), 1),
        )
        for i, listing in enumerate(sim.listings):
            sessions, views, units = int(sim.sessions[i, t]), int(sim.page_views[i, t]), int(sim.units[i, t])
            mobile, mobile_views = round(sessions * _MOBILE), round(views * _MOBILE)
            by_asin.append(
                {
                    "parentAsin": listing.product.parent_asin,
                    "childAsin": listing.product.asin,
                    "sku": listing.sku,
                    "salesByAsin": {
                        "unitsOrdered": units,
                        "orderedProductSales": _amount(sales[i, t], currency),
                        "totalOrderItems": int(items[i, t]),
                    },
                    "trafficByAsin": {
                        "browserSessions": sessions - mobile,
                        "mobileAppSessions": mobile,
                        "sessions": sessions,
                        "browserSessionPercentage": _pct(sessions - mobile, total_sessions),
                        "mobileAppSessionPercentage": _pct(mobile, total_sessions),
                        "sessionPercentage": _pct(sessions, total_sessions),
                        "browserPageViews": views - mobile_views,
                        "mobileAppPageViews": mobile_views,
                        "pageViews": views,
                        "browserPageViewsPercentage": _pct(views - mobile_views, total_views),
                        "mobileAppPageViewsPercentage": _pct(mobile_views, total_views),
                        "pageViewsPercentage": _pct(views, total_views),
                        "buyBoxPercentage": round(100 * float(sim.buy_box[i, t]), 2),
                        "unitSessionPercentage": _pct(units, sessions),
                    },
                }
            )
        sessions, views = int(sim.sessions[:, t].sum()), int(sim.page_views[:, t].sum())
        units, n_items, total = int(sim.units[:, t].sum()), int(items[:, t].sum()), float(sales[:, t].sum())
        mobile, mobile_views = round(sessions * _MOBILE), round(views * _MOBILE)
        weighted_bb = float((sim.buy_box[:, t] * sim.page_views[:, t]).sum()) / max(views, 1)
        by_date = {
            "date": day.isoformat(),
            "salesByDate": {
                "orderedProductSales": _amount(total, currency),
                "unitsOrdered": units,
                "totalOrderItems": n_items,
                "averageSalesPerOrderItem": _amount(total / n_items if n_items else 0, currency),
                "averageUnitsPerOrderItem": round(units / n_items, 2) if n_items else 0.0,
                "averageSellingPrice": _amount(total / units if units else 0, currency),
                "unitsRefunded": int(refunded[t]),
                "refundRate": _pct(refunded[t], units),
                "claimsGranted": int(claims[t]),
                "claimsAmount": _amount(claims_amount[t], currency),
                "shippedProductSales": _amount(shipped_sales[t], currency),
                "unitsShipped": int(shipped_units[t]),
                "ordersShipped": int(shipped_orders[t]),
            },
            "trafficByDate": {
                "browserPageViews": views - mobile_views,
                "mobileAppPageViews": mobile_views,
                "pageViews": views,
                "browserSessions": sessions - mobile,
                "mobileAppSessions": mobile,
                "sessions": sessions,
                "buyBoxPercentage": round(100 * weighted_bb, 2),
                "orderItemSessionPercentage": _pct(n_items, sessions),
                "unitSessionPercentage": _pct(units, sessions),
                "averageOfferCount": len(sim.listings),
                "averageParentItems": parents,
                "feedbackReceived": int(feedback[t]),
                "negativeFeedbackReceived": int(negative[t]),
                "receivedNegativeFeedbackRate": _pct(negative[t], feedback[t]),
            },
        }
        document = {
            "reportSpecification": {
                "reportType": "GET_SALES_AND_TRAFFIC_REPORT",
                "reportOptions": {"dateGranularity": "DAY", "asinGranularity": "SKU"},
                "dataStartTime": day.isoformat(),
                "dataEndTime": day.isoformat(),
                "marketplaceIds": [market.amazon_id],
            },
            "salesAndTrafficByDate": [by_date],
            "salesAndTrafficByAsin": by_asin,
        }
        out.json(out.path(market.code, "sales_traffic", f"{day.isoformat()}.json"), "sales_traffic", document)
