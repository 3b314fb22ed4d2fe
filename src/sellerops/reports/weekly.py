"""The weekly report's sections as tables: week over week, funnel, ads, inventory and the week's tasks."""

from __future__ import annotations

from sellerops.core.money import Money
from sellerops.reports import labels
from sellerops.reports.daily import tasks_table
from sellerops.reports.i18n import Localizer
from sellerops.reports.labels import label
from sellerops.reports.model import METRIC_KINDS, InventoryLine, WeeklyReport
from sellerops.reports.tables import Multiple, Table, change, metric_cell, ratio

RISK_ORDER = ("out_of_stock", "high", "medium", "low")


def kpi_table(report: WeeklyReport, words: Localizer) -> Table:
    headers = (words("Marketplace"), words("Metric"), words("This week"), words("Last week"), words("Change"))
    rows = tuple(
        (
            k.marketplace,
            label(words, labels.METRICS, k.metric),
            metric_cell(METRIC_KINDS.get(k.metric), k.value, k.currency),
            metric_cell(METRIC_KINDS.get(k.metric), k.previous, k.currency),
            change(k.change),
        )
        for k in report.kpis
    )
    return Table("kpis", words("Week over week"), headers, rows)


def funnel_table(report: WeeklyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("Sessions"), words("Page views"), words("Units"), words("Orders"),
        words("Conversion"), words("Orders per session"),
    )  # fmt: skip
    rows = tuple(
        (f.marketplace, f.sessions, f.page_views, f.units, f.orders, ratio(f.conversion), ratio(f.order_rate))
        for f in report.funnel
    )
    return Table("funnel", words("Funnel"), headers, rows)


def ads_table(report: WeeklyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("Ad spend"), words("Ad sales"), words("Total sales"), words("ACoS"),
        words("ROAS"), words("TACoS"),
    )  # fmt: skip
    rows = tuple(
        (
            a.marketplace, Money(a.spend, a.currency), Money(a.ad_sales, a.currency),
            Money(a.total_sales, a.currency), ratio(a.acos), None if a.roas is None else Multiple(a.roas),
            ratio(a.tacos),
        )
        for a in report.ads
    )  # fmt: skip
    return Table("ads", words("Advertising"), headers, rows)


def campaigns_table(report: WeeklyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("Campaign"), words("Ad spend"), words("Ad sales"), words("Clicks"),
        words("Orders"), words("ACoS"), words("ROAS"),
    )  # fmt: skip
    rows = tuple(
        (
            a.marketplace, c.name, Money(c.spend, a.currency), Money(c.sales, a.currency), c.clicks, c.orders,
            ratio(c.acos), None if c.roas is None else Multiple(c.roas),
        )
        for a in report.ads
        for c in a.top_campaigns
    )  # fmt: skip
    return Table("campaigns", words("Top campaigns"), headers, rows)


def by_risk(lines: tuple[InventoryLine, ...]) -> tuple[InventoryLine, ...]:
    """Stocked out first, then by fewest days of cover (unknown cover last)."""

    def urgency(line: InventoryLine) -> tuple[int, bool, object]:
        cover = line.days_of_cover
        return (RISK_ORDER.index(line.stockout_risk), cover is None, cover or 0)

    return tuple(sorted(lines, key=urgency))


def inventory_table(report: WeeklyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("SKU"), words("Title"), words("Available"), words("Inbound"),
        words("Days of cover"), words("Stock-out risk"),
    )  # fmt: skip
    lines = by_risk(report.inventory)
    rows = tuple(
        (
            i.marketplace, i.sku, i.title, i.available, i.inbound, i.days_of_cover,
            label(words, labels.STOCKOUT_RISKS, i.stockout_risk),
        )
        for i in lines
    )  # fmt: skip
    return Table(
        "inventory", words("Inventory position"), headers, rows, tuple(i.stockout_risk for i in lines)
    )


def weekly_tables(report: WeeklyReport, words: Localizer) -> tuple[Table, ...]:
    return (
        kpi_table(report, words),
        funnel_table(report, words),
        ads_table(report, words),
        campaigns_table(report, words),
        inventory_table(report, words),
        tasks_table(report.tasks_done, words, key="tasks_done", title=words("Tasks done this week")),
        tasks_table(report.tasks_open, words, key="tasks_open", title=words("Open tasks")),
    )
