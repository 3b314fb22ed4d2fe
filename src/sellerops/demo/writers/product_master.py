"""The demo seller's own product master workbook: supply terms, shipping lanes, open POs, own stock, FBA limit.

The figures are what a China-based Amazon seller works with: 10–25 days of production, sea freight to FBA in
6–8 weeks (US West Coast 6, UK 7, Germany 7½) and air in about 2, freight quoted per kg, cartons of 10–40, MOQs
of a few hundred, a US overseas warehouse a few days' truck from FBA, and a US capacity limit a little above
what FBA holds. Drawn from their own seeded generator, so the other files stay exactly as they were.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from sellerops.demo.catalog import Product
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output
from sellerops.demo.writers.xlsx import Sheet, write_workbook

SUPPLIERS = {
    "Clothing": "Ningbo Apparel Co.", "Kitchen": "Yangjiang Kitchenware Co.", "Pet Supplies": "Hangzhou Pet Products Co.",
    "Sports & Outdoors": "Xiamen Sports Goods Co.", "Home": "Yiwu Home Goods Co.", "Electronics": "Shenzhen Electronics Co.",
}  # fmt: skip
# (marketplace, sea days, air days) local → FBA; freight in USD per kg
LANES = {"amazon.US": (42, 12), "amazon.UK": (49, 14), "amazon.DE": (52, 14)}
SEA_PER_KG, AIR_PER_KG, TRUCK_PER_KG = Decimal("1.20"), Decimal("6.50"), Decimal("0.40")
LOCAL, OVERSEAS = "Shenzhen", "Ontario CA 3PL"


def write_product_master(
    out: Output, products: list[Product], sims: dict[str, MarketSim], *, seed: int
) -> None:
    rng = np.random.default_rng([seed, 0x50])  # its own stream: adding this file changes no other byte
    end = next(iter(sims.values())).days[-1]
    daily = _daily_demand(products, sims)
    sheets = [
        _products(rng, products),
        _lanes(sims),
        _purchase_orders(rng, products, daily, end),
        _stock(rng, products, sims, daily, end),
        _capacity(sims, end),
    ]
    path = out.path("seller", "product_master", "product-master.xlsx")
    write_workbook(path, sheets)
    out.add(path, "product_master")


def case_pack(product: Product) -> int:
    return 10 if product.weight_kg > 1 else 20 if product.weight_kg > 0.3 else 40


def lead_time_days(product: Product) -> int:
    return 10 + (product.parent_index * 7) % 16  # 10–25 days, the same for every child of a parent


def _daily_demand(products: list[Product], sims: dict[str, MarketSim]) -> dict[str, dict[str, float]]:
    """Units a day over the last 28 days, per SKU and marketplace (what the seller's own sheet would show)."""
    found: dict[str, dict[str, float]] = {p.sku: {} for p in products}
    for code, sim in sims.items():
        for i, listing in enumerate(sim.listings):
            found[listing.sku][code] = float(sim.units[i, -28:].mean())
    return found


def _products(rng: np.random.Generator, products: list[Product]) -> Sheet:
    sheet = Sheet(
        "Products",
        ["SKU", "Parent SKU", "ASIN", "Title", "Brand", "Category", "Supplier", "Unit cost", "Cost currency",
         "Case pack", "MOQ", "Lead time (days)", "Weight (kg)"],
        ["text", "text", "text", "text", "text", "text", "text", "money", "text", "int", "int", "int", "ratio"],
    )  # fmt: skip
    rows = []
    for p in products:
        pack = case_pack(p)
        moq = int(rng.choice([0, 200, 300, 500])) if p.unit_cost < 10 else int(rng.choice([0, 100, 200]))
        rows.append([
            p.sku, p.parent_sku, p.asin, p.title, "Northvale", p.category, SUPPLIERS[p.category], p.unit_cost, "USD",
            pack, moq, lead_time_days(p), round(p.weight_kg, 3),
        ])  # fmt: skip
    sheet.add_rows(rows)
    return sheet


def _lanes(sims: dict[str, MarketSim]) -> Sheet:
    sheet = Sheet(
        "Shipping lanes",
        ["Marketplace", "Route", "Mode", "SKU", "Transit days", "Cost per unit", "Cost per kg", "Currency"],
        ["text", "text", "text", "text", "int", "money", "money", "text"],
    )
    rows: list[list[object]] = []
    for code in sims:
        sea, air = LANES.get(code, (49, 14))
        rows.append([code, "local_to_fba", "sea", "", sea, None, SEA_PER_KG, "USD"])
        rows.append([code, "local_to_fba", "air", "", air, None, AIR_PER_KG, "USD"])
        if code == "amazon.US":  # the seller's overseas warehouse: Ontario, California
            rows.append([code, "local_to_overseas", "sea", "", sea - 4, None, SEA_PER_KG, "USD"])
            rows.append([code, "overseas_to_fba", "truck", "", 5, None, TRUCK_PER_KG, "USD"])
    sheet.add_rows(rows)
    return sheet


def _purchase_orders(
    rng: np.random.Generator, products: list[Product], daily: dict[str, dict[str, float]], end: date
) -> Sheet:
    """About a quarter of the SKUs have a PO in production: 45 days of demand, in whole cartons."""
    sheet = Sheet(
        "Purchase orders",
        [
            "PO number",
            "SKU",
            "Supplier",
            "Order date",
            "Expected date",
            "Quantity ordered",
            "Quantity received",
        ],
        ["text", "text", "text", "date", "date", "int", "int"],
    )
    rows = []
    for number, p in enumerate(products):
        rate = sum(daily[p.sku].values())
        if rng.random() > 0.25 or rate <= 0:
            continue
        pack, lead = case_pack(p), lead_time_days(p)
        ordered = end - timedelta(days=int(rng.integers(2, lead)))
        units = max(math.ceil(rate * 45 / pack), 1) * pack
        rows.append([
            f"PO-{end:%y%m}-{number:03d}", p.sku, SUPPLIERS[p.category], ordered, ordered + timedelta(days=lead),
            units, 0,
        ])  # fmt: skip
    sheet.add_rows(rows)
    return sheet


def _stock(
    rng: np.random.Generator,
    products: list[Product],
    sims: dict[str, MarketSim],
    daily: dict[str, dict[str, float]],
    end: date,
) -> Sheet:
    """The local warehouse holds 0–40 days of every marketplace's demand; the US overseas warehouse 0–30 days'."""
    sheet = Sheet(
        "Warehouse stock",
        ["Warehouse", "Warehouse type", "Marketplace", "SKU", "Stock date", "On hand"],
        ["text", "text", "text", "text", "date", "int"],
    )
    rows: list[list[object]] = []
    us = {x.sku for x in sims["amazon.US"].listings if x.fba} if "amazon.US" in sims else set()
    for p in products:
        pack = case_pack(p)
        local = sum(daily[p.sku].values()) * float(rng.uniform(0, 40)) if rng.random() < 0.7 else 0.0
        rows.append([LOCAL, "local", "", p.sku, end, int(local // pack) * pack])
        if p.sku in us and rng.random() < 0.4:
            overseas = daily[p.sku]["amazon.US"] * float(rng.uniform(0, 30))
            rows.append([OVERSEAS, "overseas", "amazon.US", p.sku, end, int(overseas // pack) * pack])
    sheet.add_rows(rows)
    return sheet


def _capacity(sims: dict[str, MarketSim], end: date) -> Sheet:
    """A US limit 15% above what FBA holds on the last day, so the plan has to choose what goes in first."""
    sheet = Sheet("FBA capacity", ["Marketplace", "Capacity (units)", "Valid from"], ["text", "int", "date"])
    if "amazon.US" in sims:
        stock = sims["amazon.US"].stock
        held = stock.fulfillable[:, -1] + stock.reserved[:, -1] + stock.working[:, -1]
        held = held + stock.shipped[:, -1] + stock.receiving[:, -1]
        sheet.add_rows([["amazon.US", int(round(float(held.sum()) * 1.15, -2)), end.replace(day=1)]])
    return sheet
