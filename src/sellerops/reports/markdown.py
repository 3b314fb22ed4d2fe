"""The Markdown report: a summary short enough for one chat-bot message (Feishu, DingTalk, WeCom, Slack)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sellerops.core.money import Money
from sellerops.core.text import Language
from sellerops.reports import labels
from sellerops.reports.daily import by_severity, sorted_tasks
from sellerops.reports.i18n import EMPTY, Localizer
from sellerops.reports.labels import label
from sellerops.reports.model import METRIC_KINDS, DailyReport, KpiLine, Report, TaskLine, WeeklyReport
from sellerops.reports.tables import Change, metric_cell, ratio
from sellerops.reports.weekly import by_risk

# WeCom's markdown message holds 4,096 bytes of UTF-8, the strictest of the four bots
# (see shared/formats/chat-bots.md); a margin is left for the wrapper a sender may add.
CHAT_LIMIT_BYTES = 4000
DEFAULT_TOP = 5
SUMMARY_METRICS = ("units", "sessions", "conversion", "ad_spend", "acos")
RISKY = ("out_of_stock", "high")


def _flat(text: str) -> str:
    """One line: a chat message's list item must not break."""
    return " ".join(text.split())


def _bold(text: str) -> str:
    return f"**{text}**"


def _more(words: Localizer, shown: int, total: int) -> list[str]:
    return [words("…and %(count)s more") % {"count": total - shown}] if total > shown else []


def _changed(words: Localizer, value: Decimal | None) -> str:
    return words.cell(None if value is None else Change(value))


def _figure(words: Localizer, line: KpiLine, value: Decimal | None) -> str:
    return words.cell(metric_cell(METRIC_KINDS.get(line.metric), value, line.currency))


def _kpi_lines(report: DailyReport, words: Localizer) -> list[str]:
    out = []
    by_market: dict[str, dict[str, KpiLine]] = {}
    for k in report.kpis:
        by_market.setdefault(k.marketplace, {})[k.metric] = k
    for marketplace, metrics in by_market.items():
        sales = metrics.get("ordered_sales")
        if sales is not None:
            changes = (
                (words("vs previous day"), sales.previous_day.change),
                (words("vs same weekday"), sales.same_weekday_last_week.change),
                (words("7 days vs 7 before"), sales.last_7_vs_previous_7.change),
                (words("vs last month"), sales.month_to_date.change),
                (words("vs last year"), sales.year_over_year.change),
            )
            detail = " · ".join(f"{name} {_changed(words, c)}" for name, c in changes)
            figure = _figure(words, sales, sales.value)
            name = words("Ordered sales")
            out.append(f"- **{marketplace}** {name} {figure} ({detail})")
        else:
            out.append(f"- **{marketplace}**")
        others = [
            f"{label(words, labels.METRICS, m)} {_figure(words, metrics[m], metrics[m].value)} "
            f"({_changed(words, metrics[m].same_weekday_last_week.change)})"
            for m in SUMMARY_METRICS
            if m in metrics
        ]
        if others:
            out.append("  " + " · ".join(others) + " " + words("(changes vs same weekday last week)"))
    return out


def _task_line(task: TaskLine, words: Localizer) -> str:
    owner = task.owner or words("unassigned")
    due = words("due %(moment)s") % {"moment": words.datetime(task.due_at)}
    return f"- {task.priority} {_flat(words.text(task.title))} · {owner} · {due}"


def daily_lines(report: DailyReport, words: Localizer, *, top: int) -> list[str]:
    lines = [
        "## " + words("Daily report · %(day)s") % {"day": words.date(report.day)},
        words("Team time zone: %(zone)s") % {"zone": report.team_time_zone},
        "",
        _bold(words("Key figures")),
        *_kpi_lines(report, words),
        "",
        _bold(words("Top movers")),
    ]
    currencies = {m.marketplace: m.currency for m in report.marketplaces}
    for number, m in enumerate(report.movers[:top], start=1):
        kind = METRIC_KINDS.get(m.metric)
        currency = currencies.get(m.marketplace, "")
        move = f"{words.cell(metric_cell(kind, m.baseline, currency))} → {words.cell(metric_cell(kind, m.value, currency))}"
        lines.append(
            f"{number}. {m.marketplace} · {m.sku or EMPTY} {label(words, labels.METRICS, m.metric)} "
            f"{words.change(m.change)} ({move}) · {label(words, labels.PROCESS_NODES, m.process_node)}: "
            f"{_flat(words.text(m.explanation))}"
        )
    lines += _more(words, min(top, len(report.movers)), len(report.movers))
    if not report.movers:
        lines.append(words("No significant moves."))

    findings = by_severity(report.findings)
    counts = " · ".join(
        f"{label(words, labels.SEVERITIES, s)} {sum(f.severity == s for f in findings)}"
        for s in labels.SEVERITIES
    )
    lines += ["", _bold(words("Findings")) + " " + counts]
    for f in findings[:top]:
        where = f"{f.marketplace} · {f.sku}" if f.sku else f.marketplace
        lines.append(
            f"- [{label(words, labels.SEVERITIES, f.severity)}] {where}: {_flat(words.text(f.title))} → "
            f"{_flat(words.text(f.suggested_action))}"
        )
    lines += _more(words, min(top, len(findings)), len(findings))

    tasks = sorted_tasks(report.tasks)
    lines += ["", _bold(words("To-do list")) + f" ({len(tasks)})"]
    lines += [_task_line(t, words) for t in tasks[:top]]
    lines += _more(words, min(top, len(tasks)), len(tasks))
    if not tasks:
        lines.append(words("Nothing to do."))

    lines += ["", _bold(words("Account health"))]
    flagged = [h for h in report.health if h.status in ("breach", "at_risk")]
    for h in flagged:
        limit = words("must stay below") if h.comparison == "<" else words("must stay above")
        window = words("%(count)s days") % {"count": h.window_days}
        if h.fulfillment:
            window = label(words, labels.FULFILMENT, h.fulfillment) + ", " + window
        lines.append(
            f"- {h.marketplace} {label(words, labels.METRICS, h.metric)} {words.cell(ratio(h.rate))} "
            f"({limit} {words.percent(h.threshold)}, {window}) · "
            f"{label(words, labels.HEALTH_STATUSES, h.status)}"
        )
    if not flagged:
        lines.append(words("All account-health rates are within their limits."))
    return lines


