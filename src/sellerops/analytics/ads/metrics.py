"""Ads metrics at portfolio, campaign, ad group, target, search-term, advertised-SKU and placement level for a period:
sums and the ratios behind them.

Rows of different report types describe the same spend at different grains, and 7- and 14-day attributed sales
are different numbers: both stay in the group key, so nothing is ever added across grains or windows. Ratios are
recomputed from the sums (never averaged); a ratio with nothing to divide by is NULL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import ibis

Level = Literal[
    "portfolio", "campaign", "ad_group", "target", "search_term", "advertised_sku", "sku", "placement"
]
LEVELS: tuple[Level, ...] = (
    "portfolio",
    "campaign",
    "ad_group",
    "target",
    "search_term",
    "advertised_sku",
    "sku",
    "placement",
)

# The last key of a level is the one its rows must have: a campaign report has no search term, an advertised
# product report has no targeting; a placement report is the only one naming the placement.
LEVEL_KEYS: dict[str, tuple[str, ...]] = {
    "portfolio": ("portfolio",),
    "campaign": ("campaign_name",),
    "ad_group": ("campaign_name", "ad_group_name"),
    "target": ("campaign_name", "ad_group_name", "targeting", "match_type"),
    "search_term": ("campaign_name", "ad_group_name", "targeting", "match_type", "search_term"),
    "advertised_sku": ("campaign_name", "ad_group_name", "advertised_sku"),
    "sku": ("advertised_sku",),  # a SKU across all its campaigns
    "placement": ("campaign_name", "placement"),
}
GRAIN_KEYS = ("marketplace", "currency", "report_type", "attribution_days")
SUMS = ("impressions", "clicks", "spend", "sales", "orders", "units")


def within(ad_performance: Any, *, start: dt.date, end: dt.date) -> Any:
    """Rows whose figures end inside [start, end] and do not start after it: a longer summary row counts whole,
    and its own period_from..period_to says what it covers."""
    t = ad_performance
    return t.filter((t.period_to >= start) & (t.period_to <= end) & (t.period_from <= end))


def ad_metrics(
    ad_performance: Any, *, level: Level, start: dt.date, end: dt.date, by_day: bool = False
) -> Any:
    """One row per marketplace, currency, report type, attribution window and `level` entity (and per day with
    `by_day`): impressions, clicks, spend, sales, orders, units, then CTR, CPC, conversion, ACoS and ROAS.
    Rows without the level's keys (a campaign report at the search-term level) are left out."""
    t = within(ad_performance, start=start, end=end)
    keys = list(GRAIN_KEYS) + list(LEVEL_KEYS[level]) + (["period_from", "period_to"] if by_day else [])
    t = t.filter(t[LEVEL_KEYS[level][-1]].notnull())
    sums = {name: t[name].sum() for name in SUMS}
    grouped = t.group_by(keys).aggregate(
        first_day=t.period_from.min(), last_day=t.period_to.max(), rows=t.count(), **sums
    )
    return with_ratios(grouped).order_by(keys)


def _ratio(numerator: Any, denominator: Any, digits: int = 6) -> Any:
    return ibis.ifelse(
        denominator > 0, (numerator.cast("float64") / denominator.cast("float64")).round(digits), ibis.null()
    )


def with_ratios(t: Any) -> Any:
    """CTR = clicks / impressions, CPC = spend / clicks, conversion = orders / clicks, ACoS = spend / sales,
    ROAS = sales / spend; each NULL when its denominator is zero or missing."""
    return t.mutate(
        ctr=_ratio(t.clicks, t.impressions),
        cpc=_ratio(t.spend, t.clicks, 4),
        conversion=_ratio(t.orders, t.clicks),
        acos=_ratio(t.spend, t.sales),
        roas=_ratio(t.sales, t.spend, 4),
    )
