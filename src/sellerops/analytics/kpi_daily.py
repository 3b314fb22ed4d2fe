"""Daily KPIs per marketplace, parent ASIN or SKU: the figures the morning check compares day by day.

The rules of `kpi.py` hold, applied day by day:
- Only daily rows count (period_from = period_to), in sales_traffic and in the ads reports alike: a weekly or monthly
  row cannot be split into days. The Ads console's monthly exports already carry one row per day (from = to), so they
  count; a summary row over a range never does.
- Sessions and page views belong to an ASIN; above the SKU they count once per child ASIN and day (Amazon repeats
  them on each SKU row of the ASIN). Buy-box share is weighted by sessions; the SKU offers of one ASIN win the buy box
  on different page views, so the seller's share of an ASIN is the sum of its SKU rows' shares (at most 1).
- Ads: by SKU or parent only advertised-product rows can name the SKU; per marketplace one grain per day, the first
  present of `AD_GRAIN_PRIORITY` (so the grain of a day does not depend on the window asked for).
- Orders are distinct order ids, cancelled ones excluded, on their purchase date; returns are units on their return
  date. Counts carry no currency: they sit on the row of the marketplace's home currency.
- Above the SKU, orders, returns and ads reach their parent ASIN through the SKU's latest parent in sales_traffic;
  a SKU never seen there goes to parent_asin ''.
- A measure missing on a row is 0 where the marketplace has rows of its source somewhere in start..end, and NULL
  where it has none there (that report was not imported): a SKU with sessions and no order shows 0 orders, a
  marketplace without any returns file shows no return rate. A gap inside the range therefore reads as 0 (a
  quiet day of returns looks the same as a missing file): import reports for whole periods.
- Money is summed per currency; a ratio is NULL where its denominator is 0 or unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import ibis
from ibis import _

from sellerops.analytics.kpi import AD_GRAIN_PRIORITY
from sellerops.core.marketplaces import MARKETPLACES

Level = Literal["marketplace", "parent", "sku"]
Unit = Literal["count", "money", "ratio"]

ENTITY: dict[str, tuple[str, ...]] = {"marketplace": (), "parent": ("parent_asin",), "sku": ("sku",)}
MONEY_TYPE = "decimal(18, 4)"
SHARE_TYPE = "decimal(18, 6)"


@dataclass(frozen=True)
class Measure:
    """A figure summed over rows and days: it adds up across days, so windows sum it."""

    name: str
    unit: Unit
    sql_type: str


@dataclass(frozen=True)
class Ratio:
    """A figure recomputed from two sums: over a window it is sum(numerator) / sum(denominator), never a mean."""

    name: str
    numerator: str
    denominator: str
    unit: Unit


MEASURES = (
    Measure("ordered_sales", "money", MONEY_TYPE), Measure("units", "count", "int64"),
    Measure("orders", "count", "int64"), Measure("sessions", "count", "int64"),
    Measure("page_views", "count", "int64"), Measure("buy_box_sessions", "count", "int64"),
    Measure("buy_box_won_sessions", "count", SHARE_TYPE), Measure("returned_units", "count", "int64"),
    Measure("ad_impressions", "count", "int64"), Measure("ad_clicks", "count", "int64"),
    Measure("ad_spend", "money", MONEY_TYPE), Measure("ad_sales", "money", MONEY_TYPE),
)  # fmt: skip
RATIOS = (
    Ratio("conversion", "units", "sessions", "ratio"), Ratio("aov", "ordered_sales", "orders", "money"),
    Ratio("buy_box", "buy_box_won_sessions", "buy_box_sessions", "ratio"),
    Ratio("return_rate", "returned_units", "units", "ratio"), Ratio("ctr", "ad_clicks", "ad_impressions", "ratio"),
    Ratio("cpc", "ad_spend", "ad_clicks", "money"), Ratio("acos", "ad_spend", "ad_sales", "ratio"),
    Ratio("roas", "ad_sales", "ad_spend", "ratio"), Ratio("tacos", "ad_spend", "ordered_sales", "ratio"),
)  # fmt: skip
MEASURE_BY_NAME = {m.name: m for m in MEASURES}
RATIO_BY_NAME = {r.name: r for r in RATIOS}
# The order of the KPI columns in daily_kpis and of the metrics in compare_kpis; the buy-box parts come last.
KPI_ORDER = (
    "ordered_sales", "units", "orders", "sessions", "page_views", "conversion", "aov", "buy_box", "returned_units",
    "return_rate", "ad_impressions", "ad_clicks", "ctr", "cpc", "ad_spend", "ad_sales", "acos", "roas", "tacos",
)  # fmt: skip
COMPONENTS = ("buy_box_sessions", "buy_box_won_sessions")


def ratio(numerator: Any, denominator: Any, unit: Unit) -> Any:
    """numerator / denominator, NULL where the denominator is 0 or NULL; money ratios keep 4 places, others 6."""
    quotient = (numerator.cast("float64") / denominator.cast("float64")).cast(
        MONEY_TYPE if unit == "money" else SHARE_TYPE
    )
    return ibis.cases((denominator != 0, quotient), else_=ibis.null(quotient.type()))


def home_currency(marketplace: Any, fallback: Any = None) -> Any:
    """The marketplace's own currency, for figures that have none (order and return counts)."""
    known = ibis.cases(*((marketplace == m.code, m.currency) for m in MARKETPLACES.values()), else_=None)
    return known if fallback is None else known.fill_null(fallback)


