"""Filling the report records from the warehouse's tables and the day's findings, moves, tasks and health."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import ibis

from sellerops.analytics.anomalies import ExplainedMove
from sellerops.analytics.health import AccountHealth
from sellerops.analytics.kpi_compare import compare_kpis, comparison_spans
from sellerops.analytics.kpi_daily import Level, daily_kpis
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.text import Text
from sellerops.reports.model import (
    Comparison,
    DailyReport,
    HealthLine,
    HeatCell,
    KpiLine,
    MarketplaceInfo,
    Mover,
    TaskLine,
    Trend,
    TrendPoint,
)
from sellerops.rules.anomaly_rules import CAUSE_ACTIONS
from sellerops.rules.findings import Finding
from sellerops.workflow import Task

# The KPIs the daily report lists, in this order (the seeds' morning questions).
DAILY_METRICS = (
    "ordered_sales",
    "units",
    "orders",
    "sessions",
    "conversion",
    "aov",
    "buy_box",
    "return_rate",
    "ad_impressions",
    "ad_clicks",
    "ctr",
    "cpc",
    "ad_spend",
    "ad_sales",
    "acos",
    "roas",
    "tacos",
)
TREND_DAYS = 56
HEATMAP_DAYS = 14
HEATMAP_SKUS = 40
TOP_MOVERS = 25


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def kpis_of(db: Any, *, start: dt.date, end: dt.date, level: Level) -> Any:
    """daily_kpis over the warehouse's own tables."""
    t = warehouse_tables(db)
    return daily_kpis(
        t["sales_traffic"],
        t["order_line"],
        t["ad_performance"],
        t["return_line"],
        start=start,
        end=end,
        level=level,
    )


def warehouse_tables(db: Any) -> dict[str, Any]:
    return {name: db.table(name) for name in ("sales_traffic", "order_line", "ad_performance", "return_line")}


def marketplaces_in(db: Any, *, as_of: dt.date) -> tuple[MarketplaceInfo, ...]:
    """The marketplaces with sales, traffic or orders in the 60 days up to `as_of`."""
    since = as_of - dt.timedelta(days=59)
    traffic, orders = db.table("sales_traffic"), db.table("order_line")
    codes = (
        traffic.filter((traffic.period_to >= since) & (traffic.period_from <= as_of))
        .select("marketplace")
        .union(orders.filter(orders.purchase_date.between(since, as_of)).select("marketplace"))
        .distinct()
        .to_pyarrow()
        .column("marketplace")
        .to_pylist()
    )
    infos = []
    for code in sorted(codes):
        market = get_marketplace(code)
        infos.append(MarketplaceInfo(code, market.time_zone, market.currency))
    return tuple(infos)


def kpi_lines(db: Any, *, as_of: dt.date, marketplaces: Sequence[str]) -> tuple[KpiLine, ...]:
    # Only the two runs of days the comparisons read (last year's month, the recent weeks), not the year between.
    spans = [
        kpis_of(
            db,
            start=a,
            end=b,
            level="marketplace",
        )
        for a, b in comparison_spans(as_of)
    ]
    daily = ibis.memtable(spans[0].union(spans[1]).to_pyarrow())
    rows = compare_kpis(daily, as_of=as_of).to_pyarrow().to_pylist()
    wanted = set(marketplaces)
    lines = []
    for r in rows:
        if r["marketplace"] not in wanted or r["metric"] not in DAILY_METRICS:
            continue
        d = {k: _decimal(v) for k, v in r.items() if k not in ("marketplace", "currency", "metric", "unit")}
        lines.append(
            KpiLine(
                r["marketplace"],
                r["currency"],
                r["metric"],
                d["value"],
                previous_day=Comparison(d["value"], d["previous_day"], d["dod_change"]),
                same_weekday_last_week=Comparison(d["value"], d["week_ago"], d["wow_change"]),
                last_7_vs_previous_7=Comparison(d["l7"], d["p7"], d["l7_change"]),
                month_to_date=Comparison(d["mtd"], d["lmtd"], d["mtd_change"]),
                year_over_year=Comparison(d["value"], d["year_ago"], d["yoy_change"]),
            )
        )
    order = {m: i for i, m in enumerate(DAILY_METRICS)}
    return tuple(sorted(lines, key=lambda k: (k.marketplace, k.currency, order[k.metric])))


def trends(db: Any, *, as_of: dt.date, marketplaces: Sequence[str]) -> tuple[Trend, ...]:
    daily = kpis_of(
        db,
        start=as_of - dt.timedelta(days=TREND_DAYS - 1),
        end=as_of,
        level="marketplace",
    )
    points: dict[tuple[str, str], list[TrendPoint]] = defaultdict(list)
    for r in daily.to_pyarrow().to_pylist():
        if r["marketplace"] not in marketplaces:
            continue
        points[(r["marketplace"], r["currency"])].append(
            TrendPoint(
                r["date"],
                _decimal(r["ordered_sales"]) or Decimal(0),
                int(r["units"] or 0),
                int(r["sessions"] or 0),
                _decimal(r["ad_spend"]) or Decimal(0),
                _decimal(r["conversion"]),
            )
        )
    return tuple(
        Trend(market, currency, tuple(sorted(p, key=lambda x: x.date)))
        for (market, currency), p in sorted(points.items())
    )


