"""Merchant shipments: the seller's shipping confirmation uploads (ship time, carrier, tracking) and the SP-API
getOrders responses that carry each merchant order's latest ship date, one file each per marketplace and month.

Carriers and tracking numbers are derived from the order id (a hash), never from the demo's random generator,
so adding these files changes no other file of the demo.
"""

from __future__ import annotations

import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from sellerops.demo.orders import MarketOrders, OrderItem
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, money, months, period
from sellerops.demo.writers.orders import US_SALES_TAX

CONFIRMATION_HEADER = (
    "order-id", "order-item-id", "quantity", "ship-date", "carrier-code", "carrier-name", "tracking-number",
    "ship-method",
)  # fmt: skip
_CARRIERS = {
    "US": ("USPS", "UPS", "FedEx"),
    "UK": ("Royal Mail", "DPD", "Evri"),
    "DE": ("DHL", "Hermes", "DPD"),
}


def _digest(order_id: str) -> int:
    return int(hashlib.sha256(order_id.encode()).hexdigest()[:12], 16)


def _shipped_merchant_items(orders: MarketOrders) -> list[OrderItem]:
    return [o for o in orders.items if not o.fba and o.status == "Shipped" and o.shipped_at is not None]


def write_shipping_confirmations(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    """What the seller uploaded to confirm each merchant shipment; a shipment without valid tracking was
    confirmed without a tracking number. Files by local ship month; months without merchant shipments have none."""
    zone = ZoneInfo(sim.market.time_zone)
    carriers = _CARRIERS.get(sim.market.country, ("Other",))
    by_month: dict[tuple[int, int], list[OrderItem]] = {}
    for item in _shipped_merchant_items(orders):
        assert item.shipped_at is not None
        local = item.shipped_at.astimezone(zone)
        by_month.setdefault((local.year, local.month), []).append(item)
    for first, last, _, _ in months(sim.days):
        items = sorted(by_month.get((first.year, first.month), []), key=lambda o: (o.shipped_at, o.order_id))
        if not items:
            continue
        rows = []
        for item in items:
            assert item.shipped_at is not None
            h = _digest(item.order_id)
            tracking = f"{sim.market.country}{h % 10**12:012d}" if item.valid_tracking else ""
            shipped = item.shipped_at.astimezone(zone).isoformat(timespec="seconds")
            rows.append([item.order_id, item.item_code, item.quantity, shipped, carriers[h % len(carriers)], "",
                         tracking, "Standard"])  # fmt: skip
        path = out.path(sim.market.code, "shipping_confirmation", f"Shipping-Confirmation-{first:%Y-%m}.txt")
        out.tsv(
            path, "shipping_confirmation", CONFIRMATION_HEADER, rows, marketplace=sim.market.code,
            period=period(items[0].shipped_at.astimezone(zone).date(), last),  # type: ignore[union-attr]
        )  # fmt: skip


def _order(item: OrderItem, sim: MarketSim) -> dict[str, Any]:
    """A getOrders Order object with the figures the All Orders file gives the same order, and its ship dates."""
    listing = sim.listings[item.listing]
    market = sim.market
    line = item.unit_price * item.quantity
    rate = listing.vat_rate
    tax = (line - item.discount) * rate / (1 + rate) if rate else (line - item.discount) * US_SALES_TAX
    total = float(money(line)) + float(money(tax)) - float(money(item.discount))
    assert item.latest_ship_at is not None
    assert item.shipped_at is not None
    updated = item.shipped_at
    city, state, postcode = item.address
    return {
        "AmazonOrderId": item.order_id,
        "PurchaseDate": item.purchase_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "LastUpdateDate": updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "OrderStatus": "Shipped",
        "FulfillmentChannel": "MFN",
        "SalesChannel": market.domain,
        "ShipServiceLevel": "Standard",
        "OrderTotal": {"CurrencyCode": market.currency, "Amount": money(total)},
        "NumberOfItemsShipped": item.quantity,
        "NumberOfItemsUnshipped": 0,
        "MarketplaceId": market.amazon_id,
        "EarliestShipDate": item.purchase_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "LatestShipDate": item.latest_ship_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "IsBusinessOrder": item.business,
        "IsPrime": False,
        "ShippingAddress": {"City": city, "StateOrRegion": state, "PostalCode": postcode,
                            "CountryCode": market.country if market.country != "UK" else "GB"},
    }  # fmt: skip


def write_merchant_orders_api(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    """getOrders responses for the shipped merchant orders placed each month: the latest ship date that the All
    Orders file does not carry. Imported after All Orders, they replace those orders' headers with the same
    figures plus the ship dates."""
    by_day: dict[int, list[OrderItem]] = {}
    for item in _shipped_merchant_items(orders):
        by_day.setdefault(item.day, []).append(item)
    for first, last, a, b in months(sim.days):
        chosen = sorted(
            (o for t in range(a, b) for o in by_day.get(t, [])), key=lambda o: (o.purchase_at, o.order_id)
        )
        if not chosen:
            continue
        document = {"payload": {"Orders": [_order(item, sim) for item in chosen]}}
        path = out.path(sim.market.code, "orders_api", f"Orders-API-MFN-{first:%Y-%m}.json")
        out.json(path, "orders_api", document, period=period(first, last))
