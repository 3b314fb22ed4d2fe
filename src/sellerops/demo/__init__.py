"""The demo seller: a seeded Amazon US/UK/DE business written out in the platforms' real report layouts,
with a ground-truth list of the anomalies hidden in it.

    manifest = generate(Path("demo-seller"), seed=7)
    for f in manifest.files:  # in import order, with the --marketplace/--period each needs
        ...
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from sellerops.core.marketplaces import get_marketplace
from sellerops.demo.ads import AdSim, build_ads
from sellerops.demo.anomalies import Injection, describe, empty_effects, plan_anomalies
from sellerops.demo.calendar import day_range, history_start, season_curve, shopping_events
from sellerops.demo.catalog import build_listings, build_products
from sellerops.demo.manifest import Anomaly, DemoFile, DemoManifest, write_ground_truth
from sellerops.demo.orders import build_orders
from sellerops.demo.promotions import plan_promotions
from sellerops.demo.simulate import MarketSim, simulate_market
from sellerops.demo.writers.ads import write_ads
from sellerops.demo.writers.after_sales import write_feedback, write_returns
from sellerops.demo.writers.common import Output
from sellerops.demo.writers.inventory import write_inventory_planning
from sellerops.demo.writers.listings import write_listings
from sellerops.demo.writers.orders import write_all_orders
from sellerops.demo.writers.performance import write_performance
from sellerops.demo.writers.product_master import write_product_master
from sellerops.demo.writers.sales_traffic import write_sales_traffic
from sellerops.demo.writers.settlement import write_settlements
from sellerops.demo.writers.shipments import write_merchant_orders_api, write_shipping_confirmations
from sellerops.errors import InputError

__all__ = ["Anomaly", "DemoFile", "DemoManifest", "generate"]

log = logging.getLogger(__name__)


def generate(
    out_dir: Path,
    *,
    seed: int = 7,
    end_date: date = date(2026, 10, 31),
    months: int = 15,
    sku_count: int = 150,
    marketplaces: tuple[str, ...] = ("amazon.US", "amazon.UK", "amazon.DE"),
    progress: Callable[[str], None] | None = None,
) -> DemoManifest:
    """Write the demo seller's reports under `out_dir` and return (and write) its manifest.

    The same arguments always give byte-identical files: every number comes from one seeded generator.
    """
    say = progress or (lambda message: log.info("%s", message))
    if months < 1 or sku_count < 2 or not marketplaces:
        raise InputError("the demo needs at least 1 month, 2 SKUs and 1 marketplace")
    _prepare(out_dir)
    rng = np.random.default_rng(seed)
    start = history_start(end_date, months)
    days = day_range(start, end_date)
    events = shopping_events(days)
    curve = season_curve(days, events)
    markets = [get_marketplace(code) for code in marketplaces]
    say(f"catalogue: {sku_count} SKUs on {', '.join(m.code for m in markets)}, {start}..{end_date}")
    products = build_products(rng, sku_count)
    listings = build_listings(rng, products, markets, start)
    promos = {code: plan_promotions(rng, listings[code], days, events) for code in listings}
    effects = {code: empty_effects(len(listings[code]), len(days)) for code in listings}
    injections = plan_anomalies(rng, listings, promos, effects, len(days))

    sims, ads, orders = {}, {}, {}
    for code in listings:
        say(f"simulating {code}")
        sims[code] = simulate_market(rng, listings[code], days, curve, promos[code], effects[code])
        ads[code] = build_ads(rng, sims[code], effects[code], start - timedelta(days=75))
        promotion_ids = [p.promotion_id for p in promos[code].promotions]
        orders[code] = build_orders(rng, sims[code], effects[code], promotion_ids)
    injections = _settle(injections, sims, ads)

    out = Output(out_dir)
    writers: list[tuple[str, Callable[[str], None]]] = [
        ("listings", lambda c: write_listings(out, sims[c])),
        ("FBA inventory", lambda c: write_inventory_planning(out, sims[c], orders[c])),
        ("sales and traffic", lambda c: write_sales_traffic(out, sims[c], orders[c])),
        ("all orders", lambda c: write_all_orders(out, sims[c], orders[c])),
        ("returns", lambda c: write_returns(out, sims[c], orders[c])),
        ("feedback", lambda c: write_feedback(out, sims[c], orders[c])),
        ("settlements", lambda c: write_settlements(out, sims[c], orders[c], ads[c])),
        ("ads", lambda c: write_ads(out, sims[c], ads[c])),
        ("seller performance", lambda c: write_performance(out, sims[c], orders[c])),
        # After All Orders: these replace the merchant orders' headers with the same figures plus ship dates.
        ("merchant orders (SP-API)", lambda c: write_merchant_orders_api(out, sims[c], orders[c])),
        ("shipping confirmations", lambda c: write_shipping_confirmations(out, sims[c], orders[c])),
    ]
    for name, write in writers:
        say(f"writing {name}")
        for code in listings:
            write(code)
    write_product_master(out, products, sims, seed=seed)  # the seller's own workbook (replenishment inputs)
    anomalies = describe(injections, listings, days)
    write_ground_truth(out_dir, anomalies)
    known: list[dict[str, Any]] = [
        {"kind": "shopping_event", "name": e.name, "marketplace": None, "skus": [],
         "start_date": e.start.isoformat(), "end_date": e.end.isoformat(), "discount": None}
        for e in events
    ]  # fmt: skip
    for code, plan in promos.items():
        for number, p in enumerate(plan.promotions):
            where, when = plan.in_force(number)
            if where:
                known.append({
                    "kind": p.kind, "name": p.promotion_id, "marketplace": code,
                    "skus": [listings[code][i].sku for i in where], "start_date": days[when[0]].isoformat(),
                    "end_date": days[when[-1]].isoformat(), "discount": p.discount,
                })  # fmt: skip
    manifest = DemoManifest(
        out_dir, seed, start, end_date, tuple(listings), tuple(out.files), events=tuple(known)
    )
    manifest.write()
    say(f"wrote {len(out.files)} files and {len(anomalies)} anomalies to {out_dir}")
    return manifest


def _settle(
    injections: list[Injection], sims: dict[str, MarketSim], ads: dict[str, AdSim]
) -> list[Injection]:
    """Fill in what only the simulation knows: the real stock-out days, campaign names and budgets."""
    kept = []
    for j in injections:
        sim = sims[j.market]
        if j.kind == "stock_out":
            found = sim.stock.stockouts.get(j.listing)
            if not found or found[1] - found[0] < 3:
                continue
            j.start, j.end = found[0], found[1]
            j.details["shipment"] = found[2]
        if j.kind in ("ad_spend_spike", "out_of_budget"):
            parent = sim.listings[j.listing].product.parent_index
            match = str(j.details["match"])
            for c, campaign in enumerate(ads[j.market].campaigns):
                if campaign.parent_index == parent and campaign.match == match:
                    j.details["campaign"] = campaign.name
                    j.details["campaign_id"] = campaign.campaign_id
                    j.details["budget"] = round(float(ads[j.market].budget[c, j.start]), 2)
        kept.append(j)
    return kept


def _prepare(out_dir: Path) -> None:
    """An empty folder, or a previous demo (whose files are removed first); never someone else's files."""
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / "manifest.json").is_file():
            raise InputError(
                f"{out_dir} is not empty and holds no demo manifest; choose an empty or new folder for the demo"
            )
        previous = DemoManifest.read(out_dir)
        for entry in previous.files:
            (out_dir / entry.path).unlink(missing_ok=True)
        for name in ("manifest.json", previous.ground_truth):
            (out_dir / name).unlink(missing_ok=True)
        for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()
    out_dir.mkdir(parents=True, exist_ok=True)
