"""The daily series anomaly detection reads, per marketplace, SKU and day, pulled from the warehouse in one pass.

Each warehouse table is filtered to the days needed, aggregated per marketplace, SKU (or campaign) and day by the
engine, and fetched once; everything after that is array arithmetic, so a 60-day window costs one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import ibis
import numpy as np
from ibis import _

# Return reasons that say the product itself is at fault (a quality problem, not a change of mind).
DEFECT_REASONS = ("DEFECTIVE", "QUALITY_UNACCEPTABLE", "NOT_AS_DESCRIBED", "DAMAGED_BY_FC", "MISSING_PARTS")
# Without a ship-by time in the data, an order counts as shipped late after this many hours (2 days' handling plus
# the rest of the purchase day, Amazon's default for merchant-fulfilled offers).
DEFAULT_SHIP_BY_HOURS = 72
# Ads report grains that carry the campaign, best first (the campaign report also carries the daily budget).
CAMPAIGN_GRAINS = ("campaign", "search_term", "targeting", "advertised_product", "bulk_search_term")


@dataclass
class Panel:
    """One marketplace's SKUs (rows) by days (columns). Missing days are NaN in the float arrays."""

    marketplace: str
    currency: str
    days: list[dt.date]
    skus: list[str]
    parent_asin: list[str | None]
    sessions: np.ndarray
    units: np.ndarray
    sales: np.ndarray
    buy_box: np.ndarray
    fulfillable: np.ndarray  # NaN where no FBA snapshot (merchant-fulfilled, or no report that day)
    inbound: np.ndarray
    listing_inactive: np.ndarray  # True on a snapshot day whose listing status was not active
    listing_price: np.ndarray
    order_lines: np.ndarray
    promo_lines: np.ndarray
    mfn_shipped: np.ndarray
    mfn_late: np.ndarray
    mfn_lag_hours: np.ndarray  # mean hours from purchase to shipment of merchant orders shipped that day
    defect_returns: np.ndarray
    negative_feedback: np.ndarray
    promo_ids: dict[tuple[int, int], str] = field(default_factory=dict)

    def index(self, day: dt.date) -> int:
        return (day - self.days[0]).days


@dataclass
class Campaigns:
    """One marketplace's campaigns (rows) by days (columns), and the SKUs each one advertises."""

    marketplace: str
    currency: str
    days: list[dt.date]
    names: list[str]
    spend: np.ndarray
    sales: np.ndarray
    clicks: np.ndarray
    impressions: np.ndarray
    budget: np.ndarray  # NaN where the report gives no budget
    skus: list[tuple[str, ...]]


