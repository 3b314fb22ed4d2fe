"""The XLSX report: one formatted sheet per section, every figure a real number with a number format."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal
from typing import Any

import xlsxwriter
from babel.numbers import get_currency_precision

from sellerops.core.money import Money
from sellerops.core.text import Language
from sellerops.reports.daily import daily_tables
from sellerops.reports.i18n import Localizer
from sellerops.reports.model import DailyReport, Report
from sellerops.reports.tables import Cell, Change, Multiple, Ratio, Table
from sellerops.reports.weekly import weekly_tables

PERCENT = "0.0%"
CHANGE = "+0.0%;-0.0%;0.0%"
MULTIPLE = '0.00"×"'
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def money_format(currency: str) -> str:
    """'#,##0.00 "USD"': the amount with its currency code, in the currency's own number of decimals."""
    digits = get_currency_precision(currency)
    return "#,##0" + ("." + "0" * digits if digits else "") + f' "{currency}"'


class _Formats:
    """xlsxwriter wants one Format object per distinct format; made once per workbook, on first use."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._made: dict[str, Any] = {}
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = workbook.add_format({"valign": "top"})

    def number(self, pattern: str) -> Any:
        if pattern not in self._made:
            self._made[pattern] = self._workbook.add_format({"num_format": pattern, "valign": "top"})
        return self._made[pattern]


def _write(sheet: Any, row: int, col: int, value: Cell, formats: _Formats, words: Localizer) -> None:
    match value:
        case None:
            sheet.write_blank(row, col, None, formats.text)
        case Money():
            sheet.write_number(row, col, float(value.amount), formats.number(money_format(value.currency)))
        case Ratio():
            sheet.write_number(row, col, float(value.value), formats.number(PERCENT))
        case Change():
            sheet.write_number(row, col, float(value.value), formats.number(CHANGE))
        case Multiple():
            sheet.write_number(row, col, float(value.value), formats.number(MULTIPLE))
        case bool():
            raise TypeError("a report cell cannot be a bool")
        case int():
            sheet.write_number(row, col, value, formats.number(INTEGER))
        case Decimal():
            sheet.write_number(row, col, float(value), formats.number(DECIMAL))
        case dt.datetime():
            # Excel has no time zones: the cell holds the team's wall-clock time, named in the header.
            local = value.astimezone(words.zone).replace(tzinfo=None)
            sheet.write_datetime(row, col, local, formats.number(DATETIME))
        case dt.date():
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats.number(DATE))
        case str():
            sheet.write_string(row, col, value, formats.text)


def _display_width(text: str) -> int:
    """Columns a string takes on screen: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def sheet_name(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = SHEET_NAME_FORBIDDEN.sub("-", title)[:31]
    candidate, number = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def _add_sheet(workbook: Any, table: Table, formats: _Formats, words: Localizer, taken: set[str]) -> None:
    sheet = workbook.add_worksheet(sheet_name(table.title, taken))
    widths = [_display_width(h) for h in table.headers]
    for col, header in enumerate(table.headers):
        sheet.write_string(0, col, header, formats.header)
    for r, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            _write(sheet, r, col, value, formats, words)
            widths[col] = max(widths[col], _display_width(words.cell(value)))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes(1, 0)
    if table.rows:
        sheet.autofilter(0, 0, len(table.rows), len(table.headers) - 1)
    if table.key == "conversion" and table.rows and len(table.headers) > 2:
        sheet.conditional_format(
            1, 2, len(table.rows), len(table.headers) - 1,
            {"type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B"},
        )  # fmt: skip


def about_table(report: Report, words: Localizer) -> Table:
    """The first sheet: which report this is, for which day, on which clock."""
    if isinstance(report, DailyReport):
        rows: list[tuple[Cell, ...]] = [(words("Report"), words("Daily report")), (words("Day"), report.day)]
    else:
        rows = [
            (words("Report"), words("Weekly report")),
            (words("Week start"), report.week_start),
            (words("Week end"), report.week_end),
        ]
    rows.append((words("Team time zone"), report.team_time_zone))
    rows += [
        (words("Marketplace"), f"{m.marketplace} ({m.currency}, {m.time_zone})") for m in report.marketplaces
    ]
    rows.append((words("Generated (%(zone)s)") % {"zone": report.team_time_zone}, report.generated_at))
    return Table("about", words("About"), (words("Item"), words("Value")), tuple(rows))


def render_xlsx(report: Report, language: Language) -> bytes:
    """The report as an XLSX workbook: an About sheet, then one sheet per section in the report's order."""
    words = Localizer(language, time_zone=report.team_time_zone)
    tables = daily_tables(report, words) if isinstance(report, DailyReport) else weekly_tables(report, words)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    # A fixed creation time keeps the file identical for identical data.
    workbook.set_properties({"created": report.generated_at.replace(tzinfo=None)})
    formats = _Formats(workbook)
    taken: set[str] = set()
    for table in (about_table(report, words), *tables):
        _add_sheet(workbook, table, formats, words, taken)
    workbook.close()
    return buffer.getvalue()
