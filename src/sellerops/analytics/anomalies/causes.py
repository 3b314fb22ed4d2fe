"""Why a SKU's sales moved: the evidence in stock, listing, buy box, price, promotions, after-sales and ads, checked
in the order a seller's operator checks them (the seeds' path: stock first, then the listing, price, reviews, ads).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from sellerops.analytics.anomalies.decompose import Factors
from sellerops.analytics.anomalies.models import KnownEvent, MoveEvidence
from sellerops.analytics.anomalies.series import Campaigns, Panel
from sellerops.core.process import ProcessNode

BUY_BOX_DROP = 0.15  # absolute fall of the buy-box share that counts as a lost buy box
PRICE_STEP = 0.05  # relative price change that counts as a price move
PROMOTED_SHARE = 0.2  # share of order lines carrying a promotion for a day to count as promoted
LOOKBACK = 14  # days before a move in which its cause may have started (defects show in returns late)


@dataclass(frozen=True)
class Cause:
    key: str
    node: ProcessNode
    evidence: tuple[MoveEvidence, ...]
    known_event: str | None = None


def dec(value: float, places: int = 2) -> Decimal:
    return Decimal(str(round(float(value), places)))


def pct(value: float) -> Decimal:
    return dec(100 * value, 1)


def _nanmean(values: np.ndarray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)
        return float(np.nanmean(values)) if values.size else float("nan")


def _nanmedian(values: np.ndarray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)
        return float(np.nanmedian(values)) if values.size else float("nan")


def _stock(p: Panel, i: int, a: int, b: int) -> Cause | None:
    during = p.fulfillable[i, a : b + 1]
    if not np.isfinite(during).any():
        return None  # merchant-fulfilled, or no FBA report: stock is not the seller's visible problem here
    empty = int(np.sum(during <= 0))
    before = _nanmedian(p.fulfillable[i, max(0, a - 28) : a])
    daily = max(_nanmean(p.units[i, max(0, a - 28) : a]), 0.1)
    low = int(np.sum((during > 0) & (during < 3 * daily)))
    if empty * 3 < len(during) and (empty + low) * 2 < len(during):
        return None
    key = "out_of_stock" if empty * 3 >= len(during) else "low_stock"
    inbound = p.inbound[i, a]
    evidence = (
        MoveEvidence("days_out_of_stock", empty, 0, "days"),
        MoveEvidence(
            "fulfillable_quantity", int(np.nanmin(during)), int(before) if np.isfinite(before) else None
        ),
        MoveEvidence("inbound_quantity", int(inbound) if np.isfinite(inbound) else None),
    )
    return Cause(key, "inventory/fulfilment", evidence)


def _listing(p: Panel, i: int, a: int, b: int) -> Cause | None:
    inactive = p.listing_inactive[i, max(0, a - 6) : b + 1]
    if not inactive.any():
        return None
    snapshots = int(inactive.sum())
    return Cause(
        "listing_suppressed", "listing/content", (MoveEvidence("inactive_listing_snapshots", snapshots, 0),)
    )


def _buy_box(p: Panel, i: int, a: int, b: int) -> Cause | None:
    now = _nanmean(p.buy_box[i, a : b + 1])
    before = _nanmedian(p.buy_box[i, max(0, a - 35) : max(0, a - 7)])
    if not (np.isfinite(now) and np.isfinite(before)) or before - now < BUY_BOX_DROP:
        return None
    return Cause(
        "buy_box_lost", "price/promotion", (MoveEvidence("buy_box_percentage", pct(now), pct(before), "%"),)
    )


def _promoted(p: Panel, i: int, a: int, b: int) -> tuple[float, str | None]:
    lines = p.order_lines[i, a : b + 1].sum()
    share = float(p.promo_lines[i, a : b + 1].sum() / lines) if lines else 0.0
    ids = [p.promo_ids[(i, t)] for t in range(a, b + 1) if (i, t) in p.promo_ids]
    return share, (max(set(ids), key=ids.count) if ids else None)


def _price(p: Panel, i: int, a: int, b: int, factors: Factors, usual: float) -> Cause | None:
    p0, p1 = factors.price
    if p0 <= 0 or p1 < p0 * (1 + PRICE_STEP):
        return None
    evidence = (MoveEvidence("average_price", dec(p1), dec(p0), p.currency),)
    if np.isfinite(usual) and p1 < usual * (1 + PRICE_STEP):
        # Back at its usual price after a cheaper spell: a promotion or price cut ended.
        _share, promo = _promoted(p, i, max(0, a - LOOKBACK), a - 1)
        return Cause("promotion_ended", "price/promotion", evidence, promo)
    usual_figure = dec(usual) if np.isfinite(usual) else None
    return Cause(
        "price_rise",
        "price/promotion",
        (*evidence, MoveEvidence("usual_price", usual_figure, None, p.currency)),
    )


def _after_sales(p: Panel, i: int, a: int, b: int) -> Cause | None:
    lo = max(0, a - LOOKBACK)
    defects = float(p.defect_returns[i, lo : b + 1].sum())
    negative = float(p.negative_feedback[i, lo : b + 1].sum())
    span = b + 1 - lo
    history = slice(max(0, lo - 90), lo)
    days_known = max(history.stop - history.start, 1)
    usual = (p.defect_returns[i, history].sum() + p.negative_feedback[i, history].sum()) / days_known * span
    if defects + negative < 3 or defects + negative < 3 * usual + 1:
        return None
    return Cause(
        "negative_feedback",
        "reviews/after-sales",
        (
            MoveEvidence("defect_returns", int(defects), None),
            MoveEvidence("negative_feedback", int(negative), None),
            MoveEvidence("usual_defects_and_negative_feedback", dec(usual, 1)),
        ),
    )


def _late(p: Panel, i: int, a: int, b: int) -> Cause | None:
    lo = max(0, a - 7)
    late, shipped = p.mfn_late[i, lo : b + 1].sum(), p.mfn_shipped[i, lo : b + 1].sum()
    if late < 3 or late < 0.3 * shipped:
        return None
    return Cause(
        "late_shipments",
        "account-health",
        (MoveEvidence("late_shipments", int(late), None), MoveEvidence("merchant_shipments", int(shipped))),
    )


def _ads(campaigns: Campaigns | None, sku: str, a: int, b: int) -> MoveEvidence | None:
    """The SKU's campaigns' spend during the move against the four weeks before it."""
    if campaigns is None:
        return None
    rows = [k for k, skus in enumerate(campaigns.skus) if sku in skus]
    if not rows:
        return None
    now = float(np.nansum(campaigns.spend[rows, a : b + 1])) / (b + 1 - a)
    earlier = campaigns.spend[rows, max(0, a - 35) : max(0, a - 7)]
    covered = int(np.isfinite(earlier).any(axis=0).sum())  # days the reports cover
    before = float(np.nansum(earlier)) / max(1, covered)
    return MoveEvidence("ad_spend_per_day", dec(now), dec(before), campaigns.currency)


def explain_sales_move(
    p: Panel,
    i: int,
    a: int,
    b: int,
    *,
    direction: str,
    factors: Factors,
    usual_price: float,
    campaigns: Campaigns | None,
    events: Sequence[KnownEvent],
) -> Cause:
    """The first cause the data supports, in the order an operator checks them; unexplained when none does."""
    sku = p.skus[i]
    ads = _ads(campaigns, sku, a, b)
    ad_changed = ads is not None and isinstance(ads.baseline, Decimal) and isinstance(ads.value, Decimal)
    t_share = factors.shares.sessions if factors.shares else Decimal(0)
    if direction == "down":
        for check in (_stock, _listing, _late, _after_sales, _buy_box):
            found = check(p, i, a, b)
            if found:
                return found
        priced = _price(p, i, a, b, factors, usual_price)
        if priced:
            return priced
        share, promo = _promoted(p, i, max(0, a - LOOKBACK), a - 1)
        now_share, _ = _promoted(p, i, a, b)
        if share >= PROMOTED_SHARE and now_share < share / 2:
            return Cause(
                "promotion_ended",
                "price/promotion",
                (MoveEvidence("promoted_order_share", pct(now_share), pct(share), "%"),),
                promo,
            )
        if t_share >= Decimal("0.5"):
            if ad_changed and ads and ads.value < ads.baseline * Decimal("0.7"):  # type: ignore[operator]
                return Cause("ad_traffic_fall", "traffic/ads", (ads,))
            return Cause("traffic_fall_unexplained", "traffic/ads", (ads,) if ads else ())
        return Cause("conversion_fall_unexplained", "listing/content", ())
    day0, day1 = p.days[a], p.days[b]
    for event in events:
        if event.covers(p.marketplace, sku, day0, day1):
            key = "shopping_event" if event.kind == "shopping_event" else "promotion"
            return Cause(key, "price/promotion", (), event.name)
    share, promo = _promoted(p, i, a, b)
    if share >= PROMOTED_SHARE:
        return Cause(
            "promotion",
            "price/promotion",
            (MoveEvidence("promoted_order_share", pct(share), None, "%"),),
            promo,
        )
    p0, p1 = factors.price
    if p0 > 0 and p1 <= p0 * (1 - PRICE_STEP):
        return Cause(
            "price_cut", "price/promotion", (MoveEvidence("average_price", dec(p1), dec(p0), p.currency),)
        )
    if t_share >= Decimal("0.5") and ad_changed and ads and ads.value > ads.baseline * Decimal("1.3"):  # type: ignore[operator]
        return Cause("ad_traffic_rise", "traffic/ads", (ads,))
    node: ProcessNode = "traffic/ads" if t_share >= Decimal("0.5") else "listing/content"
    return Cause("sales_rise_unexplained", node, (ads,) if ads else ())
