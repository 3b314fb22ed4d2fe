"""The problems hidden in the demo seller, placed in the last 60 days on SKUs with enough volume to see them.

`plan_anomalies` decides what happens where (before the simulation runs); the simulation applies the
effects; `describe` then writes each one down as ground truth with the dates the data actually shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from sellerops.demo.catalog import Listing
from sellerops.demo.manifest import Anomaly
from sellerops.demo.promotions import PromotionPlan

WINDOW_DAYS = 60

# kind, process node, metric, direction, offset into the window, length in days, market slot
_SCHEDULE: tuple[tuple[str, str, str, str, int, int, int], ...] = (
    ("stock_out", "inventory/fulfilment", "fulfillable_quantity", "down", 6, 7, 0),
    ("buy_box_loss", "price/promotion", "buy_box_percentage", "down", 10, 7, 0),
    ("ad_spend_spike", "traffic/ads", "ad_spend", "up", 13, 4, 0),
    ("price_rise_conversion_drop", "price/promotion", "unit_session_percentage", "down", 16, 12, 0),
    ("late_shipment_streak", "account-health", "late_shipment_rate", "up", 19, 10, 0),
    ("stock_out", "inventory/fulfilment", "fulfillable_quantity", "down", 22, 6, 1),
    ("suppressed_listing", "listing/content", "sessions", "down", 27, 7, 0),
    ("review_crisis", "reviews/after-sales", "negative_feedback_count", "up", 30, 12, 0),
    ("out_of_budget", "traffic/ads", "budget_utilisation", "up", 33, 14, 0),
    ("stock_out", "inventory/fulfilment", "fulfillable_quantity", "down", 37, 8, 0),
    ("buy_box_loss", "price/promotion", "buy_box_percentage", "down", 40, 7, 2),
    ("price_rise_conversion_drop", "price/promotion", "unit_session_percentage", "down", 44, 12, 1),
    ("ad_spend_spike", "traffic/ads", "ad_spend", "up", 48, 3, 1),
)


@dataclass
class Effects:
    """What the anomalies do to one marketplace's simulation, per listing and day."""

    traffic: np.ndarray
    conversion: np.ndarray
    price: np.ndarray
    buy_box: np.ndarray  # NaN where the simulation decides
    inactive: np.ndarray  # listing suppressed
    stockouts: dict[int, tuple[int, int]] = field(default_factory=dict)  # listing -> (wanted start, length)
    defects: dict[int, tuple[int, int]] = field(default_factory=dict)  # listing -> bad batch sold [from, to)
    late_ship: dict[int, tuple[int, int]] = field(default_factory=dict)  # MFN listing -> [from, to)
    ad_spikes: list[tuple[int, str, int, int, float]] = field(
        default_factory=list
    )  # parent, match, [from, to), x
    budget_cuts: list[tuple[int, str, int, int]] = field(default_factory=list)  # parent, match, [from, to)


@dataclass
class Injection:
    kind: str
    process_node: str
    metric: str
    direction: str
    market: str
    listing: int
    start: int  # day index, inclusive
    end: int  # day index, exclusive
    details: dict[str, object] = field(default_factory=dict)


def empty_effects(n: int, d: int) -> Effects:
    return Effects(
        np.ones((n, d)),
        np.ones((n, d)),
        np.ones((n, d)),
        np.full((n, d), np.nan),
        np.zeros((n, d), dtype=bool),
    )


def plan_anomalies(
    rng: np.random.Generator,
    listings: dict[str, list[Listing]],
    promotions: dict[str, PromotionPlan],
    effects: dict[str, Effects],
    n_days: int,
) -> list[Injection]:
    markets = list(listings)
    window = max(0, n_days - WINDOW_DAYS)
    busy: dict[tuple[str, int], list[tuple[int, int]]] = {}
    busy_parents: dict[tuple[str, int], list[tuple[int, int]]] = {}
    injections = []
    for kind, node, metric, direction, offset, length, slot in _SCHEDULE:
        market = markets[slot % len(markets)]
        start = min(window + offset + int(rng.integers(-2, 3)), n_days - length - 1)
        start = max(start, 1)
        end = min(start + length, n_days - 1)
        chosen = _pick(kind, listings[market], market, start, end, busy, busy_parents)
        if chosen is None:
            continue
        # Keep a week either side clear of promotions so the signal is the anomaly alone.
        parent = listings[market][chosen].product.parent_index
        for i, other in enumerate(listings[market]):
            if other.product.parent_index == parent:
                promotions[market].clear(i, max(0, start - 14), min(n_days, end + 7))
        busy.setdefault((market, chosen), []).append((start - 10, end + 10))
        busy_parents.setdefault((market, parent), []).append((start - 10, end + 10))
        injection = Injection(kind, node, metric, direction, market, chosen, start, end)
        _apply(rng, injection, listings[market][chosen], effects[market])
        injections.append(injection)
    return injections


