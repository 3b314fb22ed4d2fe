"""Settlement report V2 flat file (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2, 24 columns), every 14 days.

One row per money component of each shipped order item, refund, claim and fee; the summary row comes
first and its total equals the sum of the rows below it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np

from sellerops.demo.ads import AdSim
from sellerops.demo.orders import MarketOrders, OrderItem
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, utc_words

HEADER = (
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
    "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
    "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
    "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
    "promotion-id",
)  # fmt: skip
REFERRAL_RATE = Decimal("0.15")
CENT = Decimal("0.01")
_SUBSCRIPTION = {"USD": Decimal("39.99"), "GBP": Decimal("25.00"), "EUR": Decimal("39.00")}
_POSTED = {"US": "%Y-%m-%d", "UK": "%d/%m/%Y"}  # others: DD.MM.YYYY, as European Seller Central writes it

Line = tuple[str, str, str, str, str, str, Decimal, str, datetime, str, str, object, str]


def _d(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _order_lines(item: OrderItem, sim: MarketSim) -> list[Line]:
    listing = sim.listings[item.listing]
    assert item.shipped_at is not None
    line = _d(item.unit_price * item.quantity)
    discount = _d(item.discount)
    fulfilment = "AFN" if item.fba else "MFN"
    shipment = "D" + item.item_code[-9:] if item.fba else ""
    common = ("Order", item.order_id, "", shipment)
    out: list[Line] = [
        (
            *common,
            "ItemPrice",
            "Principal",
            line,
            fulfilment,
            item.shipped_at,
            item.item_code,
            listing.sku,
            item.quantity,
            "",
        )
    ]
    if discount:
        out.append(
            (
                *common,
                "Promotion",
                "Principal",
                -discount,
                fulfilment,
                item.shipped_at,
                item.item_code,
                listing.sku,
                "",
                item.promotion,
            )
        )
    commission = ((line - discount) * REFERRAL_RATE).quantize(CENT)
    out.append(
        (
            *common,
            "ItemFees",
            "Commission",
            -commission,
            fulfilment,
            item.shipped_at,
            item.item_code,
            listing.sku,
            "",
            "",
        )
    )
    if item.fba:
        fee = (listing.fba_fee * item.quantity).quantize(CENT)
        out.append(
            (
                *common,
                "ItemFees",
                "FBAPerUnitFulfillmentFee",
                -fee,
                fulfilment,
                item.shipped_at,
                item.item_code,
                listing.sku,
                "",
                "",
            )
        )
    return out  # fmt: skip


def _refund_lines(
    kind: str, item: OrderItem, at: datetime, quantity: int, sim: MarketSim, key: str
) -> list[Line]:
    listing = sim.listings[item.listing]
    principal = _d(item.unit_price * quantity)
    commission = (principal * REFERRAL_RATE).quantize(CENT)
    refund_fee = min((commission * Decimal("0.2")).quantize(CENT), Decimal("5.00"))
    fulfilment = "AFN" if item.fba else "MFN"
    common = (kind, item.order_id, "", key)
    rows: list[Line] = [
        (
            *common[:3],
            key,
            "ItemPrice",
            "Principal",
            -principal,
            fulfilment,
            at,
            item.item_code,
            listing.sku,
            quantity,
            "",
        ),
        (
            *common[:3],
            key,
            "ItemFees",
            "Commission",
            commission,
            fulfilment,
            at,
            item.item_code,
            listing.sku,
            "",
            "",
        ),
    ]
    if kind == "Refund":
        rows.append(
            (
                *common[:3],
                key,
                "ItemFees",
                "RefundCommission",
                -refund_fee,
                fulfilment,
                at,
                item.item_code,
                listing.sku,
                "",
                "",
            )
        )
    return rows  # fmt: skip


def write_settlements(out: Output, sim: MarketSim, orders: MarketOrders, ads: AdSim) -> None:
    market = sim.market
    zone = ZoneInfo(market.time_zone)
    start = datetime.combine(sim.days[0], time(8, 0), UTC)
    history_end = datetime.combine(sim.days[-1], time(23, 59, 59), zone).astimezone(UTC)
    pattern = _POSTED.get(market.country, "%d.%m.%Y")
    events: list[tuple[datetime, list[Line]]] = []
    for item in orders.items:
        if item.status == "Shipped" and item.shipped_at is not None:
            events.append((item.shipped_at, _order_lines(item, sim)))
    for r in orders.returns:
        key = "R" + r.lpn[3:]
        events.append((r.returned_at, _refund_lines("Refund", r.order, r.returned_at, r.quantity, sim, key)))
    for c in orders.claims:
        key = ("AZ" if c.kind.startswith("A-to-z") else "CB") + c.order.item_code[-8:]
        events.append((c.at, _refund_lines(c.kind, c.order, c.at, c.order.quantity, sim, key)))
    daily_spend = ads.spend.sum(axis=0)
    number = 10_000_000_000 + sum(map(ord, market.code)) * 1_000_000
    events.sort(key=lambda e: e[0])
    cursor = 0
    while start + timedelta(days=14) <= history_end:
        end = start + timedelta(days=14)
        lines: list[Line] = []
        while cursor < len(events) and events[cursor][0] < end:
            if events[cursor][0] >= start:
                lines.extend(events[cursor][1])
            cursor += 1
        lines.extend(_fees(sim, start, end, daily_spend, zone))
        number += 1
        _write_one(out, sim, str(number), start, end, lines, pattern, zone)
        start = end


def _fees(
    sim: MarketSim, start: datetime, end: datetime, daily_spend: np.ndarray, zone: ZoneInfo
) -> list[Line]:
    """The monthly subscription, advertising charged from the balance, and monthly storage."""
    out: list[Line] = []
    posted = end - timedelta(hours=3)
    first = start.astimezone(zone).date()
    last = (end - timedelta(seconds=1)).astimezone(zone).date()
    k = [t for t, day in enumerate(sim.days) if first <= day <= last]
    if k:
        spend = _d(float(daily_spend[k].sum()))
        out.append(
            (
                "ServiceFee",
                "",
                "",
                "",
                "Cost of Advertising",
                "TransactionTotalAmount",
                -spend,
                "",
                posted,
                "",
                "",
                "",
                "",
            )
        )
    for t in k:
        day = sim.days[t]
        if day.day == 1:
            fee = _SUBSCRIPTION.get(sim.market.currency, Decimal("39.00"))
            out.append(
                (
                    "Subscription Fee",
                    "",
                    "",
                    "",
                    "other-transaction",
                    "Subscription Fee",
                    -fee,
                    "",
                    posted,
                    "",
                    "",
                    "",
                    "",
                )
            )
        if day.day == 7 and t > 0:
            volume = sum(
                float(sim.stock.fulfillable[i, t - 1] + sim.stock.reserved[i, t - 1])
                * max(0.02, x.product.weight_kg * 0.09)
                for i, x in enumerate(sim.listings)
                if x.fba
            )
            out.append(
                (
                    "Storage Fee",
                    "",
                    "",
                    "",
                    "other-transaction",
                    "Storage Fee",
                    -_d(volume * 0.78),
                    "",
                    posted,
                    "",
                    "",
                    "",
                    "",
                )
            )
    return out  # fmt: skip


def _write_one(
    out: Output, sim: MarketSim, settlement_id: str, start: datetime, end: datetime, lines: list[Line],
    pattern: str, zone: ZoneInfo,
) -> None:  # fmt: skip
    market = sim.market
    total = sum((line[6] for line in lines), Decimal("0.00"))
    deposit = end + timedelta(days=2)
    summary: list[object] = [
        settlement_id,
        utc_words(start),
        utc_words(end),
        utc_words(deposit),
        f"{total:.2f}",
    ]
    rows: list[list[object]] = [[*summary, market.currency, *[""] * 18]]
    stamps: dict[datetime, tuple[str, str]] = {}  # the rows of one item share one timestamp
    for (
        kind,
        order_id,
        _,
        adjustment_or_shipment,
        amount_type,
        description,
        amount,
        fulfilment,
        at,
        code,
        sku,
        qty,
        promo,
    ) in lines:
        if at not in stamps:
            stamps[at] = (at.astimezone(zone).strftime(pattern), utc_words(at))
        posted_date, posted_at = stamps[at]
        is_adjustment = (
            kind not in ("Order",) and adjustment_or_shipment and not adjustment_or_shipment.startswith("D")
        )
        rows.append([
            settlement_id, "", "", "", "", "", kind, order_id, "",
            adjustment_or_shipment if is_adjustment else "", "" if is_adjustment else adjustment_or_shipment,
            market.domain, amount_type, description, f"{amount:.2f}", fulfilment,
            posted_date, posted_at, code, "", "", sku, qty, promo,
        ])  # fmt: skip
    name = f"Settlement-{settlement_id}.txt"
    out.tsv(out.path(market.code, "settlements", name), "settlement", HEADER, rows)
