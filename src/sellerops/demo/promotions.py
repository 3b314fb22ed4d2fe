"""Promotions the demo seller runs: lightning deals on event days, clip coupons, and temporary price cuts.

They are known events, visible in the data (a lower item-price, an item-promotion-discount with its
promotion id), so a checker should explain them rather than flag them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from sellerops.demo.calendar import ShoppingEvent
from sellerops.demo.catalog import Listing


@dataclass(frozen=True)
class Promotion:
    promotion_id: str
    kind: str  # "lightning_deal" | "coupon" | "price_cut"
    skus: tuple[str, ...]
    start: date
    end: date
    discount: float  # fraction off the everyday price


@dataclass
class PromotionPlan:
    """Per listing and day: the price factor (deals, cuts), the coupon fraction and its id, and the traffic lift."""

    promotions: list[Promotion]
    price_factor: np.ndarray  # (n, d)
    coupon: np.ndarray  # (n, d) fraction off, paid as item-promotion-discount
    coupon_id: np.ndarray  # (n, d) index into promotions, -1 for none
    traffic: np.ndarray  # (n, d)
    price_id: np.ndarray  # (n, d) index into promotions of the deal or price cut in force, -1 for none

    def clear(self, i: int, start: int, end: int) -> None:
        """No promotion on listing i in day range [start, end): keeps an anomaly's signal unmixed."""
        self.price_factor[i, start:end] = 1.0
        self.coupon[i, start:end] = 0.0
        self.coupon_id[i, start:end] = -1
        self.traffic[i, start:end] = 1.0
        self.price_id[i, start:end] = -1

    def in_force(self, number: int) -> tuple[list[int], list[int]]:
        """The listings and days on which promotion `number` really ran (anomalies may have cleared some)."""
        mask = (self.coupon_id == number) | (self.price_id == number)
        return np.flatnonzero(mask.any(axis=1)).tolist(), np.flatnonzero(mask.any(axis=0)).tolist()


def plan_promotions(
    rng: np.random.Generator, listings: list[Listing], days: list[date], events: list[ShoppingEvent]
) -> PromotionPlan:
    n, d = len(listings), len(days)
    plan = PromotionPlan(
        [], np.ones((n, d)), np.zeros((n, d)), np.full((n, d), -1), np.ones((n, d)), np.full((n, d), -1)
    )
    index = {day: i for i, day in enumerate(days)}
    by_volume = sorted(range(n), key=lambda i: -listings[i].base_units)
    parents: dict[int, list[int]] = {}
    for i, listing in enumerate(listings):
        parents.setdefault(listing.product.parent_index, []).append(i)
    parent_keys = sorted(parents)
    market = listings[0].market.country if listings else ""

    for event in (e for e in events if e.deals):
        pool = by_volume[: max(2, n // 3)]
        chosen = sorted(rng.choice(pool, size=max(1, len(pool) // 3), replace=False).tolist())
        for i in chosen:
            discount = float(rng.choice([0.15, 0.2, 0.25]))
            listing = listings[i]
            promo = Promotion(
                f"LD-{market}-{listing.product.asin}-{event.start:%Y%m%d}", "lightning_deal", (listing.sku,),
                event.start, event.end, discount,
            )  # fmt: skip
            plan.promotions.append(promo)
            for day in _days(event.start, event.end, index):
                plan.price_factor[i, day] = 1 - discount
                plan.price_id[i, day] = len(plan.promotions) - 1
                plan.traffic[i, day] *= 1.5

    start = 10
    while start < d - 10:
        parent = parent_keys[int(rng.integers(len(parent_keys)))]
        length = int(rng.integers(14, 22))
        kind = "coupon" if rng.random() < 0.65 else "price_cut"
        discount = (
            float(rng.choice([0.1, 0.15, 0.2])) if kind == "coupon" else float(rng.choice([0.1, 0.12, 0.15]))
        )
        first, last = days[start], days[min(start + length, d) - 1]
        skus = tuple(listings[i].sku for i in parents[parent])
        parent_sku = listings[parents[parent][0]].product.parent_sku
        promo_id = f"{'CPN' if kind == 'coupon' else 'PRC'}-{market}-{parent_sku.removesuffix('-PARENT')}-{first:%Y%m%d}"
        plan.promotions.append(Promotion(promo_id, kind, skus, first, last, discount))
        number = len(plan.promotions) - 1
        for i in parents[parent]:
            for day in range(start, min(start + length, d)):
                if plan.price_factor[i, day] < 1:
                    continue  # a deal day keeps the deal price
                if kind == "coupon":
                    plan.coupon[i, day], plan.coupon_id[i, day] = discount, number
                    plan.traffic[i, day] *= 1.08  # the coupon badge in search results
                else:
                    plan.price_factor[i, day], plan.price_id[i, day] = 1 - discount, number
        start += int(rng.integers(18, 40))
    return plan


def _days(first: date, last: date, index: dict[date, int]) -> list[int]:
    out = []
    day = first
    while day <= last:
        if day in index:
            out.append(index[day])
        day += timedelta(days=1)
    return out
