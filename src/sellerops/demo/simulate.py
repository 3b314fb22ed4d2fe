"""The demo seller's days: sessions, buy box, prices, units and FBA stock per listing (pure; arrays in, arrays out).

Units are Poisson around sessions x conversion, so day-to-day noise is what a real catalogue shows; every
other move comes from seasonality, a promotion or an injected anomaly. FBA stock follows a weekly
replenishment policy with shipments that pass through working, shipped and receiving.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from sellerops.core.marketplaces import Marketplace
from sellerops.demo.anomalies import Effects
from sellerops.demo.catalog import Listing
from sellerops.demo.promotions import PromotionPlan

ELASTICITY = 2.5
AGE_EDGES = (30, 60, 90, 180, 270, 330, 365)  # upper bounds of the age bands; the last band is 366+
_WORK, _RECEIVE = 4, 4


@dataclass
class Shipment:
    shipment_id: str
    listing: int
    quantity: int
    created: int  # day indexes: working from created, shipped from ship, receiving from receive
    ship: int
    receive: int
    arrive: int  # units become fulfillable at the start of this day


@dataclass
class Stock:
    fulfillable: np.ndarray  # (n, d) end of day
    reserved: np.ndarray
    working: np.ndarray
    shipped: np.ndarray
    receiving: np.ndarray
    ages: np.ndarray  # (n, d, 8) units by age band at end of day
    sold: np.ndarray  # (n, d) units sold (potential demand capped by stock)
    empty: np.ndarray  # (n, d) nothing to sell all day
    tracked: np.ndarray  # (n, 1) FBA listings; MFN stock is the seller's own and never runs out here
    shipments: list[Shipment] = field(default_factory=list)
    stockouts: dict[int, tuple[int, int, str]] = field(
        default_factory=dict
    )  # listing -> [from, to), shipment


@dataclass
class MarketSim:
    market: Marketplace
    listings: list[Listing]
    days: list[date]
    price: np.ndarray  # (n, d) selling price per unit, local currency
    coupon: np.ndarray  # (n, d) fraction off as a coupon
    coupon_id: np.ndarray
    sessions: np.ndarray
    page_views: np.ndarray
    buy_box: np.ndarray  # fraction
    units: np.ndarray
    inactive: np.ndarray
    stock: Stock


def simulate_market(
    rng: np.random.Generator,
    listings: list[Listing],
    days: list[date],
    curve: np.ndarray,
    promos: PromotionPlan,
    effects: Effects,
) -> MarketSim:
    n, d = len(listings), len(days)
    market = listings[0].market
    base_units = np.array([x.base_units for x in listings])
    conversion = np.array([x.conversion for x in listings])
    list_price = np.array([float(x.price) for x in listings])

    noise = np.exp(rng.normal(0.0, 0.1, size=(n, d)))
    expected_sessions = (
        (base_units / conversion)[:, None] * curve[None, :] * promos.traffic * effects.traffic * noise
    )
    sessions = rng.poisson(expected_sessions)
    price = np.round(list_price[:, None] * promos.price_factor * effects.price, 2)
    paid = price * (1 - promos.coupon)
    base_bb = rng.uniform(0.94, 1.0, size=n)
    buy_box = np.clip(base_bb[:, None] + rng.normal(0, 0.012, size=(n, d)), 0.85, 1.0)
    buy_box = np.where(np.isnan(effects.buy_box), buy_box, effects.buy_box)
    rate = (
        conversion[:, None]
        * (paid / list_price[:, None]) ** -ELASTICITY
        * np.where(promos.coupon > 0, 1.1, 1.0)
        * effects.conversion
        * (buy_box / base_bb[:, None])
    )
    potential = rng.poisson(sessions * np.clip(rate, 0, 0.6))

    stock = _simulate_stock(rng, listings, curve, potential, effects)
    units = np.where(stock.tracked, stock.sold, potential)
    out = stock.tracked & stock.empty
    # Out of stock: the offer disappears, so no buy box, fewer visits (no ads, no search placement).
    sessions = np.where(out, rng.binomial(sessions, 0.55), sessions)
    buy_box = np.where(out, 0.0, buy_box)
    page_views = sessions + rng.binomial(sessions, 0.38)
    return MarketSim(
        market, listings, days, price, promos.coupon, promos.coupon_id, sessions, page_views, buy_box, units,
        effects.inactive, stock,
    )  # fmt: skip


def _simulate_stock(
    rng: np.random.Generator,
    listings: list[Listing],
    curve: np.ndarray,
    potential: np.ndarray,
    effects: Effects,
) -> Stock:
    n, d = potential.shape

    def zeros() -> np.ndarray:
        return np.zeros((n, d), dtype=np.int64)

    fba = np.array([[x.fba] for x in listings], dtype=bool).reshape(n, 1)
    stock = Stock(
        zeros(), zeros(), zeros(), zeros(), zeros(), np.zeros((n, d, 8), dtype=np.int64), zeros(),
        np.zeros((n, d), dtype=bool), fba,
    )  # fmt: skip
    transit = 24 if listings and listings[0].market.country == "US" else 28
    # What the seller plans with: the everyday rate times the season ahead (the seller knows Q4 is coming).
    ahead = np.array([curve[t : t + 60].mean() for t in range(d)])
    for i, listing in enumerate(listings):
        if not listing.fba:
            continue
        rate = listing.base_units * ahead * 1.15
        case = 10 if listing.product.weight_kg > 1 else 20
        # Both passes draw the same numbers, so the second differs from the first only by the hold.
        seed = int(rng.integers(2**62))
        hold = None
        if i in effects.stockouts:
            first = _run(np.random.default_rng(seed), i, rate, potential[i], case, transit, None, _blank(d))
            wanted, length = effects.stockouts[i]
            hold = (_hold_day(first, potential[i], wanted), length)
        _run(np.random.default_rng(seed), i, rate, potential[i], case, transit, hold, stock)
    return stock


@dataclass
class _Trace:
    start_of_day: np.ndarray
    arrived: np.ndarray


def _blank(d: int) -> _Trace:
    return _Trace(np.zeros(d, dtype=np.int64), np.zeros(d, dtype=np.int64))


def _hold_day(trace: _Trace, potential: np.ndarray, wanted: int) -> int:
    """The day to stop receiving stock so that the shelf runs empty on (or near) the wanted day."""
    best, best_gap = max(0, wanted - 20), 10**9
    for f in range(max(1, wanted - 3), 0, -1):
        on_hand = trace.start_of_day[f] - trace.arrived[f]
        cumulative = np.cumsum(potential[f:])
        hit = np.flatnonzero(cumulative >= on_hand)
        if not len(hit):
            continue
        empty_from = f + int(hit[0]) + 1
        # Running out late only shifts the stock-out; running out early may push it out of the checked window.
        gap = empty_from - wanted if empty_from >= wanted else 3 * (wanted - empty_from)
        if gap < best_gap:
            best, best_gap = f, gap
    return best


def _run(
    rng: np.random.Generator,
    i: int,
    rate: np.ndarray,
    potential: np.ndarray,
    case: int,
    transit: int,
    hold: tuple[int, int] | None,
    out: Stock | _Trace,
) -> _Trace:
    d = len(potential)
    trace = out if isinstance(out, _Trace) else _blank(d)
    layers: list[list[int]] = []  # [arrival day, units], oldest first
    opening = int(rate[0] * 45)
    for age, part in ((130, 0.15), (70, 0.3), (20, 0.55)):
        layers.append([-age, int(opening * part)])
    shipments: list[Shipment] = []
    first_arrival = int(rng.integers(8, 20))
    shipments.append(
        _shipment(rng, i, int(rate[0] * 30), first_arrival - transit - _WORK - _RECEIVE, transit)
    )
    review = int(rng.integers(0, 7))
    holding_from, length = hold if hold else (d + 1, 0)
    release = None
    on_hand = sum(q for _, q in layers)
    for t in range(d):
        if t >= holding_from and (release is None or t < release):
            for s in shipments:
                if s.arrive == t:
                    s.arrive = d + 10 if release is None else release  # held at check-in until released
        for s in shipments:
            if s.arrive == t:
                on_hand += s.quantity
                layers.append([t, s.quantity])
                trace.arrived[t] += s.quantity
        if t >= holding_from and release is None and on_hand <= 0:
            release = t + length
            held = [s for s in shipments if s.arrive == d + 10]
            if not held:
                held = [_shipment(rng, i, int(rate[t] * 45), t - transit + length, transit)]
                shipments.extend(held)
            for s in held:
                s.receive, s.arrive = min(s.receive, release - 3), release
            if isinstance(out, Stock):
                out.stockouts[i] = (t, min(release, d), held[0].shipment_id)
        trace.start_of_day[t] = on_hand
        sold = min(int(potential[t]), on_hand)
        on_hand -= sold
        if isinstance(out, Stock):
            out.sold[i, t] = sold
            out.empty[i, t] = trace.start_of_day[t] <= 0
        while sold and layers:
            take = min(sold, layers[0][1])
            layers[0][1] -= take
            sold -= take
            if not layers[0][1]:
                layers.pop(0)
        if t % 7 == review:
            inbound = sum(s.quantity for s in shipments if s.arrive > t)
            target = max(rate[t] * (_WORK + transit + _RECEIVE + 7 + 40), 8)
            if on_hand + inbound < target - rate[t] * 7:
                quantity = int(np.ceil((target - on_hand - inbound) / case) * case)
                shipments.append(_shipment(rng, i, quantity, t, transit))
        if isinstance(out, Stock):
            reserved = min(on_hand, round(on_hand * 0.04))
            out.fulfillable[i, t] = on_hand - reserved
            out.reserved[i, t] = reserved
            for s in shipments:
                if s.created <= t < s.ship:
                    out.working[i, t] += s.quantity
                elif s.ship <= t < s.receive:
                    out.shipped[i, t] += s.quantity
                elif s.receive <= t < s.arrive:
                    out.receiving[i, t] += s.quantity
            for arrived, quantity in layers:
                band = int(np.searchsorted(AGE_EDGES, t - arrived))
                out.ages[i, t, band] += quantity
    if isinstance(out, Stock):
        out.shipments.extend(shipments)
    return trace


def _shipment(rng: np.random.Generator, i: int, quantity: int, created: int, transit: int) -> Shipment:
    code = "".join(rng.choice(list("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"), size=6))
    ship = created + _WORK
    receive = ship + transit
    return Shipment(f"FBA18{code}", i, max(quantity, 10), created, ship, receive, receive + _RECEIVE)
