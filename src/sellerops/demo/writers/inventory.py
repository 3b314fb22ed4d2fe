"""FBA Inventory planning report (GET_FBA_INVENTORY_PLANNING_DATA, 63 columns), one per marketplace and day."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np

from sellerops.demo.orders import MarketOrders
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, money

HEADER = (
    "snapshot-date", "sku", "fnsku", "asin", "product-name", "condition", "available", "pending-removal-quantity",
    "inv-age-0-to-90-days", "inv-age-91-to-180-days", "inv-age-181-to-270-days", "inv-age-271-to-365-days",
    "inv-age-365-plus-days", "currency", "qty-to-be-charged-ltsf-11-mo", "projected-ltsf-11-mo",
    "qty-to-be-charged-ltsf-12-mo", "estimated-ltsf-next-charge", "units-shipped-t7", "units-shipped-t30",
    "units-shipped-t60", "units-shipped-t90", "alert", "your-price", "sales-price", "lowest-price-new-plus-shipping",
    "lowest-price-used", "recommended-action", "healthy-inventory-level", "recommended-sales-price",
    "recommended-sale-duration-days", "recommended-removal-quantity", "estimated-cost-savings-of-recommended-actions",
    "sell-through", "item-volume", "volume-unit-measurement", "storage-type", "storage-volume", "marketplace",
    "product-group", "sales-rank", "days-of-supply", "estimated-excess-quantity", "weeks-of-cover-t30",
    "weeks-of-cover-t90", "featuredoffer-price", "sales-shipped-last-7-days", "sales-shipped-last-30-days",
    "sales-shipped-last-60-days", "sales-shipped-last-90-days", "inv-age-0-to-30-days", "inv-age-31-to-60-days",
    "inv-age-61-to-90-days", "inv-age-181-to-330-days", "inv-age-331-to-365-days",
    "estimated-storage-cost-next-month", "inbound-quantity", "inbound-working", "inbound-shipped",
    "inbound-received", "no-sale-last-6-months", "reserved-quantity", "unfulfillable-quantity",
)  # fmt: skip
_STORAGE_RATE = 0.78  # per cubic foot and month, off-peak standard size


def _trailing(values: np.ndarray, window: int) -> np.ndarray:
    """Per day, the sum over the `window` days ending with that day."""
    totals = np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(values, axis=1)], axis=1)
    upto = np.arange(values.shape[1]) + 1
    result: np.ndarray = totals[:, upto] - totals[:, np.maximum(upto - window, 0)]
    return result


def write_inventory_planning(out: Output, sim: MarketSim, orders: MarketOrders) -> None:
    stock, market = sim.stock, sim.market
    fba = [i for i, x in enumerate(sim.listings) if x.fba]
    if not fba:
        return
    n, d = sim.units.shape
    zone = ZoneInfo(market.time_zone)
    # Units and sales shipped in the trailing windows ending with the snapshot day.
    shipped_units = sim.units.astype(float)
    shipped_sales = sim.units * sim.price
    t = {w: _trailing(shipped_units, w) for w in (7, 30, 60, 90)}
    s = {w: _trailing(shipped_sales, w) for w in (7, 30, 60, 90)}
    damaged = np.zeros((n, d))
    day_index = {day: k for k, day in enumerate(sim.days)}
    for r in orders.returns:
        k = day_index.get(r.returned_at.astimezone(zone).date())
        if k is not None and r.disposition != "SELLABLE":
            damaged[r.order.listing, k : k + 30] += r.quantity
    cubic_feet = {i: max(0.02, sim.listings[i].product.weight_kg * 0.09) for i in fba}
    for k, day in enumerate(sim.days):
        rows = []
        for i in fba:
            listing = sim.listings[i]
            ages = stock.ages[i, k]
            available, reserved = int(stock.fulfillable[i, k]), int(stock.reserved[i, k])
            working, shipped, receiving = (
                int(stock.working[i, k]),
                int(stock.shipped[i, k]),
                int(stock.receiving[i, k]),
            )
            t30, t90 = t[30][i, k], t[90][i, k]
            daily = t30 / 30
            supply = available / daily if daily else 0.0
            price = float(sim.price[i, k])
            undercut = sim.buy_box[i, k] < 0.6 and available > 0
            lowest = round(price * 0.92, 2) if undercut else price
            alert = "Out of stock" if available == 0 else ("Low inventory" if daily and supply < 14 else "")
            action = "Restock" if alert else "No action required"
            on_hand = available + reserved
            volume = cubic_feet[i]
            rows.append([
                day.isoformat(), listing.sku, listing.product.fnsku, listing.product.asin, listing.product.title,
                "New", available, 0, int(ages[:3].sum()), int(ages[3]), int(ages[4]), int(ages[5] + ages[6]),
                int(ages[7]), market.currency, int(ages[7]), money(0), int(ages[7]), money(ages[7] * 1.5),
                int(t[7][i, k]), int(t30), int(t[60][i, k]), int(t90), alert, money(float(listing.price)),
                money(price), money(lowest), "", action, round(daily * 45), "", "", 0, money(0),
                f"{t90 / max(on_hand + t90 / 2, 1):.2f}", f"{volume:.4f}", "cubic feet",
                "Oversize" if listing.product.bulky else "Standard-size", f"{volume * on_hand:.4f}", market.country,
                listing.product.category, int(60000 / (daily + 0.2)), f"{supply:.0f}" if daily else "", 0,
                f"{supply / 7:.1f}" if daily else "", f"{available / (t90 / 90) / 7:.1f}" if t90 else "",
                money(lowest if undercut else price), money(s[7][i, k]), money(s[30][i, k]), money(s[60][i, k]),
                money(s[90][i, k]), int(ages[0]), int(ages[1]), int(ages[2]), int(ages[4] + ages[5]), int(ages[6]),
                money(volume * on_hand * _STORAGE_RATE), working + shipped + receiving, working, shipped, receiving,
                0, reserved, int(damaged[i, k]),
            ])  # fmt: skip
        name = f"FBA-Inventory-{day.isoformat()}.txt"
        out.tsv(out.path(market.code, "inventory_planning", name), "inventory_planning", HEADER, rows)
