"""Filling the weekly report's records from the warehouse: the week against the week before."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sellerops.reports.assemble import kpis_of, marketplaces_in, sku_titles, task_lines
from sellerops.reports.model import (
    AdsSummary,
    CampaignLine,
    FunnelLine,
    InventoryLine,
    StockoutRisk,
    WeeklyReport,
    WeekOverWeek,
)
from sellerops.workflow import Task

WEEKLY_METRICS = (
    "ordered_sales",
    "units",
    "orders",
    "sessions",
    "conversion",
    "aov",
    "ad_spend",
    "acos",
    "tacos",
)
TOP_CAMPAIGNS = 5


def _sum_week(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, Decimal]:
    return {n: sum((Decimal(str(r[n])) for r in rows if r.get(n) is not None), Decimal(0)) for n in names}


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return numerator / denominator if denominator else None


def _week_figures(sums: Mapping[str, Decimal]) -> dict[str, Decimal | None]:
    figures: dict[str, Decimal | None] = {
        k: sums[k] for k in ("ordered_sales", "units", "orders", "sessions", "ad_spend")
    }
    figures["conversion"] = _ratio(sums["units"], sums["sessions"])
    figures["aov"] = _ratio(sums["ordered_sales"], sums["orders"])
    figures["acos"] = _ratio(sums["ad_spend"], sums["ad_sales"])
    figures["tacos"] = _ratio(sums["ad_spend"], sums["ordered_sales"])
    return figures


def week_over_week(
    db: Any, *, week_end: dt.date, marketplaces: Sequence[str]
) -> tuple[tuple[WeekOverWeek, ...], tuple[FunnelLine, ...], dict[tuple[str, str], dict[str, Decimal]]]:
    """Each marketplace's week against the week before, its funnel, and the week's sums (for the ads section)."""
    week_start = week_end - dt.timedelta(days=6)
    daily = kpis_of(
        db,
        start=week_start - dt.timedelta(days=7),
        end=week_end,
        level="marketplace",
    )
    rows = [r for r in daily.to_pyarrow().to_pylist() if r["marketplace"] in marketplaces]
    names = ("ordered_sales", "units", "orders", "sessions", "page_views", "ad_spend", "ad_sales")
    groups: dict[tuple[str, str], tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(
        lambda: ([], [])
    )
    for r in rows:
        groups[(r["marketplace"], r["currency"])][0 if r["date"] >= week_start else 1].append(r)
    lines, funnel, sums = [], [], {}
    for (market, currency), (this, before) in sorted(groups.items()):
        now_sums, before_sums = _sum_week(this, names), _sum_week(before, names)
        sums[(market, currency)] = now_sums
        now_fig, before_fig = _week_figures(now_sums), _week_figures(before_sums)
        for metric in WEEKLY_METRICS:
            value, previous = now_fig[metric], before_fig[metric]
            change = value / previous - 1 if value is not None and previous else None
            lines.append(WeekOverWeek(market, currency, metric, value, previous, change))
        if now_sums["sessions"] or now_sums["orders"]:
            funnel.append(
                FunnelLine(
                    market,
                    int(now_sums["sessions"]),
                    int(now_sums["page_views"]),
                    int(now_sums["units"]),
                    int(now_sums["orders"]),
                )
            )
    return tuple(lines), tuple(funnel), sums


def ads_summaries(
    db: Any, *, week_end: dt.date, sums: Mapping[tuple[str, str], Mapping[str, Decimal]]
) -> tuple[AdsSummary, ...]:
    """The week's ad spend and sales per marketplace, with the campaigns that spent most (campaign-grain rows)."""
    ads = db.table("ad_performance")
    week = ads.filter(
        (ads.period_from >= week_end - dt.timedelta(days=6))
        & (ads.period_to <= week_end)
        & (ads.period_from == ads.period_to)
        & ads.campaign_name.notnull()
    )
    grain = week.filter(week.report_type == "campaign")
    campaigns = (
        grain.group_by(["marketplace", "currency", "campaign_name"])
        .aggregate(
            spend=grain.spend.sum(),
            sales=grain.sales.sum(),
            clicks=grain.clicks.sum(),
            orders=grain.orders.sum(),
        )
        .to_pyarrow()
        .to_pylist()
    )
    top: dict[tuple[str, str], list[CampaignLine]] = defaultdict(list)
    for c in sorted(campaigns, key=lambda c: (-(c["spend"] or 0), c["campaign_name"])):
        line = CampaignLine(
            c["campaign_name"],
            c["spend"] or Decimal(0),
            c["sales"] or Decimal(0),
            int(c["clicks"] or 0),
            int(c["orders"] or 0),
        )
        top[(c["marketplace"], c["currency"])].append(line)
    return tuple(
        AdsSummary(
            market,
            currency,
            s["ad_spend"],
            s["ad_sales"],
            s["ordered_sales"],
            tuple(top[(market, currency)][:TOP_CAMPAIGNS]),
        )
        for (market, currency), s in sorted(sums.items())
        if s["ad_spend"] or s["ad_sales"]
    )