def weekly_lines(report: WeeklyReport, words: Localizer, *, top: int) -> list[str]:
    span = {"start": words.date(report.week_start), "end": words.date(report.week_end)}
    lines = [
        "## " + words("Weekly report · %(start)s – %(end)s") % span,
        words("Team time zone: %(zone)s") % {"zone": report.team_time_zone},
        "",
        _bold(words("Week over week")),
    ]
    by_market: dict[str, list[str]] = {}
    for k in report.kpis:
        kind = METRIC_KINDS.get(k.metric)
        shown = words.cell(metric_cell(kind, k.value, k.currency))
        by_market.setdefault(k.marketplace, []).append(
            f"{label(words, labels.METRICS, k.metric)} {shown} ({_changed(words, k.change)})"
        )
    lines += [f"- **{market}** " + " · ".join(parts) for market, parts in by_market.items()]

    lines += ["", _bold(words("Funnel"))]
    for f in report.funnel:
        stages = (
            (words("Sessions"), f.sessions),
            (words("Page views"), f.page_views),
            (words("Units"), f.units),
            (words("Orders"), f.orders),
        )
        steps = " → ".join(f"{name} {words.number(n)}" for name, n in stages)
        conversion = words("Conversion") + " " + words.cell(ratio(f.conversion))
        lines.append(f"- {f.marketplace}: {steps} · {conversion}")

    lines += ["", _bold(words("Advertising"))]
    for a in report.ads:
        parts = (
            (words("Ad spend"), words.money(Money(a.spend, a.currency))),
            (words("Ad sales"), words.money(Money(a.ad_sales, a.currency))),
            (words("ACoS"), words.cell(ratio(a.acos))),
            (words("ROAS"), EMPTY if a.roas is None else words.multiple(a.roas)),
            (words("TACoS"), words.cell(ratio(a.tacos))),
        )
        lines.append(f"- {a.marketplace}: " + " · ".join(f"{name} {value}" for name, value in parts))

    risky = [i for i in by_risk(report.inventory) if i.stockout_risk in RISKY]
    lines += ["", _bold(words("Stock-out risk")) + f" ({len(risky)})"]
    for i in risky[:top]:
        stock = (
            (words("Available"), words.number(i.available)),
            (words("Inbound"), words.number(i.inbound)),
            (
                words("Days of cover"),
                EMPTY if i.days_of_cover is None else words.number(i.days_of_cover, digits=1),
            ),
        )
        figures = " · ".join(f"{name} {value}" for name, value in stock)
        risk = label(words, labels.STOCKOUT_RISKS, i.stockout_risk)
        lines.append(f"- {i.marketplace} · {i.sku}: {figures} · {risk}")
    lines += _more(words, min(top, len(risky)), len(risky))

    open_tasks = sorted_tasks(report.tasks_open)
    done = _bold(words("Tasks done this week")) + f" {len(report.tasks_done)}"
    lines += ["", done + " · " + _bold(words("Open tasks")) + f" {len(open_tasks)}"]
    lines += [_task_line(t, words) for t in open_tasks[:top]]
    lines += _more(words, min(top, len(open_tasks)), len(open_tasks))
    return lines


def _fit(build: Callable[[int], list[str]], *, top: int, limit_bytes: int, words: Localizer) -> bytes:
    """The longest version that fits: fewer items per list first, then whole trailing lines cut."""
    for shown in range(top, -1, -1):
        message = ("\n".join(build(shown)) + "\n").encode("utf-8")
        if len(message) <= limit_bytes:
            return message
    ending = (words("…(cut to fit one message; see the full report)") + "\n").encode("utf-8")
    kept = b""
    for line in build(0):
        candidate = kept + line.encode("utf-8") + b"\n"
        if len(candidate) + len(ending) > limit_bytes:
            break
        kept = candidate
    return kept + ending


def render_markdown(
    report: Report, language: Language, *, limit_bytes: int = CHAT_LIMIT_BYTES, top: int = DEFAULT_TOP
) -> bytes:
    """The report's summary as UTF-8 Markdown of at most `limit_bytes`, listing at most `top` movers, findings
    and tasks (fewer when the message would not fit) and saying how many more there are."""
    words = Localizer(language, time_zone=report.team_time_zone)
    if isinstance(report, DailyReport):
        daily = report
        return _fit(lambda n: daily_lines(daily, words, top=n), top=top, limit_bytes=limit_bytes, words=words)
    weekly = report
    return _fit(lambda n: weekly_lines(weekly, words, top=n), top=top, limit_bytes=limit_bytes, words=words)