def _shape(table: Any, level: Level, **columns: Any) -> Any:
    """The union layout: keys, then every measure (NULL where this source has none), one type per column."""
    keys: dict[str, Any] = {
        "marketplace": table.marketplace.cast("string"),
        **{e: columns.pop(e).cast("string") for e in ENTITY[level]},
        "date": columns.pop("date").cast("date"),
        "currency": columns.pop("currency").cast("string"),
    }
    measures = {
        m.name: (columns[m.name] if m.name in columns else ibis.null()).cast(m.sql_type) for m in MEASURES
    }
    return table.select(**keys, **measures)


def _parent_of_sku(sales_traffic: Any, end: dt.date) -> Any:
    known = sales_traffic.filter(_.period_from <= end)
    return (
        known.group_by(["marketplace", "sku"])
        .aggregate(mapped_parent=_.parent_asin.argmax(_.period_to))
        .rename(map_marketplace="marketplace", map_sku="sku")
    )


def _with_entity(rows: Any, sku: Any, level: Level, parents: Any) -> Any:
    """Add the entity column (sku or parent_asin) to rows whose SKU is `sku`."""
    if level == "marketplace":
        return rows
    rows = rows.mutate(entity_sku=sku.fill_null(""))
    if level == "sku":
        return rows.mutate(sku=_.entity_sku)
    joined = rows.left_join(
        parents, [rows.marketplace == parents.map_marketplace, rows.entity_sku == parents.map_sku]
    )
    return joined.mutate(parent_asin=_.mapped_parent.fill_null(""))


def _traffic_part(days: Any, level: Level) -> Any:
    if level == "sku":
        return _shape(
            days, level, sku=days.sku, date=days.period_from, currency=days.currency, sessions=days.sessions,
            page_views=days.page_views, units=days.units_ordered, ordered_sales=days.ordered_sales,
            buy_box_sessions=ibis.cases((days.buy_box_ratio.notnull(), days.sessions), else_=None),
            buy_box_won_sessions=days.sessions * days.buy_box_ratio,
        )  # fmt: skip
    per_asin = days.group_by(["marketplace", "parent_asin", "child_asin", "period_from", "currency"]).aggregate(
        sessions=_.sessions.max(), page_views=_.page_views.max(), units=_.units_ordered.sum(),
        ordered_sales=_.ordered_sales.sum(), share=_.buy_box_ratio.sum(),
    )  # fmt: skip
    # Not least(): it skips NULL, and an ASIN whose rows state no share must stay without one.
    per_asin = per_asin.mutate(share=ibis.cases((_.share > 1, 1), else_=_.share))
    entity = {"parent_asin": per_asin.parent_asin} if level == "parent" else {}
    return _shape(
        per_asin, level, **entity, date=per_asin.period_from, currency=per_asin.currency,
        sessions=per_asin.sessions, page_views=per_asin.page_views, units=per_asin.units,
        ordered_sales=per_asin.ordered_sales,
        buy_box_sessions=ibis.cases((per_asin.share.notnull(), per_asin.sessions), else_=None),
        buy_box_won_sessions=per_asin.sessions * per_asin.share,
    )  # fmt: skip


