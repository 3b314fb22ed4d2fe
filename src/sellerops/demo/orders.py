"""Orders, returns, feedback and claims behind the simulated units (pure: the simulation in, records out).

Every unit the simulation sold on a day becomes part of an order item placed that local day, so the All
Orders file and the Sales and Traffic report agree unit for unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from sellerops.demo.anomalies import Effects
from sellerops.demo.simulate import MarketSim

_HOUR_WEIGHTS = np.array(
    [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 6, 6, 6, 6, 7, 8, 9, 10, 9, 7, 4], dtype=float
)
_ADDRESSES = {
    "US": (("Seattle", "WA", "98101"), ("Austin", "TX", "78701"), ("Brooklyn", "NY", "11201"),
           ("Columbus", "OH", "43004"), ("Denver", "CO", "80202"), ("Miami", "FL", "33101"),
           ("San Diego", "CA", "92101"), ("Chicago", "IL", "60601"), ("Atlanta", "GA", "30301"),
           ("Phoenix", "AZ", "85001"), ("Portland", "OR", "97201"), ("Charlotte", "NC", "28202")),
    "UK": (("London", "Greater London", "SW1A 1AA"), ("Manchester", "Greater Manchester", "M1 1AE"),
           ("Leeds", "West Yorkshire", "LS1 4DY"), ("Bristol", "Bristol", "BS1 4DJ"),
           ("Glasgow", "Lanarkshire", "G1 1XQ"), ("Birmingham", "West Midlands", "B1 1BB")),
    "DE": (("Berlin", "Berlin", "10115"), ("München", "Bayern", "80331"), ("Hamburg", "Hamburg", "20095"),
           ("Köln", "Nordrhein-Westfalen", "50667"), ("Frankfurt am Main", "Hessen", "60311"),
           ("Leipzig", "Sachsen", "04109")),
}  # fmt: skip
_ORDER_PREFIX = {"US": (111, 112, 113, 114), "UK": (202, 203, 204, 205, 206), "DE": (302, 303, 304, 305, 306)}
_CENTRES = {
    "US": ("PHX6", "ONT8", "BFI4", "MDW2", "TPA1"),
    "UK": ("LTN1", "BHX4", "MAN1"),
    "DE": ("FRA7", "MUC3", "LEJ1"),
}
_REASONS = {
    "Clothing": ("APPAREL_TOO_SMALL", "APPAREL_TOO_LARGE", "APPAREL_STYLE", "UNWANTED_ITEM", "NOT_AS_DESCRIBED"),
    "default": ("UNWANTED_ITEM", "NOT_AS_DESCRIBED", "FOUND_BETTER_PRICE", "ORDERED_WRONG_ITEM", "DEFECTIVE",
                "MISSED_ESTIMATED_DELIVERY", "DAMAGED_BY_CARRIER"),
}  # fmt: skip
_COMPLAINTS = (
    (3, "Product was fine but the package was crushed."),
    (2, "Item arrived later than promised."),
    (3, "Took a while to arrive, okay product."),
    (1, "Not as pictured, returning it."),
)


@dataclass
class OrderItem:
    order_id: str
    listing: int
    day: int
    purchase_at: datetime  # UTC
    quantity: int
    unit_price: float
    discount: float  # the coupon, for the whole quantity
    promotion: str
    status: str  # Shipped | Cancelled | Pending
    fba: bool
    address: tuple[str, str, str]
    business: bool
    shipped_at: datetime | None = None
    latest_ship_at: datetime | None = None
    valid_tracking: bool = True
    item_code: str = ""

    @property
    def late(self) -> bool:
        return bool(self.shipped_at and self.latest_ship_at and self.shipped_at > self.latest_ship_at)


@dataclass
class ReturnItem:
    order: OrderItem
    returned_at: datetime  # UTC
    quantity: int
    centre: str
    disposition: str
    reason: str
    lpn: str
    comment: str


@dataclass
class Feedback:
    order: OrderItem
    day: date
    rating: int
    comment: str


@dataclass
class Claim:
    order: OrderItem
    kind: str  # "A-to-z Guarantee Claim" | "Chargeback Refund"
    at: datetime  # UTC


@dataclass
class MarketOrders:
    items: list[OrderItem] = field(default_factory=list)
    returns: list[ReturnItem] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def build_orders(
    rng: np.random.Generator, sim: MarketSim, effects: Effects, promotion_ids: list[str]
) -> MarketOrders:
    country = sim.market.country
    zone = ZoneInfo(sim.market.time_zone)
    prefixes = _ORDER_PREFIX.get(country, (401, 402))
    addresses = _ADDRESSES.get(country, _ADDRESSES["US"])
    result = MarketOrders()
    seen: set[str] = set()
    last = len(sim.days) - 1
    # Draw everything up front: one vectorised draw per attribute is far faster than one call per order.
    total = int(sim.units.sum())
    quantity = rng.choice(np.array([1] * 11 + [2, 2, 3]), size=total)
    hour = rng.choice(24, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum(), size=total)
    second = rng.integers(0, 3600, size=total)
    uniform = rng.random((total, 5))
    address = rng.integers(len(addresses), size=total)
    code = rng.integers(10**13, 10**14 - 1, size=total)
    number = rng.integers(10**6, 10**7, size=(total, 2))
    prefix = rng.integers(len(prefixes), size=total)
    k = 0
    for t, i in np.argwhere(sim.units.T > 0):  # day-major, so orders come out in time order
        listing = sim.listings[i]
        remaining = int(sim.units[i, t])
        late = effects.late_ship.get(int(i))
        while remaining:
            q = min(remaining, int(quantity[k]))
            remaining -= q
            local = datetime.combine(
                sim.days[t], time(int(hour[k]), int(second[k] // 60), int(second[k] % 60)), zone
            )
            order_id = f"{prefixes[prefix[k]]}-{number[k, 0]:07d}-{number[k, 1]:07d}"
            while order_id in seen:
                order_id = f"{prefixes[0]}-{int(rng.integers(10**6, 10**7)):07d}-{int(rng.integers(10**6, 10**7)):07d}"
            seen.add(order_id)
            u = uniform[k]
            status = "Shipped"
            if u[0] < (0.012 if listing.fba else 0.02):
                status = "Cancelled"
            elif t == last and u[1] < 0.5:
                status = "Pending"
            coupon = int(sim.coupon_id[i, t])
            discount = round(float(sim.price[i, t] * sim.coupon[i, t]) * q, 2)
            item = OrderItem(
                order_id, int(i), int(t), local.astimezone(UTC), q, float(sim.price[i, t]), discount,
                promotion_ids[coupon] if discount and coupon >= 0 else "", status, listing.fba,
                _street_level(addresses[int(address[k])], int(number[k, 1])), bool(u[2] < 0.04),
                item_code=str(int(code[k])),
            )  # fmt: skip
            if status == "Shipped":
                _ship(item, local, late, float(u[3]), float(u[4]))
            result.items.append(item)
            k += 1
    _after_sales(rng, sim, effects, result)
    return result


def _street_level(address: tuple[str, str, str], n: int) -> tuple[str, str, str]:
    """The city's postal code narrowed to one of its districts, picked by the order number: buyers in one city
    do not share one postal code (a valid code of the same state or area, so address checks still pass)."""
    city, state, postcode = address
    if len(postcode) == 5 and postcode.isdigit():
        return city, state, f"{postcode[:3]}{n % 100:02d}"
    outward, _, inward = postcode.partition(" ")
    if inward:  # a UK postcode: the sector digit varies
        return city, state, f"{outward} {n % 10}{inward[1:]}"
    return address


def _ship(item: OrderItem, local: datetime, late: tuple[int, int] | None, u: float, v: float) -> None:
    """AFN ships within a day; MFN has two days' handling, and ships late during the injected streak."""
    if item.fba:
        item.shipped_at = (local + timedelta(hours=6 + 24 * u)).astimezone(UTC)
        return
    deadline = datetime.combine(local.date() + timedelta(days=2), time(23, 59), local.tzinfo)
    item.latest_ship_at = deadline.astimezone(UTC)
    in_streak = late is not None and late[0] <= item.day < late[1]
    if in_streak or v < 0.01:
        item.shipped_at = (deadline + timedelta(hours=14 + 56 * u)).astimezone(UTC)
    else:
        item.shipped_at = (local + timedelta(hours=4 + 36 * u)).astimezone(UTC)
    item.valid_tracking = v < 0.01 or v > 0.025  # about 1.5% of shipments without valid tracking