def conversion_heatmap(db: Any, *, as_of: dt.date, marketplaces: Sequence[str]) -> tuple[HeatCell, ...]:
    """Conversion per SKU and day over the last two weeks, for the SKUs with the most sessions."""
    daily = kpis_of(
        db,
        start=as_of - dt.timedelta(days=HEATMAP_DAYS - 1),
        end=as_of,
        level="sku",
    )
    daily = daily.filter(daily.marketplace.isin(list(marketplaces)) & (daily.sku != ""))
    busiest = (
        daily.group_by(["marketplace", "sku"])
        .aggregate(sessions=daily.sessions.sum())
        .order_by([ibis.desc("sessions"), "marketplace", "sku"])
        .limit(HEATMAP_SKUS)
    )
    rows = (
        daily.join(busiest, ["marketplace", "sku"])
        .select("marketplace", "sku", "date", "conversion", "sessions_right")
        .to_pyarrow()
        .to_pylist()
    )
    rank: dict[tuple[str, str], int] = {}
    for r in sorted(rows, key=lambda r: (-(r["sessions_right"] or 0), r["marketplace"], r["sku"])):
        rank.setdefault((r["marketplace"], r["sku"]), len(rank))
    cells = [HeatCell(r["marketplace"], r["sku"], r["date"], _decimal(r["conversion"])) for r in rows]
    return tuple(sorted(cells, key=lambda c: (rank[(c.marketplace, c.sku)], c.date)))


def sku_titles(db: Any, *, as_of: dt.date) -> dict[tuple[str, str], str]:
    traffic = db.table("sales_traffic")
    recent = traffic.filter(
        (traffic.period_to >= as_of - dt.timedelta(days=30)) & traffic.title.notnull() & (traffic.sku != "")
    )
    rows = (
        recent.group_by(["marketplace", "sku"]).aggregate(title=recent.title.max()).to_pyarrow().to_pylist()
    )
    return {(r["marketplace"], r["sku"]): r["title"] for r in rows}


def movers(
    moves: Iterable[ExplainedMove], *, as_of: dt.date, titles: Mapping[tuple[str, str], str]
) -> tuple[Mover, ...]:
    """The moves still showing on `as_of`, strongest first."""
    showing = sorted(
        (m for m in moves if m.end_date >= as_of), key=lambda m: (-m.score, m.marketplace, m.sku or "")
    )
    out = []
    for m in showing[:TOP_MOVERS]:
        shares = m.shares
        out.append(
            Mover(
                m.marketplace,
                m.sku,
                titles.get((m.marketplace, m.sku or "")),
                m.metric,
                m.value,
                m.baseline,
                m.change,
                shares.sessions if shares else None,
                shares.conversion if shares else None,
                shares.price if shares else None,
                m.process_node,
                m.cause,
                explain_move(m),
                m.money_at_stake,
            )
        )
    return tuple(out)


def explain_move(move: ExplainedMove) -> Text:
    """One sentence with the move's numbers: how far it moved, since when, which factor carried it, and why."""
    days = (move.end_date - move.start_date).days + 1
    metric = move.metric.replace("_", " ")
    en = f"{metric} {move.change:+.0%} against its usual level for {days} days (since {move.start_date})"
    zh = f"{metric} 较常态 {move.change:+.0%},已持续 {days} 天(自 {move.start_date} 起)"
    if move.shares is not None:
        parts = {
            "sessions": move.shares.sessions,
            "conversion": move.shares.conversion,
            "price": move.shares.price,
        }
        lead = max(parts, key=lambda k: abs(parts[k]))
        zh_names = {"sessions": "流量", "conversion": "转化率", "price": "客单价"}
        en += f"; {lead} explains {parts[lead]:.0%} of it"
        zh += f";其中 {zh_names[lead]} 解释了 {parts[lead]:.0%}"
    action = CAUSE_ACTIONS.get(move.cause)
    if action is not None:
        en += ". " + action.en
        zh += "。" + action.zh
    return Text(en, zh)


def task_lines(tasks: Iterable[Task]) -> tuple[TaskLine, ...]:
    return tuple(
        TaskLine(
            t.task_id,
            t.priority,
            t.title,
            t.owner,
            t.due_at,
            t.status,
            t.rule,
            t.marketplace,
            t.sku,
            t.money_at_stake,
            t.acceptance,
            t.closed_at,
        )
        for t in tasks
    )


def health_lines(healths: Iterable[AccountHealth]) -> tuple[HealthLine, ...]:
    lines = []
    for health in healths:
        behind: dict[tuple[str, str], list[str]] = defaultdict(list)
        for order in health.breaching_orders:
            behind[(order.marketplace, order.metric)].append(order.order_id)
        for m in health.metrics:
            orders = tuple(behind[(m.marketplace, m.metric)]) if m.status == "breach" else ()
            lines.append(
                HealthLine(
                    m.marketplace,
                    m.metric,
                    m.window_days,
                    m.rate,
                    m.threshold,
                    m.comparison,
                    m.status,
                    m.numerator,
                    m.denominator,
                    orders,
                    m.fulfillment_type,
                )
            )
    return tuple(lines)


def build_daily_report(
    db: Any,
    *,
    as_of: dt.date,
    findings: Sequence[Finding],
    moves: Sequence[ExplainedMove],
    tasks: Sequence[Task],
    health: Sequence[AccountHealth],
    team_time_zone: str,
    now: dt.datetime,
) -> DailyReport:
    """The daily report of `as_of` from the warehouse (an Ibis backend) and what the day's checks found."""
    infos = marketplaces_in(db, as_of=as_of)
    codes = [i.marketplace for i in infos]
    return DailyReport(
        day=as_of,
        team_time_zone=team_time_zone,
        marketplaces=infos,
        kpis=kpi_lines(db, as_of=as_of, marketplaces=codes),
        trends=trends(db, as_of=as_of, marketplaces=codes),
        movers=movers(moves, as_of=as_of, titles=sku_titles(db, as_of=as_of)),
        findings=tuple(findings),
        tasks=task_lines(tasks),
        health=health_lines(health),
        conversion_heatmap=conversion_heatmap(db, as_of=as_of, marketplaces=codes),
        generated_at=now,
    )
