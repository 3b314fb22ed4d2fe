"""The daily campaign series the ads moves read (spend, attributed sales, clicks, budget), one pass per grain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import numpy as np
from ibis import _

from sellerops.analytics.anomalies.series import CAMPAIGN_GRAINS, Campaigns


def _rows(expr: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    return rows


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
    for market, c in result.items():
        # Days before the first report day and after the last are unknown, not days without spend: read as
        # zeros, they would make a campaign's first weeks look like a spike and inflate its day-to-day spread.
        reported = [(r["period_from"] - start).days for r in rows if r["marketplace"] == market]
        unknown = np.r_[0 : min(reported), max(reported) + 1 : len(days)]
        for series in (c.spend, c.sales, c.clicks, c.impressions):
            series[:, unknown] = np.nan
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
