"""The daily series anomaly detection reads, per marketplace, SKU and day, pulled from the warehouse in one pass.

Each warehouse table is filtered to the days needed, aggregated per marketplace, SKU (or campaign) and day by the
engine, and fetched once; everything after that is array arithmetic, so a 60-day window costs one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from ibis import _

from sellerops.analytics.anomalies.cells import Cells, codes, day_numbers, floats, last_per_cell, locate

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


@dataclass
class _Fill:
    """The panels being filled, and where each marketplace's SKUs sit in them."""

    panels: dict[str, Panel]
    where: dict[str, dict[str, int]]
    start: dt.date
    end: dt.date
    days: int

    def cells(
        self, table: pa.Table, day_column: str, *, every_row: bool = False
    ) -> Iterator[tuple[Panel, Cells]]:
        """The rows of `table` that land in a panel; of the rows sharing a cell, the last (as if written in turn)."""
        for found in locate(table, day_column, self.where, start=self.start, days=self.days):
            yield self.panels[found.market], found if every_row else last_per_cell(found, self.days)


def load_panels(tables: Mapping[str, Any], *, start: dt.date, end: dt.date) -> dict[str, Panel]:
    """Every marketplace's daily SKU series for start..end from sales_traffic and the tables that explain it."""
    return read_panels(tables, start=start, end=end)[0]