def _pick(
    kind: str,
    listings: list[Listing],
    market: str,
    start: int,
    end: int,
    busy: dict[tuple[str, int], list[tuple[int, int]]],
    busy_parents: dict[tuple[str, int], list[tuple[int, int]]],
) -> int | None:
    """The busiest free SKU of the top half (MFN only for late shipments, FBA for the rest)."""
    volume = [x.base_units for x in listings]
    if kind in ("ad_spend_spike", "out_of_budget"):
        # Campaigns are per parent: rank by what the parent's ads spend (its units times the price-led bid).
        by_parent: dict[int, float] = {}
        for x in listings:
            spend = x.base_units * min(max(float(x.price) * 0.035, 0.35), 2.2)
            by_parent[x.product.parent_index] = by_parent.get(x.product.parent_index, 0.0) + spend
        volume = [by_parent[x.product.parent_index] + x.base_units / 1000 for x in listings]
    ranked = sorted(range(len(listings)), key=lambda i: -volume[i])
    top = ranked[: max(1, (len(ranked) + 1) // 2)]
    wanted_fba = kind != "late_shipment_streak"
    pool = [i for i in (top if wanted_fba else ranked) if listings[i].fba == wanted_fba]
    # Prefer a SKU no anomaly has touched, then one free at the time with a free parent, then any free one.
    for strictness in (2, 1, 0):
        for i in pool:
            parent = listings[i].product.parent_index
            if (market, i) in busy and strictness == 2:
                continue
            if _overlaps(busy.get((market, i), []), start, end):
                continue
            if strictness and _overlaps(busy_parents.get((market, parent), []), start, end):
                continue
            return i
    return None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _apply(rng: np.random.Generator, injection: Injection, listing: Listing, effects: Effects) -> None:
    i, a, b = injection.listing, injection.start, injection.end
    parent = listing.product.parent_index
    if injection.kind == "stock_out":
        effects.stockouts[i] = (a, b - a)
    elif injection.kind == "buy_box_loss":
        effects.buy_box[i, a:b] = rng.uniform(0.30, 0.50, size=b - a)
        injection.details["buy_box_percentage"] = "30-50"
    elif injection.kind == "price_rise_conversion_drop":
        rise = float(rng.uniform(0.15, 0.25))
        effects.price[i, a:b] = 1 + rise
        injection.details["price_rise"] = round(rise, 3)
    elif injection.kind == "suppressed_listing":
        effects.inactive[i, a:b] = True
        effects.traffic[i, a:b] = 0.02
    elif injection.kind == "review_crisis":
        effects.defects[i] = (max(0, a - 8), b)
        effects.conversion[i, a:b] = 0.55
    elif injection.kind == "late_shipment_streak":
        effects.late_ship[i] = (a, b)
    elif injection.kind == "ad_spend_spike":
        factor = float(rng.uniform(3.2, 4.8))
        effects.ad_spikes.append((parent, "broad", a, b, factor))
        injection.details["spend_factor"] = round(factor, 2)
        injection.details["match"] = "broad"
    elif injection.kind == "out_of_budget":
        effects.budget_cuts.append((parent, "exact", a, b))
        injection.details["match"] = "exact"


_CAUSES = {
    "stock_out": "The FBA replenishment shipment {shipment} was held at check-in, so {sku} sold out and could not "
    "sell until it was received.",
    "buy_box_loss": "A reseller undercut the price of {sku} and won the Featured Offer most of the time for a week.",
    "price_rise_conversion_drop": "The price of {sku} was raised {pct}% above its usual level while traffic held, "
    "so fewer visitors bought.",
    "ad_spend_spike": "Broad-match bids in campaign '{campaign}' were raised by mistake, multiplying spend on "
    "irrelevant search terms without extra sales.",
    "suppressed_listing": "The listing of {sku} was suppressed for a missing main-image requirement, so it "
    "was Inactive and got almost no sessions.",
    "review_crisis": "A defective batch of {sku} led to DEFECTIVE and QUALITY_UNACCEPTABLE returns and "
    "1-2 star feedback, and conversion dropped.",
    "late_shipment_streak": "The seller's own warehouse was short of staff, so merchant-fulfilled orders of {sku} "
    "shipped after their ship-by date for about ten days.",
    "out_of_budget": "The daily budget of campaign '{campaign}' was cut to {budget}, so it spent it all by mid-day "
    "every day although its ACoS stayed under the 25% target.",
}


def _named(injection: Injection, listings: list[Listing]) -> Listing:
    """The SKU the ground truth names. A campaign advertises every child of its parent, so a campaign's anomaly is
    named by the campaign's best-selling child (its largest base demand), the SKU a team would file it under."""
    chosen = listings[injection.listing]
    if injection.kind not in ("ad_spend_spike", "out_of_budget"):
        return chosen
    siblings = [x for x in listings if x.product.parent_index == chosen.product.parent_index]
    return max(siblings, key=lambda x: (x.base_units, x.sku))


def describe(
    injections: list[Injection], listings: dict[str, list[Listing]], days: list[date]
) -> list[Anomaly]:
    """Ground truth, numbered in date order, with the details the simulation filled in."""
    out = []
    ordered = sorted(injections, key=lambda j: (j.start, j.market, j.kind))
    for number, j in enumerate(ordered, 1):
        listing = _named(j, listings[j.market])
        text = _CAUSES[j.kind].format(
            sku=listing.sku,
            pct=round(100 * float(j.details.get("price_rise", 0) or 0)),  # type: ignore[arg-type]
            shipment=j.details.get("shipment", ""),
            campaign=j.details.get("campaign", ""),
            budget=j.details.get("budget", ""),
        )
        out.append(
            Anomaly(
                id=f"A{number:02d}", kind=j.kind, sku=listing.sku, marketplace=j.market,
                start_date=days[j.start], end_date=days[j.end - 1], cause=text, process_node=j.process_node,
                metric=j.metric, direction=j.direction, details=dict(sorted(j.details.items())),
            )
        )  # fmt: skip
    return out