def _after_sales(rng: np.random.Generator, sim: MarketSim, effects: Effects, result: MarketOrders) -> None:
    end = datetime.combine(sim.days[-1], time(23, 59), ZoneInfo(sim.market.time_zone)).astimezone(UTC)
    country = sim.market.country
    centres = _CENTRES.get(country, ("FC01",))
    bad_batch = effects.defects
    for item in result.items:
        if item.status != "Shipped" or item.shipped_at is None:
            continue
        listing = sim.listings[item.listing]
        category = listing.product.category
        window = bad_batch.get(item.listing)
        defective = window is not None and window[0] <= item.day < window[1]
        p_return = 0.32 if defective else (0.085 if category == "Clothing" else 0.028)
        if item.fba and rng.random() < p_return:
            at = item.shipped_at + timedelta(
                days=float(rng.uniform(4, 16) if defective else rng.uniform(5, 28))
            )
            if at <= end:
                if defective:
                    reason = str(rng.choice(("DEFECTIVE", "QUALITY_UNACCEPTABLE")))
                    disposition = "DEFECTIVE"
                    comment = str(
                        rng.choice(("Stopped working after two days", "Cheap material, seam came apart", ""))
                    )
                else:
                    reasons = _REASONS["Clothing" if category == "Clothing" else "default"]
                    reason = str(rng.choice(reasons))
                    disposition = str(
                        rng.choice(
                            ("SELLABLE", "SELLABLE", "SELLABLE", "CUSTOMER_DAMAGED", "CARRIER_DAMAGED")
                        )
                    )
                    comment = ""
                lpn = "LPN" + "".join(rng.choice(list("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"), size=9))
                result.returns.append(
                    ReturnItem(
                        item,
                        at,
                        1,
                        centres[int(rng.integers(len(centres)))],
                        disposition,
                        reason,
                        lpn,
                        comment,
                    )
                )
        p_negative = 0.07 if defective else (0.06 if item.late else 0.0035)
        if rng.random() < p_negative:
            local_day = (item.shipped_at + timedelta(days=float(rng.uniform(3, 12)))).astimezone(
                ZoneInfo(sim.market.time_zone)
            )
            if local_day <= end:
                if defective:
                    rating, comment = (
                        int(rng.choice((1, 2))),
                        "Broke within days. Poor quality, would not buy again.",
                    )
                elif item.late:
                    rating, comment = (
                        int(rng.choice((1, 2))),
                        "Shipped days late and no update from the seller.",
                    )
                else:
                    rating, comment = _COMPLAINTS[int(rng.integers(len(_COMPLAINTS)))]
                result.feedback.append(Feedback(item, local_day.date(), rating, comment))
    _claims(rng, result, end)


def _claims(rng: np.random.Generator, result: MarketOrders, end: datetime) -> None:
    """A few A-to-z claims (mostly late merchant orders) and one chargeback, spread over the history."""
    shipped = [o for o in result.items if o.status == "Shipped"]
    if not shipped:
        return
    late = [o for o in shipped if o.late]
    mfn = [o for o in shipped if not o.fba]
    picks = []
    if late:
        picks += [late[int(k)] for k in sorted(rng.choice(len(late), size=min(2, len(late)), replace=False))]
    if mfn:
        picks += [mfn[int(k)] for k in sorted(rng.choice(len(mfn), size=min(2, len(mfn)), replace=False))]
    picks.append(shipped[int(rng.integers(len(shipped)))])
    for k, order in enumerate(picks):
        assert order.shipped_at is not None
        at = order.shipped_at + timedelta(days=float(rng.uniform(9, 20)))
        kind = "Chargeback Refund" if k == len(picks) - 1 else "A-to-z Guarantee Claim"
        if at <= end and all(c.order is not order for c in result.claims):
            result.claims.append(Claim(order, kind, at))
