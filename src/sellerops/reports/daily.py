"""The daily report's sections as tables, in the order the morning check reads them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.core.money import Money
from sellerops.reports import labels
from sellerops.reports.i18n import Localizer
from sellerops.reports.labels import label
from sellerops.reports.model import METRIC_KINDS, Comparison, DailyReport, HealthLine, KpiLine, TaskLine
from sellerops.reports.tables import Row, Table, change, metric_cell, ratio
from sellerops.rules.findings import SEVERITIES, Evidence, Figure, Finding

BREACH_ORDERS_SHOWN = 20  # the XLSX cell stays readable; the full list lives in the warehouse


def kpi_table(report: DailyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("Metric"), words("On the day"),
        words("Previous day"), words("vs previous day"),
        words("Same weekday last week"), words("vs same weekday"),
        words("Last 7 days"), words("Previous 7 days"), words("7 days vs 7 before"),
        words("Month to date"), words("Same days last month"), words("vs last month"),
        words("Same day last year"), words("vs last year"),
    )  # fmt: skip
    return Table("kpis", words("Key figures"), headers, tuple(_kpi_row(k, words) for k in report.kpis))


def _kpi_row(line: KpiLine, words: Localizer) -> Row:
    kind = METRIC_KINDS.get(line.metric)

    def baseline_and_change(comparison: Comparison) -> Row:
        return (metric_cell(kind, comparison.baseline, line.currency), change(comparison.change))

    week = line.last_7_vs_previous_7
    month = line.month_to_date
    return (
        line.marketplace,
        label(words, labels.METRICS, line.metric),
        metric_cell(kind, line.value, line.currency),
        *baseline_and_change(line.previous_day),
        *baseline_and_change(line.same_weekday_last_week),
        metric_cell(kind, week.current, line.currency),
        *baseline_and_change(week),
        metric_cell(kind, month.current, line.currency),
        *baseline_and_change(month),
        *baseline_and_change(line.year_over_year),
    )


def movers_table(report: DailyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("SKU"), words("Title"), words("Metric"), words("On the day"), words("Baseline"),
        words("Change"), words("Share from sessions"), words("Share from conversion"), words("Share from price"),
        words("Process node"), words("Cause"), words("Explanation"), words("Money at stake"),
    )  # fmt: skip
    currency = _currencies(report)
    rows = []
    for m in report.movers:
        kind = METRIC_KINDS.get(m.metric)
        rows.append((
            m.marketplace, m.sku, m.title, label(words, labels.METRICS, m.metric),
            metric_cell(kind, m.value, currency.get(m.marketplace, "")),
            metric_cell(kind, m.baseline, currency.get(m.marketplace, "")),
            change(m.change), ratio(m.sessions_share), ratio(m.conversion_share), ratio(m.price_share),
            label(words, labels.PROCESS_NODES, m.process_node), label(words, labels.CAUSES, m.cause),
            words.text(m.explanation),
            m.money_at_stake,
        ))  # fmt: skip
    return Table("movers", words("Top movers"), headers, tuple(rows))


def by_severity(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Most urgent first; within a severity the order the rules gave."""
    return tuple(sorted(findings, key=lambda f: SEVERITIES.index(f.severity)))


def findings_table(report: DailyReport, words: Localizer) -> Table:
    headers = (
        words("Severity"), words("Marketplace"), words("SKU"), words("Finding"), words("Metric"), words("Value"),
        words("Threshold"), words("Baseline"), words("Process node"), words("Money at stake"),
        words("Suggested action"), words("Evidence"),
    )  # fmt: skip
    currency = _currencies(report)
    rows = []
    findings = by_severity(report.findings)
    for f in findings:
        kind = METRIC_KINDS.get(f.metric)
        cur = f.money_at_stake.currency if f.money_at_stake else currency.get(f.marketplace, "")
        rows.append((
            label(words, labels.SEVERITIES, f.severity), f.marketplace, f.sku, words.text(f.title),
            label(words, labels.METRICS, f.metric), metric_cell(kind, f.value, cur),
            metric_cell(kind, f.threshold, cur), metric_cell(kind, f.baseline, cur),
            label(words, labels.PROCESS_NODES, f.process_node), f.money_at_stake,
            words.text(f.suggested_action), "; ".join(_evidence(e, words) for e in f.evidence) or None,
        ))  # fmt: skip
    tags = tuple(f.severity for f in findings)
    return Table("findings", words("Findings by severity"), headers, tuple(rows), tags)