def read_panels(
    tables: Mapping[str, Any], *, start: dt.date, end: dt.date
) -> tuple[dict[str, Panel], dict[str, np.ndarray]]:
    """`load_panels`, and per marketplace which SKU-days had a sales_traffic row (what decides the SKUs and days
    of a panel, so that a narrower window can be cut out of this one)."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    d = len(days)
    traffic = tables["sales_traffic"]
    daily = traffic.filter((_.period_from == _.period_to) & (_.period_from >= start) & (_.period_from <= end))
    result = (
        daily.group_by(["marketplace", "sku", "period_from"])
        .aggregate(
            parent_asin=_.parent_asin.max(),
            currency=_.currency.max(),
            sessions=_.sessions.max(),
            units=_.units_ordered.sum(),
            sales=_.ordered_sales.sum().cast("float64"),
            buy_box=_.buy_box_ratio.mean().cast("float64"),
        )
        .to_pyarrow()
    )
    markets, market_names = codes(result.column("marketplace"))
    skus, sku_names = codes(result.column("sku"))
    offsets = day_numbers(result.column("period_from"), start)
    panels: dict[str, Panel] = {}
    for code in sorted(range(len(market_names)), key=market_names.__getitem__):
        market, rows = market_names[code], np.flatnonzero(markets == code)
        present, first = np.unique(skus[rows], return_index=True)
        # Each SKU's parent and the marketplace's currency are those of its first row.
        parents = result.column("parent_asin").take(rows[first]).to_pylist()
        parent_of = dict(zip([sku_names[c] for c in present], parents, strict=True))  # sku is NOT NULL
        skus_of = sorted(parent_of)
        n = len(skus_of)
        seen = np.zeros(d, dtype=bool)
        seen[offsets[rows][(offsets[rows] >= 0) & (offsets[rows] < d)]] = True
        zero = np.where(seen, 0.0, np.nan)[None, :].repeat(n, axis=0)
        unknown, counts = np.full((n, d), np.nan), np.zeros((n, d))
        panels[market] = Panel(
            market, result.column("currency")[int(rows[0])].as_py(), days, skus_of, [parent_of[k] for k in skus_of],
            sessions=zero.copy(), units=zero.copy(), sales=zero.copy(), buy_box=unknown.copy(),
            fulfillable=unknown.copy(), inbound=unknown.copy(), listing_inactive=np.zeros((n, d), dtype=bool),
            listing_price=unknown.copy(), order_lines=counts.copy(), promo_lines=counts.copy(),
            mfn_shipped=counts.copy(), mfn_late=counts.copy(), mfn_lag_hours=counts.copy(),
            defect_returns=counts.copy(), negative_feedback=counts.copy(),
        )  # fmt: skip
    where = {m: {sku: i for i, sku in enumerate(p.skus)} for m, p in panels.items()}
    fill = _Fill(panels, where, start, end, d)
    reported = {m: np.zeros((len(p.skus), d), dtype=bool) for m, p in panels.items()}
    sessions, units = floats(result, "sessions", null=0.0), floats(result, "units", null=0.0)
    sales, buy_box = floats(result, "sales", null=0.0), floats(result, "buy_box")
    for p, c in fill.cells(result, "period_from"):
        p.sessions[c.sku, c.day], p.units[c.sku, c.day] = sessions[c.rows], units[c.rows]
        p.sales[c.sku, c.day], p.buy_box[c.sku, c.day] = sales[c.rows], buy_box[c.rows]
        reported[p.marketplace][c.sku, c.day] = True
    _load_stock(tables, fill)
    _load_listings(tables, fill)
    _load_orders(tables, fill)
    _load_after_sales(tables, fill)
    return panels, reported


def _load_stock(tables: Mapping[str, Any], fill: _Fill) -> None:
    stock = tables.get("inventory_snapshot")
    if stock is None:
        return
    start, end = fill.start, fill.end
    kept = stock.filter((_.snapshot_date >= start) & (_.snapshot_date <= end))
    # The last snapshot of the day per warehouse, then summed over warehouses.
    latest = kept.group_by(["marketplace", "sku", "snapshot_date", "warehouse"]).aggregate(
        fulfillable=_.fulfillable.argmax(_.snapshot_at),
        inbound=(
            _.inbound_working.fill_null(0) + _.inbound_shipped.fill_null(0) + _.inbound_receiving.fill_null(0)
        ).argmax(_.snapshot_at),
    )
    per_day = (
        latest.group_by(["marketplace", "sku", "snapshot_date"])
        .aggregate(fulfillable=_.fulfillable.sum(), inbound=_.inbound.sum())
        .to_pyarrow()
    )
    fulfillable, inbound = floats(per_day, "fulfillable", null=0.0), floats(per_day, "inbound", null=0.0)
    for p, c in fill.cells(per_day, "snapshot_date"):
        p.fulfillable[c.sku, c.day], p.inbound[c.sku, c.day] = fulfillable[c.rows], inbound[c.rows]


def _load_listings(tables: Mapping[str, Any], fill: _Fill) -> None:
    listing = tables.get("listing")
    if listing is None:
        return
    start, end = fill.start, fill.end
    kept = (
        listing.filter((_.snapshot_date >= start) & (_.snapshot_date <= end))
        .select("marketplace", "sku", "snapshot_date", "status", price=_.price.cast("float64"))
        .to_pyarrow()
    )
    statuses, names = codes(kept.column("status"))
    cleaned = [(s or "").strip().lower() for s in names]
    # The last entry is for a missing status (code -1): not a sign of an inactive listing.
    inactive = np.array([bool(s) and s != "active" for s in cleaned] + [False])[statuses]
    price = floats(kept, "price")
    for p, c in fill.cells(kept, "snapshot_date"):
        p.listing_inactive[c.sku, c.day], p.listing_price[c.sku, c.day] = inactive[c.rows], price[c.rows]


def _load_orders(tables: Mapping[str, Any], fill: _Fill) -> None:
    lines = tables.get("order_line")
    if lines is None:
        return
    start, end = fill.start, fill.end
    # Orders placed up to a week before `start` still ship inside the range.
    kept = lines.filter((_.purchase_date >= start - dt.timedelta(days=7)) & (_.purchase_date <= end))
    promoted = (_.promotion_ids.fill_null("").strip() != "") | (
        _.item_promotion_discount.fill_null(0).abs() > 0
    )
    placed = kept.filter((_.order_status.lower() != "cancelled") & (_.purchase_date >= start))
    per_day = (
        placed.group_by(["marketplace", "sku", "purchase_date"])
        .aggregate(
            lines=_.count(),
            promo_lines=promoted.sum(),
            promo_id=_.promotion_ids.max(),
        )
        .to_pyarrow()
    )
    count, promo_lines = floats(per_day, "lines"), floats(per_day, "promo_lines", null=0.0)
    promo_id = per_day.column("promo_id")
    named = pc.fill_null(pc.not_equal(promo_id, ""), False).to_numpy(zero_copy_only=False)
    for p, c in fill.cells(per_day, "purchase_date", every_row=True):
        # Row by row, so that a cell keeps the last promotion named in it, as it always has.
        of = named[c.rows]
        ids = zip(c.sku[of].tolist(), c.day[of].tolist(), promo_id.take(c.rows[of]).to_pylist(), strict=True)
        p.promo_ids.update(((i, t), name) for i, t, name in ids)
        c = last_per_cell(c, fill.days)
        p.order_lines[c.sku, c.day], p.promo_lines[c.sku, c.day] = count[c.rows], promo_lines[c.rows]
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
    per_ship = (
        shipments.group_by(["marketplace", "sku", "purchase_date"])
        .aggregate(shipped=_.count(), late=_.late.sum(), lag=_.lag_hours.mean())
        .to_pyarrow()
    )
    shipped, late, lag = (
        floats(per_ship, "shipped"),
        floats(per_ship, "late"),
        floats(per_ship, "lag", null=0.0),
    )
    for p, c in fill.cells(per_ship, "purchase_date"):
        p.mfn_shipped[c.sku, c.day], p.mfn_late[c.sku, c.day] = shipped[c.rows], late[c.rows]
        p.mfn_lag_hours[c.sku, c.day] = lag[c.rows]


def _load_after_sales(tables: Mapping[str, Any], fill: _Fill) -> None:
    start, end = fill.start, fill.end
    returns = tables.get("return_line")
    if returns is not None:
        kept = returns.filter((_.return_date >= start) & (_.return_date <= end))
        per_day = (
            kept.group_by(["marketplace", "sku", "return_date"])
            .aggregate(defects=(_.reason.upper().isin(DEFECT_REASONS).cast("int64") * _.quantity).sum())
            .to_pyarrow()
        )
        defects = floats(per_day, "defects", null=0.0)
        for p, c in fill.cells(per_day, "return_date"):
            p.defect_returns[c.sku, c.day] = defects[c.rows]
    feedback, lines = tables.get("seller_feedback"), tables.get("order_line")
    if feedback is not None and lines is not None:
        bad = feedback.filter((_.feedback_date >= start) & (_.feedback_date <= end) & (_.rating <= 2))
        # Only the lines of those orders: the distinct over every order line of the shop took seconds.
        rated = bad.select(f_market=_.marketplace, f_order=_.order_id).distinct()
        of_rated = lines.semi_join(
            rated, [lines.marketplace == rated.f_market, lines.order_id == rated.f_order]
        )
        skus = of_rated.select(l_market=_.marketplace, l_order=_.order_id, sku=_.sku).distinct()
        joined = bad.join(skus, [bad.marketplace == skus.l_market, bad.order_id == skus.l_order])
        per_day = (
            joined.group_by(["marketplace", "sku", "feedback_date"])
            .aggregate(negative=_.count())
            .to_pyarrow()
        )
        negative = floats(per_day, "negative")
        for p, c in fill.cells(per_day, "feedback_date"):
            p.negative_feedback[c.sku, c.day] = negative[c.rows]
