"""The HTML report: one self-contained page (styles, plotly.js and data inside) that opens offline."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import plotly.io as pio
from plotly.offline import get_plotlyjs

from sellerops.core.money import Money
from sellerops.core.text import Language
from sellerops.reports import charts, labels
from sellerops.reports.daily import daily_tables
from sellerops.reports.i18n import Localizer, translations
from sellerops.reports.model import DailyReport, Report, WeeklyReport
from sellerops.reports.tables import Cell, Change, Multiple, Ratio, Table
from sellerops.reports.weekly import weekly_tables

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML_LANG: dict[Language, str] = {"en": "en", "zh": "zh-CN"}
NUMERIC = (int, Decimal, Money, Ratio, Change, Multiple)
LONG_TEXT = 24  # characters; longer text cells may wrap


@dataclass(frozen=True)
class HtmlCell:
    text: str
    numeric: bool

    @property
    def css(self) -> str:
        """Figures align right; short words stay on one line (a SKU must not break at its hyphens)."""
        return "num" if self.numeric else ("long" if len(self.text) > LONG_TEXT else "")


@dataclass(frozen=True)
class HtmlRow:
    cells: tuple[HtmlCell, ...]
    tag: str


@dataclass(frozen=True)
class HtmlTable:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[HtmlRow, ...]


@dataclass(frozen=True)
class Chart:
    key: str
    html: str  # empty when there is nothing to draw
    note: str = ""


@functools.cache
def _environment(language: Language) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return environment


def _html_table(table: Table, words: Localizer) -> HtmlTable:
    tags = table.row_tags or ("",) * len(table.rows)
    rows = tuple(
        HtmlRow(tuple(HtmlCell(words.cell(c), _is_numeric(c)) for c in row), tag)
        for row, tag in zip(table.rows, tags, strict=True)
    )
    return HtmlTable(table.key, table.title, table.headers, rows)


def _is_numeric(cell: Cell) -> bool:
    return isinstance(cell, NUMERIC) and not isinstance(cell, bool)


def _chart(key: str, figure: Any, has_data: bool, note: str = "") -> Chart:
    if not has_data:
        return Chart(key, "")
    html = pio.to_html(
        figure,
        include_plotlyjs=False,  # the page carries plotly.js once, in its head
        full_html=False,
        div_id=f"chart-{key}",
        default_height=f"{figure.layout.height}px",
        config={"displaylogo": False, "responsive": True},
    )
    return Chart(key, html, note)


def _page(report: Report, words: Localizer, language: Language, **context: Any) -> bytes:
    template = _environment(language).get_template(
        "daily.html.j2" if isinstance(report, DailyReport) else "weekly.html.j2"
    )
    page = template.render(
        html_lang=HTML_LANG[language],
        plotly_js=get_plotlyjs(),
        generated=words.datetime(report.generated_at),
        **context,
    )
    return page.encode("utf-8")


def _meta(report: Report, words: Localizer) -> list[str]:
    markets = ", ".join(f"{m.marketplace} ({m.currency}, {m.time_zone})" for m in report.marketplaces)
    return [
        words("Team time zone: %(zone)s") % {"zone": report.team_time_zone},
        words("Marketplaces: %(markets)s") % {"markets": markets},
    ]


def _cards(report: DailyReport, words: Localizer) -> list[dict[str, Any]]:
    """The day's sales per marketplace, with the two changes a reader checks first."""
    cards = []
    for line in report.kpis:
        if line.metric != "ordered_sales" or line.value is None:
            continue
        changes = (
            (words("vs previous day"), line.previous_day.change),
            (words("vs same weekday"), line.same_weekday_last_week.change),
        )
        sales = words("Ordered sales")
        cards.append({
            "name": f"{line.marketplace} · {sales}",
            "value": words.money(Money(line.value, line.currency)),
            "lines": [f"{name} {words.cell(None if c is None else Change(c))}" for name, c in changes],
        })  # fmt: skip
    return cards


def _severity_counts(report: DailyReport, words: Localizer) -> str:
    counts = {key: sum(f.severity == key for f in report.findings) for key in labels.SEVERITIES}
    return " · ".join(f"{labels.label(words, labels.SEVERITIES, key)} {n}" for key, n in counts.items())


def _shown(words: Localizer, limit: int, total: int) -> str:
    if total <= limit:
        return ""
    return words("The chart shows the first %(shown)s of %(total)s; the XLSX report has them all.") % {
        "shown": limit,
        "total": total,
    }


def _daily(report: DailyReport, language: Language) -> bytes:
    words = Localizer(language, time_zone=report.team_time_zone)
    tables = {t.key: _html_table(t, words) for t in daily_tables(report, words)}
    chart_set = {
        "trends": _chart("trends", charts.trend_figure(report.trends, words), bool(report.trends)),
        "movers": _chart(
            "movers",
            charts.movers_figure(report.movers, words),
            bool(report.movers),
            _shown(words, charts.MOVERS_SHOWN, len(report.movers)),
        ),
        "conversion": _chart(
            "conversion",
            charts.heatmap_figure(report.conversion_heatmap, words),
            bool(report.conversion_heatmap),
            _shown(words, charts.HEATMAP_ROWS_SHOWN, len(charts.heatmap_rows(report.conversion_heatmap))),
        ),
    }
    contents = [(k, tables[k].title) for k in ("kpis", "movers", "findings", "tasks", "health", "conversion")]
    return _page(
        report,
        words,
        language,
        title=words("Daily report · %(day)s") % {"day": words.date(report.day)},
        meta=_meta(report, words),
        contents=[("trends", words("Trends")), *contents],
        tables=tables,
        charts=chart_set,
        cards=_cards(report, words),
        severity_counts=_severity_counts(report, words),
    )


def _weekly(report: WeeklyReport, language: Language) -> bytes:
    words = Localizer(language, time_zone=report.team_time_zone)
    tables = {t.key: _html_table(t, words) for t in weekly_tables(report, words)}
    chart_set = {
        "funnel": _chart("funnel", charts.funnel_figure(report.funnel, words), bool(report.funnel)),
        "ads": _chart("ads", charts.ads_figure(report.ads, words), bool(report.ads)),
    }
    span = {"start": words.date(report.week_start), "end": words.date(report.week_end)}
    keys = ("kpis", "funnel", "ads", "inventory", "tasks_done", "tasks_open")
    return _page(
        report,
        words,
        language,
        title=words("Weekly report · %(start)s – %(end)s") % span,
        meta=_meta(report, words),
        contents=[(k, tables[k].title) for k in keys],
        tables=tables,
        charts=chart_set,
    )


def render_html(report: Report, language: Language) -> bytes:
    """The report as one UTF-8 HTML page that needs no network: CSS and plotly.js are inlined."""
    if isinstance(report, DailyReport):
        return _daily(report, language)
    return _weekly(report, language)
