"""FBA customer returns (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA) and seller feedback (GET_SELLER_FEEDBACK_DATA),
one file each per marketplace and month."""

from __future__ import annotations

import hashlib
from zoneinfo import ZoneInfo

from sellerops.demo.orders import MarketOrders
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, iso_utc, months, period

RETURNS_HEADER = (
    "return-date", "order-id", "sku", "asin", "fnsku", "product-name", "quantity", "fulfillment-center-id",
    "detailed-disposition", "reason", "status", "license-plate-number", "customer-comments",
)  # fmt: skip
FEEDBACK_HEADER = ("Date", "Rating", "Comments", "Your Response", "Order ID", "Rater Email")
_RESPONSE = "We are sorry to hear this and have contacted you through Buyer-Seller Messaging to put it right."


def write_returns(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    zone = ZoneInfo(sim.market.time_zone)
    for first, last, _, _ in months(sim.days):
        rows = []
        for r in sorted(orders.returns, key=lambda x: (x.returned_at, x.lpn)):
            if not first <= r.returned_at.astimezone(zone).date() <= last:
                continue
            listing = sim.listings[r.order.listing]
            status = "Reimbursed" if r.disposition == "CARRIER_DAMAGED" else "Unit returned to inventory"
            rows.append([
                iso_utc(r.returned_at), r.order.order_id, listing.sku, listing.product.asin, listing.product.fnsku,
                listing.product.title, r.quantity, r.centre, r.disposition, r.reason, status, r.lpn, r.comment,
            ])  # fmt: skip
        path = out.path(sim.market.code, "returns", f"FBA-Customer-Returns-{first:%Y-%m}.txt")
        out.tsv(
            path, "fba_returns", RETURNS_HEADER, rows, marketplace=sim.market.code, period=period(first, last)
        )


def write_feedback(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    # US Seller Central writes dates month first; the European marketplaces day first.
    pattern = "%m/%d/%y" if sim.market.country == "US" else "%d/%m/%y"
    for first, last, _, _ in months(sim.days):
        rows = []
        for f in sorted(orders.feedback, key=lambda x: (x.day, x.order.order_id)):
            if not first <= f.day <= last:
                continue
            alias = hashlib.sha256(f.order.order_id.encode()).hexdigest()[:15]
            domain = sim.market.domain.lower().removeprefix("amazon.")
            response = _RESPONSE if f.rating == 1 and int(alias[:2], 16) % 3 == 0 else ""
            rows.append([f.day.strftime(pattern), f.rating, f.comment, response, f.order.order_id,
                         f"{alias}@marketplace.amazon.{domain}"])  # fmt: skip
        path = out.path(sim.market.code, "feedback", f"Feedback-{first:%Y-%m}.txt")
        out.tsv(
            path,
            "seller_feedback",
            FEEDBACK_HEADER,
            rows,
            marketplace=sim.market.code,
            period=period(first, last),
        )