def _evidence(evidence: Evidence, words: Localizer) -> str:
    def shown(value: Figure) -> str:
        if evidence.unit == "%" and isinstance(value, int | Decimal):
            return words.percent(Decimal(value))
        if _is_currency(evidence.unit) and isinstance(value, int | Decimal):
            return words.money(Money(Decimal(value), evidence.unit))
        text = words.cell(value)
        if evidence.unit in ("", "%") or value is None:
            return text
        if evidence.unit == "days":
            return words("%(count)s days") % {"count": text}
        if evidence.unit == "hours":
            return words("%(count)s hours") % {"count": text}
        return f"{text} {evidence.unit}"

    name = label(words, labels.METRICS, evidence.name)
    if evidence.baseline is None:
        return f"{name} {shown(evidence.value)}"
    baseline = words("baseline %(value)s") % {"value": shown(evidence.baseline)}
    return f"{name} {shown(evidence.value)} ({baseline})"


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


def sorted_tasks(tasks: tuple[TaskLine, ...]) -> tuple[TaskLine, ...]:
    return tuple(sorted(tasks, key=lambda t: (t.priority, t.due_at, t.id)))


def tasks_table(tasks: tuple[TaskLine, ...], words: Localizer, *, key: str, title: str) -> Table:
    zone = words.zone.key
    headers = (
        words("ID"), words("Priority"), words("Task"), words("Owner"), words("Due (%(zone)s)") % {"zone": zone},
        words("Status"), words("Rule"), words("Marketplace"), words("SKU"), words("Money at stake"),
        words("Acceptance"), words("Closed (%(zone)s)") % {"zone": zone},
    )  # fmt: skip
    ordered = sorted_tasks(tasks)
    rows = tuple(
        (
            t.id, t.priority, words.text(t.title), t.owner, t.due_at,
            label(words, labels.TASK_STATUSES, t.status), t.rule, t.marketplace, t.sku, t.money_at_stake,
            words.text(t.acceptance), t.closed_at,
        )
        for t in ordered
    )  # fmt: skip
    return Table(key, title, headers, rows, tuple(t.status for t in ordered))


def health_table(report: DailyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("Metric"), words("Fulfilment"), words("Window (days)"), words("Rate"), words("Limit"),
        words("Threshold"), words("Status"), words("Count"), words("Orders"), words("Orders behind the breach"),
    )  # fmt: skip
    rows = tuple(_health_row(h, words) for h in report.health)
    return Table("health", words("Account health"), headers, rows, tuple(h.status for h in report.health))


def _health_row(line: HealthLine, words: Localizer) -> Row:
    limit = words("must stay below") if line.comparison == "<" else words("must stay above")
    orders = ", ".join(line.breach_orders[:BREACH_ORDERS_SHOWN])
    if len(line.breach_orders) > BREACH_ORDERS_SHOWN:
        orders += " " + words("…and %(count)s more") % {
            "count": len(line.breach_orders) - BREACH_ORDERS_SHOWN
        }
    return (
        line.marketplace, label(words, labels.METRICS, line.metric),
        label(words, labels.FULFILMENT, line.fulfillment) if line.fulfillment else None,
        line.window_days, ratio(line.rate), limit,
        ratio(line.threshold), label(words, labels.HEALTH_STATUSES, line.status), line.numerator,
        line.denominator, orders or None,
    )  # fmt: skip


def trends_table(report: DailyReport, words: Localizer) -> Table:
    headers = (
        words("Marketplace"), words("Date"), words("Ordered sales"), words("Units"), words("Sessions"),
        words("Ad spend"), words("Conversion"),
    )  # fmt: skip
    rows = tuple(
        (t.marketplace, p.date, Money(p.ordered_sales, t.currency), p.units, p.sessions,
         Money(p.ad_spend, t.currency), ratio(p.conversion))
        for t in report.trends
        for p in t.points
    )  # fmt: skip
    return Table("trends", words("Trends"), headers, rows)


def heatmap_table(report: DailyReport, words: Localizer) -> Table:
    """SKUs down, days across: the same grid as the heatmap chart."""
    days = sorted({c.date for c in report.conversion_heatmap})
    grid: dict[tuple[str, str], dict[dt.date, Decimal | None]] = {}
    for c in report.conversion_heatmap:
        grid.setdefault((c.marketplace, c.sku), {})[c.date] = c.conversion
    headers = (words("Marketplace"), words("SKU"), *(d.isoformat() for d in days))
    rows = tuple(
        (marketplace, sku, *(ratio(cells.get(d)) for d in days)) for (marketplace, sku), cells in grid.items()
    )
    return Table("conversion", words("Conversion by SKU and day"), headers, rows)


def daily_tables(report: DailyReport, words: Localizer) -> tuple[Table, ...]:
    return (
        kpi_table(report, words),
        movers_table(report, words),
        findings_table(report, words),
        tasks_table(report.tasks, words, key="tasks", title=words("To-do list")),
        health_table(report, words),
        trends_table(report, words),
        heatmap_table(report, words),
    )


def _currencies(report: DailyReport) -> dict[str, str]:
    return {m.marketplace: m.currency for m in report.marketplaces}
