"""All Listings report (GET_MERCHANT_LISTINGS_ALL_DATA, 29 columns with `status`), weekly per marketplace."""

from __future__ import annotations

import hashlib

from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, money, period, weekly

HEADER = (
    "item-name", "item-description", "listing-id", "seller-sku", "price", "quantity", "open-date", "image-url",
    "item-is-marketplace", "product-id-type", "zshop-shipping-fee", "item-note", "item-condition",
    "zshop-category1", "zshop-browse-path", "zshop-storefront-feature", "asin1", "asin2", "asin3",
    "will-ship-internationally", "expedited-shipping", "zshop-boldface", "product-id", "bid-for-featured-placement",
    "add-delete", "pending-quantity", "fulfillment-channel", "merchant-shipping-group", "status",
)  # fmt: skip


def write_listings(out: Output, sim: MarketSim) -> None:
    market = sim.market
    channel = "AMAZON_NA" if market.country in ("US", "CA", "MX") else "AMAZON_EU"
    for k in weekly(sim.days):
        day = sim.days[k]
        rows = []
        for i, listing in enumerate(sim.listings):
            product = listing.product
            image = hashlib.sha256(product.asin.encode()).hexdigest()[:11]
            opened = listing.open_at.strftime("%Y-%m-%d %H:%M:%S ") + (listing.open_at.tzname() or "")
            quantity = "" if listing.fba else 40 + (sum(map(ord, product.sku)) + k) % 160
            # FBA units in customer orders not yet shipped: what changes from one weekly download to the next.
            pending = int(sim.stock.reserved[i, k] + sim.units[i, k]) if listing.fba else 0
            rows.append([
                product.title, f"{product.title}. {product.category} essentials by Northvale.", listing.listing_id,
                listing.sku, money(float(sim.price[i, k])), quantity, opened,
                f"https://m.media-amazon.com/images/I/{image}.jpg", "y", 1, "", "", 11, "", "", "", product.asin,
                "", "", "", "", "", product.asin, "", "", pending, channel if listing.fba else "DEFAULT",
                "Migrated Template", "Inactive" if sim.inactive[i, k] else "Active",
            ])  # fmt: skip
        path = out.path(market.code, "listings", f"All-Listings-{day.isoformat()}.txt")
        out.tsv(path, "listings", HEADER, rows, marketplace=market.code, period=period(day, day))
