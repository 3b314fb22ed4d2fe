"""Hand-built daily and weekly report data: two marketplaces (USD, EUR), a few SKUs, findings and tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.reports.model import (
    AdsSummary,
    CampaignLine,
    Comparison,
    DailyReport,
    FunnelLine,
    HealthLine,
    HeatCell,
    InventoryLine,
    KpiLine,
    MarketplaceInfo,
    Mover,
    TaskLine,
    Trend,
    TrendPoint,
    WeeklyReport,
    WeekOverWeek,
)
from sellerops.rules.findings import Evidence, Finding

DAY = dt.date(2026, 10, 31)
UTC = dt.UTC
MARKETPLACES = (
    MarketplaceInfo("amazon.US", "America/Los_Angeles", "USD"),
    MarketplaceInfo("amazon.DE", "Europe/Berlin", "EUR"),
)


def _trend(marketplace: str, currency: str, base_sales: int, base_sessions: int) -> Trend:
    points = []
    for offset in range(14):
        day = DAY - dt.timedelta(days=13 - offset)
        sessions = base_sessions + 10 * (offset % 7)
        units = sessions // 10
        points.append(
            TrendPoint(
                day, D(base_sales + 25 * offset), units, sessions, D(40 + offset), D(units) / D(sessions)
            )
        )
    return Trend(marketplace, currency, tuple(points))


def _finding(rule: str, severity: str, marketplace: str, sku: str | None, **fields: object) -> Finding:
    defaults: dict[str, object] = {
        "platform": "amazon", "value": None, "threshold": None, "baseline": None, "evidence": (),
        "money_at_stake": None, "as_of": DAY, "entity": sku or marketplace,
    }  # fmt: skip
    return Finding(rule=rule, severity=severity, marketplace=marketplace, sku=sku, **{**defaults, **fields})  # type: ignore[arg-type]


FINDINGS = (
    _finding(
        "ads.acos_band", "medium", "amazon.DE", "DE-LAMP-02", metric="acos", value=D("0.4210"),
        threshold=D("0.35"), baseline=D("0.2900"), process_node="traffic/ads",
        evidence=(Evidence("ad_spend", D("84.20"), D("61.00"), "EUR"), Evidence("acos", D("0.4210"), D("0.29"), "%")),
        money_at_stake=Money(D("23.20"), "EUR"),
        suggested_action=Text("Lower bids on the two broad-match keywords", "降低两个广泛匹配关键词的出价"),
        title=Text("ACoS 42.1% above the 35% band", "ACoS 42.1% 高于 35% 上限"),
    ),
    _finding(
        "health.late_shipment_rate", "critical", "amazon.US", None, metric="late_shipment_rate",
        value=D("0.0450"), threshold=D("0.04"), process_node="account-health",
        evidence=(Evidence("orders", 9, None, ""),), entity="amazon.US",
        suggested_action=Text("Confirm ship dates for open FBM orders today", "今天确认所有自发货订单的发货日期"),
        title=Text("Late shipment rate 4.5% over 4%", "迟发率 4.5% 超过 4%"),
    ),
    _finding(
        "inventory.stockout", "high", "amazon.US", "US-MUG-01", metric="units", value=D(0), baseline=D(31),
        process_node="inventory/fulfilment", evidence=(Evidence("days_of_cover", 0, 12, "days"),),
        money_at_stake=Money(D("1240.50"), "USD"),
        suggested_action=Text("Send the inbound shipment FBA15X out today", "今天发出在途货件 FBA15X"),
        title=Text("US-MUG-01 is out of stock", "US-MUG-01 已断货"),
    ),
    _finding(
        "conversion.below_category", "low", "amazon.US", "US-BOTTLE-03", metric="conversion",
        value=D("0.081"), threshold=D("0.12"), process_node="listing/content",
        suggested_action=Text("Review the main image and the first bullet", "检查主图和第一条卖点"),
        title=Text("Conversion below the category mean 7 days running", "转化率连续 7 天低于类目均值"),
    ),
)  # fmt: skip


def _task(
    number: int, priority: str, due: dt.datetime, status: str, finding: Finding, owner: str | None
) -> TaskLine:
    return TaskLine(
        id=f"T-{number:04d}", priority=priority, title=finding.title, owner=owner, due_at=due, status=status,
        rule=finding.rule, marketplace=finding.marketplace, sku=finding.sku, money_at_stake=finding.money_at_stake,
        acceptance=Text("The condition has cleared for 3 days", "该状况连续 3 天消失"),
    )  # fmt: skip


TASKS = (
    _task(12, "P2", dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC), "open", FINDINGS[2], "lin"),
    _task(11, "P1", dt.datetime(2026, 11, 1, 16, 0, tzinfo=UTC), "open", FINDINGS[1], "wang"),
    _task(13, "P3", dt.datetime(2026, 11, 3, 1, 0, tzinfo=UTC), "reopened", FINDINGS[0], None),
)

KPIS = (
    KpiLine(
        "amazon.US", "USD", "ordered_sales", D("5230.40"),
        previous_day=Comparison(D("5230.40"), D("5812.10"), D("-0.1001")),
        same_weekday_last_week=Comparison(D("5230.40"), D("5100.00"), D("0.0256")),
        last_7_vs_previous_7=Comparison(D("36800.00"), D("38000.00"), D("-0.0316")),
        month_to_date=Comparison(D("160200.00"), D("151000.00"), D("0.0609")),
        year_over_year=Comparison(D("5230.40"), D("4310.00"), D("0.2136")),
    ),
    KpiLine(
        "amazon.US", "USD", "units", D(212),
        previous_day=Comparison(D(212), D(240), D("-0.1167")),
        same_weekday_last_week=Comparison(D(212), D(205), D("0.0341")),
    ),
    KpiLine(
        "amazon.US", "USD", "conversion", D("0.1060"),
        previous_day=Comparison(D("0.1060"), D("0.1120"), D("-0.0536")),
        same_weekday_last_week=Comparison(D("0.1060"), D("0.1000"), D("0.06")),
    ),
    KpiLine(
        "amazon.DE", "EUR", "ordered_sales", D("1875.00"),
        previous_day=Comparison(D("1875.00"), D("1790.00"), D("0.0475")),
        same_weekday_last_week=Comparison(D("1875.00"), D("2010.00"), D("-0.0672")),
        last_7_vs_previous_7=Comparison(D("13020.00"), D("12990.00"), D("0.0023")),
        month_to_date=Comparison(D("55100.00"), D("57000.00"), D("-0.0333")),
        year_over_year=Comparison(None, None, None),  # DE opened this spring: no last year
    ),
    KpiLine(
        "amazon.DE", "EUR", "acos", D("0.2980"),
        previous_day=Comparison(D("0.2980"), D("0.2710"), D("0.0996")),
        same_weekday_last_week=Comparison(D("0.2980"), D("0.3050"), D("-0.0230")),
    ),
)  # fmt: skip

MOVERS = (
    Mover(
        "amazon.US", "US-MUG-01", "Ceramic mug 350 ml", "ordered_sales", D("310.00"), D("920.00"), D("-0.6630"),
        D("0.10"), D("0.85"), D("0.05"), "inventory/fulfilment", "out_of_stock",
        Text("Sellable stock hit 0 at 14:00; conversion fell from 12% to 2%", "可售库存 14:00 归零,转化率由 12% 降至 2%"),
        Money(D("610.00"), "USD"),
    ),
    Mover(
        "amazon.DE", "DE-LAMP-02", "Desk lamp LED", "ordered_sales", D("402.00"), D("298.00"), D("0.3490"),
        D("0.70"), D("0.20"), None, "traffic/ads", "ad_traffic_rise",
        Text("Sessions +38% after the budget rose from €40 to €80", "预算由 €40 提到 €80 后访客数 +38%"),
        None,
    ),
)  # fmt: skip

HEALTH = (
    HealthLine("amazon.US", "order_defect_rate", 60, D("0.0040"), D("0.01"), "<", "ok", 4, 1000),
    HealthLine(
        "amazon.US", "late_shipment_rate", 10, D("0.0450"), D("0.04"), "<", "breach", 9, 200,
        ("113-0000001-0000001", "113-0000002-0000002"), "mfn",
    ),
    HealthLine("amazon.DE", "valid_tracking_rate", 30, None, D("0.95"), ">", "no_data", 0, 0),
)  # fmt: skip

HEATMAP = tuple(
    HeatCell(marketplace, sku, DAY - dt.timedelta(days=back), conversion)
    for marketplace, sku, rates in (
        ("amazon.US", "US-MUG-01", (D("0.12"), D("0.11"), D("0.02"))),
        ("amazon.US", "US-BOTTLE-03", (D("0.08"), None, D("0.081"))),
        ("amazon.DE", "DE-LAMP-02", (D("0.09"), D("0.10"), D("0.095"))),
    )
    for back, conversion in zip((2, 1, 0), rates, strict=True)
)

GENERATED_AT = dt.datetime(2026, 11, 1, 0, 30, tzinfo=UTC)


def daily_sample() -> DailyReport:
    return DailyReport(
        day=DAY,
        team_time_zone="Asia/Shanghai",
        marketplaces=MARKETPLACES,
        kpis=KPIS,
        trends=(_trend("amazon.US", "USD", 5000, 1900), _trend("amazon.DE", "EUR", 1700, 700)),
        movers=MOVERS,
        findings=FINDINGS,
        tasks=TASKS,
        health=HEALTH,
        conversion_heatmap=HEATMAP,
        generated_at=GENERATED_AT,
    )


def weekly_sample() -> WeeklyReport:
    done = TaskLine(
        id="T-0009", priority="P2", title=Text("Refill US-BOTTLE-03", "补货 US-BOTTLE-03"), owner="lin",
        due_at=dt.datetime(2026, 10, 28, 1, 0, tzinfo=UTC), status="done", rule="inventory.low_stock",
        marketplace="amazon.US", sku="US-BOTTLE-03", money_at_stake=Money(D("420.00"), "USD"),
        acceptance=Text("Inbound shipment received", "货件已入库"), closed_at=dt.datetime(2026, 10, 29, 8, 15, tzinfo=UTC),
    )  # fmt: skip
    return WeeklyReport(
        week_start=dt.date(2026, 10, 26),
        week_end=dt.date(2026, 11, 1),
        team_time_zone="Asia/Shanghai",
        marketplaces=MARKETPLACES,
        kpis=(
            WeekOverWeek("amazon.US", "USD", "ordered_sales", D("36800.00"), D("38000.00"), D("-0.0316")),
            WeekOverWeek("amazon.US", "USD", "units", D(1490), D(1522), D("-0.0210")),
            WeekOverWeek("amazon.DE", "EUR", "ordered_sales", D("13020.00"), D("12990.00"), D("0.0023")),
            WeekOverWeek("amazon.DE", "EUR", "tacos", D("0.0810"), None, None),
        ),
        funnel=(
            FunnelLine("amazon.US", 14000, 21500, 1490, 1402),
            FunnelLine("amazon.DE", 5200, 7900, 530, 512),
        ),
        ads=(
            AdsSummary(
                "amazon.US",
                "USD",
                D("2400.00"),
                D("9600.00"),
                D("36800.00"),
                (
                    CampaignLine("SP mugs exact", D("800.00"), D("4000.00"), 950, 160),
                    CampaignLine("SP auto", D("600.00"), D("1200.00"), 1100, 48),
                ),
            ),
            AdsSummary("amazon.DE", "EUR", D("1054.62"), D("3540.00"), D("13020.00"), ()),
        ),
        inventory=(
            InventoryLine("amazon.US", "US-BOTTLE-03", "Steel bottle 750 ml", 140, 0, D("9.3"), "medium"),
            InventoryLine("amazon.US", "US-MUG-01", "Ceramic mug 350 ml", 0, 600, D(0), "out_of_stock"),
            InventoryLine("amazon.DE", "DE-LAMP-02", "Desk lamp LED", 45, 0, D("4.5"), "high"),
            InventoryLine("amazon.DE", "DE-SHELF-09", "Wall shelf", 80, 0, None, "low"),
        ),
        tasks_done=(done,),
        tasks_open=TASKS,
        generated_at=dt.datetime(2026, 11, 2, 0, 30, tzinfo=UTC),
    )