def inventory_position(
    db: Any, *, week_end: dt.date, marketplaces: Sequence[str], titles: Mapping[tuple[str, str], str]
) -> tuple[InventoryLine, ...]:
    """Each SKU's latest stock on or before `week_end`, with its days of cover at the last 30 days' pace."""
    stock = db.table("inventory_snapshot")
    recent = stock.filter(
        (stock.snapshot_date <= week_end) & (stock.snapshot_date > week_end - dt.timedelta(days=14))
    )
    latest = recent.group_by(["marketplace", "sku"]).aggregate(day=recent.snapshot_date.max())
    rows = (
        recent.join(
            latest,
            [
                recent.marketplace == latest.marketplace,
                recent.sku == latest.sku,
                recent.snapshot_date == latest.day,
            ],
        )
        .group_by([recent.marketplace, recent.sku])
        .aggregate(
            available=recent.fulfillable.sum(),
            inbound=(
                recent.inbound_working.fill_null(0)
                + recent.inbound_shipped.fill_null(0)
                + recent.inbound_receiving.fill_null(0)
            ).sum(),
        )
        .to_pyarrow()
        .to_pylist()
    )
    sold = kpis_of(
        db,
        start=week_end - dt.timedelta(days=29),
        end=week_end,
        level="sku",
    )
    pace = {
        (r["marketplace"], r["sku"]): Decimal(int(r["units"] or 0)) / 30
        for r in sold.group_by(["marketplace", "sku"])
        .aggregate(units=sold.units.sum())
        .to_pyarrow()
        .to_pylist()
    }
    lines = []
    for r in rows:
        if r["marketplace"] not in marketplaces:
            continue
        available, per_day = int(r["available"] or 0), pace.get((r["marketplace"], r["sku"]), Decimal(0))
        cover = (Decimal(available) / per_day).quantize(Decimal("0.1")) if per_day else None
        risk: StockoutRisk = (
            "out_of_stock"
            if available == 0 and per_day
            else "high"
            if cover is not None and cover < 14
            else "medium"
            if cover is not None and cover < 28
            else "low"
        )
        lines.append(
            InventoryLine(
                r["marketplace"],
                r["sku"],
                titles.get((r["marketplace"], r["sku"]), ""),
                available,
                int(r["inbound"] or 0),
                cover,
                risk,
            )
        )
    order = {"out_of_stock": 0, "high": 1, "medium": 2, "low": 3}
    return tuple(
        sorted(
            lines,
            key=lambda x: (order[x.stockout_risk], x.days_of_cover or Decimal(10**6), x.marketplace, x.sku),
        )
    )


def build_weekly_report(
    db: Any, *, week_end: dt.date, tasks: Sequence[Task], team_time_zone: str, now: dt.datetime
) -> WeeklyReport:
    """The week ending `week_end` against the week before: KPIs, funnel, ads, inventory and the week's tasks."""
    week_start = week_end - dt.timedelta(days=6)
    infos = marketplaces_in(db, as_of=week_end)
    codes = [i.marketplace for i in infos]
    kpis, funnel, sums = week_over_week(db, week_end=week_end, marketplaces=codes)
    begin = dt.datetime.combine(week_start, dt.time(), dt.UTC)
    done = tuple(t for t in tasks if t.status != "open" and t.closed_at is not None and t.closed_at >= begin)
    return WeeklyReport(
        week_start=week_start,
        week_end=week_end,
        team_time_zone=team_time_zone,
        marketplaces=infos,
        kpis=kpis,
        funnel=funnel,
        ads=ads_summaries(db, week_end=week_end, sums=sums),
        inventory=inventory_position(
            db, week_end=week_end, marketplaces=codes, titles=sku_titles(db, as_of=week_end)
        ),
        tasks_done=task_lines(done),
        tasks_open=task_lines(t for t in tasks if t.status == "open"),
        generated_at=now,
    )