def _rows(expr: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    return rows


def _grid(panels: Mapping[str, Panel], fill: float = np.nan) -> dict[str, np.ndarray]:
    return {m: np.full((len(p.skus), len(p.days)), fill) for m, p in panels.items()}


def load_panels(tables: Mapping[str, Any], *, start: dt.date, end: dt.date) -> dict[str, Panel]:
    """Every marketplace's daily SKU series for start..end from sales_traffic and the tables that explain it."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    traffic = tables["sales_traffic"]
    daily = traffic.filter((_.period_from == _.period_to) & (_.period_from >= start) & (_.period_from <= end))
    rows = _rows(
        daily.group_by(["marketplace", "sku", "period_from"]).aggregate(
            parent_asin=_.parent_asin.max(),
            currency=_.currency.max(),
            sessions=_.sessions.max(),
            units=_.units_ordered.sum(),
            sales=_.ordered_sales.sum().cast("float64"),
            buy_box=_.buy_box_ratio.mean().cast("float64"),
        )
    )
    shapes: dict[str, dict[str, Any]] = {}
    for r in rows:
        s = shapes.setdefault(r["marketplace"], {"skus": {}, "currency": r["currency"], "days": set()})
        s["skus"].setdefault(r["sku"], r["parent_asin"])
        s["days"].add(r["period_from"])
    panels: dict[str, Panel] = {}
    for market, s in sorted(shapes.items()):
        skus = sorted(s["skus"])
        n, d = len(skus), len(days)
        seen = np.array([day in s["days"] for day in days])
        zero = np.where(seen, 0.0, np.nan)[None, :].repeat(n, axis=0)
        unknown, counts = np.full((n, d), np.nan), np.zeros((n, d))
        panels[market] = Panel(
            market, s["currency"], days, skus, [s["skus"][k] for k in skus],
            sessions=zero.copy(), units=zero.copy(), sales=zero.copy(), buy_box=unknown.copy(),
            fulfillable=unknown.copy(), inbound=unknown.copy(), listing_inactive=np.zeros((n, d), dtype=bool),
            listing_price=unknown.copy(), order_lines=counts.copy(), promo_lines=counts.copy(),
            mfn_shipped=counts.copy(), mfn_late=counts.copy(), mfn_lag_hours=counts.copy(),
            defect_returns=counts.copy(), negative_feedback=counts.copy(),
        )  # fmt: skip
    where = {m: {sku: i for i, sku in enumerate(p.skus)} for m, p in panels.items()}

    def cell(market: str, sku: str | None, day: dt.date) -> tuple[Panel, int, int] | None:
        panel = panels.get(market)
        i = where.get(market, {}).get(sku or "")
        if panel is None or i is None or not start <= day <= end:
            return None
        return panel, i, (day - start).days

    for r in rows:
        found = cell(r["marketplace"], r["sku"], r["period_from"])
        if found:
            p, i, t = found
            p.sessions[i, t], p.units[i, t], p.sales[i, t] = (
                r["sessions"] or 0,
                r["units"] or 0,
                r["sales"] or 0,
            )
            p.buy_box[i, t] = np.nan if r["buy_box"] is None else r["buy_box"]
    _load_stock(tables, cell, start, end)
    _load_listings(tables, cell, start, end)
    _load_orders(tables, cell, start, end)
    _load_after_sales(tables, cell, start, end)
    return panels


def _load_stock(tables: Mapping[str, Any], cell: Any, start: dt.date, end: dt.date) -> None:
    stock = tables.get("inventory_snapshot")
    if stock is None:
        return
    kept = stock.filter((_.snapshot_date >= start) & (_.snapshot_date <= end))
    # The last snapshot of the day per warehouse, then summed over warehouses.
    latest = kept.group_by(["marketplace", "sku", "snapshot_date", "warehouse"]).aggregate(
        fulfillable=_.fulfillable.argmax(_.snapshot_at),
        inbound=(
            _.inbound_working.fill_null(0) + _.inbound_shipped.fill_null(0) + _.inbound_receiving.fill_null(0)
        ).argmax(_.snapshot_at),
    )
    per_day = latest.group_by(["marketplace", "sku", "snapshot_date"]).aggregate(
        fulfillable=_.fulfillable.sum(), inbound=_.inbound.sum()
    )
    for r in _rows(per_day):
        found = cell(r["marketplace"], r["sku"], r["snapshot_date"])
        if found:
            p, i, t = found
            p.fulfillable[i, t], p.inbound[i, t] = r["fulfillable"] or 0, r["inbound"] or 0


def _load_listings(tables: Mapping[str, Any], cell: Any, start: dt.date, end: dt.date) -> None:
    listing = tables.get("listing")
    if listing is None:
        return
    kept = listing.filter((_.snapshot_date >= start) & (_.snapshot_date <= end)).select(
        "marketplace", "sku", "snapshot_date", "status", price=_.price.cast("float64")
    )
    for r in _rows(kept):
        found = cell(r["marketplace"], r["sku"], r["snapshot_date"])
        if found:
            p, i, t = found
            status = (r["status"] or "").strip().lower()
            p.listing_inactive[i, t] = bool(status) and status != "active"
            p.listing_price[i, t] = np.nan if r["price"] is None else r["price"]


def _load_orders(tables: Mapping[str, Any], cell: Any, start: dt.date, end: dt.date) -> None:
    lines = tables.get("order_line")
    if lines is None:
        return
    # Orders placed up to a week before `start` still ship inside the range.
    kept = lines.filter((_.purchase_date >= start - dt.timedelta(days=7)) & (_.purchase_date <= end))
    promoted = (_.promotion_ids.fill_null("").strip() != "") | (
        _.item_promotion_discount.fill_null(0).abs() > 0
    )
    placed = kept.filter((_.order_status.lower() != "cancelled") & (_.purchase_date >= start))
    per_day = placed.group_by(["marketplace", "sku", "purchase_date"]).aggregate(
        lines=_.count(),
        promo_lines=promoted.sum(),
        promo_id=_.promotion_ids.max(),
    )
    for r in _rows(per_day):
        found = cell(r["marketplace"], r["sku"], r["purchase_date"])
        if found:
            p, i, t = found
            p.order_lines[i, t], p.promo_lines[i, t] = r["lines"], r["promo_lines"] or 0
            if r["promo_id"]:
                p.promo_ids[(i, t)] = r["promo_id"]
    headers = tables.get("order_header")
    merchant = kept.filter(
        _.fulfillment_channel.lower().isin(("merchant", "mfn", "default"))
        & (_.order_status.lower() == "shipped")
    )
    if headers is not None:
        h = headers.select(
            h_market=_.marketplace, h_order=_.order_id, h_shipped=_.shipped_at, h_ship_by=_.latest_ship_at
        )
        merchant = merchant.left_join(h, [merchant.marketplace == h.h_market, merchant.order_id == h.h_order])
        shipped_at = merchant.h_shipped.fill_null(merchant.last_updated_at)
        ship_by = merchant.h_ship_by.fill_null(
            merchant.purchase_at + ibis.interval(hours=DEFAULT_SHIP_BY_HOURS)
        )
    else:
        shipped_at = merchant.last_updated_at
        ship_by = merchant.purchase_at + ibis.interval(hours=DEFAULT_SHIP_BY_HOURS)
    shipments = merchant.mutate(shipped_at=shipped_at, ship_by=ship_by).filter(_.shipped_at.notnull())
    shipments = shipments.mutate(
        lag_hours=(_.shipped_at.epoch_seconds() - _.purchase_at.epoch_seconds()).cast("float64") / 3600.0,
        late=(_.shipped_at > _.ship_by).cast("int64"),
    )
    # Attributed to the purchase day: the streak is in the orders that missed their ship-by.
    per_ship = shipments.group_by(["marketplace", "sku", "purchase_date"]).aggregate(
        shipped=_.count(), late=_.late.sum(), lag=_.lag_hours.mean()
    )
    for r in _rows(per_ship):
        found = cell(r["marketplace"], r["sku"], r["purchase_date"])
        if found:
            p, i, t = found
            p.mfn_shipped[i, t], p.mfn_late[i, t], p.mfn_lag_hours[i, t] = (
                r["shipped"],
                r["late"],
                r["lag"] or 0,
            )


def _load_after_sales(tables: Mapping[str, Any], cell: Any, start: dt.date, end: dt.date) -> None:
    returns = tables.get("return_line")
    if returns is not None:
        kept = returns.filter((_.return_date >= start) & (_.return_date <= end))
        per_day = kept.group_by(["marketplace", "sku", "return_date"]).aggregate(
            defects=(_.reason.upper().isin(DEFECT_REASONS).cast("int64") * _.quantity).sum()
        )
        for r in _rows(per_day):
            found = cell(r["marketplace"], r["sku"], r["return_date"])
            if found:
                p, i, t = found
                p.defect_returns[i, t] = r["defects"] or 0
    feedback, lines = tables.get("seller_feedback"), tables.get("order_line")
    if feedback is not None and lines is not None:
        bad = feedback.filter((_.feedback_date >= start) & (_.feedback_date <= end) & (_.rating <= 2))
        skus = lines.select(l_market=_.marketplace, l_order=_.order_id, sku=_.sku).distinct()
        joined = bad.join(skus, [bad.marketplace == skus.l_market, bad.order_id == skus.l_order])
        per_day = joined.group_by(["marketplace", "sku", "feedback_date"]).aggregate(negative=_.count())
        for r in _rows(per_day):
            found = cell(r["marketplace"], r["sku"], r["feedback_date"])
            if found:
                p, i, t = found
                p.negative_feedback[i, t] = r["negative"]


def load_campaigns(tables: Mapping[str, Any], *, start: dt.date, end: dt.date) -> dict[str, Campaigns]:
    """Every marketplace's daily campaign series (spend, attributed sales, clicks, budget) and advertised SKUs."""
    ads = tables.get("ad_performance")
    if ads is None:
        return {}
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    kept = ads.filter(
        (_.period_from == _.period_to)
        & (_.period_from >= start)
        & (_.period_from <= end)
        & _.report_type.isin(CAMPAIGN_GRAINS)
        & _.campaign_name.notnull()
    )
    grains = {
        (r["marketplace"], r["report_type"])
        for r in _rows(kept.select("marketplace", "report_type").distinct())
    }
    best = {}
    for market in sorted({m for m, _g in grains}):
        best[market] = next(g for g in CAMPAIGN_GRAINS if (market, g) in grains)
    if not best:
        return {}
    chosen = kept.filter(
        ibis.or_(*[(kept.marketplace == m) & (kept.report_type == g) for m, g in best.items()])
    )
    rows = _rows(
        chosen.group_by(["marketplace", "campaign_name", "period_from"]).aggregate(
            currency=_.currency.max(),
            spend=_.spend.sum().cast("float64"),
            sales=_.sales.sum().cast("float64"),
            clicks=_.clicks.sum(),
            impressions=_.impressions.sum(),
            budget=_.daily_budget.max().cast("float64"),
        )
    )
    advertised = _advertised_skus(tables, ads, start, end)
    result: dict[str, Campaigns] = {}
    names: dict[str, list[str]] = {}
    for r in rows:
        names.setdefault(r["marketplace"], []).append(r["campaign_name"])
    for market, found in names.items():
        unique = sorted(set(found))
        n, d = len(unique), len(days)
        currency = next(r["currency"] for r in rows if r["marketplace"] == market)
        result[market] = Campaigns(
            market, currency, days, unique, spend=np.zeros((n, d)), sales=np.zeros((n, d)),
            clicks=np.zeros((n, d)), impressions=np.zeros((n, d)), budget=np.full((n, d), np.nan),
            skus=[tuple(sorted(advertised.get((market, name), set()))) for name in unique],
        )  # fmt: skip
    index = {m: {name: k for k, name in enumerate(c.names)} for m, c in result.items()}
    for r in rows:
        c, k, t = (
            result[r["marketplace"]],
            index[r["marketplace"]][r["campaign_name"]],
            (r["period_from"] - start).days,
        )
        c.spend[k, t], c.sales[k, t] = r["spend"] or 0, r["sales"] or 0
        c.clicks[k, t], c.impressions[k, t] = r["clicks"] or 0, r["impressions"] or 0
        c.budget[k, t] = np.nan if r["budget"] is None else r["budget"]
    return result


def _advertised_skus(
    tables: Mapping[str, Any], ads: Any, start: dt.date, end: dt.date
) -> dict[tuple[str, str], set[str]]:
    """Campaign name → SKUs, from product-ad rows of bulk sheets and the advertised-product report."""
    found: dict[tuple[str, str], set[str]] = {}

    def named(t: Any, sku: Any) -> Any:
        return t.select(
            marketplace=t.marketplace.cast("string"),
            campaign_name=t.campaign_name.cast("string"),
            sku=sku.cast("string"),
        )

    product_rows = named(
        ads.filter(
            (_.report_type == "advertised_product") & _.advertised_sku.notnull() & _.campaign_name.notnull()
        ),
        ads.advertised_sku,
    )
    entities = tables.get("ad_entity")
    if entities is not None:
        # Product-ad rows of a bulk sheet name their campaign (the informational column) and the SKU advertised.
        rows = entities.filter(
            (_.entity.lower() == "product ad") & _.sku.notnull() & _.campaign_name.notnull()
        )
        product_rows = product_rows.union(named(rows, rows.sku))
    for r in _rows(product_rows.distinct()):
        found.setdefault((r["marketplace"], r["campaign_name"]), set()).add(r["sku"])
    return found
