"""All Orders flat file (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL, 32 columns), one per marketplace and month."""

from __future__ import annotations

from datetime import timedelta

from sellerops.demo.orders import MarketOrders, OrderItem
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, iso_utc, money, months, period

HEADER = (
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "order-channel", "ship-service-level", "product-name", "sku", "asin",
    "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price", "shipping-tax",
    "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount", "ship-city",
    "ship-state", "ship-postal-code", "ship-country", "promotion-ids", "cpf", "is-business-order",
    "purchase-order-number", "price-designation",
)  # fmt: skip
US_SALES_TAX = 0.0725  # collected by Amazon as marketplace facilitator; shown in item-tax


def _row(item: OrderItem, sim: MarketSim) -> list[object]:
    listing = sim.listings[item.listing]
    market = sim.market
    line = item.unit_price * item.quantity
    cancelled = item.status == "Cancelled"
    if listing.vat_rate:
        tax = (line - item.discount) * listing.vat_rate / (1 + listing.vat_rate)
    else:
        tax = (line - item.discount) * US_SALES_TAX
    updated = item.shipped_at or item.purchase_at + timedelta(minutes=40)
    item_status = {"Shipped": "Shipped", "Cancelled": "Cancelled"}.get(item.status, "Unshipped")
    city, state, postcode = item.address
    return [
        item.order_id, "", iso_utc(item.purchase_at), iso_utc(updated), item.status,
        "Amazon" if item.fba else "Merchant", market.domain, "",
        ("Expedited" if item.fba else "Standard"), listing.product.title, listing.sku, listing.product.asin,
        item_status, item.quantity, market.currency, money(line), "" if cancelled else money(tax),
        "" if cancelled else "0.00", "" if cancelled else "0.00", "", "",
        money(-item.discount) if item.discount else ("" if cancelled else "0.00"), "" if cancelled else "0.00",
        city, state, postcode, market.country if market.country != "UK" else "GB", item.promotion, "",
        "true" if item.business else "false", "", "",
    ]  # fmt: skip


def write_all_orders(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    by_day: dict[int, list[OrderItem]] = {}
    for item in orders.items:
        by_day.setdefault(item.day, []).append(item)
    for first, last, a, b in months(sim.days):
        chosen = sorted(
            (item for t in range(a, b) for item in by_day.get(t, [])),
            key=lambda o: (o.purchase_at, o.order_id),
        )
        rows = [_row(item, sim) for item in chosen]
        path = out.path(sim.market.code, "all_orders", f"All-Orders-{first:%Y-%m}.txt")
        out.tsv(path, "all_orders", HEADER, rows, period=period(first, last))