def _orders_part(order_line: Any, level: Level, parents: Any) -> Any:
    placed = order_line.filter(_.order_status.lower() != "cancelled")
    placed = _with_entity(placed, placed.sku, level, parents)
    keyed = placed.mutate(date=_.purchase_date, currency=home_currency(_.marketplace, _.currency))
    counted = keyed.group_by(["marketplace", *ENTITY[level], "date", "currency"]).aggregate(
        orders=_.order_id.nunique()
    )
    entity = {e: counted[e] for e in ENTITY[level]}
    return _shape(
        counted, level, **entity, date=counted.date, currency=counted.currency, orders=counted.orders
    )


def _returns_part(return_line: Any, level: Level, parents: Any) -> Any:
    rows = _with_entity(return_line, return_line.sku, level, parents)
    rows = rows.mutate(date=_.return_date, currency=home_currency(_.marketplace))
    entity = {e: rows[e] for e in ENTITY[level]}
    return _shape(rows, level, **entity, date=rows.date, currency=rows.currency, returned_units=rows.quantity)


def _ads_part(ads: Any, level: Level, parents: Any) -> Any:
    if level == "marketplace":
        rank = ibis.cases(*((ads.report_type == t, i) for i, t in enumerate(AD_GRAIN_PRIORITY)), else_=99)
        ranked = ads.mutate(grain_rank=rank)
        best = ranked.group_by(["marketplace", "period_from"]).aggregate(best_rank=_.grain_rank.min())
        rows = ranked.join(best, ["marketplace", "period_from"]).filter(_.grain_rank == _.best_rank)
    else:
        rows = ads.filter(_.report_type == "advertised_product")
        rows = _with_entity(rows, rows.advertised_sku, level, parents)
    entity = {e: rows[e] for e in ENTITY[level]}
    return _shape(
        rows, level, **entity, date=rows.period_from, currency=rows.currency, ad_impressions=rows.impressions,
        ad_clicks=rows.clicks, ad_spend=rows.spend, ad_sales=rows.sales,
    )  # fmt: skip


def with_ratios(sums: Any, keys: list[str]) -> Any:
    """The KPI columns in `KPI_ORDER`, ratios computed from the summed measures, then the buy-box parts."""
    columns = {
        name: ratio(sums[r.numerator], sums[r.denominator], r.unit)
        if (r := RATIO_BY_NAME.get(name))
        else sums[name]
        for name in KPI_ORDER
    }
    return sums.select(*keys, **columns, **{c: sums[c] for c in COMPONENTS})


def daily_kpis(
    sales_traffic: Any,
    order_line: Any,
    ad_performance: Any,
    return_line: Any,
    *,
    start: dt.date,
    end: dt.date,
    level: Level,
    marketplace: str | None = None,
) -> Any:
    """One row per marketplace, entity (parent_asin or sku, by `level`), day start..end and currency, unordered."""

    def window(table: Any, day: str) -> Any:
        kept = table.filter((table[day] >= start) & (table[day] <= end))
        return kept.filter(kept.marketplace == marketplace) if marketplace else kept

    traffic = window(sales_traffic.filter(_.period_from == _.period_to), "period_from")
    ads = window(ad_performance.filter(_.period_from == _.period_to), "period_from")
    parents = _parent_of_sku(
        sales_traffic.filter(sales_traffic.marketplace == marketplace) if marketplace else sales_traffic, end
    )
    parts = [
        _traffic_part(traffic, level),
        _orders_part(window(order_line, "purchase_date"), level, parents),
        _returns_part(window(return_line, "return_date"), level, parents),
        _ads_part(ads, level, parents),
    ]
    combined = parts[0].union(parts[1]).union(parts[2]).union(parts[3])
    keys = ["marketplace", *ENTITY[level], "date", "currency"]
    sums = combined.group_by(keys).aggregate(
        **{m.name: combined[m.name].sum().cast(m.sql_type) for m in MEASURES}
    )
    # Unordered: sorting millions of SKU days is the caller's choice (order_by the keys when it matters).
    return with_ratios(zero_filled(sums, keys), keys)


def zero_filled(sums: Any, keys: list[str]) -> Any:
    """A measure missing on a row is 0 where its marketplace has it on some row, else NULL (see the docstring)."""
    seen = sums.group_by(seen_marketplace=sums.marketplace).aggregate(
        **{f"seen__{m.name}": sums[m.name].count() for m in MEASURES}
    )
    joined = sums.join(seen, sums.marketplace == seen.seen_marketplace)
    filled = {
        m.name: ibis.cases((joined[f"seen__{m.name}"] > 0, joined[m.name].fill_null(0)), else_=joined[m.name])
        for m in MEASURES
    }
    return joined.select(*keys, **filled)
