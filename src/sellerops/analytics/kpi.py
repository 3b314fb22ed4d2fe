"""The basic totals of a period, straight from the warehouse: traffic, sales, orders and ads.

Rules that keep each figure equal to what the source files say:
- A row counts when its whole period lies inside the asked range (a weekly report row is not split into days);
  where daily rows and a range row (a weekly Business Report) describe the same days, the daily rows count.
- Sessions and page views belong to an ASIN; Amazon repeats them on each SKU row of the same ASIN, so totals
  above the SKU count them once per ASIN and period.
- Ads reports of different grains describe the same spend; per marketplace one grain is used, the first present
  of `AD_GRAIN_PRIORITY`. By SKU only the advertised-product grain can say which SKU was advertised.
- Money is summed per currency, never across currencies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import ibis
from ibis import _

By = Literal["date", "sku", "marketplace"]

AD_GRAIN_PRIORITY = (
    "campaign", "targeting", "advertised_product", "search_term", "custom_search_term", "bulk_search_term",
    "placement", "performance_over_time",
)  # fmt: skip

KEYS: dict[str, tuple[str, ...]] = {
    "date": ("period_from", "period_to", "currency"),
    "sku": ("marketplace", "sku", "currency"),
    "marketplace": ("marketplace", "currency"),
}
KEY_TYPES = {
    "period_from": "date",
    "period_to": "date",
    "currency": "string",
    "marketplace": "string",
    "sku": "string",
}
MEASURES = (
    "sessions", "page_views", "units", "orders", "order_items", "ordered_sales",
    "ad_impressions", "ad_clicks", "ad_spend", "ad_sales",
)  # fmt: skip


def _within(table: Any, start: dt.date, end: dt.date, marketplace: str | None) -> Any:
    kept = table.filter((table.period_from >= start) & (table.period_to <= end))
    return kept.filter(kept.marketplace == marketplace) if marketplace else kept


def _shape(table: Any, by: By, **measures: Any) -> Any:
    """Project a source onto the union layout: the group keys plus every measure (NULL where it has none)."""
    # Casting drops NOT NULL from the key types, so the three sources have one schema for the union.
    columns: dict[str, Any] = {k: table[k].cast(KEY_TYPES[k]) for k in KEYS[by]}
    for name in MEASURES:
        value = measures.get(name)
        dtype = "decimal(18, 4)" if name in ("ordered_sales", "ad_spend", "ad_sales") else "int64"
        columns[name] = (value if value is not None else ibis.null()).cast(dtype)
    return table.select(**columns)


def prefer_daily(sales_traffic: Any) -> Any:
    """Drop range rows (a weekly Business Report) for marketplaces whose daily rows already cover a day of that range:
    both describe the same sales, and the daily history is the finer one."""

    def span(t: Any) -> Any:
        return t.marketplace.concat("|", t.period_from.cast("string"), "|", t.period_to.cast("string"))

    days = sales_traffic.filter(_.period_from == _.period_to).select(
        day_market=_.marketplace, day=_.period_from
    )
    ranges = sales_traffic.filter(_.period_from < _.period_to)
    covered = ranges.join(
        days,
        [ranges.marketplace == days.day_market, days.day >= ranges.period_from, days.day <= ranges.period_to],
    ).select(span=span(ranges))
    return sales_traffic.filter((_.period_from == _.period_to) | ~span(sales_traffic).isin(covered.span))


def traffic_part(sales_traffic: Any, *, by: By) -> Any:
    per_sku = _shape(
        sales_traffic, by, units=_.units_ordered, ordered_sales=_.ordered_sales, order_items=_.order_items,
        **({"sessions": _.sessions, "page_views": _.page_views} if by == "sku" else {}),
    )  # fmt: skip
    if by == "sku":
        return per_sku
    asin_keys = ["marketplace", "period_from", "period_to", "parent_asin", "child_asin", "currency"]
    per_asin = sales_traffic.group_by(asin_keys).aggregate(
        sessions=_.sessions.max(), page_views=_.page_views.max()
    )
    return per_sku.union(_shape(per_asin, by, sessions=_.sessions, page_views=_.page_views))


def orders_part(order_line: Any, *, by: By) -> Any:
    placed = order_line.filter(_.order_status.lower() != "cancelled").mutate(
        period_from=_.purchase_date, period_to=_.purchase_date, sku=_.sku.fill_null("")
    )
    keys = [*KEYS[by]]
    counted = placed.group_by(keys).aggregate(orders=_.order_id.nunique())
    return _shape(counted, by, orders=_.orders)


def ads_part(ad_performance: Any, *, by: By) -> Any:
    if by == "sku":
        rows = ad_performance.filter(_.report_type == "advertised_product").mutate(
            sku=_.advertised_sku.fill_null("")
        )
    else:
        rank = ibis.cases(
            *((ad_performance.report_type == t, i) for i, t in enumerate(AD_GRAIN_PRIORITY)), else_=99
        )
        ranked = ad_performance.mutate(grain_rank=rank)
        best = ranked.group_by("marketplace").aggregate(best_rank=_.grain_rank.min())
        rows = ranked.join(best, "marketplace").filter(_.grain_rank == _.best_rank)
    return _shape(
        rows, by, ad_impressions=_.impressions, ad_clicks=_.clicks, ad_spend=_.spend, ad_sales=_.sales
    )


def kpi_totals(
    sales_traffic: Any,
    order_line: Any,
    ad_performance: Any,
    *,
    start: dt.date,
    end: dt.date,
    by: By = "marketplace",
    marketplace: str | None = None,
) -> Any:
    """Totals per `by` for the days start..end (both included); ACoS = ad spend / ad-attributed sales."""
    orders = order_line.filter((_.purchase_date >= start) & (_.purchase_date <= end))
    if marketplace:
        orders = orders.filter(_.marketplace == marketplace)
    parts = [
        traffic_part(prefer_daily(_within(sales_traffic, start, end, marketplace)), by=by),
        orders_part(orders, by=by),
        ads_part(_within(ad_performance, start, end, marketplace), by=by),
    ]
    combined = parts[0].union(parts[1]).union(parts[2])
    totals = combined.group_by(list(KEYS[by])).aggregate(**{m: combined[m].sum() for m in MEASURES})
    acos = ibis.cases(
        (totals.ad_sales > 0, (totals.ad_spend / totals.ad_sales).cast("decimal(12, 4)")), else_=None
    )
    return totals.mutate(acos=acos).order_by(list(KEYS[by]))
