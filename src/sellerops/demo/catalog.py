"""The demo seller's catalogue: parent/child variations, ASINs, costs, and per-marketplace listings and prices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import product as combos
from zoneinfo import ZoneInfo

import numpy as np

from sellerops.core.marketplaces import Marketplace

BRAND = "Northvale"
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SIZES = ("S", "M", "L", "XL")
COLOURS = ("Black", "Navy", "Grey", "Olive", "Rose", "White")
# (category, code, name, dimension 1, dimension 2, US price, unit cost, FBA fee, kg, bulky)
_T = tuple[str, str, str, tuple[str, ...], tuple[str, ...], float, float, float, float, bool]
# fmt: off
TEMPLATES: tuple[_T, ...] = (
    ("Clothing", "YL", "High Waist Yoga Leggings", SIZES, COLOURS[:4], 24.99, 5.1, 4.2, 0.25, False),
    ("Clothing", "RS", "Quick-Dry Running Shorts", SIZES, COLOURS[:3], 19.99, 3.9, 3.9, 0.18, False),
    ("Clothing", "WS", "Merino Wool Hiking Socks 3-Pack", ("S", "M", "L"), ("Grey", "Olive"), 21.99, 4.6, 3.6, 0.2, False),
    ("Clothing", "FH", "Fleece Lined Beanie", ("One Size",), COLOURS, 14.99, 2.2, 3.3, 0.12, False),
    ("Clothing", "RJ", "Packable Rain Jacket", SIZES, ("Black", "Navy"), 49.99, 12.5, 5.4, 0.45, False),
    ("Clothing", "CT", "Compression Tank Top", SIZES, ("Black", "White"), 17.99, 3.4, 3.7, 0.15, False),
    ("Clothing", "TG", "Touchscreen Running Gloves", ("S", "M", "L"), ("Black",), 15.99, 2.8, 3.4, 0.1, False),
    ("Kitchen", "SL", "Silicone Stretch Lids", ("6-Pack", "12-Pack"), ("Clear",), 13.99, 2.1, 3.6, 0.3, False),
    ("Kitchen", "CB", "Bamboo Cutting Board Set", ("3-Piece", "4-Piece"), ("Natural",), 29.99, 7.2, 5.9, 1.6, False),
    ("Kitchen", "MP", "Glass Meal Prep Containers", ("5-Pack", "10-Pack"), ("Blue Lid", "Grey Lid"), 34.99, 9.8, 7.4, 2.4, False),
    ("Kitchen", "WB", "Insulated Water Bottle", ("500ml", "750ml", "1L"), ("Black", "Sage", "Rose"), 22.99, 4.4, 4.6, 0.4, False),
    ("Kitchen", "KS", "Stainless Steel Knife Set", ("6-Piece", "14-Piece"), ("Black",), 59.99, 16.0, 6.8, 2.1, False),
    ("Kitchen", "SP", "Silicone Spatula Set", ("5-Piece",), ("Grey", "Red", "Teal"), 15.99, 2.7, 3.8, 0.35, False),
    ("Kitchen", "OC", "Oil Sprayer Bottle", ("200ml", "500ml"), ("Clear", "Amber"), 12.99, 2.0, 3.6, 0.28, False),
    ("Pet Supplies", "DB", "Orthopedic Dog Bed", ("M", "L", "XL"), ("Grey", "Brown"), 54.99, 16.5, 9.8, 3.2, True),
    ("Pet Supplies", "NH", "No-Pull Dog Harness", SIZES, ("Black", "Red", "Blue"), 26.99, 5.2, 4.1, 0.3, False),
    ("Pet Supplies", "CS", "Cat Scratching Post", ("60cm", "80cm"), ("Beige", "Grey"), 32.99, 8.6, 7.9, 2.8, True),
    ("Pet Supplies", "LF", "Slow Feeder Dog Bowl", ("S", "L"), ("Blue", "Green", "Pink"), 14.99, 2.4, 3.7, 0.4, False),
    ("Pet Supplies", "PL", "Retractable Dog Leash", ("5m", "8m"), ("Black", "Blue"), 19.99, 3.9, 4.0, 0.35, False),
    ("Pet Supplies", "GB", "Pet Grooming Brush", ("Standard",), ("Blue", "Pink"), 13.99, 2.2, 3.5, 0.2, False),
    ("Pet Supplies", "CT2", "Collapsible Travel Bowls 2-Pack", ("350ml", "650ml"), ("Multi",), 11.99, 1.8, 3.4, 0.2, False),
    ("Sports & Outdoors", "RB", "Resistance Bands Set", ("Light", "Medium", "Heavy"), ("Multi",), 27.99, 5.5, 4.3, 0.6, False),
    ("Sports & Outdoors", "JR", "Adjustable Speed Jump Rope", ("Standard",), ("Black", "Blue", "Pink"), 12.99, 1.9, 3.4, 0.2, False),
    ("Sports & Outdoors", "YM", "Non-Slip Yoga Mat 6mm", ("6mm", "10mm"), ("Purple", "Teal", "Black"), 29.99, 6.8, 6.2, 1.2, False),
    ("Sports & Outdoors", "FR", "High Density Foam Roller", ("30cm", "45cm", "90cm"), ("Black",), 21.99, 4.6, 5.5, 0.8, False),
    ("Sports & Outdoors", "HB", "Hydration Running Belt", ("S/M", "L/XL"), ("Black", "Neon"), 18.99, 3.6, 3.7, 0.2, False),
    ("Sports & Outdoors", "CB2", "Camping Hammock", ("Single", "Double"), ("Green", "Orange"), 34.99, 8.9, 5.3, 0.9, False),
    ("Sports & Outdoors", "DB2", "Adjustable Dumbbell Pair", ("10kg", "20kg"), ("Black",), 89.99, 31.0, 12.6, 10.5, True),
    ("Home", "BC", "Blackout Curtains 2 Panels", ("52x63in", "52x84in", "52x95in"), ("Grey", "Navy", "Beige"), 32.99, 8.1, 6.0, 1.5, False),
    ("Home", "VH", "Velvet Hangers", ("30-Pack", "50-Pack"), ("Black", "Grey"), 26.99, 6.9, 8.2, 2.3, False),
    ("Home", "SB", "Fabric Storage Bins", ("3-Pack", "6-Pack"), ("Grey", "Beige"), 24.99, 5.8, 6.3, 1.4, False),
    ("Home", "DS", "Drawer Organizer Set", ("16-Piece", "25-Piece"), ("Clear",), 22.99, 4.9, 5.1, 0.9, False),
    ("Home", "LT", "LED Strip Lights", ("5m", "10m", "20m"), ("RGB",), 19.99, 4.1, 3.9, 0.4, False),
    ("Home", "TP", "Memory Foam Pillow", ("Standard", "Queen", "King"), ("White",), 36.99, 9.2, 7.1, 1.3, False),
    ("Home", "SC", "Shower Caddy", ("2-Tier", "3-Tier"), ("Black", "Chrome"), 23.99, 5.0, 5.7, 1.1, False),
    ("Electronics", "CC", "USB-C Charging Cable", ("1m", "2m", "3m"), ("Black", "White"), 11.99, 1.4, 3.2, 0.08, False),
    ("Electronics", "PS", "Adjustable Phone Stand", ("Standard",), ("Silver", "Black", "Rose Gold"), 15.99, 2.9, 3.6, 0.3, False),
    ("Electronics", "LS", "Laptop Sleeve", ("13in", "14in", "15.6in"), ("Grey", "Black", "Navy"), 19.99, 3.8, 3.8, 0.35, False),
    ("Electronics", "WC", "Wireless Charging Pad", ("10W", "15W"), ("Black", "White"), 18.99, 3.5, 3.5, 0.15, False),
    ("Electronics", "CH", "Cable Management Box", ("Small", "Large"), ("White", "Black"), 21.99, 4.7, 5.2, 0.9, False),
    ("Electronics", "EB", "Earbud Case", ("Standard",), ("Black", "Blue", "Pink"), 9.99, 1.1, 3.1, 0.05, False),
    ("Electronics", "PB", "Slim Power Bank 10000mAh", ("10000mAh", "20000mAh"), ("Black", "White"), 25.99, 7.4, 3.9, 0.25, False),
)
# fmt: on

# Per marketplace: demand relative to the US, price level in local currency, referral rate, VAT in price.
_PROFILE = {"USD": (1.0, 1.0, 0.0), "GBP": (0.36, 0.86, 0.2), "EUR": (0.38, 0.99, 0.19)}


@dataclass(frozen=True)
class Product:
    """A child SKU (what is sold) and its parent."""

    sku: str
    asin: str
    parent_asin: str
    parent_sku: str
    parent_index: int
    fnsku: str
    title: str
    category: str
    variation: str
    unit_cost: Decimal  # USD, landed at the warehouse
    us_price: float
    us_fba_fee: float
    weight_kg: float
    bulky: bool
    share: float  # share of the parent's demand


@dataclass(frozen=True)
class Listing:
    """A product offered on one marketplace."""

    market: Marketplace
    product: Product
    price: Decimal  # the everyday price in the marketplace's currency
    fba: bool
    listing_id: str
    open_at: datetime  # aware, marketplace time
    base_units: float  # expected units a day at the everyday price, before seasonality
    conversion: float  # unit session percentage as a fraction
    fba_fee: Decimal
    vat_rate: float  # VAT included in the price (UK, DE); 0 in the US

    @property
    def sku(self) -> str:
        return self.product.sku


def build_products(rng: np.random.Generator, sku_count: int) -> list[Product]:
    """Parents of 2-6 children each until `sku_count` SKUs exist."""
    products: list[Product] = []
    used: set[str] = set()
    parent = 0
    order = rng.permutation(len(TEMPLATES))
    while len(products) < sku_count:
        template = TEMPLATES[int(order[parent % len(TEMPLATES)])]
        category, code, name, dim1, dim2, price, cost, fee, kg, bulky = template
        generation = parent // len(TEMPLATES)
        if generation:
            code, name = f"{code}{generation + 1}", f"{name} Pro"
        options = list(combos(dim1, dim2))
        n = min(int(rng.integers(2, 7)), len(options), sku_count - len(products))
        if n < len(options):
            picked = sorted(rng.choice(len(options), size=n, replace=False).tolist())
            options = [options[i] for i in picked]
        parent_asin = _asin(rng, used)
        shares = rng.dirichlet(np.full(n, 2.5))
        for (a, b), share in zip(options, shares, strict=True):
            step = dim1.index(a) if len(dim1) > 1 else 0
            child_price = price * (1 + 0.12 * step)
            variation = ", ".join(v for v, many in ((b, len(dim2) > 1), (a, len(dim1) > 1)) if many)
            sku = "-".join(["NV", code, _short(b), _short(a)])
            products.append(
                Product(
                    sku=sku, asin=_asin(rng, used), parent_asin=parent_asin, parent_sku=f"NV-{code}-PARENT",
                    parent_index=parent, fnsku="X00" + "".join(rng.choice(list(_ALNUM), size=7)),
                    title=f"{BRAND} {name}" + (f", {variation}" if variation else ""), category=category,
                    variation=variation or a, unit_cost=_money(cost * (1 + 0.1 * step)), us_price=_charm(child_price),
                    us_fba_fee=fee * (1 + 0.05 * step), weight_kg=kg, bulky=bulky, share=float(share),
                )
            )  # fmt: skip
        parent += 1
    if len({p.sku for p in products}) != len(products):
        raise AssertionError("demo catalogue produced a duplicate SKU")
    return products


def build_listings(
    rng: np.random.Generator, products: list[Product], markets: list[Marketplace], start: date
) -> dict[str, list[Listing]]:
    """Each marketplace's listings; the first marketplace carries everything, the others a subset of parents."""
    parents = sorted({p.parent_index for p in products})
    popularity = np.exp(rng.normal(1.75, 0.75, size=len(parents)))
    by_parent = dict(zip(parents, popularity.tolist(), strict=True))
    ranked = sorted(parents, key=lambda p: -by_parent[p])
    # The second-best seller ships from the seller's own warehouse (MFN), so late shipments have volume.
    mfn_parents = {ranked[1]} if len(ranked) > 1 else set()
    mfn_parents |= {p for p in parents if any(x.bulky for x in products if x.parent_index == p)}
    result: dict[str, list[Listing]] = {}
    for m_index, market in enumerate(markets):
        scale, price_level, vat = _PROFILE.get(market.currency, (0.3, 1.0, 0.2))
        offered = (
            set(parents) if m_index == 0 else set(ranked[:2]) | {p for p in parents if rng.random() < 0.68}
        )
        zone = ZoneInfo(market.time_zone)
        listings = []
        for product in products:
            if product.parent_index not in offered:
                continue
            opened = start - timedelta(days=int(rng.integers(120, 1200)))
            open_at = datetime.combine(
                opened,
                time(int(rng.integers(7, 20)), int(rng.integers(0, 60)), int(rng.integers(0, 60))),
                zone,
            )
            conversion = float(rng.uniform(0.08, 0.16))
            local_price = _charm(product.us_price * price_level)
            listings.append(
                Listing(
                    market=market, product=product, price=Decimal(f"{local_price:.2f}"),
                    fba=not (m_index == 0 and product.parent_index in mfn_parents),
                    listing_id=f"{opened:%m%d}Z" + "".join(rng.choice(list(_ALNUM), size=6)),
                    open_at=open_at, base_units=by_parent[product.parent_index] * product.share * scale,
                    conversion=conversion, fba_fee=_money(product.us_fba_fee * price_level), vat_rate=vat,
                )
            )  # fmt: skip
        result[market.code] = listings
    return result


def _asin(rng: np.random.Generator, used: set[str]) -> str:
    while True:
        asin = "B0" + "".join(rng.choice(list(_ALNUM), size=8))
        if asin not in used:
            used.add(asin)
            return asin


def _short(value: str) -> str:
    cleaned = "".join(ch for ch in value.upper() if ch.isalnum())
    return cleaned[:4] if not cleaned[:1].isdigit() else cleaned[:6]


def _charm(value: float) -> float:
    """Prices end in .99, as sellers set them."""
    return max(round(value) - 0.01, 4.99)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
