"""`detect_moves`: every significant move of a seller's SKUs on the asked days, with its cause and evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ibis import _

from sellerops.analytics.anomalies.baseline import LAG, WINDOW
from sellerops.analytics.anomalies.campaign_series import load_campaigns
from sellerops.analytics.anomalies.models import ExplainedMove, KnownEvent
from sellerops.analytics.anomalies.sales import USUAL_PRICE_WINDOW, Thresholds, sales_moves
from sellerops.analytics.anomalies.signals import ad_moves, feedback_moves, late_moves
from sellerops.analytics.anomalies.store import PanelStore

# Which cause speaks for a SKU when several moves of it overlap: the root of the chain first (a stock-out lowers
# sessions and the buy box; late shipments bring negative feedback; both drop sales).
CAUSE_RANK = (
    "out_of_stock", "listing_suppressed", "late_shipments", "negative_feedback", "buy_box_lost", "price_rise",
    "price_above_usual", "low_stock", "ad_spend_spike", "out_of_budget", "ad_traffic_fall", "promotion_ended",
    "promotion", "price_cut", "shopping_event", "ad_traffic_rise", "traffic_fall_unexplained",
    "conversion_fall_unexplained", "sales_rise_unexplained",
)  # fmt: skip
MERGE_GAP = dt.timedelta(days=7)  # negative feedback comes a week after the late shipment behind it


def detect_moves(
    tables: Mapping[str, Any],
    *,
    as_of: dt.date,
    days: int = 1,
    events: Sequence[KnownEvent] = (),
    min_units_per_day: float = 2.0,
    min_change: float = 0.3,
    z: float = 4.0,
    z_with_cause: float = 2.5,
    z_rise_unexplained: float = 5.0,
    store: PanelStore | None = None,
) -> list[ExplainedMove]:
    """Moves that show on the days as_of-days+1 .. as_of, strongest first.

    `tables` maps warehouse table names to Ibis tables (sales_traffic is required; the others — inventory_snapshot,
    listing, order_line, order_header, return_line, seller_feedback, ad_performance, ad_entity, promotion,
    product — add evidence when present). `events` are known shopping events and promotions beside those of the
    promotion table. A SKU whose baseline sells under `min_units_per_day` is not judged; a sales move needs a
    change of at least `min_change` and `z` standard errors. A `store` shared with `conversion_below_category`
    reads the daily panels once for both."""
    first_day = as_of - dt.timedelta(days=days - 1)
    start = first_day - dt.timedelta(days=WINDOW + LAG + USUAL_PRICE_WINDOW)
    panels = (store or PanelStore(tables)).panels(start=start, end=as_of)
    campaigns = load_campaigns(tables, start=start, end=as_of)
    known = (*events, *promotions(tables, start=start, end=as_of))
    first, last = (first_day - start).days, (as_of - start).days
    limits = Thresholds(min_units_per_day, min_change, z, z_with_cause, z_rise_unexplained)
    moves: list[ExplainedMove] = []
    for market, panel in panels.items():
        found = [
            *sales_moves(
                panel, first=first, last=last, limits=limits, campaigns=campaigns.get(market), events=known
            ),
            *late_moves(panel, first=first, last=last),
            *feedback_moves(panel, first=first, last=last, z=z),
        ]
        moves += merge_overlapping(found)
    for market, campaign in campaigns.items():
        moves += ad_moves(campaign, panels.get(market), first=first, last=last, z=z)
    return sorted(moves, key=lambda m: (-m.score, m.marketplace, m.sku or "", m.start_date, m.cause))


def merge_overlapping(moves: list[ExplainedMove]) -> list[ExplainedMove]:
    """One move per SKU and stretch of days: overlapping moves of a SKU become the one with the root cause, its
    days widened to cover them all and their evidence added. Explained moves merge only with explained ones."""
    rank = {cause: k for k, cause in enumerate(CAUSE_RANK)}
    merged: list[ExplainedMove] = []
    ordered = sorted(moves, key=lambda m: (m.marketplace, m.sku or "", m.explained, m.start_date))
    for move in ordered:
        last = merged[-1] if merged else None
        if (
            last is not None
            and (last.marketplace, last.sku, last.explained) == (move.marketplace, move.sku, move.explained)
            and move.start_date <= last.end_date + MERGE_GAP
        ):
            root, other = (
                (last, move) if rank.get(last.cause, 99) <= rank.get(move.cause, 99) else (move, last)
            )
            names = {e.name for e in root.evidence}
            merged[-1] = replace(
                root,
                start_date=min(last.start_date, move.start_date),
                end_date=max(last.end_date, move.end_date),
                evidence=(*root.evidence, *(e for e in other.evidence if e.name not in names)),
                money_at_stake=root.money_at_stake or other.money_at_stake,
                score=max(last.score, move.score),
                shares=root.shares or other.shares,
            )
            continue
        merged.append(move)
    return merged


def promotions(tables: Mapping[str, Any], *, start: dt.date, end: dt.date) -> list[KnownEvent]:
    """The promotion table's promotions that overlap start..end, as known events (dates in UTC)."""
    table = tables.get("promotion")
    if table is None:
        return []
    kept = table.filter(
        _.start_at.notnull() & (_.start_at.date() <= end) & (_.end_at.isnull() | (_.end_at.date() >= start))
    )
    rows = (
        kept.select(
            "marketplace",
            "promotion_id",
            "sku",
            "promotion_type",
            first=_.start_at.date(),
            last=_.end_at.date(),
        )
        .to_pyarrow()
        .to_pylist()
    )
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        grouped.setdefault((r["marketplace"], r["promotion_id"]), []).append(r)
    return [
        KnownEvent(
            name=pid,
            kind=(group[0]["promotion_type"] or "promotion"),
            start_date=group[0]["first"],
            end_date=group[0]["last"] or end,
            marketplace=market,
            skus=tuple(sorted({g["sku"] for g in group})),
        )
        for (market, pid), group in sorted(grouped.items())
    ]


def product_categories(tables: Mapping[str, Any]) -> dict[str, str]:
    """SKU → category from the product master, where one is kept."""
    table = tables.get("product")
    if table is None:
        return {}
    rows = table.filter(_.category.notnull()).select("sku", "category").to_pyarrow().to_pylist()
    return {r["sku"]: r["category"] for r in rows}
